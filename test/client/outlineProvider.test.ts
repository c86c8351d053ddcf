/**
 * The Corpus Outline data layer against a fake language server: one outline request for the type, actor and
 * variant levels, occurrences only when a variant expands, root-only refreshes with stable ids, filter, stale
 * responses, getParent, safe tooltips, snapshots, and an unavailable server.
 */
import * as assert from 'node:assert/strict';
import type {
  ActorAtParams,
  CorpusStats,
  OccurrencesParams,
  OutlineActor,
  OutlineOccurrence,
  OutlineParams,
  OutlineResult,
} from '../../server/src/protocol';
import { installFakeVscode, EventEmitter, MarkdownString, type TreeItem } from './fakeVscode';

installFakeVscode();
const { CorpusOutlineProvider } = require('../../client/src/corpusOutline/provider') as typeof import('../../client/src/corpusOutline/provider');
const { ServerUnavailableError } = require('../../client/src/corpusService') as typeof import('../../client/src/corpusService');
type OutlineNode = import('../../client/src/corpusOutline/nodes').OutlineNode;
type ICorpusService = import('../../client/src/corpusService').ICorpusService;
type ServerState = import('../../client/src/corpusService').ServerState;

const ACTORS: OutlineActor[] = [
  {
    id: 'p1',
    type: 'person',
    canonical: 'فايز السراج',
    mentions: 5,
    documents: 3,
    variants: [
      { text: 'فايز السراج', count: 3, canonical: true, flagged: false },
      { text: 'فائز السراج', count: 2, canonical: false, flagged: true },
    ],
  },
  { id: 'p2', type: 'person', canonical: 'ليف دينغوف', mentions: 2, documents: 2, variants: [{ text: 'ليف دينغوف', count: 2, canonical: true, flagged: false }] },
  { id: 'l1', type: 'place', canonical: 'طرابلس', mentions: 4, documents: 2, variants: [{ text: 'طرابلس', count: 4, canonical: true, flagged: false }] },
];

function occurrence(uri: string, line: number, character: number, text: string, preview: string): OutlineOccurrence {
  return { uri, range: { start: { line, character }, end: { line, character: character + text.length } }, preview };
}

class FakeService implements ICorpusService {
  state: ServerState = 'running';
  readonly stateEmitter = new EventEmitter<ServerState>();
  readonly corpusEmitter = new EventEmitter<CorpusStats>();
  readonly onDidChangeState = this.stateEmitter.event as unknown as ICorpusService['onDidChangeState'];
  readonly onCorpusChanged = this.corpusEmitter.event as unknown as ICorpusService['onCorpusChanged'];
  readonly onStatsChanged = new EventEmitter<CorpusStats>().event as unknown as ICorpusService['onStatsChanged'];
  version = 1;
  actors: OutlineActor[] = ACTORS;
  outlineCalls: OutlineParams[] = [];
  occurrenceCalls: OccurrencesParams[] = [];
  unavailable = false;
  /** When set, corpusOutline waits for this before answering. */
  gate: Promise<void> | undefined;

  async corpusOutline(params: OutlineParams): Promise<OutlineResult> {
    this.outlineCalls.push(params);
    if (this.unavailable) throw new ServerUnavailableError('not running');
    const version = this.version;
    const actors = this.actors.filter((a) => !params.filter || a.variants.some((v) => v.text.includes(params.filter!)));
    if (this.gate) await this.gate;
    return { version, actors, more: 0 };
  }
  async occurrences(params: OccurrencesParams): Promise<readonly OutlineOccurrence[]> {
    this.occurrenceCalls.push(params);
    const text = params.variant ?? 'x';
    return [
      occurrence('file:///workspace/a.txt', 2, 10, text, `وقال ${text} إن الاتفاق قريب`),
      occurrence('file:///workspace/b.txt', 0, 0, text, `${text} يصل إلى موسكو`),
    ];
  }
  async actorAt(_params: ActorAtParams): Promise<OutlineActor | null> {
    return null;
  }
  async stats(): Promise<CorpusStats> {
    return { version: this.version, articles: 2, actors: this.actors.length, spellingIssues: 1, indexing: false, pending: false };
  }
  async rebuildIndex(): Promise<CorpusStats> {
    return this.stats();
  }
  async executeServerCommand(): Promise<unknown> {
    return undefined;
  }
}

const labelText = (item: TreeItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

describe('Corpus Outline provider', () => {
  let service: FakeService;
  let provider: InstanceType<typeof CorpusOutlineProvider>;
  const item = (n: OutlineNode): TreeItem => provider.getTreeItem(n) as unknown as TreeItem;

  beforeEach(() => {
    service = new FakeService();
    provider = new CorpusOutlineProvider(service);
  });

  it('lists the three types, with counts and type icons (none for an empty corpus)', async () => {
    const roots = await provider.getChildren();
    assert.deepEqual(roots.map((n) => n.id), ['type:person', 'type:organization', 'type:place']);
    assert.equal(item(roots[1]!).description, '\u20680 actors\u2069');
    assert.equal(item(roots[1]!).collapsibleState, 0);
    const person = item(roots[0]!);
    assert.equal(labelText(person), 'People');
    assert.equal(person.description, '\u20682 actors\u2069');
    assert.equal(person.iconPath?.id, 'person');
    assert.equal(item(roots[2]!).iconPath?.id, 'location');
    service.actors = [];
    provider.refresh();
    assert.deepEqual(await provider.getChildren(), []);
  });

  it('serves the type, actor and variant levels from one outline request; occurrences only on expansion', async () => {
    const [person] = await provider.getChildren();
    const actors = await provider.getChildren(person);
    assert.deepEqual(actors.map((n) => n.id), ['actor:p1', 'actor:p2']);
    const a = item(actors[0]!);
    assert.equal(a.contextValue, 'actor');
    assert.equal(a.description, '\u20685 mentions · 3 articles · 1 spelling variant\u2069', 'isolated from the Arabic label');
    const variants = await provider.getChildren(actors[0]);
    assert.deepEqual(variants.map((n) => n.id), ['variant:p1:فايز السراج', 'variant:p1:فائز السراج']);
    assert.equal(service.outlineCalls.length, 1);
    assert.equal(service.occurrenceCalls.length, 0);

    const occs = await provider.getChildren(variants[1]);
    assert.deepEqual(service.occurrenceCalls, [{ actorId: 'p1', variant: 'فائز السراج' }]);
    assert.equal(occs.length, 2);
    assert.match(occs[0]!.id, /^occ:p1:فائز السراج:file:\/\/\/workspace\/a\.txt:2:10$/);
    await provider.getChildren(variants[1]);
    assert.equal(service.occurrenceCalls.length, 1, 'occurrences are cached until the next refresh');
  });

  it('opens an occurrence at the mention, with the mention highlighted in the label', async () => {
    const [person] = await provider.getChildren();
    const [actor] = await provider.getChildren(person);
    const [, variant] = await provider.getChildren(actor);
    const [occ] = await provider.getChildren(variant);
    const it = item(occ!);
    assert.equal(it.command?.command, 'vscode.open');
    const [uri, options] = it.command!.arguments as [{ toString(): string }, { selection: { start: { line: number; character: number }; end: { character: number } } }];
    assert.equal(uri.toString(), 'file:///workspace/a.txt');
    assert.deepEqual([options.selection.start.line, options.selection.start.character, options.selection.end.character], [2, 10, 10 + 'فائز السراج'.length]);
    assert.equal(it.description, '\u2068a.txt:3\u2069');
    const label = it.label as { label: string; highlights: [number, number][] };
    const [s, e] = label.highlights[0]!;
    assert.equal(label.label.slice(s, e), 'فائز السراج');
  });

  it('implements getParent up to the type node', async () => {
    const [person] = await provider.getChildren();
    const [actor] = await provider.getChildren(person);
    const [variant] = await provider.getChildren(actor);
    const [occ] = await provider.getChildren(variant);
    assert.equal(provider.getParent(occ!)?.id, variant!.id);
    assert.equal(provider.getParent(variant!)?.id, actor!.id);
    assert.equal(provider.getParent(actor!)?.id, 'type:person');
    assert.equal(provider.getParent(person!), undefined);
    assert.equal((await provider.findActorNode('l1'))?.id, 'actor:l1');
    assert.equal(await provider.findActorNode('nobody'), undefined);
  });

  it('refresh fires for the root only, re-fetches, keeps ids stable and drops cached occurrences', async () => {
    const fired: Array<OutlineNode | undefined> = [];
    provider.onDidChangeTreeData((e) => fired.push(e ?? undefined));
    const [person] = await provider.getChildren();
    const [actor] = await provider.getChildren(person);
    const [variant] = await provider.getChildren(actor);
    await provider.getChildren(variant);

    service.version = 2;
    provider.refresh();
    assert.deepEqual(fired, [undefined]);
    const [person2] = await provider.getChildren();
    assert.equal(person2!.id, person!.id);
    const [actor2] = await provider.getChildren(person);
    assert.equal(actor2!.id, actor!.id);
    await provider.getChildren(variant);
    assert.equal(service.outlineCalls.length, 2);
    assert.equal(service.occurrenceCalls.length, 2);
    assert.equal(provider.rootInfo?.version, 2);
  });

  it('applies the filter on the server side and reports it', async () => {
    const infos: Array<{ filter: string; actors: number }> = [];
    provider.onDidLoadRoot((i) => infos.push({ filter: i.filter, actors: i.actors }));
    await provider.getChildren();
    provider.setFilter('  طرابلس ');
    await provider.getChildren();
    assert.deepEqual((await provider.actors()).map((n) => n.id), ['actor:l1']);
    assert.equal(service.outlineCalls.at(-1)?.filter, 'طرابلس');
    assert.deepEqual(infos.at(-1), { filter: 'طرابلس', actors: 1 });
    provider.setFilter('');
    assert.equal((await provider.actors()).length, 3);
    assert.equal(service.outlineCalls.at(-1)?.filter, undefined);
  });

  it('a slow older response does not replace a newer one', async () => {
    let release!: () => void;
    service.gate = new Promise((r) => (release = r));
    const first = provider.getChildren();
    service.gate = undefined;
    service.version = 2;
    service.actors = ACTORS.slice(2);
    provider.refresh();
    await provider.getChildren();
    release();
    await first;
    assert.equal(provider.rootInfo?.version, 2);
    assert.deepEqual((await provider.actors()).map((n) => n.id), ['actor:l1']);
  });

  it('escapes article text in tooltips and never trusts them', async () => {
    service.actors = [{ id: 'x', type: 'organization', canonical: 'شركة [انقر](command:evil) <img src=x> $(bug) https://e.vil', mentions: 1, documents: 1, variants: [{ text: '*عنوان*', count: 1, canonical: true, flagged: false }] }];
    const org = (await provider.getChildren()).find((n) => n.id === 'type:organization');
    const [actor] = await provider.getChildren(org);
    const tip = item(actor!).tooltip as MarkdownString;
    assert.ok(tip instanceof MarkdownString);
    assert.equal(tip.isTrusted, false);
    assert.equal(tip.supportHtml, false);
    assert.equal(tip.supportThemeIcons, false);
    assert.doesNotMatch(tip.value, /\]\(command:/);
    assert.doesNotMatch(tip.value, /(?<!\\)<img/);
    assert.doesNotMatch(tip.value, /https:\/\//);
    assert.doesNotMatch(tip.value, /(?<!\\)\*عنوان/);
    assert.match(tip.value, /\\\[انقر\\\]\\\(command\\:evil\\\)/);
  });

  it('keeps bidi overrides, embeddings and isolates from article text out of labels and tooltips', async () => {
    const rlo = 'فا\u202eيز \u2067السراج\u2069\u200f';
    service.actors = [{ id: 'b', type: 'person', canonical: rlo, mentions: 2, documents: 1, variants: [{ text: rlo, count: 1, canonical: true, flagged: false }, { text: '\u202dليف', count: 1, canonical: false, flagged: true }] }];
    const person = (await provider.getChildren()).find((n) => n.id === 'type:person');
    const [actor] = await provider.getChildren(person);
    const variants = await provider.getChildren(actor);
    const [occ] = await provider.getChildren(variants[0]);
    const texts: string[] = [];
    for (const n of [actor!, ...variants, occ!]) {
      const it = item(n);
      texts.push(labelText(it), (it.tooltip as MarkdownString).value);
    }
    for (const t of texts) assert.doesNotMatch(t, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/, JSON.stringify(t));
    assert.equal(labelText(item(actor!)), 'فايز السراج');
  });

  it('snapshots the loaded tree as plain data, to a depth', async () => {
    const two = await provider.snapshot({ depth: 2 });
    assert.deepEqual(two[0], {
      id: 'type:person',
      label: 'People',
      description: '2 actors',
      children: [
        { id: 'actor:p1', label: 'فايز السراج', description: '5 mentions · 3 articles · 1 spelling variant' },
        { id: 'actor:p2', label: 'ليف دينغوف', description: '2 mentions · 2 articles' },
      ],
    });
    const three = await provider.snapshot();
    assert.deepEqual(three[0]!.children![0]!.children!.map((v) => [v.label, v.description, v.children]), [
      ['فايز السراج', '3 · canonical', undefined],
      ['فائز السراج', '2 · spelling variant', undefined],
    ]);
    assert.equal(service.occurrenceCalls.length, 0, 'depth 3 does not load occurrences');
    const four = await provider.snapshot({ depth: 4, loadOccurrences: true });
    assert.equal(four[0]!.children![0]!.children![1]!.children!.length, 2);
  });

  it('shows nothing and reports the problem when the server is unavailable', async () => {
    service.unavailable = true;
    let problem: string | undefined;
    provider.onDidLoadRoot((i) => (problem = i.problem?.kind));
    assert.deepEqual(await provider.getChildren(), []);
    assert.equal(problem, 'unavailable');
    service.unavailable = false;
    provider.refresh();
    assert.equal((await provider.getChildren()).length, 3);
  });
});
