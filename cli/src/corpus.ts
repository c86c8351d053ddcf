/** Loads the corpus named on the command line into an engine. */
import { Engine } from '../../server/src/core/engine';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { CorpusFile, isSkipped, listArticleFiles, readArticle, UsageError } from '../../server/src/node/fsCorpus';

export interface LoadedCorpus {
  readonly engine: Engine;
  readonly files: readonly CorpusFile[];
  readonly byPath: ReadonlyMap<string, CorpusFile>;
}

export function loadCorpus(paths: readonly string[], warn: (msg: string) => void): LoadedCorpus {
  if (paths.length === 0) throw new UsageError('no paths given (name files or folders of articles)');
  const files: CorpusFile[] = [];
  for (const abs of listArticleFiles(paths, process.cwd(), (folder, reason) => warn(`arabic-news: skipped the folder ${folder}: ${reason}`))) {
    const f = readArticle(abs);
    if (isSkipped(f)) warn(`arabic-news: skipped ${f.path}: ${f.reason}`);
    else files.push(f);
  }
  const engine = createNodeEngine();
  for (const f of files) engine.index.setDocument(f.path, f.text);
  return { engine, files, byPath: new Map(files.map((f) => [f.path, f])) };
}
