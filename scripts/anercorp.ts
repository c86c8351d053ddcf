/**
 * ANERcorp helpers shared by the training and evaluation scripts:
 * reading the `token TAG` file into sentences, the deterministic train/dev split,
 * and conlleval-style chunk scoring per entity type.
 */
import { readFileSync } from 'node:fs';
import { BIO_TAGS, ENTITY_TYPES, type BioTag, type EntityType } from '../server/src/core/recognize/tagger';

export interface Sentence {
  words: string[];
  tags: BioTag[];
}

const TAG_SET: ReadonlySet<string> = new Set<string>(BIO_TAGS);

function isBioTag(s: string): s is BioTag {
  return TAG_SET.has(s);
}

/**
 * Reads an ANERcorp-format file: one `token TAG` per line (the tag is the last space-separated
 * field), blank lines between sentences. Throws on an unknown tag.
 */
export function readAnercorp(path: string): Sentence[] {
  return parseAnercorp(readFileSync(path, 'utf8'));
}

/** Parses ANERcorp-format text (see `readAnercorp`). */
export function parseAnercorp(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let words: string[] = [];
  let tags: BioTag[] = [];
  const flush = (): void => {
    if (words.length > 0) sentences.push({ words, tags });
    words = [];
    tags = [];
  };
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.trim();
    if (line === '') {
      flush();
      continue;
    }
    const sp = line.lastIndexOf(' ');
    if (sp <= 0) throw new Error(`line ${ln + 1}: expected "token TAG", got ${JSON.stringify(line)}`);
    const word = line.slice(0, sp).trim();
    const tag = line.slice(sp + 1);
    if (!isBioTag(tag)) throw new Error(`line ${ln + 1}: unknown tag ${JSON.stringify(tag)}`);
    words.push(word);
    tags.push(tag);
  }
  flush();
  return sentences;
}

/** Fraction of sentences (at the end of the file) held out as the dev set. */
export const DEV_FRACTION = 0.1;

/**
 * Deterministic split: the first 90% of sentences (floor) are train, the last 10% are dev.
 * The dev part is never trained on.
 */
export function splitDev<T>(sentences: readonly T[]): { train: T[]; dev: T[] } {
  const nTrain = Math.floor(sentences.length * (1 - DEV_FRACTION));
  return { train: sentences.slice(0, nTrain), dev: sentences.slice(nTrain) };
}

export interface Chunk {
  type: EntityType;
  /** First token index. */
  start: number;
  /** Index after the last token. */
  end: number;
}

function splitTag(tag: string): { prefix: 'B' | 'I' | 'O'; type: string } {
  if (tag === 'O') return { prefix: 'O', type: '' };
  const p = tag[0] === 'B' ? 'B' : 'I';
  return { prefix: p, type: tag.slice(2) };
}

/**
 * Chunks of a tag sequence, conlleval-style: a chunk starts at B-X, or at I-X when the previous tag
 * is not of type X (an I- without a B- starts a chunk, as conlleval counts it).
 */
export function chunks(tags: readonly string[]): Chunk[] {
  const out: Chunk[] = [];
  let cur: { type: string; start: number } | undefined;
  const close = (end: number): void => {
    if (cur && (ENTITY_TYPES as readonly string[]).includes(cur.type)) {
      out.push({ type: cur.type as EntityType, start: cur.start, end });
    }
    cur = undefined;
  };
  for (let i = 0; i < tags.length; i++) {
    const { prefix, type } = splitTag(tags[i]!);
    if (prefix === 'O') {
      close(i);
    } else if (prefix === 'B' || !cur || cur.type !== type) {
      close(i);
      cur = { type, start: i };
    }
  }
  close(tags.length);
  return out;
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export type ChunkScores = Record<EntityType | 'ALL', TypeScore>;

function finish(tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp === 0 ? 0 : (100 * tp) / (tp + fp);
  const recall = tp + fn === 0 ? 0 : (100 * tp) / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * conlleval-style chunk precision/recall/F1 (in percent) per entity type and overall (micro, `ALL`):
 * a predicted chunk is correct when a gold chunk has the same type, start and end.
 */
export function scoreChunks(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[]): ChunkScores {
  if (gold.length !== pred.length) throw new Error(`scoreChunks: ${gold.length} gold vs ${pred.length} predicted sentences`);
  const counts = new Map<EntityType, { tp: number; fp: number; fn: number }>();
  for (const t of ENTITY_TYPES) counts.set(t, { tp: 0, fp: 0, fn: 0 });
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = pred[s]!;
    if (g.length !== p.length) throw new Error(`scoreChunks: sentence ${s} has ${g.length} gold vs ${p.length} predicted tags`);
    const gc = chunks(g);
    const pc = chunks(p);
    const key = (c: Chunk): string => `${c.type}:${c.start}:${c.end}`;
    const goldKeys = new Set(gc.map(key));
    const predKeys = new Set(pc.map(key));
    for (const c of pc) {
      const k = counts.get(c.type)!;
      if (goldKeys.has(key(c))) k.tp++;
      else k.fp++;
    }
    for (const c of gc) {
      if (!predKeys.has(key(c))) counts.get(c.type)!.fn++;
    }
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const out: Partial<ChunkScores> = {};
  for (const t of ENTITY_TYPES) {
    const k = counts.get(t)!;
    out[t] = finish(k.tp, k.fp, k.fn);
    tp += k.tp;
    fp += k.fp;
    fn += k.fn;
  }
  out.ALL = finish(tp, fp, fn);
  return out as ChunkScores;
}

/** Token accuracy (percent) of predicted against gold tags. */
export function tokenAccuracy(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[]): number {
  let ok = 0;
  let all = 0;
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = pred[s]!;
    for (let i = 0; i < g.length; i++) {
      all++;
      if (g[i] === p[i]) ok++;
    }
  }
  return all === 0 ? 0 : (100 * ok) / all;
}

/** A fixed-width table of chunk scores, one line per type, for console output. */
export function formatScores(scores: ChunkScores): string {
  const rows = [`${'type'.padEnd(5)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   tp/fp/fn`];
  for (const t of [...ENTITY_TYPES, 'ALL'] as const) {
    const s = scores[t];
    rows.push(`${t.padEnd(5)} ${s.precision.toFixed(2).padStart(6)} ${s.recall.toFixed(2).padStart(6)} ${s.f1.toFixed(2).padStart(6)}   ${s.tp}/${s.fp}/${s.fn}`);
  }
  return rows.join('\n');
}
