import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { columnsOf } from '../../src/extension/preview/messages';
import { evaluate } from '../../src/lang';
import type { WebviewState } from '../../src/shared/protocol';
import { trainingColumns } from '../unit/columnsBuilder';
import { chainGraph, Harness, update, URI, type Panel } from './harness';

// The step-through of backward() (and of the forward pass) in the page, driven as a
// learner drives it: the Step button, the keys, a click on a node, the compare toggle;
// every step's card and the numbers in the drawing read back as text.

const RESULTS = path.resolve(__dirname, '../../test-results');
const wait = { timeout: 15_000 };

const NEURON = `x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1*w1; x1w1.label = 'x1*w1'
x2w2 = x2*w2; x2w2.label = 'x2*w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
o.backward()
`;

const A_PLUS_A = `a = Value(3.0, label='a')
b = a + a; b.label = 'b'
b.backward()
`;

function columns(text: string) {
  const result = evaluate(text);
  const c = columnsOf(result.cells[0]);
  assert.ok(c, 'the cell has a graph');
  return c;
}

interface Seen {
  index: number;
  position: string;
  title: string;
  terms: string[];
  grads: string[];
  wrong: string[];
  /** label → grad text of every record in the drawing. */
  records: Record<string, string>;
  data: Record<string, string>;
}

async function read(panel: Panel): Promise<Seen> {
  return panel.page.evaluate(() => {
    const card = document.getElementById('step-card')!;
    // No named helper here: the test runner's transform would name it with a function the page lacks.
    const all: Record<string, string[]> = {};
    for (const selector of ['.step-term-text', '.step-grad:not(.wrong)', '.step-grad.wrong']) {
      all[selector] = Array.from(card.querySelectorAll(selector), (el) => el.textContent ?? '');
    }
    const records: Record<string, string> = {};
    const data: Record<string, string> = {};
    for (const g of Array.from(document.querySelectorAll('#stage g.node.value'))) {
      const t = Array.from(g.querySelectorAll(':scope > text'), (el) => el.textContent ?? '');
      if (t.length < 3) continue;
      records[t[0]] = t.find((x) => x.startsWith('grad')) ?? '';
      data[t[0]] = t.find((x) => x.startsWith('data')) ?? '';
    }
    return {
      index: Number(document.body.dataset.stepIndex),
      position: card.querySelector('.step-position')?.textContent ?? '',
      title: card.querySelector('.step-title')?.textContent ?? '',
      terms: all['.step-term-text'],
      grads: all['.step-grad:not(.wrong)'],
      wrong: all['.step-grad.wrong'],
      records,
      data,
    };
  });
}

async function waitForStep(panel: Panel, index: number): Promise<void> {
  await panel.page.waitForFunction((i) => document.body.dataset.stepIndex === String(i) && !document.getElementById('step-card')!.hidden, index, wait);
}

async function key(panel: Panel, name: string): Promise<void> {
  await panel.page.locator('#viewport').focus();
  await panel.page.keyboard.press(name);
}

/** Every step from the one shown to the last, read after each →. */
async function walk(panel: Panel): Promise<Seen[]> {
  const seen = [await read(panel)];
  const count = Number(/of (\d+)/.exec(seen[0].position)?.[1]);
  for (let i = seen[0].index + 1; i < count; i++) {
    await key(panel, 'ArrowRight');
    await waitForStep(panel, i);
    seen.push(await read(panel));
  }
  return seen;
}

let harness: Harness;

before(async () => {
  harness = await Harness.start();
  await mkdir(RESULTS, { recursive: true });
});

after(async () => {
  await harness?.stop();
});

describe('step through backward', () => {
  test("the lecture's neuron: the order built, the seed, then each node's terms with the numbers, grads filling in", () =>
    harness.withPanel({ width: 1100, height: 760 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      await panel.page.locator('#step-through').click();
      await waitForStep(panel, 0);
      const steps = await walk(panel);
      assert.equal(steps.length, 21, steps.map((s) => s.title).join('\n'));
      // build_topo: ten Values numbered as appended, the output last.
      assert.match(steps[0].title, /^build_topo appends \S+: number 1 of 10$/);
      assert.equal(steps[9].title, 'build_topo appends o: number 10 of 10');
      // Nothing reached yet: every grad 0, as micrograd's fresh Values.
      assert.ok(Object.values(steps[9].records).every((g) => g === 'grad 0.0000'), JSON.stringify(steps[9].records));
      assert.equal(steps[10].title, 'o.grad = 1');
      assert.equal(steps[10].records.o, 'grad 1.0000');
      assert.equal(steps[10].records.n, 'grad 0.0000');

      const at = (name: string) => {
        const s = steps.find((x) => x.title.includes(`: ${name}._backward()`));
        assert.ok(s, `no step for ${name}: ${steps.map((x) => x.title).join(' | ')}`);
        return s;
      };
      assert.equal(at('o').title, '1 of 10: o._backward() (o = tanh(n))');
      assert.deepEqual(at('o').terms, ['∂o/∂n += ∂o/∂o · ∂o/∂n = 1 · 0.5 = 0.5']);
      assert.deepEqual(at('o').grads, ['0 + 0.5 = 0.5']);
      assert.equal(at('o').records.n, 'grad 0.5000');
      assert.equal(at('o').records.b, 'grad 0.0000', 'b not reached yet');
      assert.deepEqual(at('n').terms, [
        '∂o/∂(x1*w1 + x2*w2) += ∂o/∂n · ∂n/∂(x1*w1 + x2*w2) = 0.5 · 1 = 0.5',
        '∂o/∂b += ∂o/∂n · ∂n/∂b = 0.5 · 1 = 0.5',
      ]);
      assert.deepEqual(at('(x1*w1)').terms, [
        '∂o/∂x1 += ∂o/∂(x1*w1) · ∂(x1*w1)/∂x1 = 0.5 · -3 = -1.5',
        '∂o/∂w1 += ∂o/∂(x1*w1) · ∂(x1*w1)/∂w1 = 0.5 · 2 = 1',
      ]);
      assert.deepEqual(at('(x2*w2)').terms, [
        '∂o/∂x2 += ∂o/∂(x2*w2) · ∂(x2*w2)/∂x2 = 0.5 · 1 = 0.5',
        '∂o/∂w2 += ∂o/∂(x2*w2) · ∂(x2*w2)/∂w2 = 0.5 · 0 = 0',
      ]);
      // A leaf's _backward does nothing: its grad is final. The walk ends at the inputs.
      const last = steps[20];
      assert.match(last.title, /^10 of 10: \S+\._backward\(\)$/);
      assert.deepEqual(last.terms, []);
      assert.deepEqual(
        { x1: last.records.x1, w1: last.records.w1, x2: last.records.x2, w2: last.records.w2, b: last.records.b, o: last.records.o },
        { x1: 'grad -1.5000', w1: 'grad 1.0000', x2: 'grad 0.5000', w2: 'grad 0.0000', b: 'grad 0.5000', o: 'grad 1.0000' },
      );

      // The editor is told which Value: the host marks its line.
      const stepAt = await panel.postedOf('stepAt');
      assert.ok(stepAt.every((m) => m.uri === URI && m.version === 1 && typeof m.nodeId === 'number'));
      // Each of the ten Values in turn (a step on the Value of the step before is not told again).
      assert.equal(new Set(stepAt.map((m) => m.nodeId)).size, 10);

      // Home restarts; a click on a node jumps to its step; Esc leaves and puts the drawing back.
      await key(panel, 'Home');
      await waitForStep(panel, 0);
      await panel.page.locator('#stage g.node.value', { hasText: 'x1*w1 + x2*w2' }).first().click();
      await panel.page.waitForFunction(() => document.querySelector('#step-card .step-title')?.textContent?.includes('(x1*w1 + x2*w2)._backward()'), undefined, wait);
      assert.equal((await panel.postedOf('reveal')).length, 0, 'a click while stepping steps, it does not reveal');
      await key(panel, 'Escape');
      await panel.page.waitForFunction(() => document.getElementById('step-card')!.hidden, undefined, wait);
      assert.equal((await read(panel)).records.x1, 'grad -1.5000', 'the drawing shows backward()\'s grads again');
      assert.equal((await panel.postedOf('stepAt')).at(-1)?.nodeId, null);
      assert.equal(await panel.page.locator('#stage g.step-marks').count(), 0);
    }));

  test('a + a: the two contributions add up (0 + 1 = 1, 1 + 1 = 2); with = the second overwrites the first, a.grad ends 1', () =>
    harness.withPanel({ width: 900, height: 640 }, async (panel) => {
      await panel.send(update({ columns: columns(A_PLUS_A), graph: null, graphSize: 2 }));
      await panel.waitForSvgText('data 6.0000');
      await panel.send({ type: 'stepThrough', mode: 'backward' });
      await waitForStep(panel, 0);
      await panel.page.locator('#step-compare').click();
      await key(panel, 'End');
      await waitForStep(panel, 4);
      await key(panel, 'ArrowLeft');
      await waitForStep(panel, 3);
      const step = await read(panel);
      assert.equal(step.title, '1 of 2: b._backward() (b = a + a)');
      assert.deepEqual(step.terms, ['∂b/∂a += ∂b/∂b · ∂b/∂a = 1 · 1 = 1', '∂b/∂a += ∂b/∂b · ∂b/∂a = 1 · 1 = 1']);
      assert.deepEqual(step.grads, ['0 + 1 = 1', '1 + 1 = 2']);
      assert.deepEqual(step.wrong, ['= 1', '1 → 1']);
      assert.equal(await panel.page.locator('#step-card .step-term.lost s.step-lost').textContent(), '1');
      assert.equal(step.records.a, 'grad 2.0000');
      // a's record is marked: the = walk leaves it at 1.
      assert.equal(await panel.page.locator('#stage g.node.value.step-differs').count(), 1);
      assert.equal(await panel.page.locator('#stage g.step-differs-mark').count(), 1);
      await panel.page.screenshot({ path: path.join(RESULTS, 'step-a-plus-a.png') });
      // The toggle off: one grad column, no mark.
      await panel.page.locator('#step-compare').click();
      assert.deepEqual((await read(panel)).wrong, []);
      assert.equal(await panel.page.locator('#stage g.node.value.step-differs').count(), 0);
    }));

  test('forward: each Value computed in evaluation order, data blank until then', () =>
    harness.withPanel({ width: 1100, height: 760 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      await panel.send({ type: 'stepThrough', mode: 'forward' });
      await waitForStep(panel, 0);
      const steps = await walk(panel);
      assert.equal(steps.length, 10);
      assert.equal(steps[0].title, 'x1 = 2');
      assert.equal(steps[0].data.x1, 'data 2.0000');
      assert.equal(steps[0].data.o, 'data ', 'not computed yet: blank');
      assert.equal(steps[5].title, '(x1*w1) = x1 * w1 = 2 * -3 = -6');
      assert.equal(steps[9].title, 'o = tanh(n) = tanh(0.8814) = 0.7071');
      assert.equal(steps[9].data.o, 'data 0.7071');
    }));

  test("a record's label stays inside its field where the page's font is wider than Graphviz's Helvetica", () =>
    harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      // A system font wider than the Helvetica Graphviz measured with (DejaVu Sans is 5 to
      // 10% wider), made certain here: letters spaced apart, inherited by the drawing.
      await panel.page.evaluate(() => { document.getElementById('stage')!.style.letterSpacing = '1px'; });
      const spill = () => panel.page.evaluate(() => {
        const g = Array.from(document.querySelectorAll<SVGGElement>('#stage g.node.value')).find((n) => n.querySelector('text')?.textContent === 'x1*w1 + x2*w2')!;
        const label = g.querySelector('text')!.getBBox();
        const box = g.querySelector<SVGGraphicsElement>('polygon, path')!.getBBox();
        const rights = Array.from(g.querySelectorAll<SVGGraphicsElement>(':scope > polyline'), (l) => l.getBBox()).filter((b) => b.width < 0.5 && b.x > label.x).map((b) => b.x);
        const right = Math.min(box.x + box.width, ...rights);
        return Math.max(box.x - label.x, label.x + label.width - right);
      });
      for (const rankdir of ['TB', 'LR']) {
        const layouts = Number(await panel.page.evaluate(() => document.body.dataset.layouts));
        await panel.page.locator('#rankdir').click();
        await panel.page.waitForFunction((n) => Number(document.body.dataset.layouts) > n, layouts, wait);
        await panel.page.waitForFunction((r) => document.getElementById('rankdir')?.textContent?.includes(r), rankdir, wait);
        assert.ok(await spill() <= 0, `${rankdir}: the label spills ${await spill()} px past its field`);
      }
    }));

  test('local derivatives on the edges: the toolbar toggle labels each operand edge', () =>
    harness.withPanel({ width: 1100, height: 760 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      const edgeTexts = () => panel.page.evaluate(() => Array.from(document.querySelectorAll('#stage g.edge text'), (t) => t.textContent ?? ''));
      assert.deepEqual(await edgeTexts(), []);
      await panel.page.locator('#edge-derivatives').click();
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.edge text').length > 0, undefined, wait);
      const labels = await edgeTexts();
      assert.ok(labels.some((t) => t.includes('∂(x1*w1)/∂x1') && t.includes('w1') && t.includes('-3')), labels.join(' | '));
      assert.equal(await panel.page.locator('#edge-derivatives').getAttribute('aria-pressed'), 'true');
      await panel.page.waitForFunction(() => (window.__state as { edgeDerivatives?: boolean } | undefined)?.edgeDerivatives === true, undefined, wait);
      // Off again from the toolbar; the setting (gradlens.graph.edgeDerivatives) turns them on from the host.
      await panel.page.locator('#edge-derivatives').click();
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.edge text').length === 0, undefined, wait);
    }));

  test('the setting gradlens.graph.edgeDerivatives, sent with the update, labels the edges', () =>
    harness.withPanel({ width: 900, height: 600 }, async (panel) => {
      await panel.send(update({ columns: columns(A_PLUS_A), graph: null, graphSize: 2, settings: { precision: 4, rankdir: 'LR', summaryBudget: 300, edgeDerivatives: true } }));
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.edge text').length === 2, undefined, wait);
      const labels = await panel.page.evaluate(() => Array.from(document.querySelectorAll('#stage g.edge text'), (t) => t.textContent ?? ''));
      assert.deepEqual(labels, ['∂b/∂a = 1.0000', '∂b/∂a = 1.0000']);
      assert.equal(await panel.page.locator('#edge-derivatives').getAttribute('aria-pressed'), 'true');
    }));

  test('an edit while stepping (new numbers, same graph) keeps the step and shows the new terms; leaving puts the new numbers back', () =>
    harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      await panel.send({ type: 'stepThrough', mode: 'backward' });
      await waitForStep(panel, 0);
      await panel.page.locator('#stage g.node.value', { hasText: 'x1*w1' }).filter({ hasNotText: 'x2' }).first().click();
      await panel.page.waitForFunction(() => document.querySelector('#step-card .step-title')?.textContent?.includes('(x1*w1)._backward()'), undefined, wait);
      const before = await read(panel);
      await panel.send(update({ version: 2, columns: columns(NEURON.replace('Value(2.0', 'Value(3.0')), graph: null, graphSize: 10 }));
      await panel.page.waitForFunction(() => Array.from(document.querySelectorAll('#step-card .step-term-text')).some((t) => t.textContent?.endsWith('= 0.0562 · 3 = 0.1685')), undefined, wait);
      const after = await read(panel);
      assert.equal(after.index, before.index);
      assert.equal(after.title, before.title);
      await key(panel, 'Escape');
      await panel.waitForSvgText('data 3.0000');
      assert.equal((await read(panel)).records.x1, 'grad -0.1685');
    }));

  test('Space plays at the chosen speed and pauses; the card shows which', () =>
    harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      await panel.send(update({ columns: columns(A_PLUS_A), graph: null, graphSize: 2 }));
      await panel.waitForSvgText('data 6.0000');
      await panel.send({ type: 'stepThrough', mode: 'backward' });
      await waitForStep(panel, 0);
      // Esc in the open speed list closes the list, not the step-through.
      await panel.page.locator('#step-speed').click();
      await panel.page.waitForFunction(() => document.getElementById('step-speed')?.hasAttribute('open'), undefined, wait);
      await panel.page.keyboard.press('Escape');
      await panel.page.waitForFunction(() => !document.getElementById('step-speed')?.hasAttribute('open'), undefined, wait);
      assert.equal(await panel.page.locator('#step-card').isVisible(), true);
      await panel.page.locator('#step-speed').click();
      await panel.page.locator('#step-speed vscode-option', { hasText: '4×' }).click();
      await key(panel, ' ');
      assert.equal(await panel.page.locator('#step-play').getAttribute('title'), 'Pause (Space)');
      // It plays on by itself to the last step, and stops there.
      await waitForStep(panel, 4);
      await panel.page.waitForFunction(() => document.getElementById('step-play')?.getAttribute('title') === 'Play (Space)', undefined, wait);
      // Space again from the end starts over; Space once more pauses where it is.
      await key(panel, ' ');
      await waitForStep(panel, 1);
      await key(panel, ' ');
      const at = (await read(panel)).index;
      await panel.page.waitForTimeout(900);
      assert.equal((await read(panel)).index, at, 'paused');
    }));

  test('on a graph wider than the panel, the current node is brought into view', () =>
    harness.withPanel({ width: 700, height: 500 }, async (panel) => {
      await panel.send(update({ graph: chainGraph(60) }));
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.node.value').length > 100, undefined, wait);
      await panel.send({ type: 'stepThrough', mode: 'backward' });
      await waitForStep(panel, 0);
      for (const i of [0, 1]) {
        if (i === 1) await key(panel, 'End');
        await panel.page.waitForFunction(() => {
          const g = document.querySelector('#stage g.node.step-current:not(.op)');
          if (g === null) return false;
          const r = g.getBoundingClientRect();
          const v = document.getElementById('viewport')!.getBoundingClientRect();
          return r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom;
        }, undefined, wait);
      }
    }));

  test('a reload comes back at the same step', async () => {
    let state: unknown;
    await harness.withPanel({ width: 1000, height: 700 }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await panel.waitForSvgText('data 0.7071');
      await panel.send({ type: 'stepThrough', mode: 'backward' });
      await waitForStep(panel, 0);
      for (let i = 1; i <= 13; i++) await key(panel, 'ArrowRight');
      await waitForStep(panel, 13);
      await panel.page.waitForFunction(() => (window.__state as { step?: { index: number } } | undefined)?.step?.index === 13, undefined, wait);
      state = await panel.state();
    });
    const saved = state as WebviewState;
    assert.deepEqual(saved.step, { mode: 'backward', index: 13, compare: false });
    await harness.withPanel({ width: 1000, height: 700, state: saved }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10 }));
      await waitForStep(panel, 13);
      const step = await read(panel);
      assert.equal(step.position, 'Step 14 of 21');
      assert.match(step.title, /^3 of 10: /);
    });
    // A panel that comes back on another cell does not step through it from that position.
    await harness.withPanel({ width: 1000, height: 700, state: saved }, async (panel) => {
      await panel.send(update({ columns: columns(NEURON), graph: null, graphSize: 10, cell: 1 }));
      await panel.waitForSvgText('data 0.7071');
      await panel.page.waitForFunction(() => (window.__state as { cell?: number } | undefined)?.cell === 1, undefined, wait);
      assert.equal(await panel.page.locator('#step-card').isHidden(), true);
      assert.equal((await panel.state() as WebviewState).step, undefined);
    });
  });
});

describe('step through a summary', () => {
  test("under =, a summary's steps count the contributions each group loses: the lecture's MLP on its four examples", () =>
    harness.withPanel({ width: 1100, height: 760 }, async (panel) => {
      const source = readFileSync(path.join(__dirname, '..', '..', 'examples', '07-neuron-classes.grad'), 'utf8').split('# %% Training')[0] +
        'loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\nloss.backward()\nloss\n';
      const result = evaluate(source);
      const last = columnsOf(result.cells[result.cells.length - 1]);
      assert.ok(last && last.size > 200, 'the loss of four examples is a few hundred Values');
      await panel.send(update({ columns: last, graph: null, graphSize: last.size, settings: { precision: 4, rankdir: 'LR', summaryBudget: 40, edgeDerivatives: false } }));
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.node.group').length > 0, undefined, wait);
      await panel.page.locator('#step-through').click();
      await waitForStep(panel, 0);
      await panel.page.locator('#step-compare').click();
      const lost = panel.page.locator('#step-card .step-lost-inside');
      const total = Number(/of ([\d,]+)/.exec((await read(panel)).position)?.[1].replace(/,/g, ''));
      const seen: string[] = [];
      for (let i = 0; i < total; i++) {
        if (i > 0) {
          await key(panel, 'ArrowRight');
          await waitForStep(panel, i);
        }
        if (await lost.isVisible()) seen.push(`${(await read(panel)).title}: ${await lost.textContent()}`);
      }
      // 41 parameters, each used by all four examples: three of each one's four contributions are overwritten.
      assert.ok(seen.some((t) => / 123 contributions to Values in this group would be overwritten and lost\.$/.test(t)), JSON.stringify(seen));
      await panel.page.locator('#step-compare').click();
      assert.equal(await lost.count(), 0, 'shown only while the walks are compared');
    }));


  test('a 65,000-Value training step walks its groups, the gradient in and out; Open this group continues inside it', () =>
    harness.withPanel({ width: 1100, height: 760 }, async (panel) => {
      const big = trainingColumns(1, 100);
      await panel.send(update({ columns: big, graph: null, graphSize: big.size }));
      await panel.page.waitForFunction(() => document.querySelectorAll('#stage g.node.group').length > 0, undefined, wait);
      await panel.page.locator('#step-through').click();
      await waitForStep(panel, 0);
      const count = Number(/of ([\d,]+)/.exec((await read(panel)).position)?.[1].replace(/,/g, ''));
      assert.ok(count > 1 && count < 400, `a walk of the drawn items, not of every Value: ${count} steps`);
      // Forward to the first group's step: it names what flows in and offers to open it.
      let title = '';
      for (let i = 1; i < count && !(await panel.page.locator('#step-open-group').isVisible()); i++) {
        await key(panel, 'ArrowRight');
        await waitForStep(panel, i);
      }
      title = (await read(panel)).title;
      assert.match(title, /values' _backward$/);
      const detail = await panel.page.locator('#step-card .step-detail').allTextContents();
      assert.match(detail[0], /^The gradient flowing in: .*grad = /);
      assert.equal(await panel.page.locator('#stage g.node.group.step-current').count(), 1);
      await panel.page.screenshot({ path: path.join(RESULTS, 'step-summary.png') });
      const layoutsBefore = Number(await panel.page.evaluate(() => document.body.dataset.layouts));
      await panel.page.locator('#step-open-group').click();
      await panel.page.waitForFunction((n) => Number(document.body.dataset.layouts) > n, layoutsBefore, wait);
      // The walk goes on inside the group just opened: its current item is drawn inside the open group's box.
      await panel.page.waitForFunction(() => document.querySelector('#stage g.cluster g.step-current, #stage g.step-current') !== null, undefined, wait);
      const inside = await panel.page.evaluate(() => {
        const current = document.querySelector<SVGGElement>('#stage g.node.step-current');
        if (current === null) return null;
        const r = current.getBoundingClientRect();
        return Array.from(document.querySelectorAll('#stage g.cluster')).some((c) => {
          const b = c.getBoundingClientRect();
          return r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
        });
      });
      assert.equal(inside, true);
      assert.notEqual((await read(panel)).title, title);
    }));
});
