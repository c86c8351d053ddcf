/**
 * Crash safety of article writes (server/src/node/atomicWrite.ts, used by `fix --write` and `export`): a process
 * killed in the middle of a write (half the data written, before the flush, just before the rename) leaves every
 * article exactly as it was; what it leaves behind is a hidden temporary file that no reader takes for an
 * article and that the next write removes; failing file systems (disk full, rename refused) leave the old file
 * and no temporary file; a symbolic link stays a link and its target is written. The same holds for a file written
 * in parts (`AtomicFileWriter`, the persisted index), which is not touched until its commit.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AtomicFileWriter, writeFileAtomic, writeFileAtomicSync } from '../../server/src/node/atomicWrite';
import { FAULTY_FS, REPO, seedText } from '../server/badFolder';
import { tempDir } from '../tempDir';

const BIN = path.join(REPO, 'bin/arabic-news.js');

function cli(args: string[], faults = '{}') {
  const r = spawnSync(process.execPath, ['--require', FAULTY_FS, BIN, ...args], { encoding: 'utf8', timeout: 60000, env: { ...process.env, ARABIC_NEWS_FAULTS: faults } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A corpus with fixable findings: the seed articles. */
function corpus(): string {
  const dir = tempDir('arabic-news-atomic-');
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `seed${i}.txt`), seedText(i));
  return dir;
}

const snapshot = (dir: string): Map<string, string> => new Map(fs.readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => [f, fs.readFileSync(path.join(dir, f), 'latin1')]));
const temps = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('atomic writes', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = corpus();
    dirs.push(d);
    return d;
  };
  /** A fresh corpus's first article, its text, and the `fs` module object to make fail (an `import * as` namespace is read-only). */
  const seedToFail = (): { dir: string; file: string; old: string; nodeFs: typeof fs } => {
    const dir = fresh();
    const file = path.join(dir, 'seed0.txt');
    return { dir, file, old: fs.readFileSync(file, 'utf8'), nodeFs: require('fs') as typeof fs };
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  let lintBefore: string;
  before(() => {
    lintBefore = cli(['lint', '--format', 'json', fresh()]).stdout.split(dirs[0]!).join('<dir>');
    assert.ok((JSON.parse(lintBefore) as unknown[]).length > 0, 'the corpus has fixes to write');
  });

  for (const crashAt of ['write', 'fsync', 'rename'] as const) {
    it(`fix --write killed at "${crashAt}" leaves every article byte for byte as it was; the temporary file is hidden and removed by the next write`, () => {
      const dir = fresh();
      const before = snapshot(dir);

      const r = cli(['fix', '--write', dir], JSON.stringify({ crashAt }));
      assert.equal(r.signal, 'SIGKILL', `the write was not interrupted: ${r.stderr}`);
      assert.deepEqual(snapshot(dir), before, 'an article changed although the write was killed');
      const litter = temps(dir);
      assert.equal(litter.length, 1, `one temporary file from the killed write: ${litter.join(', ')}`);
      assert.ok(litter[0]!.startsWith('.'), 'temporary files are hidden');
      // Nothing reads the temporary file as an article: lint sees the same corpus.
      assert.equal(cli(['lint', '--format', 'json', dir]).stdout.split(dir).join('<dir>'), lintBefore);

      const again = cli(['fix', '--write', dir]);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(temps(dir), [], 'the next write removed the temporary file of the dead process');
      const after = snapshot(dir);
      assert.notDeepEqual(after, before, 'the second run wrote the fixes');
      for (const [f, t] of after) assert.ok(!t.includes('\u0000') && Buffer.from(t, 'latin1').toString('utf8').length > 0, `${f} is whole`);
    });
  }

  it('a failing file system (disk full while writing, rename refused) leaves the old file and no temporary file', () => {
    const { dir, file, old, nodeFs } = seedToFail();
    const realWrite = nodeFs.writeFileSync;
    const realRename = nodeFs.renameSync;
    try {
      (nodeFs as { writeFileSync: unknown }).writeFileSync = (target: unknown, ...rest: unknown[]) => {
        if (typeof target === 'number') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return (realWrite as (...a: unknown[]) => void)(target, ...rest);
      };
      assert.throws(() => writeFileAtomicSync(file, 'new text'), /ENOSPC/);
      assert.equal(fs.readFileSync(file, 'utf8'), old);
      assert.deepEqual(temps(dir), []);
    } finally {
      (nodeFs as { writeFileSync: unknown }).writeFileSync = realWrite;
    }
    try {
      (nodeFs as { renameSync: unknown }).renameSync = () => {
        throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
      };
      assert.throws(() => writeFileAtomicSync(file, 'new text'), /EACCES/);
      assert.equal(fs.readFileSync(file, 'utf8'), old);
      assert.deepEqual(temps(dir), []);
    } finally {
      (nodeFs as { renameSync: unknown }).renameSync = realRename;
    }
  });

  it('writes the new text whole, keeps the file mode, and leaves nothing else', () => {
    const dir = fresh();
    const file = path.join(dir, 'seed1.txt');
    fs.chmodSync(file, 0o640);
    const text = '\ufeffنص جديد 😀\r\n'.repeat(1000);
    writeFileAtomicSync(file, text);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(temps(dir), []);
  });

  it('through a symbolic link, the target is written and the link stays a link', () => {
    const dir = fresh();
    const target = path.join(dir, 'seed2.txt');
    const elsewhere = tempDir('arabic-news-link-');
    dirs.push(elsewhere);
    const link = path.join(elsewhere, 'linked.txt');
    fs.symlinkSync(target, link);
    writeFileAtomicSync(link, 'نص جديد\n');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(fs.readFileSync(target, 'utf8'), 'نص جديد\n');
    assert.deepEqual(temps(elsewhere), []);
    assert.deepEqual(temps(dir), []);
  });

  it('in the background (writeFileAtomic): the parts written whole and in order, the mode kept; a failed rename leaves the old file and no temporary file', async () => {
    const dir = fresh();
    const file = path.join(dir, 'seed3.txt');
    fs.chmodSync(file, 0o600);
    const parts = [Buffer.from('نص '.repeat(50000), 'utf8'), new Uint8Array([0x0a]), Buffer.from('جديد\n', 'utf8')];
    await writeFileAtomic(file, parts);
    assert.equal(fs.readFileSync(file, 'utf8'), 'نص '.repeat(50000) + '\nجديد\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(temps(dir), []);
    // A folder cannot be replaced by a file: the rename fails.
    const folder = path.join(dir, 'folder.txt');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'inside'), 'kept');
    await assert.rejects(writeFileAtomic(folder, 'new text'), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.equal(fs.readFileSync(path.join(folder, 'inside'), 'utf8'), 'kept');
    assert.deepEqual(temps(dir), []);
  });

  it('in parts (AtomicFileWriter, the persisted index): nothing changes before the commit; the parts, a part written at a position, the mode and a link kept', async () => {
    const dir = fresh();
    const file = path.join(dir, 'seed4.txt');
    const old = fs.readFileSync(file, 'utf8');
    fs.chmodSync(file, 0o640);
    const elsewhere = tempDir('arabic-news-link-parts-');
    dirs.push(elsewhere);
    const link = path.join(elsewhere, 'linked.txt');
    fs.symlinkSync(file, link);
    const out = AtomicFileWriter.open(link);
    out.write(Buffer.from('XXXX جديد '));
    out.write(Buffer.from('نص'.repeat(100000)));
    assert.equal(fs.readFileSync(file, 'utf8'), old, 'the target is as it was until the commit');
    assert.equal(temps(dir).length, 1, 'one hidden temporary file beside the target');
    out.writeAt(Buffer.from('head'), 0);
    await out.commit();
    assert.equal(fs.readFileSync(file, 'utf8'), 'head جديد ' + 'نص'.repeat(100000));
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.deepEqual([...temps(dir), ...temps(elsewhere)], []);
    const blocking = AtomicFileWriter.open(file);
    blocking.write(Buffer.from('again'));
    blocking.commitSync();
    assert.equal(fs.readFileSync(file, 'utf8'), 'again');
    const abandoned = AtomicFileWriter.open(file);
    abandoned.write(Buffer.from('never'));
    abandoned.abort();
    abandoned.abort();
    assert.equal(fs.readFileSync(file, 'utf8'), 'again', 'an aborted write changes nothing');
    assert.deepEqual(temps(dir), []);
  });

  it('in parts: a failed flush or rename leaves the old file and no temporary file', async () => {
    const { dir, file, old, nodeFs } = seedToFail();
    const realFsync = nodeFs.fsync;
    const realFsyncSync = nodeFs.fsyncSync;
    try {
      const eio = (): Error => Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      (nodeFs as { fsync: unknown }).fsync = (_fd: number, cb: (e: Error | null) => void) => setImmediate(() => cb(eio()));
      (nodeFs as { fsyncSync: unknown }).fsyncSync = () => {
        throw eio();
      };
      const a = AtomicFileWriter.open(file);
      a.write(Buffer.from('new text'));
      await assert.rejects(a.commit(), /EIO/);
      const b = AtomicFileWriter.open(file);
      b.write(Buffer.from('new text'));
      assert.throws(() => b.commitSync(), /EIO/);
    } finally {
      (nodeFs as { fsync: unknown }).fsync = realFsync;
      (nodeFs as { fsyncSync: unknown }).fsyncSync = realFsyncSync;
    }
    assert.equal(fs.readFileSync(file, 'utf8'), old);
    assert.deepEqual(temps(dir), []);
    const folder = path.join(dir, 'folder.bin');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'inside'), 'kept');
    const c = AtomicFileWriter.open(folder);
    c.write(Buffer.from('new text'));
    await assert.rejects(c.commit(), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.equal(fs.readFileSync(path.join(folder, 'inside'), 'utf8'), 'kept');
    assert.deepEqual(temps(dir), []);
  });
});
