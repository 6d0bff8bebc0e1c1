// Follows the event stream of one project over the WebSocket, losslessly: it resumes with
// `since=<last id seen>` after any drop (server restart, network, "fell behind"), so every event
// arrives once, in order. The connection state is what the frame's indicator shows.
import type { DagEvent } from '../api/types';

export type ConnectionState = 'connecting' | 'live' | 'replaying' | 'reconnecting' | 'stale';

export interface StreamStatus {
  state: ConnectionState;
  lastEventId: number;
  replayingSince: number | null;
  lastChangeAt: number; // Date.now() when the state last changed
  problem: string | null;
}

export interface StreamHandlers {
  onEvent(e: DagEvent): void;
  /** `since` is older than the server keeps (close 4410): reload the view, then follow again. */
  onGap(): void;
  /** The token was refused or ran out (close 4401). */
  onUnauthorized(reason: string): void;
  onStatus(s: StreamStatus): void;
}

const STALE_AFTER_MS = 10_000;
const REPLAY_QUIET_MS = 300;
const PING_EVERY_MS = 25_000;
const SILENT_LIMIT_MS = 65_000;

export class EventStream {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closed = false;
  private pinger: number;
  private retryTimer: number | null = null;
  private replayTimer: number | null = null;
  private droppedAt: number | null = null;
  private lastFrameAt = 0;
  private status: StreamStatus;

  constructor(
    private readonly url: (since: number) => string,
    private lastId: number,
    private readonly handlers: StreamHandlers,
  ) {
    this.status = { state: 'connecting', lastEventId: lastId, replayingSince: null, lastChangeAt: Date.now(), problem: null };
    window.addEventListener('online', this.reconnectNow);
    window.addEventListener('offline', this.dropNow);
    this.pinger = window.setInterval(this.keepAlive, PING_EVERY_MS);
    this.open();
  }

  /** Stops for good (the page changed project or unmounted). */
  close(): void {
    this.closed = true;
    window.removeEventListener('online', this.reconnectNow);
    window.removeEventListener('offline', this.dropNow);
    clearInterval(this.pinger);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.replayTimer !== null) clearTimeout(this.replayTimer);
    this.socket?.close(1000, 'page closed');
  }

  /** Follows again from a new position (after the view was reloaded). */
  restartFrom(lastId: number): void {
    this.lastId = lastId;
    if (this.socket) this.socket.close(4000, 'restart');
    else if (!this.closed && this.retryTimer === null) this.open();
  }

  private open(): void {
    if (this.closed) return;
    const since = this.lastId;
    const socket = new WebSocket(this.url(since));
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.droppedAt = null;
      this.lastFrameAt = Date.now();
      this.set({ state: 'replaying', replayingSince: since, problem: null });
      this.armReplayEnd();
    };
    socket.onmessage = (m) => this.frame(String(m.data));
    socket.onclose = (c) => this.dropped(socket, c.code, c.reason);
  }

  private frame(text: string): void {
    this.lastFrameAt = Date.now();
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.id === 'number' && typeof message.event_type === 'string') {
      const event = message as unknown as DagEvent;
      if (event.id <= this.lastId) return; // already seen: never applied twice
      this.lastId = event.id;
      this.handlers.onEvent(event);
      this.set({ lastEventId: event.id });
      if (this.status.state === 'replaying') this.armReplayEnd();
    } else if (message.error) {
      this.set({ problem: String(message.error) });
    }
  }

  // Replay is over when the server has been quiet for a moment: the backlog arrives at once.
  private armReplayEnd(): void {
    if (this.replayTimer !== null) clearTimeout(this.replayTimer);
    this.replayTimer = window.setTimeout(() => {
      this.replayTimer = null;
      if (this.status.state === 'replaying') this.set({ state: 'live', replayingSince: null });
    }, REPLAY_QUIET_MS);
  }

  private dropped(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket || this.closed) return;
    this.socket = null;
    if (code === 4401) {
      this.handlers.onUnauthorized(reason || 'token refused');
      return;
    }
    if (code === 4410) {
      // Missed events are gone for good: the page reloads its data, then restartFrom() follows on.
      this.set({ state: 'reconnecting', replayingSince: null, problem: 'events since #' + this.lastId + ' are no longer kept; reloading' });
      this.handlers.onGap();
      return;
    }
    if (code === 4400) this.set({ problem: reason || 'the server refused the stream parameters' });
    this.droppedAt ??= Date.now();
    const stale = Date.now() - this.droppedAt >= STALE_AFTER_MS;
    this.set({ state: stale ? 'stale' : 'reconnecting', replayingSince: null });
    const delay = code === 4000 ? 0 : Math.min(3000, 250 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private keepAlive = (): void => {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastFrameAt > SILENT_LIMIT_MS) {
      socket.close(4001, 'silent'); // a half-open connection: start over with since
      return;
    }
    socket.send(JSON.stringify({ type: 'ping' }));
  };

  // The browser knows the network is gone before the socket does: say so now, resume on 'online'.
  private dropNow = (): void => {
    this.socket?.close(4002, 'offline');
  };

  private reconnectNow = (): void => {
    if (this.socket === null && !this.closed) {
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.attempt = 0;
      this.open();
    }
  };

  private set(change: Partial<StreamStatus>): void {
    const stateChanged = change.state !== undefined && change.state !== this.status.state;
    this.status = { ...this.status, ...change, ...(stateChanged ? { lastChangeAt: Date.now() } : {}) };
    this.handlers.onStatus(this.status);
  }
}
