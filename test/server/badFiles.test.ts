/**
 * The language server scanning a folder of bad files (see badFolder.ts), with faults injected into its file
 * system (EACCES as root cannot get from chmod 000; files deleted and renamed while it indexes): it finishes
 * the scan, reports every unusable file once in its log (window/logMessage), indexes the articles, picks up the
 * renamed one from the file watcher's events, and keeps serving.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { Hover } from 'vscode-languageserver-protocol';
import { TestClient, uri } from './lspClient';
import { BadFolder, FAULTY_FS, makeBadFolder, removeBadFolder } from './badFolder';
import { CorpusStats, Requests } from '../../server/src/protocol';

describe('server on bad files', function () {
  this.timeout(120000);
  let bad: BadFolder;
  let client: TestClient;

  before(async () => {
    bad = makeBadFolder();
    client = new TestClient(['--stdio'], undefined, ['--require', FAULTY_FS], { ...process.env, ARABIC_NEWS_FAULTS: bad.faults });
    await client.initialize(bad.dir);
  });
  after(async () => {
    await client?.stop();
    removeBadFolder(bad);
  });

  it('finishes the first scan with the articles only (an empty .arnews is an article; pipes, notes and vanished files are not)', async () => {
    const stats = await client.indexed(3);
    assert.equal(stats.indexing, false);
    const outline = await client.request<{ actors: Array<{ id: string }> }>(Requests.corpusOutline, {});
    assert.ok(outline.actors.length > 5, 'the readable articles were analysed');
    assert.equal(client.proc.exitCode, null);
  });

  it('logs each unusable file once, with its reason', async () => {
    const log = client.messages.filter((m) => m.kind === 'log').map((m) => m.message);
    for (const [name, reason] of bad.skipped) {
      const mine = log.filter((l) => l.includes(`skipped ${path.join(bad.dir, name)}:`));
      assert.equal(mine.length, 1, `${name}: ${JSON.stringify(mine)}\n${log.join('\n')}`);
      assert.match(mine[0]!, reason, name);
    }
    assert.ok(!log.some((l) => /english\.txt|empty\.txt|pipe\.txt/.test(l)), 'harmless files are no errors');
    assert.ok(!log.some((l) => /TypeError|RangeError|\bat .*\.js:\d+/.test(l)), `no stack trace: ${log.join('\n')}`);
    // Nothing pops up for files the user did not ask about: the log only.
    assert.deepEqual(client.messages.filter((m) => m.kind === 'show').map((m) => m.message), []);
  });

  // A folder of the workspace that cannot be listed (EACCES) is logged, not skipped silently (as root, the
  // server runs with --require test/fixtures/faults/faultyFs.cjs and ARABIC_NEWS_FAULTS='{"eacces":["locked"]}').
  it('logs a folder that cannot be listed', async () => {
    await client.indexed(3);
    const log = client.messages.filter((m) => m.kind === 'log').map((m) => m.message);
    assert.ok(log.some((l) => l.includes(path.join(bad.dir, 'locked')) && /EACCES|permission denied/.test(l)), log.join('\n'));
  });

  it('takes the renamed article from the watcher events, drops the deleted ones, and ignores a pipe', async () => {
    const f = (n: string): string => uri(path.join(bad.dir, n));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: f('v-victim.txt'), type: 3 },
        { uri: f('m-moved.txt'), type: 3 },
        { uri: f('n-renamed.txt'), type: 1 },
        { uri: f('pipe.txt'), type: 1 },
        { uri: f('pipe.txt'), type: 2 },
        { uri: f('huge.txt'), type: 2 },
        { uri: f('self-loop.txt'), type: 2 },
      ],
    });
    await client.until('the renamed article', () => (client.lastStats?.articles === 4 ? true : undefined));
    const stats = await client.request<CorpusStats>(Requests.stats, undefined);
    assert.equal(stats.articles, 4);
  });

  it('still serves: hover on a mention in an article of the bad folder', async () => {
    const doc = path.join(bad.dir, 'a-trigger.txt');
    const outline = await client.request<{ actors: Array<{ id: string; canonical: string }> }>(Requests.corpusOutline, {});
    const occ = await client.request<Array<{ uri: string; range: { start: { line: number; character: number } } }>>(Requests.occurrences, { actorId: outline.actors[0]!.id });
    const inTrigger = occ.find((o) => o.uri === uri(doc)) ?? occ[0]!;
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: inTrigger.uri }, position: inTrigger.range.start });
    assert.ok(h, 'a hover');
  });
});
