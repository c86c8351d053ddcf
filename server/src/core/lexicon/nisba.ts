/**
 * Nisba (relational) adjectives and demonyms formed from place names: الليبية, الروسي, ليبيون,
 * السعوديين, الأمريكي, الفرنسيون, الآسيوي… They name no place and must not be taken for one.
 * Pure: derivation by rule from the gazetteer, no word lists beyond the two tiny tables below.
 *
 * Input words are normalized (see `text/normalize.ts`: ة → ه, so ية is written يه here). Proclitics
 * (و ف ب ك ل, لل) are tried as well, so والليبية and للسعوديين work too.
 */
import { cliticAnalyses } from '../text/clitics';
import type { PlaceEntry, PlaceGazetteer, PlaceKind } from './places';

/** Nisba endings, longest first: dual, plural and feminine forms of ي (and of وي after a final alef: آسيوي). */
const SUFFIXES: readonly string[] = ['يتين', 'يتان', 'يين', 'يون', 'يان', 'يات', 'يه', 'ي'];

/**
 * Nisba adjectives whose base is not written like the country's CLDR name: the country is named by a
 * descriptive phrase (الولايات المتحدة, المملكة المتحدة, المملكة العربية السعودية,
 * الإمارات العربية المتحدة). Normalized base → CLDR territory code.
 */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['امريك', 'US'],
  ['اميرك', 'US'],
  ['بريطان', 'GB'],
  ['سعود', 'SA'],
  ['امارات', 'AE'],
]);

/**
 * Bases of very common relational adjectives that are not places: peoples/religions and compass
 * directions (العربية, الإسلامي, الغربية…). Only `isNisba` uses them.
 */
const NON_PLACE_BASES: ReadonlySet<string> = new Set(['عرب', 'اسلام', 'مسيح', 'يهود', 'غرب', 'شرق', 'شمال', 'جنوب']);

const KIND_ORDER: Record<PlaceKind, number> = { country: 0, region: 1, city: 2, other: 3 };

/** Shorter bases make too many accidental matches (جدية "seriousness" is not of جدة). */
const MIN_BASE = 3;

interface Split {
  /** The word the split was made in (with or without its article). */
  readonly form: string;
  readonly base: string;
  /** True when the ending was وي-based (آسيوي, نمساوي). */
  readonly wawi: boolean;
}

/** Ways to read a normalized word (no clitics) as base + nisba ending. */
function splits(word: string): Split[] {
  const forms = [word];
  // The article is stripped and also kept: الماني (ألماني) is الماني, not ال + ماني.
  if (word.startsWith('ال') && word.length > 4) forms.push(word.slice(2));
  const out: Split[] = [];
  for (const form of forms) {
    for (const s of SUFFIXES) {
      if (!form.endsWith(s)) continue;
      const stem = form.slice(0, form.length - s.length);
      if (stem.length >= MIN_BASE + 1 && stem.endsWith('و')) out.push({ form, base: stem.slice(0, -1), wawi: true });
      if (stem.length >= MIN_BASE) out.push({ form, base: stem, wawi: false });
    }
  }
  return out;
}

/** Place names a base may come from, most literal first. */
function baseCandidates(sp: Split): string[] {
  const b = sp.base;
  if (sp.wawi) return [b, b + 'ا', 'ال' + b, 'ال' + b + 'ا']; // نمساوي → النمسا, آسيوي → اسيا
  return [
    b, // مصري → مصر
    'ال' + b, // عراقي → العراق
    b + 'ا', // فرنسي → فرنسا
    b + 'يا', // ليبي → ليبيا, تركي → تركيا
    b + 'ه', // مكي → مكه
    'ال' + b + 'يه', // the definite feminine form itself names some places
    b + 'يه', // سوري → سوريه
    b + 'ستان', // افغاني → افغانستان
  ];
}

function better(a: PlaceEntry, b: PlaceEntry | undefined): boolean {
  return !b || KIND_ORDER[a.kind] < KIND_ORDER[b.kind];
}

/** The place a clitic-free normalized word is the nisba of, by rule. */
function deriveBase(word: string, places: PlaceGazetteer): PlaceEntry | undefined {
  let best: PlaceEntry | undefined;
  const spl = splits(word);
  for (const sp of spl) {
    for (const c of baseCandidates(sp)) {
      if (c === word) continue;
      const e = places.lookup(c);
      if (e && better(e, best)) best = e;
    }
  }
  if (!best) {
    for (const sp of spl) {
      if (sp.wawi) continue;
      const code = IRREGULAR.get(sp.base);
      const e = code ? places.byCode(code).find((x) => x.kind === 'country') : undefined;
      if (e && better(e, best)) best = e;
    }
  }
  // A definite word that ends the place's own name is its short name (السعودية of المملكة العربية السعودية).
  if (best && best.norm.endsWith(' ' + word)) return undefined;
  if (best) return best;
  // Collective demonyms with the article: الروس → روسيا, الألمان → ألمانيا, الأفغان → أفغانستان.
  if (word.startsWith('ال') && word.length >= 5) {
    const x = word.slice(2);
    for (const c of [x + 'يا', x + 'ستان']) {
      const e = places.lookup(c);
      if (e && e.kind === 'country') return e;
    }
  }
  return undefined;
}

/** The clitic-free keys of a word, the unsegmented word first. */
function keys(norm: string): string[] {
  return [...new Set(cliticAnalyses(norm).map((a) => a.key))];
}

/**
 * The place a normalized word is the nisba adjective (or demonym) of, or undefined.
 * A word that is itself a place name (ليبيا, السعودية, الجزائر, مالي) is never a nisba.
 */
export function nisbaBase(norm: string, places: PlaceGazetteer): PlaceEntry | undefined {
  const ks = keys(norm);
  if (ks.some((k) => places.has(k))) return undefined;
  for (const k of ks) {
    const e = deriveBase(k, places);
    if (e) return e;
  }
  return undefined;
}

/**
 * True for nisba adjectives of places (see `nisbaBase`), of names that begin a multi-word place name
 * (كوري → كوريا الجنوبية/الشمالية), and of a few very common non-place bases (العربية, الإسلامي,
 * الغربية, الشمالي…). False for place names themselves.
 */
export function isNisba(norm: string, places: PlaceGazetteer): boolean {
  return isNisbaOfKeys(keys(norm), places);
}

/** `isNisba` of a word given its clitic-free keys (the unsegmented word first), for callers that have them. */
export function isNisbaOfKeys(ks: readonly string[], places: PlaceGazetteer): boolean {
  if (ks.some((k) => places.has(k))) return false;
  for (const k of ks) {
    if (deriveBase(k, places)) return true;
    for (const sp of splits(k)) {
      if (NON_PLACE_BASES.has(sp.base)) return true;
      if (sp.wawi) continue;
      for (const c of [sp.base + 'ا', sp.base + 'يا', 'ال' + sp.base]) {
        if (c !== k && places.startsName(c)) return true;
      }
    }
  }
  return false;
}
