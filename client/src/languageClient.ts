/**
 * The LanguageClient for the Arabic News language server (`dist/server.js`, node IPC), wrapped as an
 * {@link ICorpusService} so the rest of the client never touches LSP types. Starting never throws: when
 * the server is missing or fails to start, the state becomes `unavailable` and a clear error is shown.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type DocumentSelector,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  DEFAULT_SETTINGS,
  Notifications,
  Requests,
  SERVER_ENVIRONMENT,
  type ActorAtParams,
  type ArabicNewsSettings,
  type CorpusStats,
  type InitializationOptions,
  type WorkspaceTrustParams,
  type OccurrencesParams,
  type OutlineActor,
  type OutlineOccurrence,
  type OutlineParams,
  type OutlineResult,
  type ServerInfo,
} from '../../server/src/protocol';
import { CONFIG_SECTION, LANGUAGE_ID } from './constants';
import { ServerUnavailableError, type IAnnotationService, type ServerState } from './corpusService';
/** The client id: VS Code reads `arabicNews.trace.server` for it. */
const CLIENT_ID = 'arabicNews';
const SERVER_MODULE = 'dist/server.js';
/** A server that dies is restarted at once, up to this many times in 3 minutes (vscode-languageclient's policy). */
export const MAX_RESTARTS = 4;

/**
 * Articles: the `arabic-news` language (files and unsaved buffers, not `git:` diff copies, which would count
 * as extra articles) and plain-text `.txt` files that were not switched to `arabic-news`.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: LANGUAGE_ID },
  { scheme: 'untitled', language: LANGUAGE_ID },
  { scheme: 'file', language: 'plaintext', pattern: '**/*.txt' },
  // The decisions file: the server validates it as it is edited and applies it on save.
  { scheme: 'file', language: 'json', pattern: '**/.arabic-news/*.json' },
];


function stringArray(value: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [...fallback];
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
type Severity = (typeof SEVERITIES)[number];

/** The `arabicNews.*` settings in the shape of `ArabicNewsSettings`, with defaults for missing or malformed values. */
export function readSettings(scope?: vscode.ConfigurationScope): ArabicNewsSettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const d = DEFAULT_SETTINGS;
  const severity = c.get<unknown>('diagnostics.severity');
  const minMentions = c.get<unknown>('diagnostics.minMentions');
  const missingSpace = c.get<unknown>('diagnostics.missingSpace');
  const annotationsFile = c.get<unknown>('annotations.file');
  return {
    annotations: { file: typeof annotationsFile === 'string' && annotationsFile.trim() !== '' ? annotationsFile : d.annotations.file },
    files: {
      include: stringArray(c.get<unknown>('files.include'), d.files.include),
      exclude: stringArray(c.get<unknown>('files.exclude'), d.files.exclude),
    },
    diagnostics: {
      severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : d.diagnostics.severity,
      minMentions: typeof minMentions === 'number' && Number.isFinite(minMentions) ? Math.max(1, Math.floor(minMentions)) : d.diagnostics.minMentions,
      ignoreNames: stringArray(c.get<unknown>('diagnostics.ignoreNames'), d.diagnostics.ignoreNames),
      ignore: stringArray(c.get<unknown>('diagnostics.ignore'), d.diagnostics.ignore),
      missingSpace: typeof missingSpace === 'boolean' ? missingSpace : d.diagnostics.missingSpace,
    },
  };
}

function mapState(s: State): ServerState {
  switch (s) {
    case State.Running:
      return 'running';
    case State.Starting:
      return 'starting';
    case State.Stopped:
    default:
      return 'stopped';
  }
}

export class ArabicNewsLanguageClient implements IAnnotationService, vscode.Disposable {
  private client: LanguageClient | undefined;
  private _state: ServerState = 'stopped';
  private starting: Promise<void> | undefined;
  /** The restart policy's state; replaced on a manual restart, so counting starts again. */
  private crashPolicy: ErrorHandler | undefined;
  /** True once the server crashed too often and is no longer restarted automatically. */
  private gaveUp = false;
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly corpusEmitter = new vscode.EventEmitter<CorpusStats>();
  private readonly statsEmitter = new vscode.EventEmitter<CorpusStats>();
  private readonly disposables: vscode.Disposable[] = [this.stateEmitter, this.corpusEmitter, this.statsEmitter];
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onCorpusChanged = this.corpusEmitter.event;
  readonly onStatsChanged = this.statsEmitter.event;
  readonly serverModule: string;
  /** Where the server keeps its persisted index: this workspace's storage folder (none without a workspace). */
  private readonly storagePath: string | undefined;

  constructor(
    context: vscode.ExtensionContext,
    readonly outputChannel: vscode.LogOutputChannel,
  ) {
    this.serverModule = context.asAbsolutePath(SERVER_MODULE);
    this.storagePath = context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined;
  }

  get state(): ServerState {
    return this._state;
  }

  private setState(s: ServerState): void {
    if (s === this._state) return;
    this._state = s;
    this.stateEmitter.fire(s);
  }

  /** Starts the server. Never throws; on failure the state is `unavailable` and an error message is shown. */
  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (!fs.existsSync(this.serverModule)) {
      this.setState('unavailable');
      const msg = vscode.l10n.t('Arabic News: the language server was not found at {0}. Build it with "npm run build", then run "Arabic News: Restart Language Server".', this.serverModule);
      this.outputChannel.error(msg);
      void this.showError(msg);
      return;
    }
    this.client ??= this.createClient();
    this.setState('starting');
    try {
      await this.client.start();
      this.setState(mapState(this.client.state));
    } catch (e) {
      this.setState('unavailable');
      const msg = vscode.l10n.t('Arabic News: the language server could not start: {0}', e instanceof Error ? e.message : String(e));
      this.outputChannel.error(msg);
      void this.showError(msg);
    }
  }

  private async showError(message: string): Promise<void> {
    const show = vscode.l10n.t('Show Output');
    const choice = await vscode.window.showErrorMessage(message, show);
    if (choice === show) this.outputChannel.show(true);
  }

  private createClient(): LanguageClient {
    const env = { ...process.env, ...SERVER_ENVIRONMENT };
    const serverOptions: ServerOptions = {
      run: { module: this.serverModule, transport: TransportKind.ipc, options: { env } },
      debug: { module: this.serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{txt,arnews}');
    this.disposables.push(watcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: CONFIG_SECTION, fileEvents: watcher },
      initializationOptions: (): InitializationOptions => ({ settings: readSettings(), trusted: vscode.workspace.isTrusted, storagePath: this.storagePath }),
      outputChannel: this.outputChannel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      markdown: { isTrusted: false, supportHtml: false },
      errorHandler: {
        error: (error, message, count) => this.policy(client).error(error, message, count),
        closed: () => this.serverClosed(client),
      },
    };
    const client = new LanguageClient(CLIENT_ID, vscode.l10n.t('Arabic News Language Server'), serverOptions, clientOptions);
    // Handlers registered on the client survive restarts.
    client.onNotification(Notifications.corpusChanged, (stats: CorpusStats) => this.corpusEmitter.fire(stats));
    client.onNotification(Notifications.statsChanged, (stats: CorpusStats) => this.statsEmitter.fire(stats));
    this.disposables.push(client.onDidChangeState((e) => this.setState(this.gaveUp && e.newState === State.Stopped ? 'unavailable' : mapState(e.newState))));
    // Trust is granted during a session (revoking it reloads the window): the running server is told at once.
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (client.isRunning()) void client.sendNotification(Notifications.workspaceTrust, { trusted: true } satisfies WorkspaceTrustParams);
      }),
    );
    return client;
  }

  private policy(client: LanguageClient): ErrorHandler {
    this.crashPolicy ??= client.createDefaultErrorHandler(MAX_RESTARTS);
    return this.crashPolicy;
  }

  /**
   * The server process ended without being asked to (killed, crashed, out of memory): it is restarted at once and
   * the open documents are sent to it again; after too many crashes in a short time the state becomes
   * `unavailable` and the user is told, with a button to restart it.
   */
  private async serverClosed(client: LanguageClient): Promise<{ action: CloseAction; message?: string; handled: boolean }> {
    const { action } = await this.policy(client).closed();
    if (action === CloseAction.Restart) {
      this.outputChannel.warn('The Arabic News language server stopped unexpectedly; it is being restarted.');
      return { action, handled: true };
    }
    this.gaveUp = true;
    const msg = vscode.l10n.t('The Arabic News language server stopped unexpectedly {0} times in 3 minutes and is no longer restarted automatically.', MAX_RESTARTS + 1);
    this.outputChannel.error(msg);
    const restart = vscode.l10n.t('Restart Language Server');
    void vscode.window.showErrorMessage(msg, restart).then((choice) => {
      if (choice === restart) void this.restart();
    });
    return { action, message: msg, handled: true };
  }

  /** Stops and starts the server again (also retries after `unavailable`, e.g. once the server was built). */
  async restart(): Promise<void> {
    this.gaveUp = false;
    this.crashPolicy = undefined;
    if (this.starting) await this.starting;
    if (this.client && this.client.needsStop()) {
      try {
        await this.client.stop();
      } catch (e) {
        this.outputChannel.warn(`stop failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await this.start();
  }

  async stop(): Promise<void> {
    if (this.client && this.client.needsStop()) await this.client.stop();
  }

  private async ready(): Promise<LanguageClient> {
    if (this.starting) await this.starting;
    if (!this.client || this._state === 'unavailable' || this._state === 'stopped') {
      throw new ServerUnavailableError(vscode.l10n.t('The Arabic News language server is not running.'));
    }
    return this.client;
  }

  private async request<R>(method: string, params: object | undefined, token?: vscode.CancellationToken): Promise<R> {
    const client = await this.ready();
    if (params === undefined) return token ? client.sendRequest<R>(method, token) : client.sendRequest<R>(method);
    return client.sendRequest<R>(method, params, token);
  }

  corpusOutline(params: OutlineParams, token?: vscode.CancellationToken): Promise<OutlineResult> {
    return this.request<OutlineResult>(Requests.corpusOutline, params, token);
  }

  occurrences(params: OccurrencesParams, token?: vscode.CancellationToken): Promise<readonly OutlineOccurrence[]> {
    return this.request<readonly OutlineOccurrence[]>(Requests.occurrences, params, token);
  }

  actorAt(params: ActorAtParams, token?: vscode.CancellationToken): Promise<OutlineActor | null> {
    return this.request<OutlineActor | null>(Requests.actorAt, params, token);
  }

  stats(token?: vscode.CancellationToken): Promise<CorpusStats> {
    return this.request<CorpusStats>(Requests.stats, undefined, token);
  }

  rebuildIndex(): Promise<CorpusStats> {
    return this.request<CorpusStats>(Requests.rebuildIndex, undefined);
  }

  /** The running server's process id and uptime. */
  serverInfo(): Promise<ServerInfo> {
    return this.request<ServerInfo>(Requests.serverInfo, undefined);
  }

  async executeServerCommand(command: string, args: readonly unknown[]): Promise<unknown> {
    const client = await this.ready();
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [...args] });
  }

  async customRequest<R>(method: string, params: unknown): Promise<R> {
    const client = await this.ready();
    return client.sendRequest<R>(method, params);
  }

  dispose(): void {
    void this.stop().catch(() => undefined);
    for (const d of this.disposables) d.dispose();
  }
}
