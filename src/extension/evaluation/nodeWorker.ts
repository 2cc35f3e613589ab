import { Worker } from 'node:worker_threads';
import type { StartWorker } from './workerPort';

/** The evaluation worker in Node's extension host: a worker thread running `script` (dist/evalWorker.js). */
export function nodeWorker(script: string): StartWorker {
  return (events) => {
    const worker = new Worker(script);
    worker.on('message', events.message);
    worker.on('error', events.error);
    worker.on('exit', events.exit);
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => worker.terminate(),
      hold: (held) => (held ? worker.ref() : worker.unref()),
    };
  };
}
