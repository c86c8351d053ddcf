/** Creates the analysis engine on Node: hands the shipped word list (read from disk on first use) to the core. */
import { createEngine, Engine, EngineOptions } from '../core/engine';
import { lazyWordList } from './loadWordList';

export function createNodeEngine(options: Omit<EngineOptions, 'wordList'> = {}): Engine {
  return createEngine({ ...options, wordList: lazyWordList() });
}
