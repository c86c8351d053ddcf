/**
 * Every occurrence of a name in the corpus, as an annotator means it when marking one: the same words after
 * normalization (diacritics, tatweel, alef/hamza forms, ى/ي, ة/ه do not matter) with any proclitic before the
 * first word (و ف ب ك ل, لل for ل + ال), the clitic left outside the span. Uses the tokens of the per-document
 * analyses and the clitic analyses of `text/clitics`.
 */
import type { DocumentAnalysis } from '../corpus/documentAnalysis';
import { cliticAnalyses } from '../text/clitics';
import { normalizeWithMap, toOriginalSpan } from '../text/normalize';
import { formKey } from './names';

export interface Occurrence {
  readonly doc: string;
  /** The name part (clitic excluded), UTF-16 offsets. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** A proclitic written before the name, if any. */
  readonly clitic: string;
}

export function findOccurrences(analyses: Iterable<DocumentAnalysis>, name: string): Occurrence[] {
  const words = formKey(name).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const out: Occurrence[] = [];
  for (const a of analyses) {
    const toks = a.tokens;
    for (let i = 0; i + words.length <= toks.length; i++) {
      const t = toks[i]!;
      if (t.kind === 'punct') continue;
      let prefix = -1;
      if (t.norm === words[0]) prefix = 0;
      else if (t.kind === 'arabic') {
        const an = cliticAnalyses(t.norm).find((x) => x.prefixLength > 0 && x.key === words[0]);
        if (an) prefix = an.prefixLength;
      }
      if (prefix < 0) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = toks[i + k]!.norm === words[k] && !toks[i + k]!.lineStart;
      if (!ok) continue;
      let start = t.start;
      if (prefix > 0) {
        const n = normalizeWithMap(t.text);
        start = t.start + toOriginalSpan(n, prefix, n.text.length).start;
      }
      const end = toks[i + words.length - 1]!.end;
      out.push({ doc: a.doc, start, end, text: a.text.slice(start, end), clitic: a.text.slice(t.start, start) });
    }
  }
  return out;
}
