/**
 * A folder of everything a real corpus folder can hold besides articles, built in a temp dir at test time
 * (the 50 MB file is never committed): binary, 50 MB, invalid UTF-8, UTF-16 LE/BE with and without BOM,
 * empty, no Arabic, symbolic link loops and a broken link, a pipe, an unreadable file and folder (EACCES, by chmod 000
 * and, since tests run as root, by fault injection), and files deleted or renamed while the corpus is read.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../..');
export const FAULTY_FS = path.join(REPO, 'test/fixtures/faults/faultyFs.cjs');

const SEEDS = path.join(REPO, 'seeds');
export const seedText = (i: number): string => fs.readFileSync(path.join(SEEDS, fs.readdirSync(SEEDS).sort()[i]!), 'utf8');

export interface BadFolder {
  readonly dir: string;
  /** The readable articles the corpus must end up with (base names). */
  readonly articles: readonly string[];
  /** Files that must be skipped with a message, and a pattern the message must match. */
  readonly skipped: ReadonlyArray<readonly [string, RegExp]>;
  /** ARABIC_NEWS_FAULTS for faultyFs.cjs. */
  readonly faults: string;
  readonly fifo: boolean;
}

const utf16be = (s: string): Buffer => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

export function makeBadFolder(): BadFolder {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-bad-'));
  const w = (name: string, data: string | Buffer): void => fs.writeFileSync(path.join(dir, name), data);
  const arabic = seedText(0);
  // Articles: the first one (in sorted order) triggers the deletion and the rename of two later ones.
  w('a-trigger.txt', arabic);
  w('b-article.arnews', seedText(1));
  w('m-moved.txt', seedText(2));
  w('v-victim.txt', seedText(3));
  // Not usable as text.
  w('binary.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3e, 0x00, 0xff, 0xfe, 0x10]));
  w('invalid-utf8.txt', Buffer.concat([Buffer.from(arabic.slice(0, 200)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(arabic.slice(200, 400))]));
  w('utf16le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(arabic.slice(0, 500), 'utf16le')]));
  w('utf16be-bom.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(arabic.slice(0, 500))]));
  w('utf16le-nobom.txt', Buffer.from(arabic.slice(0, 500), 'utf16le'));
  // 50 MB of real Arabic text (written at test time).
  const chunk = Buffer.from(arabic);
  const fd = fs.openSync(path.join(dir, 'huge.txt'), 'w');
  for (let n = 0; n < 50 * 1024 * 1024; n += chunk.length) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  // Harmless: empty, no Arabic.
  w('empty.txt', '');
  w('empty.arnews', '');
  w('english.txt', 'This folder also holds notes in English, with no Arabic at all.\n');
  // Links: a folder loop, a file linking to itself, a broken link, a link to an article (read once, under its name).
  fs.symlinkSync('.', path.join(dir, 'loop'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
  fs.symlinkSync('self-loop.txt', path.join(dir, 'self-loop.txt'));
  fs.symlinkSync('nowhere.txt', path.join(dir, 'broken-link.txt'));
  // Unreadable: chmod 000 (enough for a normal user; root still reads it, so faultyFs.cjs refuses it too).
  w('unreadable.txt', arabic);
  fs.chmodSync(path.join(dir, 'unreadable.txt'), 0o000);
  // A folder that cannot be listed (chmod 000; and refused by faultyFs.cjs for root), with an article inside.
  fs.mkdirSync(path.join(dir, 'locked'));
  fs.writeFileSync(path.join(dir, 'locked', 'inside.txt'), arabic);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  // A named pipe with an article's name: reading it would block forever.
  const fifo = spawnSync('mkfifo', [path.join(dir, 'pipe.txt')]).status === 0;
  return {
    dir,
    articles: ['a-trigger.txt', 'b-article.arnews'],
    skipped: [
      ['binary.txt', /binary/],
      ['invalid-utf8.txt', /not valid UTF-8/],
      ['utf16le-bom.txt', /UTF-16/],
      ['utf16be-bom.txt', /UTF-16/],
      ['utf16le-nobom.txt', /UTF-16/],
      ['huge.txt', /too large \(5\d\.\d MB/],
      ['unreadable.txt', /EACCES|permission denied/],
      ['self-loop.txt', /ELOOP|link loop/],
    ],
    faults: JSON.stringify({ eacces: ['unreadable.txt', 'locked'], onRead: { 'a-trigger.txt': { delete: ['v-victim.txt'], rename: [['m-moved.txt', 'n-renamed.txt']] } } }),
    fifo,
  };
}

export function removeBadFolder(f: BadFolder | undefined): void {
  if (!f) return;
  for (const [p, mode] of [['unreadable.txt', 0o644], ['locked', 0o755]] as const) {
    try {
      fs.chmodSync(path.join(f.dir, p), mode);
    } catch {
      /* gone */
    }
  }
  fs.rmSync(f.dir, { recursive: true, force: true });
}
