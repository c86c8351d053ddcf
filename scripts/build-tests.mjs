// Bundles the in-editor test suites (test/editor/*.ts) with esbuild into out/test/editor/:
// index.js (the entry that runs mocha, the @vscode/test-electron contract) and one bundle per *.test.ts.
// `vscode` and `mocha` stay external: the extension host provides `vscode`, and `mocha` resolves from this repo's
// node_modules (the extension under test is this repo, so out/test/editor/ is inside it).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suites = ['editor'];

for (const suite of suites) {
  const src = path.join(repo, 'test', suite);
  const outdir = path.join(repo, 'out', 'test', suite);
  const entries = readdirSync(src).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: entries.map((f) => path.join(src, f)),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    loader: { '.json': 'json' },
  });
  console.log(`built ${entries.length} files into ${path.relative(repo, outdir)}/`);
}
