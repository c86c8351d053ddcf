/** `import --format brat|jsonl SOURCE <paths…>`: annotations into the decisions file (merged, atomic). */
import * as fs from 'fs';
import * as path from 'path';
import { ImportedDocument, ImportProblem, importAnnotations, ImportReport, parseBratImport, parseJsonlImport } from '../../../server/src/core/exports/importAnnotations';
import { DecisionsStore } from '../../../server/src/node/decisionsStore';
import { UsageError, walkFiles } from '../../../server/src/node/fsCorpus';
import { LoadedCorpus } from '../corpus';
import { CliWorkspace } from '../workspace';

export function readImportSource(c: LoadedCorpus, ws: CliWorkspace, format: string | undefined, source: string): { documents: ImportedDocument[]; problems: ImportProblem[] } {
  if (format === 'jsonl') return parseJsonlImport(fs.readFileSync(source, 'utf8'), source);
  if (format !== 'brat') throw new UsageError(`import needs --format brat or jsonl${format ? ` (got "${format}")` : ''}`);
  const st = fs.statSync(source);
  const dir = st.isDirectory() ? source : path.dirname(source);
  const anns = st.isDirectory() ? walkFiles([source], (f) => f.endsWith('.ann')) : [path.resolve(source)];
  const documents: ImportedDocument[] = [];
  const problems: ImportProblem[] = [];
  for (const ann of anns.sort()) {
    const stem = path.relative(dir, ann).split(path.sep).join('/').replace(/\.ann$/, '');
    const file = [`${stem}.txt`, `${stem}.arnews`].find((f) => ws.docOf(f) !== undefined);
    if (!file) {
      problems.push({ path: ann, message: `no article ${stem}.txt or ${stem}.arnews in the corpus: not imported` });
      continue;
    }
    const r = parseBratImport(file, c.engine.index.text(ws.docOf(file)!)!, fs.readFileSync(ann, 'utf8'));
    documents.push(r.document);
    problems.push(...r.problems);
  }
  return { documents, problems };
}

export function runImport(c: LoadedCorpus, ws: CliWorkspace, format: string | undefined, source: string | undefined): ImportReport & { decisionsFile: string } {
  if (!source) throw new UsageError('import needs the annotations to read: a .jsonl file or a folder of brat .ann files');
  const { documents, problems } = readImportSource(c, ws, format, source);
  const store = new DecisionsStore(ws.decisionsFile);
  const current = store.read();
  if (!current.decisions) throw new Error(`${ws.decisionsFile} has errors (${current.problems[0]?.message}); fix them first: the file is not overwritten`);
  const { decisions, report } = importAnnotations(
    c.engine.index,
    current.decisions,
    documents,
    (p) => {
      const doc = ws.docOf(p);
      return doc === undefined ? undefined : { doc, file: p };
    },
    ws.docOf,
  );
  store.write(decisions);
  return { ...report, problems: [...problems, ...report.problems], decisionsFile: ws.decisionsFile };
}
