import { evaluate, type EvalOptions, type EvalProgress, type EvalResult } from '../../lang';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { EvalWorker, StartWorker } from './workerPort';

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

/**
 * Evaluates in one worker (a Node worker thread or a Web Worker: `startWorker` says
 * which, workerPort.ts) so a large file never blocks the extension host.
 * The worker runs one evaluation at a time; starting another while one is still running
 * means that one is stale, and since the evaluator cannot be interrupted mid-run, the
 * worker is terminated and a fresh one takes the new work.
 */
export class WorkerRunner implements EvaluationRunner {
  private worker: EvalWorker | undefined;
  /** Which worker this is, counting from 1: a new number means the old worker was terminated. */
  private workers = 0;
  private current: number | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (r: EvalResult) => void; reject: (e: Error) => void; onProgress?: ProgressListener } | undefined;
  private disposed = false;
  private exited: Promise<unknown> | undefined;

  constructor(private readonly startWorker: StartWorker) {}

  /** Whether an evaluation is running: for tests and for deciding to terminate. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** The current worker's number: a new one means the old worker was terminated. */
  get workerId(): number | undefined {
    return this.worker && this.current;
  }

  /** Settles once the last terminated thread has stopped running (for measuring cancellation). */
  get lastTermination(): Promise<unknown> | undefined {
    return this.exited;
  }

  start(text: string, options: EvalOptions, onProgress?: ProgressListener): RunningEvaluation {
    if (this.disposed) throw new Error('WorkerRunner used after dispose');
    if (this.pending) this.terminate(new EvaluationCancelled());
    const id = this.nextId++;
    let worker: EvalWorker;
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
    worker.hold(true);
    const { onProgress: _, ...cloneable } = options;
    worker.post({ id, text, options: cloneable, progress: onProgress !== undefined } satisfies WorkerRequest);
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

  private ensureWorker(): EvalWorker {
    if (this.worker) return this.worker;
    // The events of a terminated worker are not this one's: `mine` tells them apart.
    let worker: EvalWorker | undefined;
    const mine = () => worker !== undefined && this.worker === worker;
    // A crash (an exception that escaped the worker, running out of memory) or a kill from
    // outside: the evaluation under way fails, and the next start() makes a fresh worker.
    const fail = (error: Error) => {
      if (!mine()) return;
      this.worker = undefined;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    worker = this.startWorker({
      message: (message: WorkerResponse) => {
        const pending = this.pending;
        if (!mine() || !pending || pending.id !== message.id) return;
        if ('progress' in message) {
          pending.onProgress?.(message.progress);
          return;
        }
        this.pending = undefined;
        worker!.hold(false);
        if ('result' in message) pending.resolve(message.result);
        else pending.reject(new Error(message.error));
      },
      error: fail,
      exit: (code) => fail(new Error(`the evaluation worker exited with code ${code}`)),
    });
    this.worker = worker;
    this.current = ++this.workers;
    return worker;
  }

  private terminate(reason: Error): void {
    const worker = this.worker;
    const pending = this.pending;
    this.worker = undefined;
    this.pending = undefined;
    // terminate() stops the worker's JavaScript at once, mid-expression if need be.
    if (worker) this.exited = worker.terminate();
    pending?.reject(reason);
  }
}
