/**
 * Reading a corpus from disk: folders are walked for `*.txt` and `*.arnews` files; each file is
 * decoded strictly as UTF-8 (BOM stripped). Files that cannot be used are reported, never guessed at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeUtf8, TextDecodeError } from '../core/text/textDocument';

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

function display(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * Walks folders for files (following symbolic links, visiting each real folder once so symlink loops end;
 * hidden entries and node_modules skipped). Returns the accepted files, sorted.
 */
export function walkFiles(roots: readonly string[], accept: (file: string) => boolean): string[] {
  const out = new Set<string>();
  const seenDirs = new Set<string>();
  const walk = (dir: string): void => {
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
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && accept(p)) out.add(path.resolve(p));
    }
  };
  for (const r of roots) walk(r);
  return [...out].sort();
}

/** Lists article files under the given paths (sorted, de-duplicated, symlink loops avoided). */
export function listArticleFiles(paths: readonly string[], cwd = process.cwd()): string[] {
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
  const found = walkFiles(dirs, (f) => ARTICLE_EXTENSIONS.includes(path.extname(f).toLowerCase()));
  return [...new Set([...found, ...files])].sort();
}

export function readArticle(abs: string, cwd = process.cwd()): CorpusFile | SkippedFile {
  const shown = display(abs, cwd);
  let bytes: Buffer;
  try {
    const st = fs.statSync(abs);
    if (st.size > MAX_FILE_BYTES) return { path: shown, reason: `too large (${(st.size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)` };
    bytes = fs.readFileSync(abs);
  } catch (e) {
    return { path: shown, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
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
