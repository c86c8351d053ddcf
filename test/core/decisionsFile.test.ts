/** Decisions file: parse + validate (with locations), stable serialization, three-way merge, JSON Schema agreement. */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import Ajv from 'ajv';
import { parseDecisions } from '../../server/src/core/decisions/parse';
import { canonicalizeDecisions, serializeDecisions } from '../../server/src/core/decisions/serialize';
import { mergeDecisions } from '../../server/src/core/decisions/merge';
import { Decisions, EMPTY_DECISIONS } from '../../server/src/core/decisions/types';
import { formKey } from '../../server/src/core/decisions/names';
import { ROOT } from './helpers';

const names = ['فايز السراج', 'فائز السراج', 'السراج', 'خليفة حفتر', 'حفتر', 'الأمم المتحدة', 'مصراتة', 'Sputnik', 'نورُالدين بوزيّان', 'غسان سلامة'];
const files = ['a.txt', 'dir/b.arnews', 'ج.txt'];
const type = fc.constantFrom('person' as const, 'organization' as const, 'place' as const);
const span = fc.record({ file: fc.constantFrom(...files), start: fc.nat(500), text: fc.constantFrom(...names) }).map((s) => ({ ...s, end: s.start + s.text.length }));
const decisionsArb: fc.Arbitrary<Decisions> = fc
  .record({
    actors: fc.uniqueArray(fc.record({ canonical: fc.constantFrom(...names), type: fc.option(type, { nil: undefined }), id: fc.option(fc.constantFrom('actor:person:x', 'actor:place:y', 'a1'), { nil: undefined }) }), {
      maxLength: 3,
      selector: (a) => formKey(a.canonical),
    }),
    keepSeparate: fc.array(fc.tuple(fc.constantFrom(...names.slice(0, 5)), fc.constantFrom(...names.slice(5))), { maxLength: 3 }),
    notEntities: fc.array(fc.constantFrom(...names), { maxLength: 3 }),
    added: fc.array(fc.tuple(span, type, fc.option(fc.constantFrom(...names), { nil: undefined })).map(([s, t, a]) => ({ ...s, type: t, ...(a ? { actor: a } : {}) })), { maxLength: 4 }),
    removed: fc.array(span, { maxLength: 4 }),
  })
  .map((r) => {
    // Each id once, and every spelling names one actor (as the validator requires).
    const seen = new Set<string>();
    const actors = r.actors.map((a) => {
      const id = a.id && !seen.has(a.id) ? (seen.add(a.id), a.id) : undefined;
      return { canonical: a.canonical, ...(a.type ? { type: a.type } : {}), ...(id ? { id } : {}) };
    });
    return { version: 1 as const, ...r, actors };
  });

describe('decisions file: parse and validate', () => {
  it('an empty file is no decisions', () => {
    assert.deepEqual(parseDecisions('').decisions, EMPTY_DECISIONS);
    assert.deepEqual(parseDecisions('  \n').problems, []);
  });

  it('invalid JSON is an error at its place, and no decisions', () => {
    const text = '{\n  "version": 1,\n  "actors": [ { "canonical": "حفتر" } \n}';
    const r = parseDecisions(text);
    assert.equal(r.decisions, undefined);
    assert.ok(r.problems.length > 0);
    assert.match(r.problems[0]!.message, /Invalid JSON/);
    assert.ok(r.problems[0]!.start >= text.indexOf('}') - 2, `error at ${r.problems[0]!.start}`);
  });

  it('comments and trailing commas are errors (the file is JSON)', () => {
    assert.equal(parseDecisions('{ "version": 1, // x\n }').decisions, undefined);
    assert.equal(parseDecisions('{ "version": 1, }').decisions, undefined);
  });

  it('schema errors point at the wrong value with a clear message', () => {
    const text = '{ "version": 1, "actors": [ { "canonical": "حفتر", "type": "human" } ], "added": [ { "file": "a.txt", "start": 5, "end": 3, "text": "x", "type": "person" } ], "colour": 1 }';
    const r = parseDecisions(text);
    assert.equal(r.decisions, undefined);
    const at = (needle: string): number => text.indexOf(needle);
    const byStart = new Map(r.problems.map((p) => [p.start, p.message]));
    assert.match(byStart.get(at('"human"')) ?? '', /"type" must be "person", "organization" or "place"/);
    assert.match(byStart.get(at('3,')) ?? '', /"end" must be greater than "start"/);
    assert.match(byStart.get(at('"colour"')) ?? '', /Unknown property "colour"/);
  });

  it('text that does not fit its span, a missing version, a spelling in two actors', () => {
    assert.match(parseDecisions('{ "removed": [ { "file": "a.txt", "start": 0, "end": 3, "text": "حفتر" } ], "version": 1 }').problems[0]!.message, /4 UTF-16 code units but the span has 3/);
    assert.match(parseDecisions('{ "actors": [] }').problems[0]!.message, /Missing "version"/);
    const two = parseDecisions('{ "version": 1, "actors": [ { "canonical": "فايز السراج" }, { "canonical": "حفتر", "aliases": ["فايز  السرّاج"] } ] }');
    assert.equal(two.decisions, undefined);
    assert.match(two.problems[0]!.message, /also belongs to the actor «فايز السراج»/);
  });

  it('serialize ∘ parse is the identity on what serialize writes (property)', () => {
    fc.assert(
      fc.property(decisionsArb, (d) => {
        const text = serializeDecisions(d);
        const back = parseDecisions(text);
        assert.deepEqual(back.problems.filter((p) => p.severity === 'error'), [], text);
        assert.deepEqual(back.decisions, canonicalizeDecisions(d));
        assert.equal(serializeDecisions(back.decisions!), text);
      }),
      { numRuns: 300 },
    );
  });

  it('two entries for one span with different texts keep the same one whatever their order', () => {
    const x = { file: 'a.txt', start: 10, end: 20, text: 'كوفي عنان', type: 'person' as const };
    const y = { ...x, text: 'انجيلا ميركل' };
    const one = serializeDecisions({ ...EMPTY_DECISIONS, added: [x, y], removed: [x, y] });
    const two = serializeDecisions({ ...EMPTY_DECISIONS, added: [y, x], removed: [y, x] });
    assert.equal(one, two);
    assert.equal(one.split('\n').filter((l) => l.includes('"start": 10')).length, 2, 'one entry per span in each section');
  });

  it('merging keeps the entry a file would keep when a side repeats a span', () => {
    const x = { file: 'a.txt', start: 10, end: 20, text: 'كوفي عنان', type: 'person' as const };
    const y = { ...x, text: 'انجيلا ميركل' };
    const theirs: Decisions = { ...EMPTY_DECISIONS, added: [x, y] };
    assert.deepEqual(mergeDecisions(EMPTY_DECISIONS, EMPTY_DECISIONS, theirs), canonicalizeDecisions(theirs));
    assert.deepEqual(mergeDecisions(EMPTY_DECISIONS, { ...EMPTY_DECISIONS, added: [y, x] }, EMPTY_DECISIONS), canonicalizeDecisions(theirs));
  });

  it('ordering is stable: any permutation of the entries serializes the same (property)', () => {
    fc.assert(
      fc.property(decisionsArb, fc.integer(), (d, seed) => {
        const shuffle = <T>(a: readonly T[]): T[] => {
          const out = [...a];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const p: Decisions = { ...d, actors: shuffle(d.actors), keepSeparate: shuffle(d.keepSeparate.map(([a, b]) => [b, a] as const)), notEntities: shuffle(d.notEntities), added: shuffle(d.added), removed: shuffle(d.removed) };
        assert.equal(serializeDecisions(p), serializeDecisions(d));
      }),
      { numRuns: 200 },
    );
  });

  it('one entry per line: adding one decision adds one line to the diff', () => {
    const d: Decisions = { ...EMPTY_DECISIONS, removed: [{ file: 'a.txt', start: 0, end: 4, text: 'حفتر' }] };
    const before = serializeDecisions(d).split('\n');
    const after = serializeDecisions({ ...d, removed: [...d.removed, { file: 'a.txt', start: 10, end: 14, text: 'حفتر' }] }).split('\n');
    assert.equal(after.length, before.length + 1);
    assert.equal(after.filter((l) => !before.includes(l)).length, 2); // the new line, and the previous last line gains a comma
  });
});

describe('decisions file: three-way merge', () => {
  const canon = canonicalizeDecisions;
  it('merge(base, base, theirs) = theirs and merge(base, ours, base) = ours (property)', () => {
    fc.assert(
      fc.property(decisionsArb, decisionsArb, (b, t) => {
        assert.deepEqual(mergeDecisions(b, b, t), canon(t));
        assert.deepEqual(mergeDecisions(b, t, b), canon(t));
        assert.deepEqual(mergeDecisions(b, t, t), canon(t));
      }),
      { numRuns: 200 },
    );
  });

  it('additions on both sides are kept, deletions on either side are applied (property)', () => {
    fc.assert(
      fc.property(decisionsArb, decisionsArb, decisionsArb, (b, o, t) => {
        const m = mergeDecisions(b, o, t);
        const has = (d: Decisions, s: string): boolean => d.notEntities.includes(s);
        for (const s of new Set([...o.notEntities, ...t.notEntities, ...b.notEntities])) {
          const expected = (has(o, s) && has(t, s)) || (has(o, s) && !has(b, s)) || (has(t, s) && !has(b, s));
          assert.equal(has(m, s), expected, s);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a concurrent hand edit and an action both survive', () => {
    const base: Decisions = { ...EMPTY_DECISIONS, notEntities: ['المنظمة'] };
    const ours: Decisions = { ...base, keepSeparate: [['فايز السراج', 'فائز السراج']] };
    const theirs: Decisions = { ...base, notEntities: [], actors: [{ canonical: 'خليفة حفتر', type: 'person' }] };
    const m = mergeDecisions(base, ours, theirs);
    assert.deepEqual(m.notEntities, []);
    assert.equal(m.keepSeparate.length, 1);
    assert.equal(m.actors.length, 1);
  });
});

describe('decisions file: the shipped JSON Schema agrees with the validator', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/annotations.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true }).compile(schema);
  it('everything the serializer writes is valid under the schema (property)', () => {
    fc.assert(
      fc.property(decisionsArb, (d) => {
        assert.ok(validate(JSON.parse(serializeDecisions(d))), JSON.stringify(validate.errors));
      }),
      { numRuns: 200 },
    );
  });
  it('structural errors are rejected by both', () => {
    const bad = [
      { version: 2 },
      { actors: [] },
      { version: 1, actors: [{ type: 'person' }] },
      { version: 1, actors: [{ canonical: 'x', type: 'human' }] },
      { version: 1, keepSeparate: [['a']] },
      { version: 1, notEntities: [''] },
      { version: 1, added: [{ file: 'a.txt', start: 0, end: 1, text: 'x' }] },
      { version: 1, removed: [{ file: 'a.txt', start: -1, end: 1, text: 'x' }] },
      { version: 1, removed: [{ file: 'a.txt', start: 0.5, end: 1, text: 'x' }] },
      { version: 1, other: [] },
    ];
    for (const b of bad) {
      assert.equal(validate(b), false, `schema accepts ${JSON.stringify(b)}`);
      assert.equal(parseDecisions(JSON.stringify(b)).decisions, undefined, `validator accepts ${JSON.stringify(b)}`);
    }
  });
});
