/**
 * Background work gives way to requests: it waits between its slices while requests keep coming, never
 * longer than a bound; the connection notes each request it dispatches.
 */
import { strict as assert } from 'assert';
import { RequestActivity } from '../../server/src/lsp/requestActivity';
import { inSlices } from '../../server/src/lsp/workspaceCorpus';
import { connectionOptions } from '../../server/src/lsp/params';

/** A clock that moves only when the activity sleeps, and the sleeps it was asked for. */
function fakeTime(): { activity: RequestActivity; advance: (ms: number) => void; sleeps: number[] } {
  let t = 1000;
  const sleeps: number[] = [];
  const activity = new RequestActivity(
    () => t,
    async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  );
  return { activity, advance: (ms) => (t += ms), sleeps };
}

describe('background work and requests', () => {
  it('goes on at once when no request came for the quiet time', async () => {
    const { activity, advance, sleeps } = fakeTime();
    await activity.quiet(50, 500);
    activity.note();
    advance(60);
    await activity.quiet(50, 500);
    assert.deepEqual(sleeps, []);
  });

  it('waits until the requests pause for the quiet time', async () => {
    const { activity, advance, sleeps } = fakeTime();
    activity.note();
    advance(20);
    await activity.quiet(50, 500);
    assert.deepEqual(sleeps, [30]);
  });

  it('waits no longer than the bound while requests keep coming', async () => {
    let t = 0;
    const sleeps: number[] = [];
    // Each sleep ends just as another request comes.
    const activity: RequestActivity = new RequestActivity(
      () => t,
      async (ms) => {
        sleeps.push(ms);
        t += ms;
        activity.note();
      },
    );
    activity.note();
    await activity.quiet(50, 500);
    assert.equal(sleeps.reduce((a, b) => a + b, 0), 500);
  });

  it('steps run in slices await the pause between slices, not within one', async () => {
    let waits = 0;
    let steps = 0;
    const work = (function* (): Generator<void, void, void> {
      for (let i = 0; i < 5; i++) {
        steps++;
        const until = performance.now() + 2;
        while (performance.now() < until); // each step longer than the slice
        yield;
      }
    })();
    const done = await inSlices(work, 1, undefined, async () => void waits++);
    assert.equal(done, true);
    assert.equal(steps, 5);
    assert.ok(waits >= 4 && waits <= 5, `${waits} waits`);
  });

  it('the connection notes requests as it dispatches them, not notifications', () => {
    const noted: string[] = [];
    const strategy = connectionOptions.messageStrategy!;
    const request = { jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} };
    const notification = { jsonrpc: '2.0', method: 'textDocument/didChange', params: {} };
    const before = (RequestActivity.prototype.note as () => void);
    RequestActivity.prototype.note = function (): void {
      noted.push('note');
    };
    try {
      strategy.handleMessage(notification, (m) => void noted.push((m as unknown as { method: string }).method));
      strategy.handleMessage(request, (m) => void noted.push((m as unknown as { method: string }).method));
    } finally {
      RequestActivity.prototype.note = before;
    }
    assert.deepEqual(noted, ['textDocument/didChange', 'note', 'textDocument/hover']);
  });
});
