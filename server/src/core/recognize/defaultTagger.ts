/**
 * The shipped named-entity tagger: the averaged-perceptron model trained on ANERcorp
 * (server/resources/model/anercorp-tagger.json, CC BY-SA 4.0, see NOTICE.md beside it),
 * bundled as JSON and built once on first use.
 */
import model from '../../../resources/model/anercorp-tagger.json';
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
  if (!words) return (plain ??= PerceptronTagger.fromModel(model as TaggerModel));
  let t = withWords.get(words);
  if (!t) withWords.set(words, (t = PerceptronTagger.fromModel(model as TaggerModel, { words })));
  return t;
}
