/**
 * Co-occurring actors (hover card): the actors sharing most articles with an actor, more shared
 * articles first, then more mentions, then the one met first going through the actor's articles in
 * corpus order. Checked against a plain reference ranking on every actor of the seeds and unseen articles.
 */
import { strict as assert } from 'assert';
import { CorpusSnapshot, ResolvedActor } from '../../server/src/core/corpus/corpusIndex';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { engineOver, SEEDS, UNSEEN } from './helpers';

function reference(snap: CorpusSnapshot, id: string, limit: number): Array<{ actor: ResolvedActor; documents: number }> {
  const inDoc = new Map<string, string[]>();
  for (const a of snap.actors) for (const d of a.documents) inDoc.set(d, [...(inDoc.get(d) ?? []), a.id]);
  const counts = new Map<string, number>();
  for (const d of snap.actorById(id)?.documents ?? []) for (const o of inDoc.get(d) ?? []) if (o !== id) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts]
    .map(([o, n]) => ({ actor: snap.actorById(o)!, documents: n }))
    .sort((a, b) => b.documents - a.documents || b.actor.mentionCount - a.actor.mentionCount)
    .slice(0, limit);
}

describe('co-occurring actors', () => {
  const snap = engineOver(SEEDS, UNSEEN).index.resolve();

  it('rank as the reference does, for every actor and limit (asked in any order)', () => {
    let nonEmpty = 0;
    for (const a of snap.actors) {
      for (const limit of [3, 1, 10, 5, 0, 40]) {
        const got = snap.cooccurring(a.id, limit).map((c) => [c.actor.id, c.documents]);
        assert.deepEqual(got, reference(snap, a.id, limit).map((c) => [c.actor.id, c.documents]), `${a.id} limit ${limit}`);
      }
      if (snap.cooccurring(a.id).length > 0) nonEmpty++;
      assert.deepEqual(snap.cooccurring(a.id).map((c) => c.actor.id), reference(snap, a.id, 10).map((c) => c.actor.id));
    }
    assert.ok(nonEmpty > 20, 'actors with co-occurring actors were checked');
    assert.deepEqual(snap.cooccurring('no such actor'), []);
  });

  it('ranked ahead in steps (prepare), stopped and started again, while requests rank other actors in between, as the reference does', () => {
    // 600 articles: one actor in all of them (ranked ahead, over several steps), others in some.
    const engine = createNodeEngine();
    const people = ['كوفي عنان', 'أنجيلا ميركل', 'نيلسون مانديلا', 'جاسيندا أرديرن', 'لولا دا سيلفا'];
    const places = ['باريس', 'برلين', 'نيروبي', 'طوكيو', 'ليما', 'أوسلو', 'هانوي'];
    for (let i = 0; i < 600; i++) {
      const text =
        `قال الرئيس إيمانويل ماكرون في ${places[i % places.length]} إن المحادثات مع ${people[i % people.length]} كانت مثمرة.\n` +
        (i % 3 === 0 ? `وأضاف أن ${people[(i + 2) % people.length]} سيزور ${places[(i + 3) % places.length]} الشهر المقبل.\n` : '');
      engine.index.setDocument(`doc${String(i).padStart(3, '0')}.txt`, text);
    }
    const big = engine.index.resolve();
    const busiest = [...big.actors].sort((a, b) => b.documents.length - a.documents.length)[0]!;
    assert.ok(busiest.documents.length >= 600, `one actor in every article (${busiest.canonical}: ${busiest.documents.length})`);
    // A preparation stopped in the middle of an actor's count (the host stops it when a pass is due) leaves nothing behind.
    const stopped = engine.index.prepareSteps();
    stopped.next();
    stopped.return();
    const steps = engine.index.prepareSteps();
    let n = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) {
      const other = big.actors[n++ % big.actors.length]!;
      assert.deepEqual(big.cooccurring(other.id, 3).map((c) => [c.actor.id, c.documents]), reference(big, other.id, 3).map((c) => [c.actor.id, c.documents]));
    }
    assert.ok(n > 3, `prepare took several steps (${n})`);
    for (const a of big.actors) {
      assert.deepEqual(big.cooccurring(a.id).map((c) => [c.actor.id, c.documents]), reference(big, a.id, 10).map((c) => [c.actor.id, c.documents]), a.canonical);
    }
  });
});
