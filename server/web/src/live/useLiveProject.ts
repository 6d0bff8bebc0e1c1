// Keeps a page's data live: loads it, then follows the project's events from the position the
// load returned; reloads by itself when the server no longer has that position (4410).
import { useEffect } from 'react';
import type { Api, ApiError } from '../api/client';
import type { DagEvent } from '../api/types';
import { shared } from '../lib/shared';
import { EventStream, type StreamStatus } from './stream';

/** What the frame's connection indicator shows; null on pages without a live project. */
export const connection = shared<StreamStatus | null>(null);

export interface LiveSource {
  /** Loads (or reloads) the page's data: the event id it is current to, or why it failed. */
  load(): Promise<number | ApiError>;
  onEvent(e: DagEvent): void;
}

export function useLiveProject(api: Api, project: string, source: LiveSource | null, onUnauthorized: () => void): void {
  useEffect(() => {
    if (!source) return;
    let stream: EventStream | null = null;
    let stopped = false;
    const follow = (since: number) => {
      stream = new EventStream((from) => api.eventsUrl({ project_id: project, since: from }), since, {
        onEvent: (e) => source.onEvent(e),
        onGap: async () => {
          for (let attempt = 0; !stopped; attempt++) {
            const id = await source.load();
            if (typeof id === 'number') return stream?.restartFrom(id);
            await new Promise((r) => setTimeout(r, Math.min(3000, 300 * 2 ** attempt)));
          }
        },
        onUnauthorized,
        onStatus: (s) => connection.set(s),
      });
    };
    const start = async () => {
      // Until the first load succeeds there is no position to follow from; retry it.
      for (let attempt = 0; !stopped; attempt++) {
        const since = await source.load();
        if (stopped) return;
        if (typeof since === 'number') return follow(since);
        if (since.status !== 0 && since.status < 500) return; // the page shows the error
        connection.set({ state: attempt > 3 ? 'stale' : 'reconnecting', lastEventId: 0, replayingSince: null, lastChangeAt: Date.now(), problem: null });
        await new Promise((r) => setTimeout(r, Math.min(3000, 300 * 2 ** attempt)));
      }
    };
    void start();
    return () => {
      stopped = true;
      stream?.close();
      connection.set(null);
    };
  }, [api, project, source, onUnauthorized]);
}
