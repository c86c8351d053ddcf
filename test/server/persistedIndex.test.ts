/**
 * The persisted index over stdio: a second start on the same workspace storage reads every article's
 * analysis from disk and answers exactly as a cold start does; a corrupt or foreign cache file is
 * reported and ignored, never trusted.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TestClient } from './lspClient';
import { OutlineResult, Requests } from '../../server/src/protocol';
import { CACHE_FILE } from '../../server/src/node/analysisCache';

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-cache-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'seeds'))) fs.copyFileSync(path.join(ROOT, 'seeds', f), path.join(dir, f));
  for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/unseen'))) fs.copyFileSync(path.join(ROOT, 'test/fixtures/unseen', f), path.join(dir, 'u-' + f));
  return dir;
}

describe('persisted index (server over stdio)', function () {
  this.timeout(120000);
  const dir = workspace();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-storage-'));
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  /** Starts a server on the workspace, waits for the index, returns the outline and the log, then stops it. */
  async function run(): Promise<{ outline: OutlineResult; log: string }> {
    const client = new TestClient();
    try {
      await client.initialize(dir, {}, { storagePath: storage });
      await client.indexed(10);
      const outline = await client.request<OutlineResult>(Requests.corpusOutline, {});
      return { outline: { ...outline, version: 0 }, log: client.stderr };
    } finally {
      await client.stop();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  let cold: { outline: OutlineResult; log: string };
  it('writes the analyses of every article to the storage folder after indexing', async () => {
    cold = await run();
    const file = path.join(storage, CACHE_FILE);
    assert.ok(fs.existsSync(file), 'cache file written');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, number[]> };
    assert.equal(Object.keys(data.entries).length, 10);
    assert.ok(cold.outline.actors.length > 10);
  });

  it('a warm start reads them and gives the same results as the cold start', async () => {
    const warm = await run();
    assert.match(warm.log, /persisted index: 10 articles' analyses read/);
    assert.match(warm.log, /indexed 10 articles in \d+ ms \(10 analyses from the persisted index\)/);
    assert.deepEqual(warm.outline, cold.outline);
  });

  it('an article changed on disk is analysed afresh, the others still come from the cache', async () => {
    const f = path.join(dir, 'u-a1.txt');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8') + '\nوقال المتحدث إن الاجتماع انتهى.\n');
    const after = await run();
    assert.match(after.log, /persisted index: 10 articles' analyses read/);
    assert.match(after.log, /\(9 analyses from the persisted index\)/);
    const data = JSON.parse(fs.readFileSync(path.join(storage, CACHE_FILE), 'utf8')) as { entries: Record<string, number[]> };
    assert.equal(Object.keys(data.entries).length, 10, 'the old entry of the changed article was dropped, the new one added');
  });

  it('a corrupt cache file is reported and ignored, and replaced by a good one', async () => {
    fs.writeFileSync(path.join(storage, CACHE_FILE), '{"format":"arabic-news-analysis-cache","version":1,"engine":');
    const r = await run();
    assert.match(r.log, /ignored a corrupt cache/);
    assert.deepEqual(r.outline.actors.length, cold.outline.actors.length);
    const data = JSON.parse(fs.readFileSync(path.join(storage, CACHE_FILE), 'utf8')) as { entries: Record<string, number[]> };
    assert.equal(Object.keys(data.entries).length, 10);
  });

  it('a cache written by another engine is not used', async () => {
    const file = path.join(storage, CACHE_FILE);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { engine: string };
    fs.writeFileSync(file, JSON.stringify({ ...data, engine: 'another' }));
    const r = await run();
    assert.match(r.log, /written by another version of the engine/);
    assert.deepEqual(r.outline.actors.length, cold.outline.actors.length);
  });
});
