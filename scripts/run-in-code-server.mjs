// Runs an in-editor mocha suite inside a real VS Code (code-server 1.100.3) extension host, driven by headless Chromium.
//   node scripts/run-in-code-server.mjs [suite index.js] [workspace folder]
// Defaults: out/test/editor/index.js (build it with `node scripts/build-tests.mjs`) and seeds/.
// The workspace folder is copied to a temp dir first (tests may edit files). The extension is loaded from this repo
// (extensionDevelopmentPath), which is also where the suite's `require('mocha')` resolves.
// Prints the extension host's console (mocha's report), then a plain line `N passed, N failed`.
// Exit code: 0 all passed, 1 failures (or the suite could not run), 124 timeout (SUITE_TIMEOUT_MS, default 180 s).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EditorSession, REPO, mochaCounts, workbenchUrl } from './codeServer.mjs';

const suite = path.resolve(process.argv[2] ?? path.join(REPO, 'out/test/editor/index.js'));
const folder = path.resolve(process.argv[3] ?? path.join(REPO, 'seeds'));
const timeoutMs = Number(process.env.SUITE_TIMEOUT_MS || 180_000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

if (!existsSync(suite)) {
  console.error(`run-in-code-server: no suite at ${suite} (run: node scripts/build-tests.mjs)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!path.resolve(suite).startsWith(REPO + path.sep)) {
  console.error(`run-in-code-server: warning: ${suite} is outside ${REPO}; require('mocha') may not resolve from there`);
}

let log = '';
let code = 1;
const session = new EditorSession(folder);
try {
  const { ws, server, browser } = await session.open();
  console.log(`[harness] code-server ready on ${server.origin} (${elapsed()}); workspace copy ${ws.path}`);
  const { page } = browser;

  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  // Register the hooks before goto, or the exit call can be missed (pitfall 10).
  let marketplaceNoted = false;
  await page.exposeFunction('codeAutomationLog', (_level, message) => {
    const line = String(message);
    log += `${line}\n`;
    // code-server's marketplace (open-vsx.org) is unreachable without internet: harmless, printed once, briefly.
    if (line.includes('ENOTFOUND open-vsx.org')) {
      if (!marketplaceNoted) console.log('(code-server marketplace open-vsx.org unreachable: harmless)');
      marketplaceNoted = true;
      return;
    }
    console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (c) => resolveExit(Number(c)));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));

  await page.goto(workbenchUrl({ origin: server.origin, folder: ws.path, extensionTestsPath: suite }));
  console.log(`[harness] workbench loading (${elapsed()})`);
  let timer;
  const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    console.error(`[harness] no result from the extension host within ${timeoutMs / 1000} s`);
    await page.screenshot({ path: path.join(REPO, 'test-output', 'editor-timeout.png') }).catch(() => {});
    code = 124;
  } else {
    code = result === 0 ? 0 : 1;
    console.log(`[harness] extension host reported exit ${result} (${elapsed()})`);
  }
} catch (e) {
  console.error(`[harness] ${e instanceof Error ? e.stack : e}`);
  if (session.server) process.stderr.write(session.server.output().slice(-4000));
  code = 1;
} finally {
  await session.close();
}

const { passed, failed: mochaFailed } = mochaCounts(log);
// A run that did not pass but reported no failing test (crash, load error, timeout) counts as one failure.
const failed = code !== 0 && mochaFailed === 0 ? 1 : mochaFailed;
console.log(`[harness] done in ${elapsed()}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(code);
