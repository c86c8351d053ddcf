/**
 * Corpus-independent analysis of one document: tokens, lexical keys, candidate entity spans and the
 * document's vocabulary. It depends only on the document's text, so it is computed once per version
 * and costs time proportional to the document.
 */
import { Token, tokenize } from '../text/tokenize';
import { Candidate, recognizeDocument, RecognitionLexicon, SequenceTagger } from '../recognize/recognizer';

export interface DocumentAnalysis {
  readonly doc: string;
  readonly text: string;
  readonly tokens: readonly Token[];
  /** Per token: its lexical key (normalized, clitic-free where the lexicon knew the stem). */
  readonly keys: readonly string[];
  readonly candidates: readonly Candidate[];
  /** Normalized Arabic word forms of the document with their counts. */
  readonly vocabulary: ReadonlyMap<string, number>;
}

export function analyzeDocument(doc: string, text: string, tagger: SequenceTagger | undefined, lexicon: RecognitionLexicon): DocumentAnalysis {
  const tokens = tokenize(text);
  const { candidates, keys } = recognizeDocument(tokens, tagger, lexicon);
  const vocabulary = new Map<string, number>();
  for (const t of tokens) {
    if (t.kind === 'arabic') vocabulary.set(t.norm, (vocabulary.get(t.norm) ?? 0) + 1);
  }
  return { doc, text, tokens, keys, candidates, vocabulary };
}
