/**
 * The workspace of a CLI run: the folder decisions-file paths are relative to (the first folder named, else the
 * working directory), the decisions file (`<root>/.arabic-news/annotations.json` or `--decisions FILE`), and the
 * mapping between corpus documents and workspace-relative paths.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_DECISIONS_PATH } from '../../server/src/core/decisions/types';
import { readDecisionsFile } from '../../server/src/node/decisionsStore';
import { LoadedCorpus } from './corpus';

export interface CliWorkspace {
  readonly root: string;
  readonly decisionsFile: string;
  /** Workspace-relative `/` path of a document. */
  fileOf(doc: string): string;
  /** Document of a workspace-relative path. */
  docOf(file: string): string | undefined;
}

export function cliWorkspace(c: LoadedCorpus, paths: readonly string[], decisionsOption: string | undefined): CliWorkspace {
  const firstDir = paths.map((p) => path.resolve(p)).find((p) => fs.existsSync(p) && fs.statSync(p).isDirectory());
  const root = firstDir ?? process.cwd();
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  const byRel = new Map(c.files.map((f) => [rel(f.absolute), f.path]));
  const relOf = new Map(c.files.map((f) => [f.path, rel(f.absolute)]));
  return {
    root,
    decisionsFile: decisionsOption ? path.resolve(decisionsOption) : path.join(root, DEFAULT_DECISIONS_PATH),
    fileOf: (doc) => relOf.get(doc) ?? doc,
    docOf: (file) => byRel.get(file),
  };
}

/** Applies the workspace's decisions file to the corpus; throws with the first error when it is invalid. */
export function applyDecisions(c: LoadedCorpus, ws: CliWorkspace, warn: (m: string) => void): void {
  const r = readDecisionsFile(ws.decisionsFile);
  if (!r.decisions) {
    const p = r.problems[0]!;
    const line = r.text.slice(0, p.start).split('\n').length;
    throw new Error(`${ws.decisionsFile}:${line}: ${p.message}`);
  }
  c.engine.index.setDecisions(r.decisions, ws.docOf);
  for (const s of c.engine.index.resolve().staleDecisions) warn(`arabic-news: decision not applied (${s.kind}): ${s.reason}`);
}
