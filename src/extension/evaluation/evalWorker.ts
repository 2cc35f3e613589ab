// The entry point of dist/evalWorker.js: evaluates large .grad files off the extension
// host's thread, in a Node worker thread. One request at a time; WorkerRunner terminates
// it to cancel. The browser build's twin is evalWorker.web.ts.
import { parentPort } from 'node:worker_threads';
import { serveRequest } from './evalWorkerCore';
import type { WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('evalWorker.js runs only as a worker thread');

port.on('message', (request: WorkerRequest) => serveRequest(request, (message, transfer) => port.postMessage(message, transfer)));
