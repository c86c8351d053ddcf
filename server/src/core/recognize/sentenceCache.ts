/**
 * Remembers the tags of recently tagged sentences. Typing in an article changes one sentence at a
 * time, so re-analysing the article after a keystroke re-tags only that sentence.
 *
 * Sentences are found by a hash of their words (`sentenceHash`, which the recognizer computes from its
 * word forms without touching the text) and compared word by word: no key string is built per sentence.
 */
import { SequenceTagger } from './recognizer';
import { sentenceHash } from '../text/wordForms';

/** Sentences per generation: when the young one is full it becomes the old one (the previous old one is dropped). */
const GENERATION = 4096;

interface Entry {
  readonly words: readonly string[];
  readonly tags: readonly string[];
  /** Another sentence with the same hash. */
  next: Entry | undefined;
}

class Generation {
  private readonly byHash = new Map<number, Entry>();
  size = 0;

  get(words: readonly string[], hash: number): Entry | undefined {
    for (let e = this.byHash.get(hash); e; e = e.next) if (sameWords(e.words, words)) return e;
    return undefined;
  }

  add(words: readonly string[], hash: number, tags: readonly string[]): void {
    this.byHash.set(hash, { words, tags, next: this.byHash.get(hash) });
    this.size++;
  }
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SentenceCache implements SequenceTagger {
  private young = new Generation();
  private old = new Generation();

  constructor(private readonly tagger: SequenceTagger) {}

  get normalizesInput(): boolean {
    return this.tagger.normalizesInput === true;
  }

  entityLabels(word: string): readonly string[] {
    return this.tagger.entityLabels?.(word) ?? [];
  }

  tag(words: readonly string[]): readonly string[] {
    return this.tagHashed(words, sentenceHash(words));
  }

  tagHashed(words: readonly string[], hash: number): readonly string[] {
    const hit = this.young.get(words, hash);
    if (hit) return hit.tags;
    const tags = this.old.get(words, hash)?.tags ?? this.tagger.tag(words);
    if (this.young.size >= GENERATION) {
      this.old = this.young;
      this.young = new Generation();
    }
    // A copy of the words (the caller may reuse its array); it costs little next to tagging.
    this.young.add(words.slice(), hash, tags);
    return tags;
  }
}
