/**
 * The corpus figures follow an edit at once. Once an edited article's diagnostics are published, the server
 * sends `statsChanged` with the corpus's count of spelling issues (the last pass's, with the edited articles
 * counted again), before the full pass that follows; an edit that changes no figure sends none.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/textDocument';
import { TestClient, uri } from './lspClient';
import { seedsCopy } from '../tempDir';

const workspace = (): string => seedsCopy('arabic-news-edit-stats-');

const spellingOf = (diags: readonly Diagnostic[] | undefined): number => (diags ?? []).filter((d) => d.code === 'spelling-variant').length;

describe('corpus statistics after an edit', function () {
  this.timeout(120000);
  const clients: TestClient[] = [];
  after(async () => Promise.all(clients.map((c) => c.stop())));

  it('a fixed spelling variant is counted at once, by the republished diagnostics of its article, before the full pass; an edit that changes no figure sends nothing', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    const before = await client.indexed(fs.readdirSync(dir).length);
    assert.ok(before.spellingIssues > 0, 'the seeds have spelling variants');
    const file = fs.readdirSync(dir).sort().map((f) => path.join(dir, f)).find((f) => spellingOf(client.diagnostics.get(uri(f))) > 0)!;
    const u = uri(file);
    const text = fs.readFileSync(file, 'utf8');
    const own = spellingOf(client.diagnostics.get(u));
    const diag = client.diagnostics.get(u)!.find((d) => d.code === 'spelling-variant')!;
    const { expected } = diag.data as { expected: string };
    // What "fix this one" does: the variant respelled as expected.
    const lines = new LineIndex(text);
    const fixed = text.slice(0, lines.offsetAt(diag.range.start)) + expected + text.slice(lines.offsetAt(diag.range.end));

    await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text } });
    await client.settled();
    const mark = client.statsNotifications.length;
    await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = () => client.statsNotifications.slice(mark);
    const sent = await client.until('statsChanged after the fix', () => after().find((n) => n.method === 'statsChanged'));
    assert.equal(after()[0], sent, `the figures of the edit come before the full pass: ${JSON.stringify(after())}`);
    assert.equal(sent.stats.pending, true);
    assert.equal(client.diagnosticVersions.get(u), 2, 'the edited article was republished first');
    const now = spellingOf(client.diagnostics.get(u));
    assert.ok(now < own, `the fix removed a spelling diagnostic (${own} → ${now})`);
    assert.equal(sent.stats.spellingIssues, before.spellingIssues - own + now);
    assert.equal(sent.stats.articles, before.articles);
    await client.until('the pass after the fix', () => after().find((n) => n.method === 'corpusChanged' && n.stats.version >= sent.stats.version));

    // A space typed at the end of the article changes no figure: the pass reports, the edit does not.
    await client.settled();
    const mark2 = client.statsNotifications.length;
    await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 3 }, contentChanges: [{ text: fixed + ' ' }] });
    await client.until('the pass after the space', () => client.statsNotifications.slice(mark2).find((n) => n.method === 'corpusChanged'));
    assert.deepEqual(client.statsNotifications.slice(mark2).map((n) => n.method), ['corpusChanged']);
  });
});
