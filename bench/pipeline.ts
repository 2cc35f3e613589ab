// The work between a keystroke and a new graph, outside VS Code: evaluating the file,
// building the panel's update message, writing DOT and laying it out with Graphviz
// (the same @viz-js/viz WebAssembly the webview runs). The real editor adds the
// debounce and message passing; test/e2e measures that end to end.

import { toDot } from '../src/graph/dot';
import { renderSvg } from '../src/graph/svg';
import { evaluate, LineIndex } from '../src/lang';
import { buildUpdate } from '../src/extension/preview/messages';

/** A cell of about `values` values: a neuron with n inputs, summed then squashed. */
export function neuronCell(values: number): string {
  const n = Math.max(1, Math.ceil((values - 1) / 4));
  const lines = ['# %% A wide neuron'];
  for (let i = 0; i < n; i++) lines.push(`x${i} = ${((i % 7) - 3) / 4}`, `w${i} = ${((i % 5) - 2) / 3}`);
  for (let i = 0; i < n; i++) lines.push(`p${i} = x${i} * w${i}`);
  lines.push('s0 = p0');
  for (let i = 1; i < n; i++) lines.push(`s${i} = s${i - 1} + p${i}`);
  lines.push(`o = tanh(s${n - 1})`);
  return lines.join('\n') + '\n';
}

export interface PipelineTimes {
  values: number;
  evaluateMs: number;
  dotMs: number;
  layoutMs: number;
  totalMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians over `runs` runs, after one untimed run (Graphviz's instance and the JIT warm up). */
export async function measurePipeline(values: number, runs = 15): Promise<PipelineTimes> {
  const text = neuronCell(values);
  const times = { evaluate: [] as number[], dot: [] as number[], layout: [] as number[], total: [] as number[] };
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const result = evaluate(text);
    const update = buildUpdate({ uri: 'file:///bench.grad', version: r, result, lines: new LineIndex(text) }, 0, [], { precision: 4, rankdir: 'LR', summaryBudget: 300 });
    const t1 = performance.now();
    const graph = result.cells[0].graph;
    if (!update.columns || !graph) throw new Error('the benchmark cell has no graph');
    const dot = toDot(graph);
    const t2 = performance.now();
    await renderSvg(dot);
    const t3 = performance.now();
    if (r === 0) continue;
    times.evaluate.push(t1 - t0);
    times.dot.push(t2 - t1);
    times.layout.push(t3 - t2);
    times.total.push(t3 - t0);
  }
  const result = evaluate(text);
  return {
    values: result.cells[0].graph?.nodes.length ?? 0,
    evaluateMs: median(times.evaluate),
    dotMs: median(times.dot),
    layoutMs: median(times.layout),
    totalMs: median(times.total),
  };
}

/** `cells` one-line cells carrying one value along: each cell's output graph grows by a few nodes. */
export function chainThroughCells(cells: number): string {
  let text = 'a = 1.0001\nx = 0.5\n';
  for (let i = 0; i < cells; i++) text += `# %% step ${i}\nx = x * a + a * x * a\n`;
  return text;
}

/** Median milliseconds to evaluate `text`, after one untimed run. */
export function timeEvaluate(text: string, runs = 5): number {
  evaluate(text);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    evaluate(text);
    times.push(performance.now() - t0);
  }
  return median(times);
}
