/**
 * Word classes from the general lexicons, as tagger features: titles and roles, words between a title
 * and the name, organization and place head nouns, speech verbs, function and calendar words, Unicode
 * CLDR place names and nisba adjectives of them. Language data only (no ANERcorp-derived list and no
 * non-commercial gazetteer), so a model trained with these features stays independent of the data.
 */
import { PlaceGazetteer } from '../lexicon/places';
import { isNisbaOfKeys } from '../lexicon/nisba';
import {
  CALENDAR_WORDS, FUNCTION_WORDS, ORG_HEADS, PERSON_TITLES, PLACE_HEADS, SPEECH_VERBS, TITLE_CONTINUATIONS,
} from '../lexicon/triggers';

let cldr: PlaceGazetteer | undefined;

function places(): PlaceGazetteer {
  cldr ??= PlaceGazetteer.cldr();
  return cldr;
}

// Bits of the classes a word has by the sets (one lookup per key instead of one per set).
const FN = 1;
const SAY = 2;
const CAL = 4;
const TITLE = 8;
const TCONT = 16;
const ORG = 32;
const PLH = 64;

let setBits: Map<string, number> | undefined;

function bitsOf(word: string): number {
  if (!setBits) {
    const m = new Map<string, number>();
    const mark = (set: ReadonlySet<string>, bit: number): void => {
      for (const w of set) m.set(w, (m.get(w) ?? 0) | bit);
    };
    mark(FUNCTION_WORDS, FN);
    mark(SPEECH_VERBS, SAY);
    mark(CALENDAR_WORDS, CAL);
    mark(PERSON_TITLES, TITLE);
    mark(TITLE_CONTINUATIONS, TCONT);
    mark(ORG_HEADS, ORG);
    mark(PLACE_HEADS, PLH);
    setBits = m;
  }
  return setBits.get(word) ?? 0;
}

/**
 * Classes of a normalized Arabic word: its own (fn, say, cal) and those of its clitic-free keys
 * (title, tcont, org, plh, place, place1 = first word of a multi-word place, nisba), each at most once,
 * in a fixed order. `keys`: the distinct keys of the word's clitic analyses, the word itself first.
 */
export function wordClasses(norm: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  const own = bitsOf(norm);
  let any = 0;
  for (const k of keys) any |= k === norm ? own : bitsOf(k);
  if (own & FN) out.push('fn');
  if (own & SAY) out.push('say');
  if (any & CAL) out.push('cal');
  if (any & TITLE) out.push('title');
  if (any & TCONT) out.push('tcont');
  if (any & ORG) out.push('org');
  if (any & PLH) out.push('plh');
  const gaz = places();
  if (keys.some((k) => gaz.has(k))) out.push('place');
  else if (keys.some((k) => gaz.startsName(k))) out.push('place1');
  else if (isNisbaOfKeys(keys, gaz)) out.push('nisba');
  return out;
}
