/** Diagnostics: spelling-variant warnings (with related canonical mentions) and missing-space notes. */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { FeatureContext } from './context';
import { toRange } from '../lsp/convert';
import { Finding, Severity } from '../core/model';
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
  const text = ctx.corpus.text(uri);
  if (text === undefined) return [];
  const snapshot = ctx.corpus.snapshot();
  return ctx.corpus.findings(uri).map((f) => toDiagnostic(ctx, text, f, snapshot));
}

function toDiagnostic(ctx: FeatureContext, text: string, f: Finding, snapshot: ReturnType<FeatureContext['corpus']['snapshot']>): Diagnostic {
  const data: DiagnosticData = f.code === 'spelling-variant'
    ? { expected: f.expected, found: f.found, actorId: f.actor, actorName: snapshot.actorById(f.actor)?.canonical ?? '' }
    : { expected: f.expected, found: f.found };
  const d: Diagnostic = { range: toRange(text, f), severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: plainText(f.message), data };
  if (f.code === 'spelling-variant') {
    const related: DiagnosticRelatedInformation[] = [];
    for (const m of snapshot.mentionsOf(f.actor)) {
      if (related.length >= MAX_RELATED) break;
      if (m.doc === f.doc) continue;
      const t = m.tokens.find((x) => x.text === f.expected);
      if (!t) continue;
      related.push({ location: { uri: m.doc, range: toRange(ctx.corpus.text(m.doc) ?? '', t) }, message: plainText(`spelled «${f.expected}» in ${URI.basename(m.doc)}`) });
    }
    if (related.length) d.relatedInformation = related;
  }
  return d;
}
