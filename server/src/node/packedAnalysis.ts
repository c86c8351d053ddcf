/**
 * What an article's analysis is when it travels or is stored: typed arrays instead of objects. Worker
 * threads send it to their host (transferring the arrays, not copying them) and the persisted index
 * writes it to disk. Forms are ids into a list of forms that comes with the arrays (one list for a
 * batch of articles, or for the whole file).
 */
import { ActorType } from '../core/model';
import { Candidate, Evidence } from '../core/recognize/recognizer';
import { FormTranslation, StoredAnalysis } from '../core/corpus/documentAnalysis';
import type { MissingSpaceFinding } from '../core/findings/missingSpace';
import type { Offsets } from '../core/text/tokenize';

const TYPES: readonly ActorType[] = ['person', 'organization', 'place'];
const EVIDENCE: readonly Evidence[] = ['tagger', 'title', 'pattern', 'gazetteer', 'propagated', 'manual'];

export interface PackedAnalysis {
  /** Two or four bytes each, as the analysis has them (a transfer keeps the array's kind). */
  readonly starts: Offsets;
  readonly ends: Offsets;
  /** Kind code (bits 0–1) and line start (bit 2), as `DocumentAnalysis.tokenFlags`. */
  readonly flags: Uint8Array;
  /** Ids into the forms list that comes with it. */
  readonly normIds: Int32Array;
  /** Quadruples: token start, token end, type, evidence. */
  readonly candidates: Int32Array;
  /** Triples: start, end, split; undefined when not computed. */
  readonly missing: Int32Array | undefined;
}

/** The codes of a candidate's type and evidence in a packed analysis. */
export const typeCode = (t: ActorType): number => TYPES.indexOf(t);
export const evidenceCode = (e: Evidence): number => EVIDENCE.indexOf(e);

/** Candidates as quadruples (token start, token end, type, evidence). */
export function packCandidates(cs: readonly Candidate[]): Int32Array {
  const out = new Int32Array(4 * cs.length);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    out[4 * i] = c.tokenStart;
    out[4 * i + 1] = c.tokenEnd;
    out[4 * i + 2] = typeCode(c.type);
    out[4 * i + 3] = evidenceCode(c.evidence);
  }
  return out;
}

/** The candidates of `packCandidates`; undefined when a type or evidence code is unknown. */
export function unpackCandidates(cs: Int32Array): Candidate[] | undefined {
  const out: Candidate[] = [];
  for (let i = 0; i + 3 < cs.length; i += 4) {
    const type = TYPES[cs[i + 2]!];
    const evidence = EVIDENCE[cs[i + 3]!];
    if (!type || !evidence) return undefined;
    out.push({ tokenStart: cs[i]!, tokenEnd: cs[i + 1]!, type, evidence });
  }
  return out;
}

/** Missing spaces as triples (start, end, split). */
export function packMissing(fs: readonly MissingSpaceFinding[]): Int32Array {
  const out = new Int32Array(3 * fs.length);
  fs.forEach((f, i) => out.set([f.start, f.end, f.splitAt], 3 * i));
  return out;
}

/** The missing spaces of `packMissing` in `text`; undefined when one does not fit the text. */
export function unpackMissing(ms: Int32Array, text: string): MissingSpaceFinding[] | undefined {
  const out: MissingSpaceFinding[] = [];
  for (let i = 0; i + 2 < ms.length; i += 3) {
    const start = ms[i]!;
    const end = ms[i + 1]!;
    const splitAt = ms[i + 2]!;
    if (!(start >= 0 && start <= splitAt && splitAt <= end && end <= text.length)) return undefined;
    out.push({ start, end, splitAt, left: text.slice(start, splitAt), right: text.slice(splitAt, end) });
  }
  return out;
}

/** The array buffers of a packed analysis, to transfer with it. */
export function packedBuffers(p: PackedAnalysis): ArrayBuffer[] {
  const out = [p.starts.buffer, p.ends.buffer, p.flags.buffer, p.normIds.buffer, p.candidates.buffer];
  if (p.missing) out.push(p.missing.buffer);
  return out as ArrayBuffer[];
}

/** A packed analysis as the corpus index takes it (`forms`: the translation of its form list); undefined when malformed. */
export function unpackAnalysis(p: PackedAnalysis, forms: FormTranslation, text: string): StoredAnalysis | undefined {
  const candidates = unpackCandidates(p.candidates);
  if (!candidates) return undefined;
  const missingSpaces = p.missing ? unpackMissing(p.missing, text) : undefined;
  if (p.missing && !missingSpaces) return undefined;
  return {
    candidates,
    tokens: { starts: p.starts, ends: p.ends, flags: p.flags, normIds: p.normIds, forms },
    ...(missingSpaces ? { missingSpaces } : {}),
  };
}
