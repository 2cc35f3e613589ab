import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, type EvalOptions, type EvalResult } from '../../../src/lang';
import {
  EvaluationCoordinator, needsWorker, WORKER_THRESHOLD_CELLS, WORKER_THRESHOLD_CHARS, WORKER_THRESHOLD_LINES,
  type Clock, type Evaluation,
} from '../../../src/extension/evaluation/coordinator';
import { EvaluationCancelled, type EvaluationRunner, type ProgressListener, type RunningEvaluation } from '../../../src/extension/evaluation/runners';
import type { EvalProgress } from '../../../src/lang';

/** Timers that run only when the test advances time. */
class FakeClock implements Clock {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  time(): number {
    return this.now;
  }
  get pending(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((x, y) => x[1].at - y[1].at)) {
      if (t.at <= this.now) {
        this.timers.delete(id);
        t.callback();
      }
    }
  }
}

/** A runner whose evaluations finish when the test says, so their order can be arranged. */
class ControlledRunner implements EvaluationRunner {
  readonly started: {
    text: string; options: EvalOptions; cancelled: boolean; finish(): void; fail(e: Error): void;
    /** Reports progress as the worker would. */
    progress(step: number): void;
  }[] = [];
  disposed = false;
  /** False for a runner like InlineRunner, whose cancel() cannot stop a run: it still resolves. */
  constructor(private readonly stoppable = true) {}
  start(text: string, options: EvalOptions, onProgress?: ProgressListener): RunningEvaluation {
    let resolve!: (r: EvalResult) => void, reject!: (e: Error) => void;
    const result = new Promise<EvalResult>((res, rej) => { resolve = res; reject = rej; });
    const entry = {
      text, options, cancelled: false,
      finish: () => resolve(evaluate(text, options)),
      fail: (e: Error) => reject(e),
      progress: (step: number) => onProgress?.({ cell: 0, loop: null, step, total: 100, series: [] }),
    };
    this.started.push(entry);
    return {
      result,
      cancel: () => {
        entry.cancelled = true;
        if (this.stoppable) reject(new EvaluationCancelled());
      },
    };
  }
  dispose(): void {
    this.disposed = true;
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(options: { large?: boolean; delay?: number; stoppable?: boolean } = {}) {
  const clock = new FakeClock();
  /** What the settings say now (gradlens.maxNodes, gradlens.timeBudgetMs); a test may change them. */
  const settings: EvalOptions = { maxNodes: 1000 };
  const docs = new Map<string, { version: number; text: string }>([['doc', { version: 1, text: 'a = 2.0\nL = a * 3\n' }]]);
  const inline = new ControlledRunner(options.stoppable);
  const workers: ControlledRunner[] = [];
  const published: Evaluation<string>[] = [];
  const failures: string[] = [];
  const progress: { version: number; step: number; at: number }[] = [];
  const coordinator = new EvaluationCoordinator<string>({
    read: (key) => {
      const d = docs.get(key);
      return d && { uri: key, version: d.version, text: d.text, lineCount: d.text.split('\n').length };
    },
    version: (key) => docs.get(key)?.version,
    delay: () => options.delay ?? 50,
    options: () => ({ ...settings }),
    publish: (e) => published.push(e),
    failed: (key, error) => failures.push(`${key}: ${error.message}`),
    progress: (_uri, version, p: EvalProgress) => progress.push({ version, step: p.step, at: clock.now }),
    clock,
    inline,
    createWorker: () => {
      const w = new ControlledRunner();
      workers.push(w);
      return w;
    },
    isLarge: () => options.large ?? false,
  });
  /** An edit: a new version, and the edited() the service makes on every change event. */
  const edit = (text: string) => {
    const d = docs.get('doc')!;
    docs.set('doc', { version: d.version + 1, text });
    coordinator.edited('doc');
  };
  const runner = () => (options.large ? workers[0] : inline);
  return { clock, docs, settings, inline, workers, published, failures, progress, coordinator, edit, runner };
}

describe('evaluation coordinator', () => {
  test('debounce: edits closer together than the delay give one evaluation, of the last text, a delay after the last edit', async () => {
    const { clock, coordinator, inline, published, edit } = setup();
    coordinator.schedule('doc');
    clock.advance(20); edit('a = 3.0\n');
    clock.advance(20); edit('a = 4.0\n');
    clock.advance(49);
    assert.equal(inline.started.length, 0);
    clock.advance(1);
    assert.deepEqual(inline.started.map((s) => s.text), ['a = 4.0\n']);
    assert.deepEqual(inline.started[0].options, { maxNodes: 1000 });
    inline.started[0].finish();
    await tick();
    assert.deepEqual(published.map((e) => e.version), [3]);
    assert.equal(coordinator.get('doc', 3), published[0]);
    assert.equal(published[0].result.cells[0].values.a.data, 4);
    assert.equal(published[0].lines.text, 'a = 4.0\n');
  });

  test('an edit after a pause is evaluated at once; the edits that follow it closely wait for the delay', async () => {
    const { clock, inline, edit } = setup();
    clock.advance(1000);
    edit('a = 3.0\n');
    clock.advance(0);
    assert.deepEqual(inline.started.map((s) => s.text), ['a = 3.0\n'], 'a lone keystroke does not wait 50 ms');
    inline.started[0].finish();
    await tick();
    clock.advance(10); edit('a = 4.0\n');
    clock.advance(10); edit('a = 5.0\n');
    clock.advance(49);
    assert.equal(inline.started.length, 1, 'keystrokes in a burst are debounced');
    clock.advance(1);
    assert.deepEqual(inline.started.map((s) => s.text), ['a = 3.0\n', 'a = 5.0\n']);
    // A pause as long as the delay makes the next edit a first one again.
    inline.started[1].finish();
    await tick();
    clock.advance(50); edit('a = 6.0\n');
    clock.advance(0);
    assert.equal(inline.started.at(-1)!.text, 'a = 6.0\n');
  });

  test('a large document waits for the delay even after a pause (each start would restart a training run)', async () => {
    const { clock, workers, edit, coordinator } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(1000);
    edit('for k in range(10):\n    pass\n');
    clock.advance(49);
    assert.equal(workers.flatMap((w) => w.started).filter((s) => s.text.startsWith('for')).length, 0);
    clock.advance(1);
    assert.equal(workers.flatMap((w) => w.started).filter((s) => s.text.startsWith('for')).length, 1);
  });

  test('a result that arrives after the document changed is dropped, and the newer version is shown', async () => {
    const { clock, coordinator, inline, published, edit } = setup();
    coordinator.schedule('doc');
    clock.advance(50);
    edit('a = 5.0\n'); // version 2, while version 1 is still evaluating
    inline.started[0].finish();
    await tick();
    assert.equal(published.length, 0);
    assert.equal(coordinator.get('doc', 1), undefined);
    clock.advance(50);
    inline.started[1].finish();
    await tick();
    assert.deepEqual(published.map((e) => [e.version, e.result.cells[0].values.a.data]), [[2, 5]]);
  });

  test('large documents go to a worker, and a newer edit cancels the stale run there', async () => {
    const { clock, coordinator, workers, inline, published, edit } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(50);
    assert.equal(workers.length, 1);
    edit('a = 6.0\n');
    clock.advance(50);
    const [first, second] = workers[0].started;
    assert.equal(first.cancelled, true);
    assert.equal(second.cancelled, false);
    second.finish();
    await tick();
    assert.deepEqual(published.map((e) => e.version), [2]);
    assert.equal(inline.started.length, 0);
    assert.equal(workers.length, 1, 'one worker per document, reused');
  });

  test('the edit itself stops a stale run in the worker, before the delay; the last result stays, marked stale', async () => {
    const { clock, coordinator, workers, published, edit } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(50);
    workers[0].started[0].finish();
    await tick();
    assert.equal(coordinator.isStale('doc'), false);
    edit('a = 6.0\n');
    clock.advance(50);
    const running = workers[0].started[1];
    edit('a = 7.0\n');
    assert.equal(running.cancelled, true, 'cancelled by the change, with no time passing');
    assert.equal(workers[0].started.length, 2, 'the next run waits for the delay');
    assert.equal(coordinator.latest('doc'), published[0], 'the last complete result is kept');
    assert.equal(coordinator.get('doc', 3), undefined);
    assert.equal(coordinator.isStale('doc'), true);
    clock.advance(50);
    workers[0].started[2].finish();
    await tick();
    assert.deepEqual(published.map((e) => e.version), [1, 3]);
    assert.equal(coordinator.isStale('doc'), false);
  });

  test('an edit leaves a run of the current version alone (a change without new text, evaluateNow)', async () => {
    const { coordinator, workers } = setup({ large: true });
    void coordinator.evaluateNow('doc');
    coordinator.edited('doc'); // same version: nothing changed the text
    assert.equal(workers[0].started[0].cancelled, false);
  });

  test('progress: at most one report per 100 ms, the newest held one sent when the interval ends', async () => {
    const { clock, coordinator, workers, progress } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(50);
    const run = workers[0].started[0];
    run.progress(1);
    run.progress(2);
    clock.advance(40);
    run.progress(3);
    assert.deepEqual(progress, [{ version: 1, step: 1, at: 50 }]);
    clock.advance(60);
    assert.deepEqual(progress.map((p) => [p.step, p.at]), [[1, 50], [3, 150]]);
    clock.advance(100);
    assert.equal(progress.length, 2, 'nothing new, nothing sent');
    run.progress(4);
    assert.deepEqual(progress.map((p) => [p.step, p.at]), [[1, 50], [3, 150], [4, 250]]);
    run.progress(5);
    run.finish();
    await tick();
    clock.advance(200);
    assert.equal(progress.length, 3, 'a report held when the result arrived is dropped');
    assert.equal(clock.pending, 0);
  });

  test('progress: nothing from a run an edit made stale, even a report already held', async () => {
    const { clock, coordinator, workers, progress, docs } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(50);
    const run = workers[0].started[0];
    run.progress(1);
    run.progress(2); // held
    // The new version is known before the change event: the report must not go out either way.
    docs.set('doc', { version: 2, text: 'a = 1.0\n' });
    run.progress(3);
    clock.advance(100);
    assert.deepEqual(progress.map((p) => p.step), [1]);
    coordinator.edited('doc');
    run.progress(4);
    clock.advance(100);
    assert.deepEqual(progress.map((p) => p.step), [1]);
  });

  test('evaluateNow skips the wait, and follows an edit that overtakes it', async () => {
    const { clock, coordinator, runner, edit } = setup({ large: true });
    const now = coordinator.evaluateNow('doc');
    assert.equal(runner().started.length, 1);
    edit('a = 7.0\n');
    clock.advance(50);
    runner().started[1].finish();
    const evaluation = await now;
    assert.equal(evaluation.version, 2);
    assert.equal(evaluation.result.cells[0].values.a.data, 7);
    assert.equal(await coordinator.evaluateNow('doc'), evaluation, 'an evaluation of the current version is reused');
    assert.equal(runner().started.length, 2);
  });

  test('evaluateNow cancels the pending debounce rather than evaluating twice', async () => {
    const { clock, coordinator, inline } = setup();
    coordinator.schedule('doc');
    const now = coordinator.evaluateNow('doc');
    inline.started[0].finish();
    await now;
    assert.equal(clock.pending, 0);
    clock.advance(100);
    assert.equal(inline.started.length, 1);
  });

  test('whenEvaluated waits for the debounced run instead of forcing one', async () => {
    const { clock, coordinator, inline } = setup();
    coordinator.schedule('doc');
    const answer: { evaluation?: Evaluation<string>; settled: boolean } = { settled: false };
    void coordinator.whenEvaluated('doc').then((e) => Object.assign(answer, { evaluation: e, settled: true }));
    await tick();
    assert.equal(inline.started.length, 0);
    assert.equal(answer.settled, false);
    clock.advance(50);
    inline.started[0].finish();
    await tick();
    assert.equal(answer.evaluation?.version, 1);
  });

  test('whenEvaluated for a version an edit overtook answers undefined once the newer one arrives', async () => {
    const { clock, coordinator, inline, edit } = setup();
    coordinator.schedule('doc');
    const old = coordinator.whenEvaluated('doc');
    edit('a = 8.0\n');
    const current = coordinator.whenEvaluated('doc');
    clock.advance(50);
    inline.started[0].finish();
    assert.equal(await old, undefined);
    assert.equal((await current)?.version, 2);
  });

  test('whenEvaluated starts an evaluation when none is due', async () => {
    const { coordinator, inline } = setup();
    const pending = coordinator.whenEvaluated('doc');
    assert.equal(inline.started.length, 1);
    inline.started[0].finish();
    assert.equal((await pending)?.version, 1);
  });

  test('closing cancels running work, the timer and the worker, and answers waiters', async () => {
    const { clock, coordinator, workers, docs, edit, published } = setup({ large: true });
    const now = coordinator.evaluateNow('doc');
    edit('a = 9.0\n');
    const waiting = coordinator.whenEvaluated('doc');
    docs.delete('doc');
    coordinator.close('doc');
    assert.equal(workers[0].started[0].cancelled, true);
    assert.equal(workers[0].disposed, true);
    assert.equal(clock.pending, 0);
    assert.equal(await waiting, undefined);
    await assert.rejects(now, /not open/);
    assert.deepEqual(published, []);
  });

  test('a failed evaluation is reported, not published, and rejects evaluateNow', async () => {
    const { coordinator, workers, failures, published } = setup({ large: true });
    const now = coordinator.evaluateNow('doc');
    workers[0].started[0].fail(new Error('worker crashed'));
    await assert.rejects(now, /worker crashed/);
    assert.deepEqual(failures, ['doc: worker crashed']);
    assert.deepEqual(published, []);
  });

  test('invalidate re-evaluates the same version (settings that shape results changed)', async () => {
    const { clock, coordinator, inline, published } = setup();
    const first = coordinator.evaluateNow('doc');
    inline.started[0].finish();
    await first;
    coordinator.invalidate('doc');
    assert.equal(coordinator.get('doc', 1), undefined);
    clock.advance(50);
    inline.started[1].finish();
    await tick();
    assert.deepEqual(published.map((e) => e.version), [1, 1]);
  });

  test('a settings change while a run is under way cancels it: the result published is made with the new settings', async () => {
    const { clock, coordinator, workers, settings, published } = setup({ large: true });
    coordinator.schedule('doc');
    clock.advance(50);
    const waiting = coordinator.whenEvaluated('doc');
    settings.maxNodes = 1;
    coordinator.invalidate('doc');
    const [old] = workers[0].started;
    assert.equal(old.cancelled, true);
    clock.advance(50);
    assert.equal(workers[0].started.length, 2, 'a new run, not the old one waited for');
    const [, fresh] = workers[0].started;
    assert.deepEqual(fresh.options, { maxNodes: 1 });
    fresh.finish();
    const evaluation = await waiting;
    assert.equal(evaluation?.result.stoppedByBound, 'nodes', 'the waiter gets the new settings\' result');
    assert.deepEqual(published.map((e) => e.result.stoppedByBound), ['nodes']);
  });

  test('a run that cannot be stopped and finishes after the settings changed is not published', async () => {
    const { clock, coordinator, inline, settings, published } = setup({ stoppable: false });
    const now = coordinator.evaluateNow('doc');
    settings.maxNodes = 1;
    coordinator.invalidate('doc');
    inline.started[0].finish();
    await tick();
    assert.equal(published.length, 0);
    assert.equal(inline.started.length, 2, 'evaluateNow follows with a run of the new settings');
    inline.started[1].finish();
    assert.equal((await now).result.stoppedByBound, 'nodes');
    clock.advance(50);
    await tick();
    assert.equal(inline.started.length, 2, 'and the scheduled run finds that result current');
    assert.deepEqual(published.map((e) => e.result.stoppedByBound), ['nodes']);
  });
});

describe('which files go to the worker', () => {
  test('more than the line bound or the character bound', () => {
    const line = 'a = 1.0\n';
    assert.equal(needsWorker({ text: line.repeat(WORKER_THRESHOLD_LINES - 1), lineCount: WORKER_THRESHOLD_LINES }), false);
    assert.equal(needsWorker({ text: line.repeat(WORKER_THRESHOLD_LINES), lineCount: WORKER_THRESHOLD_LINES + 1 }), true);
    assert.equal(needsWorker({ text: 'x'.repeat(WORKER_THRESHOLD_CHARS), lineCount: 1 }), false);
    assert.equal(needsWorker({ text: 'x'.repeat(WORKER_THRESHOLD_CHARS + 1), lineCount: 1 }), true);
  });

  test('more cells than the cell bound, however short the file', () => {
    const cells = (n: number) => '# %% step\nx = x * a\n'.repeat(n);
    assert.equal(needsWorker({ text: cells(WORKER_THRESHOLD_CELLS), lineCount: 2 * WORKER_THRESHOLD_CELLS }), false);
    assert.equal(needsWorker({ text: cells(WORKER_THRESHOLD_CELLS + 1), lineCount: 2 * WORKER_THRESHOLD_CELLS + 2 }), true);
    // `#%%` and a `# %%` inside a line are not markers.
    assert.equal(needsWorker({ text: 'y = 1 # %% no\n#%%\n'.repeat(WORKER_THRESHOLD_CELLS + 1), lineCount: 400 }), false);
  });

  test('any loop, function or class, however short the file: its running time has nothing to do with its length', () => {
    for (const text of ['while True:\n    pass\n', 'xs = [x*x for x in range(10**6)]\n', 'def f(x):\n    return x\n', 'class A:\n    pass\n', 'f = lambda x: x\n']) {
      assert.equal(needsWorker({ text, lineCount: 2 }), true, text);
    }
    // Straight-line lecture cells stay inline, and so does a comment that mentions a loop.
    assert.equal(needsWorker({ text: 'a = 2.0\nb = a * 3  # for the lecture\n', lineCount: 2 }), false);
  });
});
