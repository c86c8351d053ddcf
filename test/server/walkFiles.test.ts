/**
 * Listing a workspace folder in steps: a scan of tens of thousands of files lists them between yields to the
 * event loop (at 10,000 articles the listing held it 82 ms in one go), with the same files as at once.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { walkFiles, walkFilesSteps } from '../../server/src/node/fsCorpus';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { URI } from '../../server/src/lsp/uri';

describe('walkFilesSteps', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-walk-'));
    for (let d = 0; d < 3; d++) {
      const sub = path.join(dir, `d${d}`, 'inner');
      fs.mkdirSync(sub, { recursive: true });
      for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(d === 1 ? sub : path.dirname(sub), `${i}.${i % 3 === 0 ? 'json' : 'txt'}`), 'x');
    }
    fs.mkdirSync(path.join(dir, '.hidden'));
    fs.writeFileSync(path.join(dir, '.hidden', 'a.txt'), 'x');
    fs.symlinkSync(dir, path.join(dir, 'd2', 'loop'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('examines at most `perStep` entries between two yields, and lists what walkFiles lists', () => {
    let examined = 0;
    let widest = 0;
    const accept = (f: string): boolean => (examined++, f.endsWith('.txt'));
    const steps = walkFilesSteps([dir], accept, undefined, 100);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      yields++;
      widest = Math.max(widest, examined);
      examined = 0;
    }
    widest = Math.max(widest, examined);
    assert.ok(yields >= 8, `${yields} yields`);
    assert.ok(widest <= 100, `${widest} entries examined between two yields`);
    const all = walkFiles([dir], (f) => f.endsWith('.txt'));
    assert.equal(all.length, 600);
    assert.deepEqual(r.value, all);
  });
});

describe('a scan listing in slices', function () {
  this.timeout(60000);
  it('keeps an article that a file event brought in while the folder was being listed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-scan-list-'));
    try {
      const text = 'قال رئيس الوزراء إن الحكومة ستعقد اجتماعا في العاصمة الأسبوع المقبل.\n';
      for (let i = 0; i < 4000; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.txt`), text);
      const corpus = new WorkspaceCorpus(createNodeEngine());
      corpus.setFolders([dir]);
      // Only the file events matter here: no worker threads (the bundle is not this test's code).
      corpus.poolFactory = undefined;
      const scan = corpus.scan();
      await new Promise((r) => setImmediate(r)); // the listing's first slice is done, not the whole listing
      const late = path.join(dir, 'zz-late.txt');
      fs.writeFileSync(late, 'وصل الوفد إلى المدينة صباح اليوم.\n');
      assert.equal(corpus.loadFile(late), 'added', 'the file event, as the server handles it');
      await scan;
      assert.ok(corpus.documents().includes(URI.fromFsPath(late)), 'the article the event brought is still in the corpus');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
