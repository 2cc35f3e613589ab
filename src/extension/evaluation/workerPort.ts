import type { WorkerRequest, WorkerResponse } from './protocol';

// One evaluation worker as WorkerRunner sees it, whatever runs it: a Node worker thread
// (nodeWorker.ts, the desktop's extension host) or a Web Worker (webWorker.ts, VS Code
// for the Web's web-worker extension host). The runner's logic (one request at a time,
// terminate to cancel, a fresh worker after a crash) is the same for both; only starting,
// messaging and stopping differ, and those are all an adapter does.

/** What a worker tells its runner. */
export interface EvalWorkerEvents {
  message(response: WorkerResponse): void;
  /** It failed to load or an exception escaped it: the evaluation under way fails. */
  error(error: Error): void;
  /** It stopped by itself (Node reports this; a Web Worker never does). */
  exit(code: number): void;
}

export interface EvalWorker {
  post(request: WorkerRequest): void;
  /** Stops its JavaScript at once; settles when it has stopped. */
  terminate(): Promise<unknown>;
  /**
   * Whether the worker keeps its process alive: held while working, so a busy worker
   * is waited for, released when idle, so an idle one does not keep a test process or a
   * shutting-down host running. A browser has no such notion: a no-op there.
   */
  hold(held: boolean): void;
}

/** Starts one worker, reporting to `events`; throws if it cannot even be created. */
export type StartWorker = (events: EvalWorkerEvents) => EvalWorker;
