/**
 * Spelling findings carried from one full pass to the next. A document's spelling findings are computed
 * from its mentions and, for each mention, its actor: the actor's id, type, canonical spelling, accepted
 * spellings, number of mentions and how often each spelling of a word is met among them (the counts in the
 * messages). A pass keeps the mention objects of the articles nothing changed for (see Resolution); when a
 * document's mentions are the last pass's objects and each of their actors is what it was then, the
 * document's findings are the last pass's. An actor is what it was when it has those same fields and its
 * mentions are the same objects, or differ only in articles whose own mentions changed (an edit that moved
 * a name without respelling it). An edit that changes what an actor is (a mention more or less, a
 * spelling counted differently, another canonical spelling) recomputes the findings of every document that
 * mentions it.
 */
import { Mention, SpellingFinding } from '../model';
import { CorpusSnapshot } from '../corpus/corpusIndex';
import { sameObjects, sameSet } from '../sameObjects';
import { drain } from '../steps';

/** Actors compared between two yields of `FindingsCarry.prepareSteps`. */
export const ACTORS_PER_STEP = 32;

/** The spelling findings computed for one snapshot, under one set of options (`options`: the options object). */
export interface FindingsOfSnapshot {
  readonly options: unknown;
  readonly byDoc: ReadonlyMap<string, readonly SpellingFinding[]>;
}

interface Previous {
  readonly snapshot: CorpusSnapshot;
  readonly byDoc: ReadonlyMap<string, readonly SpellingFinding[]>;
  /** Documents of `byDoc` not asked about yet: when none is left, the last pass is let go. */
  left: number;
  /** The documents that name an actor that is not what it was in the last pass (computed ahead or on first use). */
  changed: Set<string> | undefined;
}

export class FindingsCarry {
  /** The pass snapshot findings were last asked for, and under which options. */
  private pass: CorpusSnapshot | undefined;
  private options: unknown;
  private previous: Previous | undefined;
  /** Documents whose findings the pass snapshot of now took from the last one. */
  carried = 0;

  /**
   * `snapshot`, a full pass's, is asked for findings: when it is a new pass, the findings computed for the
   * last one (`findingsOf` gives them), if under the same `options`, may be carried over to it.
   */
  enter(snapshot: CorpusSnapshot, options: unknown, findingsOf: (s: CorpusSnapshot) => FindingsOfSnapshot | undefined): void {
    if (snapshot === this.pass && options === this.options) return;
    // Other options for the same pass: nothing carries over (the findings of the last pass are under the old ones).
    const last = snapshot !== this.pass && this.pass ? findingsOf(this.pass) : undefined;
    this.previous = last && last.options === options && last.byDoc.size > 0 ? { snapshot: this.pass!, byDoc: last.byDoc, left: last.byDoc.size, changed: undefined } : undefined;
    this.pass = snapshot;
    this.options = options;
    this.carried = 0;
  }

  /**
   * The comparison of the pass entered last with the one before (which documents name an actor that
   * changed), in steps of ACTORS_PER_STEP actors, ahead of the first `take` that needs it: over tens of
   * thousands of actors it is tens of milliseconds, which a host publishing the corpus runs in slices.
   */
  *prepareSteps(): Generator<void, void, void> {
    const prev = this.previous;
    const snapshot = this.pass;
    if (!prev || prev.changed || !snapshot) return;
    const changed = yield* changedDocumentsSteps(prev.snapshot, snapshot);
    if (this.previous === prev && this.pass === snapshot) prev.changed ??= changed;
  }

  /** The last pass's spelling findings of `doc` when they are those of the pass entered last, else undefined (compute them). */
  take(doc: string): readonly SpellingFinding[] | undefined {
    const prev = this.previous;
    const snapshot = this.pass;
    const list = prev?.byDoc.get(doc);
    if (!prev || !list || !snapshot) return undefined;
    prev.changed ??= drain(changedDocumentsSteps(prev.snapshot, snapshot));
    const carried = !prev.changed.has(doc) && sameObjects(snapshot.mentions(doc), prev.snapshot.mentions(doc)) ? list : undefined;
    if (carried) this.carried++;
    if (--prev.left === 0) this.previous = undefined; // every document asked about: the last pass is not needed any more
    return carried;
  }
}

/**
 * The documents of `now` that name an actor that differs from the actor of its id in `before`: another
 * type, canonical spelling or accepted spellings, or other mention objects in an article whose mentions
 * are the same objects, or another number of mentions or of a spelling (one more or less, a respelling).
 * An actor of a mention that moved to another actor has other mentions in that mention's article, so the
 * documents of its mentions are among these.
 */
function* changedDocumentsSteps(before: CorpusSnapshot, now: CorpusSnapshot): Generator<void, Set<string>, void> {
  const out = new Set<string>();
  const actors = now.actors;
  // Articles whose own mentions are not the last pass's objects (an edited article), found as they are met.
  const edited = new Map<string, boolean>();
  const isEdited = (doc: string): boolean => {
    let e = edited.get(doc);
    if (e === undefined) edited.set(doc, (e = !sameObjects(before.mentions(doc), now.mentions(doc))));
    return e;
  };
  for (let k = 0; k < actors.length; k++) {
    const a = actors[k]!;
    if (k % ACTORS_PER_STEP === ACTORS_PER_STEP - 1) yield;
    const b = before.actorById(a.id);
    if (b && a.type === b.type && a.canonical === b.canonical && sameAccepted(a.acceptedSpellings, b.acceptedSpellings)) {
      const x = now.mentionsOf(a.id);
      const y = before.mentionsOf(b.id);
      if (sameObjects(x, y)) continue;
      if (x.length === y.length && differOnlyIn(x, y, isEdited) && sameCounts(a.tokenSpellings, b.tokenSpellings)) continue;
    }
    for (const d of a.documents) out.add(d);
  }
  return out;
}

/**
 * True when two lists of an actor's mentions (in corpus order: by article, then offset) hold the same
 * objects but in articles for which `edited` is true.
 */
function differOnlyIn(x: readonly Mention[], y: readonly Mention[], edited: (doc: string) => boolean): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    // The first article where they differ (the earlier of the two in corpus order), skipped in both.
    const doc = j >= y.length || (i < x.length && x[i]!.doc <= y[j]!.doc) ? x[i]!.doc : y[j]!.doc;
    if (!edited(doc)) return false;
    while (i < x.length && x[i]!.doc === doc) i++;
    while (j < y.length && y[j]!.doc === doc) j++;
  }
  return true;
}

function sameCounts(x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>): boolean {
  if (x.size !== y.size) return false;
  for (const [k, n] of x) if (y.get(k) !== n) return false;
  return true;
}
/** The same accepted spellings (none and an empty set alike). */
function sameAccepted(x: ReadonlySet<string> | undefined, y: ReadonlySet<string> | undefined): boolean {
  return sameSet(x?.size ? x : undefined, y?.size ? y : undefined);
}
