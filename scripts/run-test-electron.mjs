// The in-editor suite (out/test/editor/index.js) under @vscode/test-electron, in desktop VS Code 1.100.3.
// For machines with internet access: test-electron downloads VS Code from update.code.visualstudio.com (here, without
// internet, it fails at once with ENOTFOUND; use scripts/run-in-code-server.mjs instead). On headless Linux run it
// under `xvfb-run -a` with Electron's GTK/NSS libraries installed.
//   node scripts/run-test-electron.mjs [suite index.js] [workspace folder]
// Ends with `N passed, N failed` (parsed from mocha's output); exit 0 when the suite passed.
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO, copyToTemp, mochaCounts } from './codeServer.mjs';

const extensionTestsPath = path.resolve(process.argv[2] ?? path.join(REPO, 'out/test/editor/index.js'));
const folder = path.resolve(process.argv[3] ?? path.join(REPO, 'seeds'));
const version = process.env.VSCODE_TEST_VERSION || '1.100.3';

if (!existsSync(extensionTestsPath)) {
  console.error(`run-test-electron: no suite at ${extensionTestsPath} (run: node scripts/build-tests.mjs)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// Desktop VS Code prints the extension host's console to stdout; tee it to count mocha's result.
let captured = '';
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return write(chunk, ...rest);
  };
}

const ws = copyToTemp(folder);
let code = 1;
try {
  code = await runTests({
    version,
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    launchArgs: [ws.path, '--disable-extensions', '--disable-workspace-trust'],
    cachePath: process.env.VSCODE_TEST_CACHE || path.join(REPO, '.vscode-test'),
  });
} catch (e) {
  console.error(`run-test-electron: ${e instanceof Error ? e.message : e}`);
  code = 1;
} finally {
  ws.remove();
}
const { passed, failed } = mochaCounts(captured);
console.log(`${passed} passed, ${code !== 0 && failed === 0 ? 1 : failed} failed`);
process.exit(code === 0 ? 0 : 1);
