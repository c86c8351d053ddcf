/** The `arabic-news` CLI, run as a user runs it: `node bin/arabic-news.js …` on the built bundle. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../tempDir';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/arabic-news.js');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpCopy(src: string): string {
  const dir = tempDir('arabic-news-cli-');
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  return dir;
}

describe('arabic-news CLI', function () {
  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js missing: run npm run build');
  });

  it('actors --format json lists typed actors with variants and documents', () => {
    const r = run(['actors', '--format', 'json', 'seeds']);
    assert.equal(r.code, 0, r.stderr);
    const actors = JSON.parse(r.stdout) as Array<{ id: string; canonical: string; type: string; variants: Array<{ text: string; count: number }>; mentions: number; documents: string[] }>;
    assert.ok(actors.length > 10);
    for (const a of actors) {
      assert.ok(['person', 'organization', 'place'].includes(a.type));
      assert.equal(a.variants.reduce((n, v) => n + v.count, 0), a.mentions);
      assert.ok(a.documents.every((d) => d.startsWith('seeds/')));
    }
    const sarraj = actors.find((a) => a.type === 'person' && a.canonical.endsWith('السراج'))!;
    assert.ok(sarraj.variants.length >= 3, JSON.stringify(sarraj.variants));
    assert.ok(sarraj.documents.length >= 4);
  });

  it('lint --format json reports LSP-style UTF-16 ranges whose text is the found spelling; exit 1', () => {
    const r = run(['lint', '--format', 'json', 'seeds']);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Array<{ path: string; line: number; character: number; endLine: number; endCharacter: number; code: string; found: string; expected: string; severity: string; message: string }>;
    assert.ok(findings.some((f) => f.code === 'spelling-variant' && f.found === 'لينف' && f.expected === 'ليف'));
    assert.ok(findings.some((f) => f.code === 'missing-space' && f.found === 'لشنالهجوم' && f.expected === 'لشن الهجوم'));
    for (const f of findings) {
      const lines = fs.readFileSync(path.join(ROOT, f.path), 'utf8').split(/\r\n|\r|\n/);
      assert.equal(f.line, f.endLine);
      assert.equal(lines[f.line]!.slice(f.character, f.endCharacter), f.found);
      assert.ok(f.message.length > 0 && ['warning', 'information'].includes(f.severity));
    }
  });

  it('lint exits 0 on a clean corpus and 2 on usage or missing paths', () => {
    const dir = tempDir('arabic-news-clean-');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا مستعدة.\n');
    assert.equal(run(['lint', dir]).code, 0);
    const missing = run(['lint', path.join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder/);
    assert.equal(run(['frobnicate', 'seeds']).code, 2);
    assert.equal(run(['lint']).code, 2);
    assert.equal(run(['actors', '--format', 'yaml', 'seeds']).code, 2);
  });

  it('skips binary and non-UTF-8 files with a message', () => {
    const dir = tempDir('arabic-news-bad-');
    fs.writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'ليبيا\n');
    const r = run(['actors', '--format', 'json', dir]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /bin\.txt.*binary/);
    assert.match(r.stderr, /latin1\.txt.*UTF-8/);
    assert.equal(fs.readFileSync(path.join(dir, 'bin.txt')).length, 6, 'the bad file is untouched');
  });

  it('text output keeps Arabic names intact in the last column', () => {
    const r = run(['actors', 'seeds']);
    assert.equal(r.code, 0);
    const line = r.stdout.split('\n').find((l) => l.includes('ليبيا'))!;
    assert.ok(line.trimEnd().endsWith('ليبيا'), line);
    assert.match(r.stdout, /^type\s+mentions\s+articles\s+variants\s+actor/);
  });

  it('export jsonl: one object per document, offsets point at the entity text (BOM stripped)', () => {
    const dir = tmpCopy(path.join(ROOT, 'seeds'));
    const f = path.join(dir, '000_068e7e3385a67ab6.txt');
    fs.writeFileSync(f, '\ufeff' + fs.readFileSync(f, 'utf8'));
    const r = run(['export', '--format', 'jsonl', dir]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; entities: Array<{ start: number; end: number; type: string; actor: string; text: string }> });
    assert.equal(lines.length, 5);
    for (const doc of lines) {
      assert.ok(!path.isAbsolute(doc.path) && !doc.path.includes('/'), `paths are relative to the folder: ${doc.path}`);
      const text = fs.readFileSync(path.join(dir, doc.path), 'utf8').replace(/^\ufeff/, '');
      for (const e of doc.entities) assert.equal(text.slice(e.start, e.end), e.text);
    }
    assert.match(r.stderr, /exported person \d+, organization \d+, place \d+/);
  });

  it('export conll uses ANERcorp tags; brat writes .ann standoff into --out', () => {
    const conll = run(['export', '--format', 'conll', 'seeds']);
    assert.equal(conll.code, 0);
    const tags = new Set(conll.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ').pop()));
    for (const t of tags) assert.match(t!, /^(O|[BI]-(PERS|ORG|LOC))$/);
    assert.ok(tags.has('B-PERS') && tags.has('I-PERS') && tags.has('B-LOC') && tags.has('B-ORG'));
    const out = tempDir('arabic-news-brat-');
    const brat = run(['export', '--format', 'brat', '--out', out, 'seeds']);
    assert.equal(brat.code, 0, brat.stderr);
    const ann = fs.readFileSync(path.join(out, '003_72fcb7f55780ab1a.ann'), 'utf8');
    const text = fs.readFileSync(path.join(out, '003_72fcb7f55780ab1a.txt'), 'utf8');
    const tLines = ann.split('\n').filter((l) => l.startsWith('T'));
    assert.ok(tLines.length > 5);
    for (const l of tLines) {
      const [, spec, surface] = l.split('\t');
      const [type, s, e] = spec!.split(' ');
      assert.match(type!, /^(PERS|ORG|LOC)$/);
      assert.equal([...text].slice(Number(s), Number(e)).join(''), surface);
    }
    assert.match(ann, /^N1\tReference T1 arabic-news:actor:\S+\t\S/m);
    assert.equal(ann.split('\n').filter((l) => l.startsWith('N')).length, tLines.length, 'one N line per T line');
    assert.match(conll.stderr, /conll cannot represent/);
    assert.match(conll.stderr, /tagged as whole tokens/);
  });

  it('import brat and jsonl into the decisions file: export → import → export gives identical files', () => {
    const dir = tmpCopy(path.join(ROOT, 'seeds'));
    for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/annotations'))) fs.copyFileSync(path.join(ROOT, 'test/fixtures/annotations', f), path.join(dir, f));
    // An annotator's edit of the brat export: one entity removed, one span added (a missed place).
    const out = tempDir('arabic-news-brat-');
    assert.equal(run(['export', '--format', 'brat', '--out', out, dir]).code, 0);
    const annFile = path.join(out, 'a1.ann');
    const text = fs.readFileSync(path.join(dir, 'a1.txt'), 'utf8');
    const at = text.indexOf('مصراتة');
    const lines = fs.readFileSync(annFile, 'utf8').trim().split('\n');
    const kept = lines.filter((l) => !/^[TN]1\t/.test(l));
    kept.push(`T99\tLOC ${[...text.slice(0, at)].length} ${[...text.slice(0, at)].length + 6}\tمصراتة`);
    fs.writeFileSync(annFile, kept.join('\n') + '\n');
    const imp = run(['import', '--format', 'brat', out, dir]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stderr, /imported \d+ entities of 7 article\(s\)/);
    const decisions = JSON.parse(fs.readFileSync(path.join(dir, '.arabic-news/annotations.json'), 'utf8'));
    assert.ok(decisions.added.some((e: { text: string; type: string }) => e.text === 'مصراتة' && e.type === 'place'));
    assert.equal(decisions.removed.length, 1);
    // The decisions now apply to every command: a second export equals the edited brat files.
    const out2 = tempDir('arabic-news-brat-');
    assert.equal(run(['export', '--format', 'brat', '--out', out2, dir]).code, 0);
    const entities = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.startsWith('T')).map((l) => l.split('\t').slice(1).join('\t')).sort();
    assert.deepEqual(entities(path.join(out2, 'a1.ann')), entities(annFile));
    // JSONL: export → import → export is identical.
    const j1 = run(['export', '--format', 'jsonl', dir]);
    const jf = path.join(out2, 'x.jsonl');
    fs.writeFileSync(jf, j1.stdout);
    fs.rmSync(path.join(dir, '.arabic-news'), { recursive: true });
    const imp2 = run(['import', '--format', 'jsonl', jf, dir]);
    assert.equal(imp2.code, 0, imp2.stderr);
    assert.equal(run(['export', '--format', 'jsonl', dir]).stdout, j1.stdout);
  });

  it('an invalid decisions file stops every command with its location, and import never overwrites it', () => {
    const dir = tmpCopy(path.join(ROOT, 'test/fixtures/annotations'));
    fs.mkdirSync(path.join(dir, '.arabic-news'));
    const file = path.join(dir, '.arabic-news/annotations.json');
    fs.writeFileSync(file, '{ "version": 1,\n  "actors": [ { "canonical": 3 } ] }');
    const r = run(['actors', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /annotations\.json:2: Expected the canonical spelling/);
    const jf = path.join(dir, 'x.jsonl');
    fs.writeFileSync(jf, '');
    assert.equal(run(['import', '--format', 'jsonl', jf, dir]).code, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), '{ "version": 1,\n  "actors": [ { "canonical": 3 } ] }');
  });

  it('fix shows the fixes, fix --write applies them atomically and the corpus lints clean of them', () => {
    const dir = tmpCopy(path.join(ROOT, 'seeds'));
    const before = fs.readFileSync(path.join(dir, '003_72fcb7f55780ab1a.txt'), 'utf8');
    const dry = run(['fix', dir]);
    assert.equal(dry.code, 0);
    assert.match(dry.stdout, /«لينف» → «ليف»/);
    assert.equal(fs.readFileSync(path.join(dir, '003_72fcb7f55780ab1a.txt'), 'utf8'), before, 'a dry run changes nothing');
    const w = run(['fix', '--write', '--format', 'json', dir]);
    assert.equal(w.code, 0, w.stderr);
    const after = fs.readFileSync(path.join(dir, '003_72fcb7f55780ab1a.txt'), 'utf8');
    assert.ok(after.includes('“ليف دينغوف”') && !after.includes('لينف'));
    assert.ok(after.includes('لشن الهجوم'));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
    const again = JSON.parse(run(['lint', '--format', 'json', dir]).stdout) as Array<{ found: string }>;
    assert.ok(!again.some((f) => f.found === 'لينف' || f.found === 'لشنالهجوم'));
  });
});
