import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { WorkerRequest, WorkerResponse } from '../../../src/extension/evaluation/protocol';
import { EvaluationCancelled, WorkerRunner } from '../../../src/extension/evaluation/runners';
import { webWorker } from '../../../src/extension/evaluation/webWorker';
import type { EvalWorkerEvents } from '../../../src/extension/evaluation/workerPort';

// The browser build's worker adapter, over a stand-in for the Web Worker constructor
// (Node has none): it must start the worker only once its script's URL is known, keep
// what was posted before that in order, never start a worker terminated meanwhile, and
// turn a failed load or a worker error into the runner's `error` event. The real Web
// Worker runs in the web end-to-end test (test/e2e/web.test.ts).

class FakeWorker {
  static made: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const g = globalThis as { Worker?: unknown };
const request = (id: number): WorkerRequest => ({ id, text: `a = ${id}.0\n`, options: {}, progress: false });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function recorder(): EvalWorkerEvents & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    message: (m) => seen.push(`message ${m.id}`),
    error: (e) => seen.push(`error ${e.message}`),
    exit: (code) => seen.push(`exit ${code}`),
  };
}

describe('the Web Worker adapter', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    g.Worker = FakeWorker;
  });
  afterEach(() => delete g.Worker);

  test('requests posted before the script URL is known reach the worker in order, once it starts', async () => {
    let resolveUrl!: (url: string) => void;
    const events = recorder();
    const worker = webWorker(() => new Promise((resolve) => (resolveUrl = resolve)))(events);
    worker.post(request(1));
    worker.post(request(2));
    assert.equal(FakeWorker.made.length, 0, 'no worker before its URL');
    resolveUrl('blob:worker');
    await tick();
    assert.equal(FakeWorker.made.length, 1);
    assert.equal(FakeWorker.made[0].url, 'blob:worker');
    worker.post(request(3));
    assert.deepEqual(FakeWorker.made[0].posted.map((r) => (r as WorkerRequest).id), [1, 2, 3]);
    FakeWorker.made[0].onmessage!({ data: { id: 3, error: 'x' } satisfies WorkerResponse });
    assert.deepEqual(events.seen, ['message 3']);
  });

  test('terminated before its script arrived, it never starts', async () => {
    const events = recorder();
    const worker = webWorker(() => Promise.resolve('blob:worker'))(events);
    worker.post(request(1));
    await worker.terminate();
    await tick();
    assert.equal(FakeWorker.made.length, 0);
    assert.deepEqual(events.seen, []);
  });

  test('a script that cannot be read, and a worker that fails, are errors, not exceptions', async () => {
    const events = recorder();
    webWorker(() => Promise.reject(new Error('no such file')))(events);
    await tick();
    assert.deepEqual(events.seen, ['error no such file']);

    const failing = recorder();
    webWorker(() => Promise.resolve('blob:worker'))(failing);
    await tick();
    let prevented = false;
    FakeWorker.made[0].onerror!({ message: 'SyntaxError', preventDefault: () => (prevented = true) });
    assert.ok(prevented, 'the browser is told it was handled');
    assert.deepEqual(failing.seen, ['error the evaluation worker failed: SyntaxError']);
  });

  test('where there is no Worker at all, the runner rejects the evaluation instead of throwing', async () => {
    delete g.Worker;
    const runner = new WorkerRunner(webWorker(() => Promise.resolve('blob:worker')));
    await assert.rejects(runner.start('a = 1.0\n', {}).result, /cannot start a Web Worker/);
    runner.dispose();
  });

  test('under WorkerRunner: a result comes back; a newer start terminates the stale worker and a fresh one answers', async () => {
    const runner = new WorkerRunner(webWorker(() => Promise.resolve('blob:worker')));
    try {
      const stale = runner.start('a = 1.0\n', {});
      await tick();
      const fresh = runner.start('a = 2.0\n', {});
      await assert.rejects(stale.result, EvaluationCancelled);
      await tick();
      assert.equal(FakeWorker.made.length, 2);
      assert.ok(FakeWorker.made[0].terminated && !FakeWorker.made[1].terminated);
      const { id } = FakeWorker.made[1].posted[0] as WorkerRequest;
      const result = { cells: [] } as unknown as Extract<WorkerResponse, { result: unknown }>['result'];
      FakeWorker.made[1].onmessage!({ data: { id, result } satisfies WorkerResponse });
      assert.equal(await fresh.result, result);
      assert.equal(runner.busy, false);
    } finally {
      runner.dispose();
    }
  });
});
