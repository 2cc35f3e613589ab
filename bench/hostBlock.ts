// The extension host's longest block while micrograd's demo (examples/08-moons.grad)
// evaluates in the worker thread and its result arrives: the coordinator and the real
// worker (dist/evalWorker.js), with the features' own work on the result (diagnostics'
// ranges, inline values, every hover of the file, the lenses' cells) done on publish as
// the editor does it, without VS Code. The panel's work on an update is the panel's
// bench's to measure.
//
// Two measures of the host's main thread, from starting the evaluation to the last
// feature done with the result:
// - the event loop's delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution): how long
//   a keystroke's event could have waited. It includes the operating system not running
//   the thread at all, which on a loaded 2-core machine is most of it;
// - the longest task of the host's own: each message handled, each publish with its
//   features, timed directly.
// The floor: the same delay while the worker evaluates the demo and the host does
// nothing at all (no progress listener, no features), as long as a run: on 2 cores
// the worker's thread and the machine's other work take turns with the host's.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EvaluationCoordinator, needsWorker, realClock, type Evaluation } from '../src/extension/evaluation/coordinator';
import { InlineRunner, WorkerRunner } from '../src/extension/evaluation/runners';
import { referenceAt } from '../src/extension/cells';
import { hoverContent, hoverMarkdown } from '../src/extension/features/hover/content';
import { inlineValues } from '../src/extension/features/inlineValues/content';
import type { EvalResult } from '../src/lang';

export interface HostBlock {
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

async function oneRun(text: string): Promise<{ loopDelayMs: number; taskMs: number; result: EvalResult; progress: number }> {
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
    createWorker: () => new WorkerRunner(workerScript()),
    isLarge: needsWorker,
  });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await coordinator.evaluateNow('moons');
  histogram.disable();
  coordinator.dispose();
  if (!published) throw new Error('the demo was not published');
  return { loopDelayMs: histogram.max / 1e6, taskMs: longestTask, result: published.result, progress };
}

/** The worker evaluating the demo, the host only waiting for it. */
async function floorDelay(text: string): Promise<number> {
  const runner = new WorkerRunner(workerScript());
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
  const out: HostBlock = { loopDelayMs: [], taskMs: [], floorDelayMs: [], resultBytes: 0, progressEvents: 0 };
  const { serialize } = await import('node:v8');
  for (let r = 0; r < runs; r++) {
    const run = await oneRun(text);
    out.loopDelayMs.push(run.loopDelayMs);
    out.taskMs.push(run.taskMs);
    out.progressEvents = run.progress;
    out.resultBytes = serialize(run.result).length;
    out.floorDelayMs.push(await floorDelay(text));
  }
  return out;
}
