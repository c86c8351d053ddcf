/**
 * Arabic News Annotator: the thin VS Code client. Starts the language server (`dist/server.js`), and adds the
 * Corpus Outline view, the status bar item, article detection for `.txt` files and the commands.
 * Everything is pushed to `context.subscriptions`; nothing here throws when the server is missing.
 */
import * as vscode from 'vscode';
import type { CorpusStats, ServerInfo } from '../../server/src/protocol';
import { ArticleDetection } from './articleDetection';
import { Contexts } from './constants';
import { registerOutlineCommands } from './corpusOutline/commands';
import { FollowCursor } from './corpusOutline/followCursor';
import { CorpusOutlineProvider, type SnapshotOptions, type TreeSnapshotNode } from './corpusOutline/provider';
import { CorpusOutlineView } from './corpusOutline/view';
import type { ICorpusService, ServerState } from './corpusService';
import { ArabicNewsLanguageClient } from './languageClient';
import { registerServerCommands } from './serverCommands';
import { registerAnnotationCommands } from './annotations';
import { CorpusStatusBar } from './statusBar';

/** What `activate` returns (`vscode.extensions.getExtension(…).exports`), for in-editor tests. */
export interface ArabicNewsApi {
  /** Resolves when the first start attempt of the server has finished (successfully or not). */
  readonly ready: Promise<void>;
  readonly service: ICorpusService;
  serverState(): ServerState;
  statusText(): string;
  statusStats(): CorpusStats | undefined;
  getTreeSnapshot(options?: SnapshotOptions): Promise<TreeSnapshotNode[]>;
  /** Ids of the nodes selected in the Corpus Outline (e.g. after following the cursor). */
  outlineSelection(): string[];
  outlineVisible(): boolean;
  /** The running server process (fault-injection tests kill it and watch the client restart it). */
  serverInfo(): Promise<ServerInfo>;
}

let languageClient: ArabicNewsLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ArabicNewsApi {
  const output = vscode.window.createOutputChannel(vscode.l10n.t('Arabic News'), { log: true });
  const client = new ArabicNewsLanguageClient(context, output);
  languageClient = client;

  const setServerContext = (s: ServerState): Thenable<unknown> => vscode.commands.executeCommand('setContext', Contexts.serverState, s);
  void setServerContext(client.state);

  const provider = new CorpusOutlineProvider(client);
  const view = new CorpusOutlineView(client, provider);
  const status = new CorpusStatusBar(client);

  context.subscriptions.push(
    output,
    client,
    client.onDidChangeState((s) => void setServerContext(s)),
    provider,
    view,
    status,
    new FollowCursor(client, provider, view.treeView),
    new ArticleDetection(),
    ...registerServerCommands(client, client),
    ...registerOutlineCommands(client, provider, view.treeView),
    ...registerAnnotationCommands(client, output),
  );

  const ready = client.start();
  return {
    ready,
    service: client,
    serverState: () => client.state,
    statusText: () => status.text,
    statusStats: () => status.stats,
    getTreeSnapshot: (options) => provider.snapshot(options ?? {}),
    outlineSelection: () => view.treeView.selection.map((n) => n.id),
    outlineVisible: () => view.treeView.visible,
    serverInfo: () => client.serverInfo(),
  };
}

export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  await client?.stop();
}
