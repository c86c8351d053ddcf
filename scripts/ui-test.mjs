// Browser UI tests: the extension in a real VS Code (code-server 1.100.3) driven by headless Debian Chromium,
// through the workbench as a person would use it (mouse, keyboard, panels).
//   node scripts/ui-test.mjs [--grep TEXT] [--vsix FILE.vsix] [workspace folder]
// With --vsix the packaged extension is installed into code-server instead of loaded from the repo (checks that the
// VSIX ships everything it needs; `npm run package` makes it).
// Test cases live in test/ui/*.ui.mjs (each exports `tests = [{ name, run: async (wb, ctx) => … }]`) and run in order
// in one workbench window, on a temporary copy of the folder (default seeds/). The extension is loaded from this repo
// (extensionDevelopmentPath) and is NOT activated by hand, so activation events are tested too.
// Screenshots of each step go to test-output/ui/ (NN-step.png), and failure.png (plus failure-<test>.png) on errors.
// Ends with a plain line `N passed, N failed`; exit 0 when all passed.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EditorSession, REPO, extensionId, workbenchUrl } from './codeServer.mjs';
import { Workbench } from './uiHelpers.mjs';

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : process.env.UI_TEST_GREP;
const vsixAt = args.indexOf('--vsix');
const vsix = vsixAt >= 0 ? path.resolve(args.splice(vsixAt, 2)[1]) : undefined;
const folder = path.resolve(args[0] ?? path.join(REPO, 'seeds'));
const shotsDir = path.join(REPO, 'test-output', 'ui');
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const caseDir = path.join(REPO, 'test', 'ui');
const cases = [];
for (const f of readdirSync(caseDir).filter((n) => n.endsWith('.ui.mjs')).sort()) {
  const mod = await import(pathToFileURL(path.join(caseDir, f)).href);
  for (const t of mod.tests ?? []) cases.push({ ...t, file: f });
}
const selected = grep ? cases.filter((c) => c.name.includes(grep)) : cases;

rmSync(shotsDir, { recursive: true, force: true });
mkdirSync(shotsDir, { recursive: true });

let passed = 0;
let failed = 0;
// Word wrap keeps every word of the long one-paragraph lines on screen, so words can be measured and clicked.
const session = new EditorSession(folder, {
  settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false },
  installExtensions: vsix ? [vsix] : [],
});
try {
  const { ws, server, browser } = await session.open();
  const { page } = browser;
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const wb = new Workbench(page, { shotsDir, workspace: ws.path });
  const ctx = { workspace: ws.path, repo: REPO, extensionId: extensionId(), vsix };
  await page.goto(workbenchUrl({ origin: server.origin, folder: ws.path, extensionDevelopmentPath: vsix ? null : REPO }));
  await wb.waitForWorkbench();
  console.log(`workbench ready (${secs()}); ${selected.length} UI tests${vsix ? ` against the installed ${path.basename(vsix)}` : ''}`);
  await wb.shot('workbench');

  for (const t of selected) {
    const start = Date.now();
    try {
      await t.run(wb, ctx);
      passed += 1;
      console.log(`  ✔ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed += 1;
      console.log(`  ✘ ${t.name} (${Date.now() - start} ms)\n      ${(e instanceof Error ? e.message : String(e)).split('\n').join('\n      ')}`);
      await page.screenshot({ path: path.join(shotsDir, 'failure.png') }).catch(() => {});
      await page.screenshot({ path: path.join(shotsDir, `failure-${t.name.replace(/[^\w.-]+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    }
    await wb.escape().catch(() => {});
  }
} catch (e) {
  failed += 1;
  console.error(`ui-test: ${e instanceof Error ? e.stack : e}`);
  if (session.browser) await session.browser.page.screenshot({ path: path.join(shotsDir, 'failure.png') }).catch(() => {});
  if (session.server) process.stderr.write(session.server.output().slice(-4000));
} finally {
  await session.close();
}
console.log(`UI tests done in ${secs()}; screenshots in ${path.relative(REPO, shotsDir)}/${existsSync(path.join(shotsDir, 'failure.png')) ? ' (see failure.png)' : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
