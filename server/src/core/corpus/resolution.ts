/**
 * One corpus resolution pass: from the per-document analyses to mentions and actors.
 *
 *  1. direct mentions from each document's candidates (tagger, titles, patterns, gazetteer);
 *  2. propagation: uncovered occurrences of names recognized elsewhere (once «كوفي أنان» is known,
 *     «أنان» and «وأنان» in any article link to it), with clitics separated on corpus evidence;
 *  3. grouping of the distinct name forms into actors (actors/cluster.ts).
 *
 * The pass is a generator that yields between batches of documents, so a host can spread it over
 * its event loop. After it finished, `resolveDocument` re-resolves a single (edited) document
 * against the same corpus-level state in time proportional to that document: the fast path used
 * while the next full pass has not run yet.
 */
import { ActorType, Mention, MentionToken } from '../model';
import { chooseAnalysis, CliticAnalysis } from '../text/clitics';
import { normalizeWithMap, toOriginalSpan } from '../text/normalize';
import { Candidate, RecognitionLexicon } from '../recognize/recognizer';
import { CALENDAR_WORDS, COMPOUND_NAME_PARTS, FUNCTION_WORDS, NAME_CONNECTORS, ORDINALS, ORG_HEADS, PERSON_TITLES, TITLE_CONTINUATIONS } from '../lexicon/triggers';
import { clusterFormsSteps, Clustering, NameForm, skeleton } from '../actors/cluster';
import { stripArticle } from '../actors/distance';
import { DocumentAnalysis, mentionOf } from './documentAnalysis';
import { FormTable } from './formTable';
import { DecisionHooks } from '../decisions/apply';

/** What a pass reads from the index. */
export interface ResolutionInput {
  readonly documents: readonly string[];
  analysis(doc: string): DocumentAnalysis | undefined;
  readonly forms: FormTable;
  /** Corpus frequency of a normalized Arabic form. */
  frequency(form: string): number;
  readonly lexicon: RecognitionLexicon;
  /** The annotator's decisions, compiled (core/decisions/apply.ts). */
  readonly decisions: DecisionHooks;
}

interface FormStats {
  key: string;
  tokens: string[];
  votes: Record<ActorType, number>;
  count: number;
  direct: number;
  firstOrder: number;
}

interface Lookup {
  readonly key: string;
  readonly multis: readonly FormStats[] | undefined;
  readonly single: ActorType | undefined;
}

const TYPE_ORDER: readonly ActorType[] = ['person', 'organization', 'place'];

function majority(votes: Record<ActorType, number>): ActorType {
  let best: ActorType = 'person';
  for (const t of TYPE_ORDER) if (votes[t] > votes[best]) best = t;
  return best;
}

/** Tokens that never make a mention on their own. */
function blockedSingle(key: string): boolean {
  return FUNCTION_WORDS.has(key) || CALENDAR_WORDS.has(key) || PERSON_TITLES.has(key) || ORG_HEADS.has(key) || TITLE_CONTINUATIONS.has(key) || ORDINALS.has(key) || NAME_CONNECTORS.has(key) || COMPOUND_NAME_PARTS.has(key) || key.length < 2;
}

/** Documents handled between two yields of a pass (a host yields to its event loop every few milliseconds). */
const BATCH = 16;
/** Registry entries handled between two yields of the steps that go through all of them. */
const ENTRIES_PER_STEP = 2048;

export class Resolution {
  private readonly registry = new Map<string, FormStats>();
  /** The registry plus surnames of persons named in full (for clitic evidence and propagation). */
  private lookupRegistry: ReadonlyMap<string, FormStats> = this.registry;
  private readonly surnameOf = new Map<string, string>();
  private readonly multiByFirst = new Map<string, FormStats[]>();
  /** Form ids of each multi-word name's tokens (-1: a form no document had). */
  private readonly tokenIds = new Map<FormStats, Int32Array>();
  /** Per form id: the names a token of that form may start (null: none). */
  private readonly lookups: Array<Lookup | null | undefined> = [];
  /** Clitic analyses by form id, without and with the registry as evidence. */
  private readonly plainAnalyses: Array<CliticAnalysis | undefined> = [];
  private readonly registryAnalyses: Array<CliticAnalysis | undefined> = [];
  private readonly orderOf = new Map<Mention, number>();
  /** One instance of each spelling and key the mentions carry (they repeat across the corpus). */
  private readonly strings = new Map<string, string>();
  private readonly intern = (s: string): string => {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  };
  /** Mentions per document once the pass is done. */
  readonly mentionsByDoc = new Map<string, Mention[]>();
  clustering: Clustering | undefined;

  constructor(private readonly input: ResolutionInput) {}

  /** Runs the whole pass, yielding between batches of documents. */
  *run(): Generator<void, void, void> {
    const { documents } = this.input;
    const candidateOf = new Map<Mention, Candidate>();
    // Phase 1: direct evidence.
    let order = 0;
    const dec = this.input.decisions;
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const ms: Mention[] = [];
      for (const c of a.candidates) {
        const m = this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, false);
        if (m.tokens.length === 1 && blockedSingle(m.key)) continue;
        if (dec.drops(a.doc, m)) continue; // decisions: removed, not an entity, or replaced by a manual entity
        this.orderOf.set(m, order++);
        candidateOf.set(m, c);
        ms.push(m);
        this.register(m, true);
      }
      for (const m of dec.manualMentions(a)) { // decisions: entities added by the annotator
        this.orderOf.set(m, order++);
        ms.push(m);
        this.register(m, true);
      }
      this.mentionsByDoc.set(a.doc, ms);
      if (d % BATCH === BATCH - 1) yield;
    }
    yield* this.prepareLookups();
    // Phase 2: propagation.
    const pendingByDoc = new Map<string, Array<{ s: number; e: number; type: ActorType }>>();
    const extended = new Map<Candidate, number>();
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const ext = this.extensions(a);
      for (const [c, e] of ext) extended.set(c, e);
      pendingByDoc.set(a.doc, this.propagationSpans(a, ext));
      if (d % BATCH === BATCH - 1) yield;
    }
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const list = this.mentionsByDoc.get(a.doc)!;
      for (const p of pendingByDoc.get(a.doc)!) {
        const m = this.buildMention(a, p.s, p.e, p.type, 'propagated', true);
        if (dec.drops(a.doc, m)) continue; // decisions
        list.push(m);
        this.register(m, false);
      }
      if (d % BATCH === BATCH - 1) yield;
    }
    // Direct mentions whose first token carries a clitic that corpus evidence now explains, and person
    // names the corpus knows longer (see `extensions`), are rebuilt.
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const list = this.mentionsByDoc.get(a.doc)!;
      for (let i = 0; i < list.length; i++) {
        const m = list[i]!;
        const c = candidateOf.get(m);
        if (!c) continue;
        const end = extended.get(c) ?? c.tokenEnd;
        if (m.clitic && end === c.tokenEnd) continue;
        const rebuilt = this.buildMention(a, c.tokenStart, end, m.type, m.evidence, true);
        if (end !== c.tokenEnd && dec.drops(a.doc, rebuilt)) continue; // decisions: keep the name as tagged
        if (rebuilt.key !== m.key) {
          const old = this.registry.get(m.key);
          if (old) {
            old.count--;
            old.direct--;
            old.votes[m.type]--;
            if (old.count <= 0) this.registry.delete(m.key);
          }
          this.orderOf.set(rebuilt, this.orderOf.get(m) ?? 0);
          this.register(rebuilt, true);
          list[i] = rebuilt;
        }
      }
      list.sort((x, y) => x.start - y.start);
      if (d % BATCH === BATCH - 1) yield;
    }
    this.orderOf.clear(); // only registering needs it (one entry per mention)
    yield;
    // Phase 3: group forms into actors.
    this.clustering = yield* this.group();
  }

  /**
   * The mentions of one document resolved against this pass's corpus-level state (names known,
   * clitic evidence), for a document that changed after the pass: cost proportional to the document.
   */
  resolveDocument(a: DocumentAnalysis): Mention[] {
    const dec = this.input.decisions;
    const list: Mention[] = [];
    const ext = this.extensions(a);
    for (const c of a.candidates) {
      const plain = this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, false);
      if (plain.tokens.length === 1 && blockedSingle(plain.key)) continue;
      if (dec.drops(a.doc, plain)) continue;
      const end = ext.get(c);
      const longer = end === undefined ? undefined : this.buildMention(a, c.tokenStart, end, c.type, c.evidence, true);
      if (longer && !dec.drops(a.doc, longer)) list.push(longer);
      else list.push(plain.clitic ? plain : this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, true));
    }
    list.push(...dec.manualMentions(a));
    for (const p of this.propagationSpans(a, ext)) {
      const m = this.buildMention(a, p.s, p.e, p.type, 'propagated', true);
      if (!dec.drops(a.doc, m)) list.push(m);
    }
    return list.sort((x, y) => x.start - y.start);
  }

  // ---------------------------------------------------------------------------------------------

  private register(m: Mention, isDirect: boolean): void {
    let f = this.registry.get(m.key);
    if (!f) {
      f = { key: m.key, tokens: m.tokens.map((t) => t.norm), votes: { person: 0, organization: 0, place: 0 }, count: 0, direct: 0, firstOrder: Infinity };
      this.registry.set(m.key, f);
    }
    f.votes[m.type]++;
    f.count++;
    if (isDirect) f.direct++;
    const o = this.orderOf.get(m) ?? 0;
    if (o < f.firstOrder) f.firstOrder = o;
  }

  /** Surnames, multi-word names by first token, and the lookup registry, from the direct mentions. */
  private *prepareLookups(): Generator<void, void, void> {
    yield;
    for (const f of this.registry.values()) {
      // Surnames of full names seen at least twice (a one-off tagger span is weak evidence).
      if (f.tokens.length >= 2 && majority(f.votes) === 'person' && f.direct >= 2) {
        const sur = f.tokens[f.tokens.length - 1]!;
        if (!blockedSingle(sur) && !this.surnameOf.has(sur)) this.surnameOf.set(sur, f.key);
      }
    }
    yield;
    for (const f of this.registry.values()) {
      if (f.tokens.length < 2) continue;
      const list = this.multiByFirst.get(f.tokens[0]!) ?? [];
      list.push(f);
      this.multiByFirst.set(f.tokens[0]!, list);
    }
    yield;
    let n = 0;
    for (const list of this.multiByFirst.values()) {
      if (++n % ENTRIES_PER_STEP === 0) yield;
      list.sort((x, y) => y.tokens.length - x.tokens.length);
      for (const f of list) this.tokenIds.set(f, Int32Array.from(f.tokens, (t) => this.input.forms.lookup(t)));
    }
    yield;
    const lookup = new Map<string, FormStats>(this.registry);
    for (const [sur, full] of this.surnameOf) if (!lookup.has(sur)) lookup.set(sur, this.registry.get(full)!);
    this.lookupRegistry = lookup;
  }

  /** A single word is propagated only when it is not general vocabulary, and either is the surname of a person named in full or was itself recognized directly at least twice. */
  private reliable(key: string): boolean {
    const lex = this.input.lexicon;
    if (lex.isCommonWord(key) || lex.isNisba(key)) return false;
    if (this.surnameOf.has(key)) return true;
    return (this.registry.get(key)?.direct ?? 0) >= 2;
  }

  private knownSingle(key: string): ActorType | undefined {
    const f = this.registry.get(key);
    if (f && f.tokens.length === 1) return majority(f.votes);
    return this.surnameOf.has(key) ? 'person' : undefined;
  }

  private lookupOf(id: number): Lookup | null {
    let look = this.lookups[id];
    if (look === undefined) {
      const key = this.analyse(id, true).key;
      const multis = this.multiByFirst.get(key);
      const type = this.knownSingle(key);
      const single = type && !blockedSingle(key) && this.reliable(key) ? type : undefined;
      this.lookups[id] = look = multis || single ? { key, multis, single } : null;
    }
    return look;
  }

  /**
   * Names the document itself recognized that may be propagated inside it as single words ("one sense
   * per discourse"): single-word names and surnames of persons named in full, when they are not
   * general vocabulary (common words, dictionary words, nisba adjectives, titles, function words).
   */
  private documentSingles(a: DocumentAnalysis): Map<string, ActorType> {
    const out = new Map<string, ActorType>();
    const lex = this.input.lexicon;
    for (const c of a.candidates) {
      const n = c.tokenEnd - c.tokenStart;
      if (n > 1 && c.type !== 'person') continue;
      const key = this.analyse(a.normIds[c.tokenEnd - 1]!, true).key;
      if (out.has(key) || blockedSingle(key) || key.length < 3 || lex.isCommonWord(key) || lex.isNisba(key)) continue;
      // Persons' names are often words too (عادل, نصر); other types must not be.
      if (c.type !== 'person' && lex.isDictionaryWord?.(key)) continue;
      out.set(key, c.type);
    }
    return out;
  }

  /**
   * Person names a document's candidates cut short: a candidate that is the start of a longer person
   * name recognized elsewhere in the corpus, followed in this document by the rest of that name on the
   * same line and not claimed by another candidate (the tagger read «فلان» where the corpus knows
   * «فلان الفلاني»). Candidate → the end of the longest such name.
   */
  private extensions(a: DocumentAnalysis): Map<Candidate, number> {
    const out = new Map<Candidate, number>();
    let covered: Uint8Array | undefined;
    for (const c of a.candidates) {
      if (c.type !== 'person') continue;
      const look = this.lookupOf(a.normIds[c.tokenStart]!);
      if (!look?.multis) continue;
      const n = c.tokenEnd - c.tokenStart;
      for (const f of look.multis) {
        const len = f.tokens.length;
        if (len <= n || c.tokenStart + len > a.length || majority(f.votes) !== 'person') continue;
        if (!covered) {
          covered = new Uint8Array(a.length);
          for (const o of a.candidates) for (let k = o.tokenStart; k < o.tokenEnd; k++) covered[k] = 1;
        }
        const ids = this.tokenIds.get(f)!;
        let ok = true;
        for (let k = 1; k < len && ok; k++) {
          const i = c.tokenStart + k;
          ok = a.normIds[i] === ids[k] && (k < n || (!covered[i] && !a.lineStart(i)));
        }
        if (ok) {
          out.set(c, c.tokenStart + len);
          break; // longest first
        }
      }
    }
    return out;
  }

  /** Uncovered occurrences of known names in one document (token ranges). */
  private propagationSpans(a: DocumentAnalysis, extended: ReadonlyMap<Candidate, number>): Array<{ s: number; e: number; type: ActorType }> {
    const out: Array<{ s: number; e: number; type: ActorType }> = [];
    const covered = new Uint8Array(a.length);
    for (const c of a.candidates) for (let k = c.tokenStart, e = extended.get(c) ?? c.tokenEnd; k < e; k++) covered[k] = 1;
    const inDoc = this.documentSingles(a);
    for (let i = 0; i < a.length; i++) {
      if (covered[i] || !a.isArabic(i)) continue;
      const look = this.lookupOf(a.normIds[i]!);
      if (look === null || (!look.multis && !look.single)) {
        const type = inDoc.size > 0 ? inDoc.get(this.analyse(a.normIds[i]!, true).key) : undefined;
        if (type) out.push({ s: i, e: i + 1, type });
        continue;
      }
      let matched = false;
      if (look.multis) {
        for (const f of look.multis) {
          const e = i + f.tokens.length;
          if (e > a.length) continue;
          const ids = this.tokenIds.get(f)!;
          let ok = true;
          for (let k = 1; k < f.tokens.length && ok; k++) ok = !covered[i + k] && a.normIds[i + k] === ids[k] && !a.lineStart(i + k);
          if (ok) {
            out.push({ s: i, e, type: majority(f.votes) });
            for (let k = i; k < e; k++) covered[k] = 1;
            matched = true;
            break;
          }
        }
      }
      if (!matched && look.single) out.push({ s: i, e: i + 1, type: look.single });
    }
    return out;
  }

  /** Evidence strength that a normalized form is a word of its own (for clitic separation). */
  private knownStrength(key: string, withRegistry: boolean): number {
    if (withRegistry && this.lookupRegistry.has(key)) return 3;
    const lex = this.input.lexicon;
    if (lex.isPlace(key)) return 3;
    // The corpus itself is the evidence: the remainder occurs as a word of its own somewhere.
    // (A general dictionary is not: وزارة would split into و + زارة "visited her".)
    // Heads and titles are words of their own (لحكومة → حكومة, للرئيس → الرئيس).
    if (ORG_HEADS.has(key) || PERSON_TITLES.has(key)) return 2;
    // A remainder that is general vocabulary is no evidence for a name (كوفي is not ك + وفي "and in").
    if (key.length >= 3 && this.input.frequency(key) > 0 && !lex.isCommonWord(key)) return 2;
    return 0;
  }

  /** The clitic analysis of a form: the unsegmented word unless a remainder is known. */
  private analyse(id: number, withRegistry: boolean): CliticAnalysis {
    const cache = withRegistry ? this.registryAnalyses : this.plainAnalyses;
    let a = cache[id];
    if (!a) {
      const norm = this.input.forms.form(id);
      const lex = this.input.lexicon;
      a = chooseAnalysis(norm, (key) => (key === norm ? ((withRegistry && this.lookupRegistry.has(key)) || lex.isPlace(key) ? 3 : 0.5) : this.knownStrength(key, withRegistry)));
      cache[id] = a;
    }
    return a;
  }

  private buildMention(a: DocumentAnalysis, s: number, e: number, type: ActorType, evidence: string, withRegistry: boolean): Mention {
    const toks: MentionToken[] = [];
    let clitic = '';
    for (let i = s; i < e; i++) {
      const start = a.starts[i]!;
      const end = a.ends[i]!;
      if (i === s && a.isArabic(i)) {
        const an = this.analyse(a.normIds[i]!, withRegistry);
        if (an.prefixLength > 0) {
          const text = a.text.slice(start, end);
          const n = normalizeWithMap(text);
          const span = toOriginalSpan(n, an.prefixLength, n.text.length);
          clitic = this.intern(text.slice(0, span.start));
          toks.push({ start: start + span.start, end, text: this.intern(text.slice(span.start)), norm: an.key });
          continue;
        }
      }
      toks.push({ start, end, text: this.intern(a.text.slice(start, end)), norm: this.input.forms.form(a.normIds[i]!) });
    }
    return mentionOf(a, toks, type, clitic, evidence, this.intern);
  }

  /** Phase 3: types reconciled across the corpus, then forms grouped into actors. */
  private *group(): Generator<void, Clustering, void> {
    const forms: NameForm[] = [];
    const personSurnames = new Map<string, number>();
    for (const f of this.registry.values()) {
      if (f.count > 0 && f.tokens.length >= 2 && majority(f.votes) === 'person') {
        const sur = stripArticle(f.tokens[f.tokens.length - 1]!);
        personSurnames.set(sur, (personSurnames.get(sur) ?? 0) + f.count);
      }
    }
    // Single words typed person (by majority), for reconciling full names the tagger mistyped.
    const personSingles = new Set<string>();
    for (const f of this.registry.values()) if (f.count > 0 && f.tokens.length === 1 && majority(f.votes) === 'person') personSingles.add(skeleton(f.tokens[0]!));
    const lex = this.input.lexicon;
    yield;
    let n = 0;
    for (const f of this.registry.values()) {
      if (++n % ENTRIES_PER_STEP === 0) yield;
      if (f.count <= 0) continue;
      let type = majority(f.votes);
      // A two- or three-word name without any organization head, place or adjective whose surname is a
      // person elsewhere in the corpus is that person («أنجيلا ميركل» / وقالت «ميركل»).
      if (type !== 'person' && f.tokens.length >= 2 && f.tokens.length <= 3 && personSingles.has(skeleton(f.tokens[f.tokens.length - 1]!)) &&
        !f.tokens.some((t) => ORG_HEADS.has(t) || lex.isPlace(t) || lex.isNisba(t) || /^ال.+(ي|يه)$/.test(t))) type = 'person';
      // One sense per corpus: a single word that is the surname of a person named in full elsewhere
      // is that person, whatever the tagger guessed for it out of context.
      if (f.tokens.length === 1 && type !== 'person' && (personSurnames.get(stripArticle(f.key)) ?? 0) >= f.votes[type] / 2) type = 'person';
      type = this.input.decisions.formType(f.key) ?? type; // decisions: the type the annotator gave this actor
      forms.push({ key: f.key, tokens: f.tokens, type, count: f.count, firstOrder: f.firstOrder });
    }
    const givenWith = new Map<string, Set<string>>();
    for (const f of forms) {
      if (f.type !== 'person' || f.tokens.length < 2) continue;
      const s = givenWith.get(f.tokens[0]!) ?? new Set<string>();
      s.add(f.tokens[f.tokens.length - 1]!);
      givenWith.set(f.tokens[0]!, s);
    }
    const knownGivenNames = new Set<string>();
    for (const [g, surnames] of givenWith) if (surnames.size >= 2) knownGivenNames.add(g);
    yield;
    return yield* clusterFormsSteps(forms, { knownGivenNames, constraints: this.input.decisions.constraints });
  }
}
