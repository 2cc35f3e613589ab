import type { WorkerRequest, WorkerResponse } from './protocol';
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
 * `scriptUrl` gives the URL of the worker's script (dist/web/evalWorker.js) once it can be
 * started: a Blob URL of the script's text (extension.web.ts). VS Code's web-worker host
 * refuses a Worker on an extension's own vscode-remote: URL (code-server), and where an
 * extension's files live differs between hosts; a Blob URL is same-origin everywhere.
 * Getting it is asynchronous, so requests posted before the worker exists wait in order.
 */
export function webWorker(scriptUrl: () => Promise<string>): StartWorker {
  return (events) => {
    const Worker = (globalThis as { Worker?: WorkerConstructor }).Worker;
    if (!Worker) throw new Error('this extension host cannot start a Web Worker');
    let worker: WebWorkerLike | undefined;
    let stopped = false;
    const waiting: WorkerRequest[] = [];
    scriptUrl().then((url) => {
      if (stopped) return;
      const started = new Worker(url, { name: 'GradLens evaluation' });
      started.onmessage = (event) => events.message(event.data as WorkerResponse);
      started.onerror = (event) => {
        // Handled here: otherwise the browser reports it again as an uncaught error.
        event.preventDefault();
        events.error(new Error(`the evaluation worker failed: ${event.message ?? 'it could not be loaded'}`));
      };
      started.onmessageerror = () => events.error(new Error('a message from the evaluation worker could not be read'));
      worker = started;
      for (const request of waiting.splice(0)) started.postMessage(request);
    }).catch((error: unknown) => {
      if (!stopped) events.error(error instanceof Error ? error : new Error(String(error)));
    });
    return {
      post: (request) => (worker ? worker.postMessage(request) : waiting.push(request)),
      // A Web Worker stops at once and says nothing more; one not started yet never starts.
      terminate: () => {
        stopped = true;
        worker?.terminate();
        return Promise.resolve();
      },
      hold: () => {},
    };
  };
}
