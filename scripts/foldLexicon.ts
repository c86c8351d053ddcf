/**
 * Recognition lexicons rebuilt from part of the ANERcorp training data, for cross-validation of the whole
 * system (`scripts/cv.ts --system`). The shipped ANERcorp-derived lists (common words,
 * `anercorp-common.json`; places, `anercorp-places.json`) are built from the whole training 90%, so a fold
 * scored with them would be scored with lists that saw its own tags (a word of the held-out fold that is
 * never a name there is "common"). Here each fold gets lists built from its training folds only:
 *   - common words with the criteria of `scripts/build-common-words.ts`;
 *   - the shipped ANERcorp places that are tagged LOC at least twice in the training folds (CLDR places
 *     are kept as they are: they do not come from ANERcorp).
 */
import cldrData from '../server/resources/lexicons/places.json';
import anercorpData from '../server/resources/lexicons/anercorp-places.json';
import { PlaceGazetteer, type PlaceEntry, type PlaceKind } from '../server/src/core/lexicon/places';
import { isNisba } from '../server/src/core/lexicon/nisba';
import { FUNCTION_WORDS } from '../server/src/core/lexicon/triggers';
import { isKnownWord, type WordList } from '../server/src/core/lexicon/wordList';
import { cliticAnalyses } from '../server/src/core/text/clitics';
import { normalize } from '../server/src/core/text/normalize';
import type { RecognitionLexicon } from '../server/src/core/recognize/recognizer';
import { chunks, type Sentence } from './anercorp';

interface RawEntry { name: string; norm: string; kind: string; code: string }

function entries(raw: readonly RawEntry[]): PlaceEntry[] {
  return raw.map((r) => ({ name: r.name, norm: r.norm, kind: r.kind as PlaceKind, code: r.code }));
}

/** Common words of `sentences` (as build-common-words.ts: at least twice, inside an entity in under a quarter of the occurrences). */
export function commonWordsOf(sentences: readonly Sentence[]): Set<string> {
  const total = new Map<string, number>();
  const inEntity = new Map<string, number>();
  for (const s of sentences) {
    s.words.forEach((w, i) => {
      const n = normalize(w);
      if (!/^[\u0621-\u064a]{2,}$/.test(n)) return;
      total.set(n, (total.get(n) ?? 0) + 1);
      if (s.tags[i] !== 'O') inEntity.set(n, (inEntity.get(n) ?? 0) + 1);
    });
  }
  return new Set([...total].filter(([w, n]) => n >= 2 && 4 * (inEntity.get(w) ?? 0) < n).map(([w]) => w));
}

/** The recognition lexicon of the engine with the ANERcorp-derived lists rebuilt from `sentences`. */
export function foldLexicon(sentences: readonly Sentence[], words?: WordList): RecognitionLexicon {
  const common = commonWordsOf(sentences);
  const locCount = new Map<string, number>();
  for (const s of sentences) {
    for (const c of chunks(s.tags)) {
      if (c.type !== 'LOC') continue;
      const rest = s.words.slice(c.start + 1, c.end).map(normalize);
      const first = normalize(s.words[c.start]!);
      const firsts = new Set([first, ...cliticAnalyses(first).map((a) => a.key)]);
      for (const f of firsts) {
        const key = [f, ...rest].join(' ');
        locCount.set(key, (locCount.get(key) ?? 0) + 1);
      }
    }
  }
  const aner = entries((anercorpData as { places: RawEntry[] }).places).filter((e) => (locCount.get(e.norm) ?? 0) >= 2);
  const places = new PlaceGazetteer([...entries((cldrData as { places: RawEntry[] }).places), ...aner]);
  const isCommonWord = (norm: string): boolean => {
    if (common.has(norm) || FUNCTION_WORDS.has(norm)) return true;
    for (const a of cliticAnalyses(norm)) if (a.prefixLength > 0 && a.key.length >= 3 && (common.has(a.key) || common.has(a.stem))) return true;
    return false;
  };
  return {
    isPlace: (norm) => places.has(norm),
    placeAt: (tokens, i) => places.matchAt(tokens, i)?.length ?? 0,
    isNisba: (norm) => isNisba(norm, places),
    isCommonWord,
    ...(words ? { isDictionaryWord: (norm: string) => isKnownWord(norm, words) } : {}),
  };
}
