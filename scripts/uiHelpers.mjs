// Helpers for browser UI tests against the VS Code workbench served by code-server (Playwright + Debian Chromium).
// Recipe: /work/shared/notes/real-vscode-testing.md section 6. Every wait is for a condition, bounded by a timeout.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ shotsDir: string, workspace: string }} options
   */
  constructor(page, { shotsDir, workspace }) {
    this.page = page;
    this.shotsDir = shotsDir;
    this.workspace = workspace;
    this.shotIndex = 0;
    mkdirSync(shotsDir, { recursive: true });
  }

  /** Screenshot into the shots folder, numbered in order: `03-hover.png`. */
  async shot(name) {
    this.shotIndex += 1;
    const file = path.join(this.shotsDir, `${String(this.shotIndex).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async waitForWorkbench(timeout = 60_000) {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
  }

  /** Closes hovers, widgets and quick inputs. */
  async escape() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  /** Runs a command from the command palette by its title (as a person would). */
  async runCommand(title) {
    await this.escape();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
  }

  /** Waits until an element has finished fading in (opacity 1), so screenshots show it fully. */
  async settled(locator, timeout = 2000) {
    await locator.evaluate((el, t) => new Promise((resolve) => {
      const end = Date.now() + t;
      const check = () => {
        let e = el;
        let opaque = true;
        for (; e instanceof Element; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) opaque = false;
        if (opaque || Date.now() > end) resolve(undefined);
        else requestAnimationFrame(check);
      };
      check();
    }), timeout).catch(() => {});
  }

  /** Hides the bottom panel (Problems, Output…) when it is shown (Ctrl+J toggles it). */
  async closePanel() {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.escape();
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Shows the Explorer and opens `name` by clicking its row; waits for its editor to show text. */
  async openFile(name, timeout = 30_000) {
    await this.escape();
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    // The explorer may be behind another view (the Corpus Outline): Ctrl+Shift+E shows it; when that key is lost
    // (it sometimes is, right after another view had the focus), the command palette's "View: Show Explorer" does.
    for (let attempt = 0; !(await row.isVisible()); attempt++) {
      if (attempt === 0) await this.page.keyboard.press('Control+Shift+E');
      else {
        console.log(`      the explorer did not show ${name} after Ctrl+Shift+E: View: Show Explorer (attempt ${attempt})`);
        await this.runCommand('View: Show Explorer');
      }
      try {
        await row.waitFor({ state: 'visible', timeout: attempt < 2 ? 5_000 : timeout });
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
    await row.click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout });
    await this.page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ state: 'visible', timeout });
  }

  /** The active editor tab's label. */
  async activeTab() {
    return (await this.page.locator('.tabs-container .tab.active .label-name').first().textContent())?.trim() ?? '';
  }

  /** The rendered text of the active editor's visible lines, top to bottom. */
  async editorText() {
    return this.page.evaluate(() => {
      const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')];
      lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return lines.map((l) => l.textContent ?? '').join('\n');
    });
  }

  /** The Problems status bar item as numbers: { errors, warnings, infos, label }. */
  async problems() {
    const label = (await this.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    const n = (re) => Number(re.exec(label)?.[1] ?? 0);
    return { errors: n(/Errors?: (\d+)/), warnings: n(/Warnings?: (\d+)/), infos: n(/Infos?: (\d+)/), label };
  }

  /** Waits until the Problems counts satisfy `accept` (e.g. the language server has published). */
  async waitForProblems(accept, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const p = await this.problems();
      if (accept(p)) return p;
      if (Date.now() > deadline) throw new Error(`timed out waiting for problems; status bar says "${p.label}"`);
      await this.page.waitForTimeout(100); // polling the status bar label, bounded by the deadline
    }
  }

  /**
   * The screen rectangle of the `nth` occurrence (0-based) of `word` among the rendered editor lines, measured with a
   * DOM Range over the word's characters (Monaco renders a run of text as one span, and RTL makes span centres useless).
   */
  async wordRect(word, nth = 0) {
    const rect = await this.page.evaluate(({ word, nth }) => {
      const root = document.querySelector('.editor-instance .monaco-editor .view-lines');
      if (!root) return null;
      const lines = [...root.querySelectorAll('.view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      let seen = 0;
      for (const line of lines) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            if (seen++ < nth) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const r = range.getBoundingClientRect();
            return { x: r.left, y: r.top, width: r.width, height: r.height };
          }
        }
      }
      return null;
    }, { word, nth });
    if (!rect || rect.width === 0) throw new Error(`"${word}" (occurrence ${nth}) is not rendered in the editor`);
    return { ...rect, cx: rect.x + rect.width / 2, cy: rect.y + rect.height / 2 };
  }

  /** Moves the cursor to a document position (0-based line and UTF-16 character) with Go to Line (Ctrl+G). */
  async goTo(line, character) {
    await this.escape();
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line + 1}:${character + 1}`);
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Reveals the occurrence of `word` that starts at (line, character) — 0-based, as LSP and the CLI count — and
   * returns its screen rectangle: Go to Line puts the cursor inside it, then the rendered occurrence nearest the cursor
   * is measured with a DOM Range. The cursor is left inside the word.
   */
  async revealWord(word, line, character) {
    await this.goTo(line, character + 1);
    const rect = await this.page.evaluate((word) => {
      const cursor = document.querySelector('.editor-instance .monaco-editor .cursors-layer .cursor');
      const root = document.querySelector('.editor-instance .monaco-editor .view-lines');
      if (!cursor || !root) return null;
      const c = cursor.getBoundingClientRect();
      let best = null;
      for (const line of root.querySelectorAll('.view-line')) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const r = range.getBoundingClientRect();
            const dy = Math.abs((r.top + r.bottom) / 2 - (c.top + c.bottom) / 2);
            const dx = c.left >= r.left && c.left <= r.right ? 0 : Math.min(Math.abs(c.left - r.left), Math.abs(c.left - r.right));
            const d = dy * 10 + dx;
            if (!best || d < best.d) best = { d, x: r.left, y: r.top, width: r.width, height: r.height };
          }
        }
      }
      return best;
    }, word);
    if (!rect || rect.width === 0) throw new Error(`"${word}" at ${line + 1}:${character + 1} is not rendered in the editor`);
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height, cx: rect.x + rect.width / 2, cy: rect.y + rect.height / 2 };
  }

  /** Clicks inside the word (its centre), which puts the cursor there. */
  async clickWord(word, nth = 0) {
    const r = await this.wordRect(word, nth);
    await this.page.mouse.click(r.cx, r.cy);
    return r;
  }

  /**
   * Hovers a word with the mouse, in small moves, until a hover containing `expect` (string or RegExp) shows.
   * `rect` comes from revealWord (or wordRect).
   */
  async hoverRect(rect, expect, { timeout = 20_000 } = {}) {
    await this.page.mouse.move(5, 5);
    const deadline = Date.now() + timeout;
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect });
    for (let i = 0; ; i++) {
      const r = rect;
      const dx = ((i % 5) - 2) * Math.max(1, r.width / 8);
      await this.page.mouse.move(r.cx + dx, r.cy, { steps: 3 });
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 600 });
        await this.settled(hover.first());
        return (await hover.first().innerText()).trim();
      } catch {
        if (Date.now() > deadline) throw new Error(`no hover showing ${expect} at (${Math.round(rect.cx)}, ${Math.round(rect.cy)})`);
      }
    }
  }

  /** Shows the hover from the keyboard (Ctrl+K Ctrl+I) at the cursor and returns its text. */
  async keyboardHover(expect, { timeout = 20_000 } = {}) {
    await this.page.mouse.move(5, 5);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect });
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 1000 });
        await this.settled(hover.first());
        return (await hover.first().innerText()).trim();
      } catch {
        if (Date.now() > deadline) throw new Error(`no keyboard hover showing ${expect} at the cursor`);
      }
    }
  }

  /** Ctrl+. at the cursor: returns the quick-fix menu entries (their texts) and leaves the menu open. */
  async openQuickFix({ timeout = 20_000 } = {}) {
    await this.page.mouse.move(5, 5);
    await this.page.keyboard.press('Control+.');
    const widget = this.page.locator('.action-widget');
    await widget.waitFor({ state: 'visible', timeout });
    const rows = widget.locator('.monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible', timeout });
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Picks the open quick-fix menu's entry containing `text` from the keyboard (arrows, then Enter), as the menu's
   * pointer block intercepts synthetic clicks.
   */
  async chooseQuickFix(text) {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const n = await rows.count();
    for (let i = 0; i <= n; i++) {
      const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
      const label = (await focused.count()) ? `${await focused.first().getAttribute('aria-label')} ${await focused.first().innerText()}` : '';
      if (label.includes(text)) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick-fix entry containing "${text}"`);
  }

  /** True when a warning/error/info squiggle overlaps the rectangle (a word measured with wordRect). */
  async hasSquiggleAt(rect) {
    return this.page.evaluate((r) => {
      return [...document.querySelectorAll('.editor-instance .monaco-editor [class*="squiggly-"]')].some((el) => {
        const s = el.getBoundingClientRect();
        return s.width > 0 && s.left < r.x + r.width && s.right > r.x && s.top < r.y + r.height && s.bottom > r.y;
      });
    }, rect);
  }

  /** Opens a view by its title through Quick Open's `view ` prefix (works wherever the view lives). */
  async openView(title, timeout = 20_000) {
    await this.escape();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`view ${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    return this.viewPane(title, timeout);
  }

  /**
   * The expanded pane with the header `title` (case-insensitive: headers are upper-cased by CSS). A view alone in its
   * container has a hidden header; its pane is returned as it is.
   */
  async viewPane(title, timeout = 20_000) {
    const header = this.page.locator('.pane-header', { hasText: title }).first();
    await header.waitFor({ state: 'attached', timeout });
    if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const pane = this.page.locator('.pane', { has: header });
    await pane.locator('.pane-body').waitFor({ state: 'visible', timeout });
    return pane;
  }

  /** The rows of a tree in a pane: [{ level, text, expanded }]. */
  async treeRows(pane) {
    const rows = pane.locator('.monaco-list-row');
    const n = await rows.count();
    const out = [];
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      out.push({
        level: Number(await row.getAttribute('aria-level')),
        text: (await row.innerText()).replace(/\s+/g, ' ').trim(),
        expanded: await row.getAttribute('aria-expanded'),
      });
    }
    return out;
  }

  /** Status bar items whose id starts with `prefix` (extension items are `<publisher.name>.<item id>`). */
  async statusBarItems(prefix) {
    const items = this.page.locator(`.statusbar-item[id^="${prefix}"]`);
    const n = await items.count();
    const out = [];
    for (let i = 0; i < n; i++) {
      const it = items.nth(i);
      out.push({ id: await it.getAttribute('id'), text: (await it.innerText()).trim(), label: (await it.getAttribute('aria-label')) ?? '' });
    }
    return out;
  }
}
