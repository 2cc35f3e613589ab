import type { Browser, BrowserContext, ConsoleMessage, Frame, FrameLocator, Locator, Page } from 'playwright-core';

// Drives the VS Code workbench in the browser the way a user does: keyboard shortcuts,
// the command palette, Quick Open, the mouse. Selectors are VS Code's own DOM (1.100).

export interface ConsoleEntry {
  type: string;
  text: string;
  url: string;
}

/** Whether a console message came from a webview's page (VS Code's host frame or our page inside it). */
export function fromWebview(entry: ConsoleEntry): boolean {
  return /\/webview\/browser\/pre\/|vscode-resource|vscode-webview|[?&]id=[0-9a-f-]{36}/.test(entry.url) || /webview\.js/.test(entry.url);
}

export function isCspViolation(entry: ConsoleEntry): boolean {
  return /Content Security Policy/i.test(entry.text);
}

export class Workbench {
  readonly console: ConsoleEntry[] = [];
  readonly pageErrors: { message: string; url: string }[] = [];

  constructor(readonly page: Page, readonly url: string, readonly folder: string) {
    page.on('console', (m: ConsoleMessage) => this.console.push({ type: m.type(), text: m.text(), url: m.location().url }));
    // An uncaught exception in any frame of the page, the webview's included.
    page.on('pageerror', (e) => this.pageErrors.push({ message: `${e.name}: ${e.message}\n${e.stack ?? ''}`, url: '' }));
  }

  /**
   * A test window on a server's folder: 1600×900, the side bar hidden, so the panel gets
   * the room a user would give it and the screenshots show the graph at a readable size.
   */
  static async openWindow(browser: Browser, server: { url: string; workspace: string }): Promise<{ context: BrowserContext; wb: Workbench }> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const wb = new Workbench(await context.newPage(), server.url, server.workspace);
    wb.page.setDefaultTimeout(20_000);
    await wb.open();
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    return { context, wb };
  }

  /**
   * What the panel shows while a training run of `total` steps streams: every "step k of
   * N" and loss chart title seen, from before `start` (the edit or the opening that starts
   * the run) until the run has finished (no step shown after its own were), or 60 s.
   */
  async watchTraining(total: number, start: () => Promise<void>): Promise<{ steps: string[]; charts: string[] }> {
    const frame = await this.webviewFrame();
    // Polled in the page (no named functions: the bundler's name helper does not exist there).
    const seen = frame.evaluate(async (of) => {
      const steps: string[] = [], charts: string[] = [];
      for (const started = Date.now(); Date.now() - started < 60_000; ) {
        const step = document.getElementById('step')?.textContent?.trim() ?? '';
        if (step && !steps.includes(step)) steps.push(step);
        const chart = Array.from(document.querySelectorAll('.chart-title'), (e) => e.textContent ?? '').find((x) => x.startsWith('total_loss'));
        if (chart && !charts.includes(chart)) charts.push(chart);
        // Another file's run (step k of 20) may still be on screen when this one starts.
        if (steps.some((s) => s.endsWith(of)) && !step) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { steps, charts };
    }, ` of ${total}`);
    await start();
    return seen;
  }

  get address(): string {
    return `${this.url}/?folder=${encodeURIComponent(this.folder)}`;
  }

  async open(): Promise<void> {
    await this.page.goto(this.address);
    await this.ready();
  }

  /**
   * "Developer: Reload Window": the workbench shuts down properly (saving editor and
   * webview state) and loads again, as a user's reload does.
   */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === this.page.mainFrame(), timeout: 30_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.ready();
  }

  /**
   * The workbench is up and shows the folder's files, or (side bar hidden, after a
   * reload) the restored editors: the extension host is running by then.
   */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row, .tabs-container .tab').first().waitFor({ timeout: 60_000 });
  }

  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab[data-resource-name="${fileName}"]`).first().waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Runs a command by its title from the palette (F1), as a user would find it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.waitForStatus(new RegExp(`^Ln ${line},`));
  }

  /** The status bar's cursor position, e.g. "Ln 8, Col 1". */
  selectionStatus(): Locator {
    return this.page.locator('[id="status.editor.selection"]');
  }

  async waitForStatus(pattern: RegExp, timeout = 10_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (source) => {
        const text = document.querySelector('[id="status.editor.selection"]')?.textContent?.trim() ?? '';
        return new RegExp(source).test(text) ? text : false;
      },
      pattern.source,
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  /** The text editor's visible lines in order, inlay hints included, with non-breaking spaces made plain. */
  async editorLines(): Promise<string[]> {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.editor-instance .monaco-editor .view-lines');
      if (!editor) return [];
      const lines = Array.from(editor.querySelectorAll<HTMLElement>(':scope > .view-line'));
      lines.sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top));
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
    });
  }

  async waitForEditorLine(pattern: RegExp, timeout = 10_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (source) => {
        const editor = document.querySelector('.editor-instance .monaco-editor .view-lines');
        const lines = Array.from(editor?.querySelectorAll<HTMLElement>(':scope > .view-line') ?? [], (l) =>
          (l.textContent ?? '').replace(/\u00a0/g, ' '),
        );
        return lines.find((l) => new RegExp(source).test(l)) ?? false;
      },
      pattern.source,
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Page coordinates of the first character of the editor line that matches `pattern`. */
  async firstCharOfLine(pattern: RegExp): Promise<{ x: number; y: number }> {
    return this.charOfLine(pattern, 0);
  }

  /** Page coordinates of the character at `column` (0-based) of the editor line that matches `pattern`. */
  async charOfLine(pattern: RegExp, column: number): Promise<{ x: number; y: number }> {
    const point = await this.page.evaluate(({ source, column }) => {
      const editor = document.querySelector('.editor-instance .monaco-editor .view-lines');
      const line = Array.from(editor?.querySelectorAll<HTMLElement>(':scope > .view-line') ?? []).find((l) =>
        new RegExp(source).test((l.textContent ?? '').replace(/\u00a0/g, ' ')),
      );
      const walker = line ? document.createTreeWalker(line, NodeFilter.SHOW_TEXT) : null;
      let left = column;
      for (let text = walker?.nextNode(); text; text = walker!.nextNode()) {
        const length = text.textContent?.length ?? 0;
        if (left < length) {
          const range = document.createRange();
          range.setStart(text, left);
          range.setEnd(text, left + 1);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        left -= length;
      }
      return null;
    }, { source: pattern.source, column });
    if (point === null) throw new Error(`no editor line matches ${pattern} with a column ${column}: ${JSON.stringify(await this.editorLines())}`);
    return point;
  }

  /** Hovers the character at `column` of the line matching `line`, and returns the hover that says `expected`. */
  async hover(line: RegExp, column: number, expected: string): Promise<string> {
    await this.page.mouse.move(5, 400);
    await this.page.keyboard.press('Escape');
    const { x, y } = await this.charOfLine(line, column);
    await this.page.mouse.move(x, y);
    const widget = this.page.locator('.monaco-hover:visible', { hasText: expected }).first();
    await widget.waitFor({ timeout: 10_000 }).catch(async () => {
      const seen = await this.page.locator('.monaco-hover').allTextContents();
      throw new Error(`hovering ${line} at column ${column} shows no ${JSON.stringify(expected)}; hovers: ${JSON.stringify(seen)}`);
    });
    const text = (await widget.textContent()) ?? '';
    await this.page.mouse.move(5, 400);
    await this.page.keyboard.press('Escape');
    return text;
  }

  /** The graph panel's page: two iframes deep (VS Code's webview host, then our document). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  }

  /** The same page as a Frame, to evaluate scripts in it. */
  async webviewFrame(): Promise<Frame> {
    const outer = await this.page.locator('iframe.webview').first().elementHandle({ timeout: 30_000 });
    const outerFrame = await outer?.contentFrame();
    if (!outerFrame) throw new Error('no webview iframe in the workbench');
    const inner = await outerFrame.locator('iframe#active-frame').elementHandle({ timeout: 30_000 });
    const frame = await inner?.contentFrame();
    if (!frame) throw new Error('the webview has no active frame');
    return frame;
  }

  /** The texts of the panel's SVG, in document order. */
  /**
   * Presses `key` in the editor and returns the milliseconds from the keydown to the
   * moment the panel's SVG first contains `text`.
   */
  async keystrokeToSvgText(key: string, text: string): Promise<number> {
    const frame = await this.webviewFrame();
    const svgAt = frame.evaluate(
      (expected) =>
        new Promise<number>((resolve, reject) => {
          const stage = document.getElementById('stage');
          if (!stage) return reject(new Error('no #stage in the panel'));
          // No named helper functions in here: tsx's keepNames would wrap them in a
          // __name() call that does not exist inside the page.
          const observer = new MutationObserver(() => {
            if (Array.from(stage.querySelectorAll('svg text')).some((n) => n.textContent === expected)) {
              observer.disconnect();
              resolve(Date.now());
            }
          });
          observer.observe(stage, { childList: true, subtree: true, characterData: true });
          setTimeout(() => reject(new Error(`no ${JSON.stringify(expected)} in the panel 10 s after the keystroke`)), 10_000);
        }),
      text,
    );
    svgAt.catch(() => undefined); // awaited below; this only keeps an early rejection from counting as unhandled
    await this.page.evaluate(() =>
      window.addEventListener('keydown', () => ((window as unknown as { glKeyAt: number }).glKeyAt = Date.now()), { capture: true, once: true }),
    );
    await this.page.keyboard.press(key);
    const shownAt = await svgAt;
    const keyAt = await this.page.evaluate(() => (window as unknown as { glKeyAt: number }).glKeyAt);
    return shownAt - keyAt;
  }

  async svgTexts(): Promise<string[]> {
    return this.webview().locator('#stage svg text').allTextContents();
  }

  async waitForSvgText(text: string, timeout = 20_000): Promise<void> {
    await this.webview().locator('#stage svg text', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).first().waitFor({ timeout });
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
