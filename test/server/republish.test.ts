/**
 * After a full pass the server republishes what changed elsewhere in the corpus: an edit in one open
 * article changes the messages (spelling counts) and related information of diagnostics in articles
 * that are not open, and every article then has what a server started on the final texts publishes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, uri } from './lspClient';
import { seedsCopy } from '../tempDir';

const workspace = (): string => seedsCopy('arabic-news-republish-');

/** Diagnostics by file name, as plain data, for comparing two servers. */
function published(client: TestClient, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fs.readdirSync(dir).sort()) {
    const d = client.diagnostics.get(uri(path.join(dir, f)));
    out[f] = (d ?? []).map((x: Diagnostic) => ({ ...x, relatedInformation: x.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: path.basename(r.location.uri) } })) }));
  }
  return out;
}

describe('republishing after a full pass', function () {
  this.timeout(120000);
  const clients: TestClient[] = [];
  after(async () => Promise.all(clients.map((c) => c.stop())));

  it('an edit in one article updates the diagnostics of the articles that name the same actor, as a fresh server publishes them', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    const stats = await client.indexed(fs.readdirSync(dir).length);
    // A spelling variant whose expected spelling another article writes: respelled there as the variant,
    // the counts in the variant's message change.
    let edit: { file: string; text: string; victim: string; message: string } | undefined;
    for (const f of fs.readdirSync(dir).sort()) {
      for (const d of client.diagnostics.get(uri(path.join(dir, f))) ?? []) {
        if (d.code !== 'spelling-variant') continue;
        const { expected, found } = d.data as { expected: string; found: string };
        const other = (d.relatedInformation ?? [])[0];
        if (!other) continue;
        const file = path.join(dir, decodeURIComponent(path.basename(other.location.uri)));
        const text = fs.readFileSync(file, 'utf8');
        const at = text.indexOf(expected);
        if (at < 0) continue;
        edit = { file, text: text.slice(0, at) + found + text.slice(at + expected.length), victim: f, message: String(d.message) };
        break;
      }
      if (edit) break;
    }
    assert.ok(edit, 'the seeds have a variant written as expected elsewhere');
    const u = uri(edit.file);
    await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text: fs.readFileSync(edit.file, 'utf8') } });
    await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: edit.text }] });
    await client.settled();
    const victim = uri(path.join(dir, edit.victim));
    assert.ok(!(client.diagnostics.get(victim) ?? []).some((d) => d.message === edit!.message), 'the message with the old counts is gone');
    // A server started on the final texts.
    fs.writeFileSync(edit.file, edit.text);
    const fresh = new TestClient();
    clients.push(fresh);
    await fresh.initialize(dir);
    await fresh.indexed(stats.articles);
    await fresh.settled();
    assert.deepEqual(published(client, dir), published(fresh, dir));
  });
});
