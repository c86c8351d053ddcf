import { LineIndex } from '../../../server/src/core/text/textDocument';
import { Finding } from '../../../server/src/core/model';
import { LoadedCorpus } from '../corpus';
import { table } from '../format';

export interface LintJson {
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  code: Finding['code'];
  severity: Finding['severity'];
  message: string;
  actor?: string;
  found: string;
  expected: string;
}

export function lintJson(c: LoadedCorpus): LintJson[] {
  const out: LintJson[] = [];
  for (const f of c.files) {
    const lines = new LineIndex(f.text);
    for (const x of c.engine.findings(f.path)) {
      const s = lines.positionAt(x.start);
      const e = lines.positionAt(x.end);
      out.push({
        path: f.path,
        line: s.line,
        character: s.character,
        endLine: e.line,
        endCharacter: e.character,
        code: x.code,
        severity: x.severity,
        message: x.message,
        ...(x.code === 'spelling-variant' ? { actor: x.actor } : {}),
        found: x.found,
        expected: x.expected,
      });
    }
  }
  return out;
}

export function lintText(findings: readonly LintJson[]): string {
  if (findings.length === 0) return 'No findings.';
  const rows = findings.map((f) => [`${f.path}:${f.line + 1}:${f.character + 1}`, f.severity, f.code, `found «${f.found}» expected «${f.expected}»`]);
  return table(['where', 'severity', 'code', 'spelling'], rows) + `\n\n${findings.length} findings`;
}
