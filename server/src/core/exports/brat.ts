/**
 * brat standoff (.ann): `T` lines with character offsets, and `N` normalization lines that link each mention
 * to its actor: `N1\tReference T1 arabic-news:<actor id>\t<canonical spelling>`.
 * brat counts characters as Unicode code points, so UTF-16 offsets are converted (they differ only
 * after characters outside the Basic Multilingual Plane, such as emoji).
 */
import { ANERCORP_TYPE, ExportEntity } from './entities';

/** Converts UTF-16 offsets to code point offsets for a text. */
export function codePointOffsets(text: string): (utf16: number) => number {
  const astralBefore: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) astralBefore.push(i + 1);
    }
  }
  return (o) => {
    let lo = 0;
    let hi = astralBefore.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (astralBefore[mid]! < o) lo = mid + 1;
      else hi = mid;
    }
    return o - lo;
  };
}

/** The normalization resource named in `N` lines. */
export const BRAT_NORMALIZATION_DB = 'arabic-news';

export function toBrat(text: string, entities: readonly ExportEntity[]): string {
  const cp = codePointOffsets(text);
  const lines: string[] = [];
  entities.forEach((e, i) => {
    const id = i + 1;
    lines.push(`T${id}\t${ANERCORP_TYPE[e.type]} ${cp(e.start)} ${cp(e.end)}\t${e.text}`);
    lines.push(`N${id}\tReference T${id} ${BRAT_NORMALIZATION_DB}:${e.actor}\t${e.canonical}`);
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
