/**
 * Imports annotations (brat standoff or the JSONL export) into the decisions, so that the corpus resolves to
 * exactly the imported entities: imported spans the analysis does not produce become manual entities, mentions
 * the import does not have become removals, and where the analysis groups or names actors differently from the
 * import, actor entries (with the imported id, canonical spelling, type and spellings) and keep-separate pairs are
 * added. The result is verified by resolving again; what still differs is reported, never silently lost.
 */
import { ActorType, ACTOR_TYPES } from '../model';
import type { CorpusIndex } from '../corpus/corpusIndex';
import { AddedEntity, DecisionActor, Decisions, SpanRef } from '../decisions/types';
import { canonicalizeDecisions, pairKey, spanKey } from '../decisions/serialize';
import { formKey } from '../decisions/names';
import { documentEntities } from './entities';
import { BRAT_NORMALIZATION_DB } from './brat';

export interface ImportedEntity {
  readonly start: number;
  readonly end: number;
  readonly type: ActorType;
  readonly text: string;
  readonly actor?: string;
  readonly canonical?: string;
}

export interface ImportedDocument {
  readonly path: string;
  readonly entities: readonly ImportedEntity[];
}

export interface ImportProblem {
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

const BRAT_TYPES: Record<string, ActorType> = { PERS: 'person', PER: 'person', PERSON: 'person', ORG: 'organization', ORGANIZATION: 'organization', LOC: 'place', GPE: 'place', LOCATION: 'place' };

/** Reads the JSONL export: one `{"path","entities":[…]}` per line. */
export function parseJsonlImport(text: string, source = 'jsonl'): { documents: ImportedDocument[]; problems: ImportProblem[] } {
  const documents: ImportedDocument[] = [];
  const problems: ImportProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      problems.push({ path: source, line: i + 1, message: `not JSON: ${(e as Error).message}` });
      return;
    }
    const o = v as { path?: unknown; entities?: unknown };
    if (typeof o.path !== 'string' || !Array.isArray(o.entities)) {
      problems.push({ path: source, line: i + 1, message: 'expected {"path": "…", "entities": [ … ]}' });
      return;
    }
    const entities: ImportedEntity[] = [];
    for (const e of o.entities as Array<Record<string, unknown>>) {
      if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || typeof e.text !== 'string' || !ACTOR_TYPES.includes(e.type as ActorType)) {
        problems.push({ path: o.path, line: i + 1, message: `entity ${JSON.stringify(e)} needs integer start/end, text and a type person|organization|place` });
        continue;
      }
      entities.push({ start: e.start as number, end: e.end as number, type: e.type as ActorType, text: e.text, ...(typeof e.actor === 'string' ? { actor: e.actor } : {}), ...(typeof e.canonical === 'string' ? { canonical: e.canonical } : {}) });
    }
    documents.push({ path: o.path, entities });
  });
  return { documents, problems };
}

/** Reads one brat `.ann` file of an article (code point offsets converted to UTF-16). */
export function parseBratImport(path: string, articleText: string, ann: string): { document: ImportedDocument; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const utf16: number[] = [];
  for (let i = 0; i < articleText.length; ) {
    utf16.push(i);
    const c = articleText.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
  }
  utf16.push(articleText.length);
  const ts = new Map<string, { start: number; end: number; type: ActorType; text: string }>();
  const refs = new Map<string, { actor: string; canonical: string }>();
  ann.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    const cols = line.split('\t');
    if (line.startsWith('T')) {
      const [id, spec, surface] = cols;
      const [label, ...offs] = (spec ?? '').split(' ');
      const type = BRAT_TYPES[(label ?? '').toUpperCase()];
      if (!type) {
        problems.push({ path, line: i + 1, message: `entity type "${label}" is not a person, organization or place (PERS/PER, ORG, LOC/GPE): not imported` });
        return;
      }
      const nums = offs.join(' ').split(';').map((p) => p.trim().split(' ').map(Number));
      if (nums.length !== 1 || nums[0]!.length !== 2 || nums[0]!.some((n) => !Number.isInteger(n) || n < 0 || n >= utf16.length)) {
        problems.push({ path, line: i + 1, message: `offsets "${offs.join(' ')}" are not one span of this article (discontinuous spans are not supported): not imported` });
        return;
      }
      const start = utf16[nums[0]![0]!]!;
      const end = utf16[nums[0]![1]!]!;
      const text = articleText.slice(start, end);
      if (surface !== undefined && surface !== text) {
        problems.push({ path, line: i + 1, message: `the article has «${text}» at ${nums[0]![0]}–${nums[0]![1]}, not «${surface}»: not imported` });
        return;
      }
      ts.set(id!, { start, end, type, text });
    } else if (line.startsWith('N')) {
      const m = /^Reference (T\d+) ([^:\s]+):(\S+)$/.exec(cols[1] ?? '');
      if (!m) {
        problems.push({ path, line: i + 1, message: 'normalization line not understood (expected "Reference T<n> <db>:<id>")' });
        return;
      }
      if (m[2] === BRAT_NORMALIZATION_DB) refs.set(m[1]!, { actor: m[3]!, canonical: cols[2] ?? '' });
    }
  });
  const entities: ImportedEntity[] = [...ts].map(([id, t]) => {
    const r = refs.get(id);
    return r ? { ...t, actor: r.actor, ...(r.canonical ? { canonical: r.canonical } : {}) } : t;
  });
  return { document: { path, entities: entities.sort((a, b) => a.start - b.start || a.end - b.end) }, problems };
}

export interface ImportReport {
  readonly documents: number;
  readonly entities: number;
  readonly added: number;
  readonly removed: number;
  readonly actors: number;
  readonly keepSeparate: number;
  /** Imported entities whose text is not the article's text at their offsets, unknown documents … */
  readonly problems: readonly ImportProblem[];
  /** What still differs after importing (listed so nothing is lost silently). */
  readonly differences: readonly string[];
}

interface Target {
  readonly doc: string;
  readonly file: string;
  readonly entities: ImportedEntity[];
}

/**
 * `fileOf(path)`: the decisions-file path and document id of an imported document's path, or undefined when it
 * is not an article of the corpus. The index's own decisions are left as they were.
 */
export function importAnnotations(
  index: CorpusIndex,
  decisions: Decisions,
  documents: readonly ImportedDocument[],
  fileOf: (path: string) => { doc: string; file: string } | undefined,
  docOf: (file: string) => string | undefined,
): { decisions: Decisions; report: ImportReport } {
  const original = index.getDecisions();
  const problems: ImportProblem[] = [];
  const targets: Target[] = [];
  for (const d of documents) {
    const where = fileOf(d.path);
    const text = where ? index.text(where.doc) : undefined;
    if (!where || text === undefined) {
      problems.push({ path: d.path, message: `not an article of the corpus: its ${d.entities.length} entities are not imported` });
      continue;
    }
    const ok = d.entities.filter((e) => {
      if (text.slice(e.start, e.end) === e.text && e.end > e.start) return true;
      problems.push({ path: d.path, message: `«${e.text}» is not the article's text at ${e.start}–${e.end} («${text.slice(e.start, e.end)}»): not imported` });
      return false;
    });
    targets.push({ doc: where.doc, file: where.file, entities: ok });
  }
  const resolveWith = (d: Decisions) => {
    index.setDecisions(d, docOf);
    return index.resolve();
  };
  let d = canonicalizeDecisions(decisions);
  let added = 0;
  let removed = 0;
  try {
    // 1. Spans: exactly the imported entities in each imported document.
    let snap = resolveWith(d);
    const addList: AddedEntity[] = [...d.added];
    const removeList: SpanRef[] = [...d.removed];
    for (const t of targets) {
      const want = new Map(t.entities.map((e) => [`${e.start}:${e.end}`, e]));
      const have = new Map(snap.mentions(t.doc).map((m) => [`${m.start}:${m.end}`, m]));
      for (const [k, m] of have) {
        if (want.has(k)) continue;
        const span = { file: t.file, start: m.start, end: m.end, text: m.text };
        const i = addList.findIndex((a) => spanKey(a) === spanKey(span));
        if (i >= 0) addList.splice(i, 1);
        else removeList.push(span);
        removed++;
      }
      for (const [k, e] of want) {
        const m = have.get(k);
        if (m && snap.actorOf(m).type === e.type) continue;
        addList.push({ file: t.file, start: e.start, end: e.end, text: e.text, type: e.type });
        added++;
      }
    }
    const wanted = new Set(targets.flatMap((t) => t.entities.map((e) => spanKey({ file: t.file, start: e.start, end: e.end, text: e.text }))));
    d = canonicalizeDecisions({ ...d, added: addList, removed: removeList.filter((r) => !wanted.has(spanKey(r))) });

    // 2. Actors: grouping, canonical spelling, type and id as imported (a few rounds: one fix can move others).
    const groups = new Map<string, { canonical: string; type: ActorType; spellings: Set<string>; spans: Array<{ doc: string; start: number; end: number }> }>();
    for (const t of targets) {
      for (const e of t.entities) {
        const id = e.actor ?? `\u0001${t.file}:${e.start}`; // no actor: an actor of its own
        const g = groups.get(id) ?? { canonical: e.canonical ?? e.text, type: e.type, spellings: new Set<string>(), spans: [] };
        g.spellings.add(e.text);
        g.spans.push({ doc: t.doc, start: e.start, end: e.end });
        groups.set(id, g);
      }
    }
    for (let round = 0; round < 3; round++) {
      snap = resolveWith(d);
      const actorOfSpan = (s: { doc: string; start: number; end: number }) => {
        const m = snap.mentions(s.doc).find((x) => x.start === s.start && x.end === s.end);
        return m ? snap.actorOf(m) : undefined;
      };
      const owners = new Map<string, Set<string>>(); // snapshot actor → imported groups
      let changed = false;
      const actors = [...d.actors];
      const pairs = [...d.keepSeparate];
      for (const [id, g] of groups) {
        const found = new Set(g.spans.map((s) => actorOfSpan(s)?.id ?? ''));
        for (const a of found) owners.set(a, (owners.get(a) ?? new Set()).add(id));
        const only = found.size === 1 ? snap.actorById([...found][0]!) : undefined;
        const explicitId = id.startsWith('\u0001') ? undefined : id;
        if (only && (explicitId === undefined || only.id === explicitId) && only.canonical === g.canonical && only.type === g.type) continue;
        const entry: DecisionActor = { ...(explicitId ? { id: explicitId } : {}), canonical: g.canonical, type: g.type, aliases: [...g.spellings].filter((s) => s !== g.canonical) };
        const keys = new Set([g.canonical, ...g.spellings].map(formKey));
        const i = actors.findIndex((a) => (explicitId !== undefined && a.id === explicitId) || [a.canonical, ...(a.aliases ?? [])].some((s) => keys.has(formKey(s))));
        if (i >= 0 && JSON.stringify(canonicalizeDecisions({ ...d, actors: [actors[i]!] }).actors) === JSON.stringify(canonicalizeDecisions({ ...d, actors: [entry] }).actors)) continue;
        if (i >= 0) actors[i] = entry;
        else actors.push(entry);
        changed = true;
      }
      // Imported groups that the analysis put into one actor are kept apart.
      for (const ids of owners.values()) {
        const list = [...ids];
        for (let x = 0; x < list.length; x++) {
          for (let y = x + 1; y < list.length; y++) {
            const gx = groups.get(list[x]!)!;
            const gy = groups.get(list[y]!)!;
            for (const a of gx.spellings) for (const b of gy.spellings) {
              if (formKey(a) === formKey(b) || pairs.some(([p, q]) => pairKey(p, q) === pairKey(a, b))) continue;
              pairs.push([a, b]);
              changed = true;
            }
          }
        }
      }
      d = canonicalizeDecisions({ ...d, actors, keepSeparate: pairs });
      if (!changed) break;
    }

    // 3. Verify: what still differs is reported.
    snap = resolveWith(d);
    const differences: string[] = [];
    for (const t of targets) {
      const got = documentEntities(snap, t.doc);
      const key = (e: { start: number; end: number; type: string }) => `${e.start}:${e.end}:${e.type}`;
      const want = new Map(t.entities.map((e) => [key(e), e]));
      const have = new Map(got.map((e) => [key(e), e]));
      for (const [k, e] of want) {
        const h = have.get(k);
        if (!h) differences.push(`${t.file}: «${e.text}» (${e.type}) at ${e.start}–${e.end} is not an entity after import`);
        else if (e.actor !== undefined && h.actor !== e.actor) differences.push(`${t.file}: «${e.text}» at ${e.start}–${e.end} belongs to ${h.actor}, not ${e.actor}`);
        else if (e.canonical !== undefined && h.canonical !== e.canonical) differences.push(`${t.file}: the actor of «${e.text}» is spelled «${h.canonical}», not «${e.canonical}»`);
      }
      for (const [k, e] of have) if (!want.has(k)) differences.push(`${t.file}: «${e.text}» at ${e.start}–${e.end} is an entity that the import does not have`);
    }
    return {
      decisions: d,
      report: {
        documents: targets.length,
        entities: targets.reduce((n, t) => n + t.entities.length, 0),
        added,
        removed,
        actors: d.actors.length - decisions.actors.length,
        keepSeparate: d.keepSeparate.length - decisions.keepSeparate.length,
        problems,
        differences,
      },
    };
  } finally {
    index.setDecisions(original.d, original.docOf);
  }
}
