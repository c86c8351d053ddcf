/**
 * Annotation inside real VS Code: a missed name is marked as a person from its code action / command, the decisions
 * file is written, hover and the Corpus Outline follow, and undo takes it back. Leaves the workspace as it found it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeSnapshotNode } from '../../client/src/corpusOutline/provider';
import { EXTENSION_ID, SEED_FILES, hoverText, openSeed, waitFor, workspaceRoot } from './helpers';

describe('annotation in the editor', () => {
  const decisionsUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), '.arabic-news', 'annotations.json');
  let doc: vscode.TextDocument;
  let word: vscode.Range;
  let name = '';

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    doc = await openSeed(SEED_FILES[0]!);
    await waitFor('hover to work', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('السراج') + 1));
      return h.length > 0 ? true : undefined;
    });
    // A word of the article that no mention covers (the recognizer missed it, or it is no name at all).
    const text = doc.getText();
    for (const m of text.matchAll(/[\u0621-\u064a]{6,}/g)) {
      const r = new vscode.Range(doc.positionAt(m.index!), doc.positionAt(m.index! + m[0].length));
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, r.start.translate(0, 1));
      if (h.length === 0) {
        word = r;
        name = m[0];
        break;
      }
    }
    assert.ok(name, 'every long word is a mention already');
  });

  after(async () => {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.arabic-news'), { recursive: true });
    } catch {
      /* absent */
    }
  });

  it('offers the mark actions on a selection', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, word);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Mark «${name}» as a person…`), titles.join(' | '));
  });

  it('marks the name as a person in the corpus: decisions file, hover and outline follow; undo takes it back', async () => {
    const result = await vscode.commands.executeCommand<{ applied: boolean; message?: string }>('arabicNews.markSelection', doc.uri, word, 'person', { scope: 'corpus', actorId: null, preview: false });
    assert.ok(result?.applied, result?.message);
    const file = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(decisionsUri())).toString('utf8'));
    assert.ok(file.added.some((e: { text: string; type: string }) => e.text === name && e.type === 'person'), JSON.stringify(file.added));
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, word.start.translate(0, 1));
    assert.match(hoverText(h), /Person/);
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { getTreeSnapshot(o?: unknown): Promise<TreeSnapshotNode[]> };
    await waitFor('the actor in the outline', async () => {
      const tree = await api.getTreeSnapshot({ depth: 2 });
      return JSON.stringify(tree).includes(name) ? true : undefined;
    });
    const undo = await vscode.commands.executeCommand<{ applied: boolean }>('arabicNews.undoAnnotation');
    assert.ok(undo?.applied);
    const after = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, word.start.translate(0, 1));
    assert.equal(after.length, 0);
  });
});
