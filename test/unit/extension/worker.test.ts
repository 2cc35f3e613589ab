import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { evaluate } from '../../../src/lang';
import { needsWorker } from '../../../src/extension/evaluation/coordinator';
import { EvaluationCancelled, WorkerRunner } from '../../../src/extension/evaluation/runners';
import { nodeWorker } from '../../../src/extension/evaluation/nodeWorker';

// The worker runs the real bundle, built the way scripts/build.mjs builds dist/evalWorker.js.
let dir: string;
let script: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlens-worker-'));
  script = path.join(dir, 'evalWorker.js');
  await esbuild.build({
    entryPoints: [path.join(import.meta.dirname, '../../../src/extension/evaluation/evalWorker.ts')],
    outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'error',
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** A file past the worker threshold: many cells, each a small neuron, with a warning and an error among them. */
function largeFile(cells: number): string {
  const parts: string[] = [];
  for (let i = 0; i < cells; i++) {
    parts.push(`# %% neuron ${i}`, `x1 = ${i % 7}.0`, `w1 = -3.0`, `x2 = 0.5`, `w2 = 1.0`, `b = 6.8813735870195432`,
      `n = x1*w1 + x2*w2 + b`, `o = n.tanh(); o.label = 'o'`, `o.backward()`, i === 3 ? 'y = log(-w1 * -1)' : 'y = o ** 2',
      i === 5 ? 'z = undefined_name' : 'z = y + 1', '');
  }
  return parts.join('\n');
}

describe('worker evaluation', () => {
  test('a large file evaluates in the worker to exactly what inline evaluation gives', async () => {
    const text = largeFile(180);
    assert.ok(needsWorker({ text, lineCount: text.split('\n').length }), 'the file is past the threshold');
    const runner = new WorkerRunner(nodeWorker(script));
    try {
      const inWorker = await runner.start(text, { maxNodes: 200_000 }).result;
      const inline = evaluate(text, { maxNodes: 200_000 });
      assert.equal(inWorker.cells.length, 180);
      assert.ok(inWorker.diagnostics.length >= 2, 'the warning and the error came back');
      assert.deepEqual(inWorker, inline);
    } finally {
      runner.dispose();
    }
  });

  test('options reach the worker: a node bound stops evaluation there as it does inline', async () => {
    const text = largeFile(180);
    const runner = new WorkerRunner(nodeWorker(script));
    try {
      // Fewer than one cell's nodes: reclaiming earlier cells' graphs cannot make room.
      const inWorker = await runner.start(text, { maxNodes: 5 }).result;
      assert.equal(inWorker.stoppedByBound, 'nodes');
      assert.deepEqual(inWorker, evaluate(text, { maxNodes: 5 }));
    } finally {
      runner.dispose();
    }
  });

  test('one worker serves evaluations one after another', async () => {
    const runner = new WorkerRunner(nodeWorker(script));
    try {
      const first = await runner.start('a = 2.0\n', {}).result;
      const thread = runner.workerId;
      const second = await runner.start('a = 3.0\n', {}).result;
      assert.equal(runner.workerId, thread);
      assert.deepEqual([first.cells[0].values.a.data, second.cells[0].values.a.data], [2, 3]);
      assert.equal(runner.busy, false);
    } finally {
      runner.dispose();
    }
  });

  test('starting while an evaluation runs cancels it: that thread is terminated and a fresh one answers', async () => {
    const runner = new WorkerRunner(nodeWorker(script));
    try {
      const stale = runner.start(largeFile(180), {});
      const staleThread = runner.workerId;
      const fresh = runner.start('a = 4.0\n', {});
      assert.notEqual(runner.workerId, staleThread);
      await assert.rejects(stale.result, EvaluationCancelled);
      assert.equal((await fresh.result).cells[0].values.a.data, 4);
    } finally {
      runner.dispose();
    }
  });

  test('cancel() stops a running evaluation; cancelling a finished one changes nothing', async () => {
    const runner = new WorkerRunner(nodeWorker(script));
    try {
      const done = runner.start('a = 1.0\n', {});
      await done.result;
      const thread = runner.workerId;
      done.cancel();
      assert.equal(runner.workerId, thread);

      const running = runner.start(largeFile(180), {});
      running.cancel();
      await assert.rejects(running.result, EvaluationCancelled);
      assert.equal(runner.busy, false);
      assert.equal(runner.workerId, undefined);
      assert.equal((await runner.start('a = 5.0\n', {}).result).cells[0].values.a.data, 5);
    } finally {
      runner.dispose();
    }
  });

  test('progress messages arrive between the start and the result, with the loop\'s step and length', async () => {
    const runner = new WorkerRunner(nodeWorker(script));
    const text = 's = 0.0\nfor k in range(300000):\n    s = s + k * 0.5\n';
    const seen: { step: number; total: number | null; at: number }[] = [];
    let resultAt = -1;
    try {
      const run = runner.start(text, { timeBudgetMs: 20_000, progressIntervalMs: 20 }, (p) => seen.push({ step: p.step, total: p.total, at: performance.now() }));
      const result = await run.result;
      resultAt = performance.now();
      assert.deepEqual([result.diagnostics, result.stoppedByBound], [[], null]);
    } finally {
      runner.dispose();
    }
    assert.ok(seen.length >= 2, `${seen.length} progress messages`);
    assert.ok(seen.every((p) => p.total === 300000 && p.at <= resultAt));
    assert.ok(seen.every((p, i) => i === 0 || p.step > seen[i - 1].step), 'steps increase');
  });

  test('a worker that cannot start rejects instead of hanging', async () => {
    const runner = new WorkerRunner(nodeWorker(path.join(dir, 'missing.js')));
    try {
      await assert.rejects(runner.start('a = 1.0\n', {}).result);
      assert.equal(runner.busy, false);
    } finally {
      runner.dispose();
    }
  });
});
