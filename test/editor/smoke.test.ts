/**
 * In-editor smoke tests: the real extension in a real VS Code extension host (code-server 1.100.3, or desktop VS Code
 * under @vscode/test-electron), on a temporary copy of seeds/. They call VS Code's own commands
 * (vscode.executeHoverProvider …), so they exercise the client, the language server and VS Code together.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeSnapshotNode } from '../../client/src/corpusOutline/provider';
import {
  EXTENSION_ID,
  SEED_FILES,
  cliActors,
  codeOf,
  hoverText,
  locationUri,
  openSeed,
  positionOf,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

const HOVER_FILE = '000_068e7e3385a67ab6.txt';
const HOVER_WORD = 'السراج';
const DEFINITION_FILE = '002_8ac1bda8dfbd2172.txt';
const DEFINITION_WORD = 'حفتر';
const SPELLING = 'spelling-variant';

describe('extension', () => {
  it(`is installed as ${EXTENSION_ID}`, () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `extension ${EXTENSION_ID} not found; loaded: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')}`);
  });

  it('activates by itself when a seed article is opened (no manual activate)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await openSeed(HOVER_FILE);
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
  });

  it('activate() succeeds', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('the workspace holds the seed articles', async () => {
    assert.ok(SEED_FILES.length >= 5, `expected the five seed articles in seeds/, found ${SEED_FILES.length}`);
    const found = new Set((await vscode.workspace.findFiles('**/*.txt')).map((u) => path.basename(u.fsPath)));
    for (const f of SEED_FILES) assert.ok(found.has(f), `${f} is not in the workspace ${workspaceRoot().fsPath}`);
  });
});

describe('language features on the seed articles', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    // Leave no dirty editors behind for the next test.
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  it(`hover on ${HOVER_WORD} shows the actor's canonical name`, async () => {
    const actor = cliActors(workspaceRoot().fsPath).find((a) => a.variants.some((v) => v.text === HOVER_WORD));
    assert.ok(actor, `the CLI finds no actor spelled ${HOVER_WORD}`);
    const doc = await openSeed(HOVER_FILE);
    const pos = positionOf(doc, HOVER_WORD);
    const text = await waitFor('a hover with the canonical name', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      const t = hoverText(hovers ?? []);
      return t.includes(actor.canonical) ? t : undefined;
    });
    assert.ok(text.includes(actor.canonical));
  });

  it(`go to definition on ${DEFINITION_WORD} lands in another seed article`, async () => {
    const doc = await openSeed(DEFINITION_FILE);
    const pos = positionOf(doc, DEFINITION_WORD);
    const locations = await waitFor('a definition', async () => {
      const l = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos);
      return l && l.length > 0 ? l : undefined;
    });
    const targets = locations.map((l) => path.basename(locationUri(l).fsPath));
    assert.ok(
      targets.some((t) => t !== DEFINITION_FILE && SEED_FILES.includes(t)),
      `definition targets ${JSON.stringify(targets)} include no other seed article`,
    );
  });

  it('spelling-variant diagnostics are published', async () => {
    const doc = await openSeed(HOVER_FILE);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === SPELLING));
    const spelling = diags.filter((x) => codeOf(x) === SPELLING);
    assert.ok(spelling.length > 0);
    for (const d of spelling) assert.ok(d.message.length > 0 && !d.range.isEmpty, `bad diagnostic ${JSON.stringify(d)}`);
  });

  it('the Corpus Outline snapshot has the three type nodes, with actors and their variants', async () => {
    const command = 'arabicNews.corpusOutline.getTreeSnapshot';
    assert.ok((await vscode.commands.getCommands(true)).includes(command), `command ${command} is not registered`);
    const actor = cliActors(workspaceRoot().fsPath).find((a) => a.variants.some((v) => v.text === HOVER_WORD));
    assert.ok(actor, `the CLI finds no actor spelled ${HOVER_WORD}`);
    const roots = await waitFor('an outline with actors', async () => {
      const r = await vscode.commands.executeCommand<TreeSnapshotNode[] | undefined>(command);
      return r && r.some((n) => (n.children?.length ?? 0) > 0) ? r : undefined;
    });
    assert.deepEqual(roots.map((n) => n.id), ['type:person', 'type:organization', 'type:place']);
    for (const t of roots) assert.ok((t.children?.length ?? 0) > 0, `type node ${t.id} has no actors`);
    const person = roots[0]!.children!.find((a) => a.label === actor.canonical);
    assert.ok(person, `no actor node "${actor.canonical}" under people`);
    const variants = (person.children ?? []).map((v) => v.label);
    for (const v of actor.variants) assert.ok(variants.includes(v.text), `variant ${v.text} missing from ${JSON.stringify(variants)}`);
  });

  it('the fix of an actor across the corpus comes with its edit once VS Code resolves it (codeAction/resolve)', async () => {
    const doc = await openSeed(HOVER_FILE);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === SPELLING));
    let checked = 0;
    for (const diag of diags.filter((x) => codeOf(x) === SPELLING)) {
      // Resolving at most 10 actions: VS Code asks the server for the edits the list came without.
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10,
      );
      const corpus = (actions ?? []).find((a): a is vscode.CodeAction => 'title' in a && /in the corpus/.test(a.title));
      if (!corpus) continue;
      assert.ok(corpus.edit, `"${corpus.title}" has no edit after resolving`);
      const files = new Set(corpus.edit.entries().map(([u]) => u.toString()));
      assert.ok(files.size >= 2, `"${corpus.title}" edits ${files.size} article(s)`);
      checked++;
    }
    assert.ok(checked > 0, `no corpus-wide fix offered in ${HOVER_FILE}`);
  });

  it('a quick fix for a spelling variant changes the text', async () => {
    const doc = await openSeed(HOVER_FILE);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === SPELLING));
    const diag = diags.find((x) => codeOf(x) === SPELLING);
    assert.ok(diag);
    const found = doc.getText(diag.range);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10,
    );
    const fixes = (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
    const fix = fixes.find((a) => a.isPreferred && a.edit) ?? fixes.find((a) => a.edit);
    assert.ok(fix?.edit, `no quick fix with an edit for "${found}" (${diag.message}); offered: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    const before = doc.getText();
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit was not applied');
    assert.notEqual(doc.getText(), before, 'the quick fix did not change the text');
    assert.notEqual(doc.getText(new vscode.Range(diag.range.start, diag.range.start.translate(0, found.length))), found, `"${found}" is still there`);
  });
});
