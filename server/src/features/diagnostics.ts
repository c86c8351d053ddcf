/** Diagnostics: spelling-variant warnings (with related canonical mentions) and missing-space notes. */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { FeatureContext } from './context';
import { rangeIn } from '../lsp/convert';
import { LineIndex } from '../core/text/textDocument';
import { Finding, MentionToken, Severity } from '../core/model';
import { DIAGNOSTIC_SOURCE, DiagnosticData } from '../protocol';
import { URI } from '../lsp/uri';
import { plainText } from './markdown';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const MAX_RELATED = 3;

export function diagnostics(ctx: FeatureContext, uri: string): Diagnostic[] {
  const lines = ctx.corpus.lines(uri);
  if (lines === undefined) return [];
  const snapshot = ctx.corpus.snapshot();
  return ctx.corpus.findings(uri).map((f) => toDiagnostic(ctx, lines, f, snapshot));
}

function toDiagnostic(ctx: FeatureContext, lines: LineIndex, f: Finding, snapshot: Snapshot): Diagnostic {
  const data: DiagnosticData = f.code === 'spelling-variant'
    ? { expected: f.expected, found: f.found, actorId: f.actor, actorName: snapshot.actorById(f.actor)?.canonical ?? '' }
    : { expected: f.expected, found: f.found };
  const d: Diagnostic = { range: rangeIn(lines, f), severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: plainText(f.message), data };
  if (f.code === 'spelling-variant') {
    const related: DiagnosticRelatedInformation[] = [];
    for (const at of spelledAs(snapshot, f.actor, f.expected)) {
      if (related.length >= MAX_RELATED) break;
      if (at.doc === f.doc) continue;
      related.push(relatedInformation(ctx, at, f.expected));
    }
    if (related.length) d.relatedInformation = related;
  }
  return d;
}

/**
 * What the related information of these findings points at: per spelling finding, the mention tokens of its
 * actor written as expected that it is chosen from. The same tokens (by identity), the same related
 * information: a mention that moved is another object. A host that keeps an article's diagnostics while its
 * findings are the same objects checks these too (an edit elsewhere can move what they point at).
 */
export function relatedSources(ctx: FeatureContext, findings: readonly Finding[]): MentionToken[] {
  const snapshot = ctx.corpus.snapshot();
  const out: MentionToken[] = [];
  for (const f of findings) if (f.code === 'spelling-variant') for (const at of spelledAs(snapshot, f.actor, f.expected)) out.push(at.token);
  return out;
}

/** True when `relatedSources(ctx, findings)` would give the tokens of `sources` (without making the list). */
export function sameRelatedSources(ctx: FeatureContext, findings: readonly Finding[], sources: readonly MentionToken[] | undefined): boolean {
  if (!sources) return false;
  const snapshot = ctx.corpus.snapshot();
  let k = 0;
  for (const f of findings) {
    if (f.code !== 'spelling-variant') continue;
    for (const at of spelledAs(snapshot, f.actor, f.expected)) if (sources[k++] !== at.token) return false;
  }
  return k === sources.length;
}

/**
 * Per snapshot, actor and spelling: the first of the actor's mention tokens written so, in corpus order
 * (first token of each mention) — as many as related information can use: MAX_RELATED outside any one
 * document (a diagnostic skips those of its own).
 */
const spellings = new WeakMap<Snapshot, Map<string, SpelledAt[]>>();

/** A mention token written in a spelling, and the related information made of it for the line index it was placed with. */
interface SpelledAt {
  readonly doc: string;
  readonly token: MentionToken;
  related?: { readonly lines: LineIndex | undefined; readonly info: DiagnosticRelatedInformation };
}

/** The related information pointing at a token: made once per text of its article, shared by the diagnostics that list it. */
function relatedInformation(ctx: FeatureContext, at: SpelledAt, spelling: string): DiagnosticRelatedInformation {
  const lines = ctx.corpus.lines(at.doc);
  if (!at.related || at.related.lines !== lines) {
    const info = { location: { uri: at.doc, range: rangeIn(lines, at.token) }, message: plainText(`spelled «${spelling}» in ${URI.basename(at.doc)}`) };
    at.related = { lines, info };
  }
  return at.related.info;
}

function spelledAs(snapshot: Snapshot, actor: string, spelling: string): readonly SpelledAt[] {
  let byKey = spellings.get(snapshot);
  if (!byKey) spellings.set(snapshot, (byKey = new Map()));
  const key = actor + '\u0000' + spelling;
  let list = byKey.get(key);
  if (!list) {
    list = [];
    const perDoc = new Map<string, number>();
    let most = 0;
    for (const m of snapshot.mentionsOf(actor)) {
      const t = m.tokens.find((x) => x.text === spelling);
      if (!t) continue;
      list.push({ doc: m.doc, token: t });
      const n = (perDoc.get(m.doc) ?? 0) + 1;
      perDoc.set(m.doc, n);
      if (n > most) most = n;
      if (list.length - most >= MAX_RELATED) break;
    }
    byKey.set(key, list);
  }
  return list;
}

type Snapshot = ReturnType<FeatureContext['corpus']['snapshot']>;
