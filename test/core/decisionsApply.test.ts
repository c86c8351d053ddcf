/**
 * Decisions applied to a corpus resolution, on articles written for these tests (clitics, diacritics, a Latin
 * name, an emoji): manual entities, removals, not-an-entity, keep-separate, merges, canonical and type
 * overrides, occurrences of a marked name, re-anchoring after edits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { Engine } from '../../server/src/core/engine';
import { Decisions, EMPTY_DECISIONS, SpanRef } from '../../server/src/core/decisions/types';
import { acceptSpelling, ActorRef, keepSeparate, markEntities, markNotEntity, mergeActors, removeMention, setCanonical, setType } from '../../server/src/core/decisions/edits';
import { findOccurrences } from '../../server/src/core/decisions/occurrences';
import { ResolvedActor } from '../../server/src/core/corpus/corpusIndex';
import { ROOT } from './helpers';

const DIR = path.join(ROOT, 'test/fixtures/annotations');
const A1 = 'a1.txt';
const A2 = 'a2.txt';

function engine(): Engine {
  const e = createNodeEngine();
  for (const f of [A1, A2]) e.index.setDocument(f, fs.readFileSync(path.join(DIR, f), 'utf8'));
  return e;
}

function spanOf(e: Engine, doc: string, needle: string, nth = 0): SpanRef {
  const text = e.index.text(doc)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in ${doc}`);
  return { file: doc, start: at, end: at + needle.length, text: needle };
}

const ref = (a: ResolvedActor): ActorRef => ({ id: a.id, canonical: a.canonical, type: a.type, variants: a.variants.map((v) => v.text) });

function actorSpelled(e: Engine, spelling: string): ResolvedActor | undefined {
  return e.index.resolve().actors.find((a) => a.variants.some((v) => v.text === spelling));
}

function mentionAt(e: Engine, s: SpanRef) {
  const snap = e.index.resolve();
  return snap.mentions(s.file).find((m) => m.start < s.end && s.start < m.end);
}

describe('decisions applied to the corpus', () => {
  it('no decisions change nothing', () => {
    const a = engine();
    const b = engine();
    b.index.setDecisions(EMPTY_DECISIONS);
    assert.deepEqual(b.index.resolve().actors.map((x) => x.id), a.index.resolve().actors.map((x) => x.id));
  });

  it('marks a missed name as a place: a manual mention of a new actor with the annotator\'s type', () => {
    const e = engine();
    const s = spanOf(e, A1, 'مصراتة');
    assert.equal(mentionAt(e, s), undefined, 'the recognizer should have missed this name for the test to mean anything');
    const { decisions, actorId } = markEntities(EMPTY_DECISIONS, [s], 'place');
    e.index.setDecisions(decisions);
    const m = mentionAt(e, s)!;
    assert.equal(m.evidence, 'manual');
    assert.equal(m.text, 'مصراتة');
    const actor = e.index.resolve().actorOf(m);
    assert.equal(actor.id, actorId);
    assert.equal(actor.type, 'place');
  });

  it('replaces a span: removal of the recognized one, a manual person at another', () => {
    // (The recognizer finds «غسان سلامة» here and the annotator keeps only the given name: the mechanics
    // are those of correcting a wrong span, such as the «الأممي غسان» an older model found.)
    const e = engine();
    const found = mentionAt(e, spanOf(e, A1, 'غسان'))!;
    assert.ok(found, 'expected the recognizer to find something at غسان');
    assert.equal(found.text, 'غسان سلامة');
    let d = removeMention(EMPTY_DECISIONS, { file: A1, start: found.start, end: found.end, text: found.text });
    d = markEntities(d, [spanOf(e, A1, 'غسان')], 'person').decisions;
    e.index.setDecisions(d);
    const m = mentionAt(e, spanOf(e, A1, 'غسان'))!;
    assert.equal(m.text, 'غسان');
    assert.equal(m.evidence, 'manual');
    assert.equal(e.index.resolve().actorOf(m).canonical, 'غسان');
    // Removing the manual entity again takes it back, and the removal keeps the recognized span out.
    e.index.setDecisions(removeMention(d, spanOf(e, A1, 'غسان')));
    assert.equal(mentionAt(e, spanOf(e, A1, 'غسان')), undefined);
  });

  it('a name marked after a clitic keeps the clitic outside the span', () => {
    const e = engine();
    const occ = findOccurrences([e.index.analysis(A2)!], 'لافروف');
    const withClitic = occ.find((o) => o.clitic === 'و')!;
    assert.ok(withClitic, JSON.stringify(occ));
    const lavrov = actorSpelled(e, 'لافروف')!;
    e.index.setDecisions(markEntities(EMPTY_DECISIONS, [{ file: A2, start: withClitic.start, end: withClitic.end, text: withClitic.text }], 'person', ref(lavrov)).decisions);
    const m = mentionAt(e, { file: A2, start: withClitic.start, end: withClitic.end, text: withClitic.text })!;
    assert.equal(m.clitic, 'و');
    assert.equal(e.index.resolve().actorOf(m).id, lavrov.id);
  });

  it('not an entity: every mention of the spelling goes, in every article', () => {
    const e = engine();
    assert.ok(actorSpelled(e, 'ليبيا'));
    e.index.setDecisions(markNotEntity(EMPTY_DECISIONS, 'ليبيا'));
    assert.equal(actorSpelled(e, 'ليبيا'), undefined);
  });

  const variantFindings = (e: Engine) => e.index.resolve().documents.flatMap((d) => e.findings(d)).filter((f) => f.code === 'spelling-variant');

  it('accept a spelling that normalizes like the canonical one: its warning goes away and stays away', () => {
    const e = engine();
    const f = variantFindings(e).find((x) => x.found === 'فائز' || x.expected === 'فائز')!;
    assert.ok(f, JSON.stringify(variantFindings(e)));
    const actor = e.index.resolve().actorById(f.actor)!;
    const m = e.index.resolve().mentions(f.doc).find((x) => x.start <= f.start && f.end <= x.end)!;
    const d = acceptSpelling(EMPTY_DECISIONS, ref(actor), m.text);
    e.index.setDecisions(d);
    assert.deepEqual(variantFindings(e).filter((x) => x.found === f.found), []);
    e.index.setDocument('a3.txt', `وقال ${m.text} إن الحوار مستمر.\n`);
    assert.deepEqual(variantFindings(e).filter((x) => x.found === f.found), [], 'stays away in a new article');
  });

  it('keep separate: a variant split out of an actor, and its spelling warning goes away', () => {
    const e = engine();
    const f = variantFindings(e).find((x) => x.found === 'سراج')!;
    assert.ok(f, JSON.stringify(variantFindings(e)));
    const actor = e.index.resolve().actorById(f.actor)!;
    const variant = actor.variants.find((v) => v.text.split(' ').includes(f.found))!.text;
    e.index.setDecisions(keepSeparate(EMPTY_DECISIONS, variant, actor.canonical));
    const snap = e.index.resolve();
    assert.notEqual(actorSpelled(e, variant)!.id, actorSpelled(e, actor.canonical)!.id);
    const after = snap.documents.flatMap((d) => e.findings(d)).filter((x) => x.code === 'spelling-variant' && x.found === f.found);
    assert.deepEqual(after, []);
  });

  it('merge two actors, then set the canonical spelling and the type', () => {
    const e = engine();
    const a = actorSpelled(e, 'Sputnik')!;
    const b = actorSpelled(e, 'سيرغي لافروف')!;
    let d = mergeActors(EMPTY_DECISIONS, ref(b), ref(a));
    e.index.setDecisions(d);
    assert.equal(actorSpelled(e, 'Sputnik')!.id, actorSpelled(e, 'سيرغي لافروف')!.id);
    const merged = actorSpelled(e, 'Sputnik')!;
    d = setCanonical(d, ref(merged), 'لافروف');
    d = setType(d, ref(merged), 'organization');
    e.index.setDecisions(d);
    const after = actorSpelled(e, 'Sputnik')!;
    assert.equal(after.canonical, 'لافروف');
    assert.equal(after.type, 'organization');
    assert.equal(after.id, merged.id, 'the actor keeps its id (stored in the decisions)');
  });

  it('actor identity survives a change of the corpus (decisions are keyed on spellings and stored ids)', () => {
    const e = engine();
    const actor = actorSpelled(e, 'خليفة حفتر')!;
    const d = setType(EMPTY_DECISIONS, ref(actor), 'organization');
    e.index.setDecisions(d);
    e.index.setDocument('a3.txt', 'وقال المشير خليفة حفتر في بنغازي إن الجيش مستعد.\n');
    const again = actorSpelled(e, 'خليفة حفتر')!;
    assert.equal(again.type, 'organization');
    assert.equal(again.id, actor.id);
  });

  it('finds every occurrence of a name: clitics, diacritics, alef/ya/ta marbuta differences', () => {
    const e = engine();
    const occ = findOccurrences([A1, A2].map((d) => e.index.analysis(d)!), 'نور الدين بوزيان');
    assert.deepEqual(occ, [], 'a different tokenization is a different name');
    const b = findOccurrences([A1, A2].map((d) => e.index.analysis(d)!), 'بوزيان');
    assert.deepEqual(b.map((o) => o.text), ['بوزيان', 'بوزيان', 'بوزيّان']);
    const s = findOccurrences([A1, A2].map((d) => e.index.analysis(d)!), 'السراج');
    assert.ok(s.some((o) => o.clitic === 'ب' && o.text === 'السراج'), JSON.stringify(s));
    assert.ok(s.some((o) => o.text === 'السرّاج'));
    const t = findOccurrences([A1, A2].map((d) => e.index.analysis(d)!), 'طرابلس');
    assert.ok(t.some((o) => o.clitic === 'ب'));
    const tm = findOccurrences([A1, A2].map((d) => e.index.analysis(d)!), 'مصراته');
    assert.deepEqual(tm.map((o) => o.text), ['مصراتة']);
  });

  it('spans follow edits of the article (re-anchored by their text) and are reported when their text is gone', () => {
    const e = engine();
    const s = spanOf(e, A1, 'مصراتة');
    e.index.setDecisions(markEntities(EMPTY_DECISIONS, [s], 'place').decisions);
    const text = e.index.text(A1)!;
    e.index.setDocument(A1, 'سطر جديد في البداية.\n' + text);
    const moved = spanOf(e, A1, 'مصراتة');
    assert.equal(mentionAt(e, moved)?.evidence, 'manual');
    assert.deepEqual(e.index.resolve().staleDecisions, []);
    e.index.setDocument(A1, text.replace('مصراتة', 'المدينة'));
    assert.equal(e.index.resolve().staleDecisions.length, 1);
    assert.match(e.index.resolve().staleDecisions[0]!.reason, /no longer in a1\.txt/);
  });

  it('decisions about unknown files are reported, not applied', () => {
    const e = engine();
    const d: Decisions = { ...EMPTY_DECISIONS, removed: [{ file: 'missing.txt', start: 0, end: 4, text: 'حفتر' }] };
    e.index.setDecisions(d);
    assert.equal(e.index.resolve().staleDecisions.length, 1);
  });
});
