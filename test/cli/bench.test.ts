/**
 * `npm run bench` smoke checks: the script starts, parses its options and, where the SaudiNewsNet data is
 * missing (a fresh clone), says where it is expected and exits 0 with nothing measured. No timings here: the
 * benchmark itself is run by hand (see README, "Benchmark"). That it type-checks is part of `tsc -p .`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../tempDir';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function bench(args: string[]) {
  const r = spawnSync(process.execPath, [TSX, path.join(ROOT, 'scripts/bench.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench (smoke, no timings)', function () {
  this.timeout(60000);

  it('prints its options with --help', () => {
    const r = bench(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const opt of ['--sizes', '--quick', '--skip-cspell', '--out']) assert.ok(r.stdout.includes(opt), opt);
  });

  it('without the data, says where it is expected and exits 0 with nothing written', () => {
    const dir = tempDir('arabic-news-bench-');
    const out = path.join(dir, 'results.json');
    try {
      const r = bench(['--quick', '--data', path.join(dir, 'no-such-dir'), '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /SaudiNewsNet not found at .*no-such-dir/);
      assert.match(r.stdout, /shared\/data\/saudinewsnet/);
      assert.ok(!fs.existsSync(out));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown option with exit 2', () => {
    assert.equal(bench(['--no-such-option']).code, 2);
  });
});
