/**
 * The analysis engine: one factory wiring the pure core (tagger, lexicons, corpus index, findings).
 * Hosts (CLI, language server) supply what needs I/O — the word list — and the documents.
 */
import { CorpusIndex } from './corpus/corpusIndex';
import { RecognitionLexicon, SequenceTagger } from './recognize/recognizer';
import { PlaceGazetteer } from './lexicon/places';
import { isNisba } from './lexicon/nisba';
import { WordList } from './lexicon/wordList';
import { isCommonWord } from './lexicon/commonWords';
import { defaultTagger } from './recognize/defaultTagger';
import { Finding, MissingSpaceFindingResult } from './model';
import { spellingFindings, SpellingOptions } from './findings/spellingVariants';
import { findMissingSpaces } from './findings/missingSpace';

export interface EngineOptions {
  /** The general word list (dictionary); without it, missing-space findings are off. */
  readonly wordList?: WordList;
  /** Override the statistical tagger (tests); `null` disables it. */
  readonly tagger?: SequenceTagger | null;
  readonly spelling?: SpellingOptions;
  readonly missingSpace?: boolean;
}

export interface FindingOptions {
  readonly spelling?: SpellingOptions;
  readonly missingSpace?: boolean;
}

export interface Engine {
  readonly index: CorpusIndex;
  readonly lexicon: RecognitionLexicon;
  /** All findings of one document, in document order. */
  findings(doc: string): Finding[];
  /** Changes what findings report (severity, ignored differences …); takes effect on the next call. */
  configure(options: FindingOptions): void;
}

export function createRecognitionLexicon(): RecognitionLexicon {
  const places = PlaceGazetteer.default();
  return {
    isPlace: (norm) => places.has(norm),
    placeAt: (tokens, i) => places.matchAt(tokens, i)?.length ?? 0,
    isNisba: (norm) => isNisba(norm, places),
    isCommonWord,
  };
}

export function createEngine(options: EngineOptions = {}): Engine {
  const lexicon = createRecognitionLexicon();
  const tagger = options.tagger === null ? undefined : (options.tagger ?? defaultTagger());
  const index = new CorpusIndex({ lexicon, tagger });
  let current: FindingOptions = { spelling: options.spelling, missingSpace: options.missingSpace };
  const findings = (doc: string): Finding[] => {
    const snapshot = index.resolve();
    const out: Finding[] = [...spellingFindings(snapshot, doc, current.spelling)];
    const analysis = index.analysis(doc);
    if (analysis && options.wordList && current.missingSpace !== false) {
      for (const f of findMissingSpaces(analysis.text, analysis.tokens, options.wordList)) {
        const ms: MissingSpaceFindingResult = {
          code: 'missing-space',
          doc,
          start: f.start,
          end: f.end,
          severity: current.spelling?.severity === 'hint' ? 'hint' : 'information',
          message: `Missing space: "${f.left}${f.right}" should read "${f.left} ${f.right}"`,
          found: f.left + f.right,
          expected: `${f.left} ${f.right}`,
        };
        out.push(ms);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  };
  return { index, lexicon, findings, configure: (o) => (current = o) };
}
