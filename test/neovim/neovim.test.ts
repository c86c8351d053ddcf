/**
 * An independent editor as client: Neovim (Debian's package, headless, built-in LSP client) attached to
 * the server gets diagnostics, a hover and a definition — the server is editor-agnostic.
 * Skipped with a message when `nvim` is not installed (CI installs it).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { seedsCopy } from '../tempDir';

const ROOT = path.resolve(__dirname, '../..');

describe('Neovim as LSP client', function () {
  this.timeout(120000);
  const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

  it('gets hover and definition from the server', function () {
    if (!hasNvim) {
      console.log('      (nvim not installed: apt-get install neovim)');
      this.skip();
    }
    const dir = seedsCopy('arabic-news-nvim-');
    const file = path.join(dir, '004_6b8f9d421b231bce.txt');
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('المشير حفتر') + 'المشير '.length + 1;
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    const character = before.length - (before.lastIndexOf('\n') + 1);
    const out = path.join(dir, 'nvim-result.json');
    const r = spawnSync('nvim', ['--headless', '-n', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'test/neovim/lsp.lua')}`], {
      env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, ARABIC_NEWS_SERVER: path.join(ROOT, 'dist/server.js'), ARABIC_NEWS_ROOT: dir, ARABIC_NEWS_FILE: file, ARABIC_NEWS_LINE: String(line), ARABIC_NEWS_CHARACTER: String(character), ARABIC_NEWS_OUT: out },
      encoding: 'utf8',
      timeout: 100000,
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (exit ${r.status}): ${r.stderr}`);
    const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { ok: boolean; error?: string; initialized: boolean; gotDiagnostics: boolean; diagnostics: Array<{ message: string }>; hover: { contents: { value: string } }; definition: Array<{ uri: string; range: { start: { line: number } } }> | { uri: string } };
    assert.ok(res.ok, res.error);
    assert.ok(res.initialized);
    assert.ok(res.gotDiagnostics && res.diagnostics.some((d) => /فايز|فائز/.test(d.message)), JSON.stringify(res.diagnostics));
    assert.match(res.hover.contents.value, /خليفة حفتر/);
    const defs = Array.isArray(res.definition) ? res.definition : [res.definition];
    assert.equal(defs.length, 1);
    assert.notEqual(defs[0]!.uri, 'file://' + file, 'the definition is in another article');
  });
});
