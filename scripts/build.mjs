// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
// Runs on `npm install` (the `prepare` script), so `node bin/arabic-news.js` works in a fresh clone.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  loader: { '.json': 'json' },
  charset: 'utf8', // keep Arabic as UTF-8 in the bundles (escaped it is 60% larger)
  // jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const entries = [
  { entryPoints: { cli: 'cli/src/main.ts' } },
  { entryPoints: { server: 'server/src/lsp/main.ts' } },
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
];
await Promise.all(
  entries
    .filter((e) => existsSync(Object.values(e.entryPoints)[0]))
    .map((e) => build({ ...common, outdir: 'dist', ...e })),
);
