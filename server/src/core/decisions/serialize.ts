/**
 * Stable serialization of decisions: sections in a fixed order, entries sorted and de-duplicated, one entry
 * per line, so that every decision is one line of a git diff. `serializeDecisions(parse(x))` is `x` for any
 * file this module wrote, and parsing what it writes gives the same decisions back.
 */
import { ACTOR_TYPES } from '../model';
import { AddedEntity, DecisionActor, Decisions, DECISIONS_VERSION, SpanRef } from './types';
import { formKey } from './names';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpSpan = (a: SpanRef, b: SpanRef): number => cmp(a.file, b.file) || a.start - b.start || a.end - b.end || cmp(a.text, b.text);
const typeRank = (t: string | undefined): number => (t === undefined ? -1 : ACTOR_TYPES.indexOf(t as never));

export function spanKey(s: SpanRef): string {
  return `${s.file}\u0000${s.start}\u0000${s.end}`;
}

export function pairKey(a: string, b: string): string {
  const [x, y] = [formKey(a), formKey(b)].sort(cmp);
  return `${x}\u0000${y}`;
}

/**
 * Keeps one entry per key; of entries that share a key (a hand-edited file may repeat a span with
 * another text), the one whose written line sorts first, so the result never depends on file order.
 */
function setFirst<T>(map: Map<string, T>, key: string, value: T): void {
  const old = map.get(key);
  if (old === undefined || cmp(line(value), line(old)) < 0) map.set(key, value);
}

/** Sorted, de-duplicated decisions (the order `serializeDecisions` writes). */
export function canonicalizeDecisions(d: Decisions): Decisions {
  const actors = new Map<string, DecisionActor>();
  for (const a of d.actors) {
    const aliases = [...new Set((a.aliases ?? []).filter((x) => x !== a.canonical))].sort(cmp);
    const clean: DecisionActor = { ...(a.id !== undefined ? { id: a.id } : {}), canonical: a.canonical, ...(a.type ? { type: a.type } : {}), ...(aliases.length ? { aliases } : {}) };
    setFirst(actors, a.id ?? `\u0001${a.canonical}`, clean);
  }
  const pairs = new Map<string, readonly [string, string]>();
  for (const [a, b] of d.keepSeparate) {
    const p = (cmp(a, b) <= 0 ? [a, b] : [b, a]) as [string, string];
    pairs.set(p.join('\u0000'), p);
  }
  const added = new Map<string, AddedEntity>();
  for (const e of d.added) setFirst(added, spanKey(e), { file: e.file, start: e.start, end: e.end, text: e.text, type: e.type, ...(e.actor !== undefined ? { actor: e.actor } : {}) });
  const removed = new Map<string, SpanRef>();
  for (const e of d.removed) setFirst(removed, spanKey(e), { file: e.file, start: e.start, end: e.end, text: e.text });
  return {
    version: DECISIONS_VERSION,
    actors: [...actors.values()].sort((a, b) => typeRank(a.type) - typeRank(b.type) || cmp(a.canonical, b.canonical) || cmp(a.id ?? '', b.id ?? '')),
    keepSeparate: [...pairs.values()].sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1])),
    notEntities: [...new Set(d.notEntities)].sort(cmp),
    added: [...added.values()].sort(cmpSpan),
    removed: [...removed.values()].sort(cmpSpan),
  };
}

/** One-line JSON with a space after `:` and `,` between members (Arabic is written as is, not escaped). */
function line(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(line).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}: ${line(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}

function section(name: string, items: readonly unknown[]): string {
  if (items.length === 0) return `  ${JSON.stringify(name)}: []`;
  return `  ${JSON.stringify(name)}: [\n${items.map((i) => '    ' + line(i)).join(',\n')}\n  ]`;
}

export function serializeDecisions(d: Decisions): string {
  const c = canonicalizeDecisions(d);
  return [
    '{',
    `  "version": ${DECISIONS_VERSION},`,
    section('actors', c.actors) + ',',
    section('keepSeparate', c.keepSeparate) + ',',
    section('notEntities', c.notEntities) + ',',
    section('added', c.added) + ',',
    section('removed', c.removed),
    '}',
    '',
  ].join('\n');
}
