/**
 * When the server runs full corpus passes: one at a time, once edits have paused (a few hundred milliseconds,
 * longer when the last pass was costly) or at once when asked; a request while one runs makes it run again
 * after. When the corpus has stayed idle for a while after a pass (so that it does not compete with the next
 * keystrokes), the host prepares the snapshot for requests (see CorpusIndex.prepareSteps); that preparation is
 * not part of the pass: a pass's promise settles when its diagnostics are published. An edit while a pass runs
 * stops it, and typing that goes on after passes lengthens the pause they wait for: typing into a large corpus
 * does not keep a core busy with passes of texts that change again a moment later.
 */
export interface PassHost {
  /** True when the documents changed since the last full pass. */
  stale(): boolean;
  /** True while the host is busy otherwise (indexing): no preparation starts then. */
  busy(): boolean;
  /** Runs a full pass (in slices), stopping at a slice once `stop()` is true; true when it finished. */
  resolve(stop: () => boolean): Promise<boolean>;
  /**
   * Publishes what the pass changed, in slices, stopping at a slice once `stop()` is true (an edit came:
   * the pass it schedules publishes instead); true when it finished.
   */
  publish(stop: () => boolean): Promise<boolean>;
  /** Whether another pass is due after this publication (for the corpus statistics' `pending`). */
  setSettling(settling: boolean): void;
  /** Prepares the last pass's snapshot for requests, in slices, and stops early once `stop()` is true. */
  prepare(stop: () => boolean): Promise<void>;
  /** A pass was published (the host saves it some time later). */
  passed(): void;
  failed(e: unknown): void;
}

/** The longest pause after edits that a pass waits for (see PassScheduler.schedule). */
export const MAX_PAUSE_MS = 1500;

export class PassScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private preparing: Promise<void> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Wall time of the last pass that finished (slices and the requests between them included). */
  private lastPassMs = 0;
  /**
   * Passes the user's edits stopped, or followed within MAX_PAUSE_MS of their end when the pass itself came
   * after several edits (typing), since edits last paused for longer than that: each doubles the pause the
   * next pass waits for.
   */
  private interrupted = 0;
  /** When the last pass that finished ended (published). */
  private lastPassEnd = -Infinity;
  /** Edits scheduled since a pass last began, and how many the last finished pass followed (typing: several). */
  private edits = 0;
  private lastEdits = 0;
  /** A pass is resolving or publishing (an edit now stops it). */
  private resolving = false;
  private publishing = false;

  /** `idleDelayMs`: how long the corpus stays idle after a pass before the preparation starts. */
  constructor(private readonly host: PassHost, private readonly idleDelayMs = 0) {}

  /**
   * A pass once edits have paused for `delayMs`, or for half as long as the last finished pass took if that
   * is longer, twice as long for each pass the user's typing interrupted since it last paused (at most
   * MAX_PAUSE_MS): a pass started in the pause after a word is mostly stopped by the next word, and what
   * it did is lost; a short pass that finishes there (after the several keystrokes of a word) is done again
   * after the next word. After one or two such passes the pause is longer than the user's between words,
   * and passes wait for the user to stop.
   * Postponed by each later call (edits that keep coming).
   */
  schedule(delayMs: number): void {
    this.host.setSettling(true);
    if (!this.timer && !this.resolving) {
      // The first edit since the last pass: soon after a pass that followed several edits, the typing goes on
      // (one edit after another, each waiting for its pass, is not typing); after a longer quiet, it had stopped.
      if (performance.now() - this.lastPassEnd >= MAX_PAUSE_MS) this.interrupted = 0;
      else if (this.lastEdits > 1) this.interrupted++;
    }
    this.edits++;
    if (this.timer) clearTimeout(this.timer);
    const stopped = this.interrupted + ((this.resolving || this.publishing) && !this.timer ? 1 : 0); // this edit stops the running pass
    const pause = Math.max(delayMs, this.lastPassMs / 2) * 2 ** Math.min(stopped, 16);
    this.timer = setTimeout(() => void this.run(), Math.max(delayMs, Math.min(MAX_PAUSE_MS, pause)));
  }

  /**
   * A pass now, or after the running one; settles when its diagnostics are published. A pass that is
   * running when an edit schedules the next one stops (its corpus is already out of date) and publishes
   * nothing, or no more if it was publishing; its promise settles then, and the scheduled pass publishes
   * once edits pause.
   */
  run(): Promise<void> {
    this.cancelTimer();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const host = this.host;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const edits = this.edits;
          this.edits = 0;
          if (host.stale()) {
            const started = performance.now();
            this.resolving = true;
            const finished = await host.resolve(() => this.timer !== undefined).finally(() => (this.resolving = false));
            if (!finished) {
              this.interrupted++;
              host.setSettling(true);
              return; // an edit came: the pass it scheduled runs instead
            }
            this.lastPassMs = performance.now() - started;
          }
          host.setSettling(this.again || this.timer !== undefined || host.stale());
          this.publishing = true;
          const published = await host.publish(() => this.timer !== undefined).finally(() => (this.publishing = false));
          if (!published) {
            this.interrupted++;
            host.setSettling(true);
            return; // as a stopped pass: the pass the edit scheduled publishes
          }
          this.lastPassEnd = performance.now();
          this.lastEdits = edits;
        } while (this.again);
        host.passed();
      } catch (e) {
        host.failed(e);
      }
    })().finally(() => {
      this.running = undefined;
      this.prepareWhenIdle();
    });
    return this.running;
  }

  /** Starts the snapshot's preparation unless a pass is due, running or the host is busy; it stops when one is. */
  private startPreparation(): void {
    if (this.preparing || !this.idle()) return;
    this.preparing = this.host
      .prepare(() => !this.idle())
      .catch((e: unknown) => this.host.failed(e))
      .finally(() => (this.preparing = undefined));
  }

  /** The snapshot's preparation once the corpus has stayed idle for the delay (after a pass, after indexing). */
  prepareWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      this.startPreparation();
    }, this.idleDelayMs);
  }

  /** The running preparation, if any (for tests and shutdown). */
  get preparation(): Promise<void> | undefined {
    return this.preparing;
  }

  dispose(): void {
    this.cancelTimer();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private idle(): boolean {
    return !this.running && !this.timer && !this.host.stale() && !this.host.busy();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
