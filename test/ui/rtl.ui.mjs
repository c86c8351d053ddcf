// UI checks that Arabic article lines read right to left in the real editor (run by scripts/ui-test.mjs after
// product.ui.mjs, in the same window). Each gets (wb: Workbench from scripts/uiHelpers.mjs, ctx: { workspace, repo, … }).
//
// Why this needs a browser: Monaco lays every line out as LTR and gives each token <span> of a line that contains RTL
// text `unicode-bidi: isolate`. A line split into several spans (by grammar scopes a theme colours, semantic tokens
// a theme styles, or inline decorations such as bracket-pair colours) then shows its Arabic fragments left to right,
// in the wrong order (microsoft/vscode#11770). One span per line renders correctly. The words are measured with DOM
// Ranges over their characters (span boxes are useless in RTL text) and must move right to left in logical order
// within each visual row (word wrap is on, so a model line has several rows).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { codeServerHome } from '../../scripts/codeServer.mjs';

const LONG_FILE = '001_36fff38b519712a3.txt';
const PAREN_FILE = '002_8ac1bda8dfbd2172.txt';
const NBSP_FILE = '003_72fcb7f55780ab1a.txt';
const NAME_IN_LONG_FILE = 'حفتر';

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

function lines(ctx, name) {
  return readFileSync(path.join(ctx.workspace, name), 'utf8').split(/\r?\n/);
}

/** The 0-based index of the longest line of a workspace file. */
function longestLine(ctx, name) {
  const all = lines(ctx, name);
  let best = 0;
  for (let i = 1; i < all.length; i++) if (all[i].length > all[best].length) best = i;
  return best;
}

/** Waits until the active editor's language mode (status bar) is `name`. */
async function waitForLanguage(wb, name, timeout = 30_000) {
  await wb.page.waitForFunction(
    (n) => (document.querySelector('#status\\.editor\\.mode')?.textContent ?? '').includes(n),
    name,
    { timeout },
  );
}

/**
 * Words are runs of Arabic letters (with marks and tatweel), without the punctuation around them: a full stop at the
 * end of a row sits at its far right in Monaco's LTR line, so a range over "word." would span the whole row.
 */
const ARABIC_WORDS = /[\u0620-\u065F\u066E-\u06D3\u06FA-\u06FF]+/g;

/**
 * Measures the rendered rows of the model line whose text is `lineText` (every row must be on screen). For each
 * row: its top, its token span count, and each whitespace-separated word with the box of a DOM Range over its
 * characters. Rows are matched by their text (spaces render as U+00A0 in the DOM, so both sides are normalized).
 */
async function measureLine(wb, lineText) {
  return wb.page.evaluate(({ lineText, wordSource }) => {
    const norm = (s) => s.replace(/[\u00A0\s]/g, ' ');
    const logical = norm(lineText);
    const root = document.querySelector('.editor-instance .monaco-editor .view-lines');
    if (!root) return [];
    const rows = [...root.querySelectorAll('.view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const out = [];
    for (const row of rows) {
      const text = norm(row.textContent ?? '');
      if (text.trim().length < 12 || !logical.includes(text.trim())) continue;
      // Text nodes with their offsets in the row, so a Range can cover a word split over several spans.
      const nodes = [];
      let total = 0;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: total });
        total += (n.textContent ?? '').length;
      }
      const locate = (offset, isEnd) => {
        for (let i = nodes.length - 1; i >= 0; i--) {
          const len = (nodes[i].node.textContent ?? '').length;
          if (offset > nodes[i].start || (offset === nodes[i].start && !isEnd) || i === 0) {
            return { node: nodes[i].node, offset: Math.min(offset - nodes[i].start, len) };
          }
        }
        return null;
      };
      const words = [];
      let prevEnd = 0;
      for (const m of text.matchAll(new RegExp(wordSource, 'g'))) {
        const s = locate(m.index, false);
        const e = locate(m.index + m[0].length, true);
        if (!s || !e) continue;
        const range = document.createRange();
        range.setStart(s.node, s.offset);
        range.setEnd(e.node, e.offset);
        const r = range.getBoundingClientRect();
        const gap = text.slice(prevEnd, m.index);
        words.push({ word: m[0], left: r.left, right: r.right, top: r.top, cx: (r.left + r.right) / 2, latinBefore: /[A-Za-z\u00C0-\u024F]/.test(gap) });
        prevEnd = m.index + m[0].length;
      }
      const container = row.firstElementChild;
      out.push({
        top: row.getBoundingClientRect().top,
        spans: container ? container.children.length : 0,
        spanClasses: container ? [...container.children].map((c) => c.className) : [],
        words,
      });
    }
    return out;
  }, { lineText, wordSource: ARABIC_WORDS.source });
}

/**
 * Pairs of consecutive words (logical order) on the same visual row that are not laid out right to left: the later
 * word must lie entirely to the left of the earlier one. A Latin run between two words (laid out LTR by the Unicode
 * bidi algorithm in Monaco's LTR line, correctly) exempts that pair.
 */
function inversions(rows) {
  const bad = [];
  let compared = 0;
  for (const row of rows) {
    for (let i = 1; i < row.words.length; i++) {
      const prev = row.words[i - 1];
      const w = row.words[i];
      if (w.latinBefore || Math.abs(prev.top - w.top) >= 3) continue;
      compared += 1;
      if (!(w.cx < prev.cx && w.right <= prev.left + 1.5)) bad.push(`"${prev.word}" (x ${Math.round(prev.cx)}) → "${w.word}" (x ${Math.round(w.cx)})`);
    }
  }
  return { bad, compared };
}

/** Measures until two measurements 800 ms apart agree (tokens and decorations arrive asynchronously). */
async function stableMeasure(wb, lineText, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last = await measureLine(wb, lineText);
  for (;;) {
    await wb.page.waitForTimeout(800); // letting late token/decoration updates land, bounded by the deadline
    const next = await measureLine(wb, lineText);
    if (JSON.stringify(next) === JSON.stringify(last) || Date.now() > deadline) return next;
    last = next;
  }
}

/** A screenshot of just the measured rows (full resolution, readable), numbered like the Workbench's shots. */
async function shotRows(wb, name, rows) {
  const box = await wb.page.evaluate(() => {
    const r = document.querySelector('.editor-instance .monaco-editor .view-lines')?.getBoundingClientRect();
    return r ? { x: r.left, width: r.width } : null;
  });
  if (!box || rows.length === 0) return;
  const top = Math.min(...rows.map((r) => r.top)) - 4;
  const bottom = Math.max(...rows.flatMap((r) => r.words.map((w) => w.top))) + 26;
  wb.shotIndex += 1;
  const file = path.join(wb.shotsDir, `${String(wb.shotIndex).padStart(2, '0')}-${name}.png`);
  await wb.page.screenshot({ path: file, clip: { x: Math.max(0, box.x - 60), y: Math.max(0, top), width: Math.min(box.width + 60, 1000), height: Math.max(20, bottom - top) } });
}

function report(label, rows) {
  const spans = rows.map((r) => r.spans);
  const { bad, compared } = inversions(rows);
  console.log(`      ${label}: ${rows.length} rows, spans per row [${spans.join(', ')}], ${compared} word pairs compared, ${bad.length} out of order`);
  return { bad, compared };
}

/** Opens the "Inspect Editor Tokens and Scopes" widget at the cursor and returns its text. */
async function inspectTokens(wb) {
  await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  const widget = wb.page.locator('.token-inspect-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  await wb.page.waitForFunction(() => /semantic token type/i.test(document.querySelector('.token-inspect-widget')?.textContent ?? ''), null, { timeout: 15_000 }).catch(() => {});
  return (await widget.innerText()).replace(/\s+/g, ' ');
}

/** JSON with comments and trailing commas (theme files) → value. */
function parseJsonc(text) {
  let out = '';
  for (let i = 0, inString = false; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** A theme's token colour rules, following `include`. */
function themeRules(file) {
  const theme = parseJsonc(readFileSync(file, 'utf8'));
  return [...(theme.include ? themeRules(path.join(path.dirname(file), theme.include)) : []), ...(theme.tokenColors ?? [])];
}

export const tests = [
  {
    name: 'the grammar keeps every article line one token under every bundled theme (VS Code\'s own vscode-textmate)',
    async run(_wb, ctx) {
      // The TextMate engine and themes of the VS Code that code-server serves: tokens with equal style merge, so one
      // token per line means one span per line.
      const vscodeDir = path.join(codeServerHome(), 'node_modules', 'code-server', 'lib', 'vscode');
      const req = createRequire(path.join(vscodeDir, 'package.json'));
      const textmate = req('vscode-textmate');
      const oniguruma = req('vscode-oniguruma');
      await oniguruma.loadWASM(readFileSync(req.resolve('vscode-oniguruma/release/onig.wasm')).buffer).catch((e) => {
        if (!/already|once/i.test(String(e))) throw e;
      });
      const onigLib = Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) });
      const grammarFile = path.join(ctx.repo, 'syntaxes', 'arabic-news.tmLanguage.json');
      const themes = [];
      for (const dir of readdirSync(path.join(vscodeDir, 'extensions')).filter((d) => d.startsWith('theme-'))) {
        const t = path.join(vscodeDir, 'extensions', dir, 'themes');
        try { for (const f of readdirSync(t)) if (f.endsWith('.json')) themes.push(path.join(t, f)); } catch { /* no themes folder */ }
      }
      assert(themes.length >= 8, `found only ${themes.length} bundled themes`);
      const articles = readdirSync(ctx.workspace).filter((f) => f.endsWith('.txt')).map((f) => ({ f, lines: lines(ctx, f) }));
      const split = [];
      for (const theme of themes) {
        const registry = new textmate.Registry({ onigLib, loadGrammar: async () => textmate.parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile) });
        registry.setTheme({ name: path.basename(theme), settings: themeRules(theme).map((r) => ({ scope: r.scope, settings: r.settings })) });
        const grammar = await registry.loadGrammar('text.arabic-news');
        for (const { f, lines: ls } of articles) {
          let state = textmate.INITIAL;
          ls.forEach((l, i) => {
            const r = grammar.tokenizeLine2(l, state);
            state = r.ruleStack;
            if (r.tokens.length / 2 > 1) split.push(`${path.basename(theme)} ${f}:${i + 1} (${r.tokens.length / 2} tokens)`);
          });
        }
      }
      console.log(`      ${themes.length} themes × ${articles.reduce((n, a) => n + a.lines.length, 0)} lines: ${split.length} lines with more than one token`);
      assert(split.length === 0, split.slice(0, 10).join('\n'));
    },
  },
  {
    name: 'a long Arabic line with many names reads right to left (semantic tokens provided, not splitting it)',
    async run(wb, ctx) {
      await wb.openFile(LONG_FILE);
      await waitForLanguage(wb, 'Arabic News Article');
      // The language server has analysed the corpus once the Problems count shows its warnings (this article has
      // none of its own); semantic tokens are requested and refreshed by then.
      await wb.waitForProblems((x) => x.warnings > 0);
      const lineNo = longestLine(ctx, LONG_FILE);
      const lineText = lines(ctx, LONG_FILE)[lineNo];
      await wb.goTo(lineNo, 0);
      await wb.page.mouse.move(5, 5);

      // The server still provides semantic tokens: the inspector shows the type of a name on this line.
      const nameAt = lineText.indexOf(NAME_IN_LONG_FILE);
      assert(nameAt >= 0, `"${NAME_IN_LONG_FILE}" is not on line ${lineNo + 1}`);
      await wb.goTo(lineNo, nameAt + 1);
      const inspected = await inspectTokens(wb);
      await wb.shot('rtl-inspect-tokens');
      console.log(`      inspector on "${NAME_IN_LONG_FILE}": ${inspected.slice(0, 400)}`);
      assert(/semantic token type\s*(person|organization|place)/i.test(inspected), `no person/organization/place semantic token on "${NAME_IN_LONG_FILE}": ${inspected}`);
      await wb.escape();
      await wb.goTo(lineNo, 0);
      await wb.page.mouse.move(5, 5);

      const rows = await stableMeasure(wb, lineText);
      await wb.shot('rtl-long-line');
      await shotRows(wb, 'rtl-long-line-rows', rows);
      const words = rows.reduce((n, r) => n + r.words.length, 0);
      const expected = (lineText.match(ARABIC_WORDS) ?? []).length;
      assert(rows.length >= 3 && words === expected, `line ${lineNo + 1} is not fully on screen: ${rows.length} rows, ${words} of ${expected} words measured`);
      const { bad, compared } = report(`${LONG_FILE} line ${lineNo + 1}`, rows);
      assert(compared >= 80, `only ${compared} word pairs compared`);
      assert(bad.length === 0, `${bad.length} of ${compared} consecutive word pairs are not right to left, e.g. ${bad.slice(0, 5).join('; ')}; spans per row: ${rows.map((r) => r.spans).join(', ')}`);
    },
  },
  {
    name: 'every line of the article reads right to left, including quotations and parentheses',
    async run(wb, ctx) {
      const checks = [];
      for (const file of [LONG_FILE, PAREN_FILE]) {
        await wb.openFile(file);
        await waitForLanguage(wb, 'Arabic News Article');
        const all = lines(ctx, file);
        for (let i = 0; i < all.length; i++) {
          if (all[i].trim().split(/\s+/).length < 6) continue;
          await wb.goTo(i, 0);
          await wb.page.mouse.move(5, 5);
          const rows = await stableMeasure(wb, all[i], 5000);
          const r = inversions(rows);
          if (file === PAREN_FILE && /[()]/.test(all[i])) await shotRows(wb, `rtl-${file.slice(0, 3)}-line-${i + 1}-parentheses`, rows);
          checks.push({ file, line: i + 1, rows: rows.length, spans: rows.map((x) => x.spans), ...r });
        }
        await wb.shot(`rtl-${file.slice(0, 3)}`);
      }
      const measured = checks.filter((c) => c.rows > 0);
      const bad = measured.filter((c) => c.bad.length > 0);
      const pairs = measured.reduce((n, c) => n + c.compared, 0);
      console.log(`      ${measured.length} lines, ${pairs} word pairs compared; lines with more than one span in a row: ${measured.filter((c) => c.spans.some((s) => s > 1)).map((c) => `${c.file.slice(0, 3)}:${c.line} [${c.spans.join(',')}]`).join(' ') || 'none'}`);
      assert(measured.length >= 20 && pairs >= 300, `too little measured: ${measured.length} lines, ${pairs} pairs`);
      assert(bad.length === 0, bad.map((c) => `${c.file}:${c.line} (spans per row ${c.spans.join(',')}): ${c.bad.slice(0, 3).join('; ')}`).join('\n'));
    },
  },
  {
    name: 'no-break spaces in an article are not boxed by Unicode highlighting (text unchanged)',
    async run(wb, ctx) {
      const all = lines(ctx, NBSP_FILE);
      const lineNo = all.findIndex((l) => (l.match(/\u00A0/g) ?? []).length >= 20);
      assert(lineNo >= 0, `${NBSP_FILE} has no line with many U+00A0`);
      await wb.openFile(NBSP_FILE);
      await waitForLanguage(wb, 'Arabic News Article');
      await wb.goTo(lineNo, 0);
      await wb.page.mouse.move(5, 5);
      // The document keeps its U+00A0: the editor's model line (read back through the DOM's text) still has them
      // where the file has them, only the highlight is off.
      await wb.page.waitForTimeout(1500); // the Unicode highlighter runs in the editor worker, after a short delay
      const boxes = await wb.page.evaluate(() => document.querySelectorAll('.editor-instance .monaco-editor .unicode-highlight').length);
      await wb.shot('rtl-nbsp-line');
      console.log(`      ${NBSP_FILE} line ${lineNo + 1}: ${(all[lineNo].match(/\u00A0/g) ?? []).length} U+00A0 in the text, ${boxes} Unicode-highlight boxes on screen`);
      assert(boxes === 0, `${boxes} characters are boxed by Unicode highlighting on screen`);
      const text = readFileSync(path.join(ctx.workspace, NBSP_FILE), 'utf8');
      assert((text.match(/\u00A0/g) ?? []).length >= 20, 'the article lost its U+00A0');
    },
  },
];
