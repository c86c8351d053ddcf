/**
 * Annotation over the protocol: the real server over stdio, on articles written for the tests. Code actions
 * produce the right decision edits, the decisions file is written (merged, atomic) and applied at once to hover,
 * diagnostics and the outline; a broken file gives diagnostics and a notification and is never overwritten.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, Command, Diagnostic, Hover, MarkupContent, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, uri } from './lspClient';
import { AnnotateRequest, AnnotateResult, CLIENT_MARK_COMMAND, DecisionsInfo, ExportReport, ImportResult, NameOccurrencesResult, OutlineResult, Requests, ServerCommands } from '../../server/src/protocol';
import { tempDir } from '../tempDir';

function pos(text: string, needle: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not found`);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}
function range(text: string, needle: string, nth = 0) {
  const s = pos(text, needle, nth);
  return { start: s, end: { line: s.line, character: s.character + needle.length } };
}

describe('annotation over the protocol (stdio)', function () {
  this.timeout(120000);
  let client: TestClient;
  let dir: string;
  const messages: string[] = [];
  const A1 = 'a1.txt';
  const A2 = 'a2.txt';
  const file = (n: string): string => path.join(dir, n);
  const text = (n: string): string => fs.readFileSync(file(n), 'utf8');
  const decisionsPath = (): string => path.join(dir, '.arabic-news/annotations.json');
  const decisions = () => JSON.parse(fs.readFileSync(decisionsPath(), 'utf8'));
  const annotate = (req: AnnotateRequest) => client.request<AnnotateResult>('workspace/executeCommand', { command: ServerCommands.annotate, arguments: [req] });
  const actions = (name: string, r: ReturnType<typeof range>, diagnostics: Diagnostic[] = []) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(file(name)) }, range: r, context: { diagnostics } });
  const hover = async (name: string, needle: string) => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(file(name)) }, position: { ...pos(text(name), needle), character: pos(text(name), needle).character + 1 } });
    return h ? (h.contents as MarkupContent).value : '';
  };
  const watched = (f: string, type = 2) => client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(f), type }] });

  before(async () => {
    dir = tempDir('arabic-news-annot-');
    for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/annotations'))) fs.copyFileSync(path.join(ROOT, 'test/fixtures/annotations', f), path.join(dir, f));
    client = new TestClient();
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void messages.push(p.message));
    await client.initialize(dir, { workspace: { applyEdit: true, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true }, semanticTokens: { refreshSupport: true } } });
    await client.indexed(2);
  });
  after(async () => client?.stop());

  it('offers to mark a selection as a person, organization or place (the client opens the occurrence preview)', async () => {
    const list = await actions(A1, range(text(A1), 'مصراتة'));
    const mark = list.filter((a) => (a.command as Command | undefined)?.command === CLIENT_MARK_COMMAND);
    assert.deepEqual(mark.map((a) => (a.command as Command).arguments![2]), ['person', 'organization', 'place']);
    assert.equal(await hover(A1, 'مصراتة'), '', 'the name is missed before it is marked');
  });

  it('lists every occurrence of a selected name, clitics and diacritics included, the selected article first', async () => {
    const r = await client.request<NameOccurrencesResult>(Requests.nameOccurrences, { uri: uri(file(A2)), range: range(text(A2), 'بوزيّان') });
    assert.equal(r.name, 'بوزيّان');
    assert.equal(r.occurrences[0]!.uri, uri(file(A2)));
    assert.deepEqual(r.occurrences.map((o) => o.text).sort(), ['بوزيان', 'بوزيان', 'بوزيّان'].sort());
    const l = await client.request<NameOccurrencesResult>(Requests.nameOccurrences, { uri: uri(file(A2)), range: range(text(A2), 'لافروف') });
    assert.ok(l.occurrences.some((o) => o.text === 'لافروف' && o.preview.includes('ولافروف')), JSON.stringify(l.occurrences));
    assert.ok(l.occurrences.every((o) => o.actor === undefined || o.actor.type === 'person'));
  });

  it('marking writes the decisions file (stable, one entry per line) and hover and outline follow at once', async () => {
    const r = await annotate({ action: 'mark', type: 'place', spans: [{ uri: uri(file(A1)), range: range(text(A1), 'مصراتة'), text: 'مصراتة' }] });
    assert.equal(r.applied, true, r.message);
    const d = decisions();
    assert.deepEqual(d.added, [{ file: A1, start: text(A1).indexOf('مصراتة'), end: text(A1).indexOf('مصراتة') + 6, text: 'مصراتة', type: 'place', actor: r.actorId }]);
    assert.deepEqual(d.actors, [{ id: r.actorId, canonical: 'مصراتة', type: 'place' }]);
    assert.match(fs.readFileSync(decisionsPath(), 'utf8'), /^ {4}\{ "file": "a1\.txt", "start": \d+, "end": \d+, "text": "مصراتة", "type": "place", "actor": "[^"]+" \}$/m);
    assert.match(await hover(A1, 'مصراتة'), /Place/);
    const outline = await client.request<OutlineResult>(Requests.corpusOutline, { type: 'place' });
    assert.ok(outline.actors.some((a) => a.canonical === 'مصراتة'));
    assert.deepEqual(fs.readdirSync(path.dirname(decisionsPath())).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
  });

  it('the remove code action produces a removal; undo takes it back', async () => {
    const list = await actions(A1, { start: pos(text(A1), 'غسان'), end: pos(text(A1), 'غسان') });
    const remove = list.find((a) => a.title.startsWith('Remove the entity'))!;
    assert.ok(remove, list.map((a) => a.title).join(' | '));
    const req = (remove.command as Command).arguments![0] as AnnotateRequest;
    assert.equal(req.action, 'remove');
    assert.equal((await annotate(req)).applied, true);
    assert.equal(decisions().removed.length, 1);
    assert.equal(decisions().removed[0].text, 'غسان سلامة');
    assert.equal(await hover(A1, 'غسان'), '');
    assert.equal((await annotate({ action: 'undo' })).applied, true);
    assert.deepEqual(decisions().removed, []);
    assert.notEqual(await hover(A1, 'غسان'), '');
  });

  it('a spelling warning offers keep-separate and accept; keep separate makes it go away and stay away', async () => {
    const u = uri(file(A2));
    const diags = await client.until('a spelling warning in a2', () => client.diagnostics.get(u)?.filter((d) => d.code === 'spelling-variant' && rangeText(text(A2), d.range) === 'سراج'));
    const list = await actions(A2, diags[0]!.range, diags);
    const keep = list.find((a) => a.title.includes('keep separate'))!;
    assert.ok(keep, list.map((a) => a.title).join(' | '));
    assert.ok(list.some((a) => a.title.startsWith('Accept «فايز سراج»')));
    const req = (keep.command as Command).arguments![0] as AnnotateRequest;
    assert.deepEqual(req, { action: 'keepSeparate', spelling: 'فايز سراج', other: 'فايز السراج' });
    assert.equal((await annotate(req)).applied, true);
    assert.deepEqual(decisions().keepSeparate, [['فايز السراج', 'فايز سراج']]);
    await client.until('the warning to go away', () => !client.diagnostics.get(u)?.some((d) => rangeText(text(A2), d.range) === 'سراج'));
  });

  it('an external edit made meanwhile is merged, not clobbered', async () => {
    const before = fs.readFileSync(decisionsPath(), 'utf8');
    fs.writeFileSync(decisionsPath(), before.replace('"notEntities": []', '"notEntities": ["المبادرة"]'));
    const r = await annotate({ action: 'notEntity', text: 'ليبيا' });
    assert.equal(r.applied, true, r.message);
    assert.deepEqual(decisions().notEntities, ['المبادرة', 'ليبيا']);
    assert.equal(decisions().keepSeparate.length, 1);
  });

  it('a broken decisions file: diagnostics in it, one notification, the last good state kept, the file never overwritten', async () => {
    const broken = fs.readFileSync(decisionsPath(), 'utf8').replace('"version": 1,', '"version": 1,\n  "actors": 3,');
    fs.writeFileSync(decisionsPath(), broken);
    await watched(decisionsPath());
    const du = uri(decisionsPath());
    const d = await client.until('diagnostics in the decisions file', () => client.diagnostics.get(du)?.length ? client.diagnostics.get(du) : undefined);
    assert.ok(d.some((x) => /"actors" must be an array|Duplicate property/.test(String(x.message))), JSON.stringify(d));
    await client.until('a notification', () => messages.some((m) => /has errors/.test(m)));
    assert.match(await hover(A1, 'مصراتة'), /Place/, 'the last good decisions stay in use');
    const r = await annotate({ action: 'notEntity', text: 'موسكو' });
    assert.equal(r.applied, false);
    assert.match(r.message!, /has errors/);
    assert.equal(fs.readFileSync(decisionsPath(), 'utf8'), broken);
    const info = await client.request<DecisionsInfo>(Requests.decisionsInfo, null);
    assert.ok(info.errors > 0);
    // Fixed on disk: applied again, diagnostics cleared.
    fs.writeFileSync(decisionsPath(), broken.replace('\n  "actors": 3,', ''));
    await watched(decisionsPath());
    await client.until('the decisions diagnostics to clear', () => client.diagnostics.get(du)?.length === 0);
  });

  it('with the decisions file open, an action is a workspace edit of it (undoable in the editor)', async () => {
    const du = uri(decisionsPath());
    const current = fs.readFileSync(decisionsPath(), 'utf8');
    await client.notify('textDocument/didOpen', { textDocument: { uri: du, languageId: 'json', version: 1, text: current } });
    const n = client.appliedEdits.length;
    const r = await annotate({ action: 'setType', actorId: (await client.request<OutlineResult>(Requests.corpusOutline, { filter: 'مصراتة' })).actors[0]!.id, type: 'organization' });
    assert.equal(r.applied, true, r.message);
    const edit = client.appliedEdits[n] as { documentChanges: TextDocumentEdit[] };
    assert.equal(edit.documentChanges[0]!.textDocument.uri, du);
    assert.match((edit.documentChanges[0]!.edits[0] as { newText: string }).newText, /"canonical": "مصراتة", "type": "organization"/);
    assert.equal(fs.readFileSync(decisionsPath(), 'utf8'), current, 'the editor saves it, not the server');
    assert.match(await hover(A1, 'مصراتة'), /Organization/, 'applied at once');
    await client.notify('textDocument/didClose', { textDocument: { uri: du } });
  });

  it('exports JSONL and brat into a folder with counts, and imports them back', async () => {
    const out = tempDir('arabic-news-export-');
    const j = await client.request<ExportReport>(Requests.exportAnnotations, { format: 'jsonl', folder: out });
    assert.ok(j.counts.person > 0 && j.counts.place > 0);
    const b = await client.request<ExportReport>(Requests.exportAnnotations, { format: 'brat', folder: out });
    assert.ok(fs.readFileSync(path.join(out, 'a1.ann'), 'utf8').includes('\tReference T1 arabic-news:'));
    assert.equal(b.notRepresented.length, 0);
    const c = await client.request<ExportReport>(Requests.exportAnnotations, { format: 'conll', folder: out });
    assert.ok(c.notRepresented.some((n) => /actor of each/.test(n)));
    const i = await client.request<ImportResult>(Requests.importAnnotations, { format: 'brat', source: out });
    assert.equal(i.applied, true, i.message);
    assert.deepEqual(i.differences, []);
    assert.deepEqual(i.problems, []);
    const again = await client.request<ExportReport>(Requests.exportAnnotations, { format: 'jsonl', folder: tempDir('arabic-news-export-again-') });
    assert.equal(fs.readFileSync(again.written[0]!, 'utf8'), fs.readFileSync(j.written[0]!, 'utf8'));
  });
});

function rangeText(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return text.split('\n')[r.start.line]!.slice(r.start.character, r.end.character);
}
