// UI test cases for the Arabic News Annotator, run by scripts/ui-test.mjs in one workbench window, in this order.
// Each gets (wb: Workbench from scripts/uiHelpers.mjs, ctx: { workspace, repo, extensionId }).
// Expected values come from the engine itself (the CLI, bin/arabic-news.js, on the same temporary workspace), not from hard-coded
// guesses about the recognizer's output.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const HOVER_FILE = '000_068e7e3385a67ab6.txt';
const HOVER_WORD = 'السراج';
const DEFINITION_FILE = '002_8ac1bda8dfbd2172.txt';
const DEFINITION_WORD = 'حفتر';

function cli(ctx, command) {
  const r = spawnSync(process.execPath, [path.join(ctx.repo, 'bin', 'arabic-news.js'), command, '--format', 'json', ctx.workspace], { encoding: 'utf8', maxBuffer: 64 << 20 });
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`bin/arabic-news.js ${command} printed no JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
  }
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

/** The 0-based line and UTF-16 character of the `nth` occurrence of `word` in a workspace file. */
function positionOf(ctx, name, word, nth = 0) {
  const text = readFileSync(path.join(ctx.workspace, name), 'utf8');
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(word, at + 1);
    if (at < 0) throw new Error(`"${word}" occurs fewer than ${nth + 1} times in ${name}`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const count = (text, word) => text.split(word).length - 1;

/** The spelling issues the extension's status bar item shows (undefined when none shows a count). */
async function spellingIssuesShown(wb, ctx) {
  for (const item of await wb.statusBarItems(ctx.extensionId)) {
    const m = /(\d+) spelling issues/.exec(`${item.text} ${item.label}`);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export const tests = [
  {
    name: 'the window shows the seed articles (an Extension Development Host unless a VSIX is tested)',
    async run(wb, ctx) {
      const title = await wb.page.title();
      assert(title.includes('[Extension Development Host]') === !ctx.vsix && title.includes('seeds'), `window title: ${title}`);
      const rows = await wb.page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts();
      assert(rows.some((r) => r.includes(HOVER_FILE)) && rows.some((r) => r.includes(DEFINITION_FILE)), `explorer rows: ${rows.join(' | ')}`);
      await wb.openFile(HOVER_FILE);
      const text = await wb.editorText();
      assert(text.includes(HOVER_WORD), 'the article text is not shown');
      await wb.shot('article-open');
    },
  },
  {
    name: 'opening an article activates the extension and problems appear in the status bar',
    async run(wb) {
      await wb.openFile(HOVER_FILE);
      const p = await wb.waitForProblems((x) => x.warnings > 0);
      console.log(`      status bar: ${p.label}`);
      await wb.shot('problems-count');
    },
  },
  {
    name: 'hover shows the canonical name and the variants',
    async run(wb, ctx) {
      const actor = cli(ctx, 'actors').find((a) => a.variants.some((v) => v.text === HOVER_WORD));
      assert(actor, `the CLI finds no actor spelled ${HOVER_WORD}`);
      await wb.openFile(HOVER_FILE);
      const at = positionOf(ctx, HOVER_FILE, HOVER_WORD);
      const rect = await wb.revealWord(HOVER_WORD, at.line, at.character);
      const text = await wb.hoverRect(rect, actor.canonical);
      await wb.shot('hover-mouse');
      const others = actor.variants.map((v) => v.text).filter((t) => t !== actor.canonical && t !== HOVER_WORD);
      assert(others.some((v) => text.includes(v)), `the hover lists none of the other variants ${JSON.stringify(others)}:\n${text}`);
      await wb.escape();
      const keyboard = await wb.keyboardHover(actor.canonical);
      assert(keyboard.includes(actor.canonical), 'keyboard hover differs');
      await wb.shot('hover-keyboard');
    },
  },
  {
    name: 'the Problems panel lists spelling warnings',
    async run(wb) {
      await wb.openFile(HOVER_FILE);
      await wb.waitForProblems((x) => x.warnings > 0);
      await wb.page.locator('#status\\.problems').click();
      const rows = wb.page.locator('.markers-panel .monaco-list-row');
      await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
      const spelling = rows.filter({ hasText: 'spelling-variant' });
      await spelling.first().waitFor({ state: 'visible', timeout: 20_000 });
      await wb.shot('problems-panel');
      await wb.closePanel();
    },
  },
  {
    name: 'the status bar shows the corpus counts',
    async run(wb, ctx) {
      const items = wb.page.locator(`.statusbar-item[id^="${ctx.extensionId}"]`);
      await items.first().waitFor({ state: 'visible', timeout: 30_000 });
      const all = await wb.statusBarItems(ctx.extensionId);
      assert(all.some((i) => /\d/.test(`${i.text} ${i.label}`)), `status bar items without counts: ${JSON.stringify(all)}`);
      console.log(`      status bar: ${all.map((i) => `${i.id}: "${i.text}"`).join('; ')}`);
      await wb.shot('status-bar');
    },
  },
  {
    name: 'the Corpus Outline view shows types → actors → variants',
    async run(wb, ctx) {
      const actor = cli(ctx, 'actors').find((a) => a.variants.some((v) => v.text === HOVER_WORD));
      assert(actor, `the CLI finds no actor spelled ${HOVER_WORD}`);
      const pane = await wb.openView('Corpus Outline');
      const typeRows = pane.locator('.monaco-list-row[aria-level="1"]');
      await typeRows.nth(2).waitFor({ state: 'visible', timeout: 30_000 });
      const types = (await typeRows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      for (const re of [/people|persons/i, /organi[sz]ations/i, /places/i]) assert(types.some((t) => re.test(t)), `type rows ${JSON.stringify(types)} lack ${re}`);
      const actorRow = pane.locator('.monaco-list-row[aria-level="2"]', { hasText: actor.canonical }).first();
      await actorRow.waitFor({ state: 'visible', timeout: 20_000 });
      if ((await actorRow.getAttribute('aria-expanded')) !== 'true') await actorRow.click();
      const variantRows = pane.locator('.monaco-list-row[aria-level="3"]');
      await variantRows.first().waitFor({ state: 'visible', timeout: 20_000 });
      const variants = await variantRows.allInnerTexts();
      const others = actor.variants.map((v) => v.text).filter((t) => t !== actor.canonical);
      assert(others.some((v) => variants.some((r) => r.includes(v))), `variant rows ${JSON.stringify(variants)} lack ${JSON.stringify(others)}`);
      await wb.shot('corpus-outline');
    },
  },
  {
    name: 'go to definition opens the other article',
    async run(wb, ctx) {
      await wb.openFile(DEFINITION_FILE);
      await wb.waitForProblems((x) => x.warnings > 0);
      const at = positionOf(ctx, DEFINITION_FILE, DEFINITION_WORD);
      await wb.revealWord(DEFINITION_WORD, at.line, at.character);
      await wb.page.keyboard.press('F12');
      await wb.page.waitForFunction(
        (from) => {
          const t = document.querySelector('.tabs-container .tab.active .label-name')?.textContent ?? '';
          return t.endsWith('.txt') && !t.includes(from);
        },
        DEFINITION_FILE,
        { timeout: 20_000 },
      );
      const tab = await wb.activeTab();
      assert(/^\d{3}_.*\.txt$/.test(tab), `opened ${tab}`);
      console.log(`      definition opened ${tab}`);
      await wb.shot('definition');
    },
  },
  {
    name: 'a quick fix changes the text and its warning disappears',
    async run(wb, ctx) {
      const findings = cli(ctx, 'lint').filter((f) => f.code === 'spelling-variant');
      assert(findings.length > 0, 'the CLI reports no spelling variants');
      // A one-off typo of a well-attested name (README: لينف for ليف) is unambiguous; otherwise the first finding.
      const f = findings.find((x) => x.found === 'لينف') ?? findings[0];
      await wb.openFile(path.basename(f.path));
      const before = await wb.waitForProblems((x) => x.warnings > 0);
      const rect = await wb.revealWord(f.found, f.line, f.character);
      await wb.page.waitForFunction(() => document.querySelector('.editor-instance .monaco-editor [class*="squiggly-"]'), null, { timeout: 20_000 });
      assert(await wb.hasSquiggleAt(rect), `no squiggle under "${f.found}"`);
      const textBefore = await wb.editorText();
      const issuesBefore = await spellingIssuesShown(wb, ctx);
      assert(issuesBefore !== undefined && issuesBefore > 0, 'the status bar shows no spelling issues before the fix');
      const entries = await wb.openQuickFix();
      await wb.shot('quick-fix-menu');
      const entry = entries.find((e) => e.includes(f.expected));
      assert(entry, `no quick fix mentioning "${f.expected}" in ${JSON.stringify(entries)}`);
      await wb.chooseQuickFix(f.expected);
      await wb.page.waitForFunction(
        ({ found, n }) => {
          const t = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].map((l) => l.textContent).join('\n');
          return t.split(found).length - 1 < n;
        },
        { found: f.found, n: count(textBefore, f.found) },
        { timeout: 10_000 },
      );
      await wb.waitForProblems((x) => x.warnings < before.warnings, 30_000);
      const after = await wb.revealWord(f.expected, f.line, f.character);
      assert(!(await wb.hasSquiggleAt(after)), `"${f.expected}" is still underlined`);
      // The status bar's count follows the fix.
      const deadline = Date.now() + 20_000;
      let issuesAfter = await spellingIssuesShown(wb, ctx);
      while (!(issuesAfter !== undefined && issuesAfter < issuesBefore) && Date.now() < deadline) {
        await wb.page.waitForTimeout(200);
        issuesAfter = await spellingIssuesShown(wb, ctx);
      }
      assert(issuesAfter !== undefined && issuesAfter < issuesBefore, `the status bar still counts ${issuesAfter} spelling issues (${issuesBefore} before the fix)`);
      await wb.shot('quick-fix-applied');
    },
  },
  {
    name: 'marking a missed name as a person makes it appear in the Corpus Outline',
    async run(wb, ctx) {
      // A word of the article that no exported entity covers (found with the CLI on the same workspace).
      const r = spawnSync(process.execPath, [path.join(ctx.repo, 'bin', 'arabic-news.js'), 'export', '--format', 'jsonl', ctx.workspace], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const entities = docs.find((d) => d.path.endsWith(HOVER_FILE)).entities;
      const text = readFileSync(path.join(ctx.workspace, HOVER_FILE), 'utf8');
      let word;
      for (const m of text.matchAll(/[\u0621-\u064a]{6,}/g)) {
        const first = text.indexOf(m[0]);
        if (first === m.index && !entities.some((e) => e.start < m.index + m[0].length && m.index < e.end) && !text.slice(0, first).includes(m[0])) {
          word = m[0];
          break;
        }
      }
      assert(word, 'no unannotated word in the article');
      await wb.openFile(HOVER_FILE);
      const at = positionOf(ctx, HOVER_FILE, word);
      await wb.revealWord(word, at.line, at.character);
      await wb.runCommand('Mark Selection as Person, Organization or Place');
      // Type → scope → actor → occurrence preview: Person, then accept the defaults (whole corpus, new actor, all ticked).
      const widget = wb.page.locator('.quick-input-widget');
      const titleOf = async (prev, timeout) =>
        wb.page
          .waitForFunction(
            (prev) => {
              const w = document.querySelector('.quick-input-widget');
              const t = w && getComputedStyle(w).display !== 'none' ? (w.querySelector('.quick-input-title')?.textContent ?? '') : '';
              return t && t !== prev ? t : false;
            },
            prev,
            { timeout },
          )
          .then((h) => h.jsonValue())
          .catch(() => undefined);
      let previous = await titleOf('', 20_000);
      assert(previous === 'Mark as', `expected the type pick, got ${previous}`);
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Person' }).first().click();
      for (let step = 0; step < 4; step++) {
        const title = await titleOf(previous, 5_000);
        if (!title) break; // no further picker: the mark was applied
        previous = title;
        if (/Occurrences of/.test(title)) await wb.shot('annotate-preview');
        await wb.page.keyboard.press('Enter');
      }
      const pane = await wb.openView('Corpus Outline');
      // Filter the outline to the name, so its row is rendered whatever the length of the list.
      await wb.runCommand('Filter Actors');
      const input = wb.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(word);
      await input.press('Enter');
      const row = pane.locator('.monaco-list-row[aria-level="2"]', { hasText: word }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      const people = pane.locator('.monaco-list-row[aria-level="1"]').first();
      assert(/people|persons/i.test(await people.innerText()), 'the first type is not People');
      // The outline refreshes once the corpus pass after the annotation has run: the row may be re-rendered
      // while it is scrolled to, so it is looked up again until it holds still.
      for (let attempt = 0; ; attempt++) {
        try {
          await row.waitFor({ state: 'visible', timeout: 10_000 });
          await row.scrollIntoViewIfNeeded({ timeout: 5_000 });
          break;
        } catch (e) {
          if (attempt >= 4) throw e;
        }
      }
      await wb.shot('annotate-person-outline');
      const decisions = JSON.parse(readFileSync(path.join(ctx.workspace, '.arabic-news', 'annotations.json'), 'utf8'));
      assert(decisions.added.some((e) => e.text === word && e.type === 'person'), `annotations.json: ${JSON.stringify(decisions.added)}`);
      await wb.runCommand('Clear Actor Filter');
    },
  },
];
