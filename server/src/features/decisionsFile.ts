/**
 * The decisions file of the workspace (`.arabic-news/annotations.json`, setting `arabicNews.annotations.file`,
 * relative to the first workspace folder): loaded at start, re-applied whenever it changes on disk (saved in the
 * editor, edited elsewhere, `git pull`), validated as it is typed (diagnostics in the file), and written for the
 * annotator's actions.
 *
 * A file with errors is never applied and never overwritten: the last good decisions stay in use, the errors are
 * diagnostics in the file, and a notification says so once per broken version.
 *
 * Writing an action (`apply`): when the file is open in an editor that applies workspace edits, the new text is
 * sent as a `workspace/applyEdit` replacing the document's text, so it is an ordinary edit in the editor's undo
 * stack (Ctrl+Z undoes it) and is applied here at once; otherwise the file is written atomically (write-then-rename)
 * after a three-way merge with what is on disk. Either way the merge base is the version we last read, so
 * concurrent edits are merged, not clobbered, and `undo` reverts the last action the same way.
 */
import * as path from 'path';
import { Diagnostic, DiagnosticSeverity, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { WorkspaceCorpus } from '../lsp/workspaceCorpus';
import { URI } from '../lsp/uri';
import { toRange } from '../lsp/convert';
import { DecisionsStore, DecisionsFileError, readDecisionsFile } from '../node/decisionsStore';
import { DecisionProblem, parseDecisions } from '../core/decisions/parse';
import { serializeDecisions } from '../core/decisions/serialize';
import { mergeDecisions } from '../core/decisions/merge';
import { Decisions, DEFAULT_DECISIONS_PATH, EMPTY_DECISIONS } from '../core/decisions/types';
import { DecisionsInfo, DIAGNOSTIC_SOURCE } from '../protocol';

export interface DecisionsHost {
  showError(message: string): void;
  /** Applies an edit in the client; undefined when the client cannot. */
  applyEdit?(edit: WorkspaceEdit, label: string): Promise<boolean>;
  /** The text of the decisions file when it is open in the client. */
  openText(uri: string): { text: string; version: number } | undefined;
}

export class DecisionsFile {
  folder = '';
  file = '';
  uri = '';
  private store: DecisionsStore | undefined;
  /** Problems of the text last seen (the open editor's, else the disk's). */
  private problems: readonly DecisionProblem[] = [];
  private problemsText = '';
  /** The decisions in use (the last good ones). */
  private applied: Decisions = EMPTY_DECISIONS;
  private notifiedBroken = '';
  private readonly history: Array<{ before: Decisions; after: Decisions }> = [];

  constructor(
    private readonly corpus: WorkspaceCorpus,
    private readonly host: DecisionsHost,
  ) {}

  /** Sets where the file is (first workspace folder + setting) and loads it. */
  configure(folders: readonly string[], relative: string): void {
    const folder = folders[0] ?? '';
    const file = folder ? path.resolve(folder, relative || DEFAULT_DECISIONS_PATH) : '';
    if (file === this.file && folder === this.folder) return;
    this.folder = folder;
    this.file = file;
    this.uri = file ? URI.fromFsPath(file) : '';
    this.store = file ? new DecisionsStore(file) : undefined;
    this.history.length = 0;
    this.reload();
  }

  /** Workspace-relative path of an article URI (as the decisions file names it). */
  fileOf(uri: string): string | undefined {
    const p = URI.toFsPath(uri);
    if (!p || !this.folder) return undefined;
    const rel = path.relative(this.folder, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  docOf = (file: string): string | undefined => (this.folder ? URI.fromFsPath(path.join(this.folder, file)) : undefined);

  isDecisionsFile(fsPath: string): boolean {
    return !!this.file && path.resolve(fsPath) === this.file;
  }

  /** Reads the file from disk and applies it when it is valid. Returns true when the decisions in use changed. */
  reload(): boolean {
    if (!this.store) {
      this.problems = [];
      return this.use(EMPTY_DECISIONS);
    }
    let r;
    try {
      r = this.store.read();
    } catch (e) {
      this.host.showError(`Arabic News: ${(e as Error).message}`);
      return false;
    }
    if (!this.host.openText(this.uri)) this.setProblems(r.text, r.problems);
    if (!r.decisions) {
      if (this.notifiedBroken !== r.text) {
        this.notifiedBroken = r.text;
        const p = r.problems[0];
        const line = p ? r.text.slice(0, p.start).split('\n').length : 0;
        this.host.showError(`Arabic News: ${path.basename(this.file)} has errors (line ${line}: ${p?.message ?? 'invalid'}). The last valid annotations stay in use; the file is not overwritten until it is fixed.`);
      }
      return false;
    }
    this.notifiedBroken = '';
    return this.use(r.decisions);
  }

  private use(d: Decisions): boolean {
    if (serializeDecisions(d) === serializeDecisions(this.applied)) return false;
    this.applied = d;
    this.corpus.setDecisions(d, this.docOf);
    return true;
  }

  private setProblems(text: string, problems: readonly DecisionProblem[]): void {
    this.problems = problems;
    this.problemsText = text;
  }

  /** The file is open and was edited: validate as typed (applied when saved). */
  onEditorText(text: string): void {
    this.setProblems(text, parseDecisions(text).problems);
  }

  onEditorClosed(): void {
    const r = this.file ? readDecisionsFile(this.file) : undefined;
    this.setProblems(r?.text ?? '', r?.problems ?? []);
  }

  get current(): Decisions {
    return this.applied;
  }

  info(): DecisionsInfo {
    return { uri: this.uri, exists: !!this.file && readDecisionsFile(this.file).exists, errors: this.problems.filter((p) => p.severity === 'error').length };
  }

  /** Diagnostics of the decisions file: its problems, and decisions that no longer apply. */
  diagnostics(): Diagnostic[] {
    const text = this.problemsText;
    const out: Diagnostic[] = this.problems.map((p) => ({
      range: toRange(text, { start: p.start, end: p.start + p.length }),
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'annotations',
      message: p.message,
    }));
    for (const s of this.corpus.snapshot().staleDecisions) {
      const needle = `"file": ${JSON.stringify(s.entry.file)}, "start": ${s.entry.start},`;
      const at = text.indexOf(needle);
      const start = at >= 0 ? text.lastIndexOf('{', at) : 0;
      out.push({ range: toRange(text, { start, end: at >= 0 ? text.indexOf('}', at) + 1 : 0 }), severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'stale-annotation', message: `Not applied: ${s.reason}` });
    }
    return out;
  }

  /** Applies an action's change to the decisions (see the file comment). */
  async apply(change: (d: Decisions) => Decisions, label: string, record = true): Promise<{ applied: boolean; message?: string; decisions?: Decisions }> {
    if (!this.store) return { applied: false, message: 'Open a folder first: annotations are saved in a file of the workspace folder.' };
    const before = this.applied;
    const next = change(before);
    const open = this.host.openText(this.uri);
    let merged: Decisions;
    try {
      if (open && this.host.applyEdit) {
        const parsed = parseDecisions(open.text);
        if (!parsed.decisions) return { applied: false, message: `${path.basename(this.file)} has errors; fix them first (the file is not overwritten).` };
        merged = mergeDecisions(this.store.current, next, parsed.decisions);
        const text = serializeDecisions(merged);
        const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri: this.uri, version: open.version }, edits: [TextEdit.replace(toRange(open.text, { start: 0, end: open.text.length }), text)] }] };
        if (!(await this.host.applyEdit(edit, label))) return { applied: false, message: 'The editor did not apply the edit.' };
        this.setProblems(text, []);
      } else {
        merged = this.store.write(next);
        this.setProblems(serializeDecisions(merged), []);
      }
    } catch (e) {
      if (e instanceof DecisionsFileError) return { applied: false, message: e.message };
      throw e;
    }
    this.notifiedBroken = '';
    this.use(merged);
    if (record) this.history.push({ before, after: merged });
    return { applied: true, decisions: merged };
  }

  /** Reverts the last action (merged with whatever changed since). */
  async undo(): Promise<{ applied: boolean; message?: string }> {
    const last = this.history.pop();
    if (!last) return { applied: false, message: 'There is no annotation to undo.' };
    const r = await this.apply((d) => mergeDecisions(last.after, last.before, d), 'Arabic News: undo annotation', false);
    if (!r.applied) this.history.push(last);
    return r;
  }
}
