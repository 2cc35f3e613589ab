import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath, packageWebOnlyExtension, requireToolchain, root, startCodeServer, testSettings, webVsixPath, type CodeServer } from './codeServer';
import { parseActivation, readGradLensLog } from './gradlensLog';
import { suiteSteps } from './steps';
import { Workbench } from './workbench';

// GradLens as VS Code for the Web runs it: the .vsix variant with only the "browser" entry
// (scripts/package-web-only.mjs), which code-server runs in its web-worker extension host
// inside the page, with no Node. The main checks of vscode.test.ts, in one theme: the
// panel's graph, a hover, an edit, a syntax error, the gradient check, and micrograd's demo
// training live in the nested Web Worker. The GradLens log says which host activated it.

const results = path.join(root, 'test-results');
const FILE = '01-expression.grad';
const MOONS_FILE = '08-moons.grad';

let browser: Browser | undefined;
let server: CodeServer | undefined;
let context: BrowserContext | undefined;
let wb: Workbench;
const step = suiteSteps(results, 'e2e-web', () => ({ wb, server }));

before(async () => {
  requireToolchain();
  packageWebOnlyExtension();
  mkdirSync(results, { recursive: true });
  for (const f of ['e2e-web.png', 'e2e-web-moons.png', 'e2e-web-activation.json']) rmSync(path.join(results, f), { force: true });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  server = await startCodeServer({
    name: 'web',
    vsix: webVsixPath,
    workspaceFrom: path.join(root, 'examples'),
    settings: testSettings('Default Dark Modern'),
  });
  ({ context, wb } = await Workbench.openWindow(browser, server));
});

after(async () => {
  try {
    if (wb) writeFileSync(path.join(results, 'e2e-web-console.json'), JSON.stringify({ console: wb.console, pageErrors: wb.pageErrors }, null, 2) + '\n');
    await context?.close();
    await browser?.close();
  } finally {
    await server?.stop();
  }
});

describe('GradLens in VS Code for the Web (code-server\'s web-worker extension host, browser-only .vsix)', { concurrency: false }, () => {
  step(`opens ${FILE} and the panel draws the lecture's graph, with inline values`, async () => {
    await wb.quickOpen(FILE);
    await wb.runCommand('GradLens: Open Graph to the Side');
    await wb.waitForSvgText('data -8.0000', 30_000);
    const texts = await wb.svgTexts();
    for (const t of ['a', 'L', 'data 2.0000', 'grad 6.0000', 'data -3.0000', 'grad -4.0000', 'grad 1.0000', '*', '+']) {
      assert.ok(texts.includes(t), `the panel's SVG has no text ${JSON.stringify(t)}; it has ${JSON.stringify(texts)}`);
    }
    await wb.waitForEditorLine(/^a = 2\.0\s*= 2\.0000\s+∇ 6\.0000\s*$/);
    await wb.page.screenshot({ path: path.join(results, 'e2e-web.png') });
  });

  step('the web worker extension host ran it: the browser build, with no Node', async (t) => {
    const log = await readGradLensLog(wb);
    const line = log.find((l) => l.includes('GradLens activated'));
    assert.ok(line, `no activation line in the GradLens log: ${JSON.stringify(log)}`);
    t.diagnostic(line);
    // hostKind() reads the global scope: "web worker" only where there is no process and importScripts exists.
    const activation = parseActivation(line);
    assert.ok(activation, `not an activation line: ${line}`);
    assert.deepEqual([activation.host, activation.build], ['web worker', 'browser'], line);
    writeFileSync(path.join(results, 'e2e-web-activation.json'), JSON.stringify(activation) + '\n');
  });

  step('an edit redraws the graph and the inline values', async () => {
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(7); // a = 2.0
    await wb.page.keyboard.press('Home');
    for (let i = 0; i < 'a = '.length; i++) await wb.page.keyboard.press('ArrowRight');
    await wb.page.keyboard.press('Shift+ArrowRight');
    await wb.keystrokeToSvgText('3', 'data 3.0000');
    const texts = await wb.svgTexts();
    for (const t of ['data 3.0000', 'data -9.0000', 'data -2.0000', 'grad 6.0000']) {
      assert.ok(texts.includes(t), `after the edit the SVG has no ${JSON.stringify(t)}: ${JSON.stringify(texts)}`);
    }
    await wb.waitForEditorLine(/^L = d \* f\s*= -2\.0000\s+∇ 1\.0000\s*$/);
  });

  step('hovering a variable shows its value and gradient', async () => {
    const a = await wb.hover(/^a = 3\.0/, 0, '∂L/∂a = 6.0000');
    assert.match(a, /3\.0000/, a);
  });

  step('the panel\'s SVG export is written through vscode.workspace.fs', async (t) => {
    const before = new Set(readdirSync(server!.workspace));
    await wb.webview().locator('vscode-button#export-svg').click();
    // VS Code for the Web's own save dialog: a path box proposing the name beside the file.
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    // The dialog fills the box in steps (the folder, then the name): wait for the name.
    let proposed = await input.inputValue();
    for (const deadline = Date.now() + 10_000; !proposed.endsWith('.svg') && Date.now() < deadline; ) {
      await wb.page.waitForTimeout(100);
      proposed = await input.inputValue();
    }
    t.diagnostic(`save dialog proposes ${proposed}`);
    assert.match(proposed, /\/01-expression[^/]*\.svg$/, proposed);
    await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
    let written: string[] = [];
    for (const deadline = Date.now() + 10_000; written.length === 0 && Date.now() < deadline; ) {
      await wb.page.waitForTimeout(100);
      written = readdirSync(server!.workspace).filter((f) => f.endsWith('.svg') && !before.has(f));
    }
    assert.equal(written.length, 1, `no new .svg in the workspace: ${JSON.stringify(readdirSync(server!.workspace))}`);
    const svg = readFileSync(path.join(server!.workspace, written[0]), 'utf8');
    assert.match(svg, /^<\?xml|^<svg/, svg.slice(0, 100));
    assert.ok(svg.includes('data 3.0000'), 'the exported SVG is not the graph shown (a = 3)');
  });

  step('a syntax error shows in Problems and in the panel', async () => {
    // The export's save dialog may leave the focus in the panel: Go to Line needs the editor.
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(11); // d = e + c
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(' *');
    try {
      await wb.webview().locator('#banner[role=alert]').waitFor({ state: 'visible', timeout: 10_000 });
      await wb.page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 10_000 });
      await wb.page.keyboard.press('Control+Shift+M');
      await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'Ln 11' }).first().waitFor({ timeout: 10_000 });
      await wb.page.keyboard.press('Control+J');
    } finally {
      const { x, y } = await wb.firstCharOfLine(/^d = e \+ c \*/);
      await wb.page.mouse.click(x, y);
      await wb.page.keyboard.press('Control+Z');
    }
    await wb.webview().locator('#banner').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  step('the CodeLens "Check gradients" runs the check in the Web Worker, and the cell\'s gradients match', async () => {
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(7);
    const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Check gradients' }).first();
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const toast = wb.page.locator('.notification-toast', { hasText: /gradients match a numerical estimate/ }).first();
    await toast.waitFor({ timeout: 30_000 }).catch(async () => {
      const shown = await wb.page.locator('.notification-toast').allTextContents();
      throw new Error(`no "gradients match" notification; notifications: ${JSON.stringify(shown)}; GradLens log: ${JSON.stringify(await readGradLensLog(wb))}`);
    });
    await wb.page.keyboard.press('Escape');
  });

  step('the CodeLens "Step through backward" walks the cell in the panel: e\'s _backward sends -2 · -3 = 6 to a (a is 3.0 since the edit)', async () => {
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(7);
    const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Step through backward' }).first();
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const frame = await wb.webviewFrame();
    await frame.waitForFunction(() => document.body.dataset.stepIndex === '0', undefined, { timeout: 30_000 });
    // A click on e's record jumps to e's _backward, the lecture's ∂L/∂a = ∂L/∂e · ∂e/∂a.
    await wb.webview().locator('#stage g.node.value', { has: wb.webview().locator('text', { hasText: /^e$/ }) }).first().click();
    const card = wb.webview().locator('#step-card');
    await frame.waitForFunction(() => document.querySelector('#step-card .step-title')?.textContent?.includes('e._backward()'), undefined, { timeout: 10_000 });
    assert.deepEqual(await card.locator('.step-term-text').allTextContents(), [
      '∂L/∂a += ∂L/∂e · ∂e/∂a = -2 · -3 = 6',
      '∂L/∂b += ∂L/∂e · ∂e/∂b = -2 · 3 = -6',
    ]);
    await wb.page.screenshot({ path: path.join(results, 'e2e-web-step.png') });
    await card.locator('#step-close').click();
    assert.equal(await card.isHidden(), true);
    await wb.page.keyboard.press('Control+1');
  });

  step("micrograd's demo trains live in the Web Worker: step k of 100 and the loss chart grow", async (t) => {
    const { steps, charts } = await wb.watchTraining(100, async () => {
      await wb.quickOpen(MOONS_FILE);
      await wb.goToLine(49); // for k in range(100): the training cell
    });
    t.diagnostic(`steps seen: ${steps.length} (${steps.slice(0, 3).join(', ')} ...); loss chart titles: ${charts.length}`);
    assert.ok(steps.some((s) => /^step ([1-9]\d?) of 100$/.test(s)), `no "step k of 100" with 0 < k < 100 was shown: ${JSON.stringify(steps)}`);
    await wb.webview().locator('.chart-title', { hasText: /^total_loss.* \(100 steps\)$/ }).first().waitFor({ timeout: 30_000 });
    await wb.webview().locator('#summary-note:not([hidden])').waitFor({ timeout: 30_000 });
    await wb.page.screenshot({ path: path.join(results, 'e2e-web-moons.png') });
    // Nothing failed on the way: the GradLens log has no error line.
    const errors = (await readGradLensLog(wb)).filter((l) => /\[error\]/.test(l));
    assert.deepEqual(errors, [], 'errors in the GradLens log');
  }, { timeout: 150_000 });
});
