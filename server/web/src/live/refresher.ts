// Re-reads a live page's data after events: one fetch in flight at a time, one more when events
// arrived meanwhile, and again when an answer is older than the newest event seen — so the
// page always ends at the server's state, however events and answers interleave.
export class Refresher<T> {
  private fetching = false;
  private again = false;
  private newest = 0;
  private stopped = false;

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
  }

  request = (): void => {
    if (this.stopped) return;
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
      .catch(() => {
        this.again = false; // the stream's reconnect brings the next refresh
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
