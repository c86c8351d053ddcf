/**
 * The whole recognition system (tagger + rules + gazetteer + corpus propagation) run over ANERcorp
 * sentences, with its mentions mapped back onto the ANERcorp tokens as BIO tags (PERS/LOC/ORG).
 * Shared by `scripts/eval.ts` (held-out dev) and `scripts/cv.ts` (cross-validation folds).
 */
import { createNodeEngine } from '../server/src/node/nodeEngine';
import type { RecognitionLexicon, SequenceTagger } from '../server/src/core/recognize/recognizer';
import type { ActorType } from '../server/src/core/model';
import type { Sentence } from './anercorp';

const TAG: Record<ActorType, string> = { person: 'PERS', place: 'LOC', organization: 'ORG' };

/**
 * Tags `sentences` with the whole system. Sentences are grouped into pseudo-articles of `docSize`
 * sentences (ANERcorp has no article boundaries; corpus-level evidence needs documents).
 * `tagger` undefined = the shipped tagger.
 */
export function systemTags(sentences: readonly Sentence[], docSize = 10, tagger?: SequenceTagger): string[][] {
  return systemRun(sentences, docSize, tagger).tags;
}

/** As `systemTags`, with each tagged token's evidence ("tagger", "title", … ; "+retyped" when the actor's type differs from the mention's). */
export function systemRun(sentences: readonly Sentence[], docSize = 10, tagger?: SequenceTagger, lexicon?: RecognitionLexicon): { tags: string[][]; evidence: string[][] } {
  const engine = createNodeEngine({ ...(tagger ? { tagger } : {}), ...(lexicon ? { lexicon } : {}) });
  interface Placed { doc: string; offsets: Array<[number, number]> }
  const placed: Placed[] = [];
  for (let d = 0; d * docSize < sentences.length; d++) {
    const doc = `dev-${String(d).padStart(4, '0')}`;
    let text = '';
    for (const s of sentences.slice(d * docSize, (d + 1) * docSize)) {
      const offsets: Array<[number, number]> = [];
      for (const w of s.words) {
        if (text.length && !text.endsWith('\n')) text += ' ';
        offsets.push([text.length, text.length + w.length]);
        text += w;
      }
      text += '\n';
      placed.push({ doc, offsets });
    }
    engine.index.setDocument(doc, text);
  }
  const snap = engine.index.resolve();
  const tags: string[][] = [];
  const evidence: string[][] = [];
  for (const p of placed) {
    const mentions = snap.mentions(p.doc);
    let prev: unknown;
    const ts: string[] = [];
    const ev: string[] = [];
    for (const [s, e] of p.offsets) {
      const m = mentions.find((x) => x.start < e && s < x.end);
      if (!m) {
        prev = undefined;
        ts.push('O');
        ev.push('');
        continue;
      }
      const type = snap.actorOf(m).type;
      ts.push(`${prev === m ? 'I' : 'B'}-${TAG[type]}`);
      ev.push(m.evidence + (type !== m.type ? '+retyped' : ''));
      prev = m;
    }
    tags.push(ts);
    evidence.push(ev);
  }
  return { tags, evidence };
}
