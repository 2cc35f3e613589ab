// The extension host's longest block while micrograd's demo (examples/08-moons.grad)
// evaluates in the worker thread and its result arrives: the coordinator and the real
// worker (dist/evalWorker.js), with the features' own work on the result (diagnostics'
// ranges, inline values, every hover of the file, the lenses' cells) done on publish as
// the editor does it, without VS Code. The panel's work on an update is the panel's
// bench's to measure.
//
// What counts is how long the host's thread is busy without coming back to its event
// loop, from starting the evaluation to the last feature done with the result. A 5 ms
// interval's late ticks show the stretches the loop did not turn; the thread's own CPU
// time over each late stretch (Linux's /proc/thread-self/schedstat, in nanoseconds) says
// how much of it the thread was working rather than waiting for a core: on a loaded
// 2-core machine (the worker's thread, other processes) most of a late tick is waiting,
// which no host code can shorten. Also reported: the plain event-loop delay
// (perf_hooks.monitorEventLoopDelay), the same delay while the worker evaluates and the
// host does nothing at all (the machine's floor), and the longest task of the host's own
// (each message handled, each publish with its features), timed directly.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EvaluationCoordinator, needsWorker, realClock, type Evaluation } from '../src/extension/evaluation/coordinator';
import { InlineRunner, WorkerRunner } from '../src/extension/evaluation/runners';
import { nodeWorker } from '../src/extension/evaluation/nodeWorker';
import { referenceAt } from '../src/extension/cells';
import { hoverContent, hoverMarkdown } from '../src/extension/features/hover/content';
import { inlineValues } from '../src/extension/features/inlineValues/content';
import type { EvalResult } from '../src/lang';

export interface HostBlock {
  /** Per run: the most CPU time the host's thread spent in one stretch without a turn of its event loop, ms (NaN without schedstat). */
  busyMs: number[];
  /** Per run: the event loop's longest delay while evaluating and consuming, ms. */
  loopDelayMs: number[];
  /** Per run: the longest of the host's own tasks (a message, a publish and its features), ms. */
  taskMs: number[];
  /** Per run: the event loop's longest delay while the worker evaluates and the host does nothing, ms. */
  floorDelayMs: number[];
  /** The structured-clone size of the result, bytes (what crosses from the worker). */
  resultBytes: number;
  progressEvents: number;
}

function workerScript(): string {
  // dist/bench.js sits beside dist/evalWorker.js; run through tsx, the built one in dist/.
  const beside = path.join(__dirname, 'evalWorker.js');
  return existsSync(beside) ? beside : path.join(process.cwd(), 'dist', 'evalWorker.js');
}

/** What the editor's features do with a published result, each as a plain function. */
function consume(evaluation: Evaluation<string>): void {
  const { result, lines } = evaluation;
  for (const d of result.diagnostics) { lines.positionAt(d.range.start); lines.positionAt(d.range.end); }
  inlineValues(result, lines, 4);
  for (const cell of result.cells) {
    lines.positionAt(cell.markerRange?.start ?? 0);
    for (const reference of cell.references) {
      const found = referenceAt(result, reference.range.start);
      if (found) hoverMarkdown(hoverContent(found.cell, found.reference, 4, lines.text));
    }
  }
}

/** The calling thread's CPU time so far, ns; undefined where Linux's schedstat is not there. */
function threadCpuNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

const TICK_MS = 5;

/** Watches the event loop's turns; stop() gives the most CPU time the thread spent between two of them. */
function watchBusy(): { stop(): number } {
  let lastCpu = threadCpuNs();
  let longest = 0;
  const timer = setInterval(() => {
    const cpu = threadCpuNs();
    if (cpu !== undefined && lastCpu !== undefined) longest = Math.max(longest, (cpu - lastCpu) / 1e6);
    lastCpu = cpu;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      return lastCpu === undefined ? NaN : longest;
    },
  };
}

async function oneRun(text: string): Promise<{ busyMs: number; loopDelayMs: number; taskMs: number; result: EvalResult; progress: number }> {
  let longestTask = 0;
  const timed = <A extends unknown[]>(f: (...args: A) => void) => (...args: A) => {
    const t0 = performance.now();
    f(...args);
    longestTask = Math.max(longestTask, performance.now() - t0);
  };
  let progress = 0;
  let published: Evaluation<string> | undefined;
  const coordinator = new EvaluationCoordinator<string>({
    read: () => ({ uri: 'moons', version: 1, text, lineCount: text.split('\n').length }),
    version: () => 1,
    delay: () => 0,
    options: () => ({}),
    publish: timed((evaluation) => { published = evaluation; consume(evaluation); }),
    progress: timed(() => { progress++; }),
    failed: (_key, error) => { throw error; },
    clock: realClock,
    inline: new InlineRunner(),
    createWorker: () => new WorkerRunner(nodeWorker(workerScript())),
    isLarge: needsWorker,
  });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const busy = watchBusy();
  await coordinator.evaluateNow('moons');
  const busyMs = busy.stop();
  histogram.disable();
  coordinator.dispose();
  if (!published) throw new Error('the demo was not published');
  return { busyMs, loopDelayMs: histogram.max / 1e6, taskMs: longestTask, result: published.result, progress };
}

/** The worker evaluating the demo, the host only waiting for it. */
async function floorDelay(text: string): Promise<number> {
  const runner = new WorkerRunner(nodeWorker(workerScript()));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    await runner.start(text, {}).result;
  } finally {
    histogram.disable();
    runner.dispose();
  }
  return histogram.max / 1e6;
}

export async function measureHostBlock(runs = 5): Promise<HostBlock> {
  const text = readFileSync(path.join(__dirname, '..', 'examples', '08-moons.grad'), 'utf8');
  const out: HostBlock = { busyMs: [], loopDelayMs: [], taskMs: [], floorDelayMs: [], resultBytes: 0, progressEvents: 0 };
  const { serialize } = await import('node:v8');
  for (let r = 0; r < runs; r++) {
    const run = await oneRun(text);
    out.busyMs.push(run.busyMs);
    out.loopDelayMs.push(run.loopDelayMs);
    out.taskMs.push(run.taskMs);
    out.progressEvents = run.progress;
    out.resultBytes = serialize(run.result).length;
    out.floorDelayMs.push(await floorDelay(text));
  }
  return out;
}
