/**
 * Builds the shipped Arabic word list `server/resources/wordlist/ar-words.dawg.gz` from the
 * cspell Arabic dictionary (`@cspell/dict-ar`, Ayaspell word list, LGPL-3.0).
 *
 *     npx tsx scripts/build-wordlist.ts [--check]
 *
 * The cspell trie holds ~89 million surface forms (every clitic combination Ayaspell generates,
 * with and without hamza/diacritics). Listing them is out of the question, but the trie is already a
 * DAWG (shared suffixes) of ~171k nodes. This script re-maps that automaton through our `normalize`
 * (each edge label is folded: أإآ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي; harakat, tatweel and bidi marks become
 * ε-edges), determinizes it by subset construction and minimizes it on the fly (a node is registered
 * by the signature of its finality and out-edges, children first). The result accepts exactly
 * { normalize(w) : w in the dictionary, normalize(w) made of Arabic letters only }.
 *
 * Output format (then gzip'd), all integers little-endian, varint = LEB128 unsigned:
 *   "ANWL" | u8 version=1 | u8 0 | u16 alphabetSize | u32 nodeCount | u32 edgeCount | u32 rootId
 *   | f64 wordCount | u16[alphabetSize] alphabet (UTF-16 code units, ascending)
 *   | for node id 0..nodeCount-1: varint (outDegree << 1 | final), then per edge (ascending label):
 *       u8 labelIndex, varint (nodeId - targetId)   (children are numbered before parents)
 * See server/src/core/lexicon/wordList.ts for the reader.
 */
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import * as path from 'node:path';
import { normalize } from '../server/src/core/text/normalize';
import { isArabicLetter } from '../server/src/core/text/tokenize';
import { wordListFromBytes } from '../server/src/core/lexicon/wordList';

const ROOT_DIR = path.join(__dirname, '..');
const DICT_DIR = path.join(ROOT_DIR, 'node_modules/@cspell/dict-ar');
const OUT_DIR = path.join(ROOT_DIR, 'server/resources/wordlist');
const OUT_FILE = path.join(OUT_DIR, 'ar-words.dawg.gz');

/** Minimal view of cspell-trie-lib's ITrieNode that we rely on. */
interface SrcNode {
  readonly id: unknown;
  readonly eow: boolean;
  entries(): Iterable<readonly [string, SrcNode]>;
}

interface SrcGraph {
  readonly final: Uint8Array;
  /** Per node: flat [label, child, label, child, ...]. */
  readonly edges: Int32Array[];
  readonly root: number;
  /** Ids of the extra start nodes passed to toGraph. */
  readonly extra: number[];
}

const EPS = -1;
const DROP = -2;

/** Folds one edge label: an Arabic letter code, EPS (removed by normalize) or DROP (not a word char). */
function foldLabel(label: string): number {
  if (label.length !== 1) return DROP;
  const n = normalize(label);
  if (n.length === 0) return EPS;
  if (n.length !== 1) return DROP;
  const c = n.charCodeAt(0);
  return isArabicLetter(c) ? c : DROP;
}

function toGraph(root: SrcNode, extraStarts: readonly SrcNode[]): SrcGraph {
  const ids = new Map<unknown, number>();
  const nodes: SrcNode[] = [];
  const idOf = (n: SrcNode): number => {
    let id = ids.get(n.id);
    if (id === undefined) {
      id = nodes.length;
      ids.set(n.id, id);
      nodes.push(n);
    }
    return id;
  };
  idOf(root);
  const extra = extraStarts.map(idOf);
  const edges: Int32Array[] = [];
  const finals: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    finals.push(n.eow ? 1 : 0);
    const flat: number[] = [];
    for (const [label, child] of n.entries()) {
      const f = foldLabel(label);
      if (f === DROP) continue;
      flat.push(f, idOf(child));
    }
    edges.push(Int32Array.from(flat));
  }
  return { final: Uint8Array.from(finals), edges, root: 0, extra };
}

interface MinDawg {
  /** Per minimized node: final flag. */
  final: number[];
  /** Per minimized node: flat [label, target, ...] sorted by label. */
  edges: number[][];
  root: number;
}

function determinizeAndMinimize(g: SrcGraph, startNodes: number[]): MinDawg {
  const closure = (set: Iterable<number>): number[] => {
    const out = new Set<number>();
    const stack = [...set];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (out.has(n)) continue;
      out.add(n);
      const e = g.edges[n]!;
      for (let k = 0; k < e.length; k += 2) if (e[k] === EPS) stack.push(e[k + 1]!);
    }
    return [...out].sort((a, b) => a - b);
  };
  const memo = new Map<string, number>();
  const registry = new Map<string, number>();
  const out: MinDawg = { final: [], edges: [], root: -1 };

  const build = (set: number[]): number => {
    const key = set.length === 1 ? String(set[0]) : set.join(',');
    const known = memo.get(key);
    if (known !== undefined) return known;
    let final = 0;
    const groups = new Map<number, number[]>();
    for (const n of set) {
      if (g.final[n]) final = 1;
      const e = g.edges[n]!;
      for (let k = 0; k < e.length; k += 2) {
        const label = e[k]!;
        if (label === EPS) continue;
        let grp = groups.get(label);
        if (!grp) groups.set(label, (grp = []));
        grp.push(e[k + 1]!);
      }
    }
    const labels = [...groups.keys()].sort((a, b) => a - b);
    const flat: number[] = [];
    for (const label of labels) {
      const child = build(closure(groups.get(label)!));
      if (child < 0) continue; // dead state
      flat.push(label, child);
    }
    let id: number;
    if (!final && flat.length === 0) {
      id = -1;
    } else {
      const sig = final + ':' + flat.join(',');
      const reg = registry.get(sig);
      if (reg !== undefined) {
        id = reg;
      } else {
        id = out.final.length;
        out.final.push(final);
        out.edges.push(flat);
        registry.set(sig, id);
      }
    }
    memo.set(key, id);
    return id;
  };
  out.root = build(closure(startNodes));
  return out;
}

function countWords(d: MinDawg): number {
  const counts = new Float64Array(d.final.length);
  // Children have smaller ids than parents.
  for (let i = 0; i < d.final.length; i++) {
    let c = d.final[i]!;
    const e = d.edges[i]!;
    for (let k = 0; k < e.length; k += 2) c += counts[e[k + 1]!]!;
    counts[i] = c;
  }
  return counts[d.root]!;
}

function serialize(d: MinDawg, wordCount: number): Uint8Array {
  const alphabetSet = new Set<number>();
  let edgeCount = 0;
  for (const e of d.edges) {
    for (let k = 0; k < e.length; k += 2) alphabetSet.add(e[k]!);
    edgeCount += e.length / 2;
  }
  const alphabet = [...alphabetSet].sort((a, b) => a - b);
  if (alphabet.length > 255) throw new Error('alphabet too large');
  const labelIndex = new Map(alphabet.map((c, i) => [c, i] as const));
  const bytes: number[] = [];
  const u8 = (v: number): void => void bytes.push(v & 0xff);
  const u16 = (v: number): void => {
    u8(v);
    u8(v >>> 8);
  };
  const u32 = (v: number): void => {
    u16(v & 0xffff);
    u16(v >>> 16);
  };
  const varint = (v: number): void => {
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  };
  for (const ch of 'ANWL') u8(ch.charCodeAt(0));
  u8(1);
  u8(0);
  u16(alphabet.length);
  u32(d.final.length);
  u32(edgeCount);
  u32(d.root);
  const f64 = new Uint8Array(new Float64Array([wordCount]).buffer);
  for (const b of f64) u8(b);
  for (const c of alphabet) u16(c);
  for (let i = 0; i < d.final.length; i++) {
    const e = d.edges[i]!;
    varint(((e.length / 2) << 1) | d.final[i]!);
    for (let k = 0; k < e.length; k += 2) {
      u8(labelIndex.get(e[k]!)!);
      const t = e[k + 1]!;
      if (t >= i) throw new Error('edge to a later node');
      varint(i - t);
    }
  }
  return Uint8Array.from(bytes);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const lib = await import('cspell-trie-lib');
  const t0 = performance.now();
  const raw = gunzipSync(readFileSync(path.join(DICT_DIR, 'ar.trie.gz')));
  const trie = lib.decodeTrie(raw);
  const srcRoot = trie.data.getRoot() as unknown as SrcNode;
  const info = trie.info;
  // Also start from the root of the accent-stripped copy ("~" branch): it only adds forms that
  // normalize() would produce anyway, but costs little to include. The forbidden ("!"), suggestion
  // (":") and compound ("+") markers are not Arabic letters, so foldLabel drops their branches.
  const extraStarts: SrcNode[] = [];
  for (const [label, child] of srcRoot.entries()) if (label === info.stripCaseAndAccentsPrefix) extraStarts.push(child);
  const g = toGraph(srcRoot, extraStarts);
  console.log(`decoded cspell trie: ${g.final.length} nodes (${(performance.now() - t0).toFixed(0)} ms)`);

  const start = [g.root, ...g.extra];
  const d = determinizeAndMinimize(g, start);
  const words = countWords(d);
  const edges = d.edges.reduce((s, e) => s + e.length / 2, 0);
  console.log(`normalized minimal DAWG: ${d.final.length} nodes, ${edges} edges, ${words} words (${(performance.now() - t0).toFixed(0)} ms)`);

  const bin = serialize(d, words);
  const gz = gzipSync(bin, { level: 9 });
  console.log(`serialized: ${bin.length} bytes, gzip ${gz.length} bytes`);

  if (check) {
    // Sample the source trie and verify every normalized word is accepted.
    const wl = wordListFromBytes(bin);
    let n = 0;
    let bad = 0;
    for (const w of trie.words()) {
      if (n++ % 997 !== 0) continue;
      if (w.startsWith(info.suggestionPrefix) || w.startsWith(info.forbiddenWordPrefix)) continue;
      const word = w.startsWith(info.stripCaseAndAccentsPrefix) ? w.slice(1) : w;
      const nw = normalize(word);
      if (![...nw].every((ch) => isArabicLetter(ch.charCodeAt(0)))) continue;
      if (!wl.has(nw)) {
        if (bad++ < 10) console.log('missing', w, nw);
      }
    }
    console.log(`check: ${n} source words, sampled ${Math.ceil(n / 997)}, missing ${bad}`);
    if (bad > 0) process.exitCode = 1;
  }

  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(OUT_FILE, gz);
  copyFileSync(path.join(DICT_DIR, 'LICENSE'), path.join(OUT_DIR, 'LICENSE'));
  copyFileSync(path.join(DICT_DIR, 'src/ayaspell/COPYING'), path.join(OUT_DIR, 'AYASPELL-COPYING'));
  const pkg = JSON.parse(readFileSync(path.join(DICT_DIR, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  writeFileSync(path.join(OUT_DIR, 'NOTICE.md'), notice(pkg, words, d.final.length, edges, gz.length));
  console.log(`wrote ${path.relative(ROOT_DIR, OUT_FILE)} (${statSync(OUT_FILE).size} bytes)`);
}

function notice(pkg: { name: string; version: string; license: string }, words: number, nodes: number, edges: number, bytes: number): string {
  return `# Arabic word list: source and licence

\`ar-words.dawg.gz\` is generated by \`scripts/build-wordlist.ts\` (\`npx tsx scripts/build-wordlist.ts --check\`).
Do not edit it by hand.

## Source

- npm package \`${pkg.name}@${pkg.version}\` (licence: ${pkg.license}), file \`ar.trie.gz\`,
  Copyright (C) 2022-2025 Street Side Software <support@streetsidesoftware.nl>,
  https://github.com/streetsidesoftware/cspell-dicts/tree/main/dictionaries/ar
- which is built from the **Ayaspell** Arabic dictionary for Hunspell (Taha Zerrouki and
  contributors, https://github.com/linuxscout/ayaspell, GPL 2.0 / LGPL 2.1 / MPL 1.1 tri-license).

## What was changed

The dictionary's word forms were normalized for matching (alef forms أ إ آ ٱ → ا, ى → ي, ة → ه,
ؤ → و, ئ → ي; harakat, tatweel and bidi marks removed; see \`server/src/core/text/normalize.ts\`),
forms containing characters other than Arabic letters and cspell's suggestion/forbidden entries were
dropped, and the set was stored as a minimal acyclic automaton (DAWG): ${words.toLocaleString('en-US')} distinct
normalized words, ${nodes.toLocaleString('en-US')} nodes, ${edges.toLocaleString('en-US')} edges, ${bytes.toLocaleString('en-US')} bytes gzip'd. The binary format is
documented in \`server/src/core/lexicon/wordList.ts\`; the build script above regenerates the file
from the npm package, so the data can be modified or replaced.

## Licence

This word list is a modified version of the ${pkg.name} data and is distributed under the
GNU Lesser General Public License version 3 (\`LICENSE\`, copied from the package).
The Ayaspell copyright notice and licence terms are in \`AYASPELL-COPYING\`.
The rest of this extension is MIT-licensed; the word list is a separate data file that the
extension reads at run time.
`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
