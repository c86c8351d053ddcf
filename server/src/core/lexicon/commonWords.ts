/**
 * General vocabulary of Arabic news (words never part of an entity in the ANERcorp train split; see
 * scripts/build-common-words.ts). Used to tell names from ordinary words; proclitics are looked through.
 */
import data from '../../../resources/lexicons/anercorp-common.json';
import { cliticAnalyses } from '../text/clitics';
import { FUNCTION_WORDS } from './triggers';

let words: ReadonlySet<string> | undefined;

function commonSet(): ReadonlySet<string> {
  words ??= new Set((data as { words: string[] }).words);
  return words;
}

/** True when a normalized word (possibly with proclitics) is general vocabulary. */
export function isCommonWord(norm: string): boolean {
  const set = commonSet();
  if (set.has(norm) || FUNCTION_WORDS.has(norm)) return true;
  for (const a of cliticAnalyses(norm)) if (a.prefixLength > 0 && a.key.length >= 3 && (set.has(a.key) || set.has(a.stem))) return true;
  return false;
}
