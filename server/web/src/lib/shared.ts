// A value many components read and one place writes (the connection status, the theme).
import { useSyncExternalStore } from 'react';

export interface Shared<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function shared<T>(initial: T): Shared<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useShared<T>(s: Shared<T>): T {
  return useSyncExternalStore(s.subscribe, s.get);
}
