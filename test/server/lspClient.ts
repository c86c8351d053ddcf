/**
 * A minimal LSP client for protocol tests: starts the real bundled server (dist/server.js --stdio) as a
 * child process and speaks JSON-RPC to it over stdio, as an editor would.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI as VsUri } from 'vscode-uri';
import { CorpusStats, Notifications, Requests } from '../../server/src/protocol';

export const ROOT = path.resolve(__dirname, '../..');

export class TestClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** The document version of the last diagnostics published for each URI. */
  readonly diagnosticVersions = new Map<string, number | undefined>();
  /** window/logMessage and window/showMessage texts, in order. */
  readonly messages: Array<{ kind: 'log' | 'show'; type: number; message: string }> = [];
  lastStats: CorpusStats | undefined;
  /** Both statistics notifications, in the order they arrived. */
  readonly statsNotifications: Array<{ method: 'corpusChanged' | 'statsChanged'; stats: CorpusStats }> = [];
  stderr = '';
  private waiters: Array<() => void> = [];
  /** Edits the server asked the client to apply (workspace/applyEdit). */
  readonly appliedEdits: unknown[] = [];
  settings: Record<string, unknown> = {};

  /**
   * Starts `node dist/server.js --stdio`, or `node <script…>` when a command line is given. `nodeArgs` go before
   * the script (e.g. `--require` of a fault-injecting preload).
   */
  constructor(args: string[] = ['--stdio'], script?: string[], nodeArgs: readonly string[] = [], env: NodeJS.ProcessEnv = process.env) {
    const argv = script ? script.map((s, i) => (i === 0 ? path.join(ROOT, s) : s)) : [path.join(ROOT, 'dist/server.js'), ...args];
    this.proc = spawn(process.execPath, [...nodeArgs, ...argv], { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT, env });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.diagnosticVersions.set(p.uri, p.version);
      this.wake();
    });
    this.conn.onNotification(Notifications.corpusChanged, (s: CorpusStats) => {
      this.lastStats = s;
      this.statsNotifications.push({ method: 'corpusChanged', stats: s });
      this.wake();
    });
    this.conn.onNotification(Notifications.statsChanged, (s: CorpusStats) => {
      this.statsNotifications.push({ method: 'statsChanged', stats: s });
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.stderr += p.message + '\n';
      this.messages.push({ kind: 'log', type: p.type, message: p.message });
      this.wake();
    });
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push({ kind: 'show', type: p.type, message: p.message });
      this.wake();
    });
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map(() => this.settings));
    this.conn.onRequest('workspace/applyEdit', (p: { edit: unknown }) => {
      this.appliedEdits.push(p.edit);
      return { applied: true };
    });
    this.conn.onRequest('workspace/semanticTokens/refresh', () => null);
    this.conn.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until a condition holds, re-checking after every notification; fails after a deadline. */
  async until<T>(what: string, check: () => T | undefined | false, timeoutMs = 30000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async initialize(folder: string, capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
      rootUri: uri(folder),
      workspaceFolders: [{ uri: uri(folder), name: path.basename(folder) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true }, semanticTokens: { refreshSupport: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
        ...capabilities,
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Waits for the initial scan to finish with `articles` documents indexed. */
  async indexed(articles: number): Promise<CorpusStats> {
    return this.until(`index of ${articles} articles`, () => (this.lastStats && !this.lastStats.indexing && this.lastStats.articles === articles ? this.lastStats : undefined));
  }

  /** Waits until the server has no corpus pass pending (edits made so far are reflected everywhere). */
  async settled(timeoutMs = 60000): Promise<CorpusStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.request<CorpusStats>(Requests.stats, undefined);
      if (!s.pending) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the server to settle\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

export function uri(file: string): string {
  return VsUri.file(file).toString();
}
