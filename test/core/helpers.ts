/** Test helpers: build an engine over fixture folders with the shipped model and lexicons. */
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/core/engine';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { Finding } from '../../server/src/core/model';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const ROOT = path.resolve(__dirname, '../..');
export const SEEDS = path.join(ROOT, 'seeds');
export const UNSEEN = path.join(ROOT, 'test/fixtures/unseen');

export function engineOver(...dirs: string[]): Engine {
  const engine = createNodeEngine();
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.txt')) engine.index.setDocument(path.relative(ROOT, path.join(dir, f)), fs.readFileSync(path.join(dir, f), 'utf8'));
    }
  }
  return engine;
}

export function allFindings(engine: Engine): Finding[] {
  return engine.index.resolve().documents.flatMap((d) => engine.findings(d));
}

/** The actor a piece of text (first occurrence in a document) is a mention of. */
export function actorAt(engine: Engine, doc: string, needle: string, nth = 0) {
  const text = engine.index.text(doc)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not in ${doc}`);
  const snap = engine.index.resolve();
  const m = snap.mentions(doc).find((x) => x.start <= at + needle.length - 1 && at < x.end);
  return m ? { mention: m, actor: snap.actorOf(m) } : undefined;
}

/**
 * How much the V8 heap holds for what `make` returns while it is kept: the smallest heap after three full
 * collections, before and after (one collection has been seen to leave garbage in place for a moment;
 * what is really kept stays in all three). `make` runs in a frame of its own, gone when the heap is measured.
 */
export function heapKeptBy<T>(make: () => T): { kept: T; bytes: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let before = Infinity;
  for (let k = 0; k < 3; k++) {
    gc();
    before = Math.min(before, process.memoryUsage().heapUsed);
  }
  const kept = make();
  let bytes = Infinity;
  for (let k = 0; k < 3; k++) {
    gc();
    bytes = Math.min(bytes, process.memoryUsage().heapUsed - before);
  }
  return { kept, bytes };
}
