/**
 * The annotator's actions on the decisions file: code actions in articles (mark a selection as a person,
 * organization or place; remove an entity; not an entity; change the type; set the canonical spelling; keep a
 * spelling apart from its actor or accept it), the `annotate` command that performs every action (also used by the
 * outline's context menu), and the occurrences of a selected name for the mark preview.
 */
import { CodeAction, CodeActionKind, CodeActionParams, Command, Diagnostic, Range } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { DecisionsFile } from './decisionsFile';
import { toOffset, toRange } from '../lsp/convert';
import { ResolvedActor } from '../core/corpus/corpusIndex';
import { ACTOR_TYPES, ActorType } from '../core/model';
import { SpanRef } from '../core/decisions/types';
import { formKey } from '../core/decisions/names';
import { acceptSpelling, ActorRef, keepSeparate, markEntities, markNotEntity, mergeActors, removeMention, setCanonical, setType } from '../core/decisions/edits';
import { findOccurrences } from '../core/decisions/occurrences';
import {
  AnnotateRequest, AnnotateResult, CLIENT_MARK_COMMAND, Codes, DIAGNOSTIC_SOURCE, DiagnosticData, NameOccurrence, NameOccurrencesParams, NameOccurrencesResult, ServerCommands,
} from '../protocol';

export const ANNOTATE_KIND = CodeActionKind.Refactor + '.arabicNews.annotate';
const TYPE_WORD: Record<ActorType, string> = { person: 'person', organization: 'organization', place: 'place' };

const refOf = (a: ResolvedActor): ActorRef => ({ id: a.id, canonical: a.canonical, type: a.type, variants: a.variants.map((v) => v.text) });

function cmd(title: string, req: AnnotateRequest): Command {
  return Command.create(title, ServerCommands.annotate, req);
}

/** Code actions about annotation at a selection or mention. */
export function annotationActions(ctx: FeatureContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const text = ctx.corpus.text(uri);
  if (text === undefined) return [];
  const only = params.context.only;
  if (only && !only.some((k) => ANNOTATE_KIND.startsWith(k) || k === CodeActionKind.QuickFix)) return [];
  const out: CodeAction[] = [];
  const wantsRefactor = !only || only.some((k) => ANNOTATE_KIND.startsWith(k));
  const s = toOffset(text, params.range.start);
  const e = toOffset(text, params.range.end);
  const selected = text.slice(s, e).trim();
  const hit = mentionAt(ctx, uri, params.range.start);
  if (wantsRefactor && selected && /\p{L}/u.test(selected) && !selected.includes('\n')) {
    for (const t of ACTOR_TYPES) {
      out.push({ title: `Mark «${selected}» as a ${TYPE_WORD[t]}…`, kind: ANNOTATE_KIND, command: Command.create(`Mark «${selected}» as a ${TYPE_WORD[t]}…`, CLIENT_MARK_COMMAND, uri, params.range, t) });
    }
  }
  if (wantsRefactor && hit) {
    const { mention: m, actor } = hit;
    out.push({ title: `Remove the entity «${m.text}» here`, kind: ANNOTATE_KIND, command: cmd(`Remove the entity «${m.text}» here`, { action: 'remove', uri, range: toRange(text, m) }) });
    out.push({ title: `«${m.text}» is not an entity (everywhere)`, kind: ANNOTATE_KIND, command: cmd(`«${m.text}» is not an entity (everywhere)`, { action: 'notEntity', text: m.text }) });
    for (const t of ACTOR_TYPES) {
      if (t === actor.type) continue;
      out.push({ title: `«${actor.canonical}» is a ${TYPE_WORD[t]}`, kind: ANNOTATE_KIND, command: cmd(`«${actor.canonical}» is a ${TYPE_WORD[t]}`, { action: 'setType', actorId: actor.id, type: t }) });
    }
    if (m.text !== actor.canonical && m.tokens.length >= actor.canonicalTokens.length) {
      out.push({ title: `Make «${m.text}» the canonical spelling of «${actor.canonical}»`, kind: ANNOTATE_KIND, command: cmd(`Make «${m.text}» the canonical spelling of «${actor.canonical}»`, { action: 'setCanonical', actorId: actor.id, spelling: m.text }) });
    }
  }
  // On a spelling-variant warning: the spelling is another actor, or an accepted spelling of this one.
  for (const d of params.context.diagnostics as Diagnostic[]) {
    if (d.source !== DIAGNOSTIC_SOURCE || d.code !== Codes.spellingVariant) continue;
    const data = d.data as DiagnosticData | undefined;
    const h = mentionAt(ctx, uri, d.range.start);
    if (!h || !data?.actorId) continue;
    const { mention: m, actor } = h;
    if (formKey(m.text) !== formKey(actor.canonical)) {
      const title = `«${m.text}» is a different actor from «${actor.canonical}» (keep separate)`;
      out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: cmd(title, { action: 'keepSeparate', spelling: m.text, other: actor.canonical }) });
    }
    const title = `Accept «${m.text}» as a spelling of «${actor.canonical}»`;
    out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: cmd(title, { action: 'accept', actorId: actor.id, spelling: m.text }) });
  }
  return out;
}

function spanRef(ctx: FeatureContext, dfile: DecisionsFile, s: { uri: string; range: Range }): SpanRef | undefined {
  const text = ctx.corpus.text(s.uri);
  const file = dfile.fileOf(s.uri);
  if (text === undefined || file === undefined) return undefined;
  let start = toOffset(text, s.range.start);
  let end = toOffset(text, s.range.end);
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { file, start, end, text: text.slice(start, end) } : undefined;
}

/** Performs an annotator's action (ServerCommands.annotate). */
export async function annotate(ctx: FeatureContext, dfile: DecisionsFile, req: AnnotateRequest): Promise<AnnotateResult> {
  const snap = ctx.corpus.snapshot();
  const actor = (id: string): ActorRef | undefined => {
    const a = snap.actorById(id);
    return a ? refOf(a) : undefined;
  };
  const fail = (message: string): AnnotateResult => ({ applied: false, message });
  let actorId: string | undefined;
  let change: ((d: import('../core/decisions/types').Decisions) => import('../core/decisions/types').Decisions) | undefined;
  let label = 'Arabic News: annotate';
  switch (req.action) {
    case 'mark': {
      const spans = req.spans.map((s) => spanRef(ctx, dfile, s)).filter((s): s is SpanRef => !!s);
      if (spans.length === 0) return fail('Nothing to mark: the selection is not in an article of the workspace folder.');
      const target = req.actorId ? actor(req.actorId) : undefined;
      if (req.actorId && !target) return fail(`No actor ${req.actorId} in the corpus.`);
      // Unticked occurrences that are mentions now are removed, so that they stay unmarked.
      const unticked = (req.unticked ?? []).map((s) => spanRef(ctx, dfile, s)).filter((s): s is SpanRef => !!s).filter((s) => {
        const doc = dfile.docOf(s.file);
        return doc !== undefined && snap.mentions(doc).some((m) => m.start === s.start && m.end === s.end);
      });
      change = (d) => {
        const r = markEntities(d, spans, req.type, target);
        actorId = r.actorId;
        return unticked.reduce((acc, s) => removeMention(acc, s), r.decisions);
      };
      label = `Arabic News: mark «${spans[0]!.text}» as a ${TYPE_WORD[req.type]}`;
      break;
    }
    case 'remove': {
      const text = ctx.corpus.text(req.uri);
      const file = dfile.fileOf(req.uri);
      if (text === undefined || file === undefined) return fail('Not an article of the workspace folder.');
      const m = snap.mentionAt(req.uri, toOffset(text, req.range.start));
      if (!m) return fail('There is no entity here.');
      change = (d) => removeMention(d, { file, start: m.start, end: m.end, text: m.text });
      label = `Arabic News: remove «${m.text}»`;
      break;
    }
    case 'notEntity':
      change = (d) => markNotEntity(d, req.text);
      break;
    case 'setCanonical': {
      const a = actor(req.actorId);
      if (!a) return fail(`No actor ${req.actorId} in the corpus.`);
      change = (d) => setCanonical(d, a, req.spelling);
      break;
    }
    case 'setType': {
      const a = actor(req.actorId);
      if (!a || !ACTOR_TYPES.includes(req.type)) return fail(`No actor ${req.actorId} in the corpus.`);
      change = (d) => setType(d, a, req.type);
      break;
    }
    case 'accept': {
      const a = actor(req.actorId);
      if (!a) return fail(`No actor ${req.actorId} in the corpus.`);
      change = (d) => acceptSpelling(d, a, req.spelling);
      break;
    }
    case 'merge': {
      const t = actor(req.targetId);
      const o = actor(req.otherId);
      if (!t || !o || t.id === o.id) return fail('Choose two different actors of the corpus to merge.');
      change = (d) => mergeActors(d, t, o);
      break;
    }
    case 'keepSeparate':
      if (formKey(req.spelling) === formKey(req.other)) return fail(`«${req.spelling}» and «${req.other}» are the same spelling once normalized; accept it as a spelling instead.`);
      change = (d) => keepSeparate(d, req.spelling, req.other);
      break;
    case 'undo': {
      const r = await dfile.undo();
      return { ...r, file: dfile.uri };
    }
    default:
      return fail('Unknown action.');
  }
  const r = await dfile.apply(change, label);
  return { applied: r.applied, ...(r.message ? { message: r.message } : {}), file: dfile.uri, ...(actorId ? { actorId } : {}) };
}

function preview(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const from = Math.max(lineStart, start - 40);
  const to = Math.min(lineEnd, end + 40);
  return (from > lineStart ? '…' : '') + text.slice(from, to).replace(/\s+/g, ' ').trim() + (to < lineEnd ? '…' : '');
}

/** Every occurrence of the selected name in the corpus (for the mark preview), the selected article first. */
export function nameOccurrences(ctx: FeatureContext, params: NameOccurrencesParams): NameOccurrencesResult {
  const text = ctx.corpus.text(params.uri);
  if (text === undefined) return { name: '', occurrences: [] };
  const s = toOffset(text, params.range.start);
  const e = toOffset(text, params.range.end);
  const name = text.slice(s, e).trim();
  if (!name || !/\p{L}/u.test(name)) return { name: '', occurrences: [] };
  const snap = ctx.corpus.snapshot();
  const docs = [params.uri, ...ctx.corpus.documents().filter((d) => d !== params.uri)];
  const analyses = docs.map((d) => ctx.corpus.engine.index.analysis(d)).filter((a): a is NonNullable<typeof a> => !!a);
  const found = findOccurrences(analyses, name);
  const occurrences: NameOccurrence[] = found.map((o) => {
    const t = ctx.corpus.text(o.doc)!;
    const m = snap.mentions(o.doc).find((x) => x.start < o.end && o.start < x.end);
    const a = m ? snap.actorOf(m) : undefined;
    return { uri: o.doc, range: toRange(t, o), text: o.text, preview: preview(t, o.start, o.end), ...(a ? { actor: { id: a.id, canonical: a.canonical, type: a.type } } : {}) };
  });
  const selStart = s + (text.slice(s, e).length - text.slice(s, e).trimStart().length);
  let selected = occurrences.find((o) => o.uri === params.uri && toOffset(text, o.range.start) <= selStart && selStart < toOffset(text, o.range.end));
  if (!selected) {
    // The selection itself (for example a name that is not a whole word): offered even when the search finds none.
    selected = { uri: params.uri, range: toRange(text, { start: selStart, end: selStart + name.length }), text: name, preview: preview(text, selStart, selStart + name.length) };
    occurrences.unshift(selected);
  }
  return { name, selected, occurrences };
}

