// The entry point of dist/evalWorker.js: evaluates large .grad files off the extension
// host's thread. One request at a time; WorkerRunner terminates it to cancel.
import { parentPort } from 'node:worker_threads';
import { evaluate, type EvalProgress } from '../../lang';
import type { WorkerRequest, WorkerResponse } from './runners';
import { transferables } from './transfer';

const port = parentPort;
if (!port) throw new Error('evalWorker.js runs only as a worker thread');

port.on('message', ({ id, text, options, progress }: WorkerRequest) => {
  let response: WorkerResponse;
  const onProgress = progress
    ? (p: EvalProgress) => port.postMessage({ id, progress: p } satisfies WorkerResponse)
    : undefined;
  try {
    response = { id, result: evaluate(text, { ...options, onProgress }) };
  } catch (e) {
    // evaluate() turns every problem into a diagnostic; this catches only what escapes it.
    response = { id, error: e instanceof Error ? e.message : String(e) };
  }
  // Typed arrays (a large graph's columns) move to the host instead of being copied there:
  // a copy is made on the receiving thread, the extension host's, as it reads the message.
  port.postMessage(response, 'result' in response ? transferables(response.result) : []);
});
