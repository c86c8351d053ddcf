/** Loads the corpus named on the command line into an engine. */
import { Engine } from '../../server/src/core/engine';
import { Candidate } from '../../server/src/core/recognize/recognizer';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { CorpusFile, isSkipped, listArticleFiles, readArticle, UsageError } from '../../server/src/node/fsCorpus';

/** An article's recognition computed beforehand, for the text it was computed on. */
export interface Recognized {
  readonly text: string;
  readonly candidates: readonly Candidate[];
}

export interface LoadedCorpus {
  readonly engine: Engine;
  readonly files: readonly CorpusFile[];
  readonly byPath: ReadonlyMap<string, CorpusFile>;
}

/** `recognized`: articles' recognition computed beforehand (by absolute path), used when the text is the same. */
export function loadCorpus(paths: readonly string[], warn: (msg: string) => void, recognized?: ReadonlyMap<string, Recognized>): LoadedCorpus {
  if (paths.length === 0) throw new UsageError('no paths given (name files or folders of articles)');
  const files: CorpusFile[] = [];
  for (const abs of listArticleFiles(paths, process.cwd(), (folder, reason) => warn(`arabic-news: skipped the folder ${folder}: ${reason}`))) {
    const f = readArticle(abs);
    if (isSkipped(f)) warn(`arabic-news: skipped ${f.path}: ${f.reason}`);
    else files.push(f);
  }
  const engine = createNodeEngine();
  for (const f of files) {
    const r = recognized?.get(f.absolute);
    engine.index.setDocument(f.path, f.text, r && r.text === f.text ? r.candidates : undefined);
  }
  return { engine, files, byPath: new Map(files.map((f) => [f.path, f])) };
}
