/**
 * The Arabic News language server: capabilities and the wiring of LSP messages to the features in
 * server/src/features (one file per feature). State lives in WorkspaceCorpus; this file only routes.
 */
import {
  CodeAction, CodeActionKind, Connection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType,
  InitializeParams, InitializeResult, MessageType, ShowMessageNotification, TextDocumentSyncKind, TextDocuments, WorkDoneProgressServerReporter, CancellationToken, Position, ResponseError, LSPErrorCodes,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sha1Base64 } from '../node/contentHash';
import { createNodeEngine } from '../node/nodeEngine';
import { AnalysisCache, engineId } from '../node/analysisCache';
import { PassCache } from '../node/passCache';
import { AnalysisPool } from '../node/analysisPool';
import { limitHeapGrowth } from '../node/heapGrowth';
import { inSlices, WorkspaceCorpus, yieldToEventLoop } from './workspaceCorpus';
import { PassScheduler } from './passScheduler';
import { URI } from './uri';
import { FeatureContext, UNTRUSTED_ANNOTATION_MESSAGE, UNTRUSTED_MESSAGE } from '../features/context';
import { hover } from '../features/hover';
import { definition } from '../features/definition';
import { references } from '../features/references';
import { documentHighlight } from '../features/documentHighlight';
import { prepareRename, rename } from '../features/rename';
import { diagnostics, relatedSources, sameRelatedSources } from '../features/diagnostics';
import { actorFixes, codeActions, corpusFixes, FIX_ALL_KIND, resolveCodeAction } from '../features/codeActions';
import { documentSymbols, workspaceSymbols } from '../features/symbols';
import { SEMANTIC_LEGEND, semanticTokens } from '../features/semanticTokens';
import { actorAt, corpusOutlineInSlices, knownStats, occurrences, stats, statsInSlices } from '../features/corpusOutline';
import { workspaceEdit } from '../features/workspaceEdits';
import { DecisionsFile } from '../features/decisionsFile';
import { annotate, annotationActions, ANNOTATE_KIND, nameOccurrences } from '../features/annotations';
import { exportAnnotations, importAnnotationsRequest } from '../features/exportImport';
import {
  ActorTypeName, AnnotateRequest, ArabicNewsSettings, CorpusStats, DEFAULT_SETTINGS, ExportParams, ImportParams, InitializationOptions, NameOccurrencesParams, Notifications, OutlineParams, Requests, ServerCommands, ServerInfo, WorkspaceTrustParams,
} from '../protocol';
import { Finding, MentionToken } from '../core/model';
import { checkCancelled, documentPosition, documentUri, invalidParams, object, optionalString, position, range, string } from './params';

/** Quiet time after the last change before a full resolution pass starts. */
const PASS_DELAY_MS = 300;
/** Longest stretch of background tagging of an opened article between two yields (a request waits at most this long). */
const PREPARE_SLICE_MS = 2;
/** Quiet time after a full pass before the persisted index is written. */
const SAVE_DELAY_MS = 5000;
/** How long the corpus stays idle after a pass before the snapshot is prepared for requests (see PassScheduler). */
const IDLE_PREPARE_DELAY_MS = 1000;
/** Longest stretch of republishing the corpus between two yields: an edit's own diagnostics wait at most about this long. */
const PUBLISH_SLICE_MS = 4;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const corpus = new WorkspaceCorpus(createNodeEngine());
  let supportsConfiguration = false;
  let supportsWorkspaceFolders = false;
  let supportsWatchedFiles = false;
  let supportsProgress = false;
  let documentChanges = false;
  let trusted = true;
  let supportsApplyEdit = false;
  /** The client resolves code actions' edits (`codeAction/resolve`, with `data` kept). */
  let resolvesCodeActions = false;
  const decisions = new DecisionsFile(corpus, {
    // A notification, not a request: nothing to answer, and nothing to fail if the client does not show it.
    showError: (m) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: m }),
    applyEdit: async (edit, label) => supportsApplyEdit && (await connection.workspace.applyEdit({ label, edit })).applied,
    openText: (uri) => {
      const d = documents.get(uri);
      return d ? { text: d.getText(), version: d.version } : undefined;
    },
  });
  const configureDecisions = (): void => {
    decisions.configure(corpus.listFolders(), corpus.getSettings().annotations.file);
    decisionsChanged();
  };
  const ctx: FeatureContext = {
    corpus,
    versionOf: (uri) => documents.get(uri)?.version ?? null,
    get documentChanges() {
      return documentChanges;
    },
    get trusted() {
      return trusted;
    },
  };

  // --- publishing ---------------------------------------------------------------------------
  // After an edit, the edited article's diagnostics are published at once (its mentions re-resolved
  // against the last full pass). When edits pause, a full resolution pass runs in slices that yield
  // to the event loop, then every article whose diagnostics changed is republished.
  const published = new Map<string, string>();
  // The connection writes one message per turn of the event loop: after publishing the whole corpus,
  // thousands wait. `written` resolves once those sent so far are out.
  let lastSent: Promise<void> = Promise.resolve();
  const sent = (p: Promise<void>): void => {
    lastSent = p.catch(() => undefined);
  };
  const written = (): Promise<void> => lastSent;
  let lastNotified = '';
  /** The figures (articles, actors, spelling issues) of the last statistics the client was sent. */
  let lastFigures = '';
  const figuresOf = (s: CorpusStats): string => `${s.articles} ${s.actors} ${s.spellingIssues}`;
  let supportsSemanticRefresh = false;
  /** The findings state (corpus snapshot and settings) each article's published diagnostics were computed in. */
  const publishedIn = new Map<string, object>();
  /** The findings each article's published diagnostics were made from (the engine gives the same array while they are the same). */
  const publishedFindings = new Map<string, readonly Finding[]>();
  /** The mention tokens the related information of each article's published diagnostics points at (see relatedSources). */
  const publishedSources = new Map<string, readonly MentionToken[]>();
  const publish = (uri: string): void => {
    const present = corpus.engine.index.has(uri);
    // Diagnostics follow from the findings state: unchanged since the last publication, nothing to compute.
    const state = present ? corpus.findingsState() : undefined;
    if (state && publishedIn.get(uri) === state) return;
    // Nor when a pass kept the article's findings (see Engine.findings) and what their related information
    // points at did not move: their actors and texts are as they were.
    const findings = present ? corpus.findings(uri) : undefined;
    if (state && findings && publishedFindings.get(uri) === findings && sameRelatedSources(ctx, findings, publishedSources.get(uri))) {
      publishedIn.set(uri, state);
      return;
    }
    const diags = present ? diagnostics(ctx, uri) : [];
    if (state) publishedIn.set(uri, state);
    else publishedIn.delete(uri);
    // An article that never had diagnostics and is not open needs no empty list (most of a large corpus).
    if (!published.has(uri) && (!present || (diags.length === 0 && !documents.get(uri)))) return;
    if (findings) {
      publishedFindings.set(uri, findings);
      publishedSources.set(uri, relatedSources(ctx, findings));
    } else {
      publishedFindings.delete(uri);
      publishedSources.delete(uri);
    }
    // A digest, not the JSON itself: kept for every article, the JSON took tens of MB on a large corpus.
    const key = sha1Base64(JSON.stringify(diags));
    if (published.get(uri) === key) return;
    if (present) published.set(uri, key);
    else published.delete(uri);
    sent(connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: diags }));
  };
  /**
   * Publishes the whole corpus (after a pass, after the scan) in slices of PUBLISH_SLICE_MS; at each slice an
   * edited article waiting for its diagnostics goes first. Stops at a slice once `stop()` is true (an edit
   * came: the pass it scheduled publishes instead). True when it finished.
   */
  const publishAll = async (stop?: () => boolean): Promise<boolean> => {
    corpus.publishing = true;
    try {
      if (!(await inSlices(republishSteps(), PUBLISH_SLICE_MS, stop, publishEditsFirst))) return false;
      for (const uri of [...published.keys()]) if (!corpus.engine.index.has(uri) && uri !== decisions.uri) publish(uri);
      publishDecisions();
    } finally {
      corpus.publishing = false;
    }
    const state = `${corpus.version} ${corpus.indexing}`;
    if (state !== lastNotified && !corpus.stale) {
      lastNotified = state;
      const now = stats(ctx);
      lastFigures = figuresOf(now);
      sent(connection.sendNotification(Notifications.corpusChanged, now));
      if (supportsSemanticRefresh) void connection.languages.semanticTokens.refresh();
    }
    return true;
  };
  function* republishSteps(): Generator<void, void, void> {
    // Which findings the pass before carries over, compared in steps (see Engine.prepareFindings).
    yield* corpus.engine.prepareFindings();
    for (const uri of corpus.documents()) {
      publish(uri);
      yield;
    }
  }
  const publishEditsFirst = async (): Promise<void> => {
    if (touched.size > 0) publishTouched();
  };
  /** The decisions file: its problems and the decisions that no longer apply. */
  const publishDecisions = (): void => {
    if (!decisions.uri) return;
    const diags = decisions.diagnostics();
    const key = JSON.stringify(diags);
    if (published.get(decisions.uri) === key) return;
    published.set(decisions.uri, key);
    sent(connection.sendDiagnostics({ uri: decisions.uri, diagnostics: diags }));
  };
  /** The decisions changed: they apply to every article, so a full pass runs now. */
  const decisionsChanged = (): void => {
    publishDecisions();
    if (!corpus.indexing) void runFullPass();
  };
  const touched = new Set<string>();
  let touchedTimer: NodeJS.Immediate | undefined;
  /** Errors while publishing run from timers: logged (an uncaught one would end the process); the next change publishes again. */
  const logPublishError = (e: unknown): void => connection.console.error(`Arabic News: publishing diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const publishTouched = (): void => {
    if (touchedTimer) clearImmediate(touchedTimer);
    touchedTimer = undefined;
    try {
      for (const uri of touched) publish(uri);
      // After the diagnostics are out: the connection writes a message per turn of the event loop.
      figuresTimer ??= setImmediate(notifyFigures);
    } catch (e) {
      logPublishError(e);
    }
    touched.clear();
  };
  /** After an edit's own diagnostics: its figures (the status bar's), at once when they changed; the full pass follows. */
  let figuresTimer: NodeJS.Immediate | undefined;
  const notifyFigures = (): void => {
    figuresTimer = undefined;
    try {
      if (corpus.indexing) return;
      // Not when the count would judge the whole corpus (the last pass's publishing stopped): its pass tells.
      const now = knownStats(ctx);
      if (!now) return;
      const figures = figuresOf(now);
      if (figures === lastFigures) return;
      lastFigures = figures;
      sent(connection.sendNotification(Notifications.statsChanged, now));
    } catch (e) {
      logPublishError(e);
    }
  };
  // Full passes: one at a time; asking for one while one runs makes it run again after. When the corpus is
  // idle after one, what makes hovers on the most frequent actors cheap is prepared, in slices.
  const passes = new PassScheduler({
    stale: () => corpus.stale,
    busy: () => corpus.indexing,
    resolve: (stop) => corpus.resolveInSlices(stop),
    publish: publishAll,
    setSettling: (settling) => (corpus.settling = settling),
    prepare: (stop) => corpus.prepareInSlices(stop),
    passed: () => scheduleSave(),
    failed: logPublishError,
  }, IDLE_PREPARE_DELAY_MS);
  const runFullPass = (): Promise<void> => passes.run();
  // The persisted index is written after the first scan, some seconds after changes, and at shutdown: in
  // the background (encoded in slices, written asynchronously), one save after the other.
  let saveTimer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  const saveFailed = (e: unknown): void => connection.console.warn(`Arabic News: cannot write the persisted index: ${(e as Error).message}`);
  const saveCache = (): Promise<void> => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    saving = saving.then(() => corpus.saveCacheInSteps()).then(() => undefined, saveFailed);
    return saving;
  };
  const scheduleSave = (): void => {
    if (saveTimer || corpus.indexing) return;
    saveTimer = setTimeout(() => void saveCache(), SAVE_DELAY_MS);
  };
  /** An article changed (or several, without `uri`): publish it now, the whole corpus once edits pause. */
  const noteChange = (uri?: string): void => {
    if (uri) {
      touched.add(uri);
      touchedTimer ??= setImmediate(publishTouched);
    }
    if (!corpus.indexing) passes.schedule(PASS_DELAY_MS);
  };

  // An opened article is tagged sentence by sentence in the background (slices that yield), so that
  // its first keystroke re-tags only the sentence it changed (see Engine.prepareEdits).
  const toPrepare: string[] = [];
  let preparing = false;
  const prepareEdits = (uri: string): void => {
    if (!toPrepare.includes(uri)) toPrepare.push(uri);
    if (preparing) return;
    preparing = true;
    void (async () => {
      try {
        for (let uri = toPrepare.shift(); uri !== undefined; uri = toPrepare.shift()) {
          if (!corpus.isOpen(uri)) continue;
          await inSlices(corpus.engine.prepareEdits(uri), PREPARE_SLICE_MS, undefined, corpus.untilQuiet);
          await yieldToEventLoop();
        }
      } catch (e) {
        connection.console.error(`Arabic News: preparing an article for edits failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      } finally {
        preparing = false;
      }
    })();
  };

  // --- settings -----------------------------------------------------------------------------
  const readSettings = async (): Promise<void> => {
    if (!supportsConfiguration) return;
    const raw = (await connection.workspace.getConfiguration('arabicNews')) as Partial<ArabicNewsSettings> | null;
    corpus.applySettings(mergeSettings(raw));
  };

  // --- scanning -----------------------------------------------------------------------------
  let scanning: Promise<unknown> | undefined;
  const scanWorkspace = async (): Promise<void> => {
    let reporter: WorkDoneProgressServerReporter | undefined;
    if (supportsProgress) {
      reporter = await connection.window.createWorkDoneProgress();
      reporter.begin('Arabic News: indexing articles', 0, undefined, true);
    }
    const started = Date.now();
    const hitsBefore = corpus.cacheStats.hits;
    const result = await corpus.scan({
      report: (done, total) => reporter?.report(total ? Math.round((95 * done) / total) : 95, `${done}/${total} files`),
      cancelled: () => reporter?.token.isCancellationRequested ?? false,
    });
    for (const [uri, reason] of corpus.skipped) connection.console.warn(`Arabic News: skipped ${URI.toFsPath(uri) ?? uri}: ${reason}`);
    if (result.cancelled) void connection.window.showWarningMessage('Arabic News: indexing was cancelled; open articles are still analysed. Run "Arabic News: Rebuild Index" to index the workspace.');
    reporter?.report(95, 'grouping actors');
    const restored = corpus.restorePass();
    if (restored === 'restored') connection.console.info('Arabic News: corpus pass read from the persisted index');
    else if (restored !== 'none') connection.console.warn(`Arabic News: ${restored}`);
    await runFullPass();
    reporter?.done();
    const fromCache = corpus.cacheStats.hits - hitsBefore;
    connection.console.info(`Arabic News: indexed ${result.added} articles in ${Date.now() - started} ms (${fromCache} analyses from the persisted index${result.workers ? `, recognition in ${result.workers} worker threads` : ''})`);
    corpus.indexing = false;
    await publishAll();
    // The scan's diagnostics and the end of indexing go out before the persisted index is written.
    await written();
    limitHeapGrowth(); // the passes after edits come next (see heapGrowth.ts)
    void saveCache();
    passes.prepareWhenIdle();
  };
  // Rescans run one after another; requests that arrive while one is waiting to start share it
  // (a settings change arrives twice: as didChangeConfiguration and through synchronization).
  let queued: Promise<unknown> | undefined;
  const rescan = (): Promise<unknown> => {
    if (queued) return queued;
    // A scan that fails is logged; it never becomes an unhandled rejection (which would end the process).
    const run = (): Promise<void> => {
      queued = undefined;
      corpus.indexing = true;
      return scanWorkspace().catch((e: unknown) => {
        corpus.indexing = false;
        connection.console.error(`Arabic News: indexing failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        noteChange();
      });
    };
    queued = scanning = (scanning ?? Promise.resolve()).then(run, run);
    return queued;
  };

  // --- lifecycle ----------------------------------------------------------------------------
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsConfiguration = caps.workspace?.configuration === true;
    supportsWorkspaceFolders = caps.workspace?.workspaceFolders === true;
    supportsWatchedFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsProgress = caps.window?.workDoneProgress === true;
    documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
    supportsApplyEdit = caps.workspace?.applyEdit === true && documentChanges;
    supportsSemanticRefresh = caps.workspace?.semanticTokens?.refreshSupport === true;
    const ca = caps.textDocument?.codeAction;
    resolvesCodeActions = ca?.dataSupport === true && Array.isArray(ca.resolveSupport?.properties) && ca.resolveSupport.properties.includes('edit');
    trusted = (params.initializationOptions as InitializationOptions | null | undefined)?.trusted !== false;
    const folders = params.workspaceFolders?.map((f) => URI.toFsPath(f.uri)).filter((p): p is string => !!p) ??
      (params.rootUri ? [URI.toFsPath(params.rootUri)].filter((p): p is string => !!p) : params.rootPath ? [params.rootPath] : []);
    corpus.setFolders(folders);
    corpus.indexing = true; // until the first scan has finished
    // Recognition of many articles at once runs in worker threads of this same bundle.
    if (__filename.endsWith('.js')) corpus.poolFactory = () => new AnalysisPool(__filename, 'workspace');
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.storagePath === 'string' && options.storagePath) {
      const engine = engineId(__filename);
      const { entries, problem } = corpus.useCache(AnalysisCache.inFolder(options.storagePath, engine), PassCache.inFolder(options.storagePath, engine));
      if (problem) connection.console.warn(`Arabic News: persisted index: ${problem}`);
      else connection.console.info(`Arabic News: persisted index: ${entries} articles' analyses read`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        declarationProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ANNOTATE_KIND], resolveProvider: true },
        documentSymbolProvider: { label: 'Arabic News' },
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
        executeCommandProvider: { commands: [ServerCommands.fixActorInCorpus, ServerCommands.fixAllInCorpus, ServerCommands.annotate] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'arabic-news-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'arabicNews' });
    if (supportsWatchedFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{txt,arnews}' }, { globPattern: '**/*.json' }] });
    }
    if (supportsWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const current = new Set(corpus.listFolders());
      for (const f of e.removed) current.delete(URI.toFsPath(f.uri) ?? '');
      for (const f of e.added) current.add(URI.toFsPath(f.uri) ?? '');
      corpus.setFolders([...current].filter(Boolean));
      configureDecisions();
      void rescan();
    });
    await readSettings().catch((err) => connection.console.error(`Arabic News: cannot read settings: ${String(err)}`));
    configureDecisions();
    // Open documents were analysed as they opened; now the rest of the corpus.
    await rescan();
  });

  connection.onDidChangeConfiguration(async () => {
    await readSettings().catch((err) => connection.console.error(`Arabic News: cannot read settings: ${String(err)}`));
    configureDecisions();
    await rescan();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes: unknown[] = Array.isArray(params?.changes) ? params.changes : [];
    for (const change of changes) {
      const { uri, type } = (change ?? {}) as { uri?: unknown; type?: unknown };
      if (typeof uri !== 'string') continue;
      const file = URI.toFsPath(uri);
      if (!file) continue;
      if (decisions.isDecisionsFile(file)) {
        decisions.reload();
        decisionsChanged();
        continue;
      }
      if (file.endsWith('.json')) continue;
      if (type === FileChangeType.Deleted) corpus.deleteFile(file);
      else if ((type === FileChangeType.Created || type === FileChangeType.Changed) && corpus.matches(file)) corpus.loadFile(file);
      noteChange(uri);
    }
  });

  // A client could send a document without text (or with a number for text): it is ignored, with a warning.
  const textOf = (doc: TextDocument): string | undefined => {
    const text: unknown = doc.getText();
    if (typeof text === 'string') return text;
    connection.console.warn(`Arabic News: ignored ${String(doc.uri)}: the client sent no text for it`);
    return undefined;
  };
  documents.onDidOpen((e) => {
    const text = textOf(e.document);
    if (text === undefined) return;
    if (e.document.uri === decisions.uri) return (decisions.onEditorText(text), decisionsChanged());
    if (corpus.setOpenText(e.document.uri, text, e.document.languageId)) {
      noteChange(e.document.uri);
      prepareEdits(e.document.uri);
    }
  });
  documents.onDidChangeContent((e) => {
    const text = textOf(e.document);
    if (text === undefined) return;
    if (e.document.uri === decisions.uri) return (decisions.onEditorText(text), decisionsChanged());
    if (corpus.setOpenText(e.document.uri, text, e.document.languageId)) noteChange(e.document.uri);
  });
  documents.onDidClose((e) => {
    if (e.document.uri === decisions.uri) decisions.onEditorClosed();
    corpus.closeDocument(e.document.uri);
    noteChange(e.document.uri);
  });

  // --- features ---------------------------------------------------------------------------
  // Parameters are checked first (params.ts): a malformed request is answered InvalidParams, never an internal error.
  connection.onHover((p) => hover(ctx, ...at(p)));
  connection.onDefinition((p) => definition(ctx, ...at(p)));
  connection.onDeclaration((p) => definition(ctx, ...at(p)));
  connection.onReferences((p) => {
    const includeDeclaration = object(object(p, 'params').context, 'context').includeDeclaration;
    return references(ctx, ...at(p), includeDeclaration === true);
  });
  connection.onDocumentHighlight((p) => documentHighlight(ctx, ...at(p)));
  connection.onPrepareRename((p) => prepareRename(ctx, ...at(p)));
  connection.onRenameRequest((p) => rename(ctx, ...at(p), string(p.newName, 'newName')));
  connection.onCodeAction((p) => {
    const context = object(p.context, 'context');
    if (!Array.isArray(context.diagnostics)) throw invalidParams('context.diagnostics must be an array');
    if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === 'string'))) throw invalidParams('context.only must be an array of strings');
    const checked = { ...p, textDocument: { uri: documentUri(p) }, range: range(p.range) };
    // Annotation writes the decisions file: not offered in Restricted Mode.
    return [...codeActions(ctx, checked, resolvesCodeActions), ...(trusted ? annotationActions(ctx, checked) : [])];
  });
  connection.onCodeActionResolve((action) => resolveCodeAction(ctx, object(action, 'code action') as unknown as CodeAction));
  connection.onDocumentSymbol((p) => documentSymbols(ctx, documentUri(p)));
  connection.onWorkspaceSymbol((p) => workspaceSymbols(ctx, string(object(p, 'params').query, 'query')));
  connection.languages.semanticTokens.on((p) => semanticTokens(ctx, documentUri(p)));
  connection.onExecuteCommand(async (p, token) => {
    const command = string(object(p, 'params').command, 'command');
    if (command === ServerCommands.annotate) {
      if (!trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_ANNOTATION_MESSAGE);
      const result = await annotate(ctx, decisions, object(p.arguments?.[0], 'arguments[0] (the annotation)') as unknown as AnnotateRequest);
      if (result.applied) await runFullPass();
      return result;
    }
    let replacements;
    if (command === ServerCommands.fixActorInCorpus) replacements = actorFixes(ctx, string(p.arguments?.[0], 'arguments[0] (the actor id)'));
    else if (command === ServerCommands.fixAllInCorpus) replacements = corpusFixes(ctx);
    else throw invalidParams(`unknown command: ${command}`);
    if (!trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_MESSAGE);
    checkCancelled(token);
    if (replacements.length === 0) return { applied: true, changes: 0 };
    const result = await connection.workspace.applyEdit({ label: 'Arabic News: fix spelling variants', edit: workspaceEdit(ctx, replacements) });
    return { applied: result.applied, changes: replacements.length };
  });

  // --- custom requests ----------------------------------------------------------------------
  connection.onRequest(Requests.corpusOutline, (p: unknown) => corpusOutlineInSlices(ctx, outlineParams(p)));
  connection.onRequest(Requests.occurrences, (p: unknown) => {
    const o = object(p, 'params');
    return occurrences(ctx, { actorId: string(o.actorId, 'actorId'), variant: optionalString(o.variant, 'variant') });
  });
  connection.onRequest(Requests.actorAt, (p: unknown) => {
    const o = object(p, 'params');
    return actorAt(ctx, string(o.uri, 'uri'), position(o.position));
  });
  connection.onRequest(Requests.stats, () => statsInSlices(ctx));
  connection.onRequest(Requests.nameOccurrences, (p: NameOccurrencesParams) => nameOccurrences(ctx, p));
  // Annotation writes files (the decisions file, exports): refused in Restricted Mode, like corpus-wide fixes.
  connection.onRequest(Requests.exportAnnotations, (p: ExportParams) => {
    if (!trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_ANNOTATION_MESSAGE);
    return exportAnnotations(ctx, decisions, p);
  });
  connection.onRequest(Requests.importAnnotations, async (p: ImportParams) => {
    if (!trusted) throw new ResponseError(LSPErrorCodes.RequestFailed, UNTRUSTED_ANNOTATION_MESSAGE);
    const r = await importAnnotationsRequest(ctx, decisions, p);
    await runFullPass();
    return r;
  });
  connection.onRequest(Requests.decisionsInfo, () => decisions.info());
  connection.onRequest(Requests.serverInfo, (): ServerInfo => ({ pid: process.pid, uptimeMs: Math.round(process.uptime() * 1000) }));
  connection.onNotification(Notifications.workspaceTrust, (p: unknown) => {
    const t = (p as Partial<WorkspaceTrustParams> | null)?.trusted;
    if (typeof t === 'boolean') trusted = t;
  });
  connection.onRequest(Requests.rebuildIndex, async (...args: unknown[]) => {
    const token = args[args.length - 1] as CancellationToken; // (token) without params, (params, token) with
    await rescan();
    checkCancelled(token);
    return statsInSlices(ctx);
  });

  documents.listen(connection);
  connection.listen();
  // Shutdown waits for a save of the persisted index under way, and writes it at once when one was due
  // (the client gives the server little time).
  connection.onShutdown(async () => {
    passes.dispose();
    await saving;
    if (!saveTimer) return;
    clearTimeout(saveTimer);
    saveTimer = undefined;
    try {
      corpus.saveCache();
    } catch (e) {
      saveFailed(e);
    }
  });
}

/** `textDocument.uri` and `position` of a request, checked, as arguments for a feature. */
function at(params: unknown): [string, Position] {
  const { uri, position: pos } = documentPosition(params);
  return [uri, pos];
}

const ACTOR_TYPE_NAMES: readonly ActorTypeName[] = ['person', 'organization', 'place'];

/** The corpus outline's parameters, checked (absent or null means no filter, every type, no limit). */
function outlineParams(p: unknown): OutlineParams {
  if (p === undefined || p === null) return {};
  const o = object(p, 'params');
  const filter = optionalString(o.filter, 'filter');
  const type = optionalString(o.type, 'type');
  if (type !== undefined && !ACTOR_TYPE_NAMES.includes(type as ActorTypeName)) throw invalidParams(`type must be one of ${ACTOR_TYPE_NAMES.join(', ')}`);
  if (o.limit !== undefined && o.limit !== null && (typeof o.limit !== 'number' || !Number.isFinite(o.limit))) throw invalidParams('limit must be a number');
  return { filter, type: type as ActorTypeName | undefined, limit: typeof o.limit === 'number' ? o.limit : undefined };
}

/** Settings from the client, completed with defaults (a missing or wrongly typed value keeps its default). */
export function mergeSettings(raw: Partial<ArabicNewsSettings> | null | undefined): ArabicNewsSettings {
  const d = DEFAULT_SETTINGS;
  const strings = (v: unknown, dflt: readonly string[]): readonly string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : dflt);
  const files = (raw?.files ?? {}) as Partial<ArabicNewsSettings['files']>;
  const diag = (raw?.diagnostics ?? {}) as Partial<ArabicNewsSettings['diagnostics']>;
  const severities = ['error', 'warning', 'information', 'hint'] as const;
  const ann = (raw?.annotations ?? {}) as Partial<ArabicNewsSettings['annotations']>;
  return {
    files: { include: strings(files.include, d.files.include), exclude: strings(files.exclude, d.files.exclude) },
    annotations: { file: typeof ann.file === 'string' && ann.file.trim() !== '' ? ann.file : d.annotations.file },
    diagnostics: {
      severity: severities.includes(diag.severity as (typeof severities)[number]) ? (diag.severity as (typeof severities)[number]) : d.diagnostics.severity,
      minMentions: typeof diag.minMentions === 'number' && diag.minMentions >= 1 ? Math.floor(diag.minMentions) : d.diagnostics.minMentions,
      ignoreNames: strings(diag.ignoreNames, d.diagnostics.ignoreNames),
      ignore: strings(diag.ignore, d.diagnostics.ignore),
      missingSpace: typeof diag.missingSpace === 'boolean' ? diag.missingSpace : d.diagnostics.missingSpace,
    },
  };
}
