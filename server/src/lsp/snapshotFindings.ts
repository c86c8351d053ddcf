/**
 * The findings of one corpus snapshot known so far, per article, and how many spelling variants they hold
 * (the status bar's count). WorkspaceCorpus keeps one per snapshot and fills it as articles are judged.
 */
import type { Finding } from '../core/model';

export class SnapshotFindings {
  readonly byDoc = new Map<string, readonly Finding[]>();
  /** Spelling variants among the findings known. */
  spelling = 0;
  /** The last list of articles found all known (findings are only ever added: it stays so). */
  private allKnownOf: readonly string[] | undefined;

  get(doc: string): readonly Finding[] | undefined {
    return this.byDoc.get(doc);
  }

  add(doc: string, findings: readonly Finding[]): void {
    if (this.byDoc.has(doc)) this.spelling -= SnapshotFindings.spellingVariants(this.byDoc.get(doc)!);
    this.byDoc.set(doc, findings);
    this.spelling += SnapshotFindings.spellingVariants(findings);
  }

  /**
   * True when the findings of every one of `docs` are known. Asked after each keystroke with the corpus'
   * list of articles (the same array until the corpus changes): once true, answered without a lookup.
   */
  knowsAll(docs: readonly string[]): boolean {
    if (docs === this.allKnownOf) return true;
    if (this.byDoc.size < docs.length || !docs.every((d) => this.byDoc.has(d))) return false;
    this.allKnownOf = docs;
    return true;
  }

  static spellingVariants(findings: readonly Finding[]): number {
    let n = 0;
    for (const f of findings) if (f.code === 'spelling-variant') n++;
    return n;
  }
}
