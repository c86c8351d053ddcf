/**
 * Reading a corpus from disk: folders are walked for `*.txt` and `*.arnews` files; each file is
 * decoded strictly as UTF-8 (BOM stripped). Files that cannot be used are reported, never guessed at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { contentHashOfBytes } from './contentHash';
import { decodeUtf8, TextDecodeError } from '../core/text/textDocument';
import { drain } from '../core/steps';

export const ARTICLE_EXTENSIONS = ['.txt', '.arnews'];
/** Files larger than this are skipped (a news article is a few kilobytes). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface CorpusFile {
  /** The path as shown to the user (relative to the working directory when inside it). */
  readonly path: string;
  readonly absolute: string;
  readonly text: string;
  readonly hadBom: boolean;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export class UsageError extends Error {}

/** A path as shown to the user: relative to the working directory when inside it. */
export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * Walks folders for files (following symbolic links, visiting each real folder once so symlink loops end;
 * hidden entries and node_modules skipped). Returns the accepted files, sorted; entries that cannot be
 * examined (broken links, link loops) are returned too when their names are accepted, for the reader to report.
 * Pipes, devices and sockets are never returned.
 */
export function walkFiles(roots: readonly string[], accept: (file: string) => boolean, onUnreadableFolder?: (folder: string, reason: string) => void): string[] {
  return drain(walkFilesSteps(roots, accept, onUnreadableFolder));
}

/** `walkFiles` in steps of `perStep` folder entries (a server lists tens of thousands of files between yields). */
export function* walkFilesSteps(
  roots: readonly string[],
  accept: (file: string) => boolean,
  onUnreadableFolder?: (folder: string, reason: string) => void,
  perStep = 256,
): Generator<void, string[], void> {
  const out = new Set<string>();
  const seenDirs = new Set<string>();
  let examined = 0;
  const walk = function* (dir: string): Generator<void, void, void> {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      onUnreadableFolder?.(dir, readError(e));
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (++examined % perStep === 0) yield;
      const p = path.join(dir, e.name);
      // The entry's type comes with the listing: only links (and entries of unknown type) need a stat.
      if (e.isDirectory()) {
        yield* walk(p);
        continue;
      }
      if (e.isFile()) {
        if (accept(p)) out.add(path.resolve(p));
        continue;
      }
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        // A broken link, a link loop, a file gone since the folder was listed: kept when its name is an
        // article's, so that the reader reports why it cannot be read instead of it vanishing silently.
        if (accept(p)) out.add(path.resolve(p));
        continue;
      }
      if (st.isDirectory()) yield* walk(p);
      else if (st.isFile() && accept(p)) out.add(path.resolve(p));
    }
  };
  for (const r of roots) yield* walk(r);
  return [...out].sort();
}

/**
 * Lists article files under the given paths (sorted, de-duplicated, symlink loops avoided); folders that cannot
 * be listed are reported to `onUnreadableFolder` (shown as the user would write them).
 */
export function listArticleFiles(paths: readonly string[], cwd = process.cwd(), onUnreadableFolder?: (folder: string, reason: string) => void): string[] {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) dirs.push(abs);
    else files.push(abs);
  }
  const found = walkFiles(dirs, (f) => ARTICLE_EXTENSIONS.includes(path.extname(f).toLowerCase()), onUnreadableFolder && ((d, reason) => onUnreadableFolder(displayPath(d, cwd), reason)));
  return [...new Set([...found, ...files])].sort();
}

/** Why a file could not be read, in words (with the system's error code). */
export function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    ENOENT: 'it was deleted or moved while the corpus was read, or is a broken symbolic link',
    ELOOP: 'it is a symbolic link loop',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a folder',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files',
    EIO: 'input/output error',
    EAGAIN: 'it is not ready to be read',
  };
  return `cannot be read: ${code ? `${why[code] ?? (e as Error).message} (${code})` : String(e)}`;
}

const tooLarge = (size: number): string => `too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)`;
const NOT_REGULAR = 'not a regular file (a pipe, device or socket), so it is not read';

/**
 * Reads one article. Only regular files are read (a pipe or a device would block or never end), at most
 * MAX_FILE_BYTES (checked again on the open file, which may have changed since it was listed), and decoded
 * strictly as UTF-8. Anything else is a SkippedFile with a reason for the user.
 */
export function readArticle(abs: string, cwd = process.cwd()): CorpusFile | SkippedFile {
  const shown = displayPath(abs, cwd);
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return { path: shown, reason: st.isDirectory() ? 'it is a folder' : NOT_REGULAR };
    if (st.size > MAX_FILE_BYTES) return { path: shown, reason: tooLarge(st.size) };
    // O_NONBLOCK: should the file have been replaced by a pipe since, opening it does not wait for a writer.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const open = fs.fstatSync(fd);
    if (!open.isFile()) return { path: shown, reason: NOT_REGULAR };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // the expected size plus one byte (to see the end), at least 64 KB (some files report size 0), at most 1 MB a read
      const buf = Buffer.allocUnsafe(Math.min(Math.max(open.size - total + 1, 1 << 16), MAX_FILE_BYTES + 1 - total, 1 << 20));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return { path: shown, reason: tooLarge(total) };
    }
    bytes = Buffer.concat(chunks, total);
  } catch (e) {
    return { path: shown, reason: readError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  try {
    const text = decodeUtf8(bytes);
    const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { path: shown, absolute: abs, text, hadBom };
  } catch (e) {
    if (e instanceof TextDecodeError) return { path: shown, reason: e.message };
    throw e;
  }
}

export function isSkipped(f: CorpusFile | SkippedFile): f is SkippedFile {
  return (f as SkippedFile).reason !== undefined;
}

/** True when most letters of a text are Arabic (a plain .txt file is only taken as an article then). */
export function isMostlyArabic(text: string): boolean {
  let arabic = 0;
  let letters = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0621 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3)) {
      arabic++;
      letters++;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c < 0x0600)) {
      letters++;
    }
  }
  return letters > 0 && arabic / letters >= 0.5;
}

/** What reading a workspace file gave: its text (and content hash, when asked for), a reason to skip it (reported), or nothing to report (not an article). */
export type WorkspaceRead = { readonly text: string; readonly hash?: string } | { readonly skipped: string } | 'ignored';

/**
 * Reads a file of a workspace folder as the language server takes it: a regular file of at most
 * MAX_FILE_BYTES, strict UTF-8, and for a .txt file mostly Arabic letters. A file gone meanwhile, not a
 * file, or not Arabic is 'ignored'; one that cannot be read or decoded is skipped with the reason. With
 * `hash`, the text's content hash (contentHashOfBytes) comes with it, computed from the bytes read.
 */
export function readWorkspaceArticle(file: string, hash = false): WorkspaceRead {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Opened first and examined open (one stat less than stat + read); O_NONBLOCK: a pipe does not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return 'ignored';
    if (st.size > MAX_FILE_BYTES) return { skipped: tooLarge(st.size) };
    bytes = readOpenFile(fd, st.size);
    if (bytes.length > MAX_FILE_BYTES) return { skipped: tooLarge(bytes.length) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'ignored' : { skipped: `cannot be read (${code ?? String(e)})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof TextDecodeError) return { skipped: e.message };
    throw e;
  }
  if (!file.endsWith('.arnews') && !isMostlyArabic(text)) return 'ignored';
  return hash ? { text, hash: contentHashOfBytes(bytes) } : { text };
}

/**
 * The bytes of an open regular file of `size` bytes (as its stat said): that many, as `readFileSync` reads
 * them, or up to the end when the stat says 0 (some files report no size), at most MAX_FILE_BYTES + 1 then.
 * (`readArticle` reads to the end whatever the stat said: the CLI may write the file back.)
 */
function readOpenFile(fd: number, size: number): Buffer {
  if (size > 0) {
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, buf, at, size - at, null);
      if (n === 0) break;
      at += n;
    }
    return at === size ? buf : buf.subarray(0, at);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(1 << 16);
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks, total);
}
