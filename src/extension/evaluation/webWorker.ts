import type { WorkerResponse } from './protocol';
import type { StartWorker } from './workerPort';

// The evaluation worker in VS Code for the Web: a Web Worker nested in the web-worker
// extension host. The host's own types are ES2022 without the DOM's, so the few members
// used are declared here rather than pulling the DOM's globals into every module.

interface WebWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => WebWorkerLike;

/**
 * `url` is the worker bundle (dist/web/evalWorker.js) as the extension host can load it:
 * VS Code's web-worker host starts a nested Worker from an extension's own URL.
 */
export function webWorker(url: string): StartWorker {
  return (events) => {
    const Worker = (globalThis as { Worker?: WorkerConstructor }).Worker;
    if (!Worker) throw new Error('this extension host cannot start a Web Worker');
    const worker = new Worker(url, { name: 'GradLens evaluation' });
    worker.onmessage = (event) => events.message(event.data as WorkerResponse);
    worker.onerror = (event) => {
      // Handled here: otherwise the browser reports it again as an uncaught error.
      event.preventDefault();
      events.error(new Error(`the evaluation worker failed: ${event.message ?? 'it could not be loaded'}`));
    };
    worker.onmessageerror = () => events.error(new Error('a message from the evaluation worker could not be read'));
    return {
      post: (request) => worker.postMessage(request),
      // A Web Worker stops at once and says nothing more.
      terminate: () => {
        worker.terminate();
        return Promise.resolve();
      },
      hold: () => {},
    };
  };
}
