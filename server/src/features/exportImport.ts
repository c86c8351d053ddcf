/** Export of the corpus's annotations into a folder, and import of brat / JSONL annotations into the decisions file. */
import * as fs from 'fs';
import * as path from 'path';
import { FeatureContext } from './context';
import { DecisionsFile } from './decisionsFile';
import { URI } from '../lsp/uri';
import { exportCorpus } from '../core/exports/exportCorpus';
import { ImportedDocument, ImportProblem, importAnnotations, parseBratImport, parseJsonlImport } from '../core/exports/importAnnotations';
import { writeFileAtomicSync } from '../node/atomicWrite';
import { walkFiles } from '../node/fsCorpus';
import { ExportParams, ExportReport, ImportParams, ImportResult } from '../protocol';

const fsPath = (p: string): string => (p.startsWith('file:') ? (URI.toFsPath(p) ?? p) : p);

export function exportAnnotations(ctx: FeatureContext, dfile: DecisionsFile, params: ExportParams): ExportReport {
  const folder = fsPath(params.folder);
  const docs = ctx.corpus.documents().map((doc) => ({ doc, path: dfile.fileOf(doc) ?? URI.basename(doc) }));
  const out = exportCorpus(ctx.corpus.engine.index, docs, params.format);
  if (out.mismatches.length) throw new Error(`${out.mismatches.length} entities do not match the article text at their offsets (${out.mismatches[0]!.path}); nothing was exported`);
  const written: string[] = [];
  for (const f of out.files) {
    const target = path.join(folder, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomicSync(target, f.content);
    written.push(target);
  }
  if (params.format === 'brat') {
    // brat reads the text beside each .ann file.
    for (const d of docs) {
      const copy = path.join(folder, d.path.replace(/\.arnews$/i, '.txt'));
      if (path.resolve(copy) !== URI.toFsPath(d.doc)) writeFileAtomicSync(copy, ctx.corpus.text(d.doc) ?? '');
    }
  }
  return {
    written,
    counts: out.counts,
    notRepresented: out.notRepresented.map((n) => (n.path ? `${n.path}:${n.start}-${n.end} «${n.text}»: ${n.reason}` : n.reason)),
  };
}

export async function importAnnotationsRequest(ctx: FeatureContext, dfile: DecisionsFile, params: ImportParams): Promise<ImportResult> {
  const source = fsPath(params.source);
  const problems: ImportProblem[] = [];
  let documents: ImportedDocument[] = [];
  if (params.format === 'jsonl') {
    const r = parseJsonlImport(fs.readFileSync(source, 'utf8'), path.basename(source));
    documents = r.documents;
    problems.push(...r.problems);
  } else {
    const isDir = fs.statSync(source).isDirectory();
    const dir = isDir ? source : path.dirname(source);
    for (const ann of (isDir ? walkFiles([source], (f) => f.endsWith('.ann')) : [source]).sort()) {
      const stem = path.relative(dir, ann).split(path.sep).join('/').replace(/\.ann$/, '');
      const file = [`${stem}.txt`, `${stem}.arnews`].find((f) => {
        const doc = dfile.docOf(f);
        return doc !== undefined && ctx.corpus.text(doc) !== undefined;
      });
      if (!file) {
        problems.push({ path: path.basename(ann), message: `no article ${stem}.txt or ${stem}.arnews in the workspace: not imported` });
        continue;
      }
      const r = parseBratImport(file, ctx.corpus.text(dfile.docOf(file)!)!, fs.readFileSync(ann, 'utf8'));
      documents.push(r.document);
      problems.push(...r.problems);
    }
  }
  const index = ctx.corpus.engine.index;
  const { decisions, report } = importAnnotations(index, dfile.current, documents, (p) => {
    const doc = dfile.docOf(p);
    return doc !== undefined && ctx.corpus.text(doc) !== undefined ? { doc, file: p } : undefined;
  }, dfile.docOf);
  const applied = await dfile.apply(() => decisions, 'Arabic News: import annotations');
  const all = [...problems, ...report.problems].map((p) => `${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  return { applied: applied.applied, ...(applied.message ? { message: applied.message } : {}), entities: report.entities, added: report.added, removed: report.removed, problems: all, differences: report.differences };
}
