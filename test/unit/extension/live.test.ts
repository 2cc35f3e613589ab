import '../../fakes/register-vscode';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import * as vscode from 'vscode';
import { fake, CancellationTokenSource, type FakeDocument } from '../../fakes/vscode';
import { EvaluationService, type DocumentProgress } from '../../../src/extension/evaluation/service';
import { WorkerRunner } from '../../../src/extension/evaluation/runners';
import { nodeWorker } from '../../../src/extension/evaluation/nodeWorker';
import { transferables } from '../../../src/extension/evaluation/transfer';
import { registerHover, STALE_HOVER_AFTER_MS } from '../../../src/extension/features/hover/adapter';

// A long training run in the real worker, through the service: progress while it runs,
// the next keystroke stopping it, and the last results kept (marked stale) meanwhile.

const doc = (d: FakeDocument) => d as unknown as vscode.TextDocument;
const token = () => new CancellationTokenSource().token as unknown as vscode.CancellationToken;
const MOONS = readFileSync(path.join(import.meta.dirname, '../../../examples/08-moons.grad'), 'utf8');
/** Runs until its time budget: about 10 million iterations a few seconds. */
const LONG = 's = 0.0\nfor k in range(10000000):\n    s = s + k * 0.5\n';

let workerDir: string;
let evaluations: EvaluationService;
let runners: WorkerRunner[];
let progress: DocumentProgress[];
let registrations: vscode.Disposable[];

before(async () => {
  workerDir = mkdtempSync(path.join(tmpdir(), 'gradlens-live-'));
  await esbuild.build({
    entryPoints: [path.join(import.meta.dirname, '../../../src/extension/evaluation/evalWorker.ts')],
    outfile: path.join(workerDir, 'evalWorker.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error',
  });
});

after(() => rmSync(workerDir, { recursive: true, force: true }));

beforeEach(() => {
  fake.reset();
  fake.settings.set('gradlens.updateDelay', 10);
  fake.settings.set('gradlens.timeBudgetMs', 20_000);
  runners = [];
  evaluations = new EvaluationService({
    startWorker: nodeWorker(path.join(workerDir, 'evalWorker.js')),
    createWorker: () => {
      const runner = new WorkerRunner(nodeWorker(path.join(workerDir, 'evalWorker.js')));
      runners.push(runner);
      return runner;
    },
  });
  progress = [];
  registrations = [evaluations.onDidProgress((e) => progress.push(e)), registerHover({ language: 'grad' }, evaluations)];
});

afterEach(() => {
  for (const r of registrations) r.dispose();
  evaluations.dispose();
});

const nextProgress = () => new Promise<DocumentProgress>((resolve) => {
  const listener = evaluations.onDidProgress((e) => { listener.dispose(); resolve(e); });
});

describe('live training', () => {
  test("micrograd's demo streams its steps, at least 100 ms apart, before its result", async () => {
    const document = fake.open('/w/moons.grad', MOONS);
    const times: number[] = [];
    registrations.push(evaluations.onDidProgress(() => times.push(performance.now())));
    const evaluation = await evaluations.evaluateNow(doc(document));
    assert.ok(progress.length >= 2, `${progress.length} progress events`);
    for (const p of progress) {
      assert.equal(p.version, evaluation.version);
      assert.equal(p.uri.toString(), document.uri.toString());
      assert.equal(p.progress.cell, 2);
      assert.equal(p.progress.total, 100);
    }
    const steps = progress.map((p) => p.progress.step);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]), `steps increase: ${steps}`);
    const loss = progress.at(-1)!.progress.series.find((s) => s.label.startsWith('total_loss'));
    assert.ok(loss && loss.values.length === steps.at(-1), 'the loss series so far, one value a step');
    // Timer granularity: a report may fire a millisecond early by the clock read here.
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1] >= 99), `gaps ${times.map((t, i) => i && (t - times[i - 1]).toFixed(0))}`);
  });

  test('the next keystroke stops a stale run at once (target: within 50 ms); the last result stays, marked stale, until the new one', async (t) => {
    const document = fake.open('/w/long.grad', 'a = 1.0\nfor k in range(3):\n    a = a * 2\n');
    const first = await evaluations.evaluateNow(doc(document));
    fake.edit(document, LONG);
    await nextProgress(); // the worker is inside the loop now
    const runner = runners[0];
    assert.equal(runner.busy, true);
    const t0 = performance.now();
    fake.edit(document, `${LONG}# edited\n`);
    assert.equal(runner.busy, false, 'cancelled in the change event itself');
    await runner.lastTermination;
    const ms = performance.now() - t0;
    // The figure is the (50 ms; docs/performance.md records it). Asserted here only
    // against a regression far above it: the thread's end is the OS's, and a loaded machine
    // (the suite beside other builds) has measured 73 ms.
    t.diagnostic(`change event to worker thread stopped: ${ms.toFixed(1)} ms (target 50 ms)`);
    assert.ok(ms < 500, `${ms.toFixed(1)} ms`);
    const seen = progress.length;
    assert.equal(evaluations.latest(doc(document)), first, 'the last complete result is kept');
    assert.equal(evaluations.isStale(document.uri as unknown as vscode.Uri), true);
    assert.equal(evaluations.get(doc(document)), undefined);
    // The debounced run starts the next version; the stale version never reports again.
    await nextProgress();
    assert.ok(progress.slice(seen).every((p) => p.version === document.version));
  });

  test('a hover while a long run is due shows the previous result, quietly marked, where the line is unchanged', async () => {
    const document = fake.open('/w/loop.grad', 'x = 1.0\nfor k in range(5):\n    x = x * 2\n');
    await evaluations.evaluateNow(doc(document));
    fake.edit(document, `x = 1.0\nfor k in range(5):\n    x = x * 2\n${LONG}`);
    const hover = fake.providers.hover as vscode.HoverProvider;
    const t0 = performance.now();
    const shown = await hover.provideHover(doc(document), new vscode.Position(2, 4), token()) as vscode.Hover;
    assert.ok(performance.now() - t0 >= STALE_HOVER_AFTER_MS - 5, 'it waited for the fresh result first');
    const markdown = (shown.contents as unknown as { value: string }).value;
    assert.match(markdown, /^\*\*x\*\* · value  \n32\\\.0  \n/);
    assert.match(markdown, /first 2\\\.0000\\, last 32\\\.0000/);
    assert.match(markdown, /\*from the previous edit\\; updating…\*$/);
    assert.equal(evaluations.isStale(document.uri as unknown as vscode.Uri), true);
  });
});

describe('transfer', () => {
  test('typed arrays are replaced by copies that own their buffers, and those buffers are listed; the rest is left alone', () => {
    const shared = new Float64Array(8);
    const view = shared.subarray(2, 5);
    view.set([1, 2, 3]);
    const result = { cells: [{ columns: { data: view, kind: new Uint8Array([7]), names: ['a'] }, nodes: [{ id: 1 }], samples: [1, 2] }] };
    const buffers = transferables(result);
    const columns = result.cells[0].columns;
    assert.equal(buffers.length, 2);
    assert.notEqual(columns.data, view);
    assert.deepEqual([...columns.data], [1, 2, 3]);
    assert.equal(columns.data.buffer.byteLength, 24, 'the copy owns exactly its bytes');
    assert.ok(buffers.includes(columns.data.buffer as ArrayBuffer) && buffers.includes(columns.kind.buffer as ArrayBuffer));
    assert.equal(shared.buffer.byteLength, 64, 'the original is untouched (never transferred)');
  });
});
