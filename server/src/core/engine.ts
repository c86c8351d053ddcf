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
import { defaultTaggerSteps } from './recognize/defaultTagger';
import { SentenceCache } from './recognize/sentenceCache';
import { Finding, MissingSpaceFindingResult, SpellingFinding } from './model';
import { spellingFindings, spellingOptionsKey, SpellingOptions } from './findings/spellingVariants';
import { SavedPass, SavedSpellingFinding } from './corpus/savedPass';
import { drain } from './steps';
import { findMissingSpacesInArrays } from './findings/missingSpace';
import { FindingsCarry } from './findings/carryOver';

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
  /**
   * All findings of one document, in document order (against `snapshot`, by default the exact corpus).
   * The same array as the last time when they are the same: a pass after an edit gives the documents it
   * changed nothing for the findings (the array) of the pass before (see findings/carryOver.ts).
   */
  findings(doc: string, snapshot?: CorpusSnapshot): readonly Finding[];
  /** Documents whose spelling findings the last pass took from the pass before, of those asked for since it. */
  readonly findingsCarried: number;
  /**
   * What the findings of the last full pass need before its first document's, in steps: the comparison
   * with the pass before that tells which findings carry over. A host that publishes the whole corpus
   * after a pass runs these first, in slices (else the first document's findings do it in one go).
   */
  prepareFindings(): Generator<void, void, void>;
  /** Changes what findings report (severity, ignored differences …); takes effect on the next call. */
  configure(options: FindingOptions): void;
  /** A key of the options in force for spelling findings: equal keys, equal findings of a snapshot. */
  findingsKey(): string;
  /**
   * The last full pass as data (see CorpusIndex.savePass), with the spelling findings of its snapshot
   * under the options in force (those are computed now if they were not yet).
   */
  savePass(): SavedPass | undefined;
  /**
   * `savePass` in steps: the pass, its snapshot and the options are those of now (undefined when the
   * pass is not up to date); the steps may run while other work goes on.
   */
  savePassSteps(): Generator<void, SavedPass, void> | undefined;
  /**
   * Takes a saved pass (see CorpusIndex.restorePass); its spelling findings, when they were saved under
   * the options in force, become the snapshot's, so that they are not computed again.
   */
  restorePass(saved: SavedPass): boolean;
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

/** A tagger built on first use, or ahead of it in steps (`warm`). */
function lazyTagger(build: () => Generator<void, SequenceTagger, void>): { tagger: SequenceTagger; warm: () => Generator<void, void, void> } {
  let t: SequenceTagger | undefined;
  const get = (): SequenceTagger => (t ??= drain(build()));
  return {
    tagger: { tag: (words) => get().tag(words), entityLabels: (word) => get().entityLabels?.(word) ?? [] },
    *warm() {
      if (t) return;
      const built = yield* build();
      t ??= built;
    },
  };
}

/** Documents whose spelling findings a saved pass takes between two yields. */
const DOCUMENTS_PER_STEP = 64;

export function createEngine(options: EngineOptions = {}): Engine {
  const lexicon = options.lexicon ?? createRecognitionLexicon(options.wordList);
  // The shipped tagger is built when an article is first recognized here (not at all when worker threads
  // or the persisted index recognize every article).
  const lazy = options.tagger === undefined ? lazyTagger(() => defaultTaggerSteps(options.wordList)) : undefined;
  const base = options.tagger === null ? undefined : (options.tagger ?? lazy?.tagger);
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
  // Spelling findings per snapshot and document, under the options they were computed with (a saved
  // pass brings its own: see restorePass).
  const spellingMemo = new WeakMap<CorpusSnapshot, { options: SpellingOptions | undefined; byDoc: Map<string, readonly SpellingFinding[]> }>();
  const carry = new FindingsCarry();
  const spellingUnder = (snapshot: CorpusSnapshot, doc: string, options: SpellingOptions | undefined): readonly SpellingFinding[] => {
    // A full pass's snapshot: the pass before's findings of a document nothing changed for are its own.
    const isPass = snapshot === index.passSnapshot;
    if (isPass) carry.enter(snapshot, options, (s) => spellingMemo.get(s));
    let memo = spellingMemo.get(snapshot);
    if (!memo || memo.options !== options) spellingMemo.set(snapshot, (memo = { options, byDoc: new Map() }));
    let list = memo.byDoc.get(doc);
    if (!list) memo.byDoc.set(doc, (list = (isPass ? carry.take(doc) : undefined) ?? spellingFindings(snapshot, doc, options)));
    return list;
  };
  const spellingOf = (snapshot: CorpusSnapshot, doc: string): readonly SpellingFinding[] => spellingUnder(snapshot, doc, current.spelling);
  function* prepareFindings(): Generator<void, void, void> {
    const snapshot = index.passSnapshot;
    if (!snapshot) return;
    carry.enter(snapshot, current.spelling, (s) => spellingMemo.get(s));
    yield* carry.prepareSteps();
  }
  const savePassSteps = (): Generator<void, SavedPass, void> | undefined => {
    const taken = index.savePassSteps();
    if (!taken) return undefined;
    const { steps, snapshot } = taken;
    const options = current.spelling;
    return (function* (): Generator<void, SavedPass, void> {
      const pass = yield* steps;
      const documents: SavedSpellingFinding[][] = [];
      for (let d = 0; d < pass.documents.length; d++) {
        documents.push(spellingUnder(snapshot, pass.documents[d]!, options).map(({ start, end, actor, found, expected, message }) => ({ start, end, actor, found, expected, message })));
        if (d % DOCUMENTS_PER_STEP === DOCUMENTS_PER_STEP - 1) yield;
      }
      return { ...pass, spelling: { options: spellingOptionsKey(options), documents } };
    })();
  };
  const savePass = (): SavedPass | undefined => {
    const steps = savePassSteps();
    return steps && drain(steps);
  };
  const restorePass = (saved: SavedPass): boolean => {
    if (!index.restorePass(saved)) return false;
    const sp = saved.spelling;
    if (!sp || sp.options !== spellingOptionsKey(current.spelling)) return true;
    const snapshot = index.current();
    const severity = current.spelling?.severity ?? 'warning';
    const byDoc = new Map<string, readonly SpellingFinding[]>();
    for (let d = 0; d < saved.documents.length; d++) {
      const doc = saved.documents[d]!;
      const length = index.text(doc)?.length ?? -1;
      const list = sp.documents[d]!;
      if (list.some((f) => f.end > length)) return true; // does not fit the text: computed when asked
      byDoc.set(doc, list.map((f) => ({ code: 'spelling-variant', doc, severity, ...f })));
    }
    spellingMemo.set(snapshot, { options: current.spelling, byDoc });
    return true;
  };
  // The last findings of each analysis and what they were made of: the same parts give the same array.
  const lastFindings = new WeakMap<DocumentAnalysis, { spelling: readonly SpellingFinding[]; missing: readonly MissingSpaceFindingResult[] | undefined; severity: string; result: readonly Finding[] }>();
  const findings = (doc: string, snapshot: CorpusSnapshot = index.resolve()): readonly Finding[] => {
    const spelling = spellingOf(snapshot, doc);
    const analysis = index.analysis(doc);
    const missing = analysis && options.wordList && current.missingSpace !== false ? missingSpaceFindings(analysis, options.wordList) : undefined;
    const severity = current.spelling?.severity === 'hint' ? 'hint' : 'information';
    const last = analysis && lastFindings.get(analysis);
    if (last && last.spelling === spelling && last.missing === missing && last.severity === severity) return last.result;
    const out: Finding[] = [...spelling];
    for (const f of missing ?? []) out.push(f.severity === severity ? f : { ...f, severity });
    const result = out.sort((a, b) => a.start - b.start || a.end - b.end);
    if (analysis) lastFindings.set(analysis, { spelling, missing, severity, result });
    return result;
  };
  function* prepareEdits(doc: string): Generator<void, void, void> {
    const analysis = index.analysis(doc);
    if (!analysis || !tagger) return;
    // The shipped tagger, when not built yet, in steps of its own (the word list, the model, the tagger).
    if (lazy) yield* lazy.warm();
    const tokens = analysis.tokens;
    for (const [s, e] of sentenceRanges(tokens)) {
      tagger.tag(tokens.slice(s, e).map((t) => t.text));
      yield;
    }
    // The rest of recognition once (the tagger's answers now come from the cache), for what it remembers too.
    recognizeDocument(tokens, tagger, lexicon);
  }
  return { index, lexicon, findings, get findingsCarried() { return carry.carried; }, prepareFindings, configure: (o) => (current = o), findingsKey: () => spellingOptionsKey(current.spelling), savePass, savePassSteps, restorePass, prepareEdits };
}
