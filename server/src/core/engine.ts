/**
 * The analysis engine: one factory wiring the pure core (tagger, lexicons, corpus index, findings).
 * Hosts (CLI, language server) supply what needs I/O — the word list — and the documents.
 */
import { CorpusIndex, CorpusSnapshot } from './corpus/corpusIndex';
import { DocumentAnalysis } from './corpus/documentAnalysis';
import { recognizeDocument, RecognitionLexicon, sentenceRanges, SequenceTagger } from './recognize/recognizer';
import { PlaceGazetteer } from './lexicon/places';
import { isNisba } from './lexicon/nisba';
import { isKnownWord, WordList } from './lexicon/wordList';
import { isCommonWord } from './lexicon/commonWords';
import { defaultTagger } from './recognize/defaultTagger';
import { SentenceCache } from './recognize/sentenceCache';
import { Finding, MissingSpaceFindingResult } from './model';
import { spellingFindings, SpellingOptions } from './findings/spellingVariants';
import { findMissingSpacesInArrays } from './findings/missingSpace';

export interface EngineOptions {
  /** The general word list (dictionary); without it, missing-space findings are off. */
  readonly wordList?: WordList;
  /** Override the statistical tagger (tests); `null` disables it. */
  readonly tagger?: SequenceTagger | null;
  readonly spelling?: SpellingOptions;
  readonly missingSpace?: boolean;
  /** Override the recognition lexicon (evaluation with lexicons built from part of the data); default `createRecognitionLexicon(wordList)`. */
  readonly lexicon?: RecognitionLexicon;
}

export interface FindingOptions {
  readonly spelling?: SpellingOptions;
  readonly missingSpace?: boolean;
}

export interface Engine {
  readonly index: CorpusIndex;
  readonly lexicon: RecognitionLexicon;
  /** All findings of one document, in document order (against `snapshot`, by default the exact corpus). */
  findings(doc: string, snapshot?: CorpusSnapshot): Finding[];
  /** Changes what findings report (severity, ignored differences …); takes effect on the next call. */
  configure(options: FindingOptions): void;
  /**
   * Tags the sentences of a document ahead of its edits, one sentence per step, so that the first
   * keystroke in it re-tags only the sentence it changed (its recognition may have come from a worker
   * thread or the persisted index, which leave nothing in this thread's caches). Results are
   * unchanged: it only fills the caches.
   */
  prepareEdits(doc: string): Generator<void, void, void>;
}

/** The recognizer's lexicons; `words` (the general word list) adds dictionary lookups. */
export function createRecognitionLexicon(words?: WordList): RecognitionLexicon {
  const places = PlaceGazetteer.default();
  return {
    isPlace: (norm) => places.has(norm),
    placeAt: (tokens, i) => places.matchAt(tokens, i)?.length ?? 0,
    startsPlace: (norm) => places.startsName(norm),
    isNisba: (norm) => isNisba(norm, places),
    isCommonWord,
    ...(words ? { isDictionaryWord: (norm: string) => isKnownWord(norm, words) } : {}),
  };
}

/** A tagger built on first use. */
function lazyTagger(build: () => SequenceTagger): SequenceTagger {
  let t: SequenceTagger | undefined;
  return {
    tag: (words) => (t ??= build()).tag(words),
    entityLabels: (word) => (t ??= build()).entityLabels?.(word) ?? [],
  };
}

export function createEngine(options: EngineOptions = {}): Engine {
  const lexicon = options.lexicon ?? createRecognitionLexicon(options.wordList);
  // The shipped tagger is built when an article is first recognized here (not at all when worker threads
  // or the persisted index recognize every article).
  const base = options.tagger === null ? undefined : (options.tagger ?? lazyTagger(() => defaultTagger(options.wordList)));
  const tagger = base && new SentenceCache(base);
  const index = new CorpusIndex({ lexicon, tagger });
  let current: FindingOptions = { spelling: options.spelling, missingSpace: options.missingSpace };
  // Missing spaces depend on the document alone: kept per analysis (a new text gets a new analysis).
  const missingSpaces = new WeakMap<DocumentAnalysis, MissingSpaceFindingResult[]>();
  const missingSpaceFindings = (analysis: DocumentAnalysis, wordList: WordList): MissingSpaceFindingResult[] => {
    let list = missingSpaces.get(analysis);
    if (!list) {
      analysis.missingSpaces ??= findMissingSpacesInArrays(analysis, index.formTable, wordList);
      list = analysis.missingSpaces.map((f) => ({
        code: 'missing-space',
        doc: analysis.doc,
        start: f.start,
        end: f.end,
        severity: 'information',
        message: `Missing space: "${f.left}${f.right}" should read "${f.left} ${f.right}"`,
        found: f.left + f.right,
        expected: `${f.left} ${f.right}`,
      }));
      missingSpaces.set(analysis, list);
    }
    return list;
  };
  const findings = (doc: string, snapshot: CorpusSnapshot = index.resolve()): Finding[] => {
    const out: Finding[] = [...spellingFindings(snapshot, doc, current.spelling)];
    const analysis = index.analysis(doc);
    if (analysis && options.wordList && current.missingSpace !== false) {
      const severity = current.spelling?.severity === 'hint' ? 'hint' : 'information';
      for (const f of missingSpaceFindings(analysis, options.wordList)) out.push(f.severity === severity ? f : { ...f, severity });
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  };
  function* prepareEdits(doc: string): Generator<void, void, void> {
    const analysis = index.analysis(doc);
    if (!analysis || !tagger) return;
    const tokens = analysis.tokens;
    for (const [s, e] of sentenceRanges(tokens)) {
      tagger.tag(tokens.slice(s, e).map((t) => t.text));
      yield;
    }
    // The rest of recognition once (the tagger's answers now come from the cache), for what it remembers too.
    recognizeDocument(tokens, tagger, lexicon);
  }
  return { index, lexicon, findings, configure: (o) => (current = o), prepareEdits };
}
