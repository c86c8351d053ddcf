/**
 * Rules of the whole system that repair what a statistical tagger gets wrong, checked with a stub tagger
 * so each rule is tested on its own, whatever the shipped model happens to tag.
 */
import * as assert from 'node:assert/strict';
import { createEngine, Engine } from '../../server/src/core/engine';
import type { SequenceTagger } from '../../server/src/core/recognize/recognizer';
import { loadWordList } from '../../server/src/node/loadWordList';

/** Tags by a rule per word: `rule(word, previous word, whole sentence)` → BIO tag. */
function stubTagger(rule: (w: string, prev: string | undefined, words: readonly string[]) => string): SequenceTagger {
  return { tag: (words) => words.map((w, i) => rule(w, words[i - 1], words)) };
}

function mentionsOf(engine: Engine, doc: string): Array<{ text: string; type: string }> {
  const snap = engine.index.resolve();
  return snap.mentions(doc).map((m) => ({ text: m.text, type: snap.actorOf(m).type }));
}

/** Reads «سمير» as a given name everywhere, and «بلقاسم» as his surname only where a title precedes the name. */
const surnameAfterTitleOnly = stubTagger((w, prev, words) => {
  if (w === 'سمير') return 'B-PERS';
  if (w === 'بلقاسم' && prev === 'سمير' && words.includes('الوزير')) return 'I-PERS';
  return 'O';
});

describe('recognition rules over a tagger', () => {
  it('extends a given name the tagger cut short to the full name the corpus knows', () => {
    const engine = createEngine({ tagger: surnameAfterTitleOnly });
    engine.index.setDocument('a.txt', 'وقال الوزير سمير بلقاسم إن الاتفاق قريب.\nوأضاف الوزير سمير بلقاسم أن المحادثات مستمرة.\n');
    engine.index.setDocument('b.txt', 'وأكد مصدر أن سمير بلقاسم اجتمع مع الوفد أمس.\n');
    const b = mentionsOf(engine, 'b.txt').filter((m) => m.type === 'person');
    assert.deepEqual(b.map((m) => m.text), ['سمير بلقاسم'], JSON.stringify(b));
    // The fast path for an edited article agrees with the full pass.
    engine.index.setDocument('b.txt', 'وأكد مصدر أن سمير بلقاسم اجتمع مع الوفد اليوم.\n');
    const snap = engine.index.current();
    assert.deepEqual(snap.mentions('b.txt').filter((m) => snap.actorOf(m).type === 'person').map((m) => m.text), ['سمير بلقاسم']);
  });

  it('does not join a given name to a following word the corpus never saw with it', () => {
    const engine = createEngine({ tagger: surnameAfterTitleOnly });
    engine.index.setDocument('a.txt', 'وقال الوزير سمير بلقاسم إن الاتفاق قريب.\n');
    engine.index.setDocument('b.txt', 'وأكد مصدر أن سمير بلقاسم اجتمع مع الوفد، وقال إن سمير سيزور الرباط.\n');
    const b = mentionsOf(engine, 'b.txt');
    assert.ok(b.some((m) => m.text === 'سمير بلقاسم'), JSON.stringify(b));
    assert.ok(!b.some((m) => m.text.includes('سيزور')), JSON.stringify(b));
  });

  it('types a name right after a news medium’s head noun as an organization, clitics allowed', () => {
    const tagger = stubTagger((w, prev) => {
      if (w === 'دالاس' || w === 'كرونيكل') return prev === 'دالاس' || prev === 'كرونيكل' ? 'I-PERS' : 'B-PERS';
      if (w === 'مورنينغ') return 'I-PERS';
      return 'O';
    });
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'ونقلت صحيفة دالاس مورنينغ عن مسؤول قوله إن المفاوضات تعثرت.\nوقال مسؤول آخر لموقع كرونيكل إن الوفد غادر.\n');
    const ms = mentionsOf(engine, 'a.txt');
    assert.deepEqual(ms.map((m) => [m.text, m.type]), [['دالاس مورنينغ', 'organization'], ['كرونيكل', 'organization']]);
  });

  it('leaves a place after قناة a place (قناة السويس is a canal)', () => {
    const tagger = stubTagger((w) => (w === 'السويس' ? 'B-LOC' : 'O'));
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'وعبرت السفينة قناة السويس أمس.\n');
    assert.ok(mentionsOf(engine, 'a.txt').some((m) => m.text === 'السويس' && m.type === 'place'));
  });

  it('drops Latin spam the tagger reads as a name even when punctuation breaks it up', () => {
    const tagger = stubTagger((w, prev) => (/^[A-Za-z|]+$/.test(w) ? (prev && /^[A-Za-z|]+$/.test(prev) ? 'I-ORG' : 'B-ORG') : 'O'));
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'اترك تعليقا\nbest meal plan|How do you use oil for pain\n');
    assert.deepEqual(mentionsOf(engine, 'a.txt'), []);
  });

  it('completes a person name the tagger cut at a connector, before بن, or before a regnal number', () => {
    const tagged = new Set(['بسر', 'بن', 'أبي', 'طالب', 'فرناندو']);
    const tagger = stubTagger((w, prev) => (tagged.has(w) ? (prev !== undefined && tagged.has(prev) ? 'I-PERS' : 'B-PERS') : 'O'));
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'وقاد الجيش بسر بن أرطأة في حملة.\nوتولى علي بن أبي طالب الخلافة.\nوحكم الملك فرناندو الثالث قشتالة.\n');
    const persons = mentionsOf(engine, 'a.txt').filter((m) => m.type === 'person').map((m) => m.text);
    assert.deepEqual(persons, ['بسر بن أرطأة', 'علي بن أبي طالب', 'فرناندو الثالث']);
  });

  it('keeps the name part after a connector: علي after بن, and a word after عبد or أبو', () => {
    const tagged = new Set(['الحسن', 'بن', 'حسني', 'عبد', 'ربه', 'منصور', 'أبو', 'حميد']);
    const tagger = stubTagger((w, prev) => (tagged.has(w) ? (prev !== undefined && tagged.has(prev) ? 'I-PERS' : 'B-PERS') : 'O'));
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'وأخذ البيعة لابنه الحسن بن علي ثم خرج.\nوسجل حسني عبد ربه الهدف الثاني.\nوقصفت الطائرات منزل منصور أبو حميد أمس.\nوقال إن الحسن سافر على عجل.\n');
    const persons = mentionsOf(engine, 'a.txt').filter((m) => m.type === 'person').map((m) => m.text);
    assert.deepEqual(persons, ['الحسن بن علي', 'حسني عبد ربه', 'منصور أبو حميد', 'الحسن']);
  });

  it('does not take general vocabulary after a title for a name the tagger does not read (الوزير متحمس)', () => {
    const engine = createEngine({ tagger: stubTagger(() => 'O'), wordList: loadWordList() });
    engine.index.setDocument('a.txt', 'لكن الوزير متحمس كل الوقت.\nوكانت الوزيرة صرحت في وقت سابق.\nوقال المشير خليفة حفتر إن الهدنة صامدة.\n');
    const persons = mentionsOf(engine, 'a.txt').filter((m) => m.type === 'person').map((m) => m.text);
    assert.deepEqual(persons, ['خليفة حفتر']);
  });

  it('never makes a person of a compound name’s second part alone (الله, الدين)', () => {
    const tagger = stubTagger((w) => (w === 'الله' || w === 'الدين' ? 'B-PERS' : 'O'));
    const engine = createEngine({ tagger });
    engine.index.setDocument('a.txt', 'وقال إن الله رحيم وإن الدين يسر.\n');
    assert.deepEqual(mentionsOf(engine, 'a.txt'), []);
  });
});
