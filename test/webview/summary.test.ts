import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GraphColumns } from '../../src/graph/columns';
import type { Plot, Series } from '../../src/lang/result';
import type { WebviewState } from '../../src/shared/protocol';
import { trainingColumns } from '../unit/columnsBuilder';
import { chainGraph, Harness, lectureGraph, update, URI, type Panel } from './harness';

// The panel's layout worker, summaries of big graphs, number-only edits, live progress
// and the charts, in headless Chromium under the host's exact page and policy.

const RESULTS = path.resolve(__dirname, '../../test-results');
const wait = { timeout: 15_000 };

let harness: Harness;
/** A training step of micrograd's demo, in size: about 65,000 Values. */
let big: GraphColumns;

before(async () => {
  harness = await Harness.start();
  big = trainingColumns(1, 100);
  await mkdir(RESULTS, { recursive: true });
});

after(async () => {
  await harness?.stop();
});

async function drawings(panel: Panel): Promise<number> {
  return Number(await panel.page.evaluate(() => document.body.dataset.drawings ?? '0'));
}

async function waitForDrawings(panel: Panel, n: number): Promise<void> {
  await panel.page.waitForFunction((k) => Number(document.body.dataset.drawings ?? '0') >= k, n, wait);
}

/** A closed group on screen (the first view opens on the output, not on all of the graph). */
async function visibleGroup(panel: Panel): Promise<string> {
  const key = await panel.page.evaluate(() => {
    const view = document.getElementById('viewport')!.getBoundingClientRect();
    const inside = Array.from(document.querySelectorAll<SVGGElement>('#stage g.node.group')).find((g) => {
      const r = g.getBoundingClientRect();
      return r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom - 40;
    });
    return inside?.dataset.groupKey ?? null;
  });
  assert.ok(key, 'no group in view');
  return key;
}

async function layouts(panel: Panel): Promise<number> {
  return Number(await panel.page.evaluate(() => document.body.dataset.layouts ?? '0'));
}

const loss: Series = { label: 'total_loss.data', range: { start: 10, end: 20 }, loop: { start: 0, end: 9 }, values: [3, 2, 1.2, 0.8, 0.5], steps: [0, 1, 2, 3, 4] };

const PLOTS: Plot[] = [
  { kind: 'line', title: 'f(x) = 3x² - 4x + 5', range: { start: 0, end: 1 }, xs: [-2, -1, 0, 1, 2, 3], ys: [25, 12, 5, 4, 9, 20] },
  { kind: 'scatter', title: 'make_moons', range: { start: 0, end: 1 }, xs: [0, 1, 0.5, 1.5, -0.5], ys: [0.5, 0, -0.3, 0.2, 0.8], classes: [-1, 1, 1, -1, -1] },
  {
    kind: 'boundary',
    title: 'decision boundary',
    range: { start: 0, end: 1 },
    xs: [0, 1, 0.5, 1.5, -0.5],
    ys: [0.5, 0, -0.3, 0.2, 0.8],
    classes: [-1, 1, 1, -1, -1],
    grid: { xMin: -1, xMax: 2, yMin: -1, yMax: 1, columns: 4, rows: 3, values: [1, 1, -1, -1, 1, -1, -1, 1, -0.5, -1, 1, 1] },
  },
];

describe('layout worker', () => {
  test('the worker draws the lecture graph, and an edit of numbers only is patched in place without Graphviz', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      assert.equal(await layouts(panel), 1);
      // a = 3: every number changes, nothing else.
      await panel.send(update({ version: 2, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      assert.equal(await layouts(panel), 1, 'no second Graphviz run');
      const texts = await panel.svgTexts();
      assert.ok(texts.includes('data -9.0000'), JSON.stringify(texts));
      assert.ok(!texts.includes('data -8.0000'));
      // Tooltips follow the new numbers too.
      const title = await panel.page.evaluate(() => document.querySelector('#stage g.node.value[data-node-id="0"] > title')?.textContent);
      assert.match(title ?? '', /data 3\.0000/);
      // Another structure (a node less) is laid out again.
      const smaller = lectureGraph();
      smaller.nodes.pop();
      smaller.output = 4;
      await panel.send(update({ version: 3, graph: smaller }));
      await panel.page.waitForFunction(() => document.body.dataset.layouts === '2', undefined, wait);
    }));

  test('a layout made stale by a newer update is never shown; the newest is', () =>
    harness.withPanel({}, async (panel) => {
      const before = await drawings(panel);
      await panel.send(update({ version: 1, graph: lectureGraph(1) }), update({ version: 2, graph: lectureGraph(2) }), update({ version: 3, graph: lectureGraph(5) }));
      await panel.waitForSvgText('data 5.0000');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok((await drawings(panel)) - before <= 2, 'the burst is coalesced');
      assert.ok((await panel.svgTexts()).includes('data 5.0000'));
    }));
});

describe('summaries', () => {
  test('a 65,000-value graph opens as a summary within the budget; a click opens a group, its title closes it, and the page keeps it', () =>
    harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      assert.ok(big.size > 60_000, String(big.size));
      await panel.send(update({ version: 1, graph: null, columns: big }));
      await panel.page.locator('#stage g.node.group').first().waitFor(wait);
      const note = (await panel.page.locator('#summary-note').textContent()) ?? '';
      assert.match(note, new RegExp(`Summary of ${big.size.toLocaleString('en-US')} values: click a group to open it`));
      const count = async (): Promise<number> => panel.page.evaluate(() => document.querySelectorAll('#stage g.node, #stage g.cluster').length);
      assert.ok((await count()) <= 300, `drew ${await count()}`);
      assert.ok(await panel.page.locator('#view-picker').isVisible(), 'the summary controls show');

      const key = await visibleGroup(panel);
      const n = await drawings(panel);
      await panel.page.locator(`#stage g.node.group[data-group-key="${key}"]`).click();
      await waitForDrawings(panel, n + 1);
      await panel.page.locator(`#stage g.cluster[data-group-key="${key}"]`).waitFor(wait);
      assert.ok((await count()) <= 300);
      await panel.page.waitForFunction((k) => ((window.__state as WebviewState | undefined)?.expanded ?? []).includes(k), key, wait);

      // Re-evaluated (same structure, new version): the group stays open.
      await panel.send(update({ version: 2, graph: null, columns: big }));
      await waitForDrawings(panel, n + 2);
      await panel.page.locator(`#stage g.cluster[data-group-key="${key}"]`).waitFor(wait);

      // Its title closes it; from the keyboard too (it may lie outside the view after opening).
      await panel.page.locator(`#stage g.cluster[data-group-key="${key}"] > text`).first().focus();
      await panel.page.keyboard.press('Enter');
      await panel.page.locator(`#stage g.node.group[data-group-key="${key}"]`).waitFor(wait);
      await panel.page.waitForFunction((k) => ((window.__state as WebviewState | undefined)?.collapsed ?? []).includes(k), key, wait);
      const state = (await panel.state()) as WebviewState;
      assert.ok(!(state.expanded ?? []).includes(key));

      // Expand all is refused with a reason: the whole graph is far over the budget.
      await panel.page.locator('#expand-all').click();
      await panel.page.locator('#banner').waitFor({ state: 'visible', ...wait });
      assert.match((await panel.page.locator('#banner').textContent()) ?? '', /Expand all would lay out all 6\d,\d{3} values, more than the 300 nodes/);
    }));

  test('the neighbourhood of the clicked value, k steps around it, from the toolbar', () =>
    harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      await panel.send(update({ version: 1, graph: null, columns: big }));
      await panel.page.locator('#stage g.node.group').first().waitFor(wait);
      const n = await drawings(panel);
      await panel.page.evaluate(() => {
        const picker = document.getElementById('view-picker') as HTMLElement & { value: string };
        picker.value = 'neighbourhood';
        picker.dispatchEvent(new Event('change'));
      });
      await waitForDrawings(panel, n + 1);
      await panel.page.waitForFunction(() => /^Neighbourhood: /.test(document.getElementById('summary-note')?.textContent ?? ''), undefined, wait);
      const values = await panel.page.evaluate(() => document.querySelectorAll('#stage g.node.value').length);
      assert.ok(values > 1 && values <= 300, String(values));
      await panel.page.waitForFunction(() => (window.__state as WebviewState | undefined)?.view === 'neighbourhood', undefined, wait);
      // A click on a value reveals it and centres the neighbourhood there next time.
      await panel.page.locator('#stage g.node.value').first().click();
      const [reveal] = await panel.postedOf('reveal');
      assert.ok(reveal && reveal.uri === URI);
    }));

  // Graphviz takes most of a second on a 3,700-node graph drawn whole (a summary opens
  // little, so it is quick whatever its budget): a layout worth abandoning.
  const hard = () => update({ version: 2, graph: chainGraph(1250), settings: { precision: 4, rankdir: 'LR', summaryBudget: 5000 } });
  const restarts = (panel: Panel) => panel.page.evaluate(() => Number(document.body.dataset.layoutRestarts));

  test('a hard layout abandoned for a newer update is stopped: the worker is replaced and the newest drawn', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1, graph: lectureGraph(2) }));
      await panel.waitForSvgText('data 2.0000');
      await panel.send(hard());
      await panel.page.waitForFunction(() => document.getElementById('layout-progress')?.hidden === false, undefined, { timeout: 10_000 });
      await panel.send(update({ version: 3, graph: lectureGraph(7) }));
      const start = Date.now();
      await panel.waitForSvgText('data 7.0000');
      assert.ok(Date.now() - start < 5000, `${Date.now() - start} ms`);
      assert.equal(await restarts(panel), 1, 'the stale layout was stopped, not waited for');
      assert.ok(await panel.page.locator('#stage g.node').count() < 20, 'the stale chain never appeared');
    }));

  test('an SVG export asked for while a stale layout runs is saved after that worker is replaced', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1, graph: lectureGraph(2) }));
      await panel.waitForSvgText('data 2.0000');
      // The export waits behind the hard layout in the worker; a newer graph makes the
      // layout stale, and the worker is terminated with the export still in it.
      await panel.send(hard());
      await panel.page.waitForFunction(() => document.getElementById('layout-progress')?.hidden === false, undefined, { timeout: 10_000 });
      await panel.page.locator('#export-svg').click();
      await panel.send(update({ version: 3, graph: lectureGraph(7) }));
      await panel.waitForSvgText('data 7.0000');
      assert.equal(await restarts(panel), 1);
      await panel.page.waitForFunction(() => window.__posted.some((m) => m.type === 'save'), undefined, { timeout: 10_000 });
      const [saved] = await panel.postedOf('save');
      assert.equal(saved?.format, 'svg');
      assert.match(String(saved?.content), /data 2\.0000/, 'the drawing shown when Export was clicked');
    }));
});

describe('live state and charts', () => {
  test('a file just opened shows its training progress before its first results; what is drawn (another file) is marked stale', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      const opened = 'file:///workspace/08-moons.grad';
      await panel.send({ type: 'progress', uri: opened, version: 1, cell: 2, step: 4, total: 100, series: [{ ...loss, values: [3, 2, 1.2, 1], steps: [0, 1, 2, 3] }] });
      await panel.page.locator('#step').waitFor({ state: 'visible', ...wait });
      assert.equal(await panel.page.locator('#step').textContent(), 'step 4 of 100');
      await panel.page.locator('#stale-note').waitFor({ state: 'visible', ...wait });
      assert.equal(await panel.page.locator('.chart[data-chart^="series:"]').count(), 0, "the other file's series do not join this file's charts");
    }));

  test('progress shows "step k of N" and grows the loss chart; stale results are marked until the next update', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.send({ type: 'progress', uri: URI, version: 2, cell: 0, step: 3, total: 100, series: [{ ...loss, values: [3, 2, 1.2], steps: [0, 1, 2] }] });
      await panel.page.locator('#step').waitFor({ state: 'visible', ...wait });
      assert.equal(await panel.page.locator('#step').textContent(), 'step 3 of 100');
      await panel.page.locator('.chart[data-chart^="series:0"]').waitFor(wait);
      assert.match((await panel.page.locator('.chart[data-chart^="series:0"] .chart-title').textContent()) ?? '', /3 steps/);
      await panel.send({ type: 'progress', uri: URI, version: 2, cell: 0, step: 5, total: 100, series: [loss] });
      await panel.page.waitForFunction(() => /5 steps/.test(document.querySelector('.chart[data-chart^="series:0"] .chart-title')?.textContent ?? ''), undefined, wait);
      assert.equal(await panel.page.locator('#step').textContent(), 'step 5 of 100');

      await panel.send({ type: 'stale', uri: URI, version: 3 });
      await panel.page.locator('#stale-note').waitFor({ state: 'visible', ...wait });
      assert.ok(await panel.page.evaluate(() => document.body.classList.contains('stale')));
      await panel.send(update({ version: 3, series: [loss] }));
      await panel.page.locator('#stale-note').waitFor({ state: 'hidden', ...wait });
      assert.ok(!(await panel.page.locator('#step').isVisible()));
      // A quick re-evaluation (the lecture's) never dims: the update beats the delay.
      await panel.send({ type: 'stale', uri: URI, version: 4 }, update({ version: 4, series: [loss] }));
      await new Promise((r) => setTimeout(r, 400));
      assert.ok(!(await panel.page.evaluate(() => document.body.classList.contains('stale'))));
    }));

  test('series, line, scatter and boundary plots and the heat strip render, and each exports PNG and SVG', () =>
    harness.withPanel({ width: 900, height: 800 }, async (panel) => {
      const parameters = { label: 'model.parameters()', range: { start: 0, end: 5 }, data: [0.5, -0.2, 0.9, -1, 0.1, NaN], grad: [0.01, -0.03, 0, 0.2, -0.1, 0] };
      await panel.send(update({ version: 1, series: [loss], plots: PLOTS, parameters }));
      await panel.page.waitForFunction(() => document.querySelectorAll('#charts .chart').length === 5, undefined, wait);
      assert.ok(await panel.page.locator('#charts canvas').first().isVisible());
      const boundary = panel.page.locator('.chart[data-chart^="plot:2:boundary"]');
      await boundary.locator('.export-png').click();
      await boundary.locator('.export-svg').click();
      await panel.page.locator('.chart[data-chart^="strip:"] .export-svg').click();
      await panel.page.locator('.chart[data-chart^="series:0"] .export-svg').click();
      const saves = await panel.postedOf('save');
      assert.deepEqual(saves.map((s) => [s.format, s.suggestedName]), [
        ['png', 'lecture-decision_boundary.png'],
        ['svg', 'lecture-decision_boundary.svg'],
        ['svg', 'lecture-model.parameters.svg'],
        ['svg', 'lecture-total_loss.data_5_steps.svg'],
      ]);
      const png = Buffer.from(saves[0]!.content, 'base64');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.match(saves[1]!.content, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.equal((saves[1]!.content.match(/<circle /g) ?? []).length, 5, 'the five points');
      assert.equal((saves[1]!.content.match(/fill-opacity="0\.28"/g) ?? []).length, 12, 'the raster under them');
      assert.match(saves[3]!.content, /<polyline [^>]*points="[^"]+"/);
      await panel.page.screenshot({ path: path.join(RESULTS, 'webview-vscode-dark-charts.png') });
    }));
});

describe('hostile chart text', () => {
  test('plot titles and series labels holding HTML, SVG, DOT and javascript: URLs show as text, in the panel and in an exported SVG', () =>
    harness.withPanel({ width: 900, height: 700 }, async (panel) => {
      const hostile = [
        '<img src=x onerror=alert(1)>',
        '<svg onload=alert(2)><script>alert(3)</script></svg>',
        'digraph { a -> b [label="x"] }',
        'javascript:alert(4)',
        '<style>body{display:none}</style>',
      ];
      const plots: Plot[] = hostile.map((title, i) => ({ kind: 'line', title, range: { start: i, end: i + 1 }, xs: null, ys: [1, 2, 3] }));
      const series: Series[] = [{ ...loss, label: '<a href="javascript:alert(5)">loss</a>' }];
      await panel.send(update({ version: 1, series, plots }));
      await panel.page.waitForFunction((n) => document.querySelectorAll('#charts .chart').length === n, hostile.length + 1, wait);
      const titles = await panel.page.locator('#charts .chart-title').allTextContents();
      for (const title of hostile) assert.ok(titles.includes(title), `${title} is not shown as text: ${JSON.stringify(titles)}`);
      assert.ok(titles.some((t) => t.startsWith('<a href="javascript:alert(5)">loss</a>')), JSON.stringify(titles));
      const injected = await panel.page.evaluate(() => ({
        img: document.querySelectorAll('#charts img').length,
        svgScript: document.querySelectorAll('#charts script, #charts svg script').length,
        links: document.querySelectorAll('#charts a').length,
        styles: document.querySelectorAll('#charts style').length,
        hidden: getComputedStyle(document.body).display === 'none',
      }));
      assert.deepEqual(injected, { img: 0, svgScript: 0, links: 0, styles: 0, hidden: false });
      // Exported, the title is XML text in the drawing, not markup.
      await panel.page.locator('.chart[data-chart^="plot:1:"] .export-svg').click();
      const [save] = await panel.postedOf('save');
      assert.ok(save);
      assert.ok(!save.content.includes('<script'), save.content.slice(0, 300));
      assert.match(save.content, /&#60;svg onload=alert\(2\)&#62;&#60;script&#62;/);
    }));
});

describe('policy', () => {
  test('no request leaves the page, and the worker starts from a Blob URL under the policy', () =>
    harness.withPanel({}, async (panel) => {
      // A fresh page with every request routed: only the harness's own files are asked for.
      const page = await harness.browser.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.continue();
      });
      const violations: string[] = [];
      page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
      await page.goto(`${harness.origin}/panel?config=${encodeURIComponent(JSON.stringify({ theme: 'vscode-light' }))}`);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      const u = update({ version: 1, series: [loss], plots: PLOTS });
      const buffers: ArrayBufferView[] = [];
      const json = JSON.stringify(u, (_k, v: unknown) => (ArrayBuffer.isView(v) ? (buffers.push(v), { $typed: buffers.length - 1 }) : v));
      await page.evaluate(
        ([text, typed]) => window.postMessage(JSON.parse(text, (_k, v: unknown) => (typeof v === 'object' && v !== null && '$typed' in v ? typed[(v as { $typed: number }).$typed] : v)), '*'),
        [json, buffers] as [string, ArrayBufferView[]],
      );
      await page.waitForFunction(() => document.body.dataset.layouts === '1', undefined, wait);
      const paths = requests.map((r) => new URL(r)).map((r) => (r.origin === harness.origin ? r.pathname : r.href));
      assert.deepEqual([...new Set(paths)].sort(), ['/dist/webview.css', '/dist/webview.js', '/fake-vscode.js', '/panel']);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(violations, []);
      await page.close();
      // The page under test too: nothing blocked.
      assert.deepEqual(await panel.violations(), []);
    }));
});

describe('screenshots', () => {
  test('a summary, an open group and the charts, in a light and a dark theme (test-results/)', async () => {
    for (const theme of ['vscode-light', 'vscode-dark'] as const) {
      await harness.withPanel({ theme, width: 1100, height: 820 }, async (panel) => {
        const parameters = { label: 'model.parameters()', range: { start: 0, end: 5 }, data: Array.from({ length: 337 }, (_, i) => Math.sin(i)), grad: Array.from({ length: 337 }, (_, i) => Math.cos(i * 3) * 0.1) };
        await panel.send(update({ version: 1, graph: null, columns: big, series: [loss], plots: PLOTS.slice(2), parameters }));
        await panel.page.locator('#stage g.node.group').first().waitFor(wait);
        await panel.page.screenshot({ path: path.join(RESULTS, `webview-${theme}-summary.png`) });
        const n = await drawings(panel);
        await panel.page.locator(`#stage g.node.group[data-group-key="${await visibleGroup(panel)}"]`).click();
        await waitForDrawings(panel, n + 1);
        await panel.page.screenshot({ path: path.join(RESULTS, `webview-${theme}-summary-open.png`) });
      });
    }
  });
});
