/**
 * Entry point of the in-editor suite (the @vscode/test-electron contract, also used by scripts/run-in-code-server.mjs):
 * runs every `*.test.js` next to this file with mocha inside the real VS Code extension host.
 * Built by `node scripts/build-tests.mjs` into out/test/editor/. `require('mocha')` resolves from the repo's
 * node_modules, because the extension under test (extensionDevelopmentPath) is this repo.
 * EDITOR_TEST_GREP in the environment limits the run to matching tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // code-server forwards console output already joined into one string; format mocha's printf-style lines here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  const grep = process.env.EDITOR_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const pending = runner.stats?.pending ?? 0;
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        // Nothing is skipped silently: a pending (it.skip / unimplemented) test fails the run.
        else if (pending > 0) reject(new Error(`${pending} tests are pending (skipped); implement or remove them.`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
