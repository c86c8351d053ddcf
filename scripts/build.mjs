// Bundles the CLI (and, later, the language server and client) with esbuild.
// Runs on `npm install` (the `prepare` script), so `node bin/arabic-news.js` works in a fresh clone.
import { build } from 'esbuild';

const production = process.argv.includes('--production');

await build({
  entryPoints: { cli: 'cli/src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  loader: { '.json': 'json' },
});
