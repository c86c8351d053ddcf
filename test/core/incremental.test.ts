/**
 * The index after any history of edits equals a fresh index of the final texts; the fast path
 * (`current()`) shows an edited document's mentions before the next full pass; a pass run in slices
 * with edits in between leaves those edits for the next pass.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { CorpusSnapshot } from '../../server/src/core/corpus/corpusIndex';
import { Engine } from '../../server/src/core/engine';
import { SEEDS, UNSEEN } from './helpers';
import { cliticAnalyses } from '../../server/src/core/text/clitics';
import { normalize } from '../../server/src/core/text/normalize';
import { ACTORS_PER_STEP } from '../../server/src/core/findings/carryOver';
import { Resolution } from '../../server/src/core/corpus/resolution';
import { Mention } from '../../server/src/core/model';

const articles: Array<[string, string]> = [SEEDS, UNSEEN].flatMap((dir) =>
  fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f): [string, string] => [path.basename(dir) + '/' + f, fs.readFileSync(path.join(dir, f), 'utf8')]));

/** Everything a snapshot says, as plain data. */
function dump(snap: CorpusSnapshot): unknown {
  return {
    documents: snap.documents,
    actors: snap.actors.map((a) => ({ ...a, tokenSpellings: [...a.tokenSpellings].sort(), cooccurring: snap.cooccurring(a.id).map((c) => [c.actor.id, c.documents]) })),
    mentions: snap.documents.map((d) => snap.mentions(d).map((m) => [m.start, m.end, m.key, m.clitic, m.type, m.evidence, snap.actorOf(m).id])),
  };
}

function fresh(texts: ReadonlyMap<string, string>): Engine {
  const e = createNodeEngine();
  for (const [doc, text] of [...texts].sort()) e.index.setDocument(doc, text);
  return e;
}

/** A function word every one of `texts` has between spaces: added on a line of its own, it changes no name. */
function commonWord(texts: Iterable<string>): string {
  const all = [...texts];
  const word = ['في', 'من', 'إلى', 'على'].find((w) => all.every((t) => t.includes(` ${w} `)));
  assert.ok(word, 'a function word every text has');
  return word;
}

describe('incremental corpus index', function () {
  this.timeout(120000);
  const engine = createNodeEngine();
  const freshDump = (texts: ReadonlyMap<string, string>): unknown => dump(fresh(texts).index.resolve());
  /** Every document's findings, as plain data. */
  const findingsOf = (e: Engine, snap: CorpusSnapshot): unknown => snap.documents.map((d) => [d, e.findings(d, snap).map((f) => ({ ...f }))]);
  const freshFindings = (texts: ReadonlyMap<string, string>): unknown => {
    const e = fresh(texts);
    return findingsOf(e, e.index.resolve());
  };

  it('equals a fresh index of the final texts after edits, removals and additions', () => {
    const texts = new Map(articles.slice(0, 7));
    for (const [d, t] of texts) engine.index.setDocument(d, t);
    engine.index.resolve();
    const [d0, t0] = articles[1]!;
    const edited = t0.replace(/\n/, '\nقال الرئيس كوفي أنان إن الوضع خطير.\n');
    engine.index.setDocument(d0, edited);
    texts.set(d0, edited);
    engine.index.removeDocument(articles[2]![0]);
    texts.delete(articles[2]![0]);
    for (const [d, t] of articles.slice(7)) {
      engine.index.setDocument(d, t);
      texts.set(d, t);
    }
    assert.deepEqual(dump(engine.index.resolve()), freshDump(texts));
  });

  it('a pass after an edit keeps the mention objects of the articles it did not touch, and builds new ones for the edited article', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const [doc, text] = articles[0]!;
    const untouched = articles.slice(1).map(([d]) => d).filter((d) => before.mentions(d).length > 0);
    assert.ok(untouched.length >= 3 && before.mentions(doc).length > 0);
    e.index.setDocument(doc, 'خبر.\n' + text);
    const after = e.index.resolve();
    let kept = 0;
    let total = 0;
    for (const d of untouched) {
      const old = new Set(before.mentions(d));
      for (const m of after.mentions(d)) {
        total++;
        if (old.has(m)) kept++;
      }
    }
    // Every mention of an untouched article equal to one of the last pass is that object (none changed here).
    assert.equal(kept, total);
    const edited = new Set(before.mentions(doc));
    assert.ok(after.mentions(doc).every((m) => !edited.has(m)), 'the edited article has new offsets: new mentions');
    assert.deepEqual(dump(after), freshDump(new Map([...articles, [doc, 'خبر.\n' + text]])));
  });

  it('a pass after an edit that adds no word and no name replays the other articles from the pass before', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    e.index.resolve();
    assert.equal(e.index.passReuse?.direct, 0, 'the first pass has nothing to replay');
    const [doc, text] = articles[0]!;
    // A word every article has, on a line of its own at the end.
    const common = commonWord(articles.map(([, t]) => t));
    assert.ok(common);
    const edited = text + '\n' + common + '\n';
    e.index.setDocument(doc, edited);
    const after = e.index.resolve();
    // No name was added, removed or moved: the grouping into actors is the last pass's too.
    assert.deepEqual(e.index.passReuse, { documents: articles.length, direct: articles.length - 1, propagation: articles.length - 1, grouping: true });
    assert.deepEqual(dump(after), freshDump(new Map([...articles, [doc, edited]])));
  });

  it('a pass after an edit keeps the mention lists of the articles it replayed: the same arrays, not copies (no garbage per article and pass)', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const lists = new Map(before.documents.map((d) => [d, before.mentions(d)]));
    const [doc, text] = articles[0]!;
    const common = commonWord(articles.map(([, t]) => t));
    const edited = text + '\n' + common + '\n';
    e.index.setDocument(doc, edited);
    const after = e.index.resolve();
    assert.equal(e.index.passReuse?.propagation, articles.length - 1);
    for (const d of after.documents) {
      if (d === doc) continue;
      assert.ok(after.mentions(d).length > 0, `${d} has mentions`);
      assert.equal(after.mentions(d), lists.get(d), `the list of ${d} is the last pass's`);
    }
    assert.deepEqual(dump(after), freshDump(new Map([...articles, [doc, edited]])));
  });

  it('a pass after an edit neither concatenates nor sorts the mention lists of the articles it replayed (no garbage per article and pass)', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    e.index.resolve();
    const [doc, text] = articles[0]!;
    const edited = text + '\n' + commonWord(articles.map(([, t]) => t)) + '\n';
    e.index.setDocument(doc, edited);
    // Lists of mentions (objects with a document and offsets) sorted or concatenated during the pass, by article.
    const isMention = (x: unknown): x is Mention => typeof x === 'object' && x !== null && 'doc' in x && 'start' in x && 'tokens' in x;
    const touched = new Map<string, number>();
    const note = (list: unknown[]): void => {
      const m = list.find(isMention);
      if (m) touched.set(m.doc, (touched.get(m.doc) ?? 0) + 1);
    };
    const { sort, concat } = Array.prototype;
    Array.prototype.sort = function <T>(this: T[], cmp?: (a: T, b: T) => number): T[] {
      note(this);
      return sort.call(this, cmp) as T[];
    };
    Array.prototype.concat = function (this: unknown[], ...items: unknown[]): unknown[] {
      note(this);
      return concat.apply(this, items);
    } as typeof concat;
    let after: CorpusSnapshot;
    try {
      after = e.index.resolve();
    } finally {
      Array.prototype.sort = sort;
      Array.prototype.concat = concat;
    }
    assert.equal(e.index.passReuse?.propagation, articles.length - 1, 'the other articles were replayed');
    assert.deepEqual([...touched.keys()].filter((d) => d !== doc), [], 'lists of replayed articles sorted or concatenated');
    assert.deepEqual(dump(after), freshDump(new Map([...articles, [doc, edited]])));
  });

  it('a pass after an edit keeps the actor objects of the actors the edited article does not mention, and the list of actors when it mentions none', () => {
    const e = createNodeEngine();
    const common = commonWord(articles.map(([, t]) => t));
    // An article without a name: edited, it changes no mention of the corpus.
    const plain = 'zz/plain.txt';
    const texts = new Map([...articles, [plain, `${common} ${common}.\n`]]);
    for (const [d, t] of texts) e.index.setDocument(d, t);
    const first = e.index.resolve();
    assert.deepEqual(first.mentions(plain), []);
    const top = first.actors[0]!;
    first.cooccurring(top.id); // ranked in the first snapshot, asked for again below
    texts.set(plain, `${common}.\n`);
    e.index.setDocument(plain, texts.get(plain)!);
    const same = e.index.resolve();
    assert.notEqual(same, first);
    assert.equal(same.actors, first.actors, 'the same list of actors');
    for (const a of first.actors) assert.equal(same.actorById(a.id), a, a.id);
    assert.deepEqual(dump(same), freshDump(texts));
    // A line at the start of an article with names: every mention of it moves. The actors it mentions are made
    // again; the others are the last snapshot's.
    const [doc, text] = articles[0]!;
    texts.set(doc, 'خبر.\n' + text);
    e.index.setDocument(doc, texts.get(doc)!);
    const after = e.index.resolve();
    const inDoc = new Set([...same.mentions(doc).map((m) => same.actorOf(m).id), ...after.mentions(doc).map((m) => after.actorOf(m).id)]);
    assert.ok(inDoc.size > 0 && inDoc.size < after.actors.length);
    let kept = 0;
    for (const a of after.actors) {
      if (inDoc.has(a.id)) assert.notEqual(a, same.actorById(a.id), `${a.id} is mentioned in the edited article: made again`);
      else {
        assert.equal(a, same.actorById(a.id), `${a.id} is not mentioned in the edited article: the last snapshot's`);
        kept++;
      }
    }
    assert.ok(kept > 0);
    assert.deepEqual(dump(after), freshDump(texts));
    // The snapshots before still answer as they did (an actor they share with the new one is not changed by it).
    assert.deepEqual(dump(first), dump(same));
    assert.deepEqual(same.cooccurring(top.id).map((c) => c.actor), first.cooccurring(top.id).map((c) => c.actor));
  });

  it('a pass after an edit that changes no actor carries the findings of the articles it did not touch over from the pass before', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const first = new Map(before.documents.map((d) => [d, e.findings(d, before)]));
    const [doc, text] = articles[0]!;
    const common = commonWord(articles.map(([, t]) => t));
    const edited = text + '\n' + common + '\n';
    e.index.setDocument(doc, edited);
    const after = e.index.resolve();
    // The edited article's mentions are new objects (its analysis is new): the actors it names are not
    // the objects they were, and neither are the findings of the articles that name them.
    const touched = new Set(after.mentions(doc).map((m) => after.actorOf(m).id));
    const untouched = after.documents.filter((d) => d !== doc && after.mentions(d).every((m) => !touched.has(after.actorOf(m).id)));
    assert.ok(untouched.length > 0, 'articles that share no actor with the edited one');
    for (const d of untouched) assert.equal(e.findings(d, after), first.get(d), `${d}: the same findings (the array of the pass before)`);
    assert.ok(e.findingsCarried >= untouched.length);
    assert.notEqual(e.findings(doc, after), first.get(doc), 'the edited article\'s findings are computed again');
    assert.deepEqual(after.documents.map((d) => e.findings(d, after)), (() => {
      const f = fresh(new Map([...articles, [doc, edited]]));
      const s = f.index.resolve();
      return s.documents.map((d) => f.findings(d, s));
    })());
  });

  it('a pass after an edit that moves an article\'s mentions (no name respelled) carries over the findings of the other articles that name its actors', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const [doc, text] = articles[0]!;
    const others = before.documents.filter((d) => d !== doc);
    const findings = new Map(others.map((d) => [d, e.findings(d, before)]));
    // The other articles that name an actor of the edited one, with spelling findings.
    const actors = new Set(before.mentions(doc).map((m) => before.actorOf(m).id));
    const naming = others.filter((d) => findings.get(d)!.some((f) => f.code === 'spelling-variant' && actors.has(f.actor)));
    assert.ok(naming.length > 0, 'some article has a spelling finding on an actor of the edited one');
    const moved = 'خبر.\n' + text;
    e.index.setDocument(doc, moved);
    const after = e.index.resolve();
    for (const d of others) assert.equal(e.findings(d, after), findings.get(d), `the findings of ${d} are the last pass's`);
    assert.deepEqual(findingsOf(e, after), freshFindings(new Map([...articles, [doc, moved]])));
  });

  it('the comparison with the pass before, run ahead in steps (prepareFindings), carries over the same findings as one made on first use', () => {
    const [doc, text] = articles[0]!;
    const common = commonWord(articles.map(([, t]) => t));
    const run = (ahead: boolean) => {
      const e = createNodeEngine();
      for (const [d, t] of articles) e.index.setDocument(d, t);
      const before = e.index.resolve();
      const first = new Map(before.documents.map((d) => [d, e.findings(d, before)]));
      e.index.setDocument(doc, text + '\n' + common + '\n');
      const after = e.index.resolve();
      let yields = 0;
      if (ahead) for (const steps = e.prepareFindings(); !steps.next().done; ) yields++;
      const kept = after.documents.filter((d) => e.findings(d, after) === first.get(d));
      return { yields, kept, carried: e.findingsCarried, actors: after.actors.length, findings: after.documents.map((d) => e.findings(d, after)) };
    };
    const lazy = run(false);
    const ahead = run(true);
    assert.ok(lazy.kept.length > 0, 'some findings carry over');
    assert.deepEqual(ahead.kept, lazy.kept);
    assert.equal(ahead.carried, lazy.carried);
    assert.deepEqual(ahead.findings, lazy.findings);
    assert.ok(ahead.actors >= ACTORS_PER_STEP, `${ahead.actors} actors`);
    assert.equal(ahead.yields, Math.floor(ahead.actors / ACTORS_PER_STEP), 'a yield every ACTORS_PER_STEP actors');
  });

  it('a pass after an edit that respells a mention (the actor keeps its count) recomputes the findings of every article naming the actor', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const all = before.documents.flatMap((d) => e.findings(d, before).filter((f) => f.code === 'spelling-variant'));
    // A variant found in one article, written as expected in another: respelled there as found.
    let edit: { doc: string; text: string; variant: (typeof all)[number] } | undefined;
    for (const f of all) {
      // The canonical spelling must stay: the expected spelling keeps more mentions than the one found.
      const counts = before.actorById(f.actor)!.tokenSpellings;
      if ((counts.get(f.expected) ?? 0) - 1 <= (counts.get(f.found) ?? 0) + 1) continue;
      const m = before.mentionsOf(f.actor).find((x) => x.doc !== f.doc && x.tokens.some((t) => t.text === f.expected));
      if (!m) continue;
      const t = m.tokens.find((x) => x.text === f.expected)!;
      const text = e.index.text(m.doc)!;
      edit = { doc: m.doc, text: text.slice(0, t.start) + f.found + text.slice(t.end), variant: f };
      break;
    }
    assert.ok(edit, 'a variant of the test articles is written as expected in another article');
    e.index.setDocument(edit.doc, edit.text);
    const after = e.index.resolve();
    const f = fresh(new Map([...articles, [edit.doc, edit.text]]));
    const s = f.index.resolve();
    assert.deepEqual(after.documents.map((d) => e.findings(d, after)), s.documents.map((d) => f.findings(d, s)));
    const actor = after.actorById(edit.variant.actor);
    assert.ok(actor && actor.mentionCount === before.actorById(edit.variant.actor)!.mentionCount, 'the actor keeps its number of mentions');
    assert.equal(actor.canonical, before.actorById(edit.variant.actor)!.canonical, 'and its canonical spelling');
    assert.notDeepEqual(e.findings(edit.variant.doc, after), e.findings(edit.variant.doc, before), 'the counts in the messages changed');
  });

  it('a pass groups the forms into actors again when one is counted more often: which spelling founds an actor changes', () => {
    const A = 'طرابلس - قالت المبعوثة الأممية ستيفاني وليامز إن الحوار مستمر.\nوأضافت ستيفاني وليامز أن الأطراف وافقت.\n';
    const B = 'تونس - التقت المبعوثة الأممية ستيفاني ويليامز وفدا من البرلمان.\nوقالت ستيفاني ويليامز إن الجولة المقبلة في جنيف.\nوأكدت ستيفاني ويليامز أن الموعد ثابت.\n';
    // The other spelling twice more, after the first mentions of both: only counts change, no form is new.
    const B2 = B + 'وتابعت ستيفاني وليامز أن اللجنة العسكرية ستجتمع.\nوختمت ستيفاني وليامز بالدعوة إلى التهدئة.\n';
    const e = createNodeEngine();
    e.index.setDocument('a.txt', A);
    e.index.setDocument('b.txt', B);
    const before = e.index.resolve();
    assert.ok(before.actors.some((a) => a.id === 'actor:person:ويليامز' && a.mentionCount === 5), JSON.stringify(before.actors.map((a) => a.id)));
    e.index.setDocument('b.txt', B2);
    const after = e.index.resolve();
    assert.equal(e.index.passReuse?.grouping, false);
    assert.ok(after.actors.some((a) => a.id === 'actor:person:وليامز' && a.mentionCount === 7), 'the more frequent spelling founds the actor now');
    assert.deepEqual(dump(after), freshDump(new Map([['a.txt', A], ['b.txt', B2]])));
  });

  it('a pass after an edit that respells a name with the same normalized form keeps the grouping and counts the new spellings', () => {
    const A = 'طرابلس - قال رئيس المجلس الرئاسي فائز السراج إن الحكومة ستعمل.\nوأضاف فائز السراج أن الانتخابات قريبة.\nوختم فائز السراج بالدعوة إلى الحوار.\n';
    const B = 'تونس - التقى رئيس المجلس الرئاسي فايز السراج وفدا أمميا.\n';
    const A2 = A.replace('وأضاف فائز', 'وأضاف فايز');
    const e = createNodeEngine();
    e.index.setDocument('a.txt', A);
    e.index.setDocument('b.txt', B);
    const before = e.index.resolve();
    const actor = (s: CorpusSnapshot) => s.actors.find((a) => a.variants.some((v) => v.text === 'فايز السراج'));
    assert.deepEqual(actor(before)?.variants, [{ text: 'فائز السراج', count: 3 }, { text: 'فايز السراج', count: 1 }]);
    e.index.setDocument('a.txt', A2);
    const after = e.index.resolve();
    assert.equal(e.index.passReuse?.grouping, true, 'the same forms: the same grouping');
    assert.deepEqual(actor(after)?.variants, [{ text: 'فائز السراج', count: 2 }, { text: 'فايز السراج', count: 2 }]);
    assert.deepEqual(dump(after), freshDump(new Map([['a.txt', A2], ['b.txt', B]])));
  });

  it('findings asked for under other options after a pass are computed under them, not carried over', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    for (const d of before.documents) e.findings(d, before);
    const [doc, text] = articles[0]!;
    e.index.setDocument(doc, text + '\nخبر.\n');
    const after = e.index.resolve();
    e.findings(articles[1]![0], after); // the new pass entered under the old options
    e.configure({ spelling: { severity: 'hint' } });
    const f = fresh(new Map([...articles, [doc, text + '\nخبر.\n']]));
    f.configure({ spelling: { severity: 'hint' } });
    const s = f.index.resolve();
    const mine = after.documents.map((d) => e.findings(d, after));
    assert.ok(mine.flat().some((x) => x.code === 'spelling-variant'));
    assert.deepEqual(mine, s.documents.map((d) => f.findings(d, s)));
    assert.equal(e.findingsCarried, 0);
  });

  /**
   * A name in one of `docs` whose first word begins with a proclitic letter and has a reading (of 3+
   * letters) no article has: once another article has that word, the name splits off a clitic. The
   * article, the other article, and that one with the word on a line of its own at the end.
   */
  function readingMadePresent(docs: Array<[string, string]>): { doc: string; other: string; edited: string } {
    const snap = fresh(new Map(docs)).index.resolve();
    const present = new Set(docs.flatMap(([, t]) => t.split(/[^\u0621-\u064A\u064B-\u0652]+/).map((w) => normalize(w))));
    const keysOf = (s: CorpusSnapshot, d: string): string[] => s.mentions(d).map((m) => m.key);
    for (const d of snap.documents) {
      for (const m of snap.mentions(d)) {
        if (m.clitic) continue;
        for (const r of cliticAnalyses(m.tokens[0]!.norm).slice(1)) {
          if (r.key.length < 3 || present.has(r.key)) continue;
          const [other, text] = docs.find(([o]) => o !== d)!;
          const edited = text + '\n' + r.key + '\n';
          if (JSON.stringify(keysOf(fresh(new Map([...docs, [other, edited]])).index.resolve(), d)) !== JSON.stringify(keysOf(snap, d))) return { doc: d, other, edited };
        }
      }
    }
    assert.fail('no name of the test articles changes when a reading of its first word becomes present');
  }

  it('a pass after an edit that makes a word present re-reads the articles whose names it changes', () => {
    const found = readingMadePresent(articles);
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    e.index.resolve();
    e.index.setDocument(found.other, found.edited);
    const after = e.index.resolve();
    assert.ok(e.index.passReuse!.direct <= articles.length - 2, `${found.doc} was re-read: ${JSON.stringify(e.index.passReuse)}`);
    assert.deepEqual(dump(after), freshDump(new Map([...articles, [found.other, found.edited]])));
  });

  it('a word present only for a while during a pass: the next pass re-reads the articles that pass read it in', () => {
    // Short articles first, so that the pass yields (every 16 articles) before it reads the others.
    const docs: Array<[string, string]> = [...Array.from({ length: 16 }, (_, i): [string, string] => [`a${String(i).padStart(2, '0')}.txt`, `خبر قصير رقم ${i}.\n`]), ...articles];
    const found = readingMadePresent(articles);
    const e = createNodeEngine();
    for (const [d, t] of docs) e.index.setDocument(d, t);
    e.index.resolve();
    // The article with the name changes (harmlessly), so that the pass reads it afresh.
    const texts = new Map(docs);
    texts.set(found.doc, texts.get(found.doc)! + '\nفي\n');
    e.index.setDocument(found.doc, texts.get(found.doc)!);
    const steps = e.index.resolveSteps();
    steps.next(); // the short articles
    const original = e.index.text(found.other)!;
    e.index.setDocument(found.other, found.edited); // the word is in the corpus …
    steps.next(); // … while the pass reads the article with the name
    e.index.setDocument(found.other, original); // … and gone again
    while (!steps.next().done);
    assert.deepEqual(dump(e.index.resolve()), freshDump(texts));
  });

  it('a pass after an edit that makes a name known more often propagates it into the articles it did not touch', () => {
    const A = 'واشنطن - قال الرئيس الأمريكي باراك أوباما إن المحادثات مع الجانب الإيراني مستمرة منذ أيام.\n';
    const Z = 'طهران - وأكد أوباما في اتصال هاتفي أن الاتفاق بات قريبا.\n';
    const B = 'لندن - عقد مجلس الأمن جلسة طارئة لبحث الأوضاع.\n';
    const e = createNodeEngine();
    const texts = new Map([['a.txt', A], ['b.txt', B], ['z.txt', Z]]);
    for (const [d, t] of texts) e.index.setDocument(d, t);
    assert.ok(!e.index.resolve().mentions('z.txt').some((m) => m.text === 'أوباما'), 'a surname seen in full once is not propagated');
    // The full name a second time, in another article: its surname is now a name of its own in z.txt.
    texts.set('b.txt', B + 'والتقى الرئيس الأمريكي باراك أوباما بنظيره الفرنسي في باريس.\n');
    e.index.setDocument('b.txt', texts.get('b.txt')!);
    const after = e.index.resolve();
    assert.ok(after.mentions('z.txt').some((m) => m.text === 'أوباما' && m.evidence === 'propagated'));
    assert.deepEqual(e.index.passReuse, { documents: 3, direct: 2, propagation: 0, grouping: false });
    assert.deepEqual(dump(after), freshDump(texts));
  });

  it('property: after any sequence of edits, with full passes (replaying the one before) or the fast path between them, the index and its findings equal a fresh index\'s', () => {
    const docs = articles;
    // Words after a proclitic letter, as the remainders that edits make present or absent.
    const stems = [...new Set(docs.flatMap(([, t]) => t.split(/\s+/)).filter((w) => /^[وفبكل][\u0621-\u064A]{3,}$/.test(w)).map((w) => w.slice(1)))].sort();
    // Lines with names, to copy into other articles (names found directly more often, or in new places).
    const start = fresh(new Map(docs)).index.resolve();
    const named = docs.map(([d, t]) => [...new Set(start.mentions(d).map((m) => t.slice(t.lastIndexOf('\n', m.start) + 1, (t.indexOf('\n', m.end) + 1 || t.length + 1) - 1)))]);
    let replayed = 0;
    let carried = 0;
    let grouped = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ doc: fc.integer({ min: 0, max: docs.length - 1 }), op: fc.constantFrom('cut', 'dup', 'remove', 'restore', 'stem', 'borrow', 'borrow'), at: fc.nat(), other: fc.integer({ min: 0, max: docs.length - 1 }), then: fc.constantFrom('pass', 'pass', 'fast path', 'nothing') }), { minLength: 1, maxLength: 8 }),
        (ops) => {
          const e = createNodeEngine();
          const texts = new Map(docs);
          for (const [d, t] of docs) e.index.setDocument(d, t);
          e.index.resolve();
          for (const o of ops) {
            const [d, original] = docs[o.doc]!;
            const base = texts.get(d) ?? original;
            const cut = o.at % (base.length + 1);
            const line = base.lastIndexOf('\n', cut) + 1;
            let next: string | undefined;
            if (o.op === 'cut') next = base.slice(0, cut) + base.slice(Math.min(base.length, cut + 40));
            else if (o.op === 'dup') next = base.slice(0, cut) + base.slice(cut, cut + 60) + base.slice(cut);
            else if (o.op === 'restore') next = original;
            else if (o.op === 'stem') next = base.slice(0, line) + stems[o.at % stems.length] + '\n' + base.slice(line);
            else if (o.op === 'borrow') {
              const lines = named[o.other]!;
              next = lines.length ? base.slice(0, line) + lines[o.at % lines.length] + '\n' + base.slice(line) : base;
            }
            if (next === undefined) {
              e.index.removeDocument(d);
              texts.delete(d);
            } else {
              e.index.setDocument(d, next);
              texts.set(d, next);
            }
            if (o.then === 'fast path') e.index.current();
            else if (o.then === 'pass') {
              const snap = e.index.resolve();
              replayed += e.index.passReuse!.direct;
              grouped += e.index.passReuse!.grouping ? 1 : 0;
              assert.deepEqual(dump(snap), freshDump(texts));
              // The findings, some carried from the pass before (see findings/carryOver.ts), are a fresh index's.
              assert.deepEqual(findingsOf(e, snap), freshFindings(texts));
              carried += e.findingsCarried;
            }
          }
          assert.deepEqual(dump(e.index.resolve()), freshDump(texts));
          assert.deepEqual(findingsOf(e, e.index.resolve()), freshFindings(texts));
        },
      ),
      // Seeded: unseeded, 12 runs now and then had no pass that could take the grouping (a full suite failed on it).
      { numRuns: 12, seed: 20261207 },
    );
    assert.ok(replayed > 0, 'some passes replayed articles');
    assert.ok(carried > 0, 'some passes carried findings over');
    assert.ok(grouped > 0, 'some passes took the grouping of the pass before');
  });

  it('shows an edited article\'s mentions at once, linked to the actors of the last full pass', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles) e.index.setDocument(d, t);
    const before = e.index.resolve();
    const [doc, text] = articles.find(([d]) => d.startsWith('unseen/'))!;
    const someone = before.mentions(doc).find((m) => m.tokens.length >= 2 && before.actorOf(m).type === 'person')!;
    assert.ok(someone, 'the article names a person in full');
    const line = `\nوأكد ${someone.text} ذلك.\n`;
    e.index.setDocument(doc, text + line);
    const now = e.index.current();
    assert.equal(e.index.stale, true, 'no full pass has run');
    const added = now.mentions(doc).find((m) => m.start >= text.length);
    assert.ok(added, 'the new mention is there');
    assert.equal(now.actorOf(added).id, before.actorOf(someone).id);
    assert.equal(now.mentionAt(doc, added.start)?.start, added.start);
    assert.ok(now.mentionsOf(before.actorOf(someone).id).includes(added));
    // Other documents are those of the last pass.
    const other = articles.find(([d]) => d !== doc)![0];
    assert.equal(now.mentions(other), before.mentions(other));
    // The full pass agrees on the new mention.
    const after = e.index.resolve();
    const exact = after.mentions(doc).find((m) => m.start === added.start);
    assert.equal(exact && after.actorOf(exact).id, before.actorOf(someone).id);
  });

  it('a removed article has no mentions in the fast path', () => {
    const e = createNodeEngine();
    for (const [d, t] of articles.slice(0, 4)) e.index.setDocument(d, t);
    e.index.resolve();
    const gone = articles[0]![0];
    e.index.removeDocument(gone);
    const now = e.index.current();
    assert.deepEqual(now.mentions(gone), []);
    assert.ok(now.actors.every((a) => now.mentionsOf(a.id).every((m) => m.doc !== gone)));
    assert.ok(!now.documents.includes(gone));
  });

  it('a pass that replays the articles an edit did not touch still yields every few articles, in each of its loops', () => {
    // Each article's mentions are counted in the pass's registry (Resolution.register); a slice of the pass
    // should count those of a bounded number of articles, whether their work is done again or replayed.
    const many = new Map<string, string>();
    for (let k = 0; k < 8; k++) for (const [d, t] of articles) many.set(`${k}/${d}`, t.replace(/\d/g, String(k)));
    const e = createNodeEngine();
    for (const [d, t] of many) e.index.setDocument(d, t);
    e.index.resolve();
    const [doc, text] = [...many][0]!;
    const common = commonWord(many.values());
    e.index.setDocument(doc, text + '\n' + common + '\n');
    const proto = Resolution.prototype as unknown as { register(m: Mention, isDirect: boolean, order: number): void };
    const register = proto.register;
    let step = new Set<string>();
    let widest = 0;
    proto.register = function (this: unknown, m: Mention, isDirect: boolean, order: number): void {
      step.add(m.doc);
      register.call(this, m, isDirect, order);
    };
    try {
      for (const steps = e.index.resolveSteps(); !steps.next().done; ) {
        widest = Math.max(widest, step.size);
        step = new Set();
      }
    } finally {
      proto.register = register;
    }
    assert.equal(e.index.passReuse?.propagation, many.size - 1, 'the other articles were replayed');
    assert.ok(widest <= 32, `one slice counted the mentions of ${widest} of ${many.size} articles`);
  });

  it('the first pass after a pass over none or few of the articles (those open when indexing began) does no more work than a first pass', () => {
    const yields = (e: Engine): number => {
      let n = 0;
      for (const steps = e.index.resolveSteps(); !steps.next().done; ) n++;
      return n;
    };
    // Enough articles that the words they bring in outnumber one step of looking up what changed.
    const many = new Map<string, string>();
    for (let k = 0; k < 6; k++) for (const [d, t] of articles) many.set(`${k}/${d}`, t.replace(/\d/g, String(k)));
    const first = createNodeEngine();
    for (const [d, t] of many) first.index.setDocument(d, t);
    const firstYields = yields(first);
    const firstDump = dump(first.index.resolve());
    for (const opened of [0, 1]) {
      const early = createNodeEngine();
      for (const [d, t] of [...many].slice(0, opened)) early.index.setDocument(d, t);
      early.index.resolve(); // before the other articles came
      for (const [d, t] of [...many].slice(opened)) early.index.setDocument(d, t);
      assert.equal(yields(early), firstYields, `${opened} article(s) before`);
      assert.deepEqual(dump(early.index.resolve()), firstDump);
    }
  });

  it('a pass run in slices leaves the edits made meanwhile for the next pass', () => {
    const e = createNodeEngine();
    const texts = new Map(articles);
    for (const [d, t] of texts) e.index.setDocument(d, t);
    const steps = e.index.resolveSteps();
    steps.next();
    steps.next();
    const [doc, text] = articles[3]!;
    e.index.setDocument(doc, text + '\nوقال وزير الخارجية الفرنسي لوران فابيوس إن الاتفاق قريب.\n');
    texts.set(doc, e.index.text(doc)!);
    while (!steps.next().done);
    assert.equal(e.index.stale, true, 'the edit made during the pass is still pending');
    assert.deepEqual(dump(e.index.resolve()), freshDump(texts));
  });

  it('a pass stopped halfway (an edit came) leaves the last pass and the fast path as they were; the next pass equals a fresh one', () => {
    const e = createNodeEngine();
    const texts = new Map(articles);
    for (const [d, t] of texts) e.index.setDocument(d, t);
    e.index.resolve();
    const [doc, text] = articles[2]!;
    e.index.setDocument(doc, text + '\nوقال وزير الخارجية الفرنسي لوران فابيوس إن الاتفاق قريب.\n');
    texts.set(doc, e.index.text(doc)!);
    const before = dump(e.index.current());
    const counting = createNodeEngine();
    for (const [d, t] of texts) counting.index.setDocument(d, t);
    let total = 0;
    for (const steps = counting.index.resolveSteps(); !steps.next().done;) total++;
    for (const at of [1, Math.floor(total / 2), total - 2]) {
      const steps = e.index.resolveSteps();
      for (let i = 0; i < at; i++) steps.next();
      steps.return();
      assert.equal(e.index.stale, true, `stopped at step ${at} of ${total}: the edit is still pending`);
      assert.deepEqual(dump(e.index.current()), before, 'what requests see is unchanged');
    }
    assert.deepEqual(dump(e.index.resolve()), freshDump(texts));
  });

  it('a pass yields while grouping actors and building its snapshot too, and edits made then wait for the next pass', () => {
    const texts = new Map(articles);
    const counting = createNodeEngine();
    for (const [d, t] of texts) counting.index.setDocument(d, t);
    let total = 0;
    for (const steps = counting.index.resolveSteps(); !steps.next().done;) total++;
    assert.ok(total > 2 * articles.length / 16, `steps of at most 16 documents (${total} steps for ${articles.length} articles)`);
    for (const at of [total - 1, total - 3, Math.floor(total / 2)]) {
      const e = createNodeEngine();
      const edited = new Map(texts);
      for (const [d, t] of edited) e.index.setDocument(d, t);
      const steps = e.index.resolveSteps();
      for (let i = 0; i < at; i++) steps.next();
      const [doc, text] = articles[at % articles.length]!;
      e.index.setDocument(doc, text + '\nوقال وزير الخارجية الفرنسي لوران فابيوس إن الاتفاق قريب.\n');
      edited.set(doc, e.index.text(doc)!);
      while (!steps.next().done);
      assert.equal(e.index.stale, true, `the edit made at step ${at} of ${total} is still pending`);
      assert.deepEqual(dump(e.index.resolve()), freshDump(edited));
    }
  });
});
