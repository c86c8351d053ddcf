import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { defaultTagger } from '../../server/src/core/recognize/defaultTagger';
import { loadWordList } from '../../server/src/node/loadWordList';
import { wordClasses } from '../../server/src/core/recognize/wordClasses';
import type { WordList } from '../../server/src/core/lexicon/wordList';
import { PlaceGazetteer } from '../../server/src/core/lexicon/places';
import { isNisbaOfKeys } from '../../server/src/core/lexicon/nisba';
import { CALENDAR_WORDS, FUNCTION_WORDS, ORG_HEADS, PERSON_TITLES, PLACE_HEADS, SPEECH_VERBS, TITLE_CONTINUATIONS } from '../../server/src/core/lexicon/triggers';
import { cliticAnalyses } from '../../server/src/core/text/clitics';
import { normalize } from '../../server/src/core/text/normalize';
import { scanTokens } from '../../server/src/core/text/tokenize';
import { recognizeTokens } from '../../server/src/core/recognize/recognizer';
import { createRecognitionLexicon } from '../../server/src/core/engine';
import { arabicText } from './arbitraries';
import { heapKeptBy } from './helpers';
import {
  BIO_TAGS,
  PerceptronTagger,
  START_TAG,
  allowedAfter,
  historyFeatures,
  isValidBio,
  parseLexicon,
  prepareSentence,
  repairBio,
  staticFeatures,
  tokenResources,
  type BioTag,
  type TaggerModel,
} from '../../server/src/core/recognize/tagger';
import { chunks, parseAnercorp, scoreChunks, splitDev } from '../../scripts/anercorp';

const MODEL_DIR = join(__dirname, '..', '..', 'server', 'resources', 'model');

/** A fresh copy of the shipped model object. */
function shippedModel(): TaggerModel {
  return JSON.parse(readFileSync(join(MODEL_DIR, 'anercorp-tagger.json'), 'utf8')) as TaggerModel;
}

/**
 * A plain decoder over a model: every feature built as a string (`staticFeatures`, `historyFeatures`) and
 * looked up in a map of the model's rows; Viterbi or greedy as the model says, no caches, no indexes.
 */
function referenceDecoder(m: TaggerModel, wordList?: WordList): (ws: readonly string[]) => { tags: string[]; scores: number[] } {
  const T = m.tags.length;
  const rows = new Map<string, Float64Array>();
  let k = 0;
  m.features.forEach((f, i) => {
    const r = new Float64Array(T);
    for (let t = 0; t < T; t++) if (m.masks[i]! & (1 << t)) r[t] = m.weights[k++]!;
    rows.set(f, r);
  });
  const lexicon = m.lexicon ? parseLexicon(m.lexicon) : undefined;
  const bias = m.entityBias ?? 0;
  const score = (emit: (out: string[]) => void): Float64Array => {
    const fs: string[] = [];
    emit(fs);
    const sc = new Float64Array(T);
    for (const f of fs) {
      const r = rows.get(f);
      if (r) for (let t = 0; t < T; t++) sc[t]! += r[t]!;
    }
    return sc;
  };
  return (ws) => {
    if (ws.length === 0) return { tags: [], scores: [] };
    const sent = prepareSentence(ws, lexicon, tokenResources(m.config, wordList));
    const em = ws.map((_, i) => {
      const e = score((out) => staticFeatures(m.config, sent, i, out));
      m.tags.forEach((tag, t) => (e[t]! += tag === 'O' ? 0 : bias));
      return e;
    });
    const hist = (i: number, prev: string | undefined): Float64Array =>
      score((out) => historyFeatures(m.config, sent, i, START_TAG, prev ?? START_TAG, out)); // first-order models
    let path: number[];
    if (m.decoder === 'greedy') {
      path = [];
      for (let i = 0; i < ws.length; i++) {
        const prev = i > 0 ? m.tags[path[i - 1]!] : undefined;
        const h = hist(i, prev);
        let best = -1;
        for (let t = 0; t < T; t++) {
          if (!allowedAfter(prev, m.tags[t]!)) continue;
          if (best < 0 || em[i]![t]! + h[t]! > em[i]![best]! + h[best]!) best = t;
        }
        path.push(best);
      }
    } else {
      let delta = new Float64Array(T).fill(-Infinity);
      const h0 = hist(0, undefined);
      for (let t = 0; t < T; t++) if (allowedAfter(undefined, m.tags[t]!)) delta[t] = em[0]![t]! + h0[t]!;
      const back: Int32Array[] = [];
      for (let i = 1; i < ws.length; i++) {
        const next = new Float64Array(T).fill(-Infinity);
        const b = new Int32Array(T).fill(-1);
        for (let p = 0; p < T; p++) {
          if (delta[p] === -Infinity) continue;
          const h = hist(i, m.tags[p]!);
          for (let t = 0; t < T; t++) {
            if (!allowedAfter(m.tags[p], m.tags[t]!)) continue;
            const v = delta[p]! + em[i]![t]! + h[t]!;
            if (v > next[t]!) {
              next[t] = v;
              b[t] = p;
            }
          }
        }
        delta = next;
        back.push(b);
      }
      let best = 0;
      for (let t = 1; t < T; t++) if (delta[t]! > delta[best]!) best = t;
      path = [best];
      for (let i = back.length - 1; i >= 0; i--) path.unshift(back[i]![path[0]!]!);
    }
    return { tags: path.map((t) => m.tags[t]!), scores: path.map((t, i) => em[i]![t]!) };
  };
}

/** Sentences written for these tests (not from ANERcorp). */
function words(s: string): string[] {
  return s.split(' ');
}

/** The entity chunks of a tagged sentence as "TYPE:token token". */
function spans(ws: readonly string[], tags: readonly BioTag[]): string[] {
  return chunks(tags).map((c) => `${c.type}:${ws.slice(c.start, c.end).join(' ')}`);
}

describe('PerceptronTagger (shipped ANERcorp model)', () => {
  // As the hosts build it: with the word list its dictionary features consult.
  const wordList = loadWordList();
  const tagger = defaultTagger(wordList);

  it('is given the normalized forms by the recognizer: spellings of one word are scored once', () => {
    // أحمد, احمد and أحْمد differ only in what normalization folds; the features see one form.
    const fresh = PerceptronTagger.fromModel(shippedModel(), { words: wordList });
    const text = 'وقال أحمد إن احمد وأحْمد سيزورون القاهرة .';
    const tokens = scanTokens(text);
    recognizeTokens(tokens, fresh, createRecognitionLexicon(wordList));
    const written = Array.from({ length: tokens.length }, (_, i) => text.slice(tokens.starts[i]!, tokens.ends[i]!));
    const norms = written.map(normalize);
    assert.equal(new Set(norms).size, 7);
    assert.equal(fresh.cachedWords, 7);
    // Which changes nothing: the tagger tags the normalized words as it tags them written.
    assert.deepEqual(tagger.tagWithScores(norms), tagger.tagWithScores(written));
  });

  it('loads the shipped model once (per word list)', () => {
    assert.ok(tagger.featureCount > 10000, `only ${tagger.featureCount} features`);
    assert.equal(defaultTagger(wordList), tagger);
    assert.equal(defaultTagger(), defaultTagger());
    assert.notEqual(defaultTagger(), tagger);
    assert.equal(tagger.decoder, 'viterbi');
  });

  it('reads the shipped model when the tagger is first built, not when its module loads', () => {
    // A process of its own (this one has built the tagger): the model's JSON is in the module cache only after.
    const script = `
      const { defaultTagger } = require('./server/src/core/recognize/defaultTagger');
      const loaded = () => Object.keys(require.cache).some((k) => k.endsWith('anercorp-tagger.json'));
      const before = loaded();
      const tags = defaultTagger().tag(['قال', 'الرئيس', 'إيمانويل', 'ماكرون']);
      console.log(JSON.stringify({ before, after: loaded(), tags: tags.length }));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { before: false, after: true, tags: 4 });
  });

  it('built in steps, the word list is parsed in one, the model read in the next, the tagger built in the last; an engine prepares an article that way', () => {
    const script = `
      const { defaultTaggerSteps, defaultTagger } = require('./server/src/core/recognize/defaultTagger');
      const { lazyWordList } = require('./server/src/node/loadWordList');
      const { createEngine } = require('./server/src/core/engine');
      const loaded = () => Object.keys(require.cache).some((k) => k.endsWith('anercorp-tagger.json'));
      let parsed = false;
      const list = lazyWordList();
      const words = { has: (w) => ((parsed = true), list.has(w)), prefixWords: (w, out) => list.prefixWords(w, out), get size() { return list.size; } };
      // An engine: the article's analysis comes from elsewhere (no tagging), then preparing it for edits builds the tagger in steps.
      const e = createEngine({ wordList: lazyWordList() });
      e.index.setDocument('a', 'قال الرئيس إن الوفد وصل .', { candidates: [] });
      const prep = e.prepareEdits('a');
      prep.next();
      const firstStep = loaded();
      const seen = [];
      const steps = defaultTaggerSteps(words);
      for (let r = steps.next(); ; r = steps.next()) {
        seen.push({ parsed, model: loaded() });
        if (r.done) { seen.push({ same: r.value === defaultTagger(words) }); break; }
      }
      console.log(JSON.stringify({ seen, firstStep }));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { seen: unknown[]; firstStep: boolean };
    assert.deepEqual(out.seen, [{ parsed: true, model: false }, { parsed: true, model: true }, { parsed: true, model: true }, { same: true }]);
    assert.equal(out.firstStep, false, 'the first step of preparing an article did not read the model');
  });

  it('still tags without the word list (dictionary features off)', () => {
    const ws = words('قال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي بباريس .');
    const tags = defaultTagger().tag(ws);
    assert.equal(tags.length, ws.length);
    assert.ok(isValidBio(tags));
    assert.ok(spans(ws, tags).includes('LOC:بباريس'), spans(ws, tags).join(', '));
  });

  it('finds a person named after a title and nationality, and a place with a clitic attached', () => {
    const ws = words('قال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي بباريس إن بلاده ستواصل دعم الاتفاق .');
    const found = spans(ws, tagger.tag(ws));
    assert.ok(found.includes('PERS:إيمانويل ماكرون'), found.join(', '));
    assert.ok(found.includes('LOC:بباريس'), found.join(', '));
    assert.ok(!found.some((s) => s.includes('الرئيس')), 'the title is not part of the name');
  });

  it('finds several persons and places in one sentence', () => {
    const ws = words('التقى رئيس الوزراء الياباني شينزو آبي بالمستشارة الألمانية أنجيلا ميركل في برلين .');
    const found = spans(ws, tagger.tag(ws));
    assert.ok(found.includes('PERS:شينزو آبي'), found.join(', '));
    assert.ok(found.includes('PERS:أنجيلا ميركل'), found.join(', '));
    assert.ok(found.includes('LOC:برلين'), found.join(', '));
  });

  it('finds capitals after prepositions and conjunctions', () => {
    const ws = words('وقالت الوزارة في بيان إن الوزير سيزور الرياض والقاهرة الأسبوع المقبل .');
    const found = spans(ws, tagger.tag(ws));
    assert.ok(found.includes('LOC:الرياض'), found.join(', '));
    assert.ok(found.includes('LOC:والقاهرة'), found.join(', '));
    const ws2 = words('وصل الوفد إلى القاهرة أمس قادما من جنيف .');
    const found2 = spans(ws2, tagger.tag(ws2));
    assert.deepEqual(found2, ['LOC:القاهرة', 'LOC:جنيف']);
  });

  it('finds organizations', () => {
    const ws = words('أعلنت منظمة الصحة العالمية في جنيف أن عدد الإصابات تراجع خلال الأسبوع الماضي .');
    const tags = tagger.tag(ws);
    const org = chunks(tags).find((c) => c.type === 'ORG');
    assert.ok(org, `no ORG in ${spans(ws, tags).join(', ')}`);
    assert.equal(ws[org.start], 'منظمة');
    // (the whole name, head and complement, is the recognizer's job: see unseen.test.ts)
    assert.ok(spans(ws, tags).includes('LOC:جنيف'));

    const ws2 = words('وأكد الأمين العام للأمم المتحدة أنطونيو غوتيريش أن المنظمة تتابع الوضع .');
    const found2 = spans(ws2, tagger.tag(ws2));
    assert.ok(found2.includes('ORG:للأمم المتحدة'), found2.join(', '));
    assert.ok(found2.includes('PERS:أنطونيو غوتيريش'), found2.join(', '));

    const ws3 = words('وأعلن البنك الدولي أنه سيقدم قرضا للمغرب بقيمة 500 مليون دولار .');
    const found3 = spans(ws3, tagger.tag(ws3));
    assert.ok(found3.includes('ORG:البنك الدولي'), found3.join(', '));
    assert.ok(found3.includes('LOC:للمغرب'), found3.join(', '));
  });

  it('leaves ordinary text untagged', () => {
    const ws = words('وأضاف أن الاجتماع سيعقد الأسبوع المقبل لمناقشة الميزانية الجديدة .');
    assert.deepEqual(tagger.tag(ws), ws.map(() => 'O'));
  });

  it('reports a score and a positive margin per token', () => {
    const ws = words('قال الرئيس الفرنسي إيمانويل ماكرون في بباريس .');
    const scored = tagger.tagWithScores(ws);
    assert.deepEqual(scored.map((s) => s.tag), tagger.tag(ws));
    for (const s of scored) {
      assert.ok(Number.isFinite(s.score));
      assert.ok(s.margin >= 0, `margin ${s.margin}`);
    }
  });

  it('handles empty input, one token, punctuation, Latin and digits', () => {
    assert.deepEqual(tagger.tag([]), []);
    assert.deepEqual(tagger.tagWithScores([]), []);
    assert.equal(tagger.tag(['القاهرة']).length, 1);
    const mixed = ['(', 'CNN', ')', '2024', '،', 'x', '', 'ـــ', '\u0640', '😀', 'بِسْمِ'];
    const tags = tagger.tag(mixed);
    assert.equal(tags.length, mixed.length);
    assert.ok(isValidBio(tags));
  });

  const token = fc.oneof(
    fc.constantFrom('قال', 'الرئيس', 'في', 'بباريس', 'ماكرون', 'منظمة', 'الصحة', 'و', '.', '،', '"', 'عام', '2020', 'UN', 'للأمم', 'المتحدة', 'السيد', 'محمد', 'بن'),
    fc.string({ unit: fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ'.split('')), minLength: 1, maxLength: 9 }),
    fc.string({ minLength: 0, maxLength: 4 }),
  );

  it('always returns valid BIO of the input length (property)', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (ws) => {
        const tags = tagger.tag(ws);
        assert.equal(tags.length, ws.length);
        assert.ok(isValidBio(tags), tags.join(' '));
        for (const t of tags) assert.ok((BIO_TAGS as readonly string[]).includes(t));
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('tags words as it tags their normalized forms, marks and all (property)', () => {
    // What lets the recognizer hand it the normalized forms (one cache entry per form).
    const written = fc.oneof(token, arabicText(12).filter((w) => w.trim() !== '' && !/\s/.test(w)));
    fc.assert(
      fc.property(fc.array(written, { maxLength: 30 }), (ws) => {
        assert.deepEqual(tagger.tagWithScores(ws.map(normalize)), tagger.tagWithScores(ws));
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('is deterministic: same input, same output, whatever was tagged before (property)', () => {
    const fresh = PerceptronTagger.fromModel(shippedModel(), { words: wordList });
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (ws) => {
        const a = tagger.tag(ws);
        assert.deepEqual(tagger.tag(ws), a);
        assert.deepEqual(fresh.tag(ws), a);
      }),
      { numRuns: 200, seed: 20240601 },
    );
  });

  it('decodes exactly as a plain string-feature Viterbi over the same model (property)', () => {
    // The tagger caches per-word scores and indexes pair features; this reference does neither.
    const reference = referenceDecoder(shippedModel(), wordList);
    const sentences = [
      'قال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي بباريس إن بلاده ستواصل دعم الاتفاق .',
      'أعلنت منظمة الصحة العالمية في جنيف أن عدد الإصابات تراجع خلال الأسبوع الماضي .',
    ];
    for (const s of sentences) assert.deepEqual(tagger.tag(words(s)), reference(words(s)).tags);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ws) => {
        assert.deepEqual(tagger.tag(ws), reference(ws).tags);
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });

  it('reports the emission scores of the plain string-feature reference (property)', () => {
    const reference = referenceDecoder(shippedModel(), wordList);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ws) => {
        const ref = reference(ws);
        const scored = tagger.tagWithScores(ws);
        assert.deepEqual(scored.map((s) => s.tag), ref.tags);
        // The tagger adds per-word sums, the reference feature by feature: equal up to rounding.
        scored.forEach((s, i) => assert.ok(Math.abs(s.score - ref.scores[i]!) < 1e-9, `${s.score} vs ${ref.scores[i]}`));
      }),
      { numRuns: 100, seed: 20240602 },
    );
  });

  it('decodes a greedy model exactly as a plain string-feature greedy decoder (property)', () => {
    const m: TaggerModel = { ...shippedModel(), decoder: 'greedy' };
    const greedy = PerceptronTagger.fromModel(m, { words: wordList });
    const reference = referenceDecoder(m, wordList);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ws) => {
        assert.deepEqual(greedy.tag(ws), reference(ws).tags);
        assert.deepEqual(greedy.tagWithScores(ws).map((s) => s.tag), reference(ws).tags);
      }),
      { numRuns: 100, seed: 20240603 },
    );
  });

  it('tags and scores the same whatever its word cache holds: evictions, sentences longer than the cache (property)', () => {
    const m = shippedModel();
    const tiny = PerceptronTagger.fromModel(m, { words: wordList, cache: { words: 8, blocks: 4, histories: 4 } });
    const small = PerceptronTagger.fromModel(m, { words: wordList, cache: { words: 64 } });
    const sentence = fc.array(token, { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), (ss) => {
        for (const ws of ss) {
          const want = tagger.tagWithScores(ws);
          assert.deepEqual(tiny.tagWithScores(ws), want);
          assert.deepEqual(small.tagWithScores(ws), want);
          assert.deepEqual(tiny.tag(ws), tagger.tag(ws));
          assert.deepEqual(small.tag(ws), tagger.tag(ws));
        }
      }),
      { numRuns: 150, seed: 20240604 },
    );
  });

  it('decodes a model over other tags than the nine of four entity types as the reference does (property)', () => {
    // The tagger has loops for any tag set and a fast path for nine tags: this model keeps five of them.
    const m9 = shippedModel();
    const keep = ['O', 'B-PERS', 'I-PERS', 'B-LOC', 'I-LOC'];
    const from = keep.map((t) => m9.tags.indexOf(t));
    const masks: number[] = [];
    const weights: number[] = [];
    let k = 0;
    m9.features.forEach((_, f) => {
      const old = m9.masks[f]!;
      const row = new Map<number, number>();
      for (let t = 0; t < m9.tags.length; t++) if (old & (1 << t)) row.set(t, m9.weights[k++]!);
      let mask = 0;
      from.forEach((t, i) => {
        if (row.has(t)) {
          mask |= 1 << i;
          weights.push(row.get(t)!);
        }
      });
      masks.push(mask);
    });
    const m: TaggerModel = { ...m9, tags: keep, masks, weights };
    const five = PerceptronTagger.fromModel(m, { words: wordList });
    const reference = referenceDecoder(m, wordList);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ws) => {
        const ref = reference(ws);
        assert.deepEqual(five.tag(ws), ref.tags);
        const scored = five.tagWithScores(ws);
        assert.deepEqual(scored.map((s) => s.tag), ref.tags);
        scored.forEach((s, i) => assert.ok(Math.abs(s.score - ref.scores[i]!) < 1e-9));
      }),
      { numRuns: 100, seed: 20240606 },
    );
  });

  it('decodes a model with history features of other words and an entity bias as the reference does (property)', () => {
    // historyLex: history features name the previous word, so they are built per sentence, as strings.
    const m9 = shippedModel();
    const m: TaggerModel = { ...m9, config: { ...m9.config, historyLex: true }, entityBias: 0.7 };
    const tagger2 = PerceptronTagger.fromModel(m, { words: wordList });
    const reference = referenceDecoder(m, wordList);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ws) => {
        const ref = reference(ws);
        const scored = tagger2.tagWithScores(ws);
        assert.deepEqual(tagger2.tag(ws), ref.tags);
        assert.deepEqual(scored.map((x) => x.tag), ref.tags);
        scored.forEach((x, i) => assert.ok(Math.abs(x.score - ref.scores[i]!) < 1e-9));
      }),
      { numRuns: 100, seed: 20240607 },
    );
  });

  it('does not keep the texts the words it caches were cut from', () => {
    // 40 texts of 400,000 code units, each with one long word cut out of it by slice(), as tokenize does.
    const fresh = PerceptronTagger.fromModel(shippedModel(), { words: wordList });
    const tagAll = (): void => {
      for (let k = 0; k < 40; k++) {
        const filler = String.fromCharCode(0x0627 + (k % 20)).repeat(400000);
        const text = `${filler} والمستشارينالخاصين${k} .`;
        const start = text.indexOf(' ') + 1;
        fresh.tag([text.slice(start, text.indexOf(' ', start)), '.']);
      }
    };
    const grown = heapKeptBy(tagAll).bytes;
    assert.ok(fresh.cachedWords >= 40);
    // The texts are 32 MB (two bytes per code unit); the cached words a few kilobytes.
    assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MB`);
  });

  it('tells apart pair features of three parts when the model has more than 2^17.7 distinct parts', () => {
    // With N distinct parts, keys of three parts ((a·N + b)·N + c) pass 2^53 once N > 208,063, and would
    // then round onto each other. 210,000 filler bigrams give the lexicon states ids above that.
    const fillers = Array.from({ length: 210000 }, (_, i) => `w-1+1=f${i} f${i}`);
    const labels = ['B-PERS:h', 'B-PERS:l', 'B-LOC:h', 'B-LOC:l', 'B-ORG:h', 'B-ORG:l'];
    const lexWords = ['سمير', 'كتاب', 'بلد', 'نهر', 'شركة', 'مصنع'];
    const unknown = 'قمر';
    const states = [...labels, '-'];
    const targets = ['O', 'B-PERS', 'B-LOC', 'B-ORG', 'B-MISC'];
    const lp3: string[] = [];
    for (const a of ['<s>', ...states]) for (const b of states) for (const c of [...states, '</s>']) lp3.push(`lp3=${a} ${b} ${c}`);
    const features = [...fillers, ...lp3];
    const masks = [...fillers.map(() => 0), ...lp3.map((_, i) => 1 << BIO_TAGS.indexOf(targets[i % targets.length] as BioTag))];
    const m: TaggerModel = {
      format: 'arabic-news-perceptron-tagger', version: 1, tags: BIO_TAGS, decoder: 'viterbi',
      config: { ...shippedModel().config, wordClasses: false, dictionary: false },
      features, masks, weights: lp3.map(() => 10),
      lexicon: lexWords.map((w, i) => `${w}\t${labels[i]}`),
    };
    const big = PerceptronTagger.fromModel(m);
    const reference = referenceDecoder(m);
    const vocabulary = [...lexWords, unknown];
    for (const a of vocabulary) for (const b of vocabulary) for (const c of vocabulary) {
      const ws = [a, b, c];
      assert.deepEqual(big.tag(ws), reference(ws).tags, ws.join(' '));
    }
  });

  it('ships a model of at most 4 MB with its licence notice', () => {
    assert.ok(statSync(join(MODEL_DIR, 'anercorp-tagger.json')).size <= 4 * 1024 * 1024);
    const notice = readFileSync(join(MODEL_DIR, 'NOTICE.md'), 'utf8');
    assert.match(notice, /CC BY-SA 4\.0/);
    assert.match(notice, /Benajiba/);
    assert.match(notice, /Obeid/);
  });

  it('rejects malformed models', () => {
    const m = JSON.parse(readFileSync(join(MODEL_DIR, 'anercorp-tagger.json'), 'utf8')) as TaggerModel;
    assert.throws(() => PerceptronTagger.fromModel({ ...m, weights: m.weights.slice(1) }), /weights/);
    assert.throws(() => PerceptronTagger.fromModel({ ...m, tags: ['O', 'B-FOO'] }), /unknown tag/);
  });
});

describe('BIO helpers', () => {
  it('repairs I- without a matching B-/I- before it', () => {
    assert.deepEqual(repairBio(['I-PERS', 'I-PERS', 'O', 'I-LOC', 'B-ORG', 'I-LOC']), ['B-PERS', 'I-PERS', 'O', 'B-LOC', 'B-ORG', 'B-LOC']);
    assert.ok(isValidBio(['B-PERS', 'I-PERS', 'B-LOC', 'O']));
    assert.ok(!isValidBio(['O', 'I-PERS']));
    assert.ok(!isValidBio(['B-LOC', 'I-PERS']));
  });
});

describe('ANERcorp helpers (scripts/anercorp.ts)', () => {
  it('parses sentences separated by blank lines', () => {
    const s = parseAnercorp('فرانكفورت B-LOC\n(د O\n. O\n\nوقال O\nبرند B-PERS\nجوتشولك I-PERS\n\n');
    assert.deepEqual(s, [
      { words: ['فرانكفورت', '(د', '.'], tags: ['B-LOC', 'O', 'O'] },
      { words: ['وقال', 'برند', 'جوتشولك'], tags: ['O', 'B-PERS', 'I-PERS'] },
    ]);
    assert.throws(() => parseAnercorp('كلمة B-FOO\n'), /unknown tag/);
  });

  it('splits off the last 10% of sentences as dev', () => {
    const xs = Array.from({ length: 25 }, (_, i) => i);
    const { train, dev } = splitDev(xs);
    assert.deepEqual(train, xs.slice(0, 22));
    assert.deepEqual(dev, xs.slice(22));
  });

  it('chunks and scores conlleval-style', () => {
    assert.deepEqual(chunks(['B-PERS', 'I-PERS', 'O', 'I-LOC', 'I-LOC', 'B-LOC', 'I-ORG']), [
      { type: 'PERS', start: 0, end: 2 },
      { type: 'LOC', start: 3, end: 5 },
      { type: 'LOC', start: 5, end: 6 },
      { type: 'ORG', start: 6, end: 7 },
    ]);
    const gold: BioTag[][] = [['B-PERS', 'I-PERS', 'O', 'B-LOC'], ['B-ORG', 'I-ORG']];
    const pred: BioTag[][] = [['B-PERS', 'O', 'O', 'B-LOC'], ['B-ORG', 'I-ORG']];
    const s = scoreChunks(gold, pred);
    assert.deepEqual([s.PERS.tp, s.PERS.fp, s.PERS.fn], [0, 1, 1]);
    assert.equal(s.LOC.f1, 100);
    assert.equal(s.ORG.f1, 100);
    assert.equal(s.MISC.f1, 0);
    assert.deepEqual([s.ALL.tp, s.ALL.fp, s.ALL.fn], [2, 1, 1]);
    assert.ok(Math.abs(s.ALL.precision - 200 / 3) < 1e-9);
  });
});

describe('word classes (tagger features from the general lexicons)', () => {
  /** The classes as first written: one set lookup per class and key, nisba on the whole key list. */
  const gaz = PlaceGazetteer.cldr();
  function referenceClasses(norm: string, keys: readonly string[]): string[] {
    const out: string[] = [];
    if (FUNCTION_WORDS.has(norm)) out.push('fn');
    if (SPEECH_VERBS.has(norm)) out.push('say');
    const any = (set: ReadonlySet<string>): boolean => keys.some((k) => set.has(k));
    if (any(CALENDAR_WORDS)) out.push('cal');
    if (any(PERSON_TITLES)) out.push('title');
    if (any(TITLE_CONTINUATIONS)) out.push('tcont');
    if (any(ORG_HEADS)) out.push('org');
    if (any(PLACE_HEADS)) out.push('plh');
    if (keys.some((k) => gaz.has(k))) out.push('place');
    else if (keys.some((k) => gaz.startsName(k))) out.push('place1');
    else if (isNisbaOfKeys(keys, gaz)) out.push('nisba');
    return out;
  }

  it('gives the classes of the plain definition: one lookup per class and key (property)', () => {
    const lexiconWords = [...FUNCTION_WORDS, ...SPEECH_VERBS, ...CALENDAR_WORDS, ...PERSON_TITLES, ...TITLE_CONTINUATIONS, ...ORG_HEADS, ...PLACE_HEADS].slice(0, 400);
    const nisbas = ['الليبيه', 'الروسي', 'ليبيون', 'السعوديين', 'الامريكي', 'الفرنسيون', 'الاسيوي', 'العربيه', 'الاسلامي', 'كوري', 'الروس', 'الالمان', 'مصري', 'عراقي', 'فرنسا', 'مالي'];
    const word = fc.tuple(
      fc.constantFrom('', 'و', 'ب', 'ال', 'لل', 'وال', 'بال', 'ف', 'ك', 'ل', 'وب'),
      fc.oneof(fc.constantFrom(...lexiconWords, ...nisbas), fc.string({ unit: fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويىءؤئ'.split('')), minLength: 1, maxLength: 8 })),
    ).map(([c, w]) => normalize(c + w));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (ws) => {
        for (const w of [...ws, ...ws]) {
          const keys = [...new Set(cliticAnalyses(w).map((a) => a.key))];
          assert.deepEqual(wordClasses(w, keys), referenceClasses(w, keys), w);
        }
      }),
      { numRuns: 300, seed: 20240605 },
    );
  });

  it('classes titles, speech verbs, heads, places, nisba adjectives and function words, through clitics', () => {
    const of = (w: string): string[] => wordClasses(w, [...new Set([w, ...(w.startsWith('و') ? [w.slice(1)] : []), ...(w.startsWith('ب') ? [w.slice(1)] : [])])]);
    assert.deepEqual(of('الرييس'), ['title']);
    assert.deepEqual(of('وزاره'), ['org']);
    assert.deepEqual(of('قال'), ['fn', 'say']);
    assert.deepEqual(of('صرح'), ['say']);
    assert.deepEqual(of('في'), ['fn']);
    assert.deepEqual(of('فرنسا'), ['place']);
    assert.deepEqual(of('بفرنسا'), ['place']);
    assert.deepEqual(of('الفرنسي'), ['nisba']);
    assert.deepEqual(of('ماكرون'), []);
  });
});
