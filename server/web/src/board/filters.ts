// Board filters, read from and written to the URL (?priority=&phase=&agent=&q=): AND across kinds.
import type { Card } from '../api/types';

export interface BoardFilters {
  priority: string;
  phase: string;
  agent: string;
  q: string;
}

export const FILTER_KEYS = ['priority', 'phase', 'agent', 'q'] as const;

export function filtersOf(params: URLSearchParams): BoardFilters {
  return {
    priority: params.get('priority') ?? '',
    phase: params.get('phase') ?? '',
    agent: params.get('agent') ?? '',
    q: params.get('q') ?? '',
  };
}

export function isFiltering(f: BoardFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== '');
}

export function matches(card: Card, f: BoardFilters): boolean {
  if (f.priority && card.priority !== f.priority) return false;
  if (f.phase && card.phase_id !== f.phase) return false;
  if (f.agent && !card.agent_ids.includes(f.agent)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!card.title.toLowerCase().includes(q) && !card.key.toLowerCase().includes(q)) return false;
  }
  return true;
}
