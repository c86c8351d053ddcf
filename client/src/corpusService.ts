/**
 * What the client's UI (outline, status bar, commands) needs from the language server.
 * Implemented by the LanguageClient wrapper in `languageClient.ts`; tests can hand in a fake.
 */
import type * as vscode from 'vscode';
import type {
  ActorAtParams,
  CorpusStats,
  OccurrencesParams,
  OutlineActor,
  OutlineOccurrence,
  OutlineParams,
  OutlineResult,
} from '../../server/src/protocol';

/** `starting` → `running`; `stopped` after a crash (until restarted) or stop; `unavailable` when the server cannot start at all, or crashed too often to be restarted automatically. */
export type ServerState = 'starting' | 'running' | 'stopped' | 'unavailable';

export interface ICorpusService {
  readonly state: ServerState;
  readonly onDidChangeState: vscode.Event<ServerState>;
  /** Fired with the new stats whenever the server sends `Notifications.corpusChanged`. */
  readonly onCorpusChanged: vscode.Event<CorpusStats>;
  /** Fired with the new figures when an edit changed them before its full pass (`Notifications.statsChanged`). */
  readonly onStatsChanged: vscode.Event<CorpusStats>;

  corpusOutline(params: OutlineParams, token?: vscode.CancellationToken): Promise<OutlineResult>;
  occurrences(params: OccurrencesParams, token?: vscode.CancellationToken): Promise<readonly OutlineOccurrence[]>;
  actorAt(params: ActorAtParams, token?: vscode.CancellationToken): Promise<OutlineActor | null>;
  stats(token?: vscode.CancellationToken): Promise<CorpusStats>;
  rebuildIndex(): Promise<CorpusStats>;
  /** Runs a command the server registered (workspace/executeCommand). */
  executeServerCommand(command: string, args: readonly unknown[]): Promise<unknown>;
}

/** Thrown by the service when the server is not running (not built, failed to start, crashed). */
export class ServerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerUnavailableError';
  }
}

/** The service the annotation commands need: the corpus service plus any custom request of `protocol.ts`. */
export interface IAnnotationService extends ICorpusService {
  customRequest<R>(method: string, params: unknown): Promise<R>;
}
