/**
 * The environment the client starts the server with (`SERVER_ENVIRONMENT`) makes the memory a worker thread
 * frees go back to the system. A scan's workers allocate large buffers (the tagger's tables and word cache, the
 * transferred token arrays); with glibc's defaults the first large buffer freed raises the threshold above which
 * a buffer gets its own mapping, the next ones come from the thread's malloc arena, and the small buffers the
 * main thread keeps from that arena stop it from being trimmed after the worker ends. Linux with glibc only (the
 * variables mean nothing elsewhere).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { SERVER_ENVIRONMENT } from '../../server/src/protocol';

const PROBE = path.resolve(__dirname, '../fixtures/allocator/workerResidue.js');
const glibc = process.platform === 'linux' && Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);

function residueMB(env: NodeJS.ProcessEnv): number {
  const r = spawnSync(process.execPath, [PROBE], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { before: number; after: number; kept: number };
  assert.equal(out.kept, 64);
  return out.after - out.before;
}

(glibc ? describe : describe.skip)('the server environment and worker-thread memory (glibc)', () => {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES') delete base[k];

  it('sets a fixed mmap threshold and two arenas', () => {
    assert.equal(SERVER_ENVIRONMENT.MALLOC_ARENA_MAX, '2');
    assert.equal(SERVER_ENVIRONMENT.MALLOC_MMAP_THRESHOLD_, '131072');
  });

  it('gives back what a finished worker thread freed, which the defaults keep', () => {
    const kept = residueMB({ ...base, MALLOC_ARENA_MAX: SERVER_ENVIRONMENT.MALLOC_ARENA_MAX });
    const given = residueMB({ ...base, ...SERVER_ENVIRONMENT });
    assert.ok(kept >= 40, `with two arenas alone the probe keeps ${kept} MB of the 64 MB the worker freed`);
    assert.ok(given <= 16, `with the server environment the probe keeps ${given} MB`);
  });
});
