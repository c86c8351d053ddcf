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
  /**
   * True while changes wait for the next full corpus pass or its republished diagnostics: edited articles are
   * already current, corpus-wide figures (other articles' diagnostics, counts) catch up when it has run.
   * False once everything is settled.
   */
  readonly pending: boolean;
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
  /** NameOccurrencesParams → NameOccurrencesResult: every occurrence of the selected name (for the mark preview). */
  nameOccurrences: 'arabicNews/nameOccurrences',
  /** ExportParams → ExportReport: writes the annotations in a format into a folder. */
  exportAnnotations: 'arabicNews/exportAnnotations',
  /** ImportParams → ImportResult: reads brat or JSONL annotations into the decisions file. */
  importAnnotations: 'arabicNews/importAnnotations',
  /** void → DecisionsInfo: where the decisions file is and its state. */
  decisionsInfo: 'arabicNews/decisionsInfo',
  /** void → ServerInfo: the server process (for the log, and for fault-injection tests that kill it). */
  serverInfo: 'arabicNews/serverInfo',
} as const;

export interface ServerInfo {
  readonly pid: number;
  /** Milliseconds since the server process started. */
  readonly uptimeMs: number;
}

// --- annotation (the decisions file) -------------------------------------------------------------

export interface LspRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export interface NameOccurrencesParams {
  readonly uri: string;
  readonly range: LspRange;
}

export interface NameOccurrence {
  readonly uri: string;
  readonly range: LspRange;
  /** The name as written there (clitic excluded). */
  readonly text: string;
  /** The line around it, for the preview. */
  readonly preview: string;
  /** The actor this occurrence is already a mention of, if any. */
  readonly actor?: { readonly id: string; readonly canonical: string; readonly type: ActorTypeName };
}

export interface NameOccurrencesResult {
  /** The selected name (clitics before it left out), or '' when the selection holds no word. */
  readonly name: string;
  /** The occurrence that was selected. */
  readonly selected?: NameOccurrence;
  /** Every occurrence in the corpus, the selected article first. */
  readonly occurrences: readonly NameOccurrence[];
}

export interface AnnotationSpan {
  readonly uri: string;
  readonly range: LspRange;
  readonly text: string;
}

/** The annotator's actions; each becomes an edit of the decisions file (ServerCommands.annotate). */
export type AnnotateRequest =
  | { readonly action: 'mark'; readonly type: ActorTypeName; readonly actorId?: string; readonly spans: readonly AnnotationSpan[]; readonly unticked?: readonly AnnotationSpan[] }
  | { readonly action: 'remove'; readonly uri: string; readonly range: LspRange }
  | { readonly action: 'notEntity'; readonly text: string }
  | { readonly action: 'setCanonical'; readonly actorId: string; readonly spelling: string }
  | { readonly action: 'setType'; readonly actorId: string; readonly type: ActorTypeName }
  | { readonly action: 'merge'; readonly targetId: string; readonly otherId: string }
  | { readonly action: 'keepSeparate'; readonly spelling: string; readonly other: string }
  | { readonly action: 'accept'; readonly actorId: string; readonly spelling: string }
  | { readonly action: 'undo' };

export interface AnnotateResult {
  readonly applied: boolean;
  /** Why not, when not applied. */
  readonly message?: string;
  /** The decisions file that was edited. */
  readonly file?: string;
  /** The actor marked spans now belong to (action `mark`). */
  readonly actorId?: string;
}

export type ExportFormatName = 'jsonl' | 'conll' | 'brat';

export interface ExportParams {
  readonly format: ExportFormatName;
  /** Folder to write into (a file-system path or file: URI). */
  readonly folder: string;
}

export interface ExportReport {
  readonly written: readonly string[];
  readonly counts: Readonly<Record<ActorTypeName, number>>;
  /** What the format could not represent, one line each. */
  readonly notRepresented: readonly string[];
}

export interface ImportParams {
  readonly format: 'brat' | 'jsonl';
  /** A .jsonl file or a folder of brat .ann files (a path or file: URI). */
  readonly source: string;
}

export interface ImportResult {
  readonly applied: boolean;
  readonly message?: string;
  readonly entities: number;
  readonly added: number;
  readonly removed: number;
  readonly problems: readonly string[];
  readonly differences: readonly string[];
}

export interface DecisionsInfo {
  /** file: URI of the decisions file ('' without a workspace folder). */
  readonly uri: string;
  readonly exists: boolean;
  /** Errors in the file (the last good decisions stay in use meanwhile). */
  readonly errors: number;
}

export const Notifications = {
  /** CorpusStats: sent when the corpus changed (after edits settle, after a scan). */
  corpusChanged: 'arabicNews/corpusChanged',
  /**
   * CorpusStats: an edit changed the figures (articles, actors, spelling issues) before the full pass that
   * follows it — sent once the edited articles' diagnostics are published, so the status bar's count
   * follows each fix at once. Views built on the whole corpus (the outline) wait for `corpusChanged`.
   */
  statsChanged: 'arabicNews/statsChanged',
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
  /** A folder the server may write its persisted index to (VS Code: the workspace storage folder). */
  readonly storagePath?: string;
}

/**
 * The environment a client starts the server process with (besides its own); glibc's allocator reads it, other
 * C libraries ignore it. The analysis worker threads of a large scan allocate large buffers (the tagger's tables
 * and word cache, token arrays) and end when the scan does:
 * - `MALLOC_ARENA_MAX`: two malloc arenas in all, so that each worker does not leave an arena of its own behind
 *   (about 100 MB of resident memory at 10,000 articles);
 * - `MALLOC_MMAP_THRESHOLD_`: a buffer of 128 KB or more always gets a mapping of its own, returned to the system
 *   when it is freed. By default the first large buffer freed raises that threshold (up to 32 MB), the next ones
 *   come from the arena, and the small buffers the main thread keeps from it stop the arena from being trimmed:
 *   40–60 MB more resident memory after a cold scan of 10,000 articles
 *   (`test/server/allocatorEnvironment.test.ts`).
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

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
  /** [AnnotateRequest] → AnnotateResult: an annotator's action, written to the decisions file. */
  annotate: 'arabicNews.server.annotate',
} as const;

/** The client command a code action opens to mark a selection (with the occurrence preview): [uri, range, type]. */
export const CLIENT_MARK_COMMAND = 'arabicNews.markSelection';

/** Settings under `arabicNews.*`. */
export interface ArabicNewsSettings {
  readonly files: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  /** The decisions file, relative to the (first) workspace folder. */
  readonly annotations: { readonly file: string };
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
  annotations: { file: '.arabic-news/annotations.json' },
  diagnostics: { severity: 'warning', minMentions: 2, ignoreNames: [], ignore: ['diacritics', 'tatweel', 'invisible', 'alefHamza', 'digits'], missingSpace: true },
};
