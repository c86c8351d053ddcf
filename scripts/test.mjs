// The project's test command (`npm test`): sets up what the real-editor layers need (apt packages and
// code-server, idempotent), type-checks, builds, runs every test layer, and ends with one line
// `N passed, N failed` summing all layers.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick'); // unit, CLI, protocol and client tests only
const layers = [
  { name: 'set-up: apt packages and code-server (no-op when present)', cmd: 'bash', args: ['scripts/ci-setup.sh'], counts: false, slow: true },
  { name: 'type check', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'], counts: false },
  { name: 'build', cmd: 'node', args: ['scripts/build.mjs'], counts: false },
  { name: 'unit, CLI, protocol (stdio), client and Neovim tests (mocha)', cmd: 'npx', args: ['mocha'], counts: true },
  { name: 'build in-editor test bundles', cmd: 'node', args: ['scripts/build-tests.mjs'], counts: false, slow: true },
  { name: 'in-editor tests (real VS Code 1.100.3 via code-server)', cmd: 'node', args: ['scripts/run-in-code-server.mjs', 'out/test/editor/index.js', 'seeds'], counts: true, slow: true },
  { name: 'UI tests (workbench in headless Chromium)', cmd: 'node', args: ['scripts/ui-test.mjs'], counts: true, slow: true },
  { name: 'npm start launcher', cmd: 'node', args: ['scripts/check-launcher.mjs'], counts: true, slow: true },
  { name: 'package the VSIX', cmd: 'npm', args: ['run', '--silent', 'package'], counts: false, slow: true },
  { name: 'UI tests against the installed VSIX', cmd: 'node', args: ['scripts/ui-test.mjs', '--vsix', 'arabic-news-annotator.vsix'], counts: true, slow: true },
  { name: 'rebuild (the package step minified dist/)', cmd: 'node', args: ['scripts/build.mjs'], counts: false, slow: true },
];

let passed = 0;
let failed = 0;
for (const layer of layers) {
  if (quick && layer.slow) continue;
  process.stdout.write(`\n=== ${layer.name}\n`);
  const t0 = Date.now();
  const r = spawnSync(layer.cmd, layer.args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  const out = r.stdout ?? '';
  process.stdout.write(out);
  process.stderr.write(r.stderr ?? '');
  if (layer.counts) {
    // A layer's own closing line `N passed, N failed` wins; else mocha's `N passing` / `N failing`.
    const summary = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
    const p = summary ? Number(summary[1]) : Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
    const f = summary ? Number(summary[2]) : Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
    passed += p;
    failed += f;
    if (r.status !== 0 && f === 0) failed += 1; // the runner itself failed
  } else if (r.status !== 0) {
    process.stdout.write(`${layer.name} failed (exit ${r.status})\n`);
    failed += 1;
  }
  process.stdout.write(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
