/**
 * The persisted index over stdio: a second start on the same workspace storage reads every article's
 * analysis from disk and answers exactly as a cold start does (diagnostics, hovers, actors); articles
 * changed, deleted or added while the server was down are picked up; a corrupt, truncated or foreign
 * cache file is reported and ignored, never trusted.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, uri } from './lspClient';
import { OutlineResult, Requests } from '../../server/src/protocol';
import { CACHE_FILE } from '../../server/src/node/analysisCache';
import { PASS_FILE } from '../../server/src/node/passCache';
import { seedsCopy, tempDir } from '../tempDir';
import { FAULTY_FS } from './badFolder';

function workspace(): string {
  const dir = seedsCopy('arabic-news-cache-');
  for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/unseen'))) fs.copyFileSync(path.join(ROOT, 'test/fixtures/unseen', f), path.join(dir, 'u-' + f));
  return dir;
}

/** What a client sees of the corpus: every article's diagnostics, a hover on every mention, the outline. */
interface Observed {
  diagnostics: Record<string, Diagnostic[]>;
  hovers: Record<string, Array<Hover | null>>;
  outline: OutlineResult;
  log: string;
}

/** Reads the header of a cache file (magic, then a length-prefixed JSON header). */
function header(file: string): { entries: number; engine: string } {
  const raw = fs.readFileSync(file);
  assert.equal(raw.toString('latin1', 0, 8), 'ANIDX003');
  return JSON.parse(raw.toString('utf8', 12, 12 + raw.readUInt32LE(8))) as { entries: number; engine: string };
}

/** Mention positions of a document, from its semantic tokens. */
function positions(data: readonly number[]): Array<{ line: number; character: number }> {
  const out: Array<{ line: number; character: number }> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i]!;
    character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
    out.push({ line, character });
  }
  return out;
}

describe('persisted index (server over stdio)', function () {
  this.timeout(180000);
  const dir = workspace();
  const storage = tempDir('arabic-news-storage-');
  const file = path.join(storage, CACHE_FILE);

  /** Starts a server on the workspace (with the storage folder, or none), observes it, then stops it. */
  async function run(storagePath: string | undefined = storage): Promise<Observed> {
    const client = new TestClient();
    try {
      await client.initialize(dir, {}, storagePath ? { storagePath } : {});
      const articles = fs.readdirSync(dir).filter((f) => f.endsWith('.txt') || f.endsWith('.arnews')).length;
      await client.indexed(articles);
      const outline = await client.request<OutlineResult>(Requests.corpusOutline, {});
      const diagnostics: Record<string, Diagnostic[]> = {};
      const hovers: Record<string, Array<Hover | null>> = {};
      for (const name of fs.readdirSync(dir).sort()) {
        const doc = uri(path.join(dir, name));
        diagnostics[name] = client.diagnostics.get(doc) ?? [];
        const tokens = await client.request<{ data: number[] } | null>('textDocument/semanticTokens/full', { textDocument: { uri: doc } });
        hovers[name] = [];
        for (const position of positions(tokens?.data ?? [])) hovers[name]!.push(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc }, position }));
      }
      return { diagnostics, hovers, outline: { ...outline, version: 0 }, log: client.stderr };
    } finally {
      await client.stop();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const same = (a: Observed, b: Observed): void => {
    assert.deepEqual(a.diagnostics, b.diagnostics);
    assert.deepEqual(a.hovers, b.hovers);
    assert.deepEqual(a.outline, b.outline);
  };

  let cold: Observed;
  it('writes the analyses of every article to the storage folder after indexing', async () => {
    cold = await run();
    assert.ok(fs.existsSync(file), 'cache file written');
    assert.equal(header(file).entries, 10);
    assert.ok(cold.outline.actors.length > 10);
    assert.ok(Object.values(cold.diagnostics).some((d) => d.length > 0), 'some article has findings');
    assert.ok(Object.values(cold.hovers).flat().filter(Boolean).length > 50, 'mentions have hovers');
  });

  it('a warm start reads them and gives exactly the diagnostics, hovers and actors of the cold start', async () => {
    assert.ok(fs.existsSync(path.join(storage, PASS_FILE)), 'the corpus pass was saved too');
    const warm = await run();
    assert.match(warm.log, /persisted index: 10 articles' analyses read/);
    assert.match(warm.log, /indexed 10 articles in \d+ ms \(10 analyses from the persisted index\)/);
    assert.match(warm.log, /corpus pass read from the persisted index/, 'no pass ran');
    same(warm, cold);
  });

  it('a saved corpus pass that is corrupt is reported and ignored: the pass runs', async () => {
    const passFile = path.join(storage, PASS_FILE);
    const good = fs.readFileSync(passFile);
    const bad = Buffer.from(good);
    bad[bad.length - 50] ^= 0x55;
    fs.writeFileSync(passFile, bad);
    const r = await run();
    assert.match(r.log, /ignored a corrupt saved corpus pass .*checksum/);
    assert.doesNotMatch(r.log, /corpus pass read from the persisted index/);
    same(r, cold);
    fs.writeFileSync(passFile, good.subarray(0, 40));
    const t = await run();
    assert.match(t.log, /ignored a corrupt saved corpus pass/);
    same(t, cold);
    assert.match((await run()).log, /corpus pass read from the persisted index/, 'the file was replaced by a good one');
  });

  it('articles changed, deleted and added while the server was down are picked up', async () => {
    const changed = path.join(dir, 'u-a1.txt');
    fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8') + '\nوقال المتحدث إن الاجتماع انتهى.\n');
    const names = fs.readdirSync(dir).filter((f) => !f.startsWith('u-')).sort();
    fs.rmSync(path.join(dir, names[0]!));
    fs.writeFileSync(path.join(dir, 'added.txt'), fs.readFileSync(path.join(ROOT, 'seeds', names[0]!), 'utf8').replace(/\n/, '\nوقال الرئيس إن الوفد وصل.\n'));
    const after = await run();
    assert.match(after.log, /persisted index: 10 articles' analyses read/);
    assert.match(after.log, /indexed 10 articles in \d+ ms \(8 analyses from the persisted index/);
    assert.doesNotMatch(after.log, /corpus pass read from the persisted index/, 'the articles changed: the pass ran');
    assert.equal(header(file).entries, 10, 'the entries of the changed and deleted articles were dropped, the new ones added');
    same(after, await run(undefined));
    cold = await run();
    assert.match(cold.log, /\(10 analyses from the persisted index\)/);
  });

  it('an article open with unsaved edits at shutdown keeps the analysis and the corpus pass of its text on disk; the edits are not written', async () => {
    const name = fs.readdirSync(dir).sort()[0]!;
    const doc = uri(path.join(dir, name));
    const written = fs.statSync(file).ino;
    const client = new TestClient();
    try {
      await client.initialize(dir, {}, { storagePath: storage });
      await client.indexed(10);
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'arabic-news', version: 1, text } });
      await client.notify('textDocument/didChange', { textDocument: { uri: doc, version: 2 }, contentChanges: [{ text: text + '\nوقال الوزير إن الوفد وصل.\n' }] });
      await client.settled();
    } finally {
      await client.stop();
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(fs.statSync(file).ino, written, 'the persisted index was not rewritten for an unsaved edit');
    const r = await run();
    assert.match(r.log, /\(10 analyses from the persisted index/);
    assert.match(r.log, /corpus pass read from the persisted index/, 'the saved pass is the pass of the articles on disk, not of the unsaved edit');
    same(r, cold);
  });

  it('a truncated cache file is reported and ignored, and replaced by a good one', async () => {
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, good.subarray(0, Math.floor(good.length / 2)));
    const r = await run();
    assert.match(r.log, /ignored a corrupt cache .*truncated/);
    assert.match(r.log, /\(0 analyses from the persisted index/);
    same(r, cold);
    assert.equal(header(file).entries, 10);
  });

  it('a cache file with a changed byte is reported and ignored', async () => {
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0x55;
    fs.writeFileSync(file, bytes);
    const r = await run();
    assert.match(r.log, /ignored a corrupt cache .*checksum/);
    same(r, cold);
  });

  it('garbage and an empty file are reported and ignored', async () => {
    for (const junk of [Buffer.from('{"format":"arabic-news-analysis-cache","version":1,"engine":'), Buffer.alloc(0), Buffer.from('ANIDX003\xff\xff\xff\xff', 'latin1')]) {
      fs.writeFileSync(file, junk);
      const r = await run();
      assert.match(r.log, /ignored a corrupt cache/);
      same(r, cold);
    }
  });

  it('a cache written by another engine is not used', async () => {
    const raw = fs.readFileSync(file);
    const len = raw.readUInt32LE(8);
    const h = JSON.parse(raw.toString('utf8', 12, 12 + len)) as Record<string, unknown>;
    // Same length, another engine: the payload and its checksum stay valid.
    const forged = Buffer.from(JSON.stringify({ ...h, engine: String(h['engine']).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }), 'utf8');
    assert.equal(forged.length, len);
    forged.copy(raw, 12);
    fs.writeFileSync(file, raw);
    const r = await run();
    assert.match(r.log, /written by another version of the engine/);
    assert.match(r.log, /\(0 analyses from the persisted index/);
    same(r, cold);
  });

  it('the JSON cache of earlier versions is left alone when reading and removed when the new file is written', async () => {
    fs.rmSync(file);
    const old = path.join(storage, 'analysis-cache.json');
    fs.writeFileSync(old, '{"format":"arabic-news-analysis-cache","version":1,"engine":"x","entries":{}}');
    const r = await run();
    same(r, cold);
    assert.ok(fs.existsSync(file));
    assert.ok(!fs.existsSync(old));
  });

  it('written in the background after indexing: requests are answered meanwhile, and a shutdown waits for it to be whole', async () => {
    const fresh = tempDir('arabic-news-storage-background-');
    const cacheFile = path.join(fresh, CACHE_FILE);
    // The rename that ends each atomic write waits 600 ms: the save is under way for over a second.
    const client = new TestClient(['--stdio'], undefined, ['--require', FAULTY_FS], { ...process.env, ARABIC_NEWS_FAULTS: JSON.stringify({ slowRename: 600 }) });
    try {
      await client.initialize(dir, {}, { storagePath: fresh });
      await client.indexed(10);
      const stats = await client.request<{ articles: number }>(Requests.stats, null);
      assert.equal(stats.articles, 10);
      assert.ok(!fs.existsSync(cacheFile), 'answered while the persisted index was being written');
    } finally {
      await client.stop(); // shutdown waits for the save under way
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(header(cacheFile).entries, 10);
    assert.ok(fs.existsSync(path.join(fresh, PASS_FILE)));
    assert.deepEqual(fs.readdirSync(fresh).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const r = await run(fresh);
    assert.match(r.log, /\(10 analyses from the persisted index/);
    assert.match(r.log, /corpus pass read from the persisted index/);
    same(r, await run(undefined));
  });

  it('a storage folder that cannot be written is reported, and the server goes on serving', async () => {
    const blocker = path.join(tempDir('arabic-news-storage-blocked-'), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const client = new TestClient();
    try {
      await client.initialize(dir, {}, { storagePath: path.join(blocker, 'storage') });
      await client.indexed(10);
      for (let i = 0; i < 100 && !/cannot write the persisted index/.test(client.stderr); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(client.stderr, /cannot write the persisted index: .*ENOTDIR/);
      const stats = await client.request<{ articles: number }>(Requests.stats, null);
      assert.equal(stats.articles, 10, 'still serving');
      assert.equal(client.proc.exitCode, null);
    } finally {
      await client.stop();
    }
    assert.equal(fs.readFileSync(blocker, 'utf8'), 'not a folder');
  });

  it('an article added while the server runs is in the persisted index after a shutdown that came before the delayed save', async () => {
    const fresh = tempDir('arabic-news-storage-due-');
    const cacheFile = path.join(fresh, CACHE_FILE);
    const added = path.join(dir, 'added-while-running.txt');
    const client = new TestClient();
    try {
      await client.initialize(dir, {}, { storagePath: fresh });
      const before = await client.indexed(10);
      for (let i = 0; i < 50 && !fs.existsSync(cacheFile); i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(header(cacheFile).entries, 10);
      fs.writeFileSync(added, fs.readFileSync(path.join(ROOT, 'seeds', fs.readdirSync(path.join(ROOT, 'seeds')).sort()[0]!), 'utf8') + '\nوقال الوزير إن الوفد وصل أمس.\n');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(added), type: 1 }] });
      await client.until('the added article indexed', () => (client.lastStats && client.lastStats.articles === before.articles + 1 && !client.lastStats.pending ? client.lastStats : undefined));
    } finally {
      await client.stop(); // at once: the save due a few seconds after the change is made by the shutdown
      await new Promise((r) => setTimeout(r, 200));
      fs.rmSync(added);
    }
    assert.equal(header(cacheFile).entries, 11, 'the added article\'s analysis was saved');
  });
});
