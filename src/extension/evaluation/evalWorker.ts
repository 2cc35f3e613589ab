// The entry point of dist/evalWorker.js: evaluates large .grad files off the extension
// host's thread. One request at a time; WorkerRunner terminates it to cancel.
import { parentPort } from 'node:worker_threads';
import { evaluate } from '../../lang';
import type { WorkerRequest, WorkerResponse } from './runners';

const port = parentPort;
if (!port) throw new Error('evalWorker.js runs only as a worker thread');

port.on('message', ({ id, text, options }: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id, result: evaluate(text, options) };
  } catch (e) {
    // evaluate() turns every problem into a diagnostic; this catches only what escapes it.
    response = { id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(response);
});
