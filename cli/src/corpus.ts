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
 * What worker threads did before the command ran (see `readInParallel`): the listing of `paths` and the
 * files they read (and analysed), by absolute path.
 */
export interface PreRead {
  readonly paths: readonly string[];
  readonly files: readonly string[];
  /** Folders the listing could not read, and why. */
  readonly unreadable: ReadonlyArray<{ readonly folder: string; readonly reason: string }>;
  readonly results: ReadonlyMap<string, ReadResult>;
}

/** The articles `paths` name, loaded; those in `preread` as read there, the others read here. */
export function loadCorpus(paths: readonly string[], warn: (msg: string) => void, preread?: PreRead): LoadedCorpus {
  if (paths.length === 0) throw new UsageError('no paths given (name files or folders of articles)');
  const files: CorpusFile[] = [];
  const analyses = new Map<CorpusFile, StoredAnalysis>();
  const skippedFolder = (folder: string, reason: string): void => warn(`arabic-news: skipped the folder ${folder}: ${reason}`);
  // The listing made for the workers, when it is of these paths (it walked the same folders moments ago).
  const listed = preread && preread.paths.length === paths.length && preread.paths.every((p, i) => p === paths[i]) ? preread : undefined;
  for (const u of listed?.unreadable ?? []) skippedFolder(u.folder, u.reason);
  for (const abs of listed?.files ?? listArticleFiles(paths, process.cwd(), skippedFolder)) {
    const r = preread?.results.get(abs);
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
