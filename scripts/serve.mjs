// `npm start [-- FOLDER]`: builds the extension, then serves a real VS Code (code-server 1.100.3, installed once into
// ~/.cache/code-server-npm/) on http://127.0.0.1:PORT with the extension loaded from this repo, opening seeds/
// (or FOLDER). Prints the URL to open in a browser. Ctrl+C (or SIGTERM to this node process) stops it and removes
// its temporary state. PORT defaults to 8080.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO, ensureCodeServer, isPortFree, startCodeServer, workbenchUrl } from './codeServer.mjs';

const userCwd = process.env.INIT_CWD || process.cwd(); // npm runs scripts from the repo root; INIT_CWD is where `npm start` was typed
const folder = path.resolve(userCwd, process.argv[2] ?? path.join(REPO, 'seeds'));
const port = Number(process.env.PORT || 8080);

if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`serve: ${folder} is not a folder. Usage: npm start [-- /path/to/articles]`);
  process.exit(2);
}
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`serve: PORT=${process.env.PORT} is not a port number`);
  process.exit(2);
}

if (!(await isPortFree(port))) {
  console.error(`\nserve: port ${port} on 127.0.0.1 is already in use (is another \`npm start\` running?).`);
  console.error(`Pick another port, for example:  PORT=${port === 8080 ? 8081 : port + 1} npm start\n`);
  process.exit(1);
}

console.log('Building the extension (node scripts/build.mjs)…');
const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`serve: the build failed (exit ${build.status})`);
  process.exit(1);
}

// On a fresh machine: the Debian packages code-server's install needs (build tools, libkrb5-dev, ripgrep)
// and code-server itself; each step is a no-op when already present.
const setup = spawnSync('bash', [path.join(REPO, 'scripts', 'ci-setup.sh')], { cwd: REPO, stdio: 'inherit' });
if (setup.status !== 0) {
  console.error(`serve: setting up code-server failed (exit ${setup.status}); see the messages above`);
  process.exit(1);
}

try {
  ensureCodeServer();
} catch (e) {
  console.error(`serve: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

let server;
let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server…`);
  await server?.stop();
  console.log('Stopped.');
  process.exit(0);
}
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => void shutdown(s));
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {}); // a closed terminal must not skip the clean-up

try {
  server = await startCodeServer({ port, workspace: folder, stdio: 'inherit' });
} catch (e) {
  console.error(`serve: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
if (stopping) await new Promise(() => {}); // a signal arrived during start-up; shutdown() exits

const url = workbenchUrl({ origin: server.origin, folder });
const rule = '═'.repeat(78);
console.log([
  '',
  rule,
  '  Arabic News Annotator is running in VS Code (code-server, VS Code 1.100.3).',
  `  Folder: ${folder}`,
  '',
  '  Open this URL in a browser (Chrome, Edge or Firefox):',
  '',
  url,
  '',
  `  Remote machine? Forward the port first:  ssh -L ${port}:127.0.0.1:${port} <host>`,
  '  After rebuilding (npm run build), reload the browser page to load the new code.',
  '  Press Ctrl+C here to stop.',
  rule,
  '',
].join('\n'));

const { code, signal } = await server.exited;
if (!stopping) {
  console.error(`serve: code-server exited on its own (code ${code}, signal ${signal})`);
  await server.stop();
  process.exit(1);
}
