// The project's test command (`npm test`): type-checks, builds the bundles, runs every test layer
// that exists, and ends with one line `N passed, N failed` summing all layers.
import { spawnSync } from 'node:child_process';

const layers = [
  { name: 'type check', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'], counts: false },
  { name: 'build', cmd: 'node', args: ['scripts/build.mjs'], counts: false },
  { name: 'unit and CLI tests (mocha)', cmd: 'npx', args: ['mocha'], counts: true },
];

let passed = 0;
let failed = 0;
for (const layer of layers) {
  process.stdout.write(`\n=== ${layer.name}\n`);
  const r = spawnSync(layer.cmd, layer.args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (layer.counts) {
    const p = /(\d+) passing/.exec(r.stdout ?? '');
    const f = /(\d+) failing/.exec(r.stdout ?? '');
    passed += p ? Number(p[1]) : 0;
    failed += f ? Number(f[1]) : 0;
    if (r.status !== 0 && !f) failed += 1; // the runner itself failed
  } else if (r.status !== 0) {
    process.stdout.write(`${layer.name} failed (exit ${r.status})\n`);
    failed += 1;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
