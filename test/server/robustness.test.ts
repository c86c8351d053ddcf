/**
 * Protocol robustness of the real server over stdio: malformed and out-of-range requests get proper JSON-RPC
 * errors (InvalidParams -32602, MethodNotFound -32601) or empty results; hostile notifications and bytes on the
 * wire are survived; an edit storm of thousands of incremental changes ends in the same state as a fresh server
 * opened on the final text; cancelled requests answer RequestCancelled (-32800) or a result. After each, the
 * server still serves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { DocumentSymbol, Hover, MarkupContent, SemanticTokens, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TestClient, uri } from './lspClient';
import { seedsCopy } from '../tempDir';
import { CorpusStats, OutlineResult, Requests } from '../../server/src/protocol';
import { mulberry32 } from '../../scripts/prng';

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;
const REQUEST_CANCELLED = -32800;

const S2 = '002_8ac1bda8dfbd2172.txt';


/** The JSON-RPC error code a request fails with, or 'ok' with its result. */
async function outcome(client: TestClient, method: string, params: unknown): Promise<{ code: number | 'ok'; result?: unknown; message?: string }> {
  try {
    const result = await client.request(method, params);
    return { code: 'ok', result };
  } catch (e) {
    if (e instanceof ResponseError) return { code: e.code, message: e.message };
    throw e;
  }
}

/** Line/character of an offset, counted independently of the server (LF, CRLF and CR end lines). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n' && i + 1 < offset) continue;
    if (c === '\n' || c === '\r') {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}


const STORM_PIECES = [
  'فايز السراج', 'فائز', 'حفتر', 'وحفتر', 'خليفة حفتر', 'ليف', 'لينف', 'طرابلس', 'الرئيس ', 'وقال ', ' ', ' ', '\n', '\r\n', '',
  'َ', 'ّ', 'ـ', '\u200f', '\u202e', '\u2067', '\u2069', '😀', '𞸀', 'a', '٣', '7', '«', '»', '.', '،', 'لشنالهجوم',
];

describe('server robustness over stdio', function () {
  this.timeout(180000);
  let client: TestClient;
  let dir: string;
  let s2Uri: string;
  let s2Text: string;
  let mentionPos: { line: number; character: number };

  /** The server still answers a real hover on a known mention. */
  async function stillServes(): Promise<void> {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: s2Uri }, position: mentionPos });
    assert.ok(h && (h.contents as MarkupContent).value.includes('حفتر'), 'the server no longer answers hovers');
    assert.equal(client.proc.exitCode, null, 'the server exited');
  }

  before(async () => {
    dir = seedsCopy('arabic-news-robust-');
    s2Uri = uri(path.join(dir, S2));
    s2Text = fs.readFileSync(path.join(dir, S2), 'utf8');
    mentionPos = positionAt(s2Text, s2Text.indexOf('حفتر') + 1);
    client = new TestClient();
    await client.initialize(dir);
    await client.indexed(5);
  });
  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('malformed and out-of-range requests', () => {
    it('requests about unknown or never-opened documents answer empty results', async () => {
      for (const u of ['file:///no/such/article.txt', 'untitled:Untitled-9', 'not a uri at all', '', 'file:///%E0%A4%A.txt', 'http://example.com/x.txt']) {
        const td = { textDocument: { uri: u } };
        const at = { ...td, position: { line: 0, character: 0 } };
        assert.equal(await client.request('textDocument/hover', at), null, u);
        assert.equal(await client.request('textDocument/definition', at), null, u);
        assert.deepEqual(await client.request('textDocument/references', { ...at, context: { includeDeclaration: true } }) ?? [], [], u);
        assert.deepEqual(await client.request('textDocument/documentHighlight', at) ?? [], [], u);
        assert.equal(await client.request('textDocument/prepareRename', at), null, u);
        assert.equal(await client.request('textDocument/rename', { ...at, newName: 'x' }), null, u);
        assert.deepEqual(await client.request('textDocument/documentSymbol', td), [], u);
        assert.deepEqual((await client.request<SemanticTokens>('textDocument/semanticTokens/full', td)).data, [], u);
        assert.deepEqual(await client.request('textDocument/codeAction', { ...td, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), [], u);
        assert.equal(await client.request(Requests.actorAt, { uri: u, position: { line: 0, character: 0 } }), null, u);
      }
      assert.deepEqual(await client.request(Requests.occurrences, { actorId: 'actor:person:nobody' }), []);
      await stillServes();
    });

    it('positions past the end of a line or of the document are clamped, not errors', async () => {
      for (const position of [{ line: 0, character: 100000 }, { line: 100000, character: 0 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }]) {
        const r = await outcome(client, 'textDocument/hover', { textDocument: { uri: s2Uri }, position });
        assert.equal(r.code, 'ok', JSON.stringify(position));
        const d = await outcome(client, 'textDocument/definition', { textDocument: { uri: s2Uri }, position });
        assert.equal(d.code, 'ok', JSON.stringify(position));
      }
      await stillServes();
    });

    it('negative, fractional or non-numeric positions are InvalidParams', async () => {
      for (const position of [{ line: -1, character: 0 }, { line: 0, character: -3 }, { line: 1.5, character: 0 }, { line: 0, character: 'x' }, { line: null, character: 0 }, null, 'here']) {
        for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/documentHighlight', 'textDocument/prepareRename']) {
          const r = await outcome(client, method, { textDocument: { uri: s2Uri }, position });
          assert.equal(r.code, INVALID_PARAMS, `${method} ${JSON.stringify(position)} → ${JSON.stringify(r)}`);
        }
        const a = await outcome(client, Requests.actorAt, { uri: s2Uri, position });
        assert.equal(a.code, INVALID_PARAMS, `actorAt ${JSON.stringify(position)} → ${JSON.stringify(a)}`);
      }
      await stillServes();
    });

    it('malformed parameters are InvalidParams, with a message naming what is wrong', async () => {
      const cases: Array<[string, unknown]> = [
        ['textDocument/hover', {}],
        ['textDocument/hover', { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
        ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
        ['textDocument/definition', { position: { line: 0, character: 0 } }],
        ['textDocument/references', { textDocument: { uri: s2Uri }, position: mentionPos }],
        ['textDocument/rename', { textDocument: { uri: s2Uri }, position: mentionPos }],
        ['textDocument/rename', { textDocument: { uri: s2Uri }, position: mentionPos, newName: 42 }],
        ['textDocument/codeAction', { textDocument: { uri: s2Uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
        ['textDocument/codeAction', { textDocument: { uri: s2Uri }, range: {}, context: { diagnostics: [] } }],
        ['textDocument/codeAction', { textDocument: { uri: s2Uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: 'all' } }],
        ['textDocument/documentSymbol', { textDocument: {} }],
        ['textDocument/semanticTokens/full', {}],
        ['workspace/symbol', { query: 42 }],
        ['workspace/symbol', {}],
        ['workspace/executeCommand', {}],
        ['workspace/executeCommand', { command: 'arabicNews.server.fixActorInCorpus', arguments: [{ evil: true }] }],
        ['workspace/executeCommand', { command: 'arabicNews.server.fixActorInCorpus' }],
        [Requests.corpusOutline, { filter: 5 }],
        [Requests.corpusOutline, { type: 'alien' }],
        [Requests.corpusOutline, { limit: 'many' }],
        [Requests.occurrences, {}],
        [Requests.occurrences, { actorId: 'x', variant: 7 }],
        [Requests.actorAt, { uri: 5, position: { line: 0, character: 0 } }],
        [Requests.actorAt, {}],
      ];
      for (const [method, params] of cases) {
        const r = await outcome(client, method, params);
        assert.equal(r.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)} → ${JSON.stringify(r)}`);
        assert.match(r.message ?? '', /\S/);
      }
      await stillServes();
    });

    it('params given by position or missing where required are errors, not crashes', async () => {
      for (const method of ['textDocument/hover', Requests.occurrences, Requests.actorAt]) {
        const r = await outcome(client, method, null);
        assert.equal(r.code, INVALID_PARAMS, `${method} null → ${JSON.stringify(r)}`);
      }
      await stillServes();
    });

    it('random parameters for every request (fast-check) never cause an internal error, a hang or a crash', async () => {
      const methods = [
        'textDocument/hover', 'textDocument/definition', 'textDocument/declaration', 'textDocument/references', 'textDocument/documentHighlight',
        'textDocument/prepareRename', 'textDocument/rename', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full',
        'workspace/symbol', 'workspace/executeCommand', Requests.corpusOutline, Requests.occurrences, Requests.actorAt, Requests.stats,
      ];
      // mostly well-formed values, so the features themselves run on odd input, and now and then anything at all
      const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
      const uriArb = fc.oneof(w(6, fc.constant(s2Uri)), w(1, fc.constant('file:///nowhere.txt')), w(1, fc.string()), w(1, fc.anything()));
      const num = fc.oneof(w(12, fc.nat({ max: 60 })), w(1, fc.integer({ min: -5, max: 400 })), w(1, fc.constant(2 ** 31)), w(1, fc.double()), w(1, fc.anything()));
      const pos = fc.oneof(w(8, fc.record({ line: num, character: num })), w(1, fc.anything()));
      const rangeArb = fc.oneof(w(8, fc.record({ start: pos, end: pos })), w(1, fc.anything()));
      const diagnostic = fc.record({ source: fc.constantFrom('arabic-news', 'x'), code: fc.constantFrom('spelling-variant', 'missing-space', 7), message: fc.string(), range: rangeArb, data: fc.oneof(fc.record({ expected: fc.string(), found: fc.string(), actorId: fc.string() }), fc.anything()) });
      const params = fc.oneof(
        fc.record(
          { textDocument: fc.oneof(fc.record({ uri: uriArb }), fc.anything()), position: pos, range: rangeArb, newName: fc.oneof(fc.string(), fc.anything()), query: fc.oneof(fc.string(), fc.anything()),
            context: fc.oneof(fc.record({ includeDeclaration: fc.anything(), diagnostics: fc.oneof(fc.array(diagnostic, { maxLength: 3 }), fc.anything()), only: fc.anything() }), fc.anything()),
            command: fc.oneof(fc.constantFrom('arabicNews.server.fixActorInCorpus', 'arabicNews.server.fixAllInCorpus'), fc.string()), arguments: fc.oneof(fc.array(fc.anything()), fc.anything()),
            filter: fc.oneof(fc.string(), fc.anything()), type: fc.oneof(fc.constantFrom('person', 'place'), fc.anything()), limit: fc.oneof(fc.integer(), fc.anything()),
            actorId: fc.oneof(fc.string(), fc.anything()), variant: fc.oneof(fc.string(), fc.anything()), uri: uriArb },
          { requiredKeys: [] },
        ),
        fc.anything(),
      );
      const cases = fc.sample(fc.tuple(fc.constantFrom(...methods), params), { numRuns: 600, seed: 7 });
      const codes = new Map<string, number>();
      const editsBefore = client.appliedEdits.length;
      for (const [method, p] of cases) {
        // executeCommand may legitimately fix the corpus: keep it to invalid commands here
        if (method === 'workspace/executeCommand' && typeof p === 'object' && p !== null && /^arabicNews\.server\./.test(String((p as { command?: unknown }).command))) continue;
        const r = await outcome(client, method, p);
        assert.ok(r.code === 'ok' || r.code === INVALID_PARAMS, `${method} ${JSON.stringify(p)?.slice(0, 300)} → ${JSON.stringify(r).slice(0, 300)}`);
        codes.set(String(r.code), (codes.get(String(r.code)) ?? 0) + 1);
      }
      assert.equal(client.appliedEdits.length, editsBefore);
      console.log(`      random requests: ${[...codes].map(([c, n]) => `${n} ${c === 'ok' ? 'answered' : `error ${c}`}`).join(', ')}`);
      await stillServes();
    });

    it('unknown methods are MethodNotFound; unknown commands are InvalidParams and change nothing', async () => {
      assert.equal((await outcome(client, 'arabicNews/noSuchRequest', {})).code, METHOD_NOT_FOUND);
      assert.equal((await outcome(client, 'textDocument/noSuchThing', {})).code, METHOD_NOT_FOUND);
      const before = client.appliedEdits.length;
      const r = await outcome(client, 'workspace/executeCommand', { command: 'rm -rf /', arguments: [] });
      assert.equal(r.code, INVALID_PARAMS, JSON.stringify(r));
      assert.equal(client.appliedEdits.length, before, 'no edit was asked for');
      await stillServes();
    });

    it('a quick fix is never offered for a forged diagnostic whose range is empty, inverted or out of range', async () => {
      const forged = (range: unknown, found: string) => ({
        textDocument: { uri: s2Uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [{ source: 'arabic-news', code: 'spelling-variant', message: 'x', range, data: { expected: 'EVIL', found } }] },
      });
      for (const [range, found] of [
        [{ start: { line: 99999, character: 0 }, end: { line: 0, character: 0 } }, ''],
        [{ start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, ''],
        [{ start: { line: 3, character: 9 }, end: { line: 3, character: 2 } }, ''],
      ] as const) {
        const r = await outcome(client, 'textDocument/codeAction', forged(range, found));
        assert.ok(r.code === INVALID_PARAMS || (r.code === 'ok' && Array.isArray(r.result) && r.result.length === 0), `${JSON.stringify(range)} → ${JSON.stringify(r).slice(0, 300)}`);
      }
      await stillServes();
    });
  });

  describe('hostile notifications and bytes', () => {
    it('survives malformed notifications, changes to never-opened documents, bad watched-file events and garbage on the wire', async () => {
      await client.notify('textDocument/didOpen', {});
      await client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/x.arnews', languageId: 'arabic-news', version: 1 } });
      await client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/y.arnews', languageId: 'arabic-news', version: 1, text: 42 } });
      await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.txt', version: 3 }, contentChanges: [{ text: 'قال' }] });
      await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.txt', version: 3 }, contentChanges: 'x' });
      await client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.txt' } });
      await client.notify('textDocument/didClose', {});
      await client.notify('workspace/didChangeWatchedFiles', {});
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{}, { uri: 'http://example.com/a.txt', type: 1 }, { uri: 'file:///etc/passwd', type: 2 }, { uri: 'file:///dev/zero', type: 1 }, { uri: 5, type: 'x' }] });
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.notify('$/setTrace', { value: 'nonsense' });
      await client.notify('no/such/notification', { a: 1 });
      for (const body of ['{garbage!}', '[]', '{"jsonrpc":"2.0","id":{}}', '{"jsonrpc":"2.0","id":7,"method":5}', 'null', '"\ud800"']) {
        client.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
      await stillServes();
      const stats = await client.request<CorpusStats>(Requests.stats, undefined);
      assert.equal(stats.articles, 5, 'no phantom article from the hostile notifications (/etc/passwd, /dev/zero, half-opened documents)');
      assert.ok(!client.diagnostics.has('file:///tmp/x.arnews') || client.diagnostics.get('file:///tmp/x.arnews')!.length === 0);
    });

    it('didChange with an older, equal or missing version, or a range past the end, keeps the server consistent', async () => {
      const u = uri(path.join(dir, 'versions.arnews'));
      const base = 'قال الرئيس فايز السراج إن الحكومة مستعدة.\n';
      await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 10, text: base } });
      await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 5 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'وقال ' }] });
      await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 5 }, contentChanges: [{ range: { start: { line: 40, character: 0 }, end: { line: 99, character: 9 } }, text: 'خليفة حفتر' }] });
      await client.notify('textDocument/didChange', { textDocument: { uri: u }, contentChanges: [{ text: 'x' }] });
      await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 11 }, contentChanges: [] });
      await stillServes();
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      const names = JSON.stringify(symbols);
      assert.match(names, /السراج/, 'the document is still analysed');
      assert.match(names, /حفتر/, 'a change past the end appends at the end');
      await client.notify('textDocument/didClose', { textDocument: { uri: u } });
      await client.until('the closed scratch document to leave the corpus', () => (client.lastStats?.articles === 5 ? true : undefined));
    });
  });

  describe('open documents that stop being articles', () => {
    // An open .txt document sent as `plaintext` (as Neovim and Emacs send it) that is edited into text that is not
    // mostly Arabic leaves the corpus: no symbols, hovers or diagnostics of the old text remain.
    it('an open plaintext .txt edited into English leaves the corpus (no stale symbols or diagnostics)', async () => {
      const u = uri(path.join(dir, '004_6b8f9d421b231bce.txt'));
      const text = fs.readFileSync(path.join(dir, '004_6b8f9d421b231bce.txt'), 'utf8');
      await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'plaintext', version: 1, text } });
      assert.ok((await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } })).length > 0);
      await client.notify('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: 'These are English notes now.\n'.repeat(40) }] });
      assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: u } }), [], 'symbols of the old text');
      assert.deepEqual((await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: u } })).data, [], 'tokens of the old text');
      await client.until('no diagnostics for the English text', () => (client.diagnostics.get(u)?.length === 0 ? true : undefined), 5000);
      await client.notify('textDocument/didClose', { textDocument: { uri: u } });
    });
  });

  describe('edit storm', () => {
    const CHANGES = Number(process.env.EDIT_STORM || 2500);
    let fresh: TestClient | undefined;
    after(async () => fresh?.stop());

    it(`${CHANGES} incremental changes (random ranges, Arabic with marks, surrogate pairs and CRLF) end in the state of a fresh server on the final text`, async () => {
      const seed = Number(process.env.EDIT_STORM_SEED || 20240607);
      const rnd = mulberry32(seed);
      const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
      const u = uri(path.join(dir, S2));
      let text = s2Text;
      let version = 1;
      await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version, text } });
      let sent = 0;
      let notifications = 0;
      let fullReplacements = 0;
      const t0 = Date.now();
      while (sent < CHANGES) {
        const batch = 1 + Math.floor(rnd() * 6);
        const changes: TextDocumentContentChangeEvent[] = [];
        for (let i = 0; i < batch && sent < CHANGES; i++, sent++) {
          if (rnd() < 0.003) {
            // now and then the whole text at once, as some editors send it
            text = text.slice(0, Math.floor(text.length / 2)) + pick(STORM_PIECES) + text.slice(Math.floor(text.length / 2));
            changes.push({ text });
            fullReplacements++;
            continue;
          }
          // a random range (never inside a CRLF, which has no position), usually short, sometimes across lines
          let start = Math.floor(rnd() * (text.length + 1));
          while (start > 0 && text[start - 1] === '\r' && text[start] === '\n') start--;
          let end = Math.min(text.length, start + (rnd() < 0.9 ? Math.floor(rnd() * 8) : Math.floor(rnd() * 120)));
          while (end > 0 && end < text.length && text[end - 1] === '\r' && text[end] === '\n') end++;
          // pieces with marks and pair halves, or a passage of the original article (so names keep occurring);
          // the text neither shrinks away nor grows without bound
          const piece = (): string => {
            if (rnd() < 0.25) {
              const from = Math.floor(rnd() * s2Text.length);
              return s2Text.slice(from, from + 20 + Math.floor(rnd() * 60));
            }
            return pick(STORM_PIECES);
          };
          const count = text.length > 8000 ? 0 : text.length < 3000 ? 1 + Math.floor(rnd() * 3) : Math.floor(rnd() * 3);
          const insert = Array.from({ length: count }, piece).join('');
          changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert });
          text = text.slice(0, start) + insert + text.slice(end);
        }
        version++;
        notifications++;
        await client.notify('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: changes });
      }
      await client.until('diagnostics for the final version', () => (client.diagnosticVersions.get(u) === version ? true : undefined), 120000);
      await client.settled(120000);
      const stormMs = Date.now() - t0;

      fresh = new TestClient();
      await fresh.initialize(dir);
      await fresh.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text } });
      await fresh.indexed(5);
      await fresh.until('fresh diagnostics', () => (fresh!.diagnosticVersions.get(u) === 1 ? true : undefined));
      // Both servers have settled: the stormed one on its last version, the fresh one on its first.
      const ask = async (c: TestClient) => {
        const td = { textDocument: { uri: u } };
        const tokens = await c.request<SemanticTokens>('textDocument/semanticTokens/full', td);
        const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', td);
        const outline = await c.request<OutlineResult>(Requests.corpusOutline, {});
        const stats = await c.request<CorpusStats>(Requests.stats, undefined);
        const hovers: unknown[] = [];
        // a hover at every 97th offset and at the start of every symbol
        const offsets = Array.from({ length: Math.ceil(text.length / 97) }, (_, i) => i * 97);
        for (const o of offsets) hovers.push(await c.request('textDocument/hover', { ...td, position: positionAt(text, o) }));
        for (const s of symbols.flatMap((x) => [x, ...(x.children ?? [])])) hovers.push(await c.request('textDocument/hover', { ...td, position: s.selectionRange.start }));
        return { tokens: tokens.data, symbols, outline: outline.actors, stats: { ...stats, version: 0 }, hovers, diagnostics: c.diagnostics.get(u) };
      };
      const [stormed, expected] = [await ask(client), await ask(fresh)];
      assert.deepEqual(stormed.diagnostics, expected.diagnostics, 'diagnostics differ');
      assert.deepEqual(stormed.tokens, expected.tokens, 'semantic tokens differ');
      assert.deepEqual(stormed.symbols, expected.symbols, 'document symbols differ');
      assert.deepEqual(stormed.outline, expected.outline, 'corpus outline differs');
      assert.deepEqual(stormed.stats, expected.stats, 'stats differ');
      assert.deepEqual(stormed.hovers, expected.hovers, 'hovers differ');
      assert.ok(stormed.hovers.some((h) => h !== null), `the final text still has mentions to hover: ${stormed.symbols.length} symbol groups, text ${JSON.stringify(text.slice(0, 300))}`);
      console.log(`      edit storm: ${sent} changes in ${notifications} didChange notifications (${fullReplacements} full-text), seed ${seed}, final text ${text.length} code units, ${(stormMs / 1000).toFixed(1)} s; ${stormed.hovers.length} hovers, ${stormed.symbols.length} symbol groups compared`);
      await client.notify('textDocument/didClose', { textDocument: { uri: u } });
      await stillServes();
    });
  });

  describe('cancellation', () => {
    it('requests cancelled while the server is busy answer RequestCancelled (or a result), and the server keeps serving', async () => {
      // A large article keeps the server busy analysing it; the hovers queued behind it are cancelled at once.
      const big = uri(path.join(dir, 'big.arnews'));
      const bigText = s2Text.repeat(60);
      await client.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'arabic-news', version: 1, text: bigText } });
      const pending: Array<Promise<{ code: number | 'ok' }>> = [];
      for (let i = 0; i < 20; i++) {
        const cts = new CancellationTokenSource();
        pending.push(
          client.conn.sendRequest('textDocument/hover', { textDocument: { uri: s2Uri }, position: mentionPos }, cts.token).then(
            () => ({ code: 'ok' as const }),
            (e: unknown) => ({ code: e instanceof ResponseError ? e.code : -1 }),
          ),
        );
        cts.cancel();
      }
      const results = await Promise.all(pending);
      for (const r of results) assert.ok(r.code === 'ok' || r.code === REQUEST_CANCELLED, JSON.stringify(r));
      const cancelled = results.filter((r) => r.code === REQUEST_CANCELLED).length;
      assert.ok(cancelled > 0, 'no queued request was answered RequestCancelled');
      console.log(`      cancellation: ${cancelled} of ${results.length} queued requests answered RequestCancelled, the rest a result`);
      await client.notify('textDocument/didClose', { textDocument: { uri: big } });
      await stillServes();
    });

    it('a rebuild cancelled mid-way answers RequestCancelled or its result, and leaves a complete index', async () => {
      const cts = new CancellationTokenSource();
      const p = client.conn.sendRequest<CorpusStats>(Requests.rebuildIndex, undefined, cts.token).then(
        (s) => ({ code: 'ok' as const, s }),
        (e: unknown) => ({ code: e instanceof ResponseError ? e.code : -1, s: undefined }),
      );
      setTimeout(() => cts.cancel(), 5);
      const r = await p;
      assert.ok(r.code === 'ok' || r.code === REQUEST_CANCELLED, JSON.stringify(r));
      // A rebuild that is not cancelled, queued behind the cancelled one, finds the whole corpus.
      const after = await client.request<CorpusStats>(Requests.rebuildIndex, undefined);
      assert.equal(after.articles, 5);
      assert.equal(after.indexing, false);
      await stillServes();
    });
  });
});
