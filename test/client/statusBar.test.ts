/**
 * The status bar's corpus figures against a fake language server: the figures of a full pass
 * (`corpusChanged`), those of an edit before its pass (`statsChanged`), and a stats request that answers
 * after a newer notification.
 */
import * as assert from 'node:assert/strict';
import type { CorpusStats } from '../../server/src/protocol';
import { installFakeVscode, EventEmitter } from './fakeVscode';

installFakeVscode();
const { CorpusStatusBar } = require('../../client/src/statusBar') as typeof import('../../client/src/statusBar');
type ICorpusService = import('../../client/src/corpusService').ICorpusService;
type ServerState = import('../../client/src/corpusService').ServerState;

const figures = (spellingIssues: number, version = 1): CorpusStats => ({ version, articles: 5, actors: 40, spellingIssues, indexing: false, pending: false });

function fakeService(answer: () => Promise<CorpusStats>) {
  const state = new EventEmitter<ServerState>();
  const corpus = new EventEmitter<CorpusStats>();
  const edits = new EventEmitter<CorpusStats>();
  const service = {
    state: 'running' as ServerState,
    onDidChangeState: state.event,
    onCorpusChanged: corpus.event,
    onStatsChanged: edits.event,
    stats: answer,
  } as unknown as ICorpusService;
  return { service, state, corpus, edits };
}

describe('the status bar', () => {
  it('shows the figures of a full pass, and those of an edit at once, before its pass', async () => {
    const { service, corpus, edits } = fakeService(async () => figures(12));
    const bar = new CorpusStatusBar(service);
    await new Promise((r) => setImmediate(r));
    assert.match(bar.text, /12 spelling issues/);
    edits.fire({ ...figures(11, 2), pending: true });
    assert.match(bar.text, /5 articles · 40 actors · 11 spelling issues/);
    corpus.fire(figures(10, 2));
    assert.match(bar.text, /10 spelling issues/);
    bar.dispose();
    edits.fire(figures(9, 3));
    assert.match(bar.text, /10 spelling issues/, 'a disposed status bar listens no more');
  });

  it('keeps an edit’s figures when an older stats request answers after them', async () => {
    let answer: (s: CorpusStats) => void = () => undefined;
    const { service, edits } = fakeService(() => new Promise<CorpusStats>((r) => (answer = r)));
    const bar = new CorpusStatusBar(service);
    edits.fire(figures(7, 4));
    answer(figures(12, 1));
    await new Promise((r) => setImmediate(r));
    assert.match(bar.text, /7 spelling issues/);
    bar.dispose();
  });
});
