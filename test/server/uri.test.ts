/** File names in URIs: shown as they are written, whatever they contain (a `%` once crashed the server). */
import * as assert from 'node:assert/strict';
import { URI } from '../../server/src/lsp/uri';
import { arabic, escapeMarkdown, plainText } from '../../server/src/features/markdown';

describe('URIs and names shown to the user', () => {
  it('basename gives the file name as written, percent signs and all', () => {
    for (const name of ['a%41%zz.txt', '50% خبر.txt', '100%.txt', 'x#y?.txt', 'خبر عاجل.arnews', '[x](command:y).txt']) {
      assert.equal(URI.basename(URI.fromFsPath(`/tmp/dir/${name}`)), name);
    }
    assert.equal(URI.basename('untitled:Untitled-1'), 'Untitled-1');
  });

  it('markdown escaping leaves no active character, and bidi controls never reach the UI', () => {
    const hostile = '[a](command:x) <img src=x> `c` *b* _i_ https://e.vil www.e.vil a@b.c $(bug) # | ~ \u202eabc\u202c';
    const md = escapeMarkdown(hostile);
    assert.doesNotMatch(md.replace(/\\[!-/:-@[-`{-~]/g, '').replace(/&(lt|gt|amp);/g, ''), /[!-/:-@[-`{-~]/);
    assert.doesNotMatch(arabic(hostile), /[\u202a-\u202e\u2066\u2067]/);
    assert.equal(plainText('فا\u202eيز \u2067x\u2069 \u200f'), 'فايز x ');
  });
});
