/**
 * When the workspace corpus writes the persisted corpus pass: once per pass, with the spelling findings
 * of its snapshot; a warm start that restored the pass (and its findings) does not encode it again, and
 * a change of the findings' options saves the findings under the new ones.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { AnalysisCache } from '../../server/src/node/analysisCache';
import { PassCache, PASS_FILE } from '../../server/src/node/passCache';
import { ArabicNewsSettings, DEFAULT_SETTINGS } from '../../server/src/protocol';
import { Engine } from '../../server/src/core/engine';
import { seedsCopy, tempDir } from '../tempDir';
import { frame } from '../../server/src/node/framedFile';

const ENGINE = 'test-engine';

/**
 * A workspace corpus on `dir` with its persisted index in `storage` (and `settings` in force from the start),
 * scanned, with its pass run or restored.
 */
async function started(dir: string, storage: string, settings?: ArabicNewsSettings): Promise<{ corpus: WorkspaceCorpus; engine: Engine; restored: string; encoded: () => number }> {
  const engine = createNodeEngine();
  let encoded = 0;
  const savePass = engine.savePass;
  engine.savePass = () => {
    encoded++;
    return savePass();
  };
  const corpus = new WorkspaceCorpus(engine);
  corpus.setFolders([dir]);
  if (settings) corpus.applySettings(settings);
  corpus.useCache(AnalysisCache.inFolder(storage, ENGINE), PassCache.inFolder(storage, ENGINE));
  await corpus.scan();
  const restored = corpus.restorePass();
  if (corpus.stale) await corpus.resolveInSlices();
  return { corpus, engine, restored, encoded: () => encoded };
}

/** Every article's findings, as the server publishes them after a pass. */
const allFindings = (corpus: WorkspaceCorpus): unknown => corpus.documents().map((d) => corpus.findings(d));

describe('saving the persisted corpus pass', function () {
  this.timeout(60000);
  const dir = seedsCopy('arabic-news-pass-saving-');
  const storage = tempDir('arabic-news-pass-storage-');

  it('writes the pass once, restores it with its findings, and does not encode it again on a warm start', async () => {
    const cold = await started(dir, storage);
    assert.equal(cold.restored, 'none');
    const findings = allFindings(cold.corpus);
    assert.ok(JSON.stringify(findings).includes('spelling-variant'), 'the seeds have spelling findings');
    assert.equal(cold.corpus.saveCache(), true);
    assert.equal(cold.encoded(), 1);
    const written = fs.statSync(path.join(storage, PASS_FILE)).mtimeMs;
    cold.corpus.saveCache();
    assert.equal(cold.encoded(), 1, 'the same pass is not encoded twice');

    const warm = await started(dir, storage);
    assert.equal(warm.restored, 'restored');
    assert.deepEqual(allFindings(warm.corpus), findings, 'the findings of the cold start');
    warm.corpus.saveCache();
    assert.equal(warm.encoded(), 0, 'the pass on disk is the one restored');
    assert.equal(fs.statSync(path.join(storage, PASS_FILE)).mtimeMs, written);
  });

  it('saves the findings again when their options change, and a start under those options takes them', async () => {
    const warm = await started(dir, storage);
    const hint = { ...DEFAULT_SETTINGS, diagnostics: { ...DEFAULT_SETTINGS.diagnostics, severity: 'hint' as const } };
    warm.corpus.applySettings(hint);
    const findings = allFindings(warm.corpus);
    assert.ok(JSON.stringify(findings).includes('"severity":"hint"'));
    warm.corpus.saveCache();
    assert.equal(warm.encoded(), 1, 'findings under other options are worth saving');

    // The options in force when the pass is restored decide whether its findings are taken.
    const again = await started(dir, storage, hint);
    assert.equal(again.restored, 'restored');
    assert.deepEqual(allFindings(again.corpus), findings);
  });

  it('a pass file of an earlier format version is not used, not reported as corrupt, and replaced', async () => {
    const passFile = path.join(storage, PASS_FILE);
    const good = fs.readFileSync(passFile);
    const header = JSON.parse(good.toString('utf8', 12, 12 + good.readUInt32LE(8))) as { fingerprint: string };
    fs.writeFileSync(passFile, frame('ANPASS01', { format: 'arabic-news-corpus-pass', version: 1, engine: ENGINE, fingerprint: header.fingerprint }, new Uint8Array(8)));
    const cache = PassCache.inFolder(storage, ENGINE);
    assert.equal(cache.load(header.fingerprint), undefined);
    assert.equal(cache.loadProblem, undefined, 'an older file is no problem to report');
    const next = await started(dir, storage);
    assert.equal(next.restored, 'none');
    next.corpus.saveCache();
    assert.equal(next.encoded(), 1);
    assert.equal((await started(dir, storage)).restored, 'restored', 'replaced by a pass of this version');
  });

  it('saved in slices in the background, both files are byte for byte those of a blocking save, and a start takes the pass', async () => {
    const blocking = tempDir('arabic-news-pass-blocking-');
    const sliced = tempDir('arabic-news-pass-sliced-');
    const a = await started(dir, blocking);
    assert.equal(a.corpus.saveCache(), true);
    const b = await started(dir, sliced);
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    assert.equal(await b.corpus.saveCacheInSteps(0), true);
    counting = false;
    assert.ok(turns >= 3, `the event loop turned while the files were encoded and written (${turns} turns)`);
    for (const f of fs.readdirSync(blocking).sort()) assert.ok(fs.readFileSync(path.join(sliced, f)).equals(fs.readFileSync(path.join(blocking, f))), f);
    assert.deepEqual(fs.readdirSync(sliced).sort(), fs.readdirSync(blocking).sort());
    assert.equal(await b.corpus.saveCacheInSteps(0), false, 'nothing new to write');
    assert.equal((await started(dir, sliced)).restored, 'restored');
  });
});
