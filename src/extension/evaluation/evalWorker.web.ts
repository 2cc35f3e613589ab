// The entry point of dist/web/evalWorker.js: the evaluation worker of the browser build,
// a Web Worker started by the web-worker extension host (webWorker.ts). The same work as
// the Node thread's (evalWorker.ts), on the Web Worker's own message port.
import { serveRequest } from './evalWorkerCore';
import type { WorkerRequest } from './protocol';

/** The few members of a dedicated worker's global scope used here (no DOM types in this project). */
interface WorkerScope {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => serveRequest(event.data, (message, transfer) => scope.postMessage(message, transfer));
