/**
 * Corpus-independent analysis of one document: its tokens in compact form, candidate entity spans
 * and the document's vocabulary. It depends only on the document's text, so it is computed once per
 * version and costs time proportional to the document.
 *
 * Tokens are kept as typed arrays (offsets, kind, line start, interned normalized form): a few
 * bytes per token instead of an object with two strings, which is what lets tens of thousands of
 * articles stay in memory. `tokens` rebuilds the token objects on demand (one document at a time).
 */
import { formsOf, narrowOffsets, Offsets, ScannedTokens, scanTokens, Token, TokenKind, tokenize } from '../text/tokenize';
import { Candidate, RecognitionLexicon, recognizeTokens, SequenceTagger } from '../recognize/recognizer';
import { FormTable } from './formTable';
import { ActorType, Mention, MentionToken } from '../model';
import type { MissingSpaceFinding } from '../findings/missingSpace';

/**
 * A document's tokens as stored by a host (a persisted index) for the same text and engine: typed
 * arrays, with forms as ids into the host's own table of forms (`forms`), translated into the corpus
 * form table once per distinct id.
 */
export interface StoredTokens {
  readonly starts: Offsets;
  readonly ends: Offsets;
  /** Kind code and line-start bit, as `DocumentAnalysis.flagsOf` gives them. */
  readonly flags: Uint8Array;
  readonly normIds: Int32Array;
  readonly forms: FormTranslation;
}

/** Ids of a host's table of forms → ids of the corpus form table, filled on first use of each id. */
export class FormTranslation {
  private ids: Int32Array;
  /** `forms` may grow (a worker thread's table, sent in parts): ids past the end are translated when met. */
  constructor(readonly forms: readonly string[]) {
    this.ids = new Int32Array(forms.length).fill(-1);
  }
  id(local: number, table: FormTable): number {
    if (local >= this.ids.length) {
      const ids = new Int32Array(Math.max(this.forms.length, 2 * this.ids.length)).fill(-1);
      ids.set(this.ids);
      this.ids = ids;
    }
    let id = this.ids[local]!;
    if (id < 0) this.ids[local] = id = table.intern(this.forms[local]!);
    return id;
  }
}

const KINDS: readonly TokenKind[] = ['arabic', 'latin', 'number', 'punct'];
const KIND_CODE: Record<TokenKind, number> = { arabic: 0, latin: 1, number: 2, punct: 3 };
export const KIND_ARABIC = 0;
const LINE_START = 4;

export class DocumentAnalysis {
  /** Number of tokens. */
  readonly length: number;
  /** Per token: UTF-16 start and end offsets (two bytes each when the text is short enough, see `Offsets`). */
  readonly starts: Offsets;
  readonly ends: Offsets;
  /** Per token: kind code (bits 0–1: arabic, latin, number, punct) and line start (bit 2). */
  private readonly flags: Uint8Array;
  /** Per token: id of its normalized form in the corpus form table. */
  readonly normIds: Int32Array;
  /**
   * Missing-space findings of this text (they depend on the text and the word list alone): computed
   * on first use by the engine, or given by a persisted index.
   */
  missingSpaces: readonly MissingSpaceFinding[] | undefined;

  constructor(
    readonly doc: string,
    readonly text: string,
    tokens: readonly Token[] | StoredTokens | ScannedTokens,
    readonly candidates: readonly Candidate[],
    forms: FormTable,
  ) {
    if (!Array.isArray(tokens) && !('normIds' in tokens)) {
      // Fresh from the tokenizer (`scanTokens`): its arrays are this analysis' own; each word form
      // remembers the id of its normalized form in this table (see text/wordForms.ts).
      const scanned = tokens as ScannedTokens;
      const n = scanned.length;
      this.length = n;
      this.starts = scanned.starts;
      this.ends = scanned.ends;
      this.flags = scanned.flags;
      this.normIds = new Int32Array(n);
      const serial = forms.serial;
      for (let i = 0; i < n; i++) {
        const f = scanned.forms[i]!;
        if (f.table !== serial) {
          f.tableId = forms.intern(f.norm);
          f.table = serial;
        }
        this.normIds[i] = f.tableId;
      }
      return;
    }
    if (!Array.isArray(tokens)) {
      const stored = tokens as StoredTokens;
      const n = stored.starts.length;
      this.length = n;
      this.starts = stored.starts;
      this.ends = stored.ends;
      this.flags = stored.flags;
      this.normIds = new Int32Array(n);
      for (let i = 0; i < n; i++) this.normIds[i] = stored.forms.id(stored.normIds[i]!, forms);
      return;
    }
    tokens = tokens as readonly Token[];
    const n = tokens.length;
    this.length = n;
    this.starts = narrowOffsets(text.length) ? new Uint16Array(n) : new Int32Array(n);
    this.ends = narrowOffsets(text.length) ? new Uint16Array(n) : new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.normIds = new Int32Array(n);
    // Each word form remembers the id of its normalized form in this table (see text/wordForms.ts).
    const wordForms = formsOf(tokens);
    const serial = forms.serial;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      this.starts[i] = t.start;
      this.ends[i] = t.end;
      this.flags[i] = KIND_CODE[t.kind] | (t.lineStart ? LINE_START : 0);
      const f = wordForms[i]!;
      if (f.table !== serial) {
        f.tableId = forms.intern(f.norm);
        f.table = serial;
      }
      this.normIds[i] = f.tableId;
    }
  }

  /** Per token: kind code (bits 0–1) and line start (bit 2), for hosts that store the tokens. */
  get tokenFlags(): Uint8Array {
    return this.flags;
  }

  kindCode(i: number): number {
    return this.flags[i]! & 3;
  }

  isArabic(i: number): boolean {
    return (this.flags[i]! & 3) === KIND_ARABIC;
  }

  kind(i: number): TokenKind {
    return KINDS[this.flags[i]! & 3]!;
  }

  lineStart(i: number): boolean {
    return (this.flags[i]! & LINE_START) !== 0;
  }

  /**
   * Adds `sign` to `counts[id]` for the form id of each Arabic token: this document's share of the corpus
   * frequencies (computed when asked rather than kept per document: 17 MB over 10,000 articles). The ids
   * whose count goes from 0 to 1 or from 1 to 0 are pushed to `crossed`, if given.
   */
  countArabicForms(counts: Int32Array, sign: 1 | -1, crossed?: number[]): void {
    const { normIds, flags } = this;
    for (let i = 0; i < normIds.length; i++) {
      if ((flags[i]! & 3) !== KIND_ARABIC) continue;
      const id = normIds[i]!;
      const n = (counts[id]! += sign);
      if (crossed && (sign > 0 ? n === 1 : n === 0)) crossed.push(id);
    }
  }

  /** The token objects, rebuilt from the text (costs a tokenization of this document). */
  get tokens(): Token[] {
    return tokenize(this.text);
  }
}

/** What a persisted index stored for a text (same text, same engine): recognition, tokens, missing spaces. */
export interface StoredAnalysis {
  readonly candidates: readonly Candidate[];
  readonly tokens?: StoredTokens;
  readonly missingSpaces?: readonly MissingSpaceFinding[];
}

/**
 * Analyses one document. `recognized` are candidates computed earlier for the same text by the same
 * engine (a persisted index): recognition, the costly part, is then skipped; with stored tokens too,
 * so is tokenization.
 */
export function analyzeDocument(
  doc: string, text: string, tagger: SequenceTagger | undefined, lexicon: RecognitionLexicon, forms: FormTable, recognized?: readonly Candidate[] | StoredAnalysis,
): DocumentAnalysis {
  const stored = recognized && !Array.isArray(recognized) ? (recognized as StoredAnalysis) : undefined;
  if (stored?.tokens && validTokens(stored.tokens, text.length) && validCandidates(stored.candidates, stored.tokens.starts.length)) {
    const a = new DocumentAnalysis(doc, text, stored.tokens, stored.candidates, forms);
    if (stored.missingSpaces && validMissingSpaces(stored.missingSpaces, text.length)) a.missingSpaces = stored.missingSpaces;
    return a;
  }
  if (stored) recognized = stored.candidates;
  const tokens = scanTokens(text);
  const given = recognized as readonly Candidate[] | undefined;
  const candidates = given && validCandidates(given, tokens.length) ? given : recognizeTokens(tokens, tagger, lexicon).candidates;
  return new DocumentAnalysis(doc, text, tokens, candidates, forms);
}

/** Candidates from a cache fit the tokens: inside the token range, non-empty. */
function validCandidates(cs: readonly Candidate[], tokenCount: number): boolean {
  return cs.every((c) => Number.isInteger(c.tokenStart) && Number.isInteger(c.tokenEnd) && c.tokenStart >= 0 && c.tokenStart < c.tokenEnd && c.tokenEnd <= tokenCount);
}

/** Stored tokens fit the text: ordered, non-empty, inside it, with known forms and kinds. */
function validTokens(t: StoredTokens, textLength: number): boolean {
  const n = t.starts.length;
  if (t.ends.length !== n || t.flags.length !== n || t.normIds.length !== n) return false;
  const forms = t.forms.forms.length;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const s = t.starts[i]!;
    const e = t.ends[i]!;
    const id = t.normIds[i]!;
    if (s < prev || e <= s || e > textLength || id < 0 || id >= forms || t.flags[i]! > 7) return false;
    prev = e;
  }
  return true;
}

function validMissingSpaces(fs: readonly MissingSpaceFinding[], textLength: number): boolean {
  return fs.every((f) => f.start <= f.splitAt && f.splitAt <= f.end && f.start >= 0 && f.end <= textLength);
}

/**
 * A mention of one token, which is its own token (its start, end, text and, as `norm`, its key): the token
 * object and its list would take another 110 bytes for each of the mentions that are one word (about 70%).
 * `tokens` is a new one-element list at each read.
 */
class OneTokenMention implements Mention, MentionToken {
  constructor(
    readonly doc: string,
    readonly start: number,
    readonly end: number,
    readonly text: string,
    readonly key: string,
    readonly type: ActorType,
    readonly clitic: string,
    readonly evidence: string,
  ) {}
  get norm(): string {
    return this.key;
  }
  get tokens(): readonly MentionToken[] {
    return [this];
  }
}

/** The number of tokens of a mention, without making the list a one-token mention makes at each read of `tokens`. */
export function tokenCountOf(m: Mention): number {
  return m instanceof OneTokenMention ? 1 : m.tokens.length;
}

/**
 * A mention's tokens for a reader that does not keep the list: for a one-token mention, `scratch` holding it
 * (no new list; `scratch` is overwritten at the next call), else `tokens` itself.
 */
export function tokensOf(m: Mention, scratch: MentionToken[]): readonly MentionToken[] {
  if (!(m instanceof OneTokenMention)) return m.tokens;
  scratch.length = 1;
  scratch[0] = m;
  return scratch;
}

/**
 * The mention made of some tokens of a document (at least one, copied: the caller may reuse its array), with
 * the clitic written before the first. `intern` returns one shared instance of equal strings (texts and keys
 * repeat across mentions). The copy is exactly as long as the list: an array grown by `push` keeps room for 17
 * elements, 150 bytes for the one or two tokens most mentions have.
 */
export function mentionOf(a: DocumentAnalysis, toks: readonly MentionToken[], type: ActorType, clitic: string, evidence: string, intern: (s: string) => string = (s) => s): Mention {
  const first = toks[0]!;
  if (toks.length === 1) return new OneTokenMention(a.doc, first.start, first.end, first.text, first.norm, type, clitic, evidence);
  const last = toks[toks.length - 1]!;
  return {
    doc: a.doc,
    start: first.start,
    end: last.end,
    text: intern(a.text.slice(first.start, last.end)),
    key: intern(toks.map((t) => t.norm).join(' ')),
    tokens: toks.slice(),
    type,
    clitic,
    evidence,
  };
}
