/**
 * The custom part of the protocol between the Arabic News language server and its clients.
 * Imported by both the server and the VS Code client: the one definition of these messages.
 * Everything else is standard LSP.
 */

export type ActorTypeName = 'person' | 'organization' | 'place';

/** A location in an article, as LSP counts it (0-based lines, UTF-16 characters). */
export interface OutlineLocation {
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

export interface OutlineOccurrence extends OutlineLocation {
  /** The line of text around the occurrence, for a label or tooltip. */
  readonly preview: string;
}

export interface OutlineVariant {
  readonly text: string;
  readonly count: number;
  /** True when this spelling is the actor's canonical one. */
  readonly canonical: boolean;
  /** True when this spelling is reported as a spelling variant. */
  readonly flagged: boolean;
}

export interface OutlineActor {
  readonly id: string;
  readonly type: ActorTypeName;
  readonly canonical: string;
  readonly mentions: number;
  readonly documents: number;
  readonly variants: readonly OutlineVariant[];
}

export interface OutlineParams {
  /** Only actors whose spellings contain this text (normalization-insensitive); empty for all. */
  readonly filter?: string;
  /** Only actors of this type. */
  readonly type?: ActorTypeName;
  /** At most this many actors (most mentioned first); default: all. */
  readonly limit?: number;
}

export interface OutlineResult {
  /** Increments whenever the corpus changes; clients use it to skip stale results. */
  readonly version: number;
  readonly actors: readonly OutlineActor[];
  /** Actors left out by `limit`. */
  readonly more: number;
}

export interface OccurrencesParams {
  readonly actorId: string;
  /** Only occurrences spelled this way (exactly as written); all when absent. */
  readonly variant?: string;
}

export interface ActorAtParams {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
}

export interface CorpusStats {
  readonly version: number;
  readonly articles: number;
  readonly actors: number;
  readonly spellingIssues: number;
  /** True while the initial scan is still running. */
  readonly indexing: boolean;
}

export const Requests = {
  /** OutlineParams → OutlineResult: the corpus outline, type → actor → variant (occurrences lazily). */
  corpusOutline: 'arabicNews/corpusOutline',
  /** OccurrencesParams → OutlineOccurrence[]: the occurrences of one actor (optionally one spelling). */
  occurrences: 'arabicNews/occurrences',
  /** ActorAtParams → OutlineActor | null: the actor mentioned at a position. */
  actorAt: 'arabicNews/actorAt',
  /** void → CorpusStats */
  stats: 'arabicNews/stats',
  /** void → CorpusStats: re-scans the workspace from disk. */
  rebuildIndex: 'arabicNews/rebuildIndex',
  /** void → ServerInfo: the server process (for the log, and for fault-injection tests that kill it). */
  serverInfo: 'arabicNews/serverInfo',
} as const;

export interface ServerInfo {
  readonly pid: number;
  /** Milliseconds since the server process started. */
  readonly uptimeMs: number;
}

export const Notifications = {
  /** CorpusStats: sent when the corpus changed (after edits settle, after a scan). */
  corpusChanged: 'arabicNews/corpusChanged',
  /** WorkspaceTrustParams, client → server: the user trusted the workspace (VS Code's workspace trust). */
  workspaceTrust: 'arabicNews/workspaceTrust',
} as const;

export interface WorkspaceTrustParams {
  readonly trusted: boolean;
}

/** What the server receives as `initializationOptions` (every field optional: other editors send nothing). */
export interface InitializationOptions {
  readonly settings?: ArabicNewsSettings;
  /**
   * False in an untrusted workspace (VS Code's Restricted Mode): the server analyses as usual but refuses
   * corpus-wide fixes, which change articles that are not open. Absent means trusted.
   */
  readonly trusted?: boolean;
}

/** Diagnostic codes and the source the server publishes under. */
export const DIAGNOSTIC_SOURCE = 'arabic-news';
export const Codes = {
  spellingVariant: 'spelling-variant',
  missingSpace: 'missing-space',
} as const;

/** Data carried by each diagnostic so a quick fix needs no recomputation. */
export interface DiagnosticData {
  readonly expected: string;
  readonly found: string;
  readonly actorId?: string;
  readonly actorName?: string;
}

/** Server commands (workspace/executeCommand). */
export const ServerCommands = {
  /** [actorId] → applies (via workspace/applyEdit) every spelling fix of that actor in the corpus. */
  fixActorInCorpus: 'arabicNews.server.fixActorInCorpus',
  /** [] → applies every spelling fix in the corpus. */
  fixAllInCorpus: 'arabicNews.server.fixAllInCorpus',
} as const;

/** Settings under `arabicNews.*`. */
export interface ArabicNewsSettings {
  readonly files: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly diagnostics: {
    readonly severity: 'error' | 'warning' | 'information' | 'hint';
    readonly minMentions: number;
    readonly ignoreNames: readonly string[];
    readonly ignore: readonly string[];
    readonly missingSpace: boolean;
  };
}

export const DEFAULT_SETTINGS: ArabicNewsSettings = {
  files: { include: ['**/*.arnews', '**/*.txt'], exclude: ['**/node_modules/**', '**/.git/**'] },
  diagnostics: { severity: 'warning', minMentions: 2, ignoreNames: [], ignore: ['diacritics', 'tatweel', 'invisible', 'alefHamza', 'digits'], missingSpace: true },
};
