/**
 * A finished corpus pass as data, so that a host can keep it (the persisted index) and start again
 * from it without running the pass: the forms the pass counted, the surnames and multi-word names it
 * propagates, its grouping into actors, and every document's mentions; optionally what its snapshot made
 * of each actor's mentions (canonical spelling and variants) and the spelling findings of that snapshot
 * (added by the engine). Mentions are stored by their tokens' offsets and normalized
 * forms; their texts come back from the documents' texts.
 *
 * `encodeSavedPass` / `decodeSavedPass` turn it into bytes and back: one table of strings (UTF-8,
 * NUL-separated) and 32-bit integers. Decoding checks the data as it goes and throws on anything that
 * does not fit (a host then runs the pass).
 */
import { ActorType, ACTOR_TYPES } from '../model';
import { drain, nulSeparatedSteps } from '../steps';
import { splitOwned } from '../text/ownStrings';

export interface SavedForm {
  readonly key: string;
  readonly votes: readonly [number, number, number];
  readonly count: number;
  readonly direct: number;
  readonly firstOrder: number;
  /** Counted by the pass's first phase (the names it propagates and the clitic evidence come from those). */
  readonly phase1: boolean;
  /** Still counted when the pass ended (false: all its mentions were rebuilt as other forms). */
  readonly live: boolean;
}

export interface SavedNameForm {
  readonly key: string;
  readonly type: ActorType;
  readonly count: number;
  readonly firstOrder: number;
}

export interface SavedCluster {
  readonly type: ActorType;
  /** Indexes into `SavedPass.nameForms`. */
  readonly forms: readonly number[];
  readonly reasons: readonly string[];
  /** What the pass's snapshot made of the cluster's mentions (before the annotator's decisions), when saved with it. */
  readonly part?: SavedClusterPart;
}

/** A cluster's canonical spelling as its mentions have it, and its variants with their counts (see snapshot.ts). */
export interface SavedClusterPart {
  readonly canonical: string;
  readonly variants: ReadonlyArray<{ readonly text: string; readonly count: number }>;
}

/**
 * Every document's mentions, packed: per document its number of mentions, then per mention its type,
 * the length (UTF-16) of the proclitic written just before its first token, its evidence (a string
 * id), its number of tokens, and per token its start, end and normalized form (a string id).
 */
export class MentionTable {
  /** `ints` holds `length` numbers. */
  constructor(readonly ints: Int32Array, readonly length: number, readonly strings: readonly string[]) {}

  /** Reads the table document by document; `visit` gets each mention's fields and its tokens' offsets. */
  read(documents: number, visit: MentionVisitor): boolean {
    const a = this.ints;
    const n = this.length;
    let at = 0;
    for (let d = 0; d < documents; d++) {
      if (at >= n) return false;
      const count = a[at++]!;
      visit.document(d, count);
      for (let k = 0; k < count; k++) {
        if (at + 4 > n) return false;
        const type = ACTOR_TYPES[a[at]!];
        const clitic = a[at + 1]!;
        const evidence = this.strings[a[at + 2]!];
        const tokens = a[at + 3]!;
        at += 4;
        if (!type || evidence === undefined || tokens <= 0 || at + 3 * tokens > n) return false;
        if (!visit.mention(type, clitic, evidence, tokens, at)) return false;
        at += 3 * tokens;
      }
    }
    return at === n;
  }
}

export interface MentionVisitor {
  document(index: number, mentions: number): void;
  /** Tokens are at `ints[at + 3k]` (start), `+1` (end), `+2` (string id of the normalized form). False: does not fit. */
  mention(type: ActorType, cliticLength: number, evidence: string, tokens: number, at: number): boolean;
}

/** Builds a MentionTable. */
export class MentionTableBuilder {
  private ints: Int32Array;
  private n = 0;
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  /** `capacity`: the numbers it will hold, when known (a table grown by doubling copies what it holds each time). */
  constructor(capacity = 1 << 16) {
    this.ints = new Int32Array(Math.max(1, capacity));
  }

  /** The numbers a document's list of mentions takes in the table. */
  static size<M extends { readonly tokens: ArrayLike<unknown> }>(mentions: readonly M[], tokenCount: (m: M) => number = (m) => m.tokens.length): number {
    let n = 1;
    for (const m of mentions) n += 4 + 3 * tokenCount(m);
    return n;
  }

  private put(x: number): void {
    if (this.n === this.ints.length) {
      const grown = new Int32Array(2 * this.ints.length);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.ints[this.n++] = x;
  }

  private str(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  document(mentions: number): void {
    this.put(mentions);
  }

  mention(type: ActorType, cliticLength: number, evidence: string, tokens: ReadonlyArray<{ readonly start: number; readonly end: number; readonly norm: string }>): void {
    this.put(ACTOR_TYPES.indexOf(type));
    this.put(cliticLength);
    this.put(this.str(evidence));
    this.put(tokens.length);
    for (const t of tokens) {
      this.put(t.start);
      this.put(t.end);
      this.put(this.str(t.norm));
    }
  }

  build(): MentionTable {
    return new MentionTable(this.ints, this.n, this.strings);
  }
}

export interface SavedPass {
  readonly documents: readonly string[];
  readonly forms: readonly SavedForm[];
  /** Surname → key of the full name it stands for. */
  readonly surnames: ReadonlyArray<readonly [string, string]>;
  readonly nameForms: readonly SavedNameForm[];
  readonly clusters: readonly SavedCluster[];
  /** Form key → indexes of the clusters it belongs to. */
  readonly clustersOfForm: ReadonlyArray<readonly [string, readonly number[]]>;
  /** Every document's mentions in document order, documents in the order of `documents`. */
  readonly mentions: MentionTable;
  /** The spelling findings of the pass's snapshot, when the host saved them with it (see Engine.savePass). */
  readonly spelling?: SavedSpellingFindings;
}

/**
 * Spelling findings of a pass under one set of options (`options`: a key the engine makes of them): per
 * document, in the order of `SavedPass.documents`, each finding's span, actor, spellings and message.
 */
export interface SavedSpellingFindings {
  readonly options: string;
  readonly documents: ReadonlyArray<readonly SavedSpellingFinding[]>;
}

export interface SavedSpellingFinding {
  readonly start: number;
  readonly end: number;
  readonly actor: string;
  readonly found: string;
  readonly expected: string;
  readonly message: string;
}

const MAGIC = 0x41_4e_50_33; // "ANP3"

/** Numbers of an `IntChunks` chunk. */
export const CHUNK_INTS = 1 << 16;

/** Numbers written little-endian into chunks of a fixed size: nothing written is copied as it grows. */
export class IntChunks {
  private readonly chunks: DataView[] = [];
  private view = new DataView(new ArrayBuffer(0));
  private at: number;
  length = 0;

  constructor(private readonly chunkInts = CHUNK_INTS) {
    this.at = chunkInts;
  }

  push(x: number): void {
    if (this.at === this.chunkInts) {
      this.chunks.push((this.view = new DataView(new ArrayBuffer(4 * this.chunkInts))));
      this.at = 0;
    }
    this.view.setInt32(4 * this.at++, x, true);
    this.length++;
  }

  /** The bytes written, chunk by chunk. */
  parts(): Uint8Array[] {
    return this.chunks.map((v, i) => new Uint8Array(v.buffer, 0, i === this.chunks.length - 1 ? 4 * this.at : 4 * this.chunkInts));
  }
}

/** Numbers put between two yields of `encodeSavedPassSteps`. */
const INTS_PER_STEP = 32768;
/** Strings of the string table encoded between two yields. */
const STRINGS_PER_STEP = 8192;

/** The bytes of a saved pass. */
export function encodeSavedPass(p: SavedPass): Uint8Array {
  const parts = drain(encodeSavedPassSteps(p));
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/**
 * `encodeSavedPass` in steps, as the parts of its bytes in order (not copied into one array): the header
 * ints, the mention table (a view of the pass's own table) and the string table.
 */
export function* encodeSavedPassSteps(p: SavedPass): Generator<void, Uint8Array[], void> {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const str = (s: string): number => {
    let id = ids.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      ids.set(s, id);
    }
    return id;
  };
  const ints = new IntChunks();
  ints.push(MAGIC);
  // One number at a time: a rest parameter would make an array for each call (hundreds of thousands of them).
  const put = (x: number): void => ints.push(x);
  const putAll = (xs: readonly number[]): void => {
    for (const x of xs) ints.push(x);
  };
  let next = INTS_PER_STEP;
  /** True once INTS_PER_STEP more numbers are put since the last time it was. */
  const due = (): boolean => {
    if (ints.length < next) return false;
    next = ints.length + INTS_PER_STEP;
    return true;
  };
  const type = (t: ActorType): number => ACTOR_TYPES.indexOf(t);
  put(p.documents.length);
  for (const d of p.documents) {
    put(str(d));
    if (due()) yield;
  }
  put(p.forms.length);
  for (const f of p.forms) {
    if (due()) yield;
    put(str(f.key));
    put(f.votes[0]);
    put(f.votes[1]);
    put(f.votes[2]);
    put(f.count);
    put(f.direct);
    put(Number.isFinite(f.firstOrder) ? f.firstOrder : -1);
    put((f.phase1 ? 1 : 0) | (f.live ? 2 : 0));
  }
  put(p.surnames.length);
  for (const [s, full] of p.surnames) {
    if (due()) yield;
    put(str(s));
    put(str(full));
  }
  put(p.nameForms.length);
  for (const f of p.nameForms) {
    if (due()) yield;
    put(str(f.key));
    put(type(f.type));
    put(f.count);
    put(Number.isFinite(f.firstOrder) ? f.firstOrder : -1);
  }
  put(p.clusters.length);
  for (const c of p.clusters) {
    if (due()) yield;
    put(type(c.type));
    put(c.forms.length);
    putAll(c.forms);
    put(c.reasons.length);
    for (const r of c.reasons) put(str(r));
    put(c.part ? 1 : 0);
    if (c.part) {
      put(str(c.part.canonical));
      put(c.part.variants.length);
      for (const v of c.part.variants) {
        put(str(v.text));
        put(v.count);
      }
    }
  }
  put(p.clustersOfForm.length);
  for (const [key, cs] of p.clustersOfForm) {
    if (due()) yield;
    put(str(key));
    put(cs.length);
    putAll(cs);
  }
  const sp = p.spelling;
  if (sp && sp.documents.length !== p.documents.length) throw new Error('saved pass: spelling findings for other documents');
  put(sp ? 1 : 0);
  if (sp) {
    put(str(sp.options));
    for (const list of sp.documents) {
      if (due()) yield;
      put(list.length);
      for (const f of list) {
        put(f.start);
        put(f.end);
        put(str(f.actor));
        put(str(f.found));
        put(str(f.expected));
        put(str(f.message));
      }
    }
  }
  yield;
  const m = p.mentions;
  // the counts, the header ints, then the mention table (its string ids shifted past the header's strings), then the strings
  const counts = new Uint8Array(16);
  const view = new DataView(counts.buffer);
  view.setUint32(0, ints.length, true);
  view.setUint32(4, m.length, true);
  view.setUint32(8, strings.length, true);
  view.setUint32(12, m.strings.length, true);
  const text = yield* nulSeparatedSteps(strings.length + m.strings.length, (k) => (k < strings.length ? strings[k]! : m.strings[k - strings.length]!), STRINGS_PER_STEP);
  return [counts, ...ints.parts(), new Uint8Array(m.ints.buffer, m.ints.byteOffset, 4 * m.length), ...text];
}

/** A saved pass from its bytes; throws when they are not one. */
export function decodeSavedPass(bytes: Uint8Array): SavedPass {
  if (bytes.length < 16 || bytes.byteOffset % 4 !== 0) throw new Error('saved pass: truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  const tableLength = view.getUint32(4, true);
  const stringCount = view.getUint32(8, true);
  const tableStrings = view.getUint32(12, true);
  if (16 + 4 * (n + tableLength) > bytes.length) throw new Error('saved pass: truncated');
  const all = splitOwned(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16 + 4 * (n + tableLength))), '\u0000');
  if (all.length !== stringCount + tableStrings && !(all.length === 1 && stringCount + tableStrings === 0)) throw new Error('saved pass: string table does not fit');
  const strings = all.slice(0, stringCount);
  let at = 0;
  const int = (): number => {
    if (at >= n) throw new Error('saved pass: truncated');
    return view.getInt32(16 + 4 * at++, true);
  };
  const count = (): number => {
    const c = int();
    if (c < 0 || c > n - at) throw new Error('saved pass: bad count');
    return c;
  };
  const str = (): string => {
    const i = int();
    const s = strings[i];
    if (s === undefined) throw new Error('saved pass: bad string');
    return s;
  };
  const type = (): ActorType => {
    const t = ACTOR_TYPES[int()];
    if (!t) throw new Error('saved pass: bad type');
    return t;
  };
  const order = (): number => {
    const o = int();
    return o < 0 ? Infinity : o;
  };
  if (int() !== MAGIC) throw new Error('saved pass: not a saved pass');
  const documents = Array.from({ length: count() }, str);
  const forms: SavedForm[] = [];
  for (let k = count(); k > 0; k--) {
    const key = str();
    const votes: [number, number, number] = [int(), int(), int()];
    const c = int();
    const direct = int();
    const firstOrder = order();
    const flags = int();
    forms.push({ key, votes, count: c, direct, firstOrder, phase1: (flags & 1) !== 0, live: (flags & 2) !== 0 });
  }
  const surnames: Array<[string, string]> = [];
  for (let k = count(); k > 0; k--) surnames.push([str(), str()]);
  const nameForms: SavedNameForm[] = [];
  for (let k = count(); k > 0; k--) nameForms.push({ key: str(), type: type(), count: int(), firstOrder: order() });
  const clusters: SavedCluster[] = [];
  for (let k = count(); k > 0; k--) {
    const t = type();
    const fs = Array.from({ length: count() }, () => {
      const i = int();
      if (i < 0 || i >= nameForms.length) throw new Error('saved pass: bad form');
      return i;
    });
    const reasons = Array.from({ length: count() }, str);
    const hasPart = int();
    if (hasPart !== 0 && hasPart !== 1) throw new Error('saved pass: bad cluster part');
    if (!hasPart) {
      clusters.push({ type: t, forms: fs, reasons });
      continue;
    }
    const canonical = str();
    const variants = Array.from({ length: count() }, () => ({ text: str(), count: int() }));
    clusters.push({ type: t, forms: fs, reasons, part: { canonical, variants } });
  }
  const clustersOfForm: Array<[string, number[]]> = [];
  for (let k = count(); k > 0; k--) {
    const key = str();
    clustersOfForm.push([key, Array.from({ length: count() }, () => {
      const i = int();
      if (i < 0 || i >= clusters.length) throw new Error('saved pass: bad cluster');
      return i;
    })]);
  }
  let spelling: SavedSpellingFindings | undefined;
  const hasSpelling = int();
  if (hasSpelling !== 0 && hasSpelling !== 1) throw new Error('saved pass: bad spelling findings');
  if (hasSpelling) {
    const options = str();
    const lists = documents.map(() => {
      const list: SavedSpellingFinding[] = [];
      for (let k = count(); k > 0; k--) {
        const start = int();
        const end = int();
        if (start < 0 || end < start) throw new Error('saved pass: bad finding span');
        list.push({ start, end, actor: str(), found: str(), expected: str(), message: str() });
      }
      return list;
    });
    spelling = { options, documents: lists };
  }
  if (at !== n) throw new Error('saved pass: unexpected data after the header');
  const table = new Int32Array(bytes.buffer, bytes.byteOffset + 16 + 4 * n, tableLength);
  return { documents, forms, surnames, nameForms, clusters, clustersOfForm, mentions: new MentionTable(table, tableLength, all.slice(stringCount)), ...(spelling ? { spelling } : {}) };
}
