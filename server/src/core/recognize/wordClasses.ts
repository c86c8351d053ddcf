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

/**
 * Classes of a normalized Arabic word: its own (fn, say, cal) and those of its clitic-free keys
 * (title, tcont, org, plh, place, place1 = first word of a multi-word place, nisba), each at most once,
 * in a fixed order. `keys`: the distinct keys of the word's clitic analyses, the word itself first.
 */
export function wordClasses(norm: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  if (FUNCTION_WORDS.has(norm)) out.push('fn');
  if (SPEECH_VERBS.has(norm)) out.push('say');
  const any = (set: ReadonlySet<string>): boolean => keys.some((k) => set.has(k));
  if (any(CALENDAR_WORDS)) out.push('cal');
  if (any(PERSON_TITLES)) out.push('title');
  if (any(TITLE_CONTINUATIONS)) out.push('tcont');
  if (any(ORG_HEADS)) out.push('org');
  if (any(PLACE_HEADS)) out.push('plh');
  const gaz = places();
  if (keys.some((k) => gaz.has(k))) out.push('place');
  else if (keys.some((k) => gaz.startsName(k))) out.push('place1');
  else if (isNisbaOfKeys(keys, gaz)) out.push('nisba');
  return out;
}
