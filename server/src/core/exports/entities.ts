/** The entities of a document as exports see them: one per mention, with its actor. */
import { ActorType } from '../model';
import { CorpusSnapshot } from '../corpus/corpusIndex';

export interface ExportEntity {
  /** UTF-16 offsets into the document text (BOM stripped). */
  readonly start: number;
  readonly end: number;
  readonly type: ActorType;
  readonly actor: string;
  readonly text: string;
  /** The actor's canonical spelling. */
  readonly canonical: string;
}

export function documentEntities(snapshot: CorpusSnapshot, doc: string): ExportEntity[] {
  return snapshot.mentions(doc).map((m) => {
    const a = snapshot.actorOf(m);
    return { start: m.start, end: m.end, type: a.type, actor: a.id, text: m.text, canonical: a.canonical };
  });
}

/** ANERcorp tag suffixes. */
export const ANERCORP_TYPE: Record<ActorType, string> = { person: 'PERS', organization: 'ORG', place: 'LOC' };

/** Checks that every entity's text equals the document text at its offsets; returns the mismatches. */
export function verifyEntities(text: string, entities: readonly ExportEntity[]): ExportEntity[] {
  return entities.filter((e) => e.start < 0 || e.end > text.length || e.start >= e.end || text.slice(e.start, e.end) !== e.text);
}
