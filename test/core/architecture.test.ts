/** The analysis core stays pure: no VS Code, no LSP, no file system or process access. */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('architecture', () => {
  it('server/src/core imports nothing from vscode, LSP, fs, child_process or net', () => {
    const core = path.resolve(__dirname, '../../server/src/core');
    const bad: string[] = [];
    for (const f of files(core)) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/from\s+'([^']+)'|require\('([^']+)'\)/g)) {
        const mod = m[1] ?? m[2]!;
        if (/^(vscode|vscode-languageserver|vscode-languageclient|fs|node:fs|path|node:path|child_process|node:child_process|net|node:net|os|node:os)(\/|$)/.test(mod)) bad.push(`${path.relative(core, f)}: ${mod}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('no source file starts a process, opens a network connection or evaluates code (server, client, CLI)', () => {
    // One exception: the analysis pool starts worker threads (in this process) that run the host's own bundle.
    const allowed = new Set(['server/src/node/analysisPool.ts: worker_threads', 'server/src/node/analysisPool.ts: new Worker']);
    const bad: string[] = [];
    for (const dir of ['server/src', 'client/src', 'cli/src']) {
      const base = path.resolve(__dirname, '../..', dir);
      for (const f of files(base)) {
        const src = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const m of src.matchAll(/from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)) {
          const mod = (m[1] ?? m[2] ?? m[3]!).replace(/^node:/, '');
          if (/^(child_process|cluster|worker_threads|net|tls|http|https|http2|dgram|dns|inspector|vm)(\/|$)/.test(mod)) bad.push(`${dir}/${path.relative(base, f)}: ${mod}`);
        }
        for (const m of src.matchAll(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|eval|Function)\s*\(|\bnew\s+(Function|WebSocket|Worker)\b|process\.(binding|dlopen)|\brequire\s*\((?!')/g)) {
          bad.push(`${dir}/${path.relative(base, f)}: ${m[0]}`);
        }
      }
    }
    assert.deepEqual(bad.filter((b) => !allowed.has(b)), []);
  });
});
