/**
 * Gazetteer of place names (pure: no I/O; the data is bundled JSON).
 *
 * Data (built by `scripts/build-lexicons.ts`, see `server/resources/lexicons/NOTICE.md`):
 * - `places.json`: Unicode CLDR Arabic territory names and time-zone exemplar cities (Unicode-3.0);
 * - `anercorp-places.json`: names tagged LOC in the ANERcorp training split (CC BY-SA 4.0), kind `other`.
 *
 * All keys are normalized (see `text/normalize.ts`). Names are stored as written: a name with the
 * article (الجزائر) is found with it, not without it (جزائر). Separating clitics (والجزائر, بالجزائر,
 * للجزائر) is the caller's job; `hasToken` helps it decide (see `text/clitics.ts`, `chooseAnalysis`).
 */
import cldrData from '../../../resources/lexicons/places.json';
import anercorpData from '../../../resources/lexicons/anercorp-places.json';

export type PlaceKind = 'country' | 'region' | 'city' | 'other';

export interface PlaceEntry {
  /** The name as written in the source. */
  readonly name: string;
  /** `normalize(name)`; words separated by single spaces. */
  readonly norm: string;
  readonly kind: PlaceKind;
  /** CLDR territory code (EG, 145, …), time-zone id (Africa/Cairo), or `ANERcorp`. */
  readonly code: string;
}

export interface PlaceMatch {
  /** Number of tokens the name covers. */
  readonly length: number;
  readonly entry: PlaceEntry;
}

const KIND_ORDER: Record<PlaceKind, number> = { country: 0, region: 1, city: 2, other: 3 };

function isKind(k: string): k is PlaceKind {
  return k === 'country' || k === 'region' || k === 'city' || k === 'other';
}

/**
 * The tokens of a normalized name as a tokenizer sees them: words split at spaces, punctuation
 * (the hyphen of "تيمور - ليشتي", "بلانك-سابلون") as tokens of its own.
 */
export function placeNameTokens(norm: string): string[] {
  return norm
    .split(/\s+|(?=[-–‐])|(?<=[-–‐])/u)
    .filter((t) => t.length > 0);
}

function isPunct(t: string): boolean {
  return !/[\p{L}\p{N}]/u.test(t);
}

interface Candidate {
  readonly tokens: readonly string[];
  readonly entry: PlaceEntry;
}

/** A name token matches a text token when equal, or when the text token lost the و that belongs to the name (والهرسك). */
function tokenMatches(text: string, name: string): boolean {
  return text === name || (name.length > 2 && name.charCodeAt(0) === 0x0648 && name.slice(1) === text);
}

export class PlaceGazetteer {
  private static defaultInstance: PlaceGazetteer | undefined;

  /** Entries by full normalized name (multi-word names with single spaces), best kind first. */
  private readonly byNorm = new Map<string, PlaceEntry[]>();
  /** Names by their first token, longest first. */
  private readonly byFirst = new Map<string, Candidate[]>();
  /** Every token of every name. */
  private readonly tokens = new Set<string>();
  private readonly byCodeMap = new Map<string, PlaceEntry[]>();
  readonly size: number;

  constructor(entries: Iterable<PlaceEntry>) {
    let size = 0;
    for (const e of entries) {
      size++;
      const norm = e.norm.replace(/\s+/g, ' ').trim();
      const entry: PlaceEntry = norm === e.norm ? e : { ...e, norm };
      push(this.byNorm, norm, entry);
      push(this.byCodeMap, entry.code, entry);
      const toks = placeNameTokens(norm);
      for (const t of toks) this.tokens.add(t);
      push(this.byFirst, toks[0]!, { tokens: toks, entry });
      const words = toks.filter((t) => !isPunct(t));
      if (words.length !== toks.length && words.length > 0) push(this.byFirst, words[0]!, { tokens: words, entry });
    }
    this.size = size;
    for (const list of this.byNorm.values()) list.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    for (const list of this.byFirst.values()) {
      list.sort((a, b) => b.tokens.length - a.tokens.length || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind]);
    }
  }

  /** CLDR names merged with the ANERcorp-derived names (built once, then shared). */
  static default(): PlaceGazetteer {
    if (!PlaceGazetteer.defaultInstance) {
      PlaceGazetteer.defaultInstance = new PlaceGazetteer([...readEntries(cldrData.places), ...readEntries(anercorpData.places)]);
    }
    return PlaceGazetteer.defaultInstance;
  }

  /** CLDR names only (Unicode data, no ANERcorp). */
  static cldr(): PlaceGazetteer {
    return new PlaceGazetteer(readEntries(cldrData.places));
  }

  /**
   * The entry for a normalized name (one word, or several separated by single spaces).
   * When several places share the name (عمان: Oman and Amman), a country wins over a region, a region
   * over a city; `lookupAll` gives them all.
   */
  lookup(norm: string): PlaceEntry | undefined {
    return this.byNorm.get(norm)?.[0];
  }

  lookupAll(norm: string): readonly PlaceEntry[] {
    return this.byNorm.get(norm) ?? [];
  }

  has(norm: string): boolean {
    return this.byNorm.has(norm);
  }

  /** True when the normalized word is a word of some name (كوريا of كوريا الجنوبية): evidence for clitic separation. */
  hasToken(norm: string): boolean {
    return this.tokens.has(norm);
  }

  /** True when some name (one word or several) begins with this normalized word. */
  startsName(norm: string): boolean {
    return this.byFirst.has(norm);
  }

  /** Entries with a CLDR code or time-zone id. */
  byCode(code: string): readonly PlaceEntry[] {
    return this.byCodeMap.get(code) ?? [];
  }

  /**
   * The longest name starting at token i. Tokens are clitic-separated normalized words; punctuation
   * tokens may be included or left out (both forms of hyphenated names are indexed). A word of the name
   * that begins with the conjunction و matches with or without it (البوسنه + الهرسك).
   */
  matchAt(normTokens: readonly string[], i: number): PlaceMatch | undefined {
    const first = normTokens[i];
    if (first === undefined) return undefined;
    const candidates = this.byFirst.get(first);
    if (!candidates) return undefined;
    for (const c of candidates) {
      const n = c.tokens.length;
      if (i + n > normTokens.length) continue;
      let ok = true;
      for (let j = 1; ok && j < n; j++) ok = tokenMatches(normTokens[i + j]!, c.tokens[j]!);
      if (ok) return { length: n, entry: c.entry };
    }
    return undefined;
  }

  /** All entries (insertion order). */
  *entries(): IterableIterator<PlaceEntry> {
    for (const list of this.byNorm.values()) yield* list;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface RawEntry {
  readonly name: string;
  readonly norm: string;
  readonly kind: string;
  readonly code: string;
}

function readEntries(raw: readonly RawEntry[]): PlaceEntry[] {
  const out: PlaceEntry[] = [];
  for (const r of raw) {
    if (isKind(r.kind)) out.push({ name: r.name, norm: r.norm, kind: r.kind, code: r.code });
  }
  return out;
}
