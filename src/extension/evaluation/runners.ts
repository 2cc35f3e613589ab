import { Worker } from 'node:worker_threads';
import { evaluate, type EvalOptions, type EvalProgress, type EvalResult } from '../../lang';

/** An evaluation under way. */
export interface RunningEvaluation {
  readonly result: Promise<EvalResult>;
  /** Stops the work if it is still running; `result` then rejects with EvaluationCancelled. */
  cancel(): void;
}

/** Called while a long cell's top-level loop runs (see EvalOptions.onProgress). */
export type ProgressListener = (progress: EvalProgress) => void;

export interface EvaluationRunner {
  /** `onProgress` is heard only where evaluation takes long enough to need it: in a worker. */
  start(text: string, options: EvalOptions, onProgress?: ProgressListener): RunningEvaluation;
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
    // Nothing to cancel: by the time anyone could, it has finished. Nothing to report
    // either: nobody could see a progress event before the result.
    return { result: new Promise((resolve) => resolve(evaluate(text, options))), cancel: () => {} };
  }

  dispose(): void {}
}

/** What the host posts to the worker (src/extension/evaluation/evalWorker.ts). */
export interface WorkerRequest {
  id: number;
  text: string;
  /** Without onProgress: a function cannot cross to a thread. `progress` asks for the messages instead. */
  options: Omit<EvalOptions, 'onProgress'>;
  progress: boolean;
}

export type WorkerResponse =
  | { id: number; result: EvalResult }
  | { id: number; error: string }
  /** Between the request and its result, as often as options.progressIntervalMs allows. */
  | { id: number; progress: EvalProgress };

/**
 * Evaluates in one Node worker thread so a large file never blocks the extension host.
 * The worker runs one evaluation at a time; starting another while one is still running
 * means that one is stale, and since the evaluator cannot be interrupted mid-run, the
 * worker is terminated and a fresh one takes the new work.
 */
export class WorkerRunner implements EvaluationRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (r: EvalResult) => void; reject: (e: Error) => void; onProgress?: ProgressListener } | undefined;
  private disposed = false;
  private exited: Promise<unknown> | undefined;

  constructor(private readonly scriptPath: string) {}

  /** Whether an evaluation is running: for tests and for deciding to terminate. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** The current worker thread's id: a new one means the old thread was terminated. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Settles once the last terminated thread has stopped running (for measuring cancellation). */
  get lastTermination(): Promise<unknown> | undefined {
    return this.exited;
  }

  start(text: string, options: EvalOptions, onProgress?: ProgressListener): RunningEvaluation {
    if (this.disposed) throw new Error('WorkerRunner used after dispose');
    if (this.pending) this.terminate(new EvaluationCancelled());
    const id = this.nextId++;
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      // Never a throw into the caller's timer: a failure is a rejected result, logged there.
      return { result: Promise.reject(error instanceof Error ? error : new Error(String(error))), cancel: () => {} };
    }
    const result = new Promise<EvalResult>((resolve, reject) => {
      this.pending = { id, resolve, reject, onProgress };
    });
    // Held only while working: an idle worker must not keep a test process or a
    // shutting-down host alive, and a busy one must (nothing else may be waiting).
    worker.ref();
    const { onProgress: _, ...cloneable } = options;
    worker.postMessage({ id, text, options: cloneable, progress: onProgress !== undefined } satisfies WorkerRequest);
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
      if ('progress' in message) {
        pending.onProgress?.(message.progress);
        return;
      }
      this.pending = undefined;
      worker.unref();
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
    // A crash (an exception that escaped the worker, running out of memory) or a kill from
    // outside: the evaluation under way fails, and the next start() makes a fresh worker.
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
    // terminate() stops the thread's JavaScript at once, mid-expression if need be.
    if (worker) this.exited = worker.terminate();
    pending?.reject(reason);
  }
}
