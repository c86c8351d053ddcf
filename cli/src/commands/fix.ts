import { Finding } from '../../../server/src/core/model';
import { LineIndex } from '../../../server/src/core/text/textDocument';
import { writeFileAtomicSync } from '../../../server/src/node/atomicWrite';
import { isSkipped, readArticle } from '../../../server/src/node/fsCorpus';
import { LoadedCorpus } from '../corpus';

export interface FixEdit {
  path: string;
  line: number;
  character: number;
  code: Finding['code'];
  found: string;
  expected: string;
}

/** Applies non-overlapping replacements to a text (later offsets first). */
export function applyFindings(text: string, findings: readonly Finding[]): string {
  const sorted = [...findings].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const f of sorted) {
    if (f.end > limit) continue; // overlapping: keep the later one
    if (out.slice(f.start, f.end) !== f.found) continue;
    out = out.slice(0, f.start) + f.expected + out.slice(f.end);
    limit = f.start;
  }
  return out;
}

export function runFix(c: LoadedCorpus, write: boolean, warn: (msg: string) => void = () => undefined): { edits: FixEdit[]; filesChanged: string[] } {
  const edits: FixEdit[] = [];
  const changed: string[] = [];
  const plans: Array<{ path: string; abs: string; before: string; text: string; hadBom: boolean }> = [];
  for (const f of c.files) {
    const findings = c.engine.findings(f.path);
    if (findings.length === 0) continue;
    const lines = new LineIndex(f.text);
    for (const x of findings) {
      const p = lines.positionAt(x.start);
      edits.push({ path: f.path, line: p.line, character: p.character, code: x.code, found: x.found, expected: x.expected });
    }
    const next = applyFindings(f.text, findings);
    if (next !== f.text) plans.push({ path: f.path, abs: f.absolute, before: f.text, text: next, hadBom: f.hadBom });
  }
  if (write) {
    for (const p of plans) {
      // Never overwrite a file that changed on disk since it was analysed.
      const now = readArticle(p.abs);
      if (isSkipped(now) || now.text !== p.before) {
        warn(`arabic-news: ${p.path} changed on disk while fixing; left untouched`);
        continue;
      }
      writeFileAtomicSync(p.abs, (p.hadBom ? '\ufeff' : '') + p.text);
      changed.push(p.path);
    }
  }
  return { edits, filesChanged: changed };
}
