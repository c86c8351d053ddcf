/** Behaviour on articles written for these tests (other people, organizations, places than the seeds). */
import * as assert from 'node:assert/strict';
import { actorAt, allFindings, engineOver, UNSEEN } from './helpers';
import { Engine } from '../../server/src/core/engine';

describe('unseen articles', () => {
  let engine: Engine;
  before(() => {
    engine = engineOver(UNSEEN);
  });
  const doc = (n: number): string => `test/fixtures/unseen/a${n}.txt`;

  it('recognizes persons after titles, places and organizations', () => {
    assert.equal(actorAt(engine, doc(3), 'إيمانويل ماكرون')?.actor.type, 'person');
    assert.equal(actorAt(engine, doc(1), 'دارفور')?.actor.type, 'place');
    assert.equal(actorAt(engine, doc(3), 'باريس')?.actor.type, 'place');
    assert.equal(actorAt(engine, doc(4), 'القاهرة')?.actor.type, 'place');
    const org = actorAt(engine, doc(1), 'مجلس الأمن');
    assert.equal(org?.actor.type, 'organization');
  });

  it('recognizes an organization whole, head noun and complement', () => {
    const who = actorAt(engine, doc(5), 'منظمة الصحة العالمية');
    assert.equal(who?.actor.type, 'organization');
    assert.equal(who?.mention.text, 'منظمة الصحة العالمية');
    assert.equal(who?.actor.canonical, 'منظمة الصحة العالمية', 'an adjective inside the name stays in the canonical name');
    assert.equal(actorAt(engine, doc(5), 'وزارة الصحة النيجيرية')?.actor.canonical, 'وزارة الصحة النيجيرية');
    assert.equal(actorAt(engine, doc(5), 'جنيف')?.actor.type, 'place');
    assert.equal(actorAt(engine, doc(5), 'غيبريسوس', 1)?.actor.type, 'person');
  });

  it('groups كوفي أنان and كوفي عنان as one person and flags the minority spelling', () => {
    const a = actorAt(engine, doc(1), 'كوفي أنان')!;
    const b = actorAt(engine, doc(2), 'كوفي عنان')!;
    assert.equal(a.actor.id, b.actor.id);
    assert.equal(a.actor.type, 'person');
    assert.equal(a.mention.text, 'كوفي أنان', 'the ك of كوفي is part of the name');
    assert.ok(['كوفي أنان', 'كوفي عنان'].includes(a.actor.canonical));
    assert.ok(a.actor.reasons.some((r) => r.includes('عنان')), a.actor.reasons.join('\n'));
    const f = allFindings(engine).filter((x) => x.code === 'spelling-variant' && (x.found === 'عنان' || x.found === 'أنان'));
    assert.ok(f.length > 0);
  });

  it('groups أنجيلا ميركل and انجيلا ميركل without flagging the hamza by default', () => {
    const a = actorAt(engine, doc(1), 'أنجيلا ميركل')!;
    const b = actorAt(engine, doc(2), 'انجيلا ميركل')!;
    assert.equal(a.actor.id, b.actor.id);
    assert.ok(!allFindings(engine).some((x) => x.found === 'انجيلا' || x.found === 'أنجيلا'));
    assert.equal(actorAt(engine, doc(3), 'وأوضحت ميركل')?.actor.id, a.actor.id);
  });

  it('keeps two different people called سيرغي apart', () => {
    const a = actorAt(engine, doc(2), 'سيرغي ريابكوف')!;
    const b = actorAt(engine, doc(2), 'سيرغي سوبيانين')!;
    assert.notEqual(a.actor.id, b.actor.id);
    assert.ok(!allFindings(engine).some((x) => x.found === 'ريابكوف' || x.found === 'سوبيانين'));
  });

  it('flags the transliteration variant مكرون of ماكرون', () => {
    const a = actorAt(engine, doc(3), 'إيمانويل ماكرون')!;
    const b = actorAt(engine, doc(4), 'إيمانويل مكرون')!;
    assert.equal(a.actor.id, b.actor.id);
    const f = allFindings(engine).find((x) => x.found === 'مكرون');
    assert.equal(f?.code === 'spelling-variant' ? f.expected : undefined, 'ماكرون');
  });

  it('does not depend on the order documents are added in', () => {
    const other = engineOver(UNSEEN);
    const reversed = engineOver();
    const docs = other.index.resolve().documents;
    for (const d of [...docs].reverse()) reversed.index.setDocument(d, other.index.text(d)!);
    const dump = (e: Engine) => JSON.stringify(e.index.resolve().actors.map((x) => [x.id, x.canonical, x.variants]));
    assert.equal(dump(reversed), dump(other));
    assert.deepEqual(allFindings(reversed), allFindings(other));
  });
});
