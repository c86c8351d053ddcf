/**
 * Features between an edit and the next full pass (the fast path, CorpusIndex.current()): an edited
 * article may no longer mention an actor the last pass listed it under. Requests on that actor still
 * answer, and with what a full pass gives for everything the edit did not change.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { FeatureContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { definition } from '../../server/src/features/definition';
import { references } from '../../server/src/features/references';
import { diagnostics } from '../../server/src/features/diagnostics';
import { toPosition } from '../../server/src/lsp/convert';
import { actorFixes } from '../../server/src/features/codeActions';
import { corpusOutline, corpusOutlineInSlices, flaggedVariantsSteps, stats } from '../../server/src/features/corpusOutline';
import { ROOT } from './lspClient';

const SEEDS = path.join(ROOT, 'seeds');

describe('features on an edited corpus before the next full pass', function () {
  this.timeout(60000);
  const corpus = new WorkspaceCorpus(createNodeEngine());
  const ctx: FeatureContext = { corpus, versionOf: () => null, documentChanges: true, trusted: true };
  const uriOf = (f: string): string => 'file://' + path.join(SEEDS, f);
  for (const f of fs.readdirSync(SEEDS).filter((x) => x.endsWith('.txt')).sort()) corpus.setOpenText(uriOf(f), fs.readFileSync(path.join(SEEDS, f), 'utf8'), 'arabic-news');
  const before = corpus.snapshot();
  // An actor mentioned in several articles; its first listed article is then edited to no longer mention it.
  const actor = before.actors.find((a) => a.type === 'person' && a.documents.length >= 3)!;
  const [edited, other] = actor.documents;

  /** Every spelling fix of an actor, looking at every article. */
  const naiveFixes = (id: string) =>
    corpus.documents().flatMap((d) => corpus.findings(d).filter((f) => f.code === 'spelling-variant' && f.actor === id).map((f) => ({ doc: f.doc, start: f.start, end: f.end, newText: f.expected })));

  it('fixes of one actor in the corpus are those found looking at every article, asked once or again', () => {
    const ids = [...new Set(corpus.documents().flatMap((d) => corpus.findings(d).filter((f) => f.code === 'spelling-variant').map((f) => f.actor)))];
    assert.ok(ids.length >= 3, 'the seeds have actors with spelling variants');
    for (const id of ids) {
      assert.deepEqual(actorFixes(ctx, id), naiveFixes(id));
      actorFixes(ctx, id).pop(); // the caller's copy
      assert.deepEqual(actorFixes(ctx, id), naiveFixes(id));
    }
  });

  it('the corpus outline is the same asked again, and flags the spellings that have findings', () => {
    const a = corpusOutline(ctx, { limit: 50 });
    assert.deepEqual(corpusOutline(ctx, { limit: 50 }), a);
    const flagged = a.actors.flatMap((x) => x.variants.filter((v) => v.flagged).map((v) => x.id + ' ' + v.text));
    const expected = new Set<string>();
    const snap = corpus.snapshot();
    for (const d of corpus.documents()) for (const f of corpus.findings(d)) if (f.code === 'spelling-variant') { const m = snap.mentionAt(d, f.start)!; expected.add(snap.actorOf(m).id + ' ' + m.text); }
    assert.ok(flagged.length > 0);
    assert.deepEqual(flagged.sort(), [...expected].filter((k) => a.actors.some((x) => k.startsWith(x.id + ' '))).sort());
    assert.equal(corpusOutline(ctx, { limit: 2, type: 'place' }).actors.length, 2);
    assert.ok(corpusOutline(ctx, { limit: 2, type: 'place' }).actors.every((x) => x.type === 'place'));
  });

  it('the corpus statistics count the spelling variants of every article, after edits before the next pass too', () => {
    const c = new WorkspaceCorpus(createNodeEngine());
    const x: FeatureContext = { corpus: c, versionOf: () => null, documentChanges: true, trusted: true };
    const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
    for (const f of files) c.setOpenText(uriOf(f), fs.readFileSync(path.join(SEEDS, f), 'utf8'), 'arabic-news');
    const counted = (): number => c.documents().reduce((n, d) => n + c.findings(d).filter((f) => f.code === 'spelling-variant').length, 0);
    assert.ok(stats(x).spellingIssues > 0);
    assert.equal(stats(x).spellingIssues, counted());
    // Edits without a pass: a variant written as expected, a new article with variants, an article removed.
    const withVariant = c.documents().find((d) => c.findings(d).some((f) => f.code === 'spelling-variant'))!;
    const v = c.findings(withVariant).find((f) => f.code === 'spelling-variant')!;
    const text = c.text(withVariant)!;
    c.setOpenText(withVariant, text.slice(0, v.start) + v.expected + text.slice(v.end), 'arabic-news');
    c.setOpenText(uriOf('copy.txt'), text, 'arabic-news');
    c.setOpenText(c.documents().find((d) => d !== withVariant && !d.endsWith('copy.txt'))!, 'English only.', 'plaintext');
    assert.equal(c.stale, true, 'no pass has run');
    assert.equal(stats(x).spellingIssues, counted());
    assert.equal(c.engine.index.resolve() !== undefined, true);
    assert.equal(stats(x).spellingIssues, counted(), 'after the pass');
  });

  it('an actor whose first listed article no longer mentions it still has a hover, definition and references', () => {
    assert.ok(actor, 'the seeds name a person in three articles');
    const m = corpus.snapshot().mentions(other!).find((x) => corpus.snapshot().actorOf(x).id === actor.id)!;
    const pos = toPosition(corpus.text(other!)!, m.start);
    // Hovered before the edit too: what the card lists is kept per snapshot, not across an edit.
    assert.ok(JSON.stringify(hover(ctx, other!, pos)).includes(encodeURIComponent(path.basename(edited!))), 'before the edit, a link to the first listed article');
    corpus.setOpenText(edited!, 'قال المتحدث إن الاجتماع انتهى دون اتفاق.\n', 'arabic-news');
    assert.equal(corpus.stale, true, 'no full pass has run');
    const h = hover(ctx, other!, pos);
    assert.ok(h, 'a hover card');
    assert.ok(!JSON.stringify(h).includes(encodeURIComponent(path.basename(edited!))), 'no link to the article that no longer mentions the actor');
    const def = definition(ctx, other!, pos);
    assert.ok(def && def.uri !== edited);
    const refs = references(ctx, other!, pos, true);
    assert.ok(refs.length > 0 && refs.every((r) => r.uri !== edited));
    for (const d of corpus.documents()) diagnostics(ctx, d);
    const ids = [...new Set(corpus.documents().flatMap((d) => corpus.findings(d).filter((f) => f.code === 'spelling-variant').map((f) => f.actor)))];
    for (const id of ids) assert.deepEqual(actorFixes(ctx, id), naiveFixes(id), 'fixes on the edited corpus');
  });
});

/** A corpus of the seeds after a full pass, counting the articles whose findings the engine computes. */
function seedsAfterPass(): { c: WorkspaceCorpus; ctx: FeatureContext; judged: string[]; judgedNow: string[] } {
  const c = new WorkspaceCorpus(createNodeEngine());
  for (const f of fs.readdirSync(SEEDS).filter((x) => x.endsWith('.txt')).sort()) c.setOpenText('file://' + path.join(SEEDS, f), fs.readFileSync(path.join(SEEDS, f), 'utf8'), 'arabic-news');
  c.engine.index.resolve();
  const judged: string[] = [];
  /** Those judged against the edited corpus (not the last pass's snapshot). */
  const judgedNow: string[] = [];
  const findings = c.engine.findings.bind(c.engine);
  c.engine.findings = (doc, snapshot) => {
    judged.push(doc);
    if (snapshot !== c.engine.index.passSnapshot) judgedNow.push(doc);
    return findings(doc, snapshot);
  };
  const ctx: FeatureContext = { corpus: c, versionOf: () => null, documentChanges: true, trusted: true };
  return { c, ctx, judged, judgedNow };
}

describe('the spelling-issue count after an edit', function () {
  this.timeout(60000);
  const setUp = seedsAfterPass;
  const edit = (c: WorkspaceCorpus, doc: string): boolean => c.setOpenText(doc, c.text(doc)! + '\nقال المتحدث إن الاجتماع انتهى.\n', 'arabic-news');

  it('is known from the pass and the edited article alone once the pass\'s findings are all known', () => {
    const { c, judged } = setUp();
    for (const d of c.documents()) c.findings(d); // the pass's diagnostics published
    const doc = c.documents()[1]!;
    edit(c, doc);
    judged.length = 0;
    const quick = c.spellingIssuesKnown();
    assert.deepEqual(judged, [doc], 'only the edited article judged');
    assert.equal(quick, c.spellingIssues());
    assert.equal(quick, c.documents().reduce((n, d) => n + c.findings(d).filter((f) => f.code === 'spelling-variant').length, 0));
  });

  it('is not known, and nothing is judged, when the pass\'s findings are not all known (its publishing stopped at an edit); counted, it completes the pass\'s', () => {
    const { c, judged, judgedNow } = setUp();
    c.findings(c.documents()[0]!); // publishing stopped after the first article
    const doc = c.documents()[1]!;
    edit(c, doc);
    judged.length = 0;
    assert.equal(c.spellingIssuesKnown(), undefined);
    assert.deepEqual(judged, []);
    const n = c.spellingIssues();
    assert.deepEqual(judgedNow, [doc], 'only the edited article judged against the edit, the others as the pass has them');
    assert.equal(c.spellingIssuesKnown(), n, 'known from then on');
    assert.equal(n, c.documents().reduce((k, d) => k + c.findings(d).filter((f) => f.code === 'spelling-variant').length, 0));
  });

  it('counted for a request, judges the articles in steps that yield between them (a pass\'s findings not yet published: the event loop is not held)', () => {
    const { c, judged } = setUp(); // the pass done, none of its findings known yet (its republishing under way)
    judged.length = 0;
    const steps = c.spellingIssuesSteps();
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      yields++;
      assert.ok(judged.length <= yields, 'at most one article between two yields');
    }
    assert.equal(judged.length, c.documents().length);
    assert.ok(yields >= c.documents().length);
    assert.equal(r.value, c.spellingIssues());
    assert.equal(r.value, c.documents().reduce((k, d) => k + c.findings(d).filter((f) => f.code === 'spelling-variant').length, 0));
  });

  it('counted in steps while an edit comes, counts the corpus as edited', () => {
    const { c } = setUp();
    const steps = c.spellingIssuesSteps();
    steps.next();
    steps.next();
    const doc = c.documents()[2]!;
    edit(c, doc);
    let r = steps.next();
    while (!r.done) r = steps.next();
    assert.equal(r.value, c.documents().reduce((k, d) => k + c.findings(d).filter((f) => f.code === 'spelling-variant').length, 0));
    assert.equal(r.value, c.spellingIssues());
  });
});

describe('the spellings the outline flags, in steps', function () {
  this.timeout(60000);
  const setUp = seedsAfterPass;
  /** Actor id and spelling of the mention of every spelling finding, looking at every article. */
  const expected = (c: WorkspaceCorpus): string[] => {
    const snap = c.snapshot();
    const out = new Set<string>();
    for (const d of c.documents()) for (const f of c.findings(d)) if (f.code === 'spelling-variant') { const m = snap.mentionAt(d, f.start)!; out.add(snap.actorOf(m).id + ' ' + m.text); }
    return [...out].sort();
  };
  const flat = (f: ReadonlyMap<string, ReadonlySet<string>>): string[] => [...f].flatMap(([id, set]) => [...set].map((t) => id + ' ' + t)).sort();

  it('looks at a bounded number of articles between two yields, and flags what the findings of every article say', () => {
    const { c, ctx, judged } = setUp();
    judged.length = 0;
    const steps = flaggedVariantsSteps(ctx, 1);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      yields++;
      assert.ok(judged.length <= yields, 'at most one article between two yields');
    }
    assert.ok(yields >= c.documents().length - 1);
    assert.ok(r.value.flagged.size > 0);
    assert.deepEqual(flat(r.value.flagged), expected(c));
  });

  it('starts again when an edit comes between two steps, and gives the flags of the edited corpus', () => {
    const { c, ctx } = setUp();
    const steps = flaggedVariantsSteps(ctx, 1);
    steps.next();
    steps.next();
    const doc = c.documents()[0]!;
    // The article loses its spelling variants: every name token of it written as its actor's canonical spelling.
    const before = c.findings(doc).filter((f) => f.code === 'spelling-variant');
    assert.ok(before.length > 0, 'the first seed has spelling variants');
    let text = c.text(doc)!;
    for (const f of [...before].sort((x, y) => y.start - x.start)) text = text.slice(0, f.start) + f.expected + text.slice(f.end);
    c.setOpenText(doc, text, 'arabic-news');
    let r = steps.next();
    while (!r.done) r = steps.next();
    assert.equal(r.value.state, c.findingsState());
    assert.deepEqual(flat(r.value.flagged), expected(c));
  });

  it('for a request, gives the outline the corpus gives at once', async () => {
    const { ctx } = setUp();
    const sliced = await corpusOutlineInSlices(ctx, { limit: 50 });
    const { ctx: other } = setUp();
    assert.deepEqual(sliced, corpusOutline(other, { limit: 50 }));
  });
});
