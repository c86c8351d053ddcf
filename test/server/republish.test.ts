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
  /** A server on `dir`, once it has indexed it. */
  const started = async (dir: string): Promise<{ client: TestClient; articles: number }> => {
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    return { client, articles: (await client.indexed(fs.readdirSync(dir).length)).articles };
  };
  /** `client` has published what a server started on the final texts publishes. */
  const assertAsFresh = async (client: TestClient, dir: string, articles: number): Promise<void> => {
    const fresh = new TestClient();
    clients.push(fresh);
    await fresh.initialize(dir);
    await fresh.indexed(articles);
    await fresh.settled();
    assert.deepEqual(published(client, dir), published(fresh, dir));
  };

  it('an edit in one article updates the diagnostics of the articles that name the same actor, as a fresh server publishes them', async () => {
    const dir = workspace();
    const { client, articles } = await started(dir);
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
    fs.writeFileSync(edit.file, edit.text);
    await assertAsFresh(client, dir, articles);
  });

  it('an edit that moves the mention another article\'s related information points at (no name respelled) moves that related information, as a fresh server publishes it', async () => {
    const dir = workspace();
    const { client, articles } = await started(dir);
    // A diagnostic whose related information points into another article: a line added at the start of
    // that article moves the mention pointed at, and nothing else changes for the actor.
    let target: { file: string; victim: string; line: number } | undefined;
    for (const f of fs.readdirSync(dir).sort()) {
      for (const d of client.diagnostics.get(uri(path.join(dir, f))) ?? []) {
        const other = d.code === 'spelling-variant' ? (d.relatedInformation ?? [])[0] : undefined;
        if (!other) continue;
        target = { file: path.join(dir, decodeURIComponent(path.basename(other.location.uri))), victim: f, line: other.location.range.start.line };
        break;
      }
      if (target) break;
    }
    assert.ok(target, 'the seeds have a diagnostic with related information in another article');
    const u = uri(target.file);
    const text = fs.readFileSync(target.file, 'utf8');
    const moved = 'خبر.\n' + text;
    await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text } });
    await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'خبر.\n' }] });
    await client.settled();
    const victim = client.diagnostics.get(uri(path.join(dir, target.victim))) ?? [];
    const lines = victim.flatMap((d) => (d.relatedInformation ?? []).filter((r) => r.location.uri === u).map((r) => r.location.range.start.line));
    assert.ok(lines.includes(target.line + 1), `the related information moved a line down (${target.line} → ${lines.join(', ')})`);
    fs.writeFileSync(target.file, moved);
    await assertAsFresh(client, dir, articles);
  });
});
