/**
 * When full corpus passes run (server/src/lsp/passScheduler.ts), with a host whose pass, publication and
 * preparation are counted and whose preparation takes as many event-loop turns as the test says.
 */
import * as assert from 'assert';
import { MAX_PAUSE_MS, PassHost, PassScheduler } from '../../server/src/lsp/passScheduler';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** `n` turns of the event loop, checking `stop()` after each: false when it stopped them. */
async function turnsUnless(n: number, stop: () => boolean): Promise<boolean> {
  for (let i = 0; i < n; i++) {
    await turn();
    if (stop()) return false;
  }
  return true;
}

class FakeHost implements PassHost {
  isStale = true;
  isBusy = false;
  settling = false;
  passes = 0;
  publications = 0;
  published = 0;
  errors: unknown[] = [];
  /** Preparations started, finished and stopped early. */
  prepared = { started: 0, finished: 0, stopped: 0 };
  /** Event-loop turns one preparation takes (a large corpus: many). */
  prepareTurns = 1000;
  /** Turns one pass takes. */
  passTurns = 3;

  stale(): boolean {
    return this.isStale;
  }
  busy(): boolean {
    return this.isBusy;
  }
  /** Passes stopped halfway (an edit came). */
  stopped = 0;
  async resolve(stop: () => boolean): Promise<boolean> {
    if (!(await turnsUnless(this.passTurns, stop))) {
      this.stopped++;
      return false;
    }
    this.passes++;
    this.isStale = false;
    return true;
  }
  /** Turns one publication takes, and publications stopped halfway (an edit came). */
  publishTurns = 1;
  publicationsStopped = 0;
  async publish(stop: () => boolean): Promise<boolean> {
    if (!(await turnsUnless(this.publishTurns, stop))) {
      this.publicationsStopped++;
      return false;
    }
    this.publications++;
    return true;
  }
  setSettling(settling: boolean): void {
    this.settling = settling;
  }
  async prepare(stop: () => boolean): Promise<void> {
    this.prepared.started++;
    for (let i = 0; i < this.prepareTurns; i++) {
      if (stop()) {
        this.prepared.stopped++;
        return;
      }
      await turn();
    }
    this.prepared.finished++;
  }
  passed(): void {
    this.published++;
  }
  failed(e: unknown): void {
    this.errors.push(e);
  }
}

async function until(what: string, check: () => boolean, turns = 100000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (check()) return;
    await turn();
  }
  assert.fail(`${what}: not reached`);
}

/** The delays of the timers that `run` sets, in order (they still run, after those delays). */
async function timersOf(run: () => unknown): Promise<number[]> {
  const timers: number[] = [];
  const real = global.setTimeout;
  global.setTimeout = ((fn: () => void, ms?: number) => (timers.push(ms ?? 0), real(fn, ms))) as typeof setTimeout;
  try {
    await run();
  } finally {
    global.setTimeout = real;
  }
  return timers;
}

describe('PassScheduler: full corpus passes', () => {
  it('a pass settles once published, without waiting for the preparation that follows it', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host);
    await s.run();
    assert.strictEqual(host.passes, 1);
    assert.strictEqual(host.publications, 1);
    assert.strictEqual(host.published, 1);
    assert.strictEqual(host.settling, false);
    assert.strictEqual(host.prepared.finished, 0, 'the pass did not wait for the preparation');
    await until('the snapshot is prepared when the corpus is idle', () => s.preparation !== undefined);
    await s.preparation;
    assert.deepStrictEqual(host.prepared, { started: 1, finished: 1, stopped: 0 });
  });

  it('an edit while the snapshot is being prepared gets its pass (it is not lost behind the preparation)', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host);
    await s.run();
    await until('preparation started', () => host.prepared.started === 1);
    host.isStale = true; // an article changed
    s.schedule(5);
    assert.strictEqual(host.settling, true);
    await until('second pass published', () => host.publications === 2, 1_000_000);
    assert.strictEqual(host.passes, 2);
    assert.strictEqual(host.settling, false, 'nothing is pending once the pass is published');
    assert.strictEqual(host.prepared.stopped, 1, 'the preparation of the old snapshot stopped');
    await until('the new snapshot prepared', () => host.prepared.finished === 1);
    assert.strictEqual(host.prepared.started, 2);
  });

  it('a pass asked for at once while the snapshot is being prepared runs and settles', async () => {
    const host = new FakeHost();
    host.prepareTurns = 1_000_000; // longer than the test would wait
    const s = new PassScheduler(host);
    await s.run();
    await until('preparation started', () => host.prepared.started === 1);
    host.isStale = true; // a decision changed
    await s.run();
    assert.strictEqual(host.passes, 2);
    assert.strictEqual(host.publications, 2);
  });

  it('passes asked for while one runs make one more pass, not one each, and do not stop it', async () => {
    const host = new FakeHost();
    host.passTurns = 20;
    const s = new PassScheduler(host);
    const first = s.run();
    await turn();
    host.isStale = true;
    const more = [s.run(), s.run(), s.run()];
    await Promise.all([first, ...more]);
    assert.strictEqual(host.publications, 2);
    assert.strictEqual(host.stopped, 0, 'only an edit (a scheduled pass) stops the running one');
  });

  it('an edit while a pass runs stops it: nothing of it is published, and the pass the edit scheduled runs once edits pause', async () => {
    const host = new FakeHost();
    host.passTurns = 50;
    const s = new PassScheduler(host);
    const first = s.run();
    await turn();
    await turn();
    s.schedule(20); // the user typed: the corpus changes again
    await first;
    assert.strictEqual(host.stopped, 1, 'the running pass stopped at the edit');
    assert.strictEqual(host.passes, 0);
    assert.strictEqual(host.publications, 0, 'nothing published from the stopped pass');
    assert.strictEqual(host.settling, true, 'the corpus is still pending');
    await until('the scheduled pass published', () => host.publications === 1, 1_000_000);
    assert.strictEqual(host.passes, 1);
    assert.strictEqual(host.stopped, 1);
    assert.strictEqual(host.settling, false);
    s.dispose();
  });

  it('an edit while a pass publishes stops the publication: the pass is not reported as published, and the pass the edit scheduled publishes, after a longer pause', async () => {
    const host = new FakeHost();
    host.publishTurns = 50;
    const s = new PassScheduler(host);
    const first = s.run();
    await until('publishing', () => host.passes === 1);
    await turn();
    host.isStale = true; // the user typed: the corpus changes again
    const timers = await timersOf(() => s.schedule(20));
    await first;
    assert.strictEqual(host.publicationsStopped, 1, 'the publication stopped at the edit');
    assert.strictEqual(host.publications, 0);
    assert.strictEqual(host.published, 0, 'a stopped publication is not a published pass (nothing saved)');
    assert.strictEqual(host.settling, true, 'the corpus is still pending');
    assert.deepStrictEqual(timers, [40], 'the edit that stops the publication doubles the pause, as one that stops a pass');
    await until('the scheduled pass published', () => host.publications === 1, 1_000_000);
    assert.strictEqual(host.passes, 2);
    assert.strictEqual(host.published, 1);
    assert.strictEqual(host.settling, false);
    s.dispose();
  });

  it('after a costly pass, the next one waits longer for edits to pause (half as long as that pass took)', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host);
    const resolve = host.resolve.bind(host);
    let started = 0;
    host.resolve = async (stop) => {
      started++;
      await new Promise((r) => setTimeout(r, 80)); // a pass of 80 ms
      return resolve(stop);
    };
    s.schedule(1);
    await until('first pass', () => host.publications === 1, 1_000_000);
    host.isStale = true;
    s.schedule(1); // an edit: the pass waits about 40 ms, not 1
    await new Promise((r) => setTimeout(r, 15));
    assert.strictEqual(started, 1, 'the second pass waits for a pause half as long as the last pass');
    await until('second pass', () => host.publications === 2, 1_000_000);
    assert.strictEqual(started, 2);
    s.dispose();
  });

  it('each pass an edit stops makes the next one wait for a pause twice as long (at most MAX_PAUSE_MS); a pause of edits longer than that resets it', async () => {
    const host = new FakeHost();
    host.passTurns = 1e9; // passes that only end when stopped
    const s = new PassScheduler(host);
    const resolve = host.resolve.bind(host);
    let started = 0;
    host.resolve = (stop) => {
      started++;
      return resolve(stop);
    };
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    s.schedule(10);
    await until('first pass started', () => started === 1, 1e7);
    s.schedule(10); // a keystroke: the pass stops, and the next one waits 20 ms
    await until('stopped', () => host.stopped === 1, 1e7);
    await sleep(14);
    assert.strictEqual(started, 1, 'after one stopped pass the next waits twice the pause');
    await until('second pass started', () => started === 2, 1e7);
    s.schedule(10); // stopped again: the next one waits 40 ms
    await until('stopped twice', () => host.stopped === 2, 1e7);
    await sleep(28);
    assert.strictEqual(started, 2, 'after two, four times the pause');
    await until('third pass started', () => started === 3, 1e7);
    // Many stopped passes: the pause stays at MAX_PAUSE_MS.
    const many = new PassScheduler(new FakeHost());
    Object.assign(many as unknown as { interrupted: number; lastPassEnd: number }, { interrupted: 40, lastPassEnd: performance.now() });
    const timers = await timersOf(() => many.schedule(10));
    many.dispose();
    assert.deepStrictEqual(timers, [MAX_PAUSE_MS]);
    // A pass that finishes, and edits after a pause longer than MAX_PAUSE_MS: the pause is the asked one again.
    s.schedule(10);
    await until('stopped three times', () => host.stopped === 3, 1e7);
    host.passTurns = 3;
    await until('a pass finished', () => host.publications === 1, 1e7);
    host.isStale = true;
    host.passTurns = 1e9;
    (s as unknown as { lastPassEnd: number }).lastPassEnd = performance.now() - MAX_PAUSE_MS - 1;
    s.schedule(10);
    await sleep(30);
    assert.strictEqual(started, 5, 'after a finished pass and a long pause of edits the next waits the asked pause');
    s.schedule(10);
    await until('stopped', () => host.stopped === 4, 1e7);
    s.dispose();
  });

  it('an edit soon after a pass that followed several edits (the typing goes on) makes the next pass wait twice as long', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host);
    s.schedule(10);
    s.schedule(10); // two keystrokes
    await until('first pass', () => host.publications === 1, 1e7);
    host.isStale = true;
    assert.deepStrictEqual(await timersOf(() => s.schedule(10)), [20], 'the next word, right after the pass');
    s.schedule(10);
    await until('second pass', () => host.publications === 2, 1e7);
    host.isStale = true;
    (s as unknown as { lastPassEnd: number }).lastPassEnd = performance.now() - MAX_PAUSE_MS - 1; // the user paused
    assert.deepStrictEqual(await timersOf(() => s.schedule(10)), [10]);
    await until('third pass', () => host.publications === 3, 1e7);
    s.dispose();
  });

  it('one edit after another, each after its pass (not typing), waits the asked pause every time', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host);
    const timers = await timersOf(async () => {
      for (let k = 1; k <= 4; k++) {
        host.isStale = true;
        s.schedule(10);
        await until(`pass ${k}`, () => host.publications === k, 1e7);
      }
    });
    assert.deepStrictEqual(timers.filter((ms) => ms >= 10), [10, 10, 10, 10]);
    s.dispose();
  });

  it('no preparation while the host is busy (indexing) or a pass is due; it starts when asked once idle', async () => {
    const host = new FakeHost();
    host.isBusy = true;
    const s = new PassScheduler(host);
    await s.run();
    for (let i = 0; i < 20; i++) await turn();
    assert.strictEqual(s.preparation, undefined);
    assert.strictEqual(host.prepared.started, 0);
    host.isBusy = false;
    host.isStale = true;
    s.prepareWhenIdle();
    for (let i = 0; i < 20; i++) await turn();
    assert.strictEqual(s.preparation, undefined, 'not while the corpus is stale');
    host.isStale = false;
    s.prepareWhenIdle();
    await until('prepared once idle', () => s.preparation !== undefined);
    s.dispose();
  });

  it('the preparation waits until the corpus has been idle for the delay: keystrokes in between come first', async () => {
    const host = new FakeHost();
    const s = new PassScheduler(host, 50);
    await s.run();
    await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(host.prepared.started, 0, 'not within the idle delay');
    host.isStale = true; // the user typed again
    s.schedule(10);
    await until('second pass', () => host.publications === 2, 1_000_000);
    await new Promise((r) => setTimeout(r, 30));
    assert.strictEqual(host.prepared.started, 0, 'the delay starts again after the second pass');
    await until('prepared after the delay', () => host.prepared.started === 1, 1_000_000);
    s.dispose();
  });

  it('a failing pass is reported and the next one runs', async () => {
    const host = new FakeHost();
    let fail = true;
    const resolve = host.resolve.bind(host);
    host.resolve = async (stop) => {
      if (fail) {
        fail = false;
        throw new Error('pass failed');
      }
      return resolve(stop);
    };
    const s = new PassScheduler(host);
    await s.run();
    assert.strictEqual(host.errors.length, 1);
    assert.strictEqual(host.published, 0);
    await s.run();
    assert.strictEqual(host.passes, 1);
    assert.strictEqual(host.published, 1);
  });
});
