/**
 * Groups distinct name forms into actors.
 *
 * Works on distinct normalized forms (not on mentions), so its cost grows with the vocabulary of
 * names, not with the corpus. Evidence: normalization key, Arabic-aware weighted edit distance,
 * token structure (given name / surname, short forms). Guards keep apart different people who share
 * a given name or a surname. Every merge records a human-readable reason.
 */
import { ActorType } from '../model';
import { describeDifference, stripArticle, tokenDistance, tokenTolerance } from './distance';

export interface NameForm {
  /** Normalized key: tokens joined by a space. */
  readonly key: string;
  readonly tokens: readonly string[];
  readonly type: ActorType;
  /** Number of mentions with this form. */
  readonly count: number;
  /** Order of the first mention in the corpus (document order, then offset). */
  readonly firstOrder: number;
}

export interface Cluster {
  readonly index: number;
  /** Changed only when an annotator's must-link group joins clusters of different types. */
  type: ActorType;
  /** Member forms, the first one is the founding (fullest) form. */
  readonly forms: NameForm[];
  readonly reasons: string[];
}

export interface Clustering {
  readonly clusters: Cluster[];
  /**
   * Clusters a form belongs to. Short forms shared by several actors (one surname, two people)
   * list every candidate; the mention's document decides between them.
   */
  readonly clustersOfForm: ReadonlyMap<string, readonly number[]>;
}

export interface ClusterOptions {
  /** Given names known to belong to several different people (never merged on a one-letter difference). */
  readonly knownGivenNames?: ReadonlySet<string>;
  /** The annotator's decisions (see core/decisions): forms kept apart, forms that are one actor. */
  readonly constraints?: ClusterConstraints;
}

/** Forms that are one actor (an annotator's canonical spelling, aliases, merges), and its type when decided. */
export interface MustLinkGroup {
  readonly forms: readonly string[];
  readonly type?: ActorType;
}

export interface ClusterConstraints {
  /** True when two form keys must never be in one cluster. */
  cannotLink(a: string, b: string): boolean;
  readonly mustLink: readonly MustLinkGroup[];
}

const q = (s: string): string => `«${s}»`;

function personCompatible(a: NameForm, b: NameForm, known: ReadonlySet<string>): string | undefined {
  const la = a.tokens[a.tokens.length - 1]!;
  const lb = b.tokens[b.tokens.length - 1]!;
  const fa = a.tokens[0]!;
  const fb = b.tokens[0]!;
  const surnameTol = tokenTolerance(la, lb);
  const ds = tokenDistance(la, lb, surnameTol);
  if (ds > surnameTol) return undefined;
  // Middle names: the shorter form's tokens must appear (fuzzily) in order in the longer one.
  if (a.tokens.length !== b.tokens.length) {
    const [short, long] = a.tokens.length < b.tokens.length ? [a, b] : [b, a];
    if (short.tokens.length < 2) return undefined;
    if (tokenDistance(short.tokens[0]!, long.tokens[0]!, tokenTolerance(short.tokens[0]!, long.tokens[0]!)) > tokenTolerance(short.tokens[0]!, long.tokens[0]!)) return undefined;
    return `${q(short.key)} is ${q(long.key)} without the middle name`;
  }
  for (let i = 1; i < a.tokens.length - 1; i++) {
    if (tokenDistance(a.tokens[i]!, b.tokens[i]!, 1) > tokenTolerance(a.tokens[i]!, b.tokens[i]!)) return undefined;
  }
  const givenTol = tokenTolerance(fa, fb);
  const dg = tokenDistance(fa, fb, 1);
  if (dg <= givenTol) {
    if (fa === fb && la === lb) return undefined; // identical keys never reach here
    if (fa !== fb && known.has(fa) && known.has(fb)) return undefined;
    const what = fa !== fb ? `given names ${q(fa)} / ${q(fb)} ${describeDifference(fa, fb)}` : `surnames ${q(la)} / ${q(lb)} ${describeDifference(la, lb)}`;
    if (fa !== fb && la !== lb) return `given names and surnames differ only slightly (${q(a.key)} / ${q(b.key)})`;
    return `same ${fa !== fb ? 'surname' : 'given name'}; ${what}`;
  }
  // A typo in the given name (one inserted or changed letter) when the surname is identical
  // and neither given name is known to belong to someone else.
  if (stripArticle(la) === stripArticle(lb) && dg <= 1 && !(known.has(fa) && known.has(fb))) {
    return `same surname ${q(la)}; given names ${q(fa)} / ${q(fb)} differ by one letter and ${q(known.has(fa) ? fb : fa)} is not a known given name`;
  }
  return undefined;
}

/** Tokens without trailing adjectives (وكالة تاس الروسية → وكالة تاس), at least one kept. */
export function coreTokens(tokens: readonly string[]): readonly string[] {
  let n = tokens.length;
  while (n > 1 && /^ال.+(ي|يه|يين|يون)$/.test(tokens[n - 1]!)) n--;
  return n === tokens.length ? tokens : tokens.slice(0, n);
}

function tokenwiseCompatible(full: NameForm, other: NameForm): string | undefined {
  const a = { ...full, tokens: coreTokens(full.tokens) };
  const b = { ...other, tokens: coreTokens(other.tokens) };
  if (a.tokens.length !== b.tokens.length) return undefined;
  if (a.tokens.join(' ') === b.tokens.join(' ')) return `${q(full.key)} / ${q(other.key)}: the same name with or without a qualifying adjective`;
  let differing = -1;
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.tokens[i] === b.tokens[i]) continue;
    if (differing >= 0) return undefined;
    differing = i;
  }
  if (differing < 0) return undefined;
  const ta = a.tokens[differing]!;
  const tb = b.tokens[differing]!;
  const tol = Math.min(tokenTolerance(ta, tb), a.type === 'place' ? 0.6 : 1);
  if (tokenDistance(ta, tb, tol) > tol) return undefined;
  return `${q(ta)} / ${q(tb)} ${describeDifference(ta, tb)}`;
}

const SKELETON_MAP: Record<string, string> = { غ: 'ك', ج: 'ك', ق: 'ك', ط: 'ت', ص: 'س', ث: 'س', ض: 'د', ذ: 'ز', ظ: 'ز', ح: 'ه', ڤ: 'ف', پ: 'ب' };

/**
 * Blocking key of a name token: article, long vowels, ع and hamza removed, letters that transliterate one
 * sound folded together. Spellings within the cheap edits of the distance share a skeleton, so fuzzy
 * comparisons only run inside one block instead of against every actor.
 */
export function skeleton(token: string): string {
  let out = '';
  for (const c of stripArticle(token)) {
    if (c === 'ا' || c === 'و' || c === 'ي' || c === 'ع' || c === 'ء') continue;
    out += SKELETON_MAP[c] ?? c;
  }
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Keys under which a multi-token organization/place form is found by forms differing in one token. */
function wildcardKeys(tokens: readonly string[]): string[] {
  const core = coreTokens(tokens);
  const keys = [core.join(' ')];
  for (let i = 0; i < core.length; i++) keys.push(core.map((t, j) => (i === j ? '*' : t)).join(' '));
  return keys;
}

export function clusterForms(forms: readonly NameForm[], options: ClusterOptions = {}): Clustering {
  const steps = clusterFormsSteps(forms, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Forms grouped between two yields of `clusterFormsSteps`. */
const FORMS_PER_STEP = 16;

/** `clusterForms` in steps: each `next()` groups a bounded number of forms (for a host that yields to its event loop). */
export function* clusterFormsSteps(forms: readonly NameForm[], options: ClusterOptions = {}): Generator<void, Clustering, void> {
  const known = options.knownGivenNames ?? new Set<string>();
  const constraints = options.constraints;
  /** A cannot-link constraint forbids this form in this cluster. */
  const forbidden = (f: NameForm, c: Cluster): boolean => constraints !== undefined && c.forms.some((g) => constraints.cannotLink(f.key, g.key));
  const clusters: Cluster[] = [];
  const clustersOfForm = new Map<string, number[]>();
  const byType = new Map<ActorType, Cluster[]>();
  const newCluster = (f: NameForm): Cluster => {
    const c: Cluster = { index: clusters.length, type: f.type, forms: [f], reasons: [] };
    clusters.push(c);
    const list = byType.get(f.type) ?? [];
    list.push(c);
    byType.set(f.type, list);
    clustersOfForm.set(f.key, [c.index]);
    return c;
  };
  const ordered = [...forms].sort((a, b) => b.tokens.length - a.tokens.length || b.count - a.count || a.firstOrder - b.firstOrder || (a.key < b.key ? -1 : 1));
  // Blocking indexes (clusters in creation order): multi-token persons by surname skeleton, other
  // multi-token forms by their tokens with one wildcard, single tokens by skeleton.
  const bySurname = new Map<string, Cluster[]>();
  const bySurnameSkeleton = new Map<string, Cluster[]>();
  const byWildcard = new Map<string, Cluster[]>();
  const singleBySkeleton = new Map<string, Cluster[]>();

  let done = 0;
  for (const f of ordered) {
    if (++done % FORMS_PER_STEP === 0) yield;
    if (f.tokens.length >= 2) {
      let candidates: readonly Cluster[];
      if (f.type === 'person') candidates = bySurnameSkeleton.get(skeleton(f.tokens[f.tokens.length - 1]!)) ?? [];
      else {
        const seen = new Set<Cluster>();
        for (const k of wildcardKeys(f.tokens)) for (const c of byWildcard.get(f.type + '|' + k) ?? []) seen.add(c);
        candidates = [...seen].sort((a, b) => a.index - b.index);
      }
      let best: { c: Cluster; reason: string } | undefined;
      for (const c of candidates) {
        if (c.type !== f.type || forbidden(f, c)) continue;
        const rep = c.forms[0]!;
        const reason = f.type === 'person' ? personCompatible(f, rep, known) : tokenwiseCompatible(f, rep);
        if (reason) {
          best = { c, reason };
          break;
        }
      }
      if (best) {
        best.c.forms.push(f);
        best.c.reasons.push(reason(f, best.reason));
        clustersOfForm.set(f.key, [best.c.index]);
      } else {
        const c = newCluster(f);
        const last = f.tokens[f.tokens.length - 1]!;
        push(bySurname, stripArticle(last), c);
        if (f.type === 'person') push(bySurnameSkeleton, skeleton(last), c);
        else for (const k of wildcardKeys(f.tokens)) push(byWildcard, f.type + '|' + k, c);
      }
      continue;
    }
    // Single-token forms: short forms of a fuller name, else fuzzy spellings of another single token.
    const token = f.tokens[0]!;
    const shortOf: Cluster[] = [];
    const exact = bySurname.get(stripArticle(token));
    if (exact) shortOf.push(...exact.filter((c) => c.type === f.type && !forbidden(f, c)));
    if (shortOf.length === 0) {
      for (const c of bySurnameSkeleton.get(skeleton(token)) ?? []) {
        if (c.type !== f.type || forbidden(f, c)) continue;
        const rep = c.forms[0]!;
        const sur = rep.tokens[rep.tokens.length - 1]!;
        const tol = tokenTolerance(sur, token);
        if (tokenDistance(stripArticle(sur), stripArticle(token), tol) <= tol) shortOf.push(c);
      }
    }
    if (shortOf.length > 0) {
      for (const c of shortOf) {
        c.forms.push(f);
        const rep = c.forms[0]!;
        const sur = rep.tokens[rep.tokens.length - 1]!;
        c.reasons.push(sur === token ? `${q(token)} is the short form (surname) of ${q(rep.key)}` : `${q(token)} is a short form of ${q(rep.key)}: ${q(sur)} / ${q(token)} ${describeDifference(sur, token)}`);
      }
      clustersOfForm.set(f.key, shortOf.map((c) => c.index));
      continue;
    }
    let merged = false;
    const skel = skeleton(token);
    for (const c of singleBySkeleton.get(f.type + '|' + skel) ?? []) {
      const other = c.forms[0]!.tokens[0]!;
      if ((f.type === 'person' && known.has(token) && known.has(other)) || forbidden(f, c)) continue;
      const tol = Math.min(tokenTolerance(other, token), f.type === 'place' ? 0.6 : 1);
      if (tokenDistance(other, token, tol) <= tol) {
        c.forms.push(f);
        c.reasons.push(`${q(token)} / ${q(other)} ${describeDifference(token, other)}`);
        clustersOfForm.set(f.key, [c.index]);
        merged = true;
        break;
      }
    }
    if (!merged) push(singleBySkeleton, f.type + '|' + skel, newCluster(f));
  }
  if (constraints) applyMustLink(clusters, clustersOfForm, constraints);
  return { clusters, clustersOfForm };
}

/**
 * Joins the clusters holding the forms of each must-link group into one (the cluster of the group's first form
 * present, usually its canonical spelling), unless a cannot-link constraint forbids it. Emptied clusters stay in
 * the list with no forms (they get no mentions, so no actor).
 */
function applyMustLink(clusters: Cluster[], clustersOfForm: Map<string, number[]>, constraints: ClusterConstraints): void {
  for (const g of constraints.mustLink) {
    let target: Cluster | undefined;
    for (const key of g.forms) {
      for (const i of clustersOfForm.get(key) ?? []) {
        const c = clusters[i]!;
        if (c.forms.length === 0) continue;
        if (!target) {
          target = c;
          if (g.type) target.type = g.type;
          continue;
        }
        if (c === target) continue;
        // Only the forms of a shared short form's other clusters would be pulled in: join whole clusters only
        // when the form belongs to that cluster alone.
        if ((clustersOfForm.get(key) ?? []).length > 1) continue;
        const t = target;
        if (c.forms.some((f) => t.forms.some((h) => constraints.cannotLink(f.key, h.key)))) continue;
        for (const f of c.forms) {
          t.forms.push(f);
          clustersOfForm.set(f.key, [...new Set((clustersOfForm.get(f.key) ?? []).map((x) => (x === c.index ? t.index : x)))]);
        }
        t.reasons.push(`${q(c.forms[0]!.key)} joined by the annotator`);
        c.forms.length = 0;
      }
    }
  }
}

function reason(f: NameForm, why: string): string {
  return `${q(f.key)}: ${why}`;
}
