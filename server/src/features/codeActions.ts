/**
 * Code actions: "replace with <canonical>" per diagnostic (preferred), "fix all spelling variants in this
 * article", "fix all spelling variants of <actor> in the corpus" (one WorkspaceEdit over many articles),
 * and `source.fixAll` for the article.
 */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, Position, WorkspaceEdit } from 'vscode-languageserver';
import { FeatureContext } from './context';
import { Codes, DIAGNOSTIC_SOURCE, DiagnosticData } from '../protocol';
import { Finding } from '../core/model';
import { toOffset, toPosition } from '../lsp/convert';
import { Replacement, workspaceEdit } from './workspaceEdits';
import { plainText } from './markdown';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.arabicNews';

function isOurs(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  if (typeof d !== 'object' || d === null || d.source !== DIAGNOSTIC_SOURCE || typeof d.data !== 'object' || d.data === null) return false;
  const data = d.data as DiagnosticData;
  return typeof data.expected === 'string' && typeof data.found === 'string' && data.found.length > 0 && data.expected !== data.found;
}

const samePosition = (a: Position, b: Position): boolean => a.line === b.line && a.character === b.character;

/**
 * The offsets of a diagnostic's range, when it still covers exactly the text it reported. Diagnostics come back
 * from the client: a stale, forged or out-of-range one (empty, inverted, past the end) gets no fix.
 */
function liveSpan(text: string, d: Diagnostic & { data: DiagnosticData }): { start: number; end: number } | undefined {
  const r = d.range as Partial<Diagnostic['range']> | undefined;
  if (!r?.start || !r.end) return undefined;
  const start = toOffset(text, r.start);
  const end = toOffset(text, r.end);
  if (end <= start || !samePosition(toPosition(text, start), r.start) || !samePosition(toPosition(text, end), r.end)) return undefined;
  return text.slice(start, end) === d.data.found ? { start, end } : undefined;
}

const toReplacement = (f: Finding): Replacement => ({ doc: f.doc, start: f.start, end: f.end, newText: f.expected });

/** Fixes per actor, per findings state (snapshot and settings): code action requests ask for the same actor again and again. */
const actorFixesCache = new WeakMap<object, Map<string, Replacement[]>>();

/** Every spelling fix of one actor across the corpus. */
export function actorFixes(ctx: FeatureContext, actorId: string): Replacement[] {
  const state = ctx.corpus.findingsState();
  let byActor = actorFixesCache.get(state);
  if (!byActor) actorFixesCache.set(state, (byActor = new Map()));
  const cached = byActor.get(actorId);
  if (cached) return cached.slice();
  const out: Replacement[] = [];
  // Only the articles that mention the actor can hold its spelling findings; in corpus order (sorted identifiers).
  const docs = new Set<string>();
  let previous: string | undefined;
  for (const m of ctx.corpus.snapshot().mentionsOf(actorId)) {
    if (m.doc !== previous) docs.add((previous = m.doc));
  }
  for (const doc of [...docs].sort()) {
    for (const f of ctx.corpus.findings(doc)) if (f.code === 'spelling-variant' && f.actor === actorId) out.push(toReplacement(f));
  }
  byActor.set(actorId, out);
  return out.slice();
}

/** Every fix (spelling and missing space) in the corpus. */
export function corpusFixes(ctx: FeatureContext): Replacement[] {
  return ctx.corpus.documents().flatMap((doc) => ctx.corpus.findings(doc).map(toReplacement));
}

function articleFixes(ctx: FeatureContext, uri: string): Replacement[] {
  return ctx.corpus.findings(uri).map(toReplacement);
}

/** What a corpus-wide fix action carries when its edit is made on `codeAction/resolve` (see `resolveCodeAction`). */
interface CorpusFixData {
  readonly corpusFix: string;
}

/**
 * Code actions for a range. `lazy`: the client resolves code actions' edits (`codeAction/resolve`): the
 * corpus-wide fix of an actor, an edit over every article that names it, is then made only when chosen
 * (the light bulb is asked for at every cursor move, and at 30,000 articles that edit took tens of ms).
 */
export function codeActions(ctx: FeatureContext, params: CodeActionParams, lazy = false): CodeAction[] {
  const uri = params.textDocument.uri;
  const text = ctx.corpus.text(uri);
  if (text === undefined) return [];
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const seenActors = new Set<string>();
    for (const d of params.context.diagnostics) {
      if (!isOurs(d)) continue;
      const span = liveSpan(text, d);
      if (!span) continue; // stale or forged diagnostic
      const { start, end } = span;
      const edit: WorkspaceEdit = workspaceEdit(ctx, [{ doc: uri, start, end, newText: d.data.expected }]);
      actions.push({
        title: plainText(d.code === Codes.missingSpace ? `Insert the missing space: «${d.data.expected}»` : `Replace with «${d.data.expected}»`),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit,
      });
      // Fixing the actor across the corpus edits other articles: only in a trusted workspace.
      if (ctx.trusted && d.code === Codes.spellingVariant && d.data.actorId && !seenActors.has(d.data.actorId)) {
        seenActors.add(d.data.actorId);
        const fixes = actorFixes(ctx, d.data.actorId);
        const docs = new Set(fixes.map((f) => f.doc)).size;
        if (fixes.length > 1) {
          actions.push({
            title: plainText(`Fix all spelling variants of «${d.data.actorName ?? d.data.expected}» in the corpus (${fixes.length} in ${docs} article${docs === 1 ? '' : 's'})`),
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            ...(lazy ? { data: { corpusFix: d.data.actorId } satisfies CorpusFixData } : { edit: workspaceEdit(ctx, fixes) }),
          });
        }
      }
    }
    if (actions.length > 0) {
      const all = articleFixes(ctx, uri);
      if (all.length > 1) actions.push({ title: `Fix all spelling issues in this article (${all.length})`, kind: CodeActionKind.QuickFix, edit: workspaceEdit(ctx, all) });
    }
  }
  if (wants(FIX_ALL_KIND) && (only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll)) ?? false)) {
    const all = articleFixes(ctx, uri);
    if (all.length > 0) actions.push({ title: 'Fix all spelling issues in this article', kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, all) });
  }
  return actions;
}

/**
 * The edit of a code action given without one (`codeActions` with `lazy`): the fixes of its actor in the
 * corpus as it is now. Anything else comes back as it was sent. The fixes edit other articles: none in an
 * untrusted workspace.
 */
export function resolveCodeAction(ctx: FeatureContext, action: CodeAction): CodeAction {
  const data = action.data as Partial<CorpusFixData> | null | undefined;
  if (action.edit || typeof data !== 'object' || data === null || typeof data.corpusFix !== 'string' || !ctx.trusted) return action;
  return { ...action, edit: workspaceEdit(ctx, actorFixes(ctx, data.corpusFix)) };
}
