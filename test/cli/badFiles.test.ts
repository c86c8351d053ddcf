/**
 * The CLI on a folder of bad files (see test/server/badFolder.ts): every unusable file is skipped with one clear
 * message on stderr, nothing hangs (pipes, devices), nothing crashes, and `fix --write` touches none of them.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BadFolder, FAULTY_FS, makeBadFolder, removeBadFolder, REPO } from '../server/badFolder';

const BIN = path.join(REPO, 'bin/arabic-news.js');

function run(args: string[], faults = '{}', cwd = REPO) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--require', FAULTY_FS, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ARABIC_NEWS_FAULTS: faults },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

const digest = (file: string): string => {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile()) return st.isSymbolicLink() ? `link to ${fs.readlinkSync(file)}` : `not a file (mode ${st.mode.toString(8)})`;
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch (e) {
    return `unreadable: ${(e as NodeJS.ErrnoException).code}`;
  }
};

describe('CLI on bad files', function () {
  this.timeout(120000);
  let bad: BadFolder;
  beforeEach(() => {
    bad = makeBadFolder();
  });
  afterEach(() => removeBadFolder(bad));

  it('skips each unusable file once with a clear message, reads the articles, and neither hangs nor crashes', () => {
    const r = run(['actors', '--format', 'json', bad.dir], bad.faults);
    assert.equal(r.signal, null, `killed by ${r.signal} after ${r.ms} ms (a hang?)\n${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    const actors = JSON.parse(r.stdout) as Array<{ documents: string[] }>;
    const docs = new Set(actors.flatMap((a) => a.documents.map((d) => path.basename(d))));
    assert.ok(docs.has('a-trigger.txt') && docs.has('b-article.arnews'), [...docs].join(', '));
    for (const d of docs) assert.ok(['a-trigger.txt', 'b-article.arnews'].includes(d), `${d} should not be analysed`);
    const lines = r.stderr.trim().split('\n');
    for (const [name, reason] of bad.skipped) {
      const mine = lines.filter((l) => l.includes(`skipped ${path.join(bad.dir, name)}:`) || l.includes(`skipped ${name}:`) || l.endsWith(`/${name}: `) || new RegExp(`skipped .*/${name.replace('.', '\\.')}:`).test(l));
      assert.equal(mine.length, 1, `${name}: expected one message, got ${JSON.stringify(mine)}\n${r.stderr}`);
      assert.match(mine[0]!, reason, name);
    }
    // vanished while the corpus was read: deleted, and renamed away
    assert.match(r.stderr, /skipped .*v-victim\.txt: .*(deleted or moved|ENOENT)/);
    assert.match(r.stderr, /skipped .*m-moved\.txt: .*(deleted or moved|ENOENT)/);
    assert.match(r.stderr, /skipped .*broken-link\.txt: .*(broken symbolic link|ENOENT)/);
    assert.match(r.stderr, /skipped the folder .*locked: cannot be read: permission denied \(EACCES\)/);
    assert.doesNotMatch(r.stderr, /english\.txt|empty\.txt|empty\.arnews|pipe\.txt/, 'harmless files and a pipe met while walking are no errors');
    assert.doesNotMatch(r.stderr, /TypeError|RangeError|at .*\.js:\d+/, 'no stack trace');
  });

  it('a pipe or a device named on the command line is refused at once, not read forever', function () {
    if (!bad.fifo) this.skip(); // mkfifo missing
    for (const target of [path.join(bad.dir, 'pipe.txt'), '/dev/zero', '/dev/urandom']) {
      const r = run(['lint', target]);
      assert.equal(r.signal, null, `${target}: killed by ${r.signal} after ${r.ms} ms (a hang)`);
      assert.match(r.stderr, /not a regular file/, target);
      assert.ok(r.code === 0 || r.code === 2, `${target}: exit ${r.code}`);
    }
  });

  it('fix --write changes only the articles it read, never a bad file, and leaves no temporary files', () => {
    const before = new Map(fs.readdirSync(bad.dir).map((f) => [f, digest(path.join(bad.dir, f))]));
    const r = run(['fix', '--write', bad.dir], JSON.stringify({ eacces: ['unreadable.txt'] }));
    assert.equal(r.signal, null);
    assert.equal(r.code, 0, r.stderr);
    const after = fs.readdirSync(bad.dir);
    assert.deepEqual(after.filter((f) => !before.has(f)), [], 'no file appeared (temporary files removed)');
    for (const [f, d] of before) {
      if (['a-trigger.txt', 'b-article.arnews', 'm-moved.txt', 'v-victim.txt'].includes(f)) continue;
      assert.equal(digest(path.join(bad.dir, f)), d, `${f} was changed`);
    }
  });
});
