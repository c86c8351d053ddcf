/**
 * A client that resolves code actions (`codeAction/resolve`) gets the corpus-wide fix of an actor without
 * its edit, and the edit when it resolves the action: the same edit a client without resolve support gets
 * at once.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, uri } from './lspClient';
import { seedsCopy } from '../tempDir';

describe('code actions resolved when chosen', function () {
  this.timeout(120000);
  const clients: TestClient[] = [];
  after(async () => Promise.all(clients.map((c) => c.stop())));

  it('the corpus-wide fix comes without its edit, and resolving it gives the edit of a client that does not resolve', async () => {
    const dir = seedsCopy('arabic-news-resolve-');
    const lazy = new TestClient();
    const eager = new TestClient();
    clients.push(lazy, eager);
    const init = await lazy.initialize(dir, { textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } });
    assert.equal((init.capabilities.codeActionProvider as { resolveProvider?: boolean }).resolveProvider, true);
    await eager.initialize(dir);
    const n = fs.readdirSync(dir).length;
    await lazy.indexed(n);
    await eager.indexed(n);
    let checked = 0;
    for (const f of fs.readdirSync(dir).sort()) {
      const u = uri(path.join(dir, f));
      for (const d of (lazy.diagnostics.get(u) ?? []).filter((x: Diagnostic) => x.code === 'spelling-variant')) {
        const params = { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } };
        const mine = (await lazy.request<CodeAction[]>('textDocument/codeAction', params)).find((a) => /in the corpus/.test(a.title));
        const theirs = (await eager.request<CodeAction[]>('textDocument/codeAction', params)).find((a) => /in the corpus/.test(a.title));
        assert.equal(mine?.title, theirs?.title);
        if (!mine || !theirs) continue;
        assert.equal(mine.edit, undefined, 'no edit before it is chosen');
        const resolved = await lazy.request<CodeAction>('codeAction/resolve', mine);
        assert.deepEqual(resolved.edit, theirs.edit);
        assert.equal(resolved.title, mine.title);
        checked++;
      }
    }
    assert.ok(checked > 0, 'the seeds have corpus-wide fixes');
    // Other actions and malformed ones come back as they were.
    const plain = { title: 'x', kind: 'quickfix', data: { corpusFix: 42 } };
    assert.deepEqual(await lazy.request<CodeAction>('codeAction/resolve', plain), plain);
  });
});
