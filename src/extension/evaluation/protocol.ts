import type { EvalOptions, EvalProgress, EvalResult } from '../../lang';

// The messages between the extension host and the evaluation worker, the same for a
// Node worker thread and a Web Worker.

/** What the host posts to the worker (evalWorker.ts, evalWorker.web.ts). */
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
