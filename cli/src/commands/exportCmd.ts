import * as fs from 'fs';
import * as path from 'path';
import { documentEntities, verifyEntities, ExportEntity } from '../../../server/src/core/exports/entities';
import { toJsonlLine } from '../../../server/src/core/exports/jsonl';
import { toConll } from '../../../server/src/core/exports/conll';
import { toBrat } from '../../../server/src/core/exports/brat';
import { writeFileAtomicSync } from '../../../server/src/node/atomicWrite';
import { UsageError } from '../../../server/src/node/fsCorpus';
import { LoadedCorpus } from '../corpus';

export type ExportFormat = 'jsonl' | 'conll' | 'brat';

export interface ExportResult {
  /** Text for stdout (jsonl/conll without --out). */
  readonly stdout: string;
  readonly written: string[];
  readonly counts: Record<string, number>;
}

export function runExport(c: LoadedCorpus, format: ExportFormat, outDir: string | undefined): ExportResult {
  const snap = c.engine.index.resolve();
  const counts: Record<string, number> = { person: 0, organization: 0, place: 0 };
  const written: string[] = [];
  const parts: string[] = [];
  for (const f of c.files) {
    const entities: ExportEntity[] = documentEntities(snap, f.path);
    const bad = verifyEntities(f.text, entities);
    if (bad.length) throw new Error(`internal error: ${bad.length} entities of ${f.path} do not match the text at their offsets`);
    for (const e of entities) counts[e.type] = (counts[e.type] ?? 0) + 1;
    if (format === 'jsonl') parts.push(toJsonlLine(f.path, entities));
    else if (format === 'conll') {
      const a = c.engine.index.analysis(f.path)!;
      parts.push(`# ${f.path}\n` + toConll(a.tokens, entities));
    } else {
      const ann = toBrat(f.text, entities);
      let target: string;
      if (outDir) {
        const rel = path.isAbsolute(f.path) ? path.basename(f.path) : f.path;
        target = path.join(outDir, rel.replace(/\.(txt|arnews)$/i, '') + '.ann');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const txtCopy = path.join(outDir, rel.replace(/\.(arnews)$/i, '.txt'));
        if (path.resolve(txtCopy) !== f.absolute) writeFileAtomicSync(txtCopy, f.text);
      } else {
        target = f.absolute.replace(/\.(txt|arnews)$/i, '') + '.ann';
      }
      writeFileAtomicSync(target, ann);
      written.push(target);
    }
  }
  let stdout = '';
  if (format === 'jsonl') stdout = parts.join('\n') + (parts.length ? '\n' : '');
  if (format === 'conll') stdout = parts.join('\n');
  if (outDir && format !== 'brat') {
    fs.mkdirSync(outDir, { recursive: true });
    const target = path.join(outDir, format === 'jsonl' ? 'entities.jsonl' : 'entities.conll');
    writeFileAtomicSync(target, stdout);
    written.push(target);
    stdout = '';
  }
  return { stdout, written, counts };
}

export function parseExportFormat(s: string | undefined): ExportFormat {
  if (s === 'jsonl' || s === 'conll' || s === 'brat') return s;
  throw new UsageError(`export needs --format jsonl, conll or brat${s ? ` (got "${s}")` : ''}`);
}
