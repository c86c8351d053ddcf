/**
 * `mentionOf` by its definition: a mention's span runs from its first token's start to its last token's end,
 * its text is the text of that span, its key the tokens' normalized forms joined by spaces, and its tokens are
 * a copy of the list given. A mention of one token is its own token (no token object or list kept); what it
 * reads as is the same.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mentionOf, type DocumentAnalysis } from '../../server/src/core/corpus/documentAnalysis';
import type { ActorType, Mention, MentionToken } from '../../server/src/core/model';
import { arabicText } from './arbitraries';

/** A mention as plain data, every field read through its public interface. */
function plain(m: Mention): Record<string, unknown> {
  return {
    doc: m.doc,
    start: m.start,
    end: m.end,
    text: m.text,
    key: m.key,
    tokens: m.tokens.map((t) => ({ start: t.start, end: t.end, text: t.text, norm: t.norm })),
    type: m.type,
    clitic: m.clitic,
    evidence: m.evidence,
  };
}

/** A text and 1–4 increasing token spans in it, each with a made-up normalized form. */
const tokensInText = arabicText(80)
  .filter((t) => t.length >= 2)
  .chain((text) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: text.length }), { minLength: 2, maxLength: 8 })
      .map((cuts) => cuts.sort((a, b) => a - b))
      .filter((cuts) => cuts.length % 2 === 0)
      .chain((cuts) =>
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { minLength: cuts.length / 2, maxLength: cuts.length / 2 }).map((norms) => {
          const toks: MentionToken[] = [];
          for (let i = 0; i < cuts.length; i += 2) toks.push({ start: cuts[i]!, end: cuts[i + 1]!, text: text.slice(cuts[i]!, cuts[i + 1]!), norm: norms[i / 2]! });
          return { text, toks };
        }),
      ),
  );

describe('mentionOf', () => {
  it('makes the mention its definition gives, for one token as for several (property)', () => {
    fc.assert(
      fc.property(tokensInText, fc.constantFrom<ActorType>('person', 'organization', 'place'), fc.constantFrom('', 'و', 'وب'), ({ text, toks }, type, clitic) => {
        const a = { doc: 'file:///a.txt', text } as DocumentAnalysis;
        const given = toks.map((t) => ({ ...t }));
        const m = mentionOf(a, toks, type, clitic, 'tagger');
        const first = toks[0]!;
        const last = toks[toks.length - 1]!;
        assert.deepEqual(plain(m), {
          doc: 'file:///a.txt',
          start: first.start,
          end: last.end,
          text: text.slice(first.start, last.end),
          key: toks.map((t) => t.norm).join(' '),
          tokens: given,
          type,
          clitic,
          evidence: 'tagger',
        });
        // The caller may reuse its list: the mention does not keep it.
        toks.length = 0;
        assert.equal(m.tokens.length, given.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a mention of one token is its own token, and keeps no token list', () => {
    const a = { doc: 'd', text: 'وقال زيد' } as DocumentAnalysis;
    const m = mentionOf(a, [{ start: 5, end: 8, text: 'زيد', norm: 'زيد' }], 'person', '', 'tagger');
    assert.equal(m.tokens[0], m);
    assert.equal(Object.keys(m).includes('tokens'), false);
    assert.deepEqual(Object.keys(m).sort(), ['clitic', 'doc', 'end', 'evidence', 'key', 'start', 'text', 'type']);
  });
});
