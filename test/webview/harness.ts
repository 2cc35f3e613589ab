import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CellGraph, GraphNode } from '../../src/graph/model';
import type { HostToWebviewMessage, UpdateMessage, WebviewState, WebviewToHostMessage } from '../../src/shared/protocol';
import { createNonce, webviewHtml } from '../../src/extension/preview/html';
import { columnsFromGraph } from '../../src/graph/columnsFromGraph';

// The graph webview outside VS Code: a small HTTP server gives the built bundle the page
// the host would (same HTML, same content security policy), plus a stand-in for
// `acquireVsCodeApi` that records what the webview posts and stores, and the theme's
// CSS variables as VS Code sets them on <html>.

/** The repository: two folders up from here, or one from dist/ when bundled into dist/bench.js. */
const root = existsSync(path.resolve(__dirname, '../../package.json')) ? path.resolve(__dirname, '../..') : path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

export type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';

/** A subset of VS Code's Light Modern and Dark Modern themes: what the panel and the toolkit read. */
const THEMES: Record<ThemeKind, Record<string, string>> = {
  'vscode-light': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    '--vscode-editor-font-size': '14px',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-icon-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-panel-background': '#f8f8f8',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-charts-foreground': '#3b3b3b',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
    '--vscode-errorForeground': '#f85149',
    '--vscode-inputValidation-errorBackground': '#f2dede',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-foreground': '#3b3b3b',
    '--vscode-dropdown-border': '#cecece',
    '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-toolbar-hoverBackground': '#b8b8b850',
  },
  'vscode-dark': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    '--vscode-editor-font-size': '14px',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editor-foreground': '#cccccc',
    '--vscode-foreground': '#cccccc',
    '--vscode-icon-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-panel-background': '#181818',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-widget-border': '#313131',
    '--vscode-charts-foreground': '#cccccc',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-errorForeground': '#f85149',
    '--vscode-inputValidation-errorBackground': '#5a1d1d',
    '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-dropdown-background': '#313131',
    '--vscode-dropdown-foreground': '#cccccc',
    '--vscode-dropdown-border': '#3c3c3c',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-toolbar-hoverBackground': '#5a5d5e50',
  },
  'vscode-high-contrast': {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    '--vscode-editor-font-size': '14px',
    '--vscode-editor-background': '#000000',
    '--vscode-editor-foreground': '#ffffff',
    '--vscode-foreground': '#ffffff',
    '--vscode-icon-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffffb3',
    '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-panel-border': '#6fc3df',
    '--vscode-charts-foreground': '#ffffff',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-errorForeground': '#f48771',
    '--vscode-inputValidation-errorBackground': '#000000',
    '--vscode-inputValidation-errorBorder': '#6fc3df',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-dropdown-background': '#000000',
    '--vscode-dropdown-foreground': '#ffffff',
    '--vscode-dropdown-border': '#6fc3df',
    '--vscode-input-background': '#000000',
    '--vscode-input-foreground': '#ffffff',
  },
};

export interface PageOptions {
  theme?: ThemeKind;
  /** What the fake getState() returns at start. */
  state?: WebviewState;
  /** State the host writes into the page (a revived panel whose webview state is gone). */
  embeddedState?: WebviewState;
  width?: number;
  height?: number;
}

export interface Problems {
  console: string[];
  page: string[];
}

export class Harness {
  private constructor(
    private readonly server: Server,
    readonly browser: Browser,
    readonly origin: string,
  ) {}

  static async start(): Promise<Harness> {
    const server = createServer((req, res) => {
      void handle(req.url ?? '/', server).then(
        ({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
          res.end(body);
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(e));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    return new Harness(server, browser, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Opens the panel page and waits until the webview has said `ready`. */
  async open(options: PageOptions = {}): Promise<Panel> {
    const page = await this.browser.newPage({
      viewport: { width: options.width ?? 900, height: options.height ?? 560 },
    });
    const problems: Problems = { console: [], page: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.page.push(e.message));
    page.on('dialog', (d) => {
      problems.page.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    const config = { theme: options.theme ?? 'vscode-dark', state: options.state, embeddedState: options.embeddedState };
    await page.goto(`${this.origin}/panel?config=${encodeURIComponent(JSON.stringify(config))}`);
    const panel = new Panel(page, problems);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    return panel;
  }

  /** Opens a panel, runs the body, then fails on any console error, page error or CSP violation. */
  async withPanel(options: PageOptions, body: (panel: Panel) => Promise<void>): Promise<void> {
    const panel = await this.open(options);
    try {
      await body(panel);
      assert.deepEqual(await panel.allProblems(), []);
    } finally {
      await panel.close();
    }
  }
}

declare global {
  interface Window {
    __posted: WebviewToHostMessage[];
    __state: unknown;
    __stateWrites: number;
    __violations: { directive: string; blocked: string; sample: string }[];
  }
}

export class Panel {
  constructor(
    readonly page: Page,
    readonly problems: Problems,
  ) {}

  /**
   * Delivers messages as the host's `webview.postMessage` does: through JSON (so a NaN
   * arrives as null), then as a message event on window.
   */
  async send(...messages: HostToWebviewMessage[]): Promise<void> {
    // As VS Code does: JSON for everything (a NaN in a plain array arrives as null)
    // except typed arrays, which cross as they are. Playwright carries typed arrays.
    const buffers: ArrayBufferView[] = [];
    const json = JSON.stringify(messages, (_key, value: unknown) => {
      if (!ArrayBuffer.isView(value)) return value;
      buffers.push(value);
      return { $typed: buffers.length - 1 };
    });
    await this.page.evaluate(
      ([text, typed]) => {
        const revived = JSON.parse(text, (_key, value: unknown) =>
          typeof value === 'object' && value !== null && '$typed' in value ? typed[(value as { $typed: number }).$typed] : value,
        ) as unknown[];
        for (const m of revived) window.postMessage(m, '*');
      },
      [json, buffers] as [string, ArrayBufferView[]],
    );
  }

  async posted(): Promise<WebviewToHostMessage[]> {
    return this.page.evaluate(() => window.__posted);
  }

  async postedOf<T extends WebviewToHostMessage['type']>(type: T): Promise<Extract<WebviewToHostMessage, { type: T }>[]> {
    const all = await this.posted();
    return all.filter((m): m is Extract<WebviewToHostMessage, { type: T }> => m.type === type);
  }

  async state(): Promise<unknown> {
    return this.page.evaluate(() => window.__state);
  }

  async violations(): Promise<Window['__violations']> {
    return this.page.evaluate(() => window.__violations);
  }

  /** Waits until the page shows `text` inside an SVG <text> element. */
  async waitForSvgText(text: string): Promise<void> {
    await this.page.waitForFunction(
      (t) => Array.from(document.querySelectorAll('#stage svg text')).some((el) => el.textContent === t),
      text,
      { timeout: 10_000 },
    );
  }

  async svgTexts(): Promise<string[]> {
    return this.page.evaluate(() => Array.from(document.querySelectorAll('#stage svg text'), (el) => el.textContent ?? ''));
  }

  async transform(): Promise<string> {
    return this.page.evaluate(() => document.getElementById('stage')?.style.transform ?? '');
  }

  /** Every console error or warning, page error, dialog and CSP violation seen so far. */
  async allProblems(): Promise<string[]> {
    const violations = await this.violations();
    return [
      ...this.problems.console,
      ...this.problems.page,
      ...violations.map((v) => `CSP violation: ${v.directive} blocked ${v.blocked} ${v.sample}`),
    ];
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

async function handle(url: string, server: Server): Promise<{ status: number; type: string; body: string | Buffer }> {
  const { pathname, searchParams } = new URL(url, 'http://127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  if (pathname === '/panel') {
    const config = JSON.parse(searchParams.get('config') ?? '{}') as {
      theme: ThemeKind;
      state?: WebviewState;
      embeddedState?: WebviewState;
    };
    const nonce = createNonce();
    const html = webviewHtml({
      scriptUri: `${origin}/dist/webview.js`,
      styleUri: `${origin}/dist/webview.css`,
      cspSource: origin,
      nonce,
      state: config.embeddedState,
    });
    // The stand-in for VS Code's API must exist before the webview's script runs, so it
    // goes just ahead of it, allowed by the same nonce.
    const fake = `<script nonce="${nonce}" src="${origin}/fake-vscode.js?config=${encodeURIComponent(JSON.stringify(config))}"></script>\n`;
    const at = html.indexOf('<script nonce=');
    if (at < 0) throw new Error('webviewHtml has no nonce script');
    return { status: 200, type: 'text/html; charset=utf-8', body: html.slice(0, at) + fake + html.slice(at) };
  }
  if (pathname === '/fake-vscode.js') {
    const config = JSON.parse(searchParams.get('config') ?? '{}') as { theme: ThemeKind; state?: WebviewState };
    return { status: 200, type: 'text/javascript', body: fakeVsCode(config.theme, config.state) };
  }
  if (pathname.startsWith('/dist/')) {
    const file = path.join(dist, path.basename(pathname));
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    try {
      return { status: 200, type, body: await readFile(file) };
    } catch {
      return { status: 404, type: 'text/plain', body: `${file} is missing: run npm run build` };
    }
  }
  // Chromium asks for a favicon on its own; an answer keeps a 404 out of the console.
  if (pathname === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };
  return { status: 404, type: 'text/plain', body: 'not found' };
}

function fakeVsCode(theme: ThemeKind, state: WebviewState | undefined): string {
  return `(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  // VS Code sets the theme's variables on <html> and its kind as a class on <body>.
  const vars = ${JSON.stringify(THEMES[theme])};
  for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
  document.body.classList.add(${JSON.stringify(theme)});
  document.body.setAttribute('data-vscode-theme-kind', ${JSON.stringify(theme)});
  window.__posted = [];
  window.__state = ${state === undefined ? 'undefined' : JSON.stringify(state)};
  window.__stateWrites = 0;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(structuredClone(m)); },
      getState: () => window.__state,
      setState: (s) => { window.__state = structuredClone(s); window.__stateWrites++; return s; },
    });
  };
})();
`;
}

// ---- graphs -------------------------------------------------------------------------

export const URI = 'file:///work/examples/lecture.grad';

function node(
  id: number,
  label: string,
  data: number,
  grad: number,
  kind: GraphNode['kind'],
  op: string | null = null,
  inputs: number[] = [],
): GraphNode {
  return { id, label, data, grad, kind, op, inputs, names: kind === 'constant' ? [] : [label], definedAt: { start: id * 10, end: id * 10 + 7 } };
}

/** The lecture's first graph: a=2, b=-3, c=10, e=a*b, d=e+c, f=-2, L=d*f, after backward(). */
export function lectureGraph(a = 2): CellGraph {
  const b = -3, c = 10, f = -2;
  const e = a * b, d = e + c, L = d * f;
  return {
    output: 6,
    nodes: [
      node(0, 'a', a, b * f, 'leaf'),
      node(1, 'b', b, a * f, 'leaf'),
      node(2, 'c', c, f, 'leaf'),
      node(3, 'e', e, f, 'result', '*', [0, 1]),
      node(4, 'd', d, f, 'result', '+', [3, 2]),
      node(5, 'f', f, d, 'leaf'),
      node(6, 'L', L, 1, 'result', '*', [4, 5]),
    ],
  };
}

/** An update as the host builds it; `graph`, when given, becomes its columns. */
export function update(partial: Partial<UpdateMessage> & { graph?: CellGraph | null } = {}): UpdateMessage {
  const { graph: given, ...rest } = partial;
  const graph = given === undefined ? lectureGraph() : given;
  return {
    type: 'update',
    uri: URI,
    version: 1,
    cells: [
      { index: 0, title: 'Cell 1: the lecture', hasOutput: true },
      { index: 1, title: 'Cell 2: a neuron', hasOutput: true },
      { index: 2, title: 'Cell 3', hasOutput: false },
    ],
    cell: 0,
    columns: graph === null ? null : columnsFromGraph(graph),
    series: [],
    plots: [],
    parameters: null,
    highlight: [],
    kept: false,
    ...rest,
    settings: { precision: 4, rankdir: 'LR', summaryBudget: 300, ...rest.settings },
    graphSize: rest.graphSize ?? (rest.columns ? rest.columns.size : graph?.nodes.length) ?? 0,
  };
}

/** A long sum x0 + x1 + ... : a graph far wider than any panel. */
export function chainGraph(terms: number): CellGraph {
  const nodes: GraphNode[] = [node(0, 'x0', 1, 1, 'leaf')];
  let sum = 0;
  for (let i = 1; i < terms; i++) {
    nodes.push(node(2 * i - 1, `x${i}`, 1, 1, 'leaf'));
    nodes.push(node(2 * i, `s${i}`, i + 1, 1, 'result', '+', [i === 1 ? 0 : sum, 2 * i - 1]));
    sum = 2 * i;
  }
  return { output: sum, nodes };
}
