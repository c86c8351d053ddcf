/**
 * The annotator's decisions (`.arabic-news/annotations.json`): what the user said about the corpus, kept apart
 * from what the analysis guessed. Decisions never name generated actor ids that change with the corpus: actors
 * are identified by their spellings (canonical name and aliases, compared normalized) or by an `id` stored in
 * the file itself. Spans name a file relative to the workspace folder that holds the decisions file, UTF-16
 * offsets, and the text found there, so they can be re-anchored when the article is edited.
 */
import { ActorType } from '../model';

export const DECISIONS_VERSION = 1;

/** An actor as the annotator defined it: its canonical spelling, type and spellings that are the same actor. */
export interface DecisionActor {
  /** A stable id chosen when the actor was created (exports use it); absent for actors identified by name only. */
  readonly id?: string;
  readonly canonical: string;
  readonly type?: ActorType;
  /** Other spellings of this actor (they are merged with it; compared normalized). */
  readonly aliases?: readonly string[];
}

/** A span in an article: file (relative to the workspace folder, `/`-separated), UTF-16 offsets and its text. */
export interface SpanRef {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An entity the annotator added by hand. `actor` names an actor by id or canonical spelling. */
export interface AddedEntity extends SpanRef {
  readonly type: ActorType;
  readonly actor?: string;
}

export interface Decisions {
  readonly version: typeof DECISIONS_VERSION;
  readonly actors: readonly DecisionActor[];
  /** Pairs of spellings that are never the same actor. */
  readonly keepSeparate: readonly (readonly [string, string])[];
  /** Spellings that are never an entity. */
  readonly notEntities: readonly string[];
  readonly added: readonly AddedEntity[];
  /** Mentions the annotator removed. */
  readonly removed: readonly SpanRef[];
}

export const EMPTY_DECISIONS: Decisions = { version: DECISIONS_VERSION, actors: [], keepSeparate: [], notEntities: [], added: [], removed: [] };

export function isEmptyDecisions(d: Decisions): boolean {
  return d.actors.length === 0 && d.keepSeparate.length === 0 && d.notEntities.length === 0 && d.added.length === 0 && d.removed.length === 0;
}

/** The default location, relative to a workspace folder. */
export const DEFAULT_DECISIONS_PATH = '.arabic-news/annotations.json';
