/**
 * The shipped named-entity tagger: the averaged-perceptron model trained on ANERcorp
 * (server/resources/model/anercorp-tagger.json, CC BY-SA 4.0, see NOTICE.md beside it),
 * bundled as JSON and built once on first use.
 */
import model from '../../../resources/model/anercorp-tagger.json';
import { PerceptronTagger, type TaggerModel } from './tagger';

let cached: PerceptronTagger | undefined;

/** The shipped tagger (built on first call, then cached). */
export function defaultTagger(): PerceptronTagger {
  if (!cached) cached = PerceptronTagger.fromModel(model as TaggerModel);
  return cached;
}
