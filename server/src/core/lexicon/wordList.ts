/**
 * A list of known Arabic word forms with fast membership tests, plus `isKnownWord`, which also
 * accepts clitic combinations the list does not spell out.
 *
 * The shipped list (server/resources/wordlist/ar-words.dawg.gz, built by scripts/build-wordlist.ts
 * from @cspell/dict-ar / Ayaspell, LGPL-3.0) is a minimal DAWG over *normalized* forms (see
 * normalize.ts): ~89 million dictionary surface forms in a few hundred thousand nodes. The host
 * reads and gunzips the file; this module only parses bytes (no fs, no zlib), so it runs anywhere.
 *
 * Binary format (little-endian; varint = unsigned LEB128):
 *   "ANWL" | u8 version=1 | u8 0 | u16 alphabetSize | u32 nodeCount | u32 edgeCount | u32 rootId
 *   | f64 wordCount | u16[alphabetSize] alphabet
 *   | per node id 0..nodeCount-1: varint (outDegree << 1 | final),
 *     then per edge (ascending label): u8 labelIndex, varint (nodeId - targetId)
 */
import { cliticAnalyses, type CliticAnalysis } from '../text/clitics';

export interface WordList {
  /** True when the (already normalized) word is in the list. Exact match, no clitic stripping. */
  has(normalizedWord: string): boolean;
  /**
   * Optional: for i = 1 … word.length, out[i] = 1 when word.slice(0, i) is in the list, else 0 (out[0]
   * is 0): what `has` says of every prefix, in one walk.
   */
  prefixWords?(normalizedWord: string, out: Uint8Array): void;
  /** Number of distinct normalized words. */
  readonly size: number;
}

const MAGIC = 'ANWL';

/** The arrays of a parsed word list, to share it with another thread (`wordListFromParts`) without parsing it again. */
export interface WordListParts {
  readonly first: Uint32Array;
  readonly labels: Uint16Array;
  readonly targets: Uint32Array;
  readonly final: Uint8Array;
  readonly root: number;
  readonly size: number;
}

class DawgWordList implements WordList {
  constructor(
    /** Edge range of node n: [first[n], first[n + 1]). */
    private readonly first: Uint32Array,
    /** Edge labels (UTF-16 code units), ascending within a node. */
    private readonly labels: Uint16Array,
    private readonly targets: Uint32Array,
    private readonly final: Uint8Array,
    private readonly root: number,
    readonly size: number,
  ) {}

  parts(): WordListParts {
    return { first: this.first, labels: this.labels, targets: this.targets, final: this.final, root: this.root, size: this.size };
  }

  has(word: string): boolean {
    const { first, labels, targets } = this;
    let node = this.root;
    const n = word.length;
    if (n === 0) return false;
    for (let i = 0; i < n; i++) {
      const c = word.charCodeAt(i);
      let e = first[node]!;
      const end = first[node + 1]!;
      // Edges are sorted; a linear scan over at most a few dozen labels beats binary search here.
      while (e < end && labels[e]! < c) e++;
      if (e === end || labels[e] !== c) return false;
      node = targets[e]!;
    }
    return this.final[node] === 1;
  }

  prefixWords(word: string, out: Uint8Array): void {
    const { first, labels, targets, final } = this;
    const n = word.length;
    out.fill(0, 0, n + 1);
    let node = this.root;
    for (let i = 0; i < n; i++) {
      const c = word.charCodeAt(i);
      let e = first[node]!;
      const end = first[node + 1]!;
      while (e < end && labels[e]! < c) e++;
      if (e === end || labels[e] !== c) return;
      node = targets[e]!;
      out[i + 1] = final[node]!;
    }
  }
}

/**
 * Parses the word list resource (the *decompressed* bytes of ar-words.dawg.gz).
 * Throws on anything that is not a version-1 word list. `shared`: its arrays live in
 * SharedArrayBuffers, so that other threads can use them (see `wordListParts`).
 */
export function wordListFromBytes(bytes: Uint8Array, shared = false): WordList {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new Error('wordListFromBytes: the data is gzip-compressed; gunzip it first (the host does, see node/loadWordList.ts)');
  }
  if (bytes.length < 32) throw new Error('wordListFromBytes: data too short');
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error('wordListFromBytes: not a word list (bad magic)');
  }
  if (bytes[4] !== 1) throw new Error(`wordListFromBytes: unsupported version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const alphabetSize = view.getUint16(6, true);
  const nodeCount = view.getUint32(8, true);
  const edgeCount = view.getUint32(12, true);
  const root = view.getUint32(16, true);
  const wordCount = view.getFloat64(20, true);
  let p = 28;
  const alphabet = new Uint16Array(alphabetSize);
  for (let i = 0; i < alphabetSize; i++, p += 2) alphabet[i] = view.getUint16(p, true);

  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const first = new Uint32Array(buffer(4 * (nodeCount + 1)));
  const labels = new Uint16Array(buffer(2 * edgeCount));
  const targets = new Uint32Array(buffer(4 * edgeCount));
  const final = new Uint8Array(buffer(nodeCount));
  const len = bytes.length;
  let e = 0;
  for (let node = 0; node < nodeCount; node++) {
    // varint header
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      if (p >= len) throw new Error('wordListFromBytes: truncated data');
      b = bytes[p++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    final[node] = v & 1;
    const degree = Math.floor(v / 2);
    first[node] = e;
    if (e + degree > edgeCount) throw new Error('wordListFromBytes: corrupt data (edge count)');
    for (let k = 0; k < degree; k++, e++) {
      if (p >= len) throw new Error('wordListFromBytes: truncated data');
      const li = bytes[p++]!;
      if (li >= alphabetSize) throw new Error('wordListFromBytes: corrupt data (label)');
      labels[e] = alphabet[li]!;
      let d = 0;
      shift = 0;
      do {
        if (p >= len) throw new Error('wordListFromBytes: truncated data');
        b = bytes[p++]!;
        d += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      if (d < 1 || d > node) throw new Error('wordListFromBytes: corrupt data (target)');
      targets[e] = node - d;
    }
  }
  first[nodeCount] = e;
  if (e !== edgeCount || root >= nodeCount) throw new Error('wordListFromBytes: corrupt data');
  return new DawgWordList(first, labels, targets, final, root, wordCount);
}

/** The arrays of a word list parsed by `wordListFromBytes`, or undefined for other lists. */
export function wordListParts(list: WordList): WordListParts | undefined {
  return list instanceof DawgWordList ? list.parts() : undefined;
}

/** The word list of `wordListParts` (in another thread: its arrays are shared, not copied, when they are SharedArrayBuffers). */
export function wordListFromParts(p: WordListParts): WordList {
  if (p.first.length < 1 || p.labels.length !== p.targets.length || p.final.length !== p.first.length - 1 || p.root >= p.final.length) throw new Error('wordListFromParts: arrays do not fit');
  return new DawgWordList(p.first, p.labels, p.targets, p.final, p.root, p.size);
}

/** A word list from plain words (normalized by the caller). For tests and small custom lists. */
export function wordListFromWords(words: Iterable<string>): WordList {
  const set = new Set<string>();
  for (const w of words) if (w.length > 0) set.add(w);
  return { has: (w: string) => set.has(w), size: set.size };
}

/** A word list that knows nothing (for hosts that could not load the resource). */
export const EMPTY_WORD_LIST: WordList = { has: () => false, size: 0 };

/** Object pronouns and possessive suffixes, longest first (normalized: no ة). */
const ENCLITICS = ['هما', 'كما', 'هم', 'ها', 'هن', 'كم', 'كن', 'نا', 'ني', 'ه', 'ك', 'ي'] as const;

const MIN_STEM = 2;

/** True for the stem itself, or for the stem with a restored ة (…ت + pronoun ← …ة). */
function stemKnown(stem: string, words: WordList): boolean {
  if (stem.length < MIN_STEM) return false;
  if (words.has(stem)) return true;
  const last = stem.charCodeAt(stem.length - 1);
  // حكومته → حكومت + ه → حكومه (normalized ة)
  if (last === 0x062a && stem.length > MIN_STEM && words.has(stem.slice(0, -1) + 'ه')) return true;
  return false;
}

/** A stem left by removing a pronoun: also tries the forms the pronoun changed (ذبحوهم ← ذبحوا + هم, رماه ← رمى + ه). */
function pronounStemKnown(stem: string, words: WordList): boolean {
  if (stemKnown(stem, words)) return true;
  const last = stem.charCodeAt(stem.length - 1);
  if (last === 0x0648 && stem.length >= MIN_STEM && words.has(stem + 'ا')) return true; // verb plural ـوا
  if (last === 0x0627 && stem.length > MIN_STEM && words.has(stem.slice(0, -1) + 'ي')) return true; // ى → ا
  return false;
}

/** Known with or without one enclitic pronoun. */
function knownWithEnclitics(stem: string, words: WordList): boolean {
  if (stemKnown(stem, words)) return true;
  // The article excludes a possessive pronoun: الانتخاباتكما is الانتخابات + كما, not "your elections".
  // (Short forms like اليه = إلى + ه are in the list as they are.)
  if (stem.length > 4 && stem.charCodeAt(0) === 0x0627 && stem.charCodeAt(1) === 0x0644) return false;
  for (const suffix of ENCLITICS) {
    if (stem.length - suffix.length >= MIN_STEM && stem.endsWith(suffix)) {
      if (pronounStemKnown(stem.slice(0, stem.length - suffix.length), words)) return true;
    }
  }
  return false;
}

/**
 * True when a normalized word is known: in the list as is, or after stripping proclitics
 * (و ف ب ك ل ال لل, see cliticAnalyses) and/or one enclitic pronoun (ه ها هم هما هن كم كما كن نا ني ك ي).
 */
export function isKnownWord(norm: string, words: WordList): boolean {
  if (norm.length === 0) return false;
  if (words.has(norm)) return true;
  return isKnownAfterClitics(cliticAnalyses(norm), words);
}

/**
 * The rest of `isKnownWord` for a word not in the list as is, given its clitic analyses (for callers
 * that have them already).
 */
export function isKnownAfterClitics(analyses: readonly CliticAnalysis[], words: WordList): boolean {
  for (const a of analyses) {
    if (a.prefixLength > 0 && (words.has(a.key) || (a.key !== a.stem && words.has(a.stem)))) return true;
  }
  for (const a of analyses) {
    if (knownWithEnclitics(a.key, words)) return true;
  }
  // ال + a known word the list has no definite form of (و + ال + X); no pronoun after the article.
  for (const a of analyses) {
    const k = a.key;
    if (k.length > 2 + MIN_STEM && k.startsWith('ال') && stemKnown(k.slice(2), words)) return true;
  }
  return false;
}
