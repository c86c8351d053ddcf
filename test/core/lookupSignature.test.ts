/**
 * What propagation reads of a pass's direct evidence (its lookup signature) is worked out, and compared with
 * the last pass's, in steps: at 30,000 articles the registry has tens of thousands of forms, and going
 * through them in one go held the event loop for 35–70 ms after each edit.
 */
import { strict as assert } from 'assert';
import { ActorType } from '../../server/src/core/model';
import { FormTable } from '../../server/src/core/corpus/formTable';
import { ENTRIES_PER_STEP, lookupSignatureSteps, phase1Steps, sameSignatureSteps } from '../../server/src/core/corpus/resolution';

interface Form {
  phase1?: boolean;
  key: string;
  tokens: string[];
  votes: Record<ActorType, number>;
  direct: number;
}

function formsOf(n: number, table: FormTable): Form[] {
  const out: Form[] = [];
  for (let i = 0; i < n; i++) {
    const tokens = i % 3 === 0 ? [`اسم${i}`, `لقب${i}`] : [`اسم${i}`];
    if (i % 6 === 0) table.intern(tokens[1]!); // some multi-word names have all their words in the table
    out.push({ key: tokens.join(' '), tokens, votes: { person: i % 2, organization: 0, place: 1 - (i % 2) }, direct: i % 4 });
  }
  return out;
}

/** The iterable, counting the items taken from it since the last `step()`. */
function counting<T>(items: readonly T[]): { iterable: Iterable<T>; step(): number } {
  let taken = 0;
  return {
    iterable: { *[Symbol.iterator]() { for (const x of items) { taken++; yield x; } } },
    step: () => { const n = taken; taken = 0; return n; },
  };
}

function run<T>(steps: Generator<void, T, void>, between: () => void): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, yields };
    yields++;
    between();
  }
}

describe('lookup signature of a pass, in steps', () => {
  const n = 5 * ENTRIES_PER_STEP + 17;

  it('takes at most ENTRIES_PER_STEP forms of the registry between two yields, and gives every form its code', () => {
    const table = new FormTable();
    const forms = formsOf(n, table);
    const registry = counting(forms);
    let widest = 0;
    const { value, yields } = run(lookupSignatureSteps(registry.iterable, table, ['لقب0', 'لقب3']), () => (widest = Math.max(widest, registry.step())));
    widest = Math.max(widest, registry.step());
    assert.ok(yields >= 5, `${yields} yields`);
    assert.ok(widest <= ENTRIES_PER_STEP, `${widest} forms between two yields`);
    assert.equal(value.forms.size, n);
    // person (0) or place (2), +4 when found directly twice, +8 for several words, +16 when all of them are in the table.
    assert.equal(value.forms.get('اسم0 لقب0'), 2 + 8 + 16);
    assert.equal(value.forms.get('اسم1'), 0);
    assert.equal(value.forms.get('اسم3 لقب3'), 0 + 4 + 8);
    assert.deepEqual([...value.surnames].sort(), ['لقب0', 'لقب3']);
  });

  it('compares two signatures in steps: equal ones, and ones differing in a code, a form or a surname', () => {
    const table = new FormTable();
    const forms = formsOf(n, table);
    const signature = () => run(lookupSignatureSteps(forms, table, ['لقب0']), () => undefined).value;
    const a = signature();
    const same = run(sameSignatureSteps(a, signature()), () => undefined);
    assert.equal(same.value, true);
    assert.ok(same.yields >= 5, `${same.yields} yields`);
    const code = signature();
    (code.forms as Map<string, number>).set('اسم1', 4);
    assert.equal(run(sameSignatureSteps(a, code), () => undefined).value, false);
    const form = signature();
    (form.forms as Map<string, number>).delete('اسم2');
    (form.forms as Map<string, number>).set('اسم2 آخر', 0);
    assert.equal(run(sameSignatureSteps(a, form), () => undefined).value, false);
    const surname = run(lookupSignatureSteps(forms, table, ['لقب3']), () => undefined).value;
    assert.equal(run(sameSignatureSteps(a, surname), () => undefined).value, false);
  });
});

describe('the forms of phase 1 and the surnames they give, in steps', () => {
  it('marks every form, takes at most ENTRIES_PER_STEP of them between two yields, and takes the surname of each full name of a person found directly twice, first come', () => {
    const forms: Form[] = [];
    for (let i = 0; i < 3 * ENTRIES_PER_STEP; i++) forms.push({ key: `اسم${i}`, tokens: [`اسم${i}`], votes: { person: 1, organization: 0, place: 0 }, direct: 3 });
    const full = (given: string, sur: string, person: boolean, direct: number): Form => ({ key: `${given} ${sur}`, tokens: [given, sur], votes: { person: person ? 2 : 0, organization: person ? 0 : 2, place: 0 }, direct });
    forms.splice(10, 0, full('فايز', 'السراج', true, 2), full('خليفة', 'حفتر', true, 1), full('شركة', 'النفط', false, 5));
    forms.push(full('محمد', 'السراج', true, 4), full('أحمد', 'في', true, 4));
    const registry = counting(forms);
    const surnames = new Map<string, string>();
    let widest = 0;
    const { yields } = run(phase1Steps(registry.iterable, surnames), () => (widest = Math.max(widest, registry.step())));
    widest = Math.max(widest, registry.step());
    assert.ok(yields >= 3, `${yields} yields`);
    assert.ok(widest <= ENTRIES_PER_STEP, `${widest} forms between two yields`);
    assert.ok(forms.every((f) => f.phase1 === true));
    // حفتر: found directly once; النفط: not a person; في: a function word; السراج: the first full name's.
    assert.deepEqual([...surnames], [['السراج', 'فايز السراج']]);
  });
});
