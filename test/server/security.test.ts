/**
 * Security of the language server:
 * - crafted articles (file names and text with markdown links to command: and javascript: URIs, HTML, backticks,
 *   percent signs, bidi overrides) never inject anything into hover markdown: the only links are the server's own
 *   links to article locations, there is no HTML, and no bidi control but the server's own balanced isolates;
 * - in an untrusted workspace (initializationOptions.trusted === false) the server analyses but refuses
 *   corpus-wide fixes, until the client says the workspace is trusted;
 * - the server and the CLI run no process and open no network connection: a preload makes every such call fail
 *   loudly, and a whole session (scan, every feature, fixes, rebuild, exit) and the CLI commands run without one.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResponseError } from 'vscode-jsonrpc/node';
import { CodeAction, Diagnostic, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, uri } from './lspClient';
import { seedText } from './badFolder';
import { CorpusStats, Notifications, Requests, ServerCommands } from '../../server/src/protocol';

const NO_ESCAPE = path.join(ROOT, 'test/fixtures/faults/noEscape.cjs');

/** Hostile file names (each holds a seed article, so the same actors are listed with links to all of them). */
const HOSTILE_NAMES = [
  '[click](command:workbench.action.terminal.new).txt',
  '<img src=x onerror=alert(1)>.txt',
  '50% ](javascript:alert(1)) `code`.txt',
  '\u202etxt.exe\u202c *bold* _i_ #h ~s~ !x.txt',
  'a%41%zz <b onmouseover=x>b &amp; [x]: https:@www.e.vil $(bug).txt',
];

/** Seed text with hostile pieces written around and inside names. */
function craft(text: string, i: number): string {
  const evil = [
    ' [انقر هنا](command:workbench.action.terminal.new?%5B%22rm%22%5D) ',
    ' <img src=x onerror="alert(1)"> <script>alert(1)</script> ',
    ' `code` ](javascript:alert(1)) [x]: javascript:alert(1) ',
    ' \u202eفايز السراج\u202c و\u2067حفتر\u2069 ',
    ' <a href="command:evil">فايز</a> ',
  ][i]!;
  const cut = text.indexOf('\n', 200);
  return text.slice(0, cut) + evil + 'وقال فا\u202eيز السراج' + evil + text.slice(cut);
}

/** Checks one hover's markdown; returns problems found (empty when safe). */
function unsafe(md: string): string[] {
  const problems: string[] = [];
  const links: string[] = [];
  for (let i = 0; i < md.length; i++) {
    const c = md[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === ']' && md[i + 1] === '(') {
      const close = md.indexOf('>)', i);
      const target = md.slice(i + 2, close + 1);
      if (!/^<file:\/\/\/[^<>\s]*#L\d+,\d+>$/.test(target)) problems.push(`link target ${JSON.stringify(md.slice(i, i + 80))}`);
      links.push(target);
      if (close > 0) i = close + 1;
      continue;
    }
    if (c === '<') problems.push(`raw < at ${JSON.stringify(md.slice(i, i + 30))}`);
    if (c === '`') problems.push(`raw backtick at ${JSON.stringify(md.slice(Math.max(0, i - 10), i + 20))}`);
    if (c === ']' && md[i + 1] === ':') problems.push(`link reference definition at ${JSON.stringify(md.slice(i, i + 30))}`);
    if (/^(https?:|ftp:|www\.|mailto:)/i.test(md.slice(i, i + 7)) && md[i - 1] !== '<') problems.push(`an autolink at ${JSON.stringify(md.slice(i, i + 30))}`);
  }
  if (/[\u202a-\u202e\u2066\u2067\u200e\u200f\u061c]/.test(md)) problems.push('a bidi embedding, override or mark from the article');
  let depth = 0;
  for (const ch of md) {
    if (ch === '\u2068') depth++;
    if (ch === '\u2069' && --depth < 0) problems.push('an unbalanced isolate');
    if (ch === '\n' && depth !== 0) problems.push('an isolate open across lines');
  }
  if (/command:|javascript:/i.test(links.join(' '))) problems.push('command: or javascript: link');
  return problems;
}

function hostileWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-security-'));
  HOSTILE_NAMES.forEach((name, i) => fs.writeFileSync(path.join(dir, name), craft(seedText(i), i)));
  return dir;
}

describe('security: crafted articles cannot inject into hovers', function () {
  this.timeout(120000);
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = hostileWorkspace();
    client = new TestClient();
    await client.initialize(dir);
    await client.indexed(HOSTILE_NAMES.length);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every hover on every mention of every crafted article is safe markdown, and names the articles as they are called', async () => {
    let hovers = 0;
    const seenNames = new Set<string>();
    for (const name of HOSTILE_NAMES) {
      const u = uri(path.join(dir, name));
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      const positions = symbols.flatMap((g) => g.children ?? []).map((s) => s.selectionRange.start);
      assert.ok(positions.length > 5, `${name}: mentions found`);
      for (const position of positions) {
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position });
        assert.ok(h, `${name}: a hover at ${JSON.stringify(position)}`);
        const md = (h.contents as MarkupContent).value;
        assert.deepEqual(unsafe(md), [], md);
        hovers++;
        for (const n of HOSTILE_NAMES) if (md.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').includes(n.replace(/\.txt$/, '').replace(/[\u202a-\u202e]/g, ''))) seenNames.add(n);
      }
    }
    assert.ok(hovers > 50, `${hovers} hovers`);
    // The labels show the real file names (unescaped by a markdown renderer), percent signs included.
    for (const n of HOSTILE_NAMES) assert.ok(seenNames.has(n), `no hover names ${JSON.stringify(n)}; seen ${JSON.stringify([...seenNames])}`);
  });

  it('the spelling variant written with a bidi override is reported, and its message and quick fix carry no override', async () => {
    const u = uri(path.join(dir, HOSTILE_NAMES[0]!));
    const diags = await client.until('diagnostics', () => client.diagnostics.get(u)?.some((d) => d.code === 'spelling-variant') ? client.diagnostics.get(u) : undefined);
    for (const d of diags as Diagnostic[]) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
      for (const a of actions) assert.doesNotMatch(a.title, /[\u202a-\u202e\u2066-\u2069]/, a.title);
    }
  });
});

describe('security: untrusted workspaces', function () {
  this.timeout(120000);
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-untrusted-'));
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `seed${i}.txt`), seedText(i));
    client = new TestClient();
    await client.initialize(dir, {}, { trusted: false });
    await client.indexed(5);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('analyses as usual: diagnostics, hovers, outline', async () => {
    const u = uri(path.join(dir, 'seed3.txt'));
    await client.until('diagnostics', () => client.diagnostics.get(u)?.length ? true : undefined);
    const stats = await client.request<CorpusStats>(Requests.stats, undefined);
    assert.ok(stats.actors > 10 && stats.spellingIssues > 0);
  });

  it('refuses corpus-wide fixes (no edit is asked of the client) and offers no fix that edits other articles', async () => {
    for (const [command, args] of [[ServerCommands.fixAllInCorpus, []], [ServerCommands.fixActorInCorpus, ['actor:person:x']]] as const) {
      await assert.rejects(client.request('workspace/executeCommand', { command, arguments: args }), (e: unknown) => e instanceof ResponseError && /untrusted|Restricted Mode/i.test(e.message));
    }
    assert.equal(client.appliedEdits.length, 0);
    const u = uri(path.join(dir, 'seed3.txt'));
    const d = client.diagnostics.get(u)!.find((x) => x.code === 'spelling-variant')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.some((a) => /^Replace with/.test(a.title)), 'the fix in this article is offered');
    for (const a of actions) {
      const docs = new Set([...Object.keys(a.edit?.changes ?? {}), ...((a.edit?.documentChanges ?? []) as Array<{ textDocument: { uri: string } }>).map((c) => c.textDocument.uri)]);
      assert.deepEqual([...docs], [u], `${a.title} edits other articles`);
    }
  });

  it('allows them once the client reports that the workspace is trusted', async () => {
    await client.notify(Notifications.workspaceTrust, { trusted: true });
    const r = await client.request<{ applied: boolean; changes: number }>('workspace/executeCommand', { command: ServerCommands.fixAllInCorpus, arguments: [] });
    assert.equal(r.applied, true);
    assert.ok(r.changes > 0);
    assert.equal(client.appliedEdits.length, 1);
  });
});

describe('security: no process, no network', function () {
  this.timeout(180000);

  it('a whole server session (scan, every feature, fixes, rebuild, file events, shutdown) starts no process and opens no connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-noescape-'));
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `seed${i}.txt`), seedText(i));
    const client = new TestClient(['--stdio'], undefined, ['--require', NO_ESCAPE]);
    try {
      await client.initialize(dir);
      await client.indexed(5);
      const u = uri(path.join(dir, 'seed2.txt'));
      const text = fs.readFileSync(path.join(dir, 'seed2.txt'), 'utf8');
      await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text } });
      const at = text.indexOf('حفتر');
      const line = text.slice(0, at).split('\n').length - 1;
      const position = { line, character: at - (text.lastIndexOf('\n', at) + 1) + 1 };
      const td = { textDocument: { uri: u } };
      for (const [m, p] of [
        ['textDocument/hover', { ...td, position }], ['textDocument/definition', { ...td, position }], ['textDocument/references', { ...td, position, context: { includeDeclaration: true } }],
        ['textDocument/documentHighlight', { ...td, position }], ['textDocument/prepareRename', { ...td, position }], ['textDocument/rename', { ...td, position, newName: 'خليفة حفتر' }],
        ['textDocument/documentSymbol', td], ['workspace/symbol', { query: 'حفتر' }], ['textDocument/semanticTokens/full', td],
        ['textDocument/codeAction', { ...td, range: { start: position, end: position }, context: { diagnostics: client.diagnostics.get(u) ?? [] } }],
        [Requests.corpusOutline, {}], [Requests.stats, undefined], [Requests.rebuildIndex, undefined],
        ['workspace/executeCommand', { command: ServerCommands.fixAllInCorpus, arguments: [] }],
      ] as const) await client.request(m, p);
      fs.writeFileSync(path.join(dir, 'new.txt'), seedText(1));
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(dir, 'new.txt')), type: 1 }] });
      await client.indexed(6);
      assert.equal(client.proc.exitCode, null, client.stderr);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.doesNotMatch(client.stderr, /NO-ESCAPE/, client.stderr);
  });

  it('the CLI commands start no process and open no connection', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-noescape-cli-'));
    try {
      for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `seed${i}.txt`), seedText(i));
      for (const args of [['actors', dir], ['lint', '--format', 'json', dir], ['export', '--format', 'jsonl', dir], ['export', '--format', 'brat', '--out', path.join(dir, 'brat'), dir], ['fix', '--write', dir]]) {
        const r = spawnSync(process.execPath, ['--require', NO_ESCAPE, path.join(ROOT, 'bin/arabic-news.js'), ...args], { encoding: 'utf8', timeout: 60000 });
        assert.ok(r.status === 0 || r.status === 1, `${args[0]}: exit ${r.status} ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /NO-ESCAPE/, `${args.join(' ')}: ${r.stderr}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the preload does catch a process start and a connection (the check itself works)', () => {
    const probe = `
      try { require('child_process').execSync('true'); } catch {}
      try { require('net').connect(9, '127.0.0.1').on('error', () => {}); } catch {}
      try { require('https').get('https://example.com').on('error', () => {}); } catch {}
      try { fetch('https://example.com').catch(() => {}); } catch {}`;
    const r = spawnSync(process.execPath, ['--require', NO_ESCAPE, '-e', probe], { encoding: 'utf8', timeout: 30000 });
    for (const what of ['child_process.execSync', 'net.connect', 'https.get', 'fetch']) assert.match(r.stderr, new RegExp(`NO-ESCAPE: ${what.replace('.', '\\.')}`), r.stderr);
  });
});
