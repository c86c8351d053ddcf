/**
 * The data model of the analysis core. Offsets are UTF-16 code units into the document text
 * (BOM stripped), exactly as LSP and JavaScript strings count them.
 */

export type ActorType = 'person' | 'organization' | 'place';

export const ACTOR_TYPES: readonly ActorType[] = ['person', 'organization', 'place'];

/** A span of text [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One token of a mention: its name part (clitics excluded) and its normalized form. */
export interface MentionToken extends Span {
  readonly text: string;
  readonly norm: string;
}

export interface Mention extends Span {
  /** Document identifier (a path or URI, as the host gave it). */
  readonly doc: string;
  /** The name as written (clitics excluded, titles excluded). */
  readonly text: string;
  /** Normalized, clitic-free key: tokens joined by single spaces. */
  readonly key: string;
  readonly tokens: readonly MentionToken[];
  readonly type: ActorType;
  /** A proclitic written before the name (و, ب, ل, وب …) that is not part of the mention, if any. */
  readonly clitic: string;
  readonly evidence: string;
}

export interface Variant {
  readonly text: string;
  readonly count: number;
}

export interface Actor {
  readonly id: string;
  readonly type: ActorType;
  /** Canonical spelling: the most frequent full form (ties: earliest article), each word written as the actor mostly writes that word. */
  readonly canonical: string;
  readonly canonicalTokens: readonly string[];
  /** Spellings of the name as written, most frequent first. */
  readonly variants: readonly Variant[];
  readonly mentionCount: number;
  readonly documents: readonly string[];
  /** Why spellings were grouped into this actor, one human-readable line per merge. */
  readonly reasons: readonly string[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface SpellingFinding extends Span {
  readonly code: 'spelling-variant';
  readonly doc: string;
  readonly severity: Severity;
  readonly message: string;
  readonly actor: string;
  /** The spelling found (name part only, never the clitic). */
  readonly found: string;
  /** The replacement for [start, end). */
  readonly expected: string;
}

export interface MissingSpaceFindingResult extends Span {
  readonly code: 'missing-space';
  readonly doc: string;
  readonly severity: Severity;
  readonly message: string;
  readonly found: string;
  readonly expected: string;
}

export type Finding = SpellingFinding | MissingSpaceFindingResult;
