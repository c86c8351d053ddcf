/**
 * CoNLL BIO export with ANERcorp tags (B-PERS, I-PERS, B-ORG, I-ORG, B-LOC, I-LOC, O): one token per
 * line, a blank line between sentences. As in ANERcorp, a token that carries a clitic before the name
 * (بموسكو) is tagged as a whole.
 */
import { Token } from '../text/tokenize';
import { sentenceRanges } from '../recognize/recognizer';
import { ANERCORP_TYPE, ExportEntity } from './entities';

export function toConll(tokens: readonly Token[], entities: readonly ExportEntity[]): string {
  const tags: string[] = tokens.map(() => 'O');
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  let k = 0;
  for (const e of sorted) {
    while (k < tokens.length && tokens[k]!.end <= e.start) k++;
    let first = true;
    for (let i = k; i < tokens.length && tokens[i]!.start < e.end; i++) {
      if (tags[i] !== 'O') continue;
      tags[i] = `${first ? 'B' : 'I'}-${ANERCORP_TYPE[e.type]}`;
      first = false;
    }
  }
  const lines: string[] = [];
  for (const [s, e] of sentenceRanges(tokens)) {
    for (let i = s; i < e; i++) lines.push(`${tokens[i]!.text.replace(/\s/g, '_')} ${tags[i]}`);
    lines.push('');
  }
  return lines.join('\n');
}
