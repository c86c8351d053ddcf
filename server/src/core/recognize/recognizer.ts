/**
 * Document-level recognition: candidate entity spans over tokens, from a statistical tagger
 * (trained on ANERcorp) combined with general rules — person titles, organization head nouns,
 * a place gazetteer, nisba adjectives. Corpus-level propagation happens later (corpusIndex.ts).
 */
import { Token, isSentenceEnd } from '../text/tokenize';
import { chooseAnalysis, CliticAnalysis } from '../text/clitics';
import { ActorType } from '../model';
import {
  ALEF_MAQSURA_FUNCTION_WORDS, CALENDAR_WORDS, COMPOUND_NAME_PARTS, FUNCTION_WORDS, GENERIC_ORG_HEADS, MEDIA_HEADS, NAME_CONNECTORS, ORDINALS, ORG_HEADS, PERSON_TITLES, PLACE_HEADS, SPEECH_VERBS, TITLE_CONTINUATIONS,
} from '../lexicon/triggers';

/** The tagger interface the recognizer needs (see tagger.ts for the ANERcorp perceptron). */
export interface SequenceTagger {
  tag(words: readonly string[]): readonly string[];
  /** The entity tags (B-PERS, I-ORG …) a word, or the word without its proclitics, carried in the tagger's training data, if the tagger knows. */
  entityLabels?(word: string): readonly string[];
}

/** Lexical knowledge the recognizer consults; every function takes normalized forms. */
export interface RecognitionLexicon {
  isPlace(norm: string): boolean;
  /** Longest multi-token place starting at token i of the given normalized tokens. */
  placeAt(normTokens: readonly string[], i: number): number;
  isNisba(norm: string): boolean;
  /** A general-language word of Arabic news (see lexicon/commonWords.ts). */
  isCommonWord(norm: string): boolean;
  /** A word of the general word list, proclitics and pronoun suffixes allowed (absent when no word list is loaded). */
  isDictionaryWord?(norm: string): boolean;
}

export type Evidence = 'tagger' | 'title' | 'pattern' | 'gazetteer' | 'propagated' | 'manual';

export interface Candidate {
  /** Token index range [tokenStart, tokenEnd). */
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly type: ActorType;
  readonly evidence: Evidence;
}

/** Titles in construct with what they head (وزير الخارجية, رئيس المجلس): the definite words after them are not the name. */
const CONSTRUCT_TITLES = new Set(['وزير', 'وزيره', 'نايب', 'رييس', 'رييسه', 'مدير', 'مديره', 'امين', 'مساعد', 'مستشار', 'قايد', 'سفير', 'مبعوث', 'ممثل', 'مندوب', 'محافظ', 'حاكم', 'زعيم', 'الامين']);

/** Imperfect verbs with a dual or plural ending (يعولان, يطالبون): not a surname. */
const IMPERFECT_VERB = /^[يت].{2,}(ان|ون|ين)$/;

const TAG_TYPES: Record<string, ActorType | undefined> = { PERS: 'person', LOC: 'place', ORG: 'organization' };

/** Words that end an organization chain although they are definite (relational adjectives). */
const ORG_CHAIN_STOPS = new Set(['التابع', 'التابعه', 'المعني', 'المعنيه', 'المكلف', 'المكلفه', 'المسوول', 'المسووله', 'المختص', 'المختصه', 'الذي', 'التي']);

/** Sentence-sized windows for the tagger: split at sentence-final punctuation and line breaks. */
export function sentenceRanges(tokens: readonly Token[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i > s && tokens[i]!.lineStart) {
      out.push([s, i]);
      s = i;
    }
    if (isSentenceEnd(tokens[i]!) || i - s >= 120) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < tokens.length) out.push([s, tokens.length]);
  return out;
}

/** Forms per generation of the lexical analysis memo (when the young one is full it becomes the old one). */
const LEXICAL_GENERATION = 16384;
const lexicalMemo = new WeakMap<RecognitionLexicon, { young: Map<string, CliticAnalysis>; old: Map<string, CliticAnalysis> }>();

/**
 * Clitic analysis for lexicon lookups inside one document (no corpus evidence). A function of the form
 * and the lexicon only, so recently seen forms are remembered (re-analysing an edited article meets
 * the same words again).
 */
function lexicalAnalysis(t: Token, lex: RecognitionLexicon): CliticAnalysis {
  let memo = lexicalMemo.get(lex);
  if (!memo) lexicalMemo.set(lex, (memo = { young: new Map(), old: new Map() }));
  let a = memo.young.get(t.norm);
  if (a) return a;
  a = memo.old.get(t.norm) ?? chooseAnalysis(t.norm, (key) => (lex.isPlace(key) || ORG_HEADS.has(key) || PERSON_TITLES.has(key) ? 2 : 0));
  if (memo.young.size >= LEXICAL_GENERATION) {
    memo.old = memo.young;
    memo.young = new Map();
  }
  memo.young.set(t.norm, a);
  return a;
}

function isWordToken(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'arabic' || t.kind === 'latin');
}

function isOpeningQuote(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && (t.text === '“' || t.text === '«' || t.text === '"' || t.text === '”');
}

export interface DocumentRecognition {
  readonly candidates: Candidate[];
  /** Per token: the lexical clitic analysis key (normalized, clitic-free). */
  readonly keys: string[];
}

export function recognizeDocument(tokens: readonly Token[], tagger: SequenceTagger | undefined, lex: RecognitionLexicon): DocumentRecognition {
  const analyses = tokens.map((t) => (t.kind === 'arabic' ? lexicalAnalysis(t, lex) : undefined));
  const keys = tokens.map((t, i) => analyses[i]?.key ?? t.norm);
  const claimed = new Int8Array(tokens.length);
  const out: Candidate[] = [];
  const free = (a: number, b: number): boolean => {
    for (let k = a; k < b; k++) if (claimed[k]) return false;
    return true;
  };
  const claim = (c: Candidate): void => {
    for (let k = c.tokenStart; k < c.tokenEnd; k++) claimed[k] = 1;
    out.push(c);
  };
  const nameLike = (i: number): boolean => {
    const t = tokens[i];
    if (!isWordToken(t)) return false;
    const k = keys[i]!;
    return !FUNCTION_WORDS.has(t.norm) && !FUNCTION_WORDS.has(k) && !PERSON_TITLES.has(k) && !ORG_HEADS.has(k) && !PLACE_HEADS.has(k) && !lex.isNisba(k) && !TITLE_CONTINUATIONS.has(k);
  };

  /** True when a speech verb (قال, أكدت …) and an opening quote precede token i (وقالت «ميركل»). */
  const afterSpeechVerb = (i: number): boolean => {
    const p = i - 2;
    return p >= 0 && isOpeningQuote(tokens[i - 1]) && tokens[p]!.kind === 'arabic' && SPEECH_VERBS.has(tokens[p]!.norm);
  };

  /** True when token i follows a news medium's head noun (صحيفة, لموقع, ووكالة …), an opening quote allowed between. */
  const afterMediaHead = (i: number): boolean => {
    let p = i - 1;
    if (p >= 0 && isOpeningQuote(tokens[p])) p--;
    if (p < 0 || tokens[p]!.kind !== 'arabic' || tokens[i]!.lineStart) return false;
    const norm = tokens[p]!.norm;
    if (MEDIA_HEADS.has(keys[p]!) || MEDIA_HEADS.has(norm)) return true;
    // Up to two proclitics (و ف ب ل ك) in front of the head.
    for (let k = 1; k <= 2 && k < norm.length - 2 && 'وفبلك'.includes(norm[k - 1]!); k++) if (MEDIA_HEADS.has(norm.slice(k))) return true;
    return false;
  };

  const adjectiveLike = (k: string): boolean => k.startsWith('ال') && !k.endsWith('ات') && (/(ي|يه|يين|يون)$/.test(k) || k.startsWith('الم') || lex.isNisba(k));
  /** End (exclusive) of an organization name whose head noun is token i: the head's complement. */
  const orgNameEnd = (i: number): number => {
    const definiteHead = keys[i]!.startsWith('ال');
    let j = i + 1;
    while (j < tokens.length && j - i <= 3 && !claimed[j]) {
      const t = tokens[j]!;
      if (t.lineStart || !isWordToken(t)) break;
      const k = keys[j]!;
      if (FUNCTION_WORDS.has(t.norm) || ORG_CHAIN_STOPS.has(t.norm) || PERSON_TITLES.has(k) || CALENDAR_WORDS.has(t.norm) || (j > i + 1 && ORG_HEADS.has(k))) break;
      if (t.norm !== k) break; // a clitic-prefixed word (بموسكو, للتسوية) ends the name
      if (j === i + 1 && !definiteHead) {
        if (!(t.norm.startsWith('ال') || (!lex.isCommonWord(t.norm) && !lex.isDictionaryWord?.(t.norm)) || isOpeningQuote(tokens[j - 1]))) break;
      } else if (!adjectiveLike(t.norm)) {
        break;
      }
      j++;
    }
    return j;
  };

  // 1. The statistical tagger, sentence by sentence.
  const tagged: Candidate[] = [];
  if (tagger) {
    for (const [s, e] of sentenceRanges(tokens)) {
      const tags = tagger.tag(tokens.slice(s, e).map((t) => t.text));
      let start = -1;
      let type: ActorType | undefined;
      const close = (end: number): void => {
        if (start >= 0 && type) tagged.push({ tokenStart: start, tokenEnd: end, type, evidence: 'tagger' });
        start = -1;
        type = undefined;
      };
      for (let k = 0; k < tags.length; k++) {
        const tag = tags[k]!;
        const ty = TAG_TYPES[tag.slice(2)];
        if (tag.startsWith('B-') || (tag.startsWith('I-') && (start < 0 || ty !== type))) {
          close(s + k);
          if (ty) {
            start = s + k;
            type = ty;
          }
        } else if (!tag.startsWith('I-')) {
          close(s + k);
        }
      }
      close(e);
    }
  }
  const personTagged = new Uint8Array(tokens.length);
  for (const c of tagged) if (c.type === 'person') for (let k = c.tokenStart; k < c.tokenEnd; k++) personTagged[k] = 1;
  /** A word the tagger's training data had as the first word of a person's name (خليفة, فايز). */
  const knownGivenName = (i: number): boolean => tagger?.entityLabels?.(tokens[i]!.text).some((l) => l.startsWith('B-PERS')) ?? false;

  // 2. Titles: الرئيس [الروسي] NAME, وزير الخارجية الروسي NAME, المشير NAME …
  const titleNames: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'arabic' || !PERSON_TITLES.has(keys[i]!)) continue;
    let j = i + 1;
    let skipped = 0;
    while (j < tokens.length && skipped < 4 && tokens[j]!.kind === 'arabic' &&
      (TITLE_CONTINUATIONS.has(keys[j]!) || lex.isNisba(keys[j]!) || (CONSTRUCT_TITLES.has(keys[i]!) && keys[j]!.startsWith('ال') && !personTagged[j]))) {
      j++;
      skipped++;
    }
    if (isOpeningQuote(tokens[j])) j++;
    if (!nameLike(j) || CALENDAR_WORDS.has(keys[j]!) || lex.isPlace(keys[j]!)) continue;
    // A single letter is an initial or an abbreviation (د ب أ), and a definite adjective or participle
    // describes the title holder (الأمير المرتد, المهندس المعماري) unless the tagger reads a name.
    if (keys[j]!.length < 2 || (adjectiveLike(keys[j]!) && !personTagged[j])) continue;
    let end = j + 1;
    // A second name token when the tagger reads it as part of a person name, or when it is not
    // general vocabulary (most transliterated surnames are not).
    if (end < tokens.length && nameLike(end) && !tokens[end]!.lineStart && tokens[end]!.kind === tokens[j]!.kind && (personTagged[end] || (!lex.isCommonWord(keys[end]!) && !IMPERFECT_VERB.test(keys[end]!)))) end++;
    // An ordinary word after a title is not a name (unless the tagger reads it as one); a very short
    // first name that is also a word (جو) counts when an unusual word follows it (جو بايدن).
    // (Not the word list: it has the names frequent in the news, بايدن, ماكرون, بوتين.)
    const evidence = (k: number): boolean => personTagged[k] === 1 || !lex.isCommonWord(keys[k]!);
    if (!evidence(j) && !(keys[j]!.length <= 2 && end > j + 1 && evidence(j + 1))) continue;
    // Nor is a name whose words are all in the general word list (الوزير متحمس, الوزيرة صرحت, الملك ساكنا),
    // unless the tagger reads it as a name or its training data had it as a given name.
    const vocabulary = (k: number): boolean => personTagged[k] !== 1 && lex.isDictionaryWord?.(tokens[k]!.norm) === true && !knownGivenName(k);
    if (vocabulary(j) && (end === j + 1 || vocabulary(j + 1))) continue;
    titleNames.push({ tokenStart: j, tokenEnd: end, type: 'person', evidence: 'title' });
  }

  // Title evidence first: it fixes the type and the start of a person name; a tagger span that
  // overlaps it is kept when it is a person span that contains the title's name.
  for (const c of titleNames) {
    const k = tagged.findIndex((t) => t.tokenStart < c.tokenEnd && c.tokenStart < t.tokenEnd);
    const overlapping = k >= 0 ? tagged[k]! : undefined;
    if (overlapping && overlapping.type === 'person' && overlapping.tokenStart <= c.tokenStart) {
      // The tagger span covers the name; the title rule may have seen one more surname word.
      if (c.tokenEnd > overlapping.tokenEnd) tagged[k] = { ...overlapping, tokenEnd: c.tokenEnd };
      continue;
    }
    if (free(c.tokenStart, c.tokenEnd)) claim(c);
  }
  /** Token i may continue a person's name (same line, a word the name-level rules accept, not claimed). */
  const nameContinues = (i: number): boolean => i < tokens.length && !claimed[i] && !tokens[i]!.lineStart && tokens[i]!.kind === 'arabic' && nameLike(i);
  for (const raw of tagged) {
    let c = raw;
    if (c.type === 'person') {
      // A name does not end in a connector (بسر بن → بسر بن أرطأة, أبو → أبو جميل), and بن / بنت follow a
      // name (بن أبي طالب → علي بن أبي طالب); a regnal number after a name is part of it (فرناندو الثالث).
      let e = c.tokenEnd;
      while (NAME_CONNECTORS.has(keys[e - 1]!) && (nameContinues(e) || (e < tokens.length && !claimed[e] && !tokens[e]!.lineStart && writtenLikeAli(tokens[e]!))) && e - c.tokenStart < 8) e++;
      if (e < tokens.length && !claimed[e] && !tokens[e]!.lineStart && ORDINALS.has(keys[e]!)) {
        e++;
        if (e < tokens.length && keys[e] === 'عشر' && !tokens[e]!.lineStart) e++;
      }
      let s = c.tokenStart;
      if ((keys[s] === 'بن' || keys[s] === 'بنت') && s > 0 && !tokens[s]!.lineStart && !NAME_CONNECTORS.has(keys[s - 1]!) &&
        (nameContinues(s - 1) || (isNameBeforeNasab(tokens, keys, s - 1) && !claimed[s - 1] && !tokens[s - 1]!.lineStart))) s--;
      if (s !== c.tokenStart || e !== c.tokenEnd) c = { ...c, tokenStart: s, tokenEnd: e };
      // Part of a compound name alone (الله, الدين) is not a person.
      if (c.tokenEnd - c.tokenStart === 1 && COMPOUND_NAME_PARTS.has(keys[c.tokenStart]!)) continue;
    }
    // Latin text inside Arabic news (site boilerplate, spam lines) is only a name when it looks like one:
    // at most three capitalised words.
    // (Punctuation inside the span does not count: «meal plan|How do you use» is two lines of spam.)
    let latin = 0;
    let capitalised = 0;
    let words = 0;
    for (let k = c.tokenStart; k < c.tokenEnd; k++) {
      if (isWordToken(tokens[k])) words++;
      if (tokens[k]!.kind !== 'latin') continue;
      latin++;
      if (/^[A-Z]/.test(tokens[k]!.text)) capitalised++;
    }
    if (latin > 0 && latin === words && (capitalised < latin || latin > 3)) continue;
    // A given name the tagger left out of a person span: the word before it, when it is not general
    // vocabulary (common in news, or in the word list: وشددت رايس, كفله محمد, unless the tagger's
    // training data had it as a given name: وخليفة حفتر) and nothing separates them («جيريجا كويرالا»).
    if (c.type === 'person' && c.tokenEnd - c.tokenStart === 1 && c.tokenStart > 0 && !tokens[c.tokenStart]!.lineStart) {
      const p = c.tokenStart - 1;
      if (!claimed[p] && tokens[p]!.kind === tokens[c.tokenStart]!.kind && nameLike(p) && !lex.isCommonWord(keys[p]!) && (!lex.isDictionaryWord?.(tokens[p]!.norm) || knownGivenName(p)) && !lex.isPlace(keys[p]!) && !CALENDAR_WORDS.has(keys[p]!)) {
        c = { ...c, tokenStart: p };
      }
    }
    // An organization the tagger reduced to its head noun (منظمة) gets its complement (الصحة العالمية).
    if (c.type === 'organization' && c.tokenEnd - c.tokenStart === 1 && ORG_HEADS.has(keys[c.tokenStart]!)) {
      c = { ...c, tokenEnd: Math.max(c.tokenEnd, orgNameEnd(c.tokenStart)) };
    }
    // A quoted subject of a speech verb that is not an organization name is a person (وقالت «ميركل»).
    if (c.type !== 'person' && c.tokenEnd - c.tokenStart <= 2 && afterSpeechVerb(c.tokenStart)) {
      let headed = false;
      for (let k = c.tokenStart; k < c.tokenEnd; k++) if (ORG_HEADS.has(keys[k]!) || lex.isPlace(keys[k]!) || lex.isNisba(keys[k]!)) headed = true;
      if (!headed) c = { ...c, type: 'person' };
    }
    // A name right after a news medium's head noun is that medium (لموقع «ميدل إيست آي», صحيفة «الغارديان»).
    if (c.type === 'person' && afterMediaHead(c.tokenStart)) c = { ...c, type: 'organization' };
    const trimmed = trimSpan(c, tokens, keys, lex);
    if (trimmed && free(trimmed.tokenStart, trimmed.tokenEnd)) claim(trimmed);
  }

  // 3. Organization head nouns followed by their complement. An indefinite head is in construct
  // with a definite noun or a proper name (وزارة الخارجية, وكالة تاس); adjectives may follow
  // (حكومة الوفاق الوطني الليبية). A definite head with adjectives only describes (الحكومة الألمانية).
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i] || tokens[i]!.kind !== 'arabic' || !ORG_HEADS.has(keys[i]!)) continue;
    if (keys[i]!.startsWith('ال') || GENERIC_ORG_HEADS.has(keys[i]!)) continue;
    const j = orgNameEnd(i);
    if (j > i + 1) {
      const c: Candidate = { tokenStart: i, tokenEnd: j, type: 'organization', evidence: 'pattern' };
      if (free(c.tokenStart, c.tokenEnd)) claim(c);
    }
  }

  // 4. Gazetteer places (multi-word first) that nothing else claimed.
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i] || tokens[i]!.kind !== 'arabic') continue;
    const len = lex.placeAt(keys, i);
    if (len > 0 && free(i, i + len)) claim({ tokenStart: i, tokenEnd: i + len, type: 'place', evidence: 'gazetteer' });
  }

  out.sort((a, b) => a.tokenStart - b.tokenStart);
  return { candidates: out, keys };
}

/** Removes titles, punctuation, function words and nisba-only material from the edges of a tagger span. */
/** Token i is a name written like a function word with ى (علي, not على) right before بن / بنت. */
function isNameBeforeNasab(tokens: readonly Token[], keys: readonly string[], i: number): boolean {
  const t = tokens[i]!;
  return ALEF_MAQSURA_FUNCTION_WORDS.has(t.norm) && t.text.endsWith('ي') && (keys[i + 1] === 'بن' || keys[i + 1] === 'بنت') && !tokens[i + 1]!.lineStart;
}

/** A name spelled like a function word with ى but written with a final ي (علي, not على). */
function writtenLikeAli(t: Token): boolean {
  return ALEF_MAQSURA_FUNCTION_WORDS.has(t.norm) && t.text.endsWith('ي');
}

function trimSpan(c: Candidate, tokens: readonly Token[], keys: readonly string[], lex: RecognitionLexicon): Candidate | undefined {
  let s = c.tokenStart;
  let e = c.tokenEnd;
  const strip = (i: number): boolean => {
    const t = tokens[i]!;
    if (!isWordToken(t)) return true;
    const k = keys[i]!;
    // (علي بن …: a name spelled like على, kept before بن / بنت.)
    if ((FUNCTION_WORDS.has(t.norm) || FUNCTION_WORDS.has(k)) && !(c.type === 'person' && (isNameBeforeNasab(tokens, keys, i) || (writtenLikeAli(t) && i > s && NAME_CONNECTORS.has(keys[i - 1]!))))) return true;
    if (c.type === 'person' && (PERSON_TITLES.has(k) || TITLE_CONTINUATIONS.has(k))) return true;
    return false;
  };
  // An ordinal after a name is its number (عبد الله الثاني), kept.
  const ordinalEnd = (i: number): boolean => c.type === 'person' && i > s && (ORDINALS.has(keys[i]!) || (keys[i] === 'عشر' && i - 1 > s && ORDINALS.has(keys[i - 1]!)));
  while (s < e && strip(s)) s++;
  while (e > s && !ordinalEnd(e - 1) && strip(e - 1)) e--;
  if (s >= e) return undefined;
  // Nisba adjectives are not places; a place span reduced to nisba words is dropped.
  if (c.type === 'place') {
    while (e > s && lex.isNisba(keys[e - 1]!)) e--;
    if (s >= e) return undefined;
  }
  if (e - s === 1 && CALENDAR_WORDS.has(keys[s]!)) return undefined;
  // A person name does not end in an ordinary word (اميل لحود لحضور, غازي حمد الناطق).
  // (The word after a connector is a name part even when it is a word: عبد القوي, أبو حميد.)
  const afterConnector = (i: number): boolean => i - 1 > s && NAME_CONNECTORS.has(keys[i - 1]!) && keys[i - 1] !== 'ابن';
  if (c.type === 'person') while (e - s > 1 && !ordinalEnd(e - 1) && !afterConnector(e - 1) && (lex.isCommonWord(keys[e - 1]!) || IMPERFECT_VERB.test(keys[e - 1]!))) e--;
  // A person span may not continue across a line break.
  for (let i = s + 1; i < e; i++) if (tokens[i]!.lineStart) e = i;
  return { ...c, tokenStart: s, tokenEnd: e };
}
