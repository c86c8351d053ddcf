/**
 * Shared word forms (text/wordForms.ts): the tokenizer's table of forms, and the results that are
 * remembered per form, must never change what the analysis gives.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formAt, sentenceHash, textHash } from '../../server/src/core/text/wordForms';
import { scanTokens, tokenize, type Token } from '../../server/src/core/text/tokenize';
import { normalize } from '../../server/src/core/text/normalize';
import { recognizeDocument, type SequenceTagger } from '../../server/src/core/recognize/recognizer';
import { SentenceCache } from '../../server/src/core/recognize/sentenceCache';
import { createRecognitionLexicon } from '../../server/src/core/engine';
import { anyText, hostileText } from './arbitraries';

/** Two different strings of Arabic letters with the same hash (found by search: the hash has 30 bits). */
function collidingWords(hash: (w: string) => number = textHash): [string, string] {
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  const seen = new Map<number, string>();
  let x = 12345;
  for (;;) {
    let w = '';
    for (let k = 0; k < 6; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      w += letters[x % letters.length];
    }
    const h = hash(w);
    const other = seen.get(h);
    if (other !== undefined && other !== w) return [other, w];
    seen.set(h, w);
  }
}

describe('word forms', () => {
  it('finds a form by its code units: equal texts share one form, texts with equal hashes do not', () => {
    const [a, b] = collidingWords();
    assert.equal(textHash(a), textHash(b));
    const text = `${a} ${b} ${a}`;
    const fa = formAt(text, 0, a.length, 'arabic');
    const fb = formAt(text, a.length + 1, a.length + 1 + b.length, 'arabic');
    assert.equal(fa.text, a);
    assert.equal(fb.text, b);
    assert.notEqual(fa, fb);
    assert.equal(formAt(text, a.length + b.length + 2, text.length, 'arabic'), fa);
    assert.deepEqual(tokenize(text).map((t) => t.text), [a, b, a]);
    // A form is also told apart by its kind.
    assert.notEqual(formAt('x', 0, 1, 'latin'), formAt('x', 0, 1, 'punct'));
  });

  it('tokenize and scanTokens agree; every token is its text, normalized as normalize() does, also once its forms are known', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(80), hostileText(40)), (s) => {
        for (let round = 0; round < 2; round++) {
          const toks = tokenize(s);
          const scanned = scanTokens(s);
          assert.equal(scanned.length, toks.length);
          toks.forEach((t, i) => {
            assert.equal(t.text, s.slice(t.start, t.end));
            assert.equal(t.norm, t.kind === 'punct' ? t.text : normalize(t.text));
            assert.equal(scanned.starts[i], t.start);
            assert.equal(scanned.ends[i], t.end);
            assert.equal(scanned.forms[i]!.text, t.text);
            assert.equal(scanned.forms[i]!.norm, t.norm);
            assert.equal(scanned.forms[i]!.kind, t.kind);
            assert.equal((scanned.flags[i]! & 4) !== 0, t.lineStart);
          });
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('forgets forms beyond its two generations without changing them', () => {
    const first = formAt('حفتر', 0, 4, 'arabic');
    let text = '';
    for (let i = 0; i < 2 * 131_072 + 10_000; i++) text += `w${i} `;
    for (const t of tokenize(text).slice(0, 5)) assert.equal(t.text, t.norm);
    const again = formAt('حفتر', 0, 4, 'arabic');
    assert.equal(again.text, 'حفتر');
    assert.equal(again.norm, 'حفتر');
    assert.notEqual(again, first); // dropped with the old generation, found anew
  });

  it('recognizes token objects from elsewhere (copies, changed norms) as tokenize results', () => {
    const lexicon = createRecognitionLexicon();
    const tagger: SequenceTagger = { tag: (ws) => ws.map((w, i) => (w.length > 3 && i % 3 === 0 ? 'B-PERS' : w.length > 4 ? 'I-PERS' : 'O')) };
    fc.assert(
      fc.property(hostileText(50), (s) => {
        const toks = tokenize(s);
        const expected = recognizeDocument(toks, tagger, lexicon);
        assert.deepStrictEqual(recognizeDocument(toks.map((t) => ({ ...t })), tagger, lexicon), expected);
        // A token whose norm is not the tokenizer's gets its own form (its norm is what counts).
        const changed: Token[] = toks.map((t) => (t.kind === 'arabic' ? { ...t, norm: t.norm + 'x' } : t));
        const again = recognizeDocument(changed, tagger, lexicon);
        assert.equal(again.keys.length, toks.length);
        changed.forEach((t, i) => t.kind === 'arabic' && assert.ok(again.keys[i]!.endsWith('x')));
      }),
      { numRuns: 300 },
    );
  });

  it('the sentence cache finds a sentence by its words, however it was asked, and never by its hash alone', () => {
    const [a, b] = collidingWords((w) => sentenceHash([w]));
    let calls = 0;
    const cache = new SentenceCache({ tag: (ws) => (calls++, ws.map((w) => (w === a ? 'B-PERS' : 'O'))) });
    assert.deepEqual(cache.tag([a]), ['B-PERS']);
    assert.deepEqual(cache.tagHashed([b], sentenceHash([b])), ['O']);
    assert.equal(calls, 2);
    assert.deepEqual(cache.tagHashed([a], sentenceHash([a])), ['B-PERS']);
    assert.deepEqual(cache.tag([b]), ['O']);
    assert.equal(calls, 2);
    // The sentence hash of a tokenized sentence is the one computed from its forms.
    const s = scanTokens(`${a} ${b} «حفتر».`);
    const words = s.forms.map((f) => f.text);
    assert.equal(sentenceHash(words), s.forms.reduce((h, f) => Math.imul(h ^ f.hash, 0x01000193) & 0x3fffffff, 0x2545f491));
  });
});
