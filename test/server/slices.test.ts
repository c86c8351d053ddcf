/**
 * Work in slices lets a JSON-RPC message through at its next yield. vscode-jsonrpc reads, decodes,
 * dispatches and writes a message on event-loop turns of their own; a yield of one turn let the message
 * move one of those stages per slice, so an edit that arrived during the republishing of a large corpus
 * waited two or three slices before it was even handled.
 */
import { strict as assert } from 'assert';
import { PassThrough } from 'stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { inSlices } from '../../server/src/lsp/workspaceCorpus';

describe('work in slices and JSON-RPC messages', () => {
  it('a notification and the request after it are handled, and the answer written, at the first yield after they arrive', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createMessageConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    let step = 0;
    const handled: Record<string, number> = {};
    server.onNotification('edit', () => void (handled.edit = step));
    server.onRequest('hover', () => {
      handled.hover = step;
      return 'card';
    });
    server.listen();
    client.listen();
    // The client's messages are on their way before the work starts (as when they arrive during a slice).
    void client.sendNotification('edit');
    const answer = client.sendRequest<string>('hover').then((r) => ((handled.answer = step), r));
    await new Promise((r) => setImmediate(r));
    function* work(): Generator<void, void, void> {
      for (step = 0; step < 20; step++) {
        const end = performance.now() + 0.2;
        while (performance.now() < end); // a slice's work
        yield;
      }
    }
    assert.equal(await inSlices(work(), 0.1), true);
    assert.equal(await answer, 'card');
    // Each step is a slice (longer than 0.1 ms): all of it at the first yield or the one after (with a yield
    // of one turn: handled after 1 and 2 slices, answered after 5).
    assert.ok(handled.edit !== undefined && handled.edit <= 1, `the notification was handled after ${handled.edit} slices`);
    assert.ok(handled.hover !== undefined && handled.hover <= 1, `the request was handled after ${handled.hover} slices`);
    assert.ok(handled.answer !== undefined && handled.answer <= 1, `the answer arrived after ${handled.answer} slices`);
    server.dispose();
    client.dispose();
  });
});
