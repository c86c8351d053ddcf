/**
 * Corpus-independent analysis of one document: its tokens in compact form, candidate entity spans
 * and the document's vocabulary. It depends only on the document's text, so it is computed once per
 * version and costs time proportional to the document.
 *
 * Tokens are kept as typed arrays (offsets, kind, line start, interned normalized form): a few
 * bytes per token instead of an object with two strings, which is what lets tens of thousands of
 * articles stay in memory. `tokens` rebuilds the token objects on demand (one document at a time).
 */
import { Token, TokenKind, tokenize } from '../text/tokenize';
import { Candidate, recognizeDocument, RecognitionLexicon, SequenceTagger } from '../recognize/recognizer';
import { FormTable } from './formTable';
import { ActorType, Mention, MentionToken } from '../model';

const KINDS: readonly TokenKind[] = ['arabic', 'latin', 'number', 'punct'];
const KIND_CODE: Record<TokenKind, number> = { arabic: 0, latin: 1, number: 2, punct: 3 };
export const KIND_ARABIC = 0;
const LINE_START = 4;

export class DocumentAnalysis {
  /** Number of tokens. */
  readonly length: number;
  /** Per token: UTF-16 start and end offsets. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per token: kind code (bits 0–1: arabic, latin, number, punct) and line start (bit 2). */
  private readonly flags: Uint8Array;
  /** Per token: id of its normalized form in the corpus form table. */
  readonly normIds: Int32Array;
  /** Distinct Arabic forms of the document (ids) and how often each occurs. */
  readonly vocabIds: Int32Array;
  readonly vocabCounts: Int32Array;

  constructor(
    readonly doc: string,
    readonly text: string,
    tokens: readonly Token[],
    readonly candidates: readonly Candidate[],
    forms: FormTable,
  ) {
    const n = tokens.length;
    this.length = n;
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.normIds = new Int32Array(n);
    const vocab = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      this.starts[i] = t.start;
      this.ends[i] = t.end;
      this.flags[i] = KIND_CODE[t.kind] | (t.lineStart ? LINE_START : 0);
      const id = forms.intern(t.norm);
      this.normIds[i] = id;
      if (t.kind === 'arabic') vocab.set(id, (vocab.get(id) ?? 0) + 1);
    }
    this.vocabIds = Int32Array.from(vocab.keys());
    this.vocabCounts = Int32Array.from(vocab.values());
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

  /** The token objects, rebuilt from the text (costs a tokenization of this document). */
  get tokens(): Token[] {
    return tokenize(this.text);
  }
}

/**
 * Analyses one document. `recognized` are candidates computed earlier for the same text by the same
 * engine (a persisted index): recognition, the costly part, is then skipped.
 */
export function analyzeDocument(
  doc: string, text: string, tagger: SequenceTagger | undefined, lexicon: RecognitionLexicon, forms: FormTable, recognized?: readonly Candidate[],
): DocumentAnalysis {
  const tokens = tokenize(text);
  const candidates = recognized && validCandidates(recognized, tokens.length) ? recognized : recognizeDocument(tokens, tagger, lexicon).candidates;
  return new DocumentAnalysis(doc, text, tokens, candidates, forms);
}

/** Candidates from a cache fit the tokens: inside the token range, non-empty. */
function validCandidates(cs: readonly Candidate[], tokenCount: number): boolean {
  return cs.every((c) => Number.isInteger(c.tokenStart) && Number.isInteger(c.tokenEnd) && c.tokenStart >= 0 && c.tokenStart < c.tokenEnd && c.tokenEnd <= tokenCount);
}

/** The mention made of some tokens of a document (at least one), with the clitic written before the first. */
export function mentionOf(a: DocumentAnalysis, toks: readonly MentionToken[], type: ActorType, clitic: string, evidence: string): Mention {
  const first = toks[0]!;
  const last = toks[toks.length - 1]!;
  return {
    doc: a.doc,
    start: first.start,
    end: last.end,
    text: a.text.slice(first.start, last.end),
    key: toks.map((t) => t.norm).join(' '),
    tokens: toks,
    type,
    clitic,
    evidence,
  };
}
