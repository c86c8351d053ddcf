// Helpers to run the extension in a real VS Code: code-server (VS Code 1.100.3 for the browser, installed from npm
// by scripts/install-code-server.sh) plus Debian's Chromium driven by playwright-core.
// Recipe and pitfalls: /work/shared/notes/real-vscode-testing.md (sections 4-6, 8).
//
// Every run gets a fresh temporary state directory ($STATE, also used as HOME) so nothing is written to the real home,
// binds to 127.0.0.1 only with `--auth none`, and removes its state when stopped.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** `publisher.name` from package.json. */
export function extensionId() {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
}

/** Where install-code-server.sh puts code-server (override with CODE_SERVER_HOME). */
export function codeServerHome() {
  const major = process.versions.node.split('.')[0];
  return process.env.CODE_SERVER_HOME || path.join(os.homedir(), '.cache', 'code-server-npm', `${CODE_SERVER_VERSION}-node${major}`);
}

export function codeServerBin() {
  return path.join(codeServerHome(), 'node_modules', '.bin', 'code-server');
}

/** Installs code-server when missing (a no-op when cached). Throws when it cannot. */
export function ensureCodeServer({ quiet = false } = {}) {
  if (existsSync(codeServerBin())) return codeServerBin();
  if (!quiet) console.log(`code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerHome()}; installing (about 1 minute, once)…`);
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'install-code-server.sh'), CODE_SERVER_VERSION, codeServerHome()], {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(codeServerBin())) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`installing code-server failed (exit ${r.status}); see scripts/ci-setup.sh for the apt packages it needs`);
  }
  return codeServerBin();
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = /** @type {net.AddressInfo} */ (srv.address());
  srv.close();
  await once(srv, 'close');
  return port;
}

/** True when nothing listens on 127.0.0.1:port and we may bind it. */
export async function isPortFree(port) {
  const srv = net.createServer();
  srv.on('error', () => {});
  const ok = await new Promise((resolve) => {
    srv.once('error', () => resolve(false));
    srv.once('listening', () => resolve(true));
    srv.listen(port, '127.0.0.1');
  });
  if (ok) {
    srv.close();
    await once(srv, 'close');
  }
  return ok;
}

/** Copies a folder to a fresh temp directory, keeping its base name (the window title shows it). */
export function copyToTemp(folder, prefix = 'ana-ws-') {
  const parent = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dest = path.join(parent, path.basename(path.resolve(folder)));
  cpSync(folder, dest, { recursive: true });
  return { path: dest, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Starts code-server on 127.0.0.1:port (a free port when not given) and waits for /healthz.
 * Returns { port, origin, state, proc, stop(), output() }.
 * - workspace: folder opened by default (also pass it as `folder` in the URL).
 * - stdio: 'pipe' (output kept, see output()) or 'inherit'.
 * - settings: extra user settings merged over the quiet defaults.
 * - installExtensions: VSIX files installed into this run's extensions dir before start (then open the URL
 *   without extensionDevelopmentPath to test the packaged extension).
 */
export async function startCodeServer({ port, workspace, stdio = 'pipe', settings = {}, env = {}, installExtensions = [], readyTimeoutMs = 60_000 } = {}) {
  const bin = ensureCodeServer();
  port ??= await freePort();
  const state = mkdtempSync(path.join(os.tmpdir(), 'ana-code-server-'));
  const userData = path.join(state, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(path.join(state, 'extensions'), { recursive: true });
  writeFileSync(path.join(state, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));

  const childEnv = { ...process.env, HOME: state, XDG_CONFIG_HOME: path.join(state, '.config'), XDG_DATA_HOME: path.join(state, '.local', 'share'), XDG_CACHE_HOME: path.join(state, '.cache'), ...env };
  const common = ['--user-data-dir', userData, '--extensions-dir', path.join(state, 'extensions'), '--config', path.join(state, 'config.yaml')];
  for (const vsix of installExtensions) {
    const r = spawnSync(bin, [...common, '--install-extension', path.resolve(vsix)], { env: childEnv, encoding: 'utf8' });
    if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
      rmSync(state, { recursive: true, force: true });
      throw new Error(`installing ${vsix} into code-server failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
  }

  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...common,
  ];
  if (workspace) args.push(path.resolve(workspace));

  const chunks = [];
  const proc = spawn(bin, args, {
    env: childEnv,
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() can make sure no child is left behind
  });
  if (stdio !== 'inherit') {
    proc.stdout.on('data', (d) => chunks.push(d));
    proc.stderr.on('data', (d) => chunks.push(d));
  }
  let exited = false;
  const exitPromise = new Promise((resolve) => proc.once('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const origin = `http://127.0.0.1:${port}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try { process.kill(proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
      await exitPromise;
      clearTimeout(t);
    }
    // Anything left in code-server's process group (extension host, watchers) goes too.
    for (let i = 0; i < 50 && groupAlive(proc.pid); i++) {
      if (i === 10) { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }
      await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before it was ready:\n${output()}`);
    }
    try {
      const r = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server was not ready within ${readyTimeoutMs} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, origin, state, proc, stop, output, exited: exitPromise };
}

function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/**
 * The workbench URL: opens `folder`, loads the extension from `extensionDevelopmentPath` (default: this repo;
 * null for none, e.g. with an installed VSIX) and, when given, runs the test entry `extensionTestsPath` in the
 * extension host.
 */
export function workbenchUrl({ origin, folder, extensionDevelopmentPath = REPO, extensionTestsPath } = {}) {
  const authority = new URL(origin).host;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${origin}/${q.length ? `?${q.join('&')}` : ''}`;
}

/**
 * Launches Debian's Chromium (never `npx playwright install`) with a throwaway profile that is also its HOME.
 * Returns { context, page, close() }.
 */
export async function launchBrowser({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ana-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless,
      viewport,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, HOME: profile },
      // The harness handles signals itself (cleanupOnInterrupt): it must also stop code-server and remove temp dirs.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    try { await context.close(); } catch { /* already closed */ }
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** `N passed, N failed` from mocha's `N passing` / `N failing` lines. */
export function mochaCounts(text) {
  const p = /(\d+) passing/.exec(text);
  const f = /(\d+) failing/.exec(text);
  return { passed: p ? Number(p[1]) : 0, failed: f ? Number(f[1]) : 0 };
}

/**
 * Makes a harness clean up when interrupted (Ctrl+C, SIGTERM, SIGHUP) or when its output pipe closes (`| head`):
 * code-server runs in its own process group, so it would otherwise outlive the harness. `cleanup` must be idempotent.
 */
export function cleanupOnInterrupt(cleanup) {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {}); // EPIPE: keep going, clean up
  let done = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, async () => {
      if (done) return;
      done = true;
      try { await cleanup(); } finally { process.exit(130); }
    });
  }
}

/**
 * What a harness runs in: a temporary copy of `folder` as workspace, code-server serving it and a headless
 * browser. `open()` starts them in that order (each field is set as soon as it exists, so a failure report can
 * use what was started); `close()` stops what was started and removes the copy, as do Ctrl+C and a closed
 * output pipe. `serverOptions`: those of `startCodeServer` besides the workspace.
 */
export class EditorSession {
  constructor(folder, serverOptions = {}) {
    this.folder = folder;
    this.serverOptions = serverOptions;
    this.ws = undefined;
    this.server = undefined;
    this.browser = undefined;
    cleanupOnInterrupt(() => this.close());
  }

  async open() {
    this.ws = copyToTemp(this.folder);
    this.server = await startCodeServer({ ...this.serverOptions, workspace: this.ws.path });
    this.browser = await launchBrowser();
    return this;
  }

  async close() {
    await this.browser?.close();
    await this.server?.stop();
    this.ws?.remove();
  }
}
