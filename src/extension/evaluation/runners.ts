import { Worker } from 'node:worker_threads';
import { evaluate, type EvalOptions, type EvalResult } from '../../lang';

/** An evaluation under way. */
export interface RunningEvaluation {
  readonly result: Promise<EvalResult>;
  /** Stops the work if it is still running; `result` then rejects with EvaluationCancelled. */
  cancel(): void;
}

export interface EvaluationRunner {
  start(text: string, options: EvalOptions): RunningEvaluation;
  dispose(): void;
}

export class EvaluationCancelled extends Error {
  constructor() {
    super('evaluation cancelled: a newer edit made it stale');
    this.name = 'EvaluationCancelled';
  }
}

/**
 * Evaluates on the calling thread. Right for small files: a 100-value cell takes about a
 * millisecond, far less than starting or messaging a worker.
 */
export class InlineRunner implements EvaluationRunner {
  start(text: string, options: EvalOptions): RunningEvaluation {
    // Nothing to cancel: by the time anyone could, it has finished.
    return { result: new Promise((resolve) => resolve(evaluate(text, options))), cancel: () => {} };
  }

  dispose(): void {}
}

/** What the host posts to the worker (src/extension/evaluation/evalWorker.ts). */
export interface WorkerRequest {
  id: number;
  text: string;
  options: EvalOptions;
}

export type WorkerResponse =
  | { id: number; result: EvalResult }
  | { id: number; error: string };

/**
 * Evaluates in one Node worker thread so a large file never blocks the extension host.
 * The worker runs one evaluation at a time; starting another while one is still running
 * means that one is stale, and since the evaluator cannot be interrupted mid-run, the
 * worker is terminated and a fresh one takes the new work.
 */
export class WorkerRunner implements EvaluationRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (r: EvalResult) => void; reject: (e: Error) => void } | undefined;
  private disposed = false;

  constructor(private readonly scriptPath: string) {}

  /** Whether an evaluation is running: for tests and for deciding to terminate. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** The current worker thread's id: a new one means the old thread was terminated. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  start(text: string, options: EvalOptions): RunningEvaluation {
    if (this.disposed) throw new Error('WorkerRunner used after dispose');
    if (this.pending) this.terminate(new EvaluationCancelled());
    const id = this.nextId++;
    const worker = this.ensureWorker();
    const result = new Promise<EvalResult>((resolve, reject) => {
      this.pending = { id, resolve, reject };
    });
    // Held only while working: an idle worker must not keep a test process or a
    // shutting-down host alive, and a busy one must (nothing else may be waiting).
    worker.ref();
    worker.postMessage({ id, text, options } satisfies WorkerRequest);
    return {
      result,
      cancel: () => {
        if (this.pending?.id === id) this.terminate(new EvaluationCancelled());
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.terminate(new EvaluationCancelled());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath);
    worker.on('message', (message: WorkerResponse) => {
      const pending = this.pending;
      if (!pending || pending.id !== message.id) return;
      this.pending = undefined;
      worker.unref();
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the evaluation worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private terminate(reason: Error): void {
    const worker = this.worker;
    const pending = this.pending;
    this.worker = undefined;
    this.pending = undefined;
    if (worker) void worker.terminate();
    pending?.reject(reason);
  }
}
