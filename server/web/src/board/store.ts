// The board of one project as the page shows it: the server's view, kept live from the event
// stream, with the user's moves shown at once (optimistically) until the server answers.
import { Api, ApiError } from '../api/client';
import type { BoardView, Card, Column, DagEvent, MoveResult } from '../api/types';
import { shared } from '../lib/shared';
import { Refresher } from '../live/refresher';
import type { LiveSource } from '../live/useLiveProject';

export interface Refusal {
  ticketId: string;
  ticketKey: string;
  toColumn: string;
  error: ApiError;
}

export interface BoardState {
  view: BoardView | null; // with pending moves applied
  loading: boolean;
  error: ApiError | null;
  refusal: Refusal | null;
  announcement: string; // for the aria-live region
  activity: DagEvent[]; // newest first, each event once
  pending: ReadonlySet<string>; // ids of cards shown moved while the server has not answered
}

const ACTIVITY_LIMIT = 50;

export class BoardStore implements LiveSource {
  private server: BoardView | null = null; // the last view the server sent, with confirmed moves
  private pending = new Map<string, string>(); // ticket id -> column id being moved to
  private refresher: Refresher<BoardView>;
  private readonly box = shared<BoardState>({ view: null, loading: true, error: null, refusal: null, announcement: '', activity: [], pending: new Set() });

  constructor(
    private readonly api: Api,
    readonly project: string,
  ) {
    this.refresher = new Refresher(
      () => this.api.get<BoardView>('/board/view', { project_id: this.project }),
      (view) => view.last_event_id,
      (view) => this.accept(view),
    );
  }

  subscribe = this.box.subscribe;
  snapshot = this.box.get;

  dispose(): void {
    this.refresher.stop();
  }

  /** Loads the view; resolves with the event id it is current to (the stream resumes there). */
  load = async (): Promise<number | ApiError> => {
    this.publish({ loading: this.server === null, error: null });
    try {
      const view = await this.api.get<BoardView>('/board/view', { project_id: this.project });
      this.server = null; // a reload replaces whatever was there
      this.accept(view);
      return view.last_event_id;
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
      this.publish({ loading: false, error });
      return error;
    }
  };

  onEvent = (e: DagEvent): void => this.applyEvent(e);

  /** An event of this project from the stream (each arrives once, in order). */
  applyEvent(e: DagEvent): void {
    this.publish({ activity: [e, ...this.box.get().activity].slice(0, ACTIVITY_LIMIT) });
    if (e.event_type === 'BOARD_TICKET_MOVED' && this.server) {
      const to = e.payload.to_column;
      if (typeof to === 'string') this.server = placeCard(this.server, e.entity_id, to);
      this.publish();
    }
    this.refresher.saw(e.id);
  }

  async move(card: Card, toColumn: string, force = false): Promise<void> {
    const name = this.columnName(toColumn);
    this.pending.set(card.id, toColumn);
    this.publish({ refusal: null, announcement: `Moving ${card.key} to ${name}…` });
    try {
      const r = await this.api.post<MoveResult>('/board/move', { ticket_id: card.id, target_column_id: toColumn, force });
      this.pending.delete(card.id);
      if (this.server) this.server = placeCard(this.server, card.id, r.new_column);
      this.publish({ announcement: `${card.key} moved to ${name}${force ? ' (forced)' : ''}.` });
      this.refresher.request();
    } catch (e) {
      this.pending.delete(card.id);
      const error = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
      this.publish({
        refusal: { ticketId: card.id, ticketKey: card.key, toColumn, error },
        announcement: `${card.key} stays where it was: ${error.message}`,
      });
    }
  }

  dismissRefusal(): void {
    this.publish({ refusal: null });
  }

  columnName(id: string): string {
    return this.server?.columns.find((c) => c.id === id)?.name ?? id;
  }

  private accept(view: BoardView): void {
    if (this.server && view.last_event_id < this.server.last_event_id) return; // an older answer
    this.server = view;
    this.publish({ loading: false, error: null });
  }

  // The state the page shows: the server's view with the pending moves laid over it.
  private publish(change: Partial<BoardState> = {}): void {
    let view = this.server;
    if (view) for (const [ticket, column] of this.pending) view = placeCard(view, ticket, column);
    this.box.set({ ...this.box.get(), ...change, view, pending: new Set(this.pending.keys()) });
  }
}

/** The view with one card moved to the top of another column (counts follow). */
export function placeCard(view: BoardView, ticketId: string, toColumn: string): BoardView {
  let card: Card | undefined;
  let from: Column | undefined;
  for (const c of view.columns) {
    card = c.tickets.find((t) => t.id === ticketId);
    if (card) {
      from = c;
      break;
    }
  }
  if (!card || !from || from.id === toColumn || !view.columns.some((c) => c.id === toColumn)) return view;
  const moved = card;
  const columns = view.columns.map((c) => {
    if (c.id === from!.id) {
      const tickets = c.tickets.filter((t) => t.id !== ticketId);
      return withCount(c, tickets, c.current_count - 1);
    }
    if (c.id === toColumn) return withCount(c, [moved, ...c.tickets], c.current_count + 1);
    return c;
  });
  return { ...view, columns };
}

function withCount(c: Column, tickets: Card[], count: number): Column {
  return { ...c, tickets, current_count: count, wip_exceeded: c.wip_limit !== null && count > c.wip_limit };
}
