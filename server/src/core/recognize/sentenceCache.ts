/**
 * Remembers the tags of recently tagged sentences. Typing in an article changes one sentence at a
 * time, so re-analysing the article after a keystroke re-tags only that sentence.
 */
import { SequenceTagger } from './recognizer';

/** Sentences per generation: when the young one is full it becomes the old one (the previous old one is dropped). */
const GENERATION = 4096;

export class SentenceCache implements SequenceTagger {
  private young = new Map<string, readonly string[]>();
  private old = new Map<string, readonly string[]>();

  constructor(private readonly tagger: SequenceTagger) {}

  entityLabels(word: string): readonly string[] {
    return this.tagger.entityLabels?.(word) ?? [];
  }

  tag(words: readonly string[]): readonly string[] {
    const key = words.join('\u0000');
    let tags = this.young.get(key);
    if (tags) return tags;
    tags = this.old.get(key) ?? this.tagger.tag(words);
    if (this.young.size >= GENERATION) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, tags);
    return tags;
  }
}
