/**
 * The annotator's actions as pure edits of the decisions: each takes decisions and returns new ones (the server
 * writes them to the file, so every action is an ordinary, undoable edit of that file). Actors are named by a
 * reference to a resolved actor (its id and spellings); the decisions entry that describes it is found by id or
 * by any shared spelling, and created (with the actor's current id stored as its stable id) when there is none.
 */
import { ActorType } from '../model';
import { AddedEntity, DecisionActor, Decisions, SpanRef } from './types';
import { formKey } from './names';
import { canonicalizeDecisions, pairKey, spanKey } from './serialize';

export interface ActorRef {
  readonly id: string;
  readonly canonical: string;
  readonly type: ActorType;
  /** Spellings as written. */
  readonly variants: readonly string[];
}

/** Index of the decisions entry of an actor, or -1. */
export function findActorEntry(d: Decisions, ref: Pick<ActorRef, 'id' | 'canonical' | 'variants'>): number {
  const byId = d.actors.findIndex((a) => a.id !== undefined && a.id === ref.id);
  if (byId >= 0) return byId;
  const keys = new Set([ref.canonical, ...ref.variants].map(formKey));
  return d.actors.findIndex((a) => [a.canonical, ...(a.aliases ?? [])].some((s) => keys.has(formKey(s))));
}

function withActor(d: Decisions, ref: ActorRef, change: (a: DecisionActor) => DecisionActor): Decisions {
  const i = findActorEntry(d, ref);
  const actors = [...d.actors];
  const current: DecisionActor = i >= 0 ? actors[i]! : { id: ref.id, canonical: ref.canonical };
  const next = change(current);
  if (i >= 0) actors[i] = next;
  else actors.push(next);
  return canonicalizeDecisions({ ...d, actors });
}

const addAliases = (a: DecisionActor, spellings: readonly string[]): DecisionActor => {
  const aliases = [...new Set([...(a.aliases ?? []), ...spellings])].filter((s) => s !== a.canonical);
  return { ...a, ...(aliases.length ? { aliases } : {}) };
};

/**
 * Marks spans as entities of an actor: an existing one (`actor` given) or a new one named by the first span.
 * Removed/not-an-entity decisions about the same spans or spelling are taken back.
 */
export function markEntities(d: Decisions, spans: readonly SpanRef[], type: ActorType, actor?: ActorRef): { decisions: Decisions; actorId: string } {
  if (spans.length === 0) return { decisions: d, actorId: actor?.id ?? '' };
  let next = d;
  let actorId: string;
  if (actor) {
    next = withActor(next, actor, (a) => addAliases({ ...a, id: a.id ?? actor.id }, spans.map((s) => s.text).filter((t) => formKey(t) !== formKey(a.canonical))));
    actorId = next.actors[findActorEntry(next, actor)]!.id ?? actor.canonical;
  } else {
    const canonical = spans[0]!.text;
    const taken = new Set(d.actors.map((a) => a.id).filter((x): x is string => x !== undefined));
    const base = `actor:${type}:${formKey(canonical).replace(/\s+/g, '_')}`;
    actorId = base;
    for (let n = 2; taken.has(actorId); n++) actorId = `${base}#${n}`;
    const existing = findActorEntry(next, { id: actorId, canonical, variants: [] });
    if (existing >= 0) {
      const a = next.actors[existing]!;
      actorId = a.id ?? a.canonical;
      next = canonicalizeDecisions({ ...next, actors: next.actors.map((x, i) => (i === existing ? { ...x, type } : x)) });
    } else next = canonicalizeDecisions({ ...next, actors: [...next.actors, { id: actorId, canonical, type }] });
  }
  const keys = new Set(spans.map(spanKey));
  const forms = new Set(spans.map((s) => formKey(s.text)));
  const added: AddedEntity[] = [...next.added.filter((e) => !keys.has(spanKey(e))), ...spans.map((s) => ({ file: s.file, start: s.start, end: s.end, text: s.text, type, actor: actorId }))];
  return {
    decisions: canonicalizeDecisions({
      ...next,
      added,
      removed: next.removed.filter((r) => !keys.has(spanKey(r))),
      notEntities: next.notEntities.filter((s) => !forms.has(formKey(s))),
    }),
    actorId,
  };
}

/** Removes a mention: takes back a manual entity at that span, else records the removal. */
export function removeMention(d: Decisions, span: SpanRef): Decisions {
  const k = spanKey(span);
  if (d.added.some((e) => spanKey(e) === k)) return canonicalizeDecisions({ ...d, added: d.added.filter((e) => spanKey(e) !== k) });
  return canonicalizeDecisions({ ...d, removed: [...d.removed, { file: span.file, start: span.start, end: span.end, text: span.text }] });
}

export function setCanonical(d: Decisions, ref: ActorRef, spelling: string): Decisions {
  return withActor(d, ref, (a) => {
    const aliases = [...new Set([...(a.aliases ?? []), a.canonical])].filter((s) => s !== spelling);
    return { ...a, id: a.id ?? ref.id, canonical: spelling, ...(aliases.length ? { aliases } : { aliases: undefined }) };
  });
}

/** A spelling the annotator accepts for an actor (an alias): it is no longer reported as a variant. */
export function acceptSpelling(d: Decisions, ref: ActorRef, spelling: string): Decisions {
  return withActor(d, ref, (a) => addAliases({ ...a, id: a.id ?? ref.id }, [spelling]));
}

export function setType(d: Decisions, ref: ActorRef, type: ActorType): Decisions {
  return withActor(d, ref, (a) => ({ ...a, id: a.id ?? ref.id, type }));
}

/** `other` becomes part of `target`: its spellings are aliases of target, its entry (if any) folded in. */
export function mergeActors(d: Decisions, target: ActorRef, other: ActorRef): Decisions {
  const oi = findActorEntry(d, other);
  const ti = findActorEntry(d, target);
  const otherEntry = oi >= 0 && oi !== ti ? d.actors[oi] : undefined;
  const base: Decisions = otherEntry ? { ...d, actors: d.actors.filter((_, i) => i !== oi) } : d;
  const spellings = [other.canonical, ...other.variants, ...(otherEntry ? [otherEntry.canonical, ...(otherEntry.aliases ?? [])] : [])];
  const forms = new Set([target.canonical, ...target.variants, ...spellings].map(formKey));
  const merged = withActor(base, target, (a) => addAliases({ ...a, id: a.id ?? target.id }, spellings.filter((s) => formKey(s) !== formKey(a.canonical))));
  const targetId = merged.actors[findActorEntry(merged, target)]!.id!;
  const otherIds = new Set([other.id, otherEntry?.id, otherEntry?.canonical, other.canonical].filter((x): x is string => x !== undefined));
  return canonicalizeDecisions({
    ...merged,
    keepSeparate: merged.keepSeparate.filter(([a, b]) => !(forms.has(formKey(a)) && forms.has(formKey(b)))),
    added: merged.added.map((e) => (e.actor !== undefined && otherIds.has(e.actor) ? { ...e, actor: targetId } : e)),
  });
}

/** Two spellings are different actors: a keep-separate pair; the spelling leaves the aliases of the other's actor. */
export function keepSeparate(d: Decisions, spelling: string, other: string): Decisions {
  const k = pairKey(spelling, other);
  const a = formKey(spelling);
  const b = formKey(other);
  const actors = d.actors.map((x) => {
    const spellings = [x.canonical, ...(x.aliases ?? [])].map(formKey);
    if (!spellings.includes(a) || !spellings.includes(b)) return x;
    // The entry names both: the spelling that is not its canonical one leaves it.
    const leaving = formKey(x.canonical) === a ? b : a;
    const aliases = (x.aliases ?? []).filter((s) => formKey(s) !== leaving);
    return { ...x, ...(aliases.length ? { aliases } : { aliases: undefined }) };
  });
  if (d.keepSeparate.some(([x, y]) => pairKey(x, y) === k)) return canonicalizeDecisions({ ...d, actors });
  return canonicalizeDecisions({ ...d, actors, keepSeparate: [...d.keepSeparate, [spelling, other] as const] });
}

export function markNotEntity(d: Decisions, spelling: string): Decisions {
  const k = formKey(spelling);
  if (d.notEntities.some((s) => formKey(s) === k)) return d;
  return canonicalizeDecisions({ ...d, notEntities: [...d.notEntities, spelling], added: d.added.filter((e) => formKey(e.text) !== k) });
}
