/** Shared helpers for the in-editor tests: wait for conditions and events, never fixed sleeps. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';

/** The repository root (the bundle lives in out/test/editor/). */
export const REPO = path.resolve(__dirname, '../../..');

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string };
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** The seed article file names, from the repo's seeds/ folder. */
export const SEED_FILES: readonly string[] = fs.readdirSync(path.join(REPO, 'seeds')).filter((f) => f.endsWith('.txt')).sort();

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

export function seedUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

/**
 * How long one wait may take. Kept well under the harness's 180 s for the whole run, so that a run where
 * every feature is missing still reports each failing test instead of timing out.
 */
export const WAIT_MS = Number(process.env.EDITOR_TEST_WAIT_MS || 25_000);

/** Repeats `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_MS, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the diagnostics of `uri` as soon as `accept` holds for them (checked now and on every change). */
export function waitForDiagnostics(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!accept(d)) return false;
      cleanup();
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.fsPath}; now: ${JSON.stringify(now)}`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

export async function openSeed(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(seedUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** A position inside the `nth` (0-based) occurrence of `word` in `doc`. */
export function positionOf(doc: vscode.TextDocument, word: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(word, at + 1);
    if (at < 0) throw new Error(`"${word}" occurs fewer than ${nth + 1} times in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + 1);
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function locationUri(l: vscode.Location | vscode.LocationLink): vscode.Uri {
  return 'targetUri' in l ? l.targetUri : l.uri;
}

export interface CliActor {
  readonly id: string;
  readonly canonical: string;
  readonly type: string;
  readonly variants: readonly { readonly text: string; readonly count: number }[];
}

/** The engine's own answer, from the CLI (bin/arabic-news.js → dist/cli.js), to compare the editor features against. */
export function cliActors(folder: string): CliActor[] {
  const cli = path.join(REPO, 'bin', 'arabic-news.js');
  const out = execFileSync(process.execPath, [cli, 'actors', '--format', 'json', folder], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    return JSON.parse(out) as CliActor[];
  } catch {
    throw new Error(`\`${cli} actors --format json ${folder}\` did not print JSON: ${JSON.stringify(out.slice(0, 300))}`);
  }
}
