/**
 * Drives the VS Code workbench in the browser the way a user does (keyboard, mouse) and reads back what the
 * user sees from the DOM: squiggles (decorations mapped back to line/column), hovers, the quick-fix menu, the
 * Problems panel, notifications and modal dialogs.
 */
import type { Locator, Page } from 'playwright-core';

export type Severity = 'error' | 'warning';

/** A squiggle as drawn: 1-based line, 1-based start column, exclusive 1-based end column. */
export interface Squiggle {
  line: number;
  startColumn: number;
  endColumn: number;
  severity: Severity | 'other';
}

export interface ProblemRow {
  message: string;
  source: string;
  code: string;
  /** Where the rule id links to. */
  href: string | null;
  line: number;
  column: number;
  severity: Severity | 'other';
}

export class Workbench {
  private openPath = '';

  /** `root`: the workspace folder on disk (files are opened by their path relative to it). */
  constructor(
    readonly page: Page,
    readonly root: string,
  ) {}

  /** The editor of the file opened last (Monaco marks its DOM node with the model's URI). */
  get editor(): Locator {
    return this.page.locator(`.part.editor .monaco-editor[data-uri$="${this.openPath}"]`).first();
  }

  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${label}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async closeAllEditors(): Promise<void> {
    // A dialog left open (by a failed step) would swallow every key.
    for (let tries = 0; tries < 3 && (await this.modalDialogOpen()); tries++) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
    await this.runCommand('View: Close All Editors');
  }

  /** Opens a workspace file by its path relative to the folder (Quick Open), and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    await this.closeAllEditors();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(relativePath);
    const name = relativePath.split('/').pop()!;
    const dir = relativePath.split('/').slice(0, -1).join('/');
    // Rows show the name and, as description, the folder; pick the exact one.
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
    const exact = dir ? row.filter({ has: this.page.locator('.label-description', { hasText: new RegExp(`^${escapeRegExp(dir)}$`) }) }) : row;
    await exact.first().click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    this.openPath = `${this.root}/${relativePath}`;
    await this.editor.locator('.view-lines .view-line').first().waitFor();
  }

  /**
   * Saves the open editor after an edit. VS Code saves the files a workspace edit touched by itself when they
   * had no unsaved changes (`files.refactoring.autoSave`), so the tab may never turn dirty: wait a moment for
   * the dirty mark, and press Ctrl+S only if it shows.
   */
  async saveIfDirty(): Promise<void> {
    const dirtyTab = this.page.locator('.part.editor .tab.active.dirty');
    const dirty = await dirtyTab.waitFor({ timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (!dirty) return;
    await this.page.keyboard.press('Control+S');
    await dirtyTab.waitFor({ state: 'detached' });
  }

  /** The text of the open editor's visible lines (the fixtures fit the viewport). */
  async editorLines(): Promise<string[]> {
    return this.editor.evaluate((editor) => {
      const lines = [...editor.querySelectorAll<HTMLElement>('.view-lines > .view-line')];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '));
    });
  }

  /** Every squiggle in the open editor, mapped from pixels back to line and columns. */
  async squiggles(): Promise<Squiggle[]> {
    const found = await this.editor.evaluate((editor) => {
      const lineNumberByTop = new Map<string, number>();
      for (const margin of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
        const number = margin.querySelector('.line-numbers')?.textContent;
        if (number) lineNumberByTop.set(margin.style.top, Number(number));
      }
      const viewLineByTop = new Map<string, HTMLElement>();
      for (const line of editor.querySelectorAll<HTMLElement>('.view-lines > .view-line')) viewLineByTop.set(line.style.top, line);
      /** x of every character boundary of a rendered line (index i = before the i-th UTF-16 unit). */
      const boundaries = (line: HTMLElement): number[] => {
        const xs: number[] = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let right = line.getBoundingClientRect().left;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          for (let i = 0; i < node.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getBoundingClientRect();
            xs.push(rect.left);
            right = rect.right;
          }
        }
        xs.push(right);
        return xs;
      };
      const nearest = (xs: number[], x: number) => xs.reduce((best, value, index) => (Math.abs(value - x) < Math.abs(xs[best]! - x) ? index : best), 0);
      const result: { line: number; startColumn: number; endColumn: number; severity: string }[] = [];
      for (const decoration of editor.querySelectorAll<HTMLElement>('.view-overlays .cdr[class*="squiggly-"]')) {
        const top = (decoration.parentElement as HTMLElement).style.top;
        const line = viewLineByTop.get(top);
        const number = lineNumberByTop.get(top);
        if (!line || number === undefined) continue;
        const xs = boundaries(line);
        const rect = decoration.getBoundingClientRect();
        const className = decoration.className;
        result.push({
          line: number,
          startColumn: nearest(xs, rect.left) + 1,
          endColumn: nearest(xs, rect.right) + 1,
          severity: className.includes('squiggly-error') ? 'error' : className.includes('squiggly-warning') ? 'warning' : 'other',
        });
      }
      return result;
    });
    return (found as Squiggle[]).sort((a, b) => a.line - b.line || a.startColumn - b.startColumn);
  }

  /** Screen position of the middle of a character (1-based line and column). */
  async pointAt(line: number, column: number): Promise<{ x: number; y: number }> {
    const point = await this.editor.evaluate(
      (editor, [wantedLine, wantedColumn]) => {
        let top: string | undefined;
        for (const margin of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
          if (margin.querySelector('.line-numbers')?.textContent === String(wantedLine)) top = margin.style.top;
        }
        const line = [...editor.querySelectorAll<HTMLElement>('.view-lines > .view-line')].find((candidate) => candidate.style.top === top);
        if (!line) return undefined;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let remaining = wantedColumn! - 1;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          if (remaining < node.length) {
            const range = document.createRange();
            range.setStart(node, remaining);
            range.setEnd(node, remaining + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          remaining -= node.length;
        }
        return undefined;
      },
      [line, column],
    );
    if (!point) throw new Error(`line ${line} column ${column} is not rendered`);
    return point;
  }

  /** Puts the cursor on a character by clicking it. */
  async clickAt(line: number, column: number): Promise<void> {
    const { x, y } = await this.pointAt(line, column);
    await this.page.mouse.click(x, y);
  }

  /** Hovers a character and returns the hover widget once it shows dockerlint's own hover section. */
  async hoverAt(line: number, column: number): Promise<Locator> {
    await this.page.mouse.move(1, 1);
    const { x, y } = await this.pointAt(line, column);
    await this.page.mouse.move(x, y);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Rule documentation' }).first();
    await hover.waitFor();
    return hover;
  }

  /** Opens the quick-fix menu (Ctrl+.) at a character and returns the titles it offers. */
  async quickFixesAt(line: number, column: number): Promise<string[]> {
    await this.page.keyboard.press('Escape');
    await this.clickAt(line, column);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor();
    return rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
  }

  /** Applies the open quick-fix menu's entry whose title starts with `title` (keyboard: the menu blocks the mouse). */
  async applyQuickFix(title: string): Promise<void> {
    const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
    for (let step = 0; step < 20; step++) {
      const label = (await focused.getAttribute('aria-label')) ?? '';
      if (label.startsWith(title)) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick fix starting with "${title}"`);
  }

  async openProblems(): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel;
  }

  /** The Problems panel's rows for one file (`folder`: its directory relative to the workspace, `.` for the root). */
  async problemsOf(name: string, folder: string): Promise<ProblemRow[]> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
      elements.map((row) => ({
        aria: row.getAttribute('aria-label') ?? '',
        icon: row.querySelector('.marker-icon')?.className ?? '',
        message: (row.querySelector('.marker-message') as HTMLElement | null)?.innerText ?? '',
        source: (row.querySelector('.marker-source') as HTMLElement | null)?.innerText ?? '',
        code: (row.querySelector('.marker-code') as HTMLElement | null)?.innerText ?? '',
        href: row.querySelector('a.monaco-link:has(.marker-code)')?.getAttribute('href') ?? null,
        position: (row.querySelector('.marker-line') as HTMLElement | null)?.innerText ?? '',
      })),
    );
    const result: ProblemRow[] = [];
    let inFile = false;
    for (const row of rows) {
      const fileHeader = /^\d+ problems? in file (.+) of folder (.+)$/.exec(row.aria);
      if (fileHeader) {
        inFile = fileHeader[1] === name && fileHeader[2] === folder;
        continue;
      }
      if (!inFile || !row.icon) continue;
      const position = /Ln (\d+), Col (\d+)/.exec(row.position);
      result.push({
        message: row.message,
        source: row.source,
        code: row.code,
        href: row.href,
        line: Number(position?.[1]),
        column: Number(position?.[2]),
        severity: /\berror\b/.test(row.icon) ? 'error' : /\bwarning\b/.test(row.icon) ? 'warning' : 'other',
      });
    }
    return result;
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  }

  /** Whether a modal dialog (which would block every click) is open. */
  async modalDialogOpen(): Promise<boolean> {
    return (await this.page.locator('.monaco-dialog-box').count()) > 0;
  }

  /**
   * The workbench's whole DOM (text and attributes) except the editors' own text, i.e. every place where
   * dockerlint's output could show up: hovers, menus, the Problems panel, notifications, status bar.
   */
  async textOutsideEditorContent(): Promise<string> {
    return this.page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      for (const content of copy.querySelectorAll('.monaco-editor .view-lines, .monaco-editor textarea, .monaco-editor .native-edit-context')) content.remove();
      return `${copy.outerHTML}\n${copy.innerText}`;
    });
  }

  async screenshot(file: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    await this.page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
