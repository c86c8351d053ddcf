/**
 * The shipped named-entity tagger: the averaged-perceptron model trained on ANERcorp
 * (server/resources/model/anercorp-tagger.json, CC BY-SA 4.0, see NOTICE.md beside it),
 * bundled as JSON and built once on first use. The model is required when the tagger is first built, not
 * when the bundle loads: a start that recognizes nothing (everything from the persisted index) neither parses
 * nor keeps its 2.8 MB of JSON as objects.
 */
import { PerceptronTagger, type TaggerModel } from './tagger';
import type { WordList } from '../lexicon/wordList';

let plain: PerceptronTagger | undefined;
const withWords = new WeakMap<WordList, PerceptronTagger>();

/**
 * The shipped tagger, built on first call and cached (one per word list). `words`: the general word
 * list, which the model's dictionary features consult (hosts load it, see node/loadWordList.ts);
 * without it those features stay off and recognition is weaker.
 */
export function defaultTagger(words?: WordList): PerceptronTagger {
  if (!words) return (plain ??= PerceptronTagger.fromModel(shippedModel()));
  let t = withWords.get(words);
  if (!t) withWords.set(words, (t = PerceptronTagger.fromModel(shippedModel(), { words })));
  return t;
}

/**
 * `defaultTagger` in steps, for a host that builds it in the background: the word list used (which parses a
 * list read on first use), the model read, then the tagger built, each in a step of its own.
 */
export function* defaultTaggerSteps(words?: WordList): Generator<void, PerceptronTagger, void> {
  const built = words ? withWords.get(words) : plain;
  if (built) return built;
  if (words) {
    words.has('');
    yield;
  }
  shippedModel();
  yield;
  return defaultTagger(words);
}

function shippedModel(): TaggerModel {
  return require('../../../resources/model/anercorp-tagger.json') as TaggerModel;
}
