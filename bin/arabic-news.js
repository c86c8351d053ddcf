#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm install` (the prepare script) or `npm run build`.
let cli;
try {
  cli = require('../dist/cli.js');
} catch (e) {
  process.stderr.write('arabic-news: dist/cli.js is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
cli
  .runCliParallel(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  })
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
