/**
 * Applying decisions to a corpus resolution. `compileDecisions` turns the file's entries into the hooks the
 * corpus index calls at a few well-delimited points:
 * - phase 1 (direct candidates): `manualMentions` adds the annotator's entities (evidence `manual`), `drops`
 *   removes candidates the annotator removed, marked as not an entity, or that overlap a manual entity;
 * - phase 2 (propagation): `drops` again, so a removed mention is not found again by propagation;
 * - phase 3 (clustering): `formType` (an actor's type decided by the annotator), `constraints` (must-link:
 *   an actor's canonical spelling, aliases and manual mentions; cannot-link: keep-separate pairs);
 * - building actors: `actorOverride` (canonical spelling, type and stable id of actors the annotator defined).
 * Spans are re-anchored when an article changed: the nearest occurrence of the span's text is used; a span whose
 * text is gone is reported as stale and ignored.
 */
import { ActorType, Mention, MentionToken } from '../model';
import { normalize } from '../text/normalize';
import { DocumentAnalysis, mentionOf } from '../corpus/documentAnalysis';
import type { ClusterConstraints, MustLinkGroup } from '../actors/cluster';
import { AddedEntity, Decisions, EMPTY_DECISIONS, SpanRef } from './types';
import { formKey } from './names';
import { pairKey } from './serialize';

export interface StaleDecision {
  readonly kind: 'added' | 'removed';
  readonly entry: SpanRef;
  readonly reason: string;
}

export interface ActorOverride {
  readonly id?: string;
  readonly canonical: string;
  readonly type?: ActorType;
  /** Spellings the annotator accepted for this actor (canonical and aliases as written): never reported. */
  readonly accepted: ReadonlySet<string>;
}

export interface DecisionHooks {
  readonly empty: boolean;
  /** True when a recognized (or propagated) mention must not be kept. */
  drops(doc: string, m: Mention): boolean;
  /** The annotator's entities in one document, as mentions with evidence `manual`. */
  manualMentions(a: DocumentAnalysis): Mention[];
  /** The type the annotator gave the actor a form belongs to. */
  formType(key: string): ActorType | undefined;
  readonly constraints: ClusterConstraints | undefined;
  /** Canonical spelling, type and id of the actor made of these forms, when the annotator defined it. */
  actorOverride(formKeys: readonly string[]): ActorOverride | undefined;
  /** Spans whose text is no longer in their article (or whose article is not in the corpus). */
  readonly stale: readonly StaleDecision[];
}

/** Re-anchors a span: unchanged when its text is still there, else the nearest occurrence of its text. */
export function anchorSpan(text: string, s: SpanRef): { start: number; end: number } | undefined {
  if (text.slice(s.start, s.end) === s.text) return { start: s.start, end: s.end };
  let best = -1;
  for (let i = text.indexOf(s.text); i >= 0; i = text.indexOf(s.text, i + 1)) {
    if (best < 0 || Math.abs(i - s.start) < Math.abs(best - s.start)) best = i;
  }
  return best < 0 ? undefined : { start: best, end: best + s.text.length };
}

/** A mention for exactly the span the annotator chose (whole words or the part after a clitic). */
export function manualMention(a: DocumentAnalysis, start: number, end: number, type: ActorType): Mention | undefined {
  const toks: MentionToken[] = [];
  let firstTokenStart = -1;
  for (let i = 0; i < a.length; i++) {
    const ts = a.starts[i]!;
    const te = a.ends[i]!;
    if (te <= start || ts >= end || a.kind(i) === 'punct') continue;
    const s = Math.max(ts, start);
    const e = Math.min(te, end);
    const text = a.text.slice(s, e);
    if (firstTokenStart < 0) firstTokenStart = ts;
    toks.push({ start: s, end: e, text, norm: normalize(text) });
  }
  if (toks.length === 0) return undefined;
  return mentionOf(a, toks, type, a.text.slice(firstTokenStart, toks[0]!.start), 'manual');
}

const overlaps = (m: { start: number; end: number }, s: { start: number; end: number }): boolean => m.start < s.end && s.start < m.end;

interface Group extends MustLinkGroup {
  readonly forms: string[];
  override?: ActorOverride;
}

export function compileDecisions(d: Decisions, docOf: (file: string) => string | undefined, textOf: (doc: string) => string | undefined): DecisionHooks {
  if (d === EMPTY_DECISIONS) return NO_DECISIONS;
  const stale: StaleDecision[] = [];
  const anchored = <T extends SpanRef>(kind: 'added' | 'removed', list: readonly T[]): Map<string, Array<T & { at: { start: number; end: number } }>> => {
    const out = new Map<string, Array<T & { at: { start: number; end: number } }>>();
    for (const e of list) {
      const doc = docOf(e.file);
      const text = doc === undefined ? undefined : textOf(doc);
      if (doc === undefined || text === undefined) {
        stale.push({ kind, entry: e, reason: `${e.file} is not an article of the corpus` });
        continue;
      }
      const at = anchorSpan(text, e);
      if (!at) {
        stale.push({ kind, entry: e, reason: `«${e.text}» is no longer in ${e.file}` });
        continue;
      }
      const l = out.get(doc) ?? [];
      l.push({ ...e, at });
      out.set(doc, l);
    }
    return out;
  };
  const added = anchored<AddedEntity>('added', d.added);
  const removed = anchored<SpanRef>('removed', d.removed);
  const notEntity = new Set(d.notEntities.map(formKey));
  const cannot = new Set(d.keepSeparate.map(([a, b]) => pairKey(a, b)));

  // Must-link groups: one per actor the annotator defined, plus manual entities naming an actor.
  const groups: Group[] = [];
  const byName = new Map<string, Group>();
  for (const a of d.actors) {
    const forms = [...new Set([a.canonical, ...(a.aliases ?? [])].map(formKey))];
    const g: Group = { forms, type: a.type, override: { ...(a.id !== undefined ? { id: a.id } : {}), canonical: a.canonical, ...(a.type ? { type: a.type } : {}), accepted: new Set([a.canonical, ...(a.aliases ?? [])]) } };
    groups.push(g);
    if (a.id !== undefined) byName.set('id:' + a.id, g);
    byName.set('name:' + formKey(a.canonical), g);
  }
  for (const list of added.values()) {
    for (const e of list) {
      const key = formKey(e.text);
      if (e.actor === undefined) continue;
      let g = byName.get('id:' + e.actor) ?? byName.get('name:' + formKey(e.actor));
      if (!g) {
        g = { forms: [formKey(e.actor)], type: e.type, override: { canonical: e.actor, type: e.type, accepted: new Set([e.actor]) } };
        groups.push(g);
        byName.set('name:' + formKey(e.actor), g);
      }
      if (!g.forms.includes(key)) g.forms.push(key);
    }
  }
  const groupOfForm = new Map<string, Group>();
  for (const g of groups) for (const f of g.forms) if (!groupOfForm.has(f)) groupOfForm.set(f, g);

  const constraints: ClusterConstraints | undefined =
    cannot.size === 0 && groups.length === 0
      ? undefined
      : {
          cannotLink: (a, b) => cannot.size > 0 && cannot.has(pairKey(a, b)),
          mustLink: groups,
        };

  return {
    empty: false,
    drops(doc, m) {
      if (notEntity.has(m.key)) return true;
      for (const r of removed.get(doc) ?? []) if (overlaps(m, r.at)) return true;
      for (const e of added.get(doc) ?? []) if (overlaps(m, e.at)) return true;
      return false;
    },
    manualMentions(a) {
      const out: Mention[] = [];
      for (const e of added.get(a.doc) ?? []) {
        const m = manualMention(a, e.at.start, e.at.end, e.type);
        if (m) out.push(m);
      }
      return out;
    },
    formType: (key) => groupOfForm.get(key)?.type,
    constraints,
    actorOverride(formKeys) {
      for (const k of formKeys) {
        const g = groupOfForm.get(k);
        if (g?.override) return g.override;
      }
      return undefined;
    },
    stale,
  };
}

export const NO_DECISIONS: DecisionHooks = {
  empty: true,
  drops: () => false,
  manualMentions: () => [],
  formType: () => undefined,
  constraints: undefined,
  actorOverride: () => undefined,
  stale: [],
};
