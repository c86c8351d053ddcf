/**
 * How far V8 lets the heap grow between two full collections, for a long-running server.
 *
 * Each full corpus pass (after edits pause) builds the corpus's mentions, actors and snapshot afresh:
 * at 10,000 articles some 250 MB of objects that live for the pass, long enough to leave the young
 * generation. V8's default lets the old generation grow to up to four times what survived the last full
 * collection before it collects again, so a server of 350 MB live reached 1.5 GB of resident memory
 * after ten edits. Growing by half at most keeps it under 0.9 GB, for some more collection work during
 * passes (they run in the background). Set once the first scan is done, so that indexing, which only
 * adds live data, is not slowed.
 *
 * Node warns that V8 flags changed at run time may do nothing; this one is read each time V8 sizes the
 * old generation after a full collection, and `npm run bench` shows its effect (peak RSS of the 10,000
 * size 2.0 → 0.97 GB). Should a later Node ignore it, the server works as before, only larger.
 */
import { setFlagsFromString } from 'v8';

/** The old generation grows to at most 1 + HEAP_GROWING_PERCENT / 100 times its live size. */
export const HEAP_GROWING_PERCENT = 50;

let limited = false;

export function limitHeapGrowth(): void {
  if (limited) return;
  limited = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
