// How records read on the page.
export const PRIORITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;

/** PHASE_IMPLEMENTATION -> Implementation */
export function phaseName(phase: string): string {
  const words = phase.replace(/^PHASE_/, '').toLowerCase().split('_');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function priorityName(p: string): string {
  return p.charAt(0) + p.slice(1).toLowerCase();
}

/** A short id for an agent chip: the first block of a UUID. */
export function shortId(id: string): string {
  return id.split('-')[0].slice(0, 8);
}
