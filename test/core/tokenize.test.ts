import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenize } from '../../server/src/core/text/tokenize';
import { LineIndex, decodeUtf8, TextDecodeError } from '../../server/src/core/text/textDocument';
import { anyText } from './arbitraries';

describe('tokenize', () => {
  it('splits Arabic words, numbers, Latin words and punctuation', () => {
    const toks = tokenize('قال «حفتر»، في 2019: Haftar.');
    assert.deepEqual(toks.map((t) => [t.text, t.kind]), [
      ['قال', 'arabic'], ['«', 'punct'], ['حفتر', 'arabic'], ['»', 'punct'], ['،', 'punct'], ['في', 'arabic'],
      ['2019', 'number'], [':', 'punct'], ['Haftar', 'latin'], ['.', 'punct'],
    ]);
  });

  it('keeps harakat, shadda, tatweel and inner zero-width joiners inside a word', () => {
    const toks = tokenize('السرّاج الـــليبي حف\u200cتر');
    assert.deepEqual(toks.map((t) => t.text), ['السرّاج', 'الـــليبي', 'حف\u200cتر']);
    assert.deepEqual(toks.map((t) => t.norm), ['السراج', 'الليبي', 'حفتر']);
  });

  it('treats bidi marks between words as gaps', () => {
    const toks = tokenize('\u200fليبيا\u200e و\u2067روسيا\u2069');
    assert.deepEqual(toks.map((t) => t.text), ['ليبيا', 'و', 'روسيا']);
  });

  it('marks the first token of each line', () => {
    const toks = tokenize('عنوان\r\nقال السراج\nالنص');
    assert.deepEqual(toks.filter((t) => t.lineStart).map((t) => t.text), ['عنوان', 'قال', 'النص']);
  });

  it('never splits a surrogate pair', () => {
    const toks = tokenize('ليبيا😀𝔸x');
    for (const t of toks) {
      const first = t.text.charCodeAt(0);
      assert.ok(!(first >= 0xdc00 && first <= 0xdfff));
    }
  });

  it('tokens plus the gaps between them rebuild the text, and gaps hold only spaces and format marks', () => {
    fc.assert(
      fc.property(anyText(80), (s) => {
        const toks = tokenize(s);
        let rebuilt = '';
        let pos = 0;
        for (const t of toks) {
          assert.ok(t.start >= pos && t.end > t.start && t.end <= s.length);
          assert.equal(s.slice(t.start, t.end), t.text);
          const gap = s.slice(pos, t.start);
          assert.ok(/^[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff\u00ad]*$/u.test(gap), JSON.stringify(gap));
          rebuilt += gap + t.text;
          pos = t.end;
        }
        rebuilt += s.slice(pos);
        assert.equal(rebuilt, s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text document', () => {
  it('converts offsets and positions in UTF-16 code units, with LF, CRLF and CR', () => {
    const text = 'أ😀ب\r\nج\rد\nه';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.positionAt(3), { line: 0, character: 3 }); // after the surrogate pair
    assert.deepEqual(li.positionAt(6), { line: 1, character: 0 });
    assert.equal(li.offsetAt({ line: 2, character: 0 }), 8);
    assert.equal(li.offsetAt({ line: 0, character: 99 }), 4);
    assert.equal(li.offsetAt({ line: 9, character: 0 }), text.length);
  });

  it('round-trips every offset', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        const li = new LineIndex(s);
        for (let o = 0; o <= s.length; o++) {
          const p = li.positionAt(o);
          const back = li.offsetAt(p);
          // Offsets inside a CRLF pair map to the end of the line's content.
          if (!(s[o - 1] === '\r' && s[o] === '\n')) assert.equal(back, o);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('puts every offset on the line a count of the line breaks before it gives (LF, CRLF and CR)', () => {
    const lines = fc.array(fc.oneof(fc.constantFrom('\n', '\r', '\r\n', '\n\r'), fc.constantFrom('أ', 'ب', ' ', '😀', 'x')), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(lines, anyText()), (s) => {
        const li = new LineIndex(s);
        let line = 0;
        let start = 0;
        for (let o = 0; o <= s.length; o++) {
          assert.deepEqual(li.positionAt(o), { line, character: o - start }, `offset ${o} of ${JSON.stringify(s)}`);
          const c = s[o];
          if (c === '\n' || (c === '\r' && s[o + 1] !== '\n')) {
            line++;
            start = o + 1;
          }
        }
        assert.equal(li.lineCount, line + 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes UTF-8 strictly and strips the BOM', () => {
    assert.equal(decodeUtf8(Buffer.from('\ufeffليبيا', 'utf8')), 'ليبيا');
    assert.throws(() => decodeUtf8(Buffer.from([0xd9, 0x41])), TextDecodeError);
    assert.throws(() => decodeUtf8(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), /binary/);
    assert.throws(() => decodeUtf8(Buffer.from([0xff, 0xfe, 0x44, 0x06])), /UTF-16/);
  });
});
