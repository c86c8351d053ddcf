/**
 * Exports a corpus in one format, with its report: every entity is checked against the article text at its
 * offsets, counted per type, and whatever the format cannot represent is listed (never dropped silently).
 * - JSONL and brat represent everything (UTF-16 offsets / code point offsets, actor links).
 * - CoNLL tags whole tokens: an entity after a clitic (بموسكو) or ending inside a token is widened to whole
 *   tokens, an entity that overlaps another loses the overlapping tokens, and actor links are not part of it.
 */
import { ActorType } from '../model';
import type { CorpusIndex } from '../corpus/corpusIndex';
import { documentEntities, ExportEntity, verifyEntities } from './entities';
import { toJsonlLine } from './jsonl';
import { toConll } from './conll';
import { toBrat } from './brat';

export type ExportFormat = 'jsonl' | 'conll' | 'brat';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'conll', 'brat'];

export interface ExportNote {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly reason: string;
}

export interface ExportOutput {
  /** What to write: per document for brat (`.ann`), one file for jsonl and conll. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: string }>;
  readonly counts: Record<ActorType, number>;
  /** Entities whose text is not the article's text at their offsets (a bug if ever non-empty: nothing is exported then). */
  readonly mismatches: readonly ExportNote[];
  /** What the format could not represent as it is. */
  readonly notRepresented: readonly ExportNote[];
}

/** `docs`: document ids of the index with the path to write for each (relative to the export's root). */
export function exportCorpus(index: CorpusIndex, docs: ReadonlyArray<{ readonly doc: string; readonly path: string }>, format: ExportFormat): ExportOutput {
  const snap = index.resolve();
  const counts: Record<ActorType, number> = { person: 0, organization: 0, place: 0 };
  const mismatches: ExportNote[] = [];
  const notRepresented: ExportNote[] = [];
  const files: Array<{ path: string; content: string }> = [];
  const parts: string[] = [];
  let links = 0;
  for (const { doc, path } of docs) {
    const analysis = index.analysis(doc);
    if (!analysis) continue;
    const text = analysis.text;
    const entities: ExportEntity[] = documentEntities(snap, doc);
    for (const e of verifyEntities(text, entities)) mismatches.push({ path, start: e.start, end: e.end, text: e.text, reason: `the article has «${text.slice(e.start, e.end)}» at these offsets` });
    for (const e of entities) counts[e.type]++;
    if (format === 'jsonl') parts.push(toJsonlLine(path, entities));
    else if (format === 'brat') files.push({ path: path.replace(/\.(txt|arnews)$/i, '') + '.ann', content: toBrat(text, entities) });
    else {
      links += entities.length;
      const toks = analysis.tokens;
      let prevEnd = -1;
      for (const e of [...entities].sort((a, b) => a.start - b.start)) {
        const inside = toks.filter((t) => t.end > e.start && t.start < e.end);
        const s = inside[0]?.start ?? e.start;
        const en = inside[inside.length - 1]?.end ?? e.end;
        if (s !== e.start || en !== e.end) notRepresented.push({ path, start: e.start, end: e.end, text: e.text, reason: `tagged as whole tokens «${text.slice(s, en)}»` });
        if (s < prevEnd) notRepresented.push({ path, start: e.start, end: e.end, text: e.text, reason: 'overlaps the entity before it: its shared tokens keep the first tag' });
        prevEnd = Math.max(prevEnd, en);
      }
      parts.push(`# ${path}\n` + toConll(toks, entities));
    }
  }
  if (format === 'jsonl') files.push({ path: 'entities.jsonl', content: parts.join('\n') + (parts.length ? '\n' : '') });
  if (format === 'conll') {
    files.push({ path: 'entities.conll', content: parts.join('\n') });
    if (links > 0) notRepresented.push({ path: '', start: 0, end: 0, text: '', reason: `the actor of each of the ${links} entities (CoNLL has no column for it; use JSONL or brat to keep it)` });
  }
  return { files, counts, mismatches, notRepresented };
}
