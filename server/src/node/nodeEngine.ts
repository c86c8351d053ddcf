/** Creates the analysis engine on Node: loads the shipped word list from disk and hands it to the core. */
import { createEngine, Engine, EngineOptions } from '../core/engine';
import { loadWordList } from './loadWordList';

export function createNodeEngine(options: Omit<EngineOptions, 'wordList'> = {}): Engine {
  return createEngine({ ...options, wordList: loadWordList() });
}
