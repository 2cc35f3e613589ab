import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EvaluationErrorMessage, type WebviewState } from '../../src/shared/protocol';
import { ERROR_BANNER_DELAY_MS, HIDE_GRACE_MS } from '../../webview/banner';
import { READING_ZOOM, SMALLEST_OVERVIEW_ZOOM } from '../../webview/firstView';
import { chainGraph, Harness, lectureGraph, update, URI, type Panel } from './harness';

// The graph webview's bundle (dist/webview.js, built by `npm run build`) in headless
// Chromium under the host's exact HTML and content security policy.

const RESULTS = path.resolve(__dirname, '../../test-results');

let harness: Harness;

before(async () => {
  harness = await Harness.start();
});

after(async () => {
  await harness?.stop();
});

const allowedWait = { timeout: 10_000 };

async function scale(panel: Panel): Promise<number> {
  return Number(/scale\(([\d.]+)\)/.exec(await panel.transform())?.[1]);
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The output node's and the viewport's boxes on the page, and the value nodes not wholly inside the viewport. */
async function boxes(panel: Panel): Promise<{ output: Rect; view: Rect; outside: string[] }> {
  // No named functions inside: tsx's keepNames would wrap them in a __name() the page lacks.
  return panel.page.evaluate(() => {
    const values = Array.from(document.querySelectorAll<SVGGElement>('#stage g.node.value'));
    const [view, output, ...nodes] = [document.getElementById('viewport')!, document.querySelector('#stage g.node.output')!, ...values].map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });
    const outside = values
      .filter((_, i) => {
        const r = nodes[i]!;
        return r.left < view!.left - 0.5 || r.right > view!.right + 0.5 || r.top < view!.top - 0.5 || r.bottom > view!.bottom + 0.5;
      })
      .map((g) => g.dataset.nodeId ?? '?');
    return { output: output!, view: view!, outside };
  });
}

/** Counts, from now on, each time the banner appears or goes. */
async function countBannerChanges(panel: Panel): Promise<void> {
  await panel.page.evaluate(() => {
    const counts = { shows: 0, hides: 0 };
    (window as unknown as { bannerChanges: typeof counts }).bannerChanges = counts;
    const el = document.getElementById('banner')!;
    let hidden = el.hidden;
    new MutationObserver(() => {
      if (el.hidden === hidden) return;
      hidden = el.hidden;
      if (hidden) counts.hides++;
      else counts.shows++;
    }).observe(el, { attributes: true, attributeFilter: ['hidden'] });
  });
}

async function bannerChanges(panel: Panel): Promise<{ shows: number; hides: number }> {
  return panel.page.evaluate(() => (window as unknown as { bannerChanges: { shows: number; hides: number } }).bannerChanges);
}

describe('graph webview', () => {
  test('draws the lecture graph: a record per value, a node per operation, the numbers', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      const texts = await panel.svgTexts();
      for (const t of ['a', 'b', 'c', 'e', 'd', 'f', 'L', 'data 2.0000', 'grad 6.0000', 'grad -4.0000', 'data -6.0000', 'data 4.0000', 'grad 1.0000', '*', '+']) {
        assert.ok(texts.includes(t), `missing text ${JSON.stringify(t)} in ${JSON.stringify(texts)}`);
      }
      const nodes = await panel.page.evaluate(() =>
        Array.from(document.querySelectorAll('#stage svg g.node'), (g) => ({ id: (g as SVGGElement).dataset.nodeId, cls: g.getAttribute('class') })),
      );
      assert.equal(nodes.filter((n) => n.cls?.includes('value')).length, 7);
      assert.equal(nodes.filter((n) => n.cls?.includes('op')).length, 3);
      assert.ok(nodes.find((n) => n.id === '6' && n.cls?.includes('value'))?.cls?.includes('output'));
      assert.ok(nodes.find((n) => n.id === '0')?.cls?.includes('leaf'));
      // Themed: Graphviz's white background sheet is not what the user sees.
      const background = await panel.page.evaluate(() => {
        const sheet = document.querySelector('#stage svg g.graph > polygon');
        return sheet ? getComputedStyle(sheet).fill : null;
      });
      assert.equal(background, 'rgba(0, 0, 0, 0)');
      const picker = await panel.page.evaluate(() =>
        Array.from(document.querySelectorAll('#cell-picker vscode-option'), (o) => o.textContent),
      );
      assert.deepEqual(picker, ['Cell 1: the lecture', 'Cell 2: a neuron', 'Cell 3 (no output)']);
      assert.equal((await panel.posted())[0]?.type, 'ready');
    }));

  test('a graph with NaN and infinities replaces the last one, error banner included, and draws nan and inf', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.send({ type: 'error', uri: URI, version: 2, messages: ['Line 3: unexpected token'] });
      await panel.page.locator('#banner').waitFor({ state: 'visible', ...allowedWait });
      // Another file: a = -2, b = log(a) (nan), d = b + 1; and an overflow and a log(0) for the infinities.
      const graph = lectureGraph();
      graph.nodes[0] = { ...graph.nodes[0]!, data: -2, grad: Infinity };
      graph.nodes[3] = { ...graph.nodes[3]!, data: NaN, grad: -Infinity };
      graph.nodes[6] = { ...graph.nodes[6]!, data: NaN };
      await panel.send(update({ uri: 'file:///work/examples/nan.grad', graph }));
      await panel.waitForSvgText('data nan');
      const texts = await panel.svgTexts();
      for (const t of ['data -2.0000', 'grad inf', 'grad -inf']) assert.ok(texts.includes(t), `no ${t} in ${JSON.stringify(texts)}`);
      assert.ok(!texts.includes('data -8.0000'), 'the old graph is gone');
      await panel.page.locator('#banner').waitFor({ state: 'hidden', timeout: HIDE_GRACE_MS + 1000 }); // the old file's banner goes
      assert.deepEqual(await panel.postedOf('error'), []);
    }));

  test('a message the panel cannot read is reported to the host and shown, not dropped', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      // A host that sent a column as a plain array: over JSON its NaN arrives as null.
      const bad = update({ version: 2 });
      const data = Array.from(bad.columns!.data);
      data[3] = NaN;
      await panel.send({ ...bad, columns: { ...bad.columns!, data: data as unknown as Float64Array } });
      await panel.page.waitForFunction(() => window.__posted.some((m) => m.type === 'error'), undefined, allowedWait);
      const [report] = await panel.postedOf('error');
      assert.match(report?.message ?? '', /update: columns\.data is \[2,-3,10,null.*not a Float64Array/);
      const banner = panel.page.locator('#banner');
      await banner.waitFor({ state: 'visible', ...allowedWait });
      assert.match((await banner.textContent()) ?? '', /could not be shown.*columns\.data is/s);
      // The next good update clears it.
      await panel.send(update({ version: 3, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      await banner.waitFor({ state: 'hidden', timeout: HIDE_GRACE_MS + 1000 });
    }));

  test('a click on a value node or its operation posts reveal with the node id', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 7 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.page.locator('#stage g.node.value[data-node-id="0"]').click();
      await panel.page.locator('#stage g.node.op[data-node-id="3"]').click();
      assert.deepEqual(await panel.postedOf('reveal'), [
        { type: 'reveal', uri: URI, version: 7, nodeId: 0 },
        { type: 'reveal', uri: URI, version: 7, nodeId: 3 },
      ]);
      // Keyboard: a focused node reveals on Enter.
      await panel.page.locator('#stage g.node.value[data-node-id="5"]').focus();
      await panel.page.keyboard.press('Enter');
      assert.deepEqual((await panel.postedOf('reveal')).at(-1), { type: 'reveal', uri: URI, version: 7, nodeId: 5 });
    }));

  test('dragging pans the graph and does not reveal the node it started on', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      const before = await panel.transform();
      const box = await panel.page.locator('#stage g.node.value[data-node-id="0"]').boundingBox();
      assert.ok(box);
      await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await panel.page.mouse.down();
      await panel.page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
      await panel.page.mouse.up();
      assert.notEqual(await panel.transform(), before);
      assert.deepEqual(await panel.postedOf('reveal'), []);
    }));

  test('hostile labels show as their literal text and create no element', () =>
    harness.withPanel({}, async (panel) => {
      const xss = '<img src=x onerror=alert(1)>';
      const record = 'a|b{c}"';
      const graph = lectureGraph();
      graph.nodes[0] = { ...graph.nodes[0]!, label: xss };
      graph.nodes[1] = { ...graph.nodes[1]!, label: record };
      const cells = [{ index: 0, title: '<b>bold</b> & <script>alert(2)</script>', hasOutput: true }];
      await panel.send(update({ graph, cells }));
      await panel.waitForSvgText(xss);
      const texts = await panel.svgTexts();
      assert.ok(texts.includes(record), `a|b{c}" should be one text: ${JSON.stringify(texts)}`);
      // Still one record of three fields: the | and braces did not split it.
      const fields = await panel.page.evaluate(() => document.querySelectorAll('#stage g.node[data-node-id="1"] text').length);
      assert.equal(fields, 3);
      const injected = await panel.page.evaluate(() => ({
        img: document.querySelectorAll('img').length,
        b: document.querySelectorAll('b').length,
        scripts: document.querySelectorAll('script').length,
        svgForeign: document.querySelectorAll('#stage foreignObject, #stage script').length,
        option: document.querySelector('#cell-picker vscode-option')?.textContent,
      }));
      assert.deepEqual(injected, { img: 0, b: 0, scripts: 2, svgForeign: 0, option: '<b>bold</b> & <script>alert(2)</script>' });
      // An evaluation error quoting user text is text too.
      await panel.send({ type: 'error', uri: URI, version: 2, messages: [`name '${xss}' is not defined`] });
      await panel.page.waitForSelector('#banner:not([hidden])', allowedWait);
      assert.equal(await panel.page.locator('#banner').textContent(), `name '${xss}' is not defined`);
      assert.equal(await panel.page.evaluate(() => document.querySelectorAll('img').length), 0);
    }));

  test('export SVG, export DOT and copy SVG post what the host saves or copies', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      await panel.page.locator('#export-svg').click();
      await panel.page.locator('#export-dot').click();
      await panel.page.locator('#copy-svg').click();
      await panel.page.waitForFunction(() => window.__posted.some((m) => m.type === 'copy'), undefined, allowedWait);
      const [svg, dot] = await panel.postedOf('save');
      assert.equal(svg?.format, 'svg');
      assert.equal(svg?.suggestedName, 'lecture-cell-1.svg');
      assert.equal(dot?.format, 'dot');
      assert.equal(dot?.suggestedName, 'lecture-cell-1.dot');
      assert.match(dot?.content ?? '', /^digraph G \{/);
      assert.match(dot?.content ?? '', /n0 -> n3_op/);
      const [copy] = await panel.postedOf('copy');
      assert.equal(copy?.text, svg?.content);
      const parsed = await panel.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          errors: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.localName,
          ns: doc.documentElement.namespaceURI,
          texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent),
        };
      }, svg?.content ?? '');
      assert.equal(parsed.errors, 0);
      assert.equal(parsed.root, 'svg');
      assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
      assert.ok(parsed.texts.includes('grad 6.0000') && parsed.texts.includes('data -8.0000'));
    }));

  test('an evaluation error shows a banner over the last good graph; the next update clears it', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.send({ type: 'error', uri: URI, version: 2, messages: ['line 3: unexpected token ")"', 'line 4: name "q" is not defined'] });
      const banner = panel.page.locator('#banner');
      await banner.waitFor({ state: 'visible', ...allowedWait });
      assert.equal(await banner.getAttribute('role'), 'alert');
      assert.deepEqual(await banner.locator('p').allTextContents(), ['line 3: unexpected token ")"', 'line 4: name "q" is not defined']);
      assert.equal(await panel.page.locator('#stage g.node').count(), 10);
      assert.ok((await panel.svgTexts()).includes('data -8.0000'));
      // A late good result from before the error is stale and changes nothing.
      await panel.send(update({ version: 1, graph: lectureGraph(5) }));
      await panel.page.waitForTimeout(100);
      assert.ok(await banner.isVisible());
      await panel.send(update({ version: 3, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      await banner.waitFor({ state: 'hidden', timeout: HIDE_GRACE_MS + 1000 });
    }));

  test('a graph that grows while it is typed stays entirely in view, until the user zooms', () =>
    harness.withPanel({}, async (panel) => {
      // Typing the lecture in an empty file: a, then e = a*b, then the whole of L.
      const lecture = lectureGraph();
      const part = (ids: number[], output: number) => ({ output, nodes: lecture.nodes.filter((n) => ids.includes(n.id)) });
      const steps = [
        { graph: part([0], 0), text: 'data 2.0000' },
        { graph: part([0, 1, 3], 3), text: 'data -6.0000' },
        { graph: lecture, text: 'data -8.0000' },
      ];
      for (const [i, step] of steps.entries()) {
        await panel.send(update({ version: i + 1, graph: step.graph }));
        await panel.waitForSvgText(step.text);
        const { outside } = await boxes(panel);
        assert.deepEqual(outside, [], `${step.graph.nodes.length} nodes: outside the panel ${JSON.stringify(outside)}`);
      }
      assert.ok((await scale(panel)) < 1, 'the whole lecture graph needed a smaller zoom than its first node');
      // Zoomed: the view is the user's, and the next update leaves it where it is.
      await panel.page.locator('#zoom-in').click();
      const zoomed = await panel.transform();
      await panel.send(update({ version: 4, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      assert.equal(await panel.transform(), zoomed);
    }));

  test('an error that a good update replaces within 100 ms never shows; one typed through keystroke after keystroke neither', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await countBannerChanges(panel);
      await panel.send({ type: 'error', uri: URI, version: 2, messages: ['Line 5: invalid syntax'] });
      await panel.page.waitForTimeout(60);
      await panel.send(update({ version: 3, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      // Half-typed states a keystroke apart, longer in all than the delay, then a good line.
      for (let version = 4; version < 9; version++) {
        await panel.send({ type: 'error', uri: URI, version, messages: [`Line 5: error ${version}`] });
        await panel.page.waitForTimeout(150);
      }
      await panel.send(update({ version: 9, graph: lectureGraph(4) }));
      await panel.waitForSvgText('data 4.0000');
      await panel.page.waitForTimeout(ERROR_BANNER_DELAY_MS + 200);
      assert.deepEqual(await bannerChanges(panel), { shows: 0, hides: 0 });
      assert.ok(await panel.page.locator('#banner').isHidden());
    }));

  test("a good cell's update followed by another cell's errors keeps the banner up, with no blink", () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.send({ type: 'error', uri: URI, version: 2, messages: ['Line 9: error in cell 2'] });
      await panel.page.locator('#banner').waitFor({ state: 'visible', ...allowedWait });
      await countBannerChanges(panel);
      // As the host sends them for one evaluation: the shown cell's update, then the errors.
      await panel.send(
        update({ version: 3, graph: lectureGraph(3) }),
        { type: 'error', uri: URI, version: 3, messages: ['Line 10: error in cell 2'] },
      );
      await panel.waitForSvgText('data 3.0000');
      await panel.page.waitForTimeout(ERROR_BANNER_DELAY_MS + 200);
      assert.deepEqual(await bannerChanges(panel), { shows: 0, hides: 0 });
      assert.match((await panel.page.locator('#banner').textContent()) ?? '', /Line 10/);
      // A good update with no errors after it hides the banner at the next frame.
      await panel.send(update({ version: 4, graph: lectureGraph(4) }));
      await panel.page.locator('#banner').waitFor({ state: 'hidden', ...allowedWait });
    }));

  test('an error that stays shows its banner after the delay; a banner already up takes new errors at once', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      const banner = panel.page.locator('#banner');
      const sent = Date.now();
      await panel.send({ type: 'error', uri: URI, version: 2, messages: ['Line 5: invalid syntax'] });
      await banner.waitFor({ state: 'visible', ...allowedWait });
      const waited = Date.now() - sent;
      assert.ok(waited >= ERROR_BANNER_DELAY_MS, `shown after ${waited} ms`);
      assert.equal(await banner.textContent(), 'Line 5: invalid syntax');
      // Measured inside the page, from the message to the new text.
      const ms = await panel.page.evaluate(() => new Promise<number>((resolve) => {
        const el = document.getElementById('banner')!;
        const start = performance.now();
        new MutationObserver(() => {
          if (el.textContent?.includes('Line 6')) resolve(performance.now() - start);
        }).observe(el, { childList: true, subtree: true, characterData: true });
        window.postMessage({ type: 'error', uri: 'file:///work/examples/lecture.grad', version: 3, messages: ["Line 6: name 'q' is not defined"] }, '*');
      }));
      assert.ok(ms < ERROR_BANNER_DELAY_MS / 2, `the banner took ${ms} ms to change its text`);
    }));

  test("under an error, the kept graph sent again with new settings is redrawn and the banner stays; stale graphs are still dropped", () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      const error: EvaluationErrorMessage = { type: 'error', uri: URI, version: 2, messages: ['Line 5: invalid syntax'] };
      await panel.send(error);
      const banner = panel.page.locator('#banner');
      await banner.waitFor({ state: 'visible', ...allowedWait });
      await countBannerChanges(panel);
      // A precision change: the host sends the last good graph (version 1) again, then the error.
      await panel.send(update({ version: 1, kept: true, settings: { precision: 2, rankdir: 'LR', summaryBudget: 300 } }), error);
      await panel.waitForSvgText('data -8.00');
      assert.ok(await banner.isVisible());
      // An ordinary update of version 1 is from before the error: stale.
      await panel.send(update({ version: 1, settings: { precision: 3, rankdir: 'LR', summaryBudget: 300 } }));
      await panel.page.waitForTimeout(150);
      assert.ok(!(await panel.svgTexts()).includes('data -8.000'));
      assert.deepEqual(await bannerChanges(panel), { shows: 0, hides: 0 });
      // Fixed at version 3; a kept graph from before that is stale too.
      await panel.send(update({ version: 3, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      await panel.send(update({ version: 1, kept: true }));
      await panel.page.waitForTimeout(150);
      assert.ok((await panel.svgTexts()).includes('data 3.0000'));
      assert.ok(await banner.isHidden());
    }));

  test('zoom and pan survive an update of the same cell; another cell starts fitted', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      const fitted = await panel.transform();
      await panel.page.locator('#zoom-in').click();
      await panel.page.locator('#zoom-in').click();
      const zoomed = await panel.transform();
      assert.notEqual(zoomed, fitted);
      await panel.send(update({ version: 2, graph: lectureGraph(3) }));
      await panel.waitForSvgText('data 3.0000');
      assert.equal(await panel.transform(), zoomed);
      // The state is written once the view settles, not on every step.
      const shownScale = Number(/scale\(([\d.]+)\)/.exec(zoomed)?.[1]);
      await panel.page.waitForFunction(
        (k) => Math.abs(((window.__state as { zoom?: number } | undefined)?.zoom ?? 0) - k) < 1e-4,
        shownScale,
        allowedWait,
      );
      const state = (await panel.state()) as WebviewState;
      assert.equal(state.uri, URI);
      assert.equal(state.cell, 0);
      assert.equal(state.rankdir, 'LR');
      // Ctrl+wheel zooms too.
      await panel.page.mouse.move(400, 300);
      await panel.page.keyboard.down('Control');
      await panel.page.mouse.wheel(0, -200);
      await panel.page.keyboard.up('Control');
      const wheeled = await panel.transform();
      assert.notEqual(wheeled, zoomed);
      await panel.send(update({ version: 2, cell: 1, graph: lectureGraph(4) }));
      await panel.waitForSvgText('data 4.0000');
      const switched = await panel.transform();
      assert.notEqual(switched, wheeled);
      await panel.page.locator('#fit').click();
      assert.equal(await panel.transform(), switched);
    }));

  test('a graph too wide for an overview opens on its output at a readable zoom, at the right edge; Fit shows it all', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ graph: chainGraph(40) }));
      await panel.waitForSvgText('data 40.0000');
      assert.equal(await scale(panel), READING_ZOOM);
      const { output, view } = await boxes(panel);
      // Against the right edge (inside the fit margin), centred top to bottom.
      assert.ok(output.right <= view.right && output.right >= view.right - 20, `output ${JSON.stringify(output)} in ${JSON.stringify(view)}`);
      assert.ok(Math.abs((output.top + output.bottom) / 2 - (view.top + view.bottom) / 2) < 1, 'output centred vertically');
      await panel.page.locator('#fit').click();
      assert.ok((await scale(panel)) < SMALLEST_OVERVIEW_ZOOM);
      assert.deepEqual((await boxes(panel)).outside, []);
    }));

  test('laid out top to bottom, a graph too tall for an overview opens on its output at the bottom edge', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ graph: chainGraph(40), settings: { precision: 4, rankdir: 'TB', summaryBudget: 300 } }));
      await panel.waitForSvgText('data 40.0000');
      assert.equal(await scale(panel), READING_ZOOM);
      const { output, view } = await boxes(panel);
      assert.ok(output.bottom <= view.bottom && output.bottom >= view.bottom - 20, `output ${JSON.stringify(output)} in ${JSON.stringify(view)}`);
      assert.ok(Math.abs((output.left + output.right) / 2 - (view.left + view.right) / 2) < 1, 'output centred across');
    }));

  test('until the user zooms or pans, a resized panel shows the whole graph again (after Fit too); a zoomed view stays', () =>
    harness.withPanel({ width: 1000, height: 600 }, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      const wide = await scale(panel);
      await panel.page.setViewportSize({ width: 520, height: 420 });
      await panel.page.waitForFunction((k) => !document.getElementById('stage')!.style.transform.includes(`scale(${k})`), wide, allowedWait);
      const narrow = await scale(panel);
      assert.ok(narrow < wide && narrow >= SMALLEST_OVERVIEW_ZOOM, `${wide} -> ${narrow}`);
      assert.deepEqual((await boxes(panel)).outside, [], 'the whole graph is inside the narrowed panel');
      await panel.page.setViewportSize({ width: 800, height: 500 });
      await panel.page.waitForFunction((k) => !document.getElementById('stage')!.style.transform.includes(`scale(${k})`), narrow, allowedWait);
      assert.deepEqual((await boxes(panel)).outside, []);

      await panel.page.locator('#zoom-in').click();
      const chosen = await panel.transform();
      await panel.page.setViewportSize({ width: 600, height: 450 });
      // The resize has been seen (the toolbar reflowed) and the view did not move.
      await panel.page.waitForFunction(() => document.getElementById('viewport')!.getBoundingClientRect().width === 600, undefined, allowedWait);
      await panel.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await panel.transform(), chosen);

      // Fit asks for the whole graph, and keeps it whole when the panel narrows.
      await panel.page.locator('#fit').click();
      const fitted = await panel.transform();
      await panel.page.setViewportSize({ width: 450, height: 450 });
      await panel.page.waitForFunction((t) => document.getElementById('stage')!.style.transform !== t, fitted, allowedWait);
      assert.deepEqual((await boxes(panel)).outside, []);

      // Another cell is a new first view, and follows the panel's size again.
      await panel.send(update({ version: 2, cell: 1, graph: lectureGraph(4) }));
      await panel.waitForSvgText('data 4.0000');
      const fresh = await panel.transform();
      await panel.page.setViewportSize({ width: 900, height: 500 });
      await panel.page.waitForFunction((t) => document.getElementById('stage')!.style.transform !== t, fresh, allowedWait);
      assert.deepEqual((await boxes(panel)).outside, []);
    }));

  test('a burst of updates renders the newest only; an older version is dropped', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ version: 1 }));
      await panel.waitForSvgText('data -8.0000');
      await panel.page.evaluate(() => {
        (window as unknown as { renders: number }).renders = 0;
        new MutationObserver((records) => {
          for (const r of records) {
            for (const n of Array.from(r.addedNodes)) if (n.nodeName === 'svg') (window as unknown as { renders: number }).renders++;
          }
        }).observe(document.getElementById('stage')!, { childList: true });
      });
      const burst = Array.from({ length: 40 }, (_, i) => update({ version: i + 2, graph: lectureGraph(100 + i) }));
      await panel.send(...burst);
      await panel.waitForSvgText('data 139.0000');
      await panel.send(update({ version: 5, graph: lectureGraph(7) }));
      await panel.page.waitForTimeout(150);
      assert.ok((await panel.svgTexts()).includes('data 139.0000'));
      const renders = await panel.page.evaluate(() => (window as unknown as { renders: number }).renders);
      assert.ok(renders >= 1 && renders <= 3, `${renders} renders for 40 updates`);
    }));

  test('the cursor highlight moves without a re-render', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ highlight: [0] }));
      await panel.waitForSvgText('data -8.0000');
      const highlighted = () =>
        panel.page.evaluate(() =>
          Array.from(document.querySelectorAll('#stage g.node.highlight'), (g) => `${(g as SVGGElement).dataset.nodeId}:${g.classList.contains('op') ? 'op' : 'value'}`).sort(),
        );
      assert.deepEqual(await highlighted(), ['0:value']);
      await panel.page.evaluate(() => ((document.querySelector('#stage svg') as unknown as { marked: boolean }).marked = true));
      await panel.send({ type: 'highlight', ids: [3] });
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.node.highlight').length === 2, undefined, allowedWait);
      assert.deepEqual(await highlighted(), ['3:op', '3:value']);
      assert.equal(await panel.page.evaluate(() => (document.querySelector('#stage svg') as unknown as { marked?: boolean }).marked), true);
      // It stands out: the highlighted border is drawn thicker than an ordinary one.
      const widths = await panel.page.evaluate(() => ['3', '4'].map((id) => getComputedStyle(document.querySelector(`#stage g.node.value[data-node-id="${id}"] > polygon`)!).strokeWidth));
      assert.ok(parseFloat(widths[0]!) > parseFloat(widths[1]!), JSON.stringify(widths));
    }));

  test('a cell without output shows the empty state and disables export', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ cell: 2, graph: null }));
      await panel.page.locator('#empty').waitFor({ state: 'visible', ...allowedWait });
      assert.match((await panel.page.locator('#empty').textContent()) ?? '', /This cell has no output yet…/);
      assert.ok(await panel.page.locator('#viewport').isHidden());
      assert.equal(await panel.page.locator('#export-svg').getAttribute('disabled'), '');
      await panel.send(update({ version: 2, cell: 0 }));
      await panel.waitForSvgText('data -8.0000');
      assert.ok(await panel.page.locator('#empty').isHidden());
      assert.equal(await panel.page.locator('#export-svg').getAttribute('disabled'), null);
      // A cell of plots only (plot_boundary(model, X, y)) is not "waiting for an output".
      const plot = { kind: 'line' as const, title: 'plot(ys)', range: { start: 0, end: 8 }, xs: null, ys: [3, 1, 2] };
      await panel.send(update({ version: 3, cell: 2, graph: null, plots: [plot] }));
      await panel.page.locator('#empty', { hasText: 'This cell draws no graph: its charts are below.' }).waitFor(allowedWait);
    }));

  test('a graph not kept to draw (past the file\'s budget) says so, with its size, instead of "no output"', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ cell: 1, graph: null, graphSize: 12345 }));
      await panel.page.locator('#empty').waitFor({ state: 'visible', ...allowedWait });
      const text = (await panel.page.locator('#empty').textContent()) ?? '';
      assert.match(text, /This cell's graph has 12,345 values, more than the cells before it left room to keep\./);
      assert.doesNotMatch(text, /no output/);
      await panel.send(update({ version: 2, cell: 2, graph: null }));
      await panel.page.locator('#empty', { hasText: 'This cell has no output yet' }).waitFor(allowedWait);
    }));

  test('the cell picker and the layout button post selectCell and setRankdir', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      const xOf = (id: string) => panel.page.locator(`#stage g.node.value[data-node-id="${id}"]`).boundingBox();
      const [a, L] = [await xOf('0'), await xOf('6')];
      assert.ok(a && L && L.x > a.x + a.width, 'LR: the output is right of a');
      await panel.page.locator('#rankdir').click();
      await panel.page.waitForFunction(() => {
        const a = document.querySelector('#stage g.node.value[data-node-id="0"]')!.getBoundingClientRect();
        const L = document.querySelector('#stage g.node.value[data-node-id="6"]')!.getBoundingClientRect();
        return L.top > a.bottom;
      }, undefined, allowedWait);
      assert.deepEqual(await panel.postedOf('setRankdir'), [{ type: 'setRankdir', rankdir: 'TB' }]);
      await panel.page.locator('#cell-picker').click();
      await panel.page.locator('#cell-picker vscode-option[value="1"]').click();
      assert.deepEqual(await panel.postedOf('selectCell'), [{ type: 'selectCell', index: 1 }]);
      // The host's answer sets the picker; that must not echo back as another choice.
      await panel.send(update({ version: 2, cell: 1, settings: { precision: 2, rankdir: 'TB', summaryBudget: 300 } }));
      await panel.waitForSvgText('data -8.00');
      assert.equal((await panel.postedOf('selectCell')).length, 1);
    }));

  test('the toolbar is one row at 600 px, every control named, the zoom buttons as large as the rest', () =>
    harness.withPanel({ width: 600, height: 420 }, async (panel) => {
      await panel.send(update({ cells: [{ index: 0, title: 'L = (a*b + c) * f, the short way', hasOutput: true }, ...update().cells.slice(1)] }));
      await panel.waitForSvgText('data -8.0000');
      const controls = await panel.page.evaluate(() =>
        // Only what is shown: the summary's controls wait for a graph too big to draw whole.
        Array.from(document.querySelectorAll('#toolbar vscode-button, #toolbar vscode-dropdown'), (el) => {
          const r = el.getBoundingClientRect();
          return { id: el.id, top: r.top, bottom: r.bottom, right: r.right, width: r.width, height: r.height, title: el.getAttribute('title'), label: el.getAttribute('aria-label') };
        }),
      );
      assert.deepEqual(controls.filter((c) => c.width > 0).map((c) => c.id), ['cell-picker', 'step-through', 'edge-derivatives', 'fit', 'zoom-out', 'zoom-in', 'rankdir', 'export-svg', 'export-dot', 'copy-svg']);
      const rows = new Set(controls.filter((c) => c.width > 0).map((c) => Math.round((c.top + c.bottom) / 2)));
      assert.equal(rows.size, 1, `controls on more than one row: ${JSON.stringify(controls)}`);
      assert.ok(controls.every((c) => c.right <= 600), 'nothing past the edge');
      for (const c of controls) assert.ok(c.label, `${c.id} has no aria-label`);
      assert.deepEqual(controls.filter((c) => c.width === 0).map((c) => c.id).sort(), ['collapse-all', 'expand-all', 'k-picker', 'view-picker']);
      for (const c of controls.filter((c) => c.id !== 'cell-picker')) assert.ok(c.title, `${c.id} has no title`);
      const byId = new Map(controls.map((c) => [c.id, c]));
      for (const id of ['zoom-in', 'zoom-out']) {
        assert.ok(byId.get(id)!.height >= byId.get('fit')!.height && byId.get(id)!.width >= 24, `${id}: ${JSON.stringify(byId.get(id))}`);
      }
      // Legible: the glyph is drawn in the theme's full foreground, not a dimmed grey.
      const colour = await panel.page.evaluate(() => getComputedStyle(document.getElementById('zoom-in')!).color);
      assert.equal(colour, 'rgb(204, 204, 204)');
    }));

  test('a file with one cell shows its cell in an enabled picker', () =>
    harness.withPanel({}, async (panel) => {
      await panel.send(update({ cells: [{ index: 0, title: 'Cell 1', hasOutput: true }] }));
      await panel.waitForSvgText('data -8.0000');
      const picker = panel.page.locator('#cell-picker');
      assert.equal(await picker.getAttribute('disabled'), null);
      assert.ok(await picker.isVisible());
      assert.equal(await picker.evaluate((el) => getComputedStyle(el).opacity), '1');
      assert.match((await picker.textContent()) ?? '', /Cell 1/);
    }));

  test('in high contrast a leaf is double-bordered and a result is not: told apart without colour', () =>
    harness.withPanel({ theme: 'vscode-high-contrast' }, async (panel) => {
      await panel.send(update());
      await panel.waitForSvgText('data -8.0000');
      const frames = await panel.page.evaluate(() =>
        Array.from(document.querySelectorAll<SVGGElement>('#stage g.node.value'), (g) => {
          const frame = g.querySelector(':scope > rect.frame');
          return `${g.dataset.nodeId}:${frame !== null && getComputedStyle(frame).display !== 'none' && frame.getBoundingClientRect().width > 0}`;
        }),
      );
      // a, b, c, f are leaves; e, d and L results.
      assert.deepEqual(frames.sort(), ['0:true', '1:true', '2:true', '3:false', '4:false', '5:true', '6:false']);
    }));

  test('zoom, pan and layout come back after a reload, from the webview state or the page', async () => {
    const saved: WebviewState = { uri: URI, cell: 0, zoom: 0.5, pan: { x: 12, y: 34 }, rankdir: 'TB' };
    for (const options of [{ state: saved }, { embeddedState: saved }]) {
      await harness.withPanel(options, async (panel) => {
        await panel.send(update());
        await panel.waitForSvgText('data -8.0000');
        assert.equal(await panel.transform(), 'translate(12px, 34px) scale(0.5)');
        const rows = await panel.page.evaluate(() =>
          ['0', '6'].map((id) => document.querySelector(`#stage g.node.value[data-node-id="${id}"]`)!.getBoundingClientRect().top),
        );
        assert.ok(rows[1]! > rows[0]!, 'TB: the output is below a');
      });
    }
  });

  test('an uncaught error in the webview is reported to the host', async () => {
    const panel = await harness.open();
    try {
      await panel.page.evaluate(() => setTimeout(() => { throw new Error('boom in the webview'); }, 0));
      await panel.page.waitForFunction(() => window.__posted.some((m) => m.type === 'error'), undefined, allowedWait);
      const [report] = await panel.postedOf('error');
      assert.match(report?.message ?? '', /boom in the webview/);
    } finally {
      await panel.close();
    }
  });

  test('the policy is enforced: an injected inline script or style is blocked and seen', async () => {
    // Without this, "no violations" in the other tests could mean the listener never works.
    const panel = await harness.open();
    try {
      await panel.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.ran = true';
        document.body.append(s);
        const div = document.createElement('div');
        div.setAttribute('style', 'color: red');
        document.body.append(div);
      });
      await panel.page.waitForFunction(() => window.__violations.length >= 2, undefined, allowedWait);
      assert.equal(await panel.page.evaluate(() => (window as unknown as { ran?: boolean }).ran), undefined);
      const directives = (await panel.violations()).map((v) => v.directive).sort();
      assert.deepEqual(directives, ['script-src-elem', 'style-src-attr']);
    } finally {
      await panel.close();
    }
  });

  test('screenshots in light, dark and high-contrast themes', async () => {
    await mkdir(RESULTS, { recursive: true });
    for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as const) {
      await harness.withPanel({ theme, width: 900, height: 520 }, async (panel) => {
        await panel.send(update({ highlight: [0] }));
        await panel.waitForSvgText('data -8.0000');
        await panel.page.screenshot({ path: path.join(RESULTS, `webview-${theme}.png`) });
        await panel.send({ type: 'error', uri: URI, version: 2, messages: ["line 5: name 'q' is not defined"] });
        await panel.page.locator('#banner').waitFor({ state: 'visible', ...allowedWait });
        await panel.page.screenshot({ path: path.join(RESULTS, `webview-${theme}-error.png`) });
      });
      // The width a panel beside an editor has: one toolbar row, one cell in the picker, a NaN drawn.
      await harness.withPanel({ theme, width: 600, height: 420 }, async (panel) => {
        const graph = lectureGraph();
        graph.nodes[4] = { ...graph.nodes[4]!, data: NaN, grad: Infinity };
        await panel.send(update({ cells: [{ index: 0, title: 'Cell 1', hasOutput: true }], graph }));
        await panel.waitForSvgText('data nan');
        await panel.page.screenshot({ path: path.join(RESULTS, `webview-${theme}-600.png`) });
      });
    }
    await harness.withPanel({ theme: 'vscode-dark', width: 700, height: 460 }, async (panel) => {
      await panel.send(update({ graph: chainGraph(40) }));
      await panel.waitForSvgText('data 40.0000');
      await panel.page.screenshot({ path: path.join(RESULTS, 'webview-vscode-dark-wide-graph.png') });
    });
    await harness.withPanel({ theme: 'vscode-dark', width: 420, height: 360 }, async (panel) => {
      await panel.send(update({ cell: 2, graph: null }));
      await panel.page.locator('#empty').waitFor({ state: 'visible', ...allowedWait });
      await panel.page.screenshot({ path: path.join(RESULTS, 'webview-vscode-dark-empty-narrow.png') });
    });
  });
});
