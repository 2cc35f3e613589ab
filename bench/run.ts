// `npm run bench`: forward (building the graph) plus backward time per node for
// GradLens's Tape and for the reference engine, on micrograd's MLP(2, [16, 16, 1])
// over 100 and 1,000 samples. See docs/performance.md for what the figures mean.
//
//   npm run bench             a table
//   npm run bench -- --json   the table, then one JSON line for the 1,000-sample graph

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { acquireTape, releaseTape } from '../src/engine';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chainThroughCells, measurePipeline, timeEvaluate } from './pipeline';
import {
  buildOnReference, buildOnTape, compareModels, countReferenceNodes, makeProblem,
  type Problem,
} from './mlp';
import { DEMO_STEPS, trainInterpreted, trainOnTape } from './training';
import { measureHostBlock } from './hostBlock';
import { measureReplay } from './replay';

const RUNS = 7;

/**
 * A full collection before each timed run, so one engine's leftover garbage is not
 * collected on the other's clock, then a short pause: V8 returns the freed memory to
 * the system on a background thread, and on 2 cores that work (and the page faults it
 * causes) otherwise lands in the next timed run. Exposing gc at run time keeps
 * `node dist/bench.js` a plain command; if the flag cannot be set, timings simply
 * include that noise.
 */
const SETTLE_MS = 100;
const pause = new Int32Array(new SharedArrayBuffer(4));
const gc: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    if (typeof found === 'function') return found as () => void;
  } catch {
    // fall through: no forced collections
  }
  return undefined;
})();

function collectGarbage(): void {
  gc?.();
  Atomics.wait(pause, 0, 0, SETTLE_MS);
}

/**
 * The engine builds on a tape it reuses, as the evaluator does between keystrokes and
 * a training loop between steps: its arrays are grown once, in the warm-up, and not
 * allocated, copied and faulted in again on every run.
 */
function timeEngine(problem: Problem): number {
  collectGarbage();
  const tape = acquireTape();
  const t0 = process.hrtime.bigint();
  const model = buildOnTape(problem, tape);
  model.tape.backward(model.loss);
  const t1 = process.hrtime.bigint();
  releaseTape(tape);
  return Number(t1 - t0);
}

/** The same on a fresh tape each run, its arrays grown from empty: what reuse saves. */
function timeFreshEngine(problem: Problem): number {
  collectGarbage();
  const t0 = process.hrtime.bigint();
  const model = buildOnTape(problem);
  model.tape.backward(model.loss);
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0);
}

function timeReference(problem: Problem): number {
  collectGarbage();
  const t0 = process.hrtime.bigint();
  const model = buildOnReference(problem);
  model.loss.backward();
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Result {
  samples: number;
  nodes: number;
  nsPerNode: number;
  /** On a fresh tape each run instead of a reused one. */
  freshNsPerNode: number;
  referenceNsPerNode: number;
  speedup: number;
}

/**
 * The untimed first run of each engine: the warm-up, and the check that both engines
 * built the same graph and computed the same loss and gradients. Returns the node count.
 * Both graphs die with this call; kept alive, the reference's few hundred MB of objects
 * would make every later collection slow and bill that to whichever engine triggers it.
 */
function warmUpAndCheck(problem: Problem): number {
  const tape = acquireTape();
  const engine = buildOnTape(problem, tape);
  engine.tape.backward(engine.loss);
  const reference = buildOnReference(problem);
  reference.loss.backward();
  const nodes = engine.tape.size;
  const referenceNodes = countReferenceNodes(reference.loss);
  if (referenceNodes !== nodes) {
    throw new Error(`graphs differ: engine has ${nodes} nodes, reference ${referenceNodes}`);
  }
  const cmp = compareModels(engine, reference);
  releaseTape(tape);
  if (!cmp.ok) {
    throw new Error(
      `engines disagree on ${problem.samples} samples: loss ${cmp.lossEngine} vs ${cmp.lossReference}, ` +
      `max relative error ${cmp.maxRelativeError} (parameter ${cmp.worstParam})`,
    );
  }
  return nodes;
}

function measure(samples: number): Result {
  const problem = makeProblem(samples);

  const nodes = warmUpAndCheck(problem);

  // Alternate the engines so drift in the machine's speed (thermal, other load) hits both alike.
  const engineTimes: number[] = [];
  const freshTimes: number[] = [];
  const referenceTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    engineTimes.push(timeEngine(problem));
    freshTimes.push(timeFreshEngine(problem));
    referenceTimes.push(timeReference(problem));
  }
  const nsPerNode = median(engineTimes) / nodes;
  const referenceNsPerNode = median(referenceTimes) / nodes;
  return {
    samples, nodes, nsPerNode, freshNsPerNode: median(freshTimes) / nodes, referenceNsPerNode, speedup: referenceNsPerNode / nsPerNode,
  };
}

interface Training {
  msPerStep: number;
  engineOnlyMsPerStep: number;
  nodesPerStep: number;
  steps: number;
  /** The whole demo (data, model, 100 steps) through evaluate(). */
  wholeDemoMs: number;
  /** Peak resident memory of a process that trains for 10, 100 and 1,000 steps. */
  peakKb: { short: number; mid: number; long: number };
}

/**
 * micrograd's demo: per step through the interpreter, as the difference between a
 * 100-step and a 10-step run (so loading the data and building the model do not
 * count), against the same training written on the Tape in TypeScript.
 */
function measureTraining(): Training {
  const check = trainOnTape(10), interpreted = trainInterpreted(10);
  if (check.losses.some((x, i) => x !== interpreted.losses[i])) {
    throw new Error(`the interpreter and the Tape disagree on the demo's losses: ${interpreted.losses} vs ${check.losses}`);
  }
  const engine: number[] = [], short: number[] = [], long: number[] = [];
  for (let r = 0; r < 5; r++) {
    collectGarbage();
    engine.push(trainOnTape(DEMO_STEPS).ms / DEMO_STEPS);
    collectGarbage();
    short.push(trainInterpreted(10).ms);
    collectGarbage();
    long.push(trainInterpreted(DEMO_STEPS).ms);
  }
  const wholeDemoMs = median(long);
  return {
    msPerStep: (wholeDemoMs - median(short)) / (DEMO_STEPS - 10),
    engineOnlyMsPerStep: median(engine),
    nodesPerStep: check.nodesPerStep,
    steps: DEMO_STEPS,
    wholeDemoMs,
    peakKb: { short: peakRss(10), mid: peakRss(100), long: peakRss(1000) },
  };
}

/** What bench/panel.ts measures (see there). */
interface PanelFigures {
  firstViewMs: Record<string, number>;
  values: Record<string, number>;
  runs: number;
  load: [number, number];
}

/**
 * The panel's first-view figures, from dist/benchPanel.js in a child process (it drives
 * Chromium, and its page callbacks need DOM types this project does not have). Its lines
 * are shown as they are; the last is the JSON. Null when Chromium is missing.
 */
function measurePanelFigures(): PanelFigures | null {
  try {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'benchPanel.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = out.trim().split('\n');
    const figures = JSON.parse(lines.pop() ?? 'null') as PanelFigures;
    for (const line of lines) console.log(line);
    console.log(`  machine load (1-minute average) ${figures.load[0].toFixed(2)} before, ${figures.load[1].toFixed(2)} after, on ${availableParallelism()} cores`);
    return figures;
  } catch (e) {
    console.log(`  not measured: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return null;
  }
}

/** Peak resident memory, in KB, of a fresh process that runs the demo for `steps` steps. */
function peakRss(steps: number): number {
  const out = execFileSync(process.execPath, [__filename, '--training-child', String(steps)], { encoding: 'utf8' });
  return Number(out.trim());
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--training-child');
  if (child >= 0) {
    trainInterpreted(Number(process.argv[child + 1]));
    console.log(process.resourceUsage().maxRSS);
    return;
  }
  const json = process.argv.includes('--json');
  const results = [100, 1000].map(measure);

  console.log(`MLP(2, [16, 16, 1]), forward + backward, median of ${RUNS} runs (Node ${process.versions.node})`);
  console.log('');
  const rows = [
    ['samples', 'nodes', 'engine ns/node', 'fresh tape ns/node', 'reference ns/node', 'speedup'],
    ...results.map((r) => [
      String(r.samples), String(r.nodes), r.nsPerNode.toFixed(1), r.freshNsPerNode.toFixed(1), r.referenceNsPerNode.toFixed(1),
      `${r.speedup.toFixed(1)}x`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  console.log('');
  console.log('loss and every parameter gradient agree between the two engines');

  // The panel's target: a new graph within 150 ms of the last keystroke, for a 100-value cell.
  console.log('');
  console.log('Keystroke to graph, outside the editor (median of 15 runs):');
  for (const size of [100, 400]) {
    const p = await measurePipeline(size);
    console.log(
      `  ${String(p.values).padStart(4)} values: evaluate + update ${p.evaluateMs.toFixed(1)} ms, ` +
      `DOT ${p.dotMs.toFixed(1)} ms, Graphviz layout ${p.layoutMs.toFixed(1)} ms, total ${p.totalMs.toFixed(1)} ms`);
  }

  // Each cell snapshots its output's graph, so a value carried through many cells is the
  // evaluator's worst case; files past 100 cells go to the worker thread in the editor.
  console.log('');
  console.log('A value carried through many one-line cells, evaluate (median of 5 runs):');
  for (const cells of [100, 200, 1000]) {
    console.log(`  ${String(cells).padStart(5)} cells: ${timeEvaluate(chainThroughCells(cells)).toFixed(1)} ms`);
  }

  console.log('');
  console.log(`micrograd's demo (examples/08-moons.grad), MLP(2, [16, 16, 1]) on 100 points, median of 5 runs:`);
  const t = measureTraining();
  console.log(`  ${t.nodesPerStep.toLocaleString('en-US')} nodes a step; the interpreter and the Tape compute the same losses, bit for bit`);
  console.log(`  interpreter: ${t.msPerStep.toFixed(1)} ms a step (the whole demo, data and model included: ${t.wholeDemoMs.toFixed(0)} ms)`);
  console.log(`  the same training on the Tape in TypeScript: ${t.engineOnlyMsPerStep.toFixed(1)} ms a step (the interpreter takes ${(t.msPerStep / t.engineOnlyMsPerStep).toFixed(1)}x)`);
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  console.log(`  peak memory of a process that trains: ${mb(t.peakKb.short)} for 10 steps, ${mb(t.peakKb.mid)} for 100, ` +
    `${mb(t.peakKb.long)} for 1,000 (${(t.peakKb.long / t.peakKb.short).toFixed(2)}x the 10-step run)`);

  const host = await measureHostBlock();
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  console.log('');
  console.log(`The extension host while the demo evaluates in the worker (${host.progressEvents} progress events, a ${(host.resultBytes / 1024).toFixed(0)} KB result), 5 runs:`);
  console.log(`  longest time its thread worked without a turn of the event loop: ${ms(host.busyMs)} ms (CPU time)`);
  console.log(`  longest event-loop delay, waiting for a core included: ${ms(host.loopDelayMs)} ms; ` +
    `with the host doing nothing (the machine's floor): ${ms(host.floorDelayMs)} ms`);
  console.log(`  longest task of the host's own, wall clock: ${ms(host.taskMs)} ms`);
  // The block the host's code causes; where schedstat is missing, the plain delay (an overestimate).
  const hostBlockMaxMs = host.busyMs.some(Number.isNaN) ? median(host.loopDelayMs) : Math.max(...host.busyMs);

  const replay = measureReplay();
  console.log('');
  console.log(`The step-through's replay of one training step (${replay.rows.toLocaleString('en-US')} values), median of 5 runs:`);
  console.log(`  backward (build_topo and every _backward): ${replay.backwardMs.toFixed(1)} ms; with micrograd's early bug (=): ${replay.assignMs.toFixed(1)} ms`);
  console.log(`  the walk over the summary's groups: ${replay.groupWalkMs.toFixed(1)} ms`);
  console.log(`  the reference, evaluating the one-step file that made the graph: ${replay.evaluateMs.toFixed(1)} ms`);

  console.log('');
  console.log('The panel: update posted to first view drawn, in Chromium (median of 3 runs after a warm-up):');
  const panel = measurePanelFigures();

  if (json) {
    const big = results[results.length - 1];
    const firstView = panel === null ? 'null' : `{${Object.entries(panel.firstViewMs).map(([s, ms]) => `"${s}": ${ms}`).join(', ')}}`;
    const round = (x: number, digits: number) => Number(x.toFixed(digits));
    // Spelled out rather than JSON.stringify'd so the line has exactly the spacing the issue shows.
    console.log(
      `{"engine": {"nsPerNode": ${round(big.nsPerNode, 1)}, "referenceNsPerNode": ${round(big.referenceNsPerNode, 1)}, ` +
      `"speedup": ${round(big.speedup, 1)}, "nodes": ${big.nodes}}, ` +
      `"training": {"msPerStep": ${round(t.msPerStep, 2)}, "engineOnlyMsPerStep": ${round(t.engineOnlyMsPerStep, 2)}, ` +
      `"nodesPerStep": ${t.nodesPerStep}, "steps": ${t.steps}}, ` +
      `"panel": {"firstViewMs": ${firstView}, "hostBlockMaxMs": ${round(hostBlockMaxMs, 1)}}, ` +
      `"stepThrough": {"rows": ${replay.rows}, "backwardMs": ${round(replay.backwardMs, 1)}, "groupWalkMs": ${round(replay.groupWalkMs, 1)}, "evaluateMs": ${round(replay.evaluateMs, 1)}}}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
