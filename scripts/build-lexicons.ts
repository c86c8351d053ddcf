/**
 * Builds the place-name lexicons shipped with the analysis core:
 *
 * - `server/resources/lexicons/places.json` from Unicode CLDR (Unicode-3.0):
 *   Arabic territory names (`cldr-localenames-full`, locale `ar` and every `ar-*` locale, alt variants
 *   included) and Arabic exemplar cities of the time-zone database (`cldr-dates-full`).
 * - `server/resources/lexicons/anercorp-places.json` from the ANERcorp training split (CC BY-SA 4.0):
 *   names tagged LOC at least twice and never tagged otherwise, in the first 90% of its sentences
 *   (the last 10% are the project's held-out dev set and are not read). Skipped, keeping the existing
 *   file, when `../shared/data/anercorp/ANERcorp_train.txt` is not there.
 * - `server/resources/lexicons/NOTICE.md`: sources, versions, licences.
 *
 * Run: `npx tsx scripts/build-lexicons.ts`. Output is sorted, so rebuilding gives stable diffs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalize, normalizeWithMap, toOriginalSpan } from '../server/src/core/text/normalize';
import { cliticAnalyses, type CliticAnalysis } from '../server/src/core/text/clitics';

type Kind = 'country' | 'region' | 'city' | 'other';

interface Entry {
  name: string;
  norm: string;
  kind: Kind;
  code: string;
}

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'server', 'resources', 'lexicons');
const LOCALENAMES = path.join(ROOT, 'node_modules', 'cldr-localenames-full');
const DATES = path.join(ROOT, 'node_modules', 'cldr-dates-full');
const ANERCORP = path.resolve(ROOT, '..', 'shared', 'data', 'anercorp', 'ANERcorp_train.txt');

/** Share of ANERcorp train sentences read (the rest is the held-out dev set). */
const ANERCORP_TRAIN_SHARE = 0.9;
/** Minimum LOC occurrences for an ANERcorp name. */
const ANERCORP_MIN_COUNT = 2;
/**
 * Occurrences tagged otherwise (another entity type, or O) allowed per LOC occurrence. 0 = never tagged
 * otherwise. (Measured on the held-out last 10%: 0 → 80.5% of LOC tokens covered; 1/3 → 86.6%, adding
 * السعودية, الإمارات, الشرق الأوسط, الضفة الغربية, واشنطن…, whose few O tags are annotation slips.)
 */
const ANERCORP_MAX_OTHER_SHARE = 1 / 3;

/**
 * Territory codes that are not places: unknown region, pseudo-locales, the world as a whole,
 * and organizations/currency areas (EU, euro area, UN).
 */
const NOT_PLACES = new Set(['ZZ', 'XA', 'XB', '001', 'EU', 'EZ', 'UN']);
/** Two-letter codes that CLDR uses for macro-regions rather than territories. */
const REGION_LETTER_CODES = new Set(['QO']);

const KIND_ORDER: Record<Kind, number> = { country: 0, region: 1, city: 2, other: 3 };

// ---------------------------------------------------------------------------------------------
// JSON helpers (no `any`: walk unknown values with narrowing).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(v: Json, ...keys: string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function packageVersion(dir: string): string {
  const v = at(readJson(path.join(dir, 'package.json')), 'version');
  return typeof v === 'string' ? v : 'unknown';
}

/** The `ar` locale first, then the regional Arabic locales (ar-EG, ar-SA, …) in code order. */
function arabicLocales(mainDir: string): string[] {
  const all = readdirSync(mainDir).filter((d) => d === 'ar' || d.startsWith('ar-'));
  return all.sort((a, b) => (a === 'ar' ? -1 : b === 'ar' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Name forms derived generically from a CLDR display name.

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

interface Form {
  name: string;
  /** Kind override (e.g. the state after a comma in a city name is a region). */
  kind?: Kind;
}

/**
 * The names a CLDR display string stands for:
 * - the string without a parenthesized note ("ميانمار (بورما)" → "ميانمار"), and the note itself when it
 *   is a single word ("بورما") or "مدينة X" ("هيبرون (مدينة الخليل)" → "الخليل");
 * - for "X، Y" (city, state) the city X, and Y as a region;
 * - for CLDR's disambiguated "X - Y" ("الكونغو - كينشاسا") also the common short name X.
 */
function nameForms(display: string, kind: Kind): Form[] {
  const out: Form[] = [];
  let main = clean(display);
  const paren = /^(.*?)\(([^)]*)\)(.*)$/.exec(main);
  if (paren) {
    main = clean(`${paren[1] ?? ''} ${paren[3] ?? ''}`);
    const note = clean(paren[2] ?? '');
    const words = note.split(' ');
    if (words.length === 1 && note) out.push({ name: note });
    else if (words.length === 2 && normalize(words[0]!) === 'مدينه') out.push({ name: words[1]! });
  }
  const commaParts = main.split('،').map(clean).filter((p) => p.length > 0);
  if (commaParts.length > 1) {
    main = commaParts[0]!;
    for (const p of commaParts.slice(1)) out.push({ name: p, kind: 'region' });
  }
  if (main) out.unshift({ name: main });
  const dash = main.split(' - ').map(clean);
  if (dash.length > 1 && dash[0]) out.push({ name: dash[0] });
  return out.map((f) => (f.kind ? f : { name: f.name, kind }));
}

class EntrySet {
  private readonly byKey = new Map<string, Entry>();

  add(name: string, kind: Kind, code: string): void {
    const norm = normalize(clean(name));
    if (norm.replace(/[^\u0621-\u064a]/g, '').length < 2) return;
    const key = `${norm}\u0000${kind}\u0000${code}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { name: clean(name), norm, kind, code });
  }

  hasNorm(norm: string): boolean {
    for (const e of this.byKey.values()) if (e.norm === norm) return true;
    return false;
  }

  sorted(): Entry[] {
    return [...this.byKey.values()].sort(compareEntries);
  }
}

function compareEntries(a: Entry, b: Entry): number {
  if (a.norm !== b.norm) return a.norm < b.norm ? -1 : 1;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// CLDR

interface CldrStats {
  territoryNames: number;
  cityNames: number;
  locales: string[];
}

function addTerritories(set: EntrySet, stats: CldrStats): void {
  const mainDir = path.join(LOCALENAMES, 'main');
  for (const loc of arabicLocales(mainDir)) {
    const file = path.join(mainDir, loc, 'territories.json');
    if (!existsSync(file)) continue;
    const terr = at(readJson(file), 'main', loc, 'localeDisplayNames', 'territories');
    if (!isObject(terr)) continue;
    if (!stats.locales.includes(loc)) stats.locales.push(loc);
    for (const [key, value] of Object.entries(terr)) {
      if (typeof value !== 'string') continue;
      const code = key.split('-alt-')[0]!;
      if (NOT_PLACES.has(code)) continue;
      const kind: Kind = /^\d+$/.test(code) || REGION_LETTER_CODES.has(code) ? 'region' : 'country';
      stats.territoryNames++;
      for (const f of nameForms(value, kind)) set.add(f.name, f.kind ?? kind, code);
    }
  }
}

function addExemplarCities(set: EntrySet, stats: CldrStats): void {
  const mainDir = path.join(DATES, 'main');
  for (const loc of arabicLocales(mainDir)) {
    const file = path.join(mainDir, loc, 'timeZoneNames.json');
    if (!existsSync(file)) continue;
    const zones = at(readJson(file), 'main', loc, 'dates', 'timeZoneNames', 'zone');
    if (!isObject(zones)) continue;
    if (!stats.locales.includes(loc)) stats.locales.push(loc);
    const walk = (node: { [k: string]: Json }, prefix: string[]): void => {
      for (const [k, v] of Object.entries(node)) {
        if (!isObject(v)) continue;
        const id = [...prefix, k];
        const city = v['exemplarCity'];
        // Etc/Unknown is "unknown city", not a place.
        if (typeof city === 'string' && id[0] !== 'Etc') {
          stats.cityNames++;
          for (const f of nameForms(city, 'city')) set.add(f.name, f.kind ?? 'city', id.join('/'));
        }
        walk(v, id);
      }
    };
    walk(zones, []);
  }
}

// ---------------------------------------------------------------------------------------------
// ANERcorp

interface Tok {
  text: string;
  tag: string;
}

function readSentences(file: string): Tok[][] {
  const sentences: Tok[][] = [];
  let cur: Tok[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      if (cur.length) sentences.push(cur);
      cur = [];
      continue;
    }
    const sp = line.lastIndexOf(' ');
    if (sp <= 0) continue;
    cur.push({ text: line.slice(0, sp), tag: line.slice(sp + 1) });
  }
  if (cur.length) sentences.push(cur);
  return sentences;
}

interface Chunk {
  type: string;
  start: number;
  end: number;
}

/** Entity chunks, conlleval-style (an I- tag of another type, or after O, starts a chunk). */
function chunks(s: readonly Tok[]): Chunk[] {
  const out: Chunk[] = [];
  let cur: Chunk | undefined;
  for (let i = 0; i < s.length; i++) {
    const tag = s[i]!.tag;
    const type = tag === 'O' ? '' : tag.slice(2);
    if (tag.startsWith('I-') && cur && cur.type === type) {
      cur.end = i + 1;
      continue;
    }
    if (cur) out.push(cur);
    cur = type ? { type, start: i, end: i + 1 } : undefined;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Separates proclitics (و ف ب ك ل, لل) from the first word of a name when what remains is known as a
 * name (in CLDR, or as the unprefixed first word of a LOC chunk): بطنجة → طنجة when طنجة occurs on
 * its own, واشنطن stays (اشنطن is never seen). The best-known remainder wins.
 */
function chooseProclitics(norm: string, known: (key: string) => number): CliticAnalysis {
  const analyses = cliticAnalyses(norm);
  const whole = analyses[0]!;
  let best: CliticAnalysis | undefined;
  let bestScore = 0;
  for (const a of analyses.slice(1)) {
    const score = known(a.key);
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best ?? whole;
}

/**
 * A chunk that is two names joined by و ("فلسطين ولبنان": annotation of a coordination as one
 * entity): some later word is و + a word known as a name.
 */
function isCoordination(key: string, known: (key: string) => number): boolean {
  const toks = key.split(' ');
  return toks.slice(1).some((t) => t.length > 2 && t.startsWith('و') && known(t.slice(1)) > 0);
}

function hasArabic(s: string): boolean {
  return /[\u0621-\u064a]/.test(s);
}

interface AnerStats {
  sentencesTotal: number;
  sentencesRead: number;
  locChunks: number;
  candidates: number;
  kept: number;
  droppedOther: number;
  droppedRare: number;
  droppedInCldr: number;
}

function buildAnercorp(cldr: EntrySet): { entries: Entry[]; stats: AnerStats } {
  const all = readSentences(ANERCORP);
  const n = Math.floor(all.length * ANERCORP_TRAIN_SHARE);
  const sentences = all.slice(0, n);

  // Unsegmented first words of LOC chunks: evidence for choosing clitic analyses.
  const firstWordCount = new Map<string, number>();
  for (const s of sentences) {
    for (const c of chunks(s)) {
      if (c.type !== 'LOC') continue;
      const w = normalize(s[c.start]!.text);
      firstWordCount.set(w, (firstWordCount.get(w) ?? 0) + 1);
    }
  }
  const cldrNorms = new Set(cldr.sorted().map((e) => e.norm.split(' ')[0]!));
  const known = (key: string): number => (cldrNorms.has(key) ? 1_000_000 : (firstWordCount.get(key) ?? 0));

  /** Clitic-stripped key and surface form of the first word of a name. */
  const firstWord = (text: string): { key: string; surface: string } => {
    const nm = normalizeWithMap(text);
    const a = chooseProclitics(nm.text, known);
    if (a.prefixLength === 0) return { key: a.key, surface: text };
    const span = toOriginalSpan(nm, a.prefixLength, nm.text.length);
    const rest = text.slice(span.start, span.end);
    return { key: a.key, surface: a.key !== a.stem ? 'ا' + rest : rest };
  };
  const chunkKey = (s: readonly Tok[], c: Chunk): { key: string; surface: string } => {
    const first = firstWord(s[c.start]!.text);
    const keys = [first.key];
    const surfaces = [first.surface];
    for (let i = c.start + 1; i < c.end; i++) {
      keys.push(normalize(s[i]!.text));
      surfaces.push(s[i]!.text);
    }
    return { key: keys.join(' '), surface: surfaces.join(' ') };
  };

  const locCount = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  const otherCount = new Map<string, number>();
  let locChunks = 0;
  for (const s of sentences) {
    for (const c of chunks(s)) {
      const { key, surface } = chunkKey(s, c);
      if (c.type === 'LOC') {
        locChunks++;
        locCount.set(key, (locCount.get(key) ?? 0) + 1);
        const m = surfaces.get(key) ?? new Map<string, number>();
        m.set(surface, (m.get(surface) ?? 0) + 1);
        surfaces.set(key, m);
      } else {
        otherCount.set(key, (otherCount.get(key) ?? 0) + 1);
      }
    }
  }
  // Occurrences tagged O: the same words (first word clitic-stripped the same way) outside any entity.
  const byFirst = new Map<string, string[][]>();
  for (const key of locCount.keys()) {
    const toks = key.split(' ');
    const list = byFirst.get(toks[0]!) ?? [];
    list.push(toks);
    byFirst.set(toks[0]!, list);
  }
  for (const s of sentences) {
    for (let i = 0; i < s.length; i++) {
      if (s[i]!.tag !== 'O') continue;
      const first = firstWord(s[i]!.text).key;
      for (const toks of byFirst.get(first) ?? []) {
        let ok = i + toks.length <= s.length;
        for (let j = 1; ok && j < toks.length; j++) {
          ok = s[i + j]!.tag === 'O' && normalize(s[i + j]!.text) === toks[j];
        }
        if (ok) {
          const key = toks.join(' ');
          otherCount.set(key, (otherCount.get(key) ?? 0) + 1);
        }
      }
    }
  }

  const entries: Entry[] = [];
  const stats: AnerStats = {
    sentencesTotal: all.length,
    sentencesRead: n,
    locChunks,
    candidates: locCount.size,
    kept: 0,
    droppedOther: 0,
    droppedRare: 0,
    droppedInCldr: 0,
  };
  for (const [key, count] of locCount) {
    if (!hasArabic(key) || isCoordination(key, known)) continue;
    if (count < ANERCORP_MIN_COUNT) {
      stats.droppedRare++;
      continue;
    }
    if ((otherCount.get(key) ?? 0) > ANERCORP_MAX_OTHER_SHARE * count) {
      stats.droppedOther++;
      continue;
    }
    if (cldr.hasNorm(key)) {
      stats.droppedInCldr++;
      continue;
    }
    const forms = [...(surfaces.get(key) ?? new Map<string, number>()).entries()];
    forms.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    entries.push({ name: forms[0]![0], norm: key, kind: 'other', code: 'ANERcorp' });
  }
  entries.sort(compareEntries);
  stats.kept = entries.length;
  return { entries, stats };
}

// ---------------------------------------------------------------------------------------------

interface Lexicon {
  source: string;
  licence: string;
  places: Entry[];
}

/** Writes one entry per line: readable, stable diffs, still small. Returns the size in bytes. */
function writeJson(file: string, lex: Lexicon): number {
  const places = lex.places.map((p) => `    ${JSON.stringify(p)}`);
  const text =
    `{\n  "source": ${JSON.stringify(lex.source)},\n  "licence": ${JSON.stringify(lex.licence)},\n` +
    `  "places": [\n${places.join(',\n')}\n  ]\n}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const set = new EntrySet();
  const stats: CldrStats = { territoryNames: 0, cityNames: 0, locales: [] };
  addTerritories(set, stats);
  addExemplarCities(set, stats);
  const places = set.sorted();
  const lnVersion = packageVersion(LOCALENAMES);
  const dVersion = packageVersion(DATES);
  const source =
    `Unicode CLDR: cldr-localenames-full@${lnVersion} (main/{${stats.locales.join(',')}}/territories.json) and ` +
    `cldr-dates-full@${dVersion} (timeZoneNames exemplarCity)`;
  const placesBytes = writeJson(path.join(OUT_DIR, 'places.json'), { source, licence: 'Unicode-3.0', places });
  const byKind = (es: readonly Entry[]): string =>
    (['country', 'region', 'city', 'other'] as const).map((k) => `${k} ${es.filter((e) => e.kind === k).length}`).join(', ');
  console.log(
    `places.json: ${places.length} entries (${byKind(places)}), ${new Set(places.map((e) => e.norm)).size} distinct names, ` +
      `${places.filter((e) => e.norm.includes(' ')).length} multi-word; ${placesBytes} bytes ` +
      `(read ${stats.territoryNames} territory names, ${stats.cityNames} exemplar cities)`,
  );

  let anerNote = '';
  if (existsSync(ANERCORP)) {
    const { entries, stats: a } = buildAnercorp(set);
    const anerSource =
      `ANERcorp (Benajiba, Rosso & Benedí Ruiz, CICLing 2007), CAMeL Lab train split (Obeid et al., LREC 2020): ` +
      `names tagged LOC at least ${ANERCORP_MIN_COUNT} times and ${otherRule()} in the first ` +
      `${a.sentencesRead} of ${a.sentencesTotal} training sentences; names already in places.json left out`;
    const bytes = writeJson(path.join(OUT_DIR, 'anercorp-places.json'), { source: anerSource, licence: 'CC-BY-SA-4.0', places: entries });
    console.log(
      `anercorp-places.json: ${entries.length} entries, ${bytes} bytes (read ${a.sentencesRead}/${a.sentencesTotal} sentences, ` +
        `${a.locChunks} LOC chunks, ${a.candidates} distinct names; dropped ${a.droppedRare} seen once, ` +
        `${a.droppedOther} also tagged otherwise, ${a.droppedInCldr} already in CLDR)`,
    );
    anerNote = `first ${a.sentencesRead} of ${a.sentencesTotal} sentences`;
  } else {
    console.warn(`ANERcorp not found at ${ANERCORP}: anercorp-places.json left as it is`);
  }

  writeNotice(lnVersion, dVersion, anerNote);
}

function otherRule(): string {
  return ANERCORP_MAX_OTHER_SHARE === 0
    ? 'never tagged otherwise'
    : `tagged otherwise at most ${ANERCORP_MAX_OTHER_SHARE} times per LOC tag`;
}

function writeNotice(lnVersion: string, dVersion: string, anerNote: string): void {
  const licence = readFileSync(path.join(LOCALENAMES, 'LICENSE'), 'utf8').trim();
  const copyright = /Copyright ©[^\n]*Unicode, Inc\./.exec(licence)?.[0] ?? 'Copyright © Unicode, Inc.';
  const text = `# Lexicon data: sources and licences

Generated by \`scripts/build-lexicons.ts\` (\`npx tsx scripts/build-lexicons.ts\`). Do not edit the JSON by hand.

## places.json — Unicode CLDR (Unicode-3.0)

Arabic place names from the Unicode Common Locale Data Repository (CLDR), as published on npm:

- \`cldr-localenames-full@${lnVersion}\`: \`main/ar/territories.json\` and the regional Arabic locales
  \`main/ar-*/territories.json\` (territory and region names, including alt variants);
- \`cldr-dates-full@${dVersion}\`: \`main/ar*/timeZoneNames.json\` (exemplar cities of time zones).

Names are kept as CLDR writes them; derived entries are substrings of CLDR names (the name without a
parenthesized note, the note itself, the parts of "city، state", the short name before " - ").

${copyright} Used under the Unicode License v3 (SPDX \`Unicode-3.0\`), reproduced below.

## anercorp-places.json — ANERcorp (CC BY-SA 4.0)

Place names derived from the ANERcorp corpus (training split, ${anerNote || 'first 90% of sentences'}):
names tagged LOC at least ${ANERCORP_MIN_COUNT} times and ${otherRule()}; names already in places.json are left out.
This list is an adaptation of ANERcorp and is shared under the same licence, Creative Commons
Attribution-ShareAlike 4.0 International (CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/).

Please cite:

- Yassine Benajiba, Paolo Rosso and José Miguel Benedí Ruiz. "ANERsys: An Arabic Named Entity
  Recognition System Based on Maximum Entropy". In: Computational Linguistics and Intelligent Text
  Processing (CICLing 2007), LNCS 4394, Springer, 2007, pp. 143–153.
- Ossama Obeid, Nasser Zalmout, Salam Khalifa, Dima Taji, Mai Oudah, Bashar Alhafni, Go Inoue,
  Fadhl Eryani, Alexander Erdmann and Nizar Habash. "CAMeL Tools: An Open Source Python Toolkit for
  Arabic Natural Language Processing". In: Proceedings of LREC 2020, pp. 7022–7032 (the train/test split
  of ANERcorp used here).

## Unicode License v3 (text of the LICENSE file of the CLDR packages)

\`\`\`text
${licence}
\`\`\`
`;
  writeFileSync(path.join(OUT_DIR, 'NOTICE.md'), text);
}

main();
