// Re-reads a live page's data after events: one fetch in flight at a time, one more when events
// arrived meanwhile, and again when an answer is older than the newest event seen — so the
// page always ends at the server's state, however events and answers interleave.
const RETRY_MS = 1000;

export class Refresher<T> {
  private fetching = false;
  private again = false;
  private newest = 0;
  private stopped = false;
  private retry = 0;

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly positionOf: (value: T) => number, // the last event id the value reflects
    private readonly accept: (value: T) => void,
  ) {}

  /** An event with this id was seen: the data must come to reflect it. */
  saw(eventId: number): void {
    this.newest = Math.max(this.newest, eventId);
    this.request();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  request = (): void => {
    if (this.stopped) return;
    clearTimeout(this.retry);
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    this.fetch()
      .then((value) => {
        if (this.stopped) return;
        this.accept(value);
        if (this.positionOf(value) < this.newest) this.again = true;
      })
      .catch((e: { status?: number }) => {
        // The server did not answer (restarting, overloaded): try again shortly. A refusal
        // (4xx) is not retried; a dropped stream brings its own reload when it reconnects.
        this.again = false;
        const transient = e.status === undefined || e.status === 0 || e.status >= 500;
        if (transient && !this.stopped) this.retry = window.setTimeout(this.request, RETRY_MS);
      })
      .finally(() => {
        this.fetching = false;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  };
}
