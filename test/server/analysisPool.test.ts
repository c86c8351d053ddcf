/**
 * Indexing a large folder runs recognition in worker threads; the result must be exactly what the
 * single-threaded engine (the CLI) finds on the same folder.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TestClient } from './lspClient';
import { OutlineResult, Requests } from '../../server/src/protocol';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { AnalysisPool, ReadResult } from '../../server/src/node/analysisPool';
import { URI } from '../../server/src/lsp/uri';

describe('indexing with worker threads (server over stdio)', function () {
  this.timeout(180000);
  // Made when the suite runs (not when it is loaded: a filtered run would leave the folder behind).
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-pool-'));
    const sources = ['seeds', 'test/fixtures/unseen'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.txt')).map((f) => path.join(ROOT, d, f)));
    // 100 articles (more than the threshold for starting workers): the fixtures, each with a numbered line.
    for (let i = 0; i < 100; i++) {
      const src = sources[i % sources.length]!;
      fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.txt`), fs.readFileSync(src, 'utf8') + `\nالعدد ${i}\n`);
    }
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the same actors, spellings and mention counts as the CLI', async () => {
    const client = new TestClient();
    let outline: OutlineResult;
    try {
      await client.initialize(dir);
      await client.indexed(100);
      outline = await client.request<OutlineResult>(Requests.corpusOutline, {});
      assert.match(client.stderr, /indexed 100 articles in \d+ ms \(0 analyses from the persisted index, recognition in \d+ worker threads\)/);
    } finally {
      await client.stop();
    }
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/arabic-news.js'), 'actors', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const cli = JSON.parse(r.stdout) as Array<{ canonical: string; type: string; mentions: number; variants: Array<{ text: string; count: number }> }>;
    const norm = (xs: Array<{ canonical: string; type: string; mentions: number; variants: ReadonlyArray<{ text: string; count: number }> }>) =>
      xs.map((a) => `${a.type} ${a.canonical} ${a.mentions} ${a.variants.map((v) => `${v.text}:${v.count}`).sort().join(',')}`).sort();
    assert.ok(cli.length > 20);
    assert.deepEqual(norm(outline.actors.map((a) => ({ ...a }))), norm(cli));
  });
});

describe('a scan with articles open before it starts', function () {
  this.timeout(60000);
  it('leaves reading the others to the workers, as a first scan does (the open ones are no rescan)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-open-first-'));
    const seed = fs.readFileSync(path.join(ROOT, 'seeds', fs.readdirSync(path.join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).sort()[0]!), 'utf8');
    const fsMutable = require('fs') as { openSync: typeof fs.openSync };
    const openSync = fsMutable.openSync;
    const opened: string[] = [];
    try {
      for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.txt`), seed + `\nالعدد ${i}\n`);
      const corpus = new WorkspaceCorpus(createNodeEngine());
      corpus.setFolders([dir]);
      const sent: string[] = [];
      const pool = {
        size: 1,
        know: () => undefined,
        read: async (files: readonly string[]): Promise<ReadResult[]> => (sent.push(...files), files.map((file) => ({ file, status: 'ignored' as const }))),
        close: async () => undefined,
      };
      corpus.poolFactory = () => pool as unknown as AnalysisPool;
      const first = path.join(dir, '000.txt');
      corpus.setOpenText(URI.fromFsPath(first), fs.readFileSync(first, 'utf8'), 'arabic-news');
      fsMutable.openSync = ((p: fs.PathLike, ...rest: unknown[]) => (opened.push(String(p)), (openSync as (...a: unknown[]) => number)(p, ...rest))) as typeof fs.openSync;
      await corpus.scan();
      assert.equal(sent.length, 80, 'every file went to the workers');
      assert.deepEqual(opened.filter((p) => p.startsWith(dir)), [], 'none was read on the main thread first');
    } finally {
      fsMutable.openSync = openSync;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
