/**
 * The decisions file on disk: read and validated, written atomically (write-then-rename) after a three-way merge
 * with what is on disk now, so a concurrent hand edit or `git pull` is merged, not clobbered. A file on disk that
 * does not parse is never overwritten: the write is refused with the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDecisions, DecisionProblem } from '../core/decisions/parse';
import { serializeDecisions } from '../core/decisions/serialize';
import { mergeDecisions } from '../core/decisions/merge';
import { Decisions, EMPTY_DECISIONS } from '../core/decisions/types';
import { writeFileAtomicSync } from './atomicWrite';

export class DecisionsFileError extends Error {}

export interface DecisionsRead {
  /** The file's text ('' when it does not exist). */
  readonly text: string;
  readonly exists: boolean;
  /** Undefined when the file has errors. */
  readonly decisions?: Decisions;
  readonly problems: readonly DecisionProblem[];
}

export function readDecisionsFile(file: string): DecisionsRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', exists: false, decisions: EMPTY_DECISIONS, problems: [] };
    throw new DecisionsFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const r = parseDecisions(text);
  return { text, exists: true, decisions: r.decisions, problems: r.problems };
}

export class DecisionsStore {
  /** What we last read or wrote (the base of the next merge). */
  private base: Decisions = EMPTY_DECISIONS;
  private baseText = '';

  constructor(readonly file: string) {}

  /** Reads the file; on success it becomes the base of the next write. */
  read(): DecisionsRead {
    const r = readDecisionsFile(this.file);
    if (r.decisions) {
      this.base = r.decisions;
      this.baseText = r.text;
    }
    return r;
  }

  /** The decisions last read or written. */
  get current(): Decisions {
    return this.base;
  }

  /** The text that a write of `next` would produce now (merged with the file on disk), without writing. */
  prepare(next: Decisions): { text: string; decisions: Decisions; onDisk: string } {
    const disk = readDecisionsFile(this.file);
    let merged = next;
    if (disk.text !== this.baseText) {
      if (!disk.decisions) throw new DecisionsFileError(`${path.basename(this.file)} has errors (${disk.problems[0]?.message ?? 'invalid'}); fix them first: the file is not overwritten`);
      merged = mergeDecisions(this.base, next, disk.decisions);
    }
    return { text: serializeDecisions(merged), decisions: merged, onDisk: disk.text };
  }

  /** Writes `next`, merged with concurrent changes on disk; returns what was written. */
  write(next: Decisions): Decisions {
    const { text, decisions, onDisk } = this.prepare(next);
    if (text !== onDisk) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileAtomicSync(this.file, text);
    }
    this.base = decisions;
    this.baseText = text;
    return decisions;
  }
}
