// The URL is the state of every view: path for the page (/board/DEMO, /graph/DEMO,
// /tickets/DEMO-1), query for its options (filters, selected ticket, zoom). Reload keeps it.
import { useSyncExternalStore } from 'react';

export type Page =
  | { name: 'home' }
  | { name: 'board'; project: string }
  | { name: 'graph'; project: string }
  | { name: 'ticket'; key: string }
  | { name: 'missing'; path: string };

export function parsePage(pathname: string): Page {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 2 && parts[0] === 'board') return { name: 'board', project: parts[1] };
  if (parts.length === 2 && parts[0] === 'graph') return { name: 'graph', project: parts[1] };
  if (parts.length === 2 && parts[0] === 'tickets') return { name: 'ticket', key: parts[1] };
  return { name: 'missing', path: pathname };
}

export function pagePath(page: Page): string {
  switch (page.name) {
    case 'home': return '/';
    case 'board': return `/board/${encodeURIComponent(page.project)}`;
    case 'graph': return `/graph/${encodeURIComponent(page.project)}`;
    case 'ticket': return `/tickets/${encodeURIComponent(page.key)}`;
    case 'missing': return page.path;
  }
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return location.pathname + location.search;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): { page: Page; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, location.origin);
  return { page: parsePage(url.pathname), params: url.searchParams };
}

export function navigate(path: string, { replace = false } = {}): void {
  if (path === snapshot()) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

/** Sets (or, with null/'', removes) query parameters of the current page. */
export function setParams(changes: Record<string, string | null>, { replace = true } = {}): void {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  navigate(location.pathname + (query ? '?' + query : ''), { replace });
}
