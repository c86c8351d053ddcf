/**
 * Switches `.txt` files that are mostly Arabic letters from plaintext to `arabic-news`, so the grammar and
 * the language features apply (setting `arabicNews.detectArticles`, default on). A file is switched at most
 * once per session: if the user sets it back to plaintext, it stays plaintext.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION, LANGUAGE_ID } from './constants';
import { isMostlyArabic } from './textUtils';

export class ArticleDetection implements vscode.Disposable {
  private readonly decided = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.check(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.detectArticles`)) this.checkOpenDocuments();
      }),
    );
    this.checkOpenDocuments();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('detectArticles', true);
  }

  checkOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) void this.check(doc);
  }

  /** Switches the document when it is an Arabic `.txt` file; returns whether it did. */
  async check(doc: vscode.TextDocument): Promise<boolean> {
    if (doc.languageId !== 'plaintext' || doc.uri.scheme !== 'file' || !/\.txt$/i.test(doc.uri.path)) return false;
    if (!this.enabled()) return false;
    const key = doc.uri.toString();
    if (this.decided.has(key)) return false;
    this.decided.add(key);
    // The first lines are enough to tell (and avoid copying a huge file).
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0));
    if (!isMostlyArabic(head)) return false;
    try {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
      return true;
    } catch {
      this.decided.delete(key); // the document was closed meanwhile
      return false;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
