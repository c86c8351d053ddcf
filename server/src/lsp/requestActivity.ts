/**
 * When the client last sent a request, so that background work (writing the persisted index, ranking
 * co-occurring actors, preparing opened articles for edits) gives way while requests keep coming: a slice
 * of it is short, but its allocations and the garbage collections they bring slow the requests down too.
 * The connection notes each request as it is dispatched (main.ts); background work waits for a quiet moment
 * between its slices, never longer than a bound, so that it always ends.
 */
export class RequestActivity {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** A request was dispatched now. */
  note(): void {
    this.last = this.now();
  }

  /** Resolves once no request has come for `quietMs`, or once it has waited `maxMs`. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const start = this.now();
    for (;;) {
      const now = this.now();
      const since = now - this.last;
      const waited = now - start;
      if (since >= quietMs || waited >= maxMs) return;
      await this.sleep(Math.max(1, Math.min(quietMs - since, maxMs - waited)));
    }
  }
}

/** No request for this long: background work goes on. */
export const QUIET_MS = 50;
/** Background work waits at most this long between two of its slices. */
export const MAX_WAIT_MS = 500;

/** The server's: main.ts notes its connection's requests here. */
export const requestActivity = new RequestActivity();

/** What background work awaits between its slices. */
export const untilQuiet = (activity: RequestActivity = requestActivity): (() => Promise<void>) => () => activity.quiet(QUIET_MS, MAX_WAIT_MS);
