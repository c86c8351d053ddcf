/**
 * Three-way merge of decisions: what we last read from disk (base), what we want to write (ours) and what is on
 * disk now (theirs, e.g. edited by hand or by a `git pull` meanwhile). Every section is a set of entries with an
 * identity (an actor's id or canonical spelling, a span's file and offsets, a pair, a spelling): an entry added
 * on either side is kept, one removed on either side is removed, and when both sides changed the same entry
 * differently ours wins (the edit the user just asked for).
 */
import { AddedEntity, DecisionActor, Decisions, DECISIONS_VERSION, SpanRef } from './types';
import { canonicalizeDecisions, spanKey } from './serialize';

function merge3<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], key: (t: T) => string): T[] {
  const b = new Map(base.map((x) => [key(x), x]));
  const o = new Map(ours.map((x) => [key(x), x]));
  const t = new Map(theirs.map((x) => [key(x), x]));
  const out: T[] = [];
  const same = (x: T | undefined, y: T | undefined): boolean => JSON.stringify(x) === JSON.stringify(y);
  for (const k of new Set([...o.keys(), ...t.keys()])) {
    const inB = b.has(k);
    const vo = o.get(k);
    const vt = t.get(k);
    if (vo !== undefined && vt !== undefined) out.push(same(vo, b.get(k)) ? vt : vo);
    else if (vo !== undefined) {
      if (!inB || !same(vo, b.get(k))) out.push(vo); // added by us, or changed by us while they deleted it
    } else if (vt !== undefined) {
      if (!inB || !same(vt, b.get(k))) out.push(vt);
    }
  }
  return out;
}

const actorKey = (a: DecisionActor): string => a.id ?? `\u0001${a.canonical}`;

export function mergeDecisions(base0: Decisions, ours0: Decisions, theirs0: Decisions): Decisions {
  // Each side de-duplicated the way it is written, so an entry's identity picks the same entry on every side.
  const [base, ours, theirs] = [base0, ours0, theirs0].map(canonicalizeDecisions) as [Decisions, Decisions, Decisions];
  return canonicalizeDecisions({
    version: DECISIONS_VERSION,
    actors: merge3(base.actors, ours.actors, theirs.actors, actorKey),
    keepSeparate: merge3(base.keepSeparate, ours.keepSeparate, theirs.keepSeparate, (p) => [...p].sort().join('\u0000')),
    notEntities: merge3(base.notEntities, ours.notEntities, theirs.notEntities, (s) => s),
    added: merge3<AddedEntity>(base.added, ours.added, theirs.added, spanKey),
    removed: merge3<SpanRef>(base.removed, ours.removed, theirs.removed, spanKey),
  });
}
