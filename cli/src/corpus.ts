/** Loads the corpus named on the command line into an engine. */
import { Engine } from '../../server/src/core/engine';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { CorpusFile, displayPath, isSkipped, listArticleFiles, readArticle, SkippedFile, UsageError } from '../../server/src/node/fsCorpus';
import type { ReadResult } from '../../server/src/node/analysisPool';
import type { StoredAnalysis } from '../../server/src/core/corpus/documentAnalysis';

export interface LoadedCorpus {
  readonly engine: Engine;
  readonly files: readonly CorpusFile[];
  readonly byPath: ReadonlyMap<string, CorpusFile>;
}

/**
 * `preread`: files read (and analysed) beforehand by worker threads, by absolute path (see
 * `readInParallel`); the others are read here.
 */
export function loadCorpus(paths: readonly string[], warn: (msg: string) => void, preread?: ReadonlyMap<string, ReadResult>): LoadedCorpus {
  if (paths.length === 0) throw new UsageError('no paths given (name files or folders of articles)');
  const files: CorpusFile[] = [];
  const analyses = new Map<CorpusFile, StoredAnalysis>();
  for (const abs of listArticleFiles(paths, process.cwd(), (folder, reason) => warn(`arabic-news: skipped the folder ${folder}: ${reason}`))) {
    const r = preread?.get(abs);
    let f: CorpusFile | SkippedFile;
    if (r?.status === 'article') {
      f = { path: displayPath(abs), absolute: abs, text: r.text, hadBom: r.hadBom };
      if (r.analysis) analyses.set(f, r.analysis);
    } else f = r?.status === 'skipped' ? { path: displayPath(abs), reason: r.reason } : readArticle(abs);
    if (isSkipped(f)) warn(`arabic-news: skipped ${f.path}: ${f.reason}`);
    else files.push(f);
  }
  const engine = createNodeEngine();
  for (const f of files) engine.index.setDocument(f.path, f.text, analyses.get(f));
  return { engine, files, byPath: new Map(files.map((f) => [f.path, f])) };
}
