import { evaluate, type EvalProgress } from '../../lang';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { transferables } from './transfer';

// What the evaluation worker does with a request, the same in a Node worker thread
// (evalWorker.ts) and a Web Worker (evalWorker.web.ts); each entry only wires its
// thread's message port to this.

/** Posts a message to the host, handing over the buffers in `transfer`. */
export type PostToHost = (message: WorkerResponse, transfer: ArrayBuffer[]) => void;

/** Answers one request: progress messages while it runs, then its result or error. */
export function serveRequest({ id, text, options, progress }: WorkerRequest, post: PostToHost): void {
  let response: WorkerResponse;
  const onProgress = progress ? (p: EvalProgress) => post({ id, progress: p }, []) : undefined;
  try {
    response = { id, result: evaluate(text, { ...options, onProgress }) };
  } catch (e) {
    // evaluate() turns every problem into a diagnostic; this catches only what escapes it.
    response = { id, error: e instanceof Error ? e.message : String(e) };
  }
  // Typed arrays (a large graph's columns) move to the host instead of being copied there:
  // a copy is made on the receiving thread, the extension host's, as it reads the message.
  post(response, 'result' in response ? transferables(response.result) : []);
}
