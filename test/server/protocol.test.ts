/**
 * Protocol tests: the real bundled server over stdio, on the seed articles and on articles written for
 * the tests, as an editor sees it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, Diagnostic, DocumentSymbol, Hover, Location, MarkupContent, TextEdit, WorkspaceEdit, TextDocumentEdit, SymbolInformation, SemanticTokens, DocumentHighlight } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, uri } from './lspClient';
import { OutlineOccurrence, OutlineResult, Requests, ServerCommands } from '../../server/src/protocol';
import { seedsCopy } from '../tempDir';

function workspace(): string {
  const dir = seedsCopy('arabic-news-lsp-');
  fs.mkdirSync(path.join(dir, 'unseen'));
  for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/unseen'))) fs.copyFileSync(path.join(ROOT, 'test/fixtures/unseen', f), path.join(dir, 'unseen', f));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'This is an English note, not an article.\n');
  return dir;
}

/** Position of the nth occurrence of a needle (plus an offset into it). */
function pos(text: string, needle: string, nth = 0, into = 1) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not found`);
  const before = text.slice(0, at + into);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const character = before.length - Math.max(before.lastIndexOf('\n') + 1, 0);
  return { line, character };
}

function rangeText(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  assert.equal(r.start.line, r.end.line);
  return lines[r.start.line]!.slice(r.start.character, r.end.character);
}

/** Applies LSP text edits to a text (ranges on single lines). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const e of sorted) {
    const l = lines[e.range.start.line]!;
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join('\n');
}

function editsByUri(edit: WorkspaceEdit): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const dc of (edit.documentChanges ?? []) as TextDocumentEdit[]) out.set(dc.textDocument.uri, dc.edits as TextEdit[]);
  for (const [u, e] of Object.entries(edit.changes ?? {})) out.set(u, e);
  return out;
}

describe('language server over stdio', function () {
  this.timeout(120000);
  let client: TestClient;
  let dir: string;
  const file = (name: string): string => path.join(dir, name);
  const text = (name: string): string => fs.readFileSync(file(name), 'utf8');
  const S0 = '000_068e7e3385a67ab6.txt';
  const S2 = '002_8ac1bda8dfbd2172.txt';
  const S3 = '003_72fcb7f55780ab1a.txt';

  before(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/server.js'))) throw new Error('dist/server.js missing: run npm run build');
    dir = workspace();
    client = new TestClient();
    const init = await client.initialize(dir);
    assert.ok(init.capabilities.hoverProvider);
    assert.deepEqual(init.capabilities.semanticTokensProvider && 'legend' in init.capabilities.semanticTokensProvider ? init.capabilities.semanticTokensProvider.legend.tokenTypes : [], ['person', 'organization', 'place']);
    await client.indexed(10); // 5 seeds + 5 unseen; the English note is not an article
  });
  after(async () => client?.stop());

  it('publishes diagnostics for articles that are not open, with code, source and related information', async () => {
    const diags = await client.until('diagnostics of 003', () => client.diagnostics.get(uri(file(S3)))?.length ? client.diagnostics.get(uri(file(S3))) : undefined);
    const lynf = diags.find((d) => rangeText(text(S3), d.range) === 'لينف');
    assert.ok(lynf, JSON.stringify(diags.map((d) => d.message)));
    assert.equal(lynf.code, 'spelling-variant');
    assert.equal(lynf.source, 'arabic-news');
    assert.match(String(lynf.message), /ليف/);
    assert.ok(lynf.relatedInformation && lynf.relatedInformation.length > 0);
    for (const ri of lynf.relatedInformation) {
      assert.notEqual(ri.location.uri, uri(file(S3)));
      const other = fs.readFileSync(new URL(ri.location.uri), 'utf8');
      assert.equal(rangeText(other, ri.location.range), 'ليف');
    }
    assert.ok(diags.some((d) => d.code === 'missing-space' && rangeText(text(S3), d.range) === 'لشنالهجوم'));
    assert.equal(client.diagnostics.get(uri(file('notes.txt'))), undefined, 'an English note is not an article');
  });

  it('hover on a clitic-prefixed mention shows the card: type, canonical, spellings with counts, articles, co-occurring actors, reasons', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri(file(S2)) }, position: pos(text(S2), 'وحفتر', 0, 2) });
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /خليفة حفتر/);
    assert.match(md, /Person/);
    assert.match(md, /\| Spelling \| Mentions \|/);
    assert.match(md, /\| ⁨?حفتر⁩? \| \d+ \|/);
    assert.match(md, /Articles:.*\]\(<file:\/\/.*#L\d+,\d+>\)/);
    assert.match(md, /\| Often with \| Shared articles \|/);
    assert.match(md, /Grouped because:/);
    assert.equal(rangeText(text(S2), h.range!), 'حفتر', 'the hover range is the name, not the clitic');
  });

  it('hover on plain text returns nothing', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(file(S2)) }, position: pos(text(S2), 'محادثات', 0, 2) });
    assert.equal(h, null);
  });

  it('definition of a short form lands on the first, fullest mention in another article', async () => {
    const loc = await client.request<Location>('textDocument/definition', { textDocument: { uri: uri(file('004_6b8f9d421b231bce.txt')) }, position: pos(text('004_6b8f9d421b231bce.txt'), 'المشير حفتر', 0, 8) });
    assert.ok(loc);
    assert.notEqual(loc.uri, uri(file('004_6b8f9d421b231bce.txt')));
    const target = fs.readFileSync(new URL(loc.uri), 'utf8');
    assert.equal(rangeText(target, loc.range), 'خليفة حفتر');
  });

  it('references list every mention in every article; document highlights stay in the article', async () => {
    const p = { textDocument: { uri: uri(file(S0)) }, position: pos(text(S0), 'فايز السراج', 0, 7) };
    const refs = await client.request<Location[]>('textDocument/references', { ...p, context: { includeDeclaration: true } });
    const uris = new Set(refs.map((r) => r.uri));
    assert.ok(uris.size >= 4, `${uris.size} articles`);
    for (const r of refs) assert.match(rangeText(fs.readFileSync(new URL(r.uri), 'utf8'), r.range), /سراج|السر/);
    const withoutDecl = await client.request<Location[]>('textDocument/references', { ...p, context: { includeDeclaration: false } });
    assert.equal(withoutDecl.length, refs.length - 1);
    const hl = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', p);
    assert.ok(hl.length >= 4 && hl.length < refs.length);
  });

  it('quick fix replaces the variant; the edit applied to the text gives the canonical spelling', async () => {
    const diags = client.diagnostics.get(uri(file(S3)))!;
    const d = diags.find((x) => rangeText(text(S3), x.range) === 'لينف')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(file(S3)) }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /ليف/);
    const edits = editsByUri(fix.edit!).get(uri(file(S3)))!;
    const after = applyEdits(text(S3), edits);
    assert.ok(after.includes('“ليف دينغوف”') && !after.includes('لينف'));
    assert.equal(after.length, text(S3).length - 1);
    const all = actions.find((a) => /in this article/.test(a.title));
    assert.ok(all, actions.map((a) => a.title).join('\n'));
  });

  it('"fix all in the corpus" is one edit over several articles that never touches a clitic', async () => {
    // The first seed article with a warning on فايز / فائز (whichever spelling is the rarer one).
    const variantIn = (name: string): Diagnostic | undefined => client.diagnostics.get(uri(file(name)))?.find((x) => rangeText(text(name), x.range) === 'فايز' || rangeText(text(name), x.range) === 'فائز');
    const seed = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().find((f) => variantIn(f));
    assert.ok(seed, 'a seed article with a فايز / فائز warning');
    const d = variantIn(seed)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(file(seed)) }, range: d.range, context: { diagnostics: [d] } });
    const corpus = actions.find((a) => /in the corpus/.test(a.title))!;
    assert.ok(corpus, actions.map((a) => a.title).join('\n'));
    const byUri = editsByUri(corpus.edit!);
    assert.ok(byUri.size >= 2, `${byUri.size} files`);
    for (const [u, edits] of byUri) {
      const t = fs.readFileSync(new URL(u), 'utf8');
      // only name tokens of that one actor are edited
      for (const e of edits) assert.match(rangeText(t, e.range), /^(فايز|فائز|سراج|السراج)$/);
    }
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(file(S3)) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0]!.kind, 'source.fixAll.arabicNews');
  });

  it('rename changes only names across articles, never clitics', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri(file(S2)) }, position: pos(text(S2), 'وحفتر', 0, 2), newName: 'خليفه حفتار' });
    const byUri = editsByUri(edit);
    assert.ok(byUri.size >= 4);
    for (const [u, edits] of byUri) {
      const t = fs.readFileSync(new URL(u), 'utf8');
      for (const e of edits) {
        const old = rangeText(t, e.range);
        assert.ok(['حفتر', 'خليفة'].includes(old), old);
        assert.equal(e.newText, old === 'حفتر' ? 'حفتار' : 'خليفه');
      }
    }
    const after = applyEdits(text(S2), byUri.get(uri(file(S2)))!);
    assert.ok(after.includes('وحفتار'), 'the clitic و stays');
  });

  it('document symbols group the article\'s actors by type; workspace symbols find an actor by any spelling', async () => {
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(file(S0)) } });
    assert.deepEqual(syms.map((s) => s.name).sort(), ['Organizations', 'Persons', 'Places']);
    const persons = syms.find((s) => s.name === 'Persons')!;
    assert.ok(persons.children!.some((c) => /السراج/.test(c.name)));
    const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'فائز' });
    assert.ok(ws.some((s) => /السراج/.test(s.name)));
    const ws2 = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'فايز' });
    assert.deepEqual(ws2.map((s) => s.name), ws.map((s) => s.name), 'normalization-insensitive');
  });

  it('semantic tokens mark mentions by type', async () => {
    const t = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: uri(file(S0)) } });
    assert.ok(t.data.length >= 5 * 10);
    const types = new Set<number>();
    for (let i = 3; i < t.data.length; i += 5) types.add(t.data[i]!);
    assert.deepEqual([...types].sort(), [0, 1, 2]);
  });

  it('outline request: types → actors → variants, with occurrences on demand and a filter', async () => {
    const o = await client.request<OutlineResult>(Requests.corpusOutline, {});
    assert.deepEqual([...new Set(o.actors.map((a) => a.type))].sort(), ['organization', 'person', 'place']);
    const sarraj = o.actors.find((a) => a.canonical.endsWith('السراج'))!;
    assert.ok(sarraj.variants.length >= 3);
    assert.ok(sarraj.variants.some((v) => v.flagged) && sarraj.variants.some((v) => v.canonical));
    const occ = await client.request<OutlineOccurrence[]>(Requests.occurrences, { actorId: sarraj.id });
    assert.equal(occ.length, sarraj.mentions);
    for (const x of occ) assert.ok(x.preview.length > 0 && x.preview.includes(rangeText(fs.readFileSync(new URL(x.uri), 'utf8'), x.range)));
    const filtered = await client.request<OutlineResult>(Requests.corpusOutline, { filter: 'فائز' });
    assert.ok(filtered.actors.length >= 1 && filtered.actors.every((a) => a.variants.some((v) => /ف[اأ][يئ]ز/.test(v.text))));
  });

  it('recognizes unseen articles: كوفي أنان / كوفي عنان are one person', async () => {
    const a1 = path.join(dir, 'unseen/a2.txt');
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri(a1) }, position: pos(fs.readFileSync(a1, 'utf8'), 'كوفي عنان', 0, 6) });
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /كوفي أنان|كوفي عنان/);
    assert.match(md, /\| ⁨?(عنان|أنان)⁩? \| \d+ \|/);
  });

  it('an edit in an open article updates its diagnostics (incremental sync)', async () => {
    const u = uri(file(S3));
    const t = text(S3);
    await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'plaintext', version: 1, text: t } });
    const at = pos(t, 'لينف', 0, 0);
    await client.notify('textDocument/didChange', {
      textDocument: { uri: u, version: 2 },
      contentChanges: [{ range: { start: { line: at.line, character: at.character + 2 }, end: { line: at.line, character: at.character + 3 } }, text: '' }],
    });
    await client.until('the لينف warning to disappear', () => {
      const d = client.diagnostics.get(u);
      return d && !d.some((x: Diagnostic) => String(x.message).includes('لينف')) ? true : undefined;
    });
    await client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('fix-all-in-corpus command asks the client to apply one edit', async () => {
    const n = client.appliedEdits.length;
    const r = await client.request<{ applied: boolean; changes: number }>('workspace/executeCommand', { command: ServerCommands.fixAllInCorpus, arguments: [] });
    assert.equal(r.applied, true);
    assert.ok(r.changes > 3);
    assert.equal(client.appliedEdits.length, n + 1);
  });

  it('the CLI starts the same server: arabic-news serve --stdio', async () => {
    const cli = new TestClient([], ['bin/arabic-news.js', 'serve', '--stdio']);
    try {
      const init = await cli.initialize(dir);
      assert.ok(init.capabilities.definitionProvider);
      assert.equal(init.serverInfo?.name, 'arabic-news-language-server');
    } finally {
      await cli.stop();
    }
  });

  it('a file created on disk is picked up through file watching', async () => {
    const f = path.join(dir, 'new.txt');
    fs.writeFileSync(f, 'قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا ستدعم ليبيا.\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(f), type: 1 }] });
    await client.indexed(11);
    fs.rmSync(f);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(f), type: 3 }] });
    await client.indexed(10);
  });
});
