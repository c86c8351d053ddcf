/**
 * With many articles, `bin/arabic-news.js` runs recognition in worker threads first; its output must be
 * exactly that of the same command run on one thread.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnalysisPool } from '../../server/src/node/analysisPool';
import { contentHash } from '../../server/src/node/analysisCache';
import { FAULTY_FS } from '../server/badFolder';

const ROOT = path.resolve(__dirname, '../..');

describe('arabic-news CLI with worker threads', function () {
  this.timeout(180000);
  // Made when the suite runs (not when it is loaded: a filtered run would leave the folder behind).
  let dir = '';
  const sources = ['seeds', 'test/fixtures/unseen'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.txt')).map((f) => path.join(ROOT, d, f)));
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-cli-parallel-'));
    for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.txt`), fs.readFileSync(sources[i % sources.length]!, 'utf8') + `\nالعدد ${i}\n`);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the articles in worker threads whatever options come before or after the paths', () => {
    const { parallelReadFiles } = require(path.join(ROOT, 'dist/cli.js')) as { parallelReadFiles(argv: readonly string[]): readonly string[] | undefined };
    const decisions = path.join(dir, 'decisions.json');
    for (const argv of [['lint', dir], ['lint', '--format', 'json', dir], ['actors', dir, '--format', 'json'], ['lint', '--decisions', decisions, '--format', 'text', dir], ['export', '--format', 'jsonl', '--out', os.tmpdir(), dir], ['fix', '--write', dir]]) {
      assert.equal(parallelReadFiles(argv)?.length, 80, argv.join(' '));
    }
    assert.equal(parallelReadFiles(['lint', path.join(dir, '000.txt')]), undefined, 'too few articles for workers');
    assert.equal(parallelReadFiles(['import', '--format', 'jsonl', dir, dir]), undefined, 'not a command that analyses a corpus');
    assert.equal(parallelReadFiles(['lint', '--bogus', dir]), undefined, 'an unknown option: runCli reports it');
  });

  it('hands a worker its next batch when it has room: a worker slowed by long articles is not given its share in advance', async () => {
    // The workers run the CLI bundle (as bin/arabic-news.js makes them).
    const pool = new AnalysisPool(path.join(ROOT, 'dist/cli.js'), 'cli', 2);
    try {
      const batches = Array.from({ length: 10 }, (_, b) => [0, 1, 2].map((k) => path.join(dir, `${String(3 * b + k).padStart(3, '0')}.txt`)));
      const jobs = batches.map((files) => pool.read(files));
      assert.equal(pool.inFlight, 4, 'two batches per worker sent');
      assert.equal(pool.queued, 6, 'the others wait for a worker with room');
      const results = await Promise.all(jobs);
      assert.deepEqual(results.map((rs) => rs.map((r) => r.file)), batches, 'each batch answered, in its order');
      for (const r of results.flat()) {
        assert.ok(r.status === 'article' && r.analysis && r.analysis.candidates.length > 0, r.file);
        assert.equal(r.hash, undefined, 'the CLI keeps no persisted index: its reads are not hashed');
      }
      assert.equal(pool.inFlight + pool.queued, 0);
    } finally {
      await pool.close();
    }
  });

  it('in the language server\'s mode, each text comes with its content hash, and a text whose hash the host knows is not analysed', async () => {
    const pool = new AnalysisPool(path.join(ROOT, 'dist/cli.js'), 'workspace', 1);
    try {
      const files = [0, 1].map((k) => path.join(dir, `${String(k).padStart(3, '0')}.txt`));
      pool.know([contentHash(fs.readFileSync(files[1]!, 'utf8'))]);
      const [a, b] = await pool.read(files);
      assert.ok(a?.status === 'article' && b?.status === 'article');
      assert.equal(a.hash, contentHash(a.text));
      assert.ok(a.analysis, 'an unknown text is analysed');
      assert.equal(b.hash, contentHash(b.text));
      assert.equal(b.analysis, undefined, 'a known one is only read');
    } finally {
      await pool.close();
    }
  });

  it('warns once of a folder it cannot read, with the listing made for the workers reused', () => {
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { recursive: true });
    fs.writeFileSync(path.join(locked, 'inside.txt'), fs.readFileSync(sources[0]!, 'utf8'));
    try {
      const r = spawnSync(process.execPath, ['--require', FAULTY_FS, path.join(ROOT, 'bin/arabic-news.js'), 'actors', '--format', 'json', dir], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: { ...process.env, ARABIC_NEWS_FAULTS: JSON.stringify({ eacces: ['locked'] }) },
      });
      assert.equal(r.status, 0, r.stderr);
      const warnings = r.stderr.split('\n').filter((l) => l.includes('skipped the folder'));
      assert.equal(warnings.length, 1, r.stderr);
      assert.match(warnings[0]!, /locked: cannot be read: permission denied \(EACCES\)/);
      const docs = new Set((JSON.parse(r.stdout) as Array<{ documents: string[] }>).flatMap((a) => a.documents.map((d) => path.basename(d))));
      assert.ok(docs.has('079.txt') && !docs.has('inside.txt'), [...docs].slice(0, 5).join(', '));
    } finally {
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });

  for (const command of ['actors', 'lint']) {
    it(`${command}: the same JSON as on one thread`, () => {
      const parallel = spawnSync(process.execPath, [path.join(ROOT, 'bin/arabic-news.js'), command, '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
      // One thread: runCli without recognition computed beforehand.
      const single = spawnSync(process.execPath, ['-e', `const out = []; const code = require(${JSON.stringify(path.join(ROOT, 'dist/cli.js'))}).runCli(process.argv.slice(1), { stdout: (s) => out.push(s), stderr: () => {} }); process.stdout.write(out.join('')); process.exitCode = code;`, command, '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(parallel.status, single.status, parallel.stderr);
      assert.ok(parallel.stdout.length > 1000);
      assert.equal(parallel.stdout, single.stdout);
    });
  }
});
