import * as fs from 'fs';
import * as path from 'path';
import { exportCorpus, ExportFormat, ExportOutput, EXPORT_FORMATS } from '../../../server/src/core/exports/exportCorpus';
import { writeFileAtomicSync } from '../../../server/src/node/atomicWrite';
import { UsageError } from '../../../server/src/node/fsCorpus';
import { LoadedCorpus } from '../corpus';
import { CliWorkspace } from '../workspace';

export type { ExportFormat };

export interface ExportResult {
  /** Text for stdout (jsonl/conll without --out). */
  readonly stdout: string;
  readonly written: string[];
  readonly counts: Record<string, number>;
  readonly output: ExportOutput;
}

/**
 * Exports the corpus (decisions applied). Paths in the output are relative to the workspace root. brat writes
 * `.ann` files beside the articles, or into --out with a copy of each article as `.txt`.
 */
export function runExport(c: LoadedCorpus, ws: CliWorkspace, format: ExportFormat, outDir: string | undefined): ExportResult {
  const docs = c.files.map((f) => ({ doc: f.path, path: ws.fileOf(f.path) }));
  const output = exportCorpus(c.engine.index, docs, format);
  if (output.mismatches.length) throw new Error(`internal error: ${output.mismatches.length} entities do not match the text at their offsets (${output.mismatches[0]!.path}: «${output.mismatches[0]!.text}»); nothing exported`);
  const written: string[] = [];
  let stdout = '';
  if (format === 'brat') {
    for (const f of output.files) {
      const target = path.join(outDir ?? ws.root, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileAtomicSync(target, f.content);
      written.push(target);
    }
    if (outDir) {
      for (const f of c.files) {
        const copy = path.join(outDir, ws.fileOf(f.path).replace(/\.arnews$/i, '.txt'));
        if (path.resolve(copy) !== f.absolute) writeFileAtomicSync(copy, f.text);
      }
    }
  } else if (outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const f of output.files) {
      const target = path.join(outDir, f.path);
      writeFileAtomicSync(target, f.content);
      written.push(target);
    }
  } else stdout = output.files.map((f) => f.content).join('');
  return { stdout, written, counts: output.counts, output };
}

export function parseExportFormat(s: string | undefined): ExportFormat {
  if (s !== undefined && (EXPORT_FORMATS as readonly string[]).includes(s)) return s as ExportFormat;
  throw new UsageError(`export needs --format jsonl, conll or brat${s ? ` (got "${s}")` : ''}`);
}
