/**
 * Host side of the word list: finds `server/resources/wordlist/ar-words.dawg.gz`, gunzips it and
 * hands the bytes to the core parser. Cached per process.
 *
 * The code runs from esbuild bundles in <repo>/dist/*.js and from the TS sources under tsx
 * (<repo>/server/src/node/), so several locations relative to __dirname are tried, plus the
 * current working directory and an explicit override (ARABIC_NEWS_WORDLIST environment variable).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { wordListFromBytes, wordListFromParts, type WordList, type WordListParts } from '../core/lexicon/wordList';

export const WORDLIST_FILE = 'ar-words.dawg.gz';

/** Candidate paths of the resource, most specific first. */
export function wordListCandidates(baseDir: string = __dirname): string[] {
  const rel = path.join('resources', 'wordlist', WORDLIST_FILE);
  const out: string[] = [];
  const env = process.env['ARABIC_NEWS_WORDLIST'];
  if (env) out.push(path.resolve(env));
  out.push(
    path.join(baseDir, '..', 'server', rel), // <repo>/dist/x.js
    path.join(baseDir, '..', '..', rel), // <repo>/server/src/node/x.ts
    path.join(baseDir, '..', rel), // <repo>/server/dist/x.js (if the server is bundled there)
    path.join(baseDir, rel), // resources copied next to the bundle
    path.join(baseDir, '..', '..', '..', 'server', rel), // deeper bundle layouts (out/server/src/…)
    path.join(process.cwd(), 'server', rel),
  );
  return [...new Set(out)];
}

/** The first candidate that exists, or undefined. */
export function findWordListFile(baseDir?: string): string | undefined {
  for (const p of wordListCandidates(baseDir)) {
    try {
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** Reads and parses a word list file (gzip'd or raw); `shared`: in SharedArrayBuffers (for worker threads). */
export function readWordList(file: string, shared = false): WordList {
  let bytes: Uint8Array = fs.readFileSync(file);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return wordListFromBytes(bytes, shared);
}

let cached: WordList | undefined;

/**
 * In a worker thread: the host's word list, shared (its arrays are the host's SharedArrayBuffers), so the
 * worker neither reads nor parses the file. Call before the first `loadWordList`.
 */
export function useSharedWordList(parts: WordListParts): void {
  cached = wordListFromParts(parts);
}

/**
 * The shipped word list, loaded once per process. Throws with the paths tried when the resource
 * cannot be found (callers that can live without it may catch and use EMPTY_WORD_LIST).
 */
export function loadWordList(): WordList {
  if (cached) return cached;
  const file = findWordListFile();
  if (!file) {
    throw new Error(`Arabic word list not found; tried:\n  ${wordListCandidates().join('\n  ')}`);
  }
  // Shared memory: worker threads of this process use the same arrays (see useSharedWordList).
  cached = readWordList(file, true);
  return cached;
}

/**
 * The shipped word list, parsed on its first use: a start from the persisted index answers from it without
 * the list (recognition, tagging and missing-space checks of a new text need it). Throws now, not at that
 * first use, when the file cannot be found.
 */
export function lazyWordList(): WordList {
  if (cached) return cached;
  if (!findWordListFile()) return loadWordList(); // throws with the paths tried
  let list: WordList | undefined;
  const get = (): WordList => (list ??= loadWordList());
  return {
    has: (word) => get().has(word),
    prefixWords: (word, out) => {
      const l = get();
      if (l.prefixWords) return l.prefixWords(word, out);
      out[0] = 0;
      for (let i = 1; i <= word.length; i++) out[i] = l.has(word.slice(0, i)) ? 1 : 0;
    },
    get size() {
      return get().size;
    },
  };
}
