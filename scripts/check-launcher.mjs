// Checks the `npm start` launcher end to end, as a person would use it:
//   1. `npm start` with PORT taken fails with a clear message suggesting another PORT;
//   2. `npm start` (own process group, PORT = a free port) prints the URL box; /healthz answers 200;
//   3. headless Chromium opens the printed URL: the workbench appears, the window is an Extension Development Host
//      showing the seeds folder, the extension's status bar item appears, an article opens
//      (screenshot: test-output/launch.png);
//   4. Ctrl+C (SIGINT to the process group) stops everything: npm exits, the port is closed, no code-server is left.
// Ends with `N passed, N failed`; exit 0 when all passed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { REPO, cleanupOnInterrupt, extensionId, freePort, launchBrowser } from './codeServer.mjs';

const OUT = path.join(REPO, 'test-output');
mkdirSync(OUT, { recursive: true });
const results = [];
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
async function check(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✔ ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`  ✘ ${name}: ${e instanceof Error ? e.message : e}`);
  }
}
function assert(ok, message) {
  if (!ok) throw new Error(message);
}

function startNpm(port, extraEnv = {}) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a terminal's foreground job
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out };
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function codeServerProcesses(port) {
  try {
    return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`127.0.0.1:${port}`) && !l.includes('ps -eo'));
  } catch {
    return [];
  }
}

console.log('Launcher check (npm start)');

await check('a taken PORT gives a clear message and exit 1', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const port = blocker.address().port;
  try {
    const run = startNpm(port);
    const { code } = await run.exited;
    assert(code === 1, `exit ${code}`);
    assert(/already in use/.test(run.output()) && new RegExp(`PORT=${port + 1} npm start`).test(run.output()), `message was:\n${run.output()}`);
  } finally {
    blocker.close();
  }
});

const port = await freePort();
const run = startNpm(port);
let url;
let browser;
cleanupOnInterrupt(async () => {
  await browser?.close();
  try { process.kill(-run.child.pid, 'SIGINT'); } catch { /* gone */ }
  await run.exited;
});
try {
  await check('npm start prints the URL box', async () => {
    url = await waitFor('the URL', () => {
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+&payload=\S+)$/m.exec(run.output());
      return m ? m[1] : undefined;
    }, 120_000);
    assert(run.output().includes('Open this URL in a browser'), 'no box');
    console.log(`    URL printed after ${secs()}: ${url.slice(0, 100)}…`);
    const payload = JSON.parse(decodeURIComponent(new URL(url).searchParams.get('payload')));
    assert(payload.some(([k, v]) => k === 'extensionDevelopmentPath' && v.endsWith(REPO)), `payload ${JSON.stringify(payload)}`);
  });
  await check('/healthz answers 200', async () => {
    assert(url, 'no URL');
    const r = await fetch(new URL('/healthz', url));
    assert(r.status === 200, `status ${r.status}`);
  });
  await check('the URL opens VS Code with the extension active and the seeds folder', async () => {
    assert(url, 'no URL');
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(() => document.title.includes('seeds'), null, { timeout: 30_000 });
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: '000_068e7e3385a67ab6.txt' });
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    // The extension is loaded and active: its status bar item appears once it has scanned the folder.
    const item = page.locator(`.statusbar-item[id^="${extensionId()}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    console.log(`    extension status bar item: "${(await item.innerText()).trim()}" (${secs()})`);
    await row.click();
    await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(() => /Warnings: [1-9]/.test(document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
    console.log(`    problems: ${await page.locator('#status\\.problems').getAttribute('aria-label')}; status bar: "${(await item.innerText()).trim()}" (${secs()})`);
    await page.screenshot({ path: path.join(OUT, 'launch.png') });
    const title = await page.title();
    console.log(`    window title: ${title} (${secs()})`);
    assert(title.includes('[Extension Development Host]'), `title ${title}`);
    assert(title.includes('seeds'), `title ${title}`);
  });
} finally {
  await browser?.close();
  await check('Ctrl+C stops npm start and code-server', async () => {
    process.kill(-run.child.pid, 'SIGINT');
    const t = setTimeout(() => { try { process.kill(-run.child.pid, 'SIGKILL'); } catch { /* gone */ } }, 20_000);
    // npm may exit before serve.mjs has finished stopping; serve.mjs says "Stopped." when it has.
    await waitFor('"Stopped." from serve.mjs', () => (/Stopped\./.test(run.output()) ? true : undefined), 20_000);
    await run.exited;
    clearTimeout(t);
    await waitFor('the port to close', async () => {
      try { await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }); return undefined; } catch { return true; }
    }, 10_000);
    await waitFor('no code-server left', () => (codeServerProcesses(port).length === 0 ? true : undefined), 10_000);
  });
}
const passed = results.filter(Boolean).length;
console.log(`launcher check done in ${secs()}`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.every(Boolean) ? 0 : 1);
