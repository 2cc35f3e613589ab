import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluate, type CellResult, type EvalProgress, type EvalResult, type Plot } from '../../src/lang';
import { Reservoir } from '../../src/lang/runtime/reservoir';

// Issue 8's language side: a line's history in a loop, a training loop's series, the
// plots, the parameters' heat strip and progress reports.

function errors(result: EvalResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

function only(text: string, options = {}): CellResult {
  const result = evaluate(text, options);
  assert.deepEqual(errors(result), []);
  return result.cells[result.cells.length - 1];
}

function binding(cell: CellResult, name: string, nth = 0) {
  const found = cell.bindings.filter((b) => b.name === name)[nth];
  assert.ok(found, `a binding of ${name}`);
  return found;
}

describe('Reservoir: a bounded, evenly spaced sample', () => {
  test('keeps every number until full, then every 2^k-th, the last one added when read', () => {
    const r = new Reservoir(198);
    for (let i = 0; i < 150; i++) r.push(i, i);
    assert.deepEqual(r.sample().values, Array.from({ length: 150 }, (_, i) => i));
    for (let i = 150; i < 100_000; i++) r.push(i, i);
    const { values, steps } = r.sample();
    assert.ok(values.length <= 199 && values.length >= 99, `${values.length} values`);
    assert.equal(values[0], 0);
    assert.equal(values[values.length - 1], 99_999);
    const gaps = new Set(steps.slice(1, -1).map((s, i) => s - steps[i]));
    assert.equal(gaps.size, 1, 'evenly spaced but for the last');
    assert.equal(r.count, 100_000);
  });
});

describe('micrograd demo: history, series, parameters and progress', () => {
  const demo = readFileSync(join(__dirname, '..', '..', 'examples', '08-moons.grad'), 'utf8');
  const reports: EvalProgress[] = [];
  const result = evaluate(demo, { timeBudgetMs: 120_000, progressIntervalMs: 0, onProgress: (p) => reports.push(p) });
  const training = result.cells[2];

  test('the loop line of total_loss keeps its history: 100 values, falling', () => {
    assert.deepEqual(errors(result), []);
    const h = binding(training, 'total_loss').history;
    assert.ok(h);
    assert.equal(h.count, 100);
    assert.ok(h.first > h.last, `${h.first} > ${h.last}`);
    assert.equal(h.samples.length, 100);
    assert.equal(h.samples[0], h.first);
    assert.equal(h.samples[99], h.last);
    assert.ok(h.min <= h.last && h.max >= h.first);
    // In the function too, where it runs once more (the cell before the loop calls loss()).
    const inLoss = result.cells[1].bindings.find((b) => b.name === 'total_loss' && b.inFunction);
    assert.equal(inLoss?.history?.count, 101);
    // A line that ran once has none.
    assert.equal(binding(result.cells[0], 'model').history, null);
  });

  test("the loss is one series of 100 values, the printed numbers; k is the x axis, not a series", () => {
    const printed = training.printed.map((l) => Number(/loss (\S+),/.exec(l.text)![1]));
    const loss = training.series.find((s) => s.label === 'total_loss');
    assert.ok(loss);
    assert.deepEqual(loss.values, printed);
    assert.deepEqual(loss.steps, Array.from({ length: 100 }, (_, i) => i));
    assert.equal(demo.slice(loss.loop.start, loss.loop.end), 'for k in range(100):');
    // `total_loss.data`, printed, holds the same numbers: one chart, the assigned name's.
    const labels = training.series.map((s) => s.label);
    assert.deepEqual(labels.sort(), ['acc', 'acc*100', 'learning_rate', 'total_loss']);
    const acc = training.series.find((s) => s.label === 'acc*100')!;
    assert.equal(acc.values[99], 100);
  });

  test('a printed number is a series of its own when no assigned one holds the same numbers', () => {
    const r = evaluate('t = 0.0\nfor k in range(5):\n    t = t + 1.0\n    print(t * 2)\n');
    assert.deepEqual(r.cells[0].series.map((s) => [s.label, s.values]), [['t', [1, 2, 3, 4, 5]], ['t * 2', [2, 4, 6, 8, 10]]]);
  });

  test("the heat strip holds model.parameters(), the training loop's list, as it is at the end", () => {
    const strip = training.parameters;
    assert.ok(strip);
    assert.equal(strip.label, 'model.parameters()');
    assert.equal(strip.data.length, 337);
    assert.equal(strip.grad.length, 337);
    assert.ok(strip.grad.some((g) => g !== 0));
    assert.ok(strip.data.every(Number.isFinite));
    assert.equal(result.cells[0].parameters?.data.length, 337, 'len(model.parameters()) in the first cell');
  });

  test('progress: every iteration with a 0 interval, step of 100, the series so far, fresh arrays', () => {
    const ofTraining = reports.filter((p) => p.cell === 2);
    assert.equal(ofTraining.length, 100);
    assert.deepEqual(ofTraining.map((p) => p.step), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.ok(ofTraining.every((p) => p.total === 100));
    assert.equal(demo.slice(ofTraining[0].loop!.start, ofTraining[0].loop!.end), 'for k in range(100):');
    const at10 = ofTraining[9].series.find((s) => s.label === 'total_loss')!;
    assert.equal(at10.values.length, 10);
    assert.notEqual(at10.values, ofTraining[10].series.find((s) => s.label === 'total_loss')!.values);
    // The loss cell (no top-level loop) reports nothing.
    assert.ok(reports.every((p) => p.cell === 2));
  });
});

describe('series', () => {
  test('at most 10,000 values, evenly sampled, with the steps they are from', () => {
    const cell = only('for i in range(25000):\n    x = i * 2\n');
    const x = cell.series.find((s) => s.label === 'x')!;
    assert.ok(x.values.length <= 10_000 && x.values.length > 4_000, `${x.values.length}`);
    assert.equal(x.steps[0], 0);
    assert.equal(x.steps[x.steps.length - 1], 24_999);
    assert.deepEqual(x.values, x.steps.map((s) => s * 2));
  });

  test('a while loop, print arguments, a print every 10 steps, Values and ints; strings and lists are not series', () => {
    const text = [
      'loss = Value(10.0)', 'step = 0', 'names = []',
      'while step < 30:',
      '    loss = loss * 0.5',
      '    names = names + ["a"]',
      '    if step % 10 == 0:',
      '        print("step", step, loss.data, f"{len(names)} names")',
      '    step += 1',
    ].join('\n');
    const cell = only(text);
    assert.deepEqual(cell.series.map((s) => s.label).sort(), ['len(names)', 'loss', 'loss.data', 'step', 'step']);
    const byLabel = new Map(cell.series.map((s) => [s.label, s]));
    assert.deepEqual(cell.series.filter((s) => s.label === 'step').map((s) => text.slice(s.range.start, s.range.end)), ['step', 'step += 1']);
    assert.deepEqual(byLabel.get('loss.data')!.steps, [0, 10, 20]);
    assert.equal(byLabel.get('loss')!.values.length, 30);
    assert.equal(byLabel.get('loss')!.values[0], 5);
    assert.deepEqual(byLabel.get('len(names)')!.values, [1, 11, 21]);
  });

  test('a def\'s lines and nested loops\' variables are not series; a nested loop feeds the outer one', () => {
    const text = [
      'def f(x):', '    y = x * 2', '    return y',
      'for k in range(5):',
      '    total = 0',
      '    for j in range(3):',
      '        total += f(j)',
    ].join('\n');
    const cell = only(text);
    // One series per name: what it held at each iteration's end, shown at its last assignment.
    assert.deepEqual(cell.series.map((s) => [s.label, s.values]), [['total', [6, 6, 6, 6, 6]]]);
    assert.equal(text.slice(cell.series[0].range.start, cell.series[0].range.end), 'total += f(j)');
    assert.equal(binding(cell, 'total', 0).history!.count, 5);
    assert.equal(binding(cell, 'total', 1).history!.count, 15);
  });
});

describe('history', () => {
  test("a line in a loop: first, last, min, max, count and at most 200 samples, first and last included", () => {
    const cell = only('for i in range(1000):\n    y = (i - 300) * (i - 300)\n');
    const h = binding(cell, 'y').history!;
    assert.equal(h.count, 1000);
    assert.equal(h.first, 90_000);
    assert.equal(h.last, 699 * 699);
    assert.equal(h.min, 0);
    assert.equal(h.max, 699 * 699);
    assert.ok(h.samples.length <= 200);
    assert.equal(h.samples[0], h.first);
    assert.equal(h.samples[h.samples.length - 1], h.last);
  });
});

describe('plots', () => {
  const lecture = [
    'import math', 'import numpy as np', 'import matplotlib.pyplot as plt',
    'def f(x):', '    return 3*x**2 - 4*x + 5',
    'xs = [x * 0.25 for x in range(-20, 20)]  # np.arange(-5, 5, 0.25)',
    'ys = [f(x) for x in xs]',
    'plt.plot(xs, ys)',
    'plt.title("f(x) = 3x**2 - 4x + 5")',
    'plt.show()',
  ].join('\n');

  test("the lecture's plot: plt.plot(xs, ys) with lists; matplotlib is quiet, numpy still warns", () => {
    const result = evaluate(lecture);
    assert.deepEqual(result.diagnostics.map((d) => d.message.slice(0, 24)), ["'numpy' is not available"]);
    const [p] = result.cells[0].plots as Extract<Plot, { kind: 'line' }>[];
    assert.equal(p.kind, 'line');
    assert.equal(p.title, 'f(x) = 3x**2 - 4x + 5');
    assert.equal(p.xs!.length, 40);
    assert.equal(p.xs![0], -5);
    assert.deepEqual(p.ys, p.xs!.map((x) => 3 * x ** 2 - 4 * x + 5));
    assert.equal(lecture.slice(p.range.start, p.range.end), 'plt.plot(xs, ys)');
  });

  test('plot(ys) of Values and a range, scatter(X, y) and scatter(xs, ys, c=...); titles from the source or title=', () => {
    const text = [
      'plot([Value(1.0), Value(2.5), 3])',
      'plot(range(3), [1, 2, 3], "r-", title="rising")',
      'X, y = make_moons(n_samples=10, noise=0.1, random_state=1)',
      'scatter(X, y)',
      'from matplotlib import pyplot',
      'pyplot.scatter([1, 2], [3, 4], c=[1, -1], s=20, cmap=pyplot.cm.Spectral)',
      'pyplot.scatter([1, 2], [3, 4], c="red")',
    ].join('\n');
    const plots = only(text).plots;
    assert.deepEqual(plots.map((p) => [p.kind, p.title]), [
      ['line', 'plot([Value(1.0), Value(2.5), 3])'], ['line', 'rising'], ['scatter', 'scatter(X, y)'],
      ['scatter', 'pyplot.scatter([1, 2], [3, 4], c=[1, -1], s=20, cmap=pyplot.cm.Spectral)'],
      ['scatter', 'pyplot.scatter([1, 2], [3, 4], c="red")'],
    ]);
    assert.deepEqual(plots[0].ys, [1, 2.5, 3]);
    assert.deepEqual((plots[1] as { xs: number[] }).xs, [0, 1, 2]);
    const moons = plots[2] as Extract<Plot, { kind: 'scatter' }>;
    assert.equal(moons.xs.length, 10);
    assert.deepEqual(new Set(moons.classes), new Set([0, 1]));
    assert.deepEqual((plots[3] as Extract<Plot, { kind: 'scatter' }>).classes, [1, -1]);
    assert.equal((plots[4] as Extract<Plot, { kind: 'scatter' }>).classes, null);
  });

  test("wrong arguments are Python's errors", () => {
    const cases: [string, string][] = [
      ['plot()', "TypeError: plot() missing 1 required positional argument: 'ys'"],
      ['plot([1], [2], [3])', 'TypeError: plot() takes from 1 to 2 positional arguments but 3 were given'],
      ['plot([1, 2], [3])', 'ValueError: x and y must have same first dimension, but have shapes (2,) and (1,)'],
      ['plot(["a"])', "TypeError: plot() plots numbers or Values, not 'str'"],
      ['plot(3)', "TypeError: plot() expects a sequence of numbers (a list, a tuple or a range), not 'int'"],
      ['scatter([1])', "TypeError: scatter() missing 1 required positional argument: 'y'"],
      ['scatter([1, 2], [1])', 'ValueError: x and y must be the same size'],
      ['plot_boundary(None, [[0, 0]])', "TypeError: plot_boundary() missing 1 required positional argument: 'y'"],
      ['plot_boundary(None, [[0, 0]], [1], c=1)', "TypeError: plot_boundary() got an unexpected keyword argument 'c'"],
      ['plot_boundary(None, [[0, 0]], [1])', "TypeError: 'NoneType' object is not callable"],
      ['plot_boundary(lambda x: "s", [[0, 0]], [1])', "TypeError: plot_boundary(): the model must return a Value or a number, not 'str'"],
    ];
    for (const [code, message] of cases) assert.deepEqual(errors(evaluate(code)), [message], code);
  });

  test("plot_boundary: the model's output over the data's range ±1, row-major from (xMin, yMin)", () => {
    const text = [
      'class Diagonal:', '    def __call__(self, x):', '        return x[0] - x[1]',
      'X = [[0.0, 0.0], [2.0, 1.0], [1.0, 3.0]]',
      'plot_boundary(Diagonal(), X, [1, -1, 1])',
    ].join('\n');
    const [p] = only(text).plots as Extract<Plot, { kind: 'boundary' }>[];
    const g = p.grid;
    assert.deepEqual([g.xMin, g.xMax, g.yMin, g.yMax, g.columns, g.rows], [-1, 3, -1, 4, 40, 40]);
    assert.equal(g.values.length, 1600);
    for (let j = 0; j < g.rows; j++) {
      for (let i = 0; i < g.columns; i++) {
        const x = g.xMin + i * (g.xMax - g.xMin) / (g.columns - 1), y = g.yMin + j * (g.yMax - g.yMin) / (g.rows - 1);
        assert.ok(Math.abs(g.values[j * g.columns + i] - (x - y)) < 1e-12);
      }
    }
    assert.deepEqual(p.xs, [0, 2, 1]);
    assert.deepEqual(p.classes, [1, -1, 1]);
  });

  test("plot_boundary on an MLP: the forward pass's data, its nodes reclaimed between grid points", () => {
    const text = [
      'random.seed(1)', 'model = MLP(2, [16, 16, 1])',
      'X = [[-3.0, 0.0], [30.0, 1.0]]',
      'plot_boundary(model, X, [1, -1])',
      'corner = model([Value(-4.0), Value(-1.0)]).data',
      'far = model([Value(31.0), Value(2.0)]).data',
    ].join('\n');
    // A pass makes about 1,100 nodes and the grid has 100 × 40 points: far over 2 × 20,000.
    const result = evaluate(`import random\n${text}`, { maxNodes: 20_000, timeBudgetMs: 120_000 });
    assert.deepEqual(errors(result), []);
    const cell = result.cells[0];
    const [p] = cell.plots as Extract<Plot, { kind: 'boundary' }>[];
    assert.deepEqual([p.grid.columns, p.grid.rows], [100, 40]);
    // The grid's first point is (xMin, yMin), its last (xMax, yMax): the model's own numbers there.
    assert.equal(p.grid.values[0], Number(binding(cell, 'corner').display));
    assert.equal(p.grid.values[p.grid.values.length - 1], Number(binding(cell, 'far').display));
    assert.ok(p.grid.values.some((v) => v > 0) && p.grid.values.some((v) => v < 0), 'both signs');
  });

  test('plot_boundary inside an expression cannot reclaim: a clear error at the node bound', () => {
    const text = 'model = MLP(2, [16, 16, 1])\nr = [plot_boundary(model, [[0, 0], [1, 1]], [1, -1])]\n';
    const result = evaluate(text, { maxNodes: 20_000 });
    assert.equal(result.stoppedByBound, 'nodes');
    assert.match(errors(result)[0], /plot_boundary\(\) reclaims each grid point's forward pass only when it is called as a statement of its own/);
  });
});
