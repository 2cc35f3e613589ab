import GRAPH_WORKER_SOURCE from 'graph-worker-source';
import type { GraphColumns } from '../src/graph/columns';
import type { StepMode } from '../src/shared/protocol';
import type { LayoutAnswer, LayoutRequest, WorkerAnswer, WorkerRequest } from './layoutMessages';
import type { ReplayAnswer, ReplayFailed } from './stepMessages';

// The page's side of the layout worker: starts it from the worker's source bundled into
// this script (a Blob URL: the CSP allows `worker-src blob:` and nothing else), sends it
// one request at a time, keeps only the newest waiting one, and abandons a layout that a
// newer request has made stale: its answer is ignored, and if it runs on past
// ABANDON_AFTER_MS while a request for another graph waits, the worker is terminated and
// a fresh one takes the newer request (Graphviz cannot be interrupted any other way).
//
// A graph's columns are transferred to the worker, not copied: for a million rows that
// is tens of megabytes the page's thread neither copies nor keeps. So a worker is only
// replaced for a new graph; a stale layout of the graph the worker holds (a group
// clicked while another opens) runs out, and its answer is dropped.


export const ABANDON_AFTER_MS = 300;

type Request = Omit<LayoutRequest, 'type' | 'id' | 'columns' | 'onScreen'>;

export interface LayoutClientEvents {
  answered(answer: LayoutAnswer, request: Request): void;
  /** A layout started or ended: the page's quiet progress bar. */
  busy(running: boolean): void;
}

export class LayoutClient {
  private worker: Worker;
  private readonly url: string;
  private nextId = 1;
  /** The graph the worker has; a new one is sent with the next request. */
  private workerColumns: GraphColumns | null = null;
  private columns: GraphColumns | null = null;
  private running: { id: number; request: Request; started: number } | null = null;
  private waiting: Request | null = null;
  private abandonTimer: ReturnType<typeof setTimeout> | undefined;
  /** Exports asked for and not answered: kept with their DOT, to ask a restarted worker again. */
  private readonly exports = new Map<number, { dot: string; resolve: (svg: string) => void }>();
  private readonly replays = new Map<number, (answer: ReplayAnswer | ReplayFailed) => void>();
  /** The answer whose drawing is on screen (the page says so after showing it). */
  onScreen: number | null = null;
  /** Workers started, for tests: a terminated layout starts a new one. */
  restarts = 0;

  constructor(private readonly events: LayoutClientEvents) {
    this.url = URL.createObjectURL(new Blob([GRAPH_WORKER_SOURCE], { type: 'text/javascript' }));
    this.worker = this.start();
  }

  /** The graph the next layouts are of. */
  setColumns(columns: GraphColumns | null): void {
    this.columns = columns;
  }

  /** Lays the current graph out as `request` says, after what runs now (or instead of it). */
  submit(request: Request): void {
    this.waiting = request;
    if (this.running === null) this.next();
    else this.scheduleAbandon();
  }

  exportSvg(dot: string): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.exports.set(id, { dot, resolve });
      this.post({ type: 'export', id, dot });
    });
  }

  /** The step-through's walk of the drawing on screen (the worker holds its view and columns). */
  replay(mode: StepMode, precision: number): Promise<ReplayAnswer | ReplayFailed> {
    const id = this.nextId++;
    const drawing = this.onScreen;
    if (drawing === null) return Promise.resolve({ type: 'replayFailed', id, message: 'no drawing is on screen' });
    return new Promise((resolve) => {
      this.replays.set(id, resolve);
      this.post({ type: 'replay', id, mode, drawing, precision });
    });
  }

  private start(): Worker {
    const worker = new Worker(this.url, { name: 'GradLens layout' });
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => this.onAnswer(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      const running = this.running;
      this.running = null;
      if (running !== null) this.events.answered({ type: 'failed', id: running.id, message: event.message || 'the layout worker failed' }, running.request);
      this.next();
    };
    worker.postMessage({ type: 'warm' } satisfies WorkerRequest);
    // A new worker has none of the old one's drawings to walk.
    for (const [id, resolve] of this.replays) resolve({ type: 'replayFailed', id, message: 'the layout worker restarted' });
    this.replays.clear();
    this.workerColumns = null;
    this.onScreen = null;
    return worker;
  }

  private post(message: WorkerRequest): void {
    this.worker.postMessage(message);
  }

  private next(): void {
    const request = this.waiting;
    if (request === null || this.columns === null) {
      this.events.busy(false);
      return;
    }
    this.waiting = null;
    const id = this.nextId++;
    const columns = this.columns;
    const fresh = columns !== this.workerColumns;
    if (fresh && isDetached(columns)) {
      // Given to a worker that has since failed: the host must send the graph again.
      this.events.answered({ type: 'failed', id, message: 'the layout worker stopped; edit the file or reopen the panel to draw the graph again' }, request);
      this.next();
      return;
    }
    const message: WorkerRequest = { type: 'layout', id, ...request, onScreen: this.onScreen, ...(fresh ? { columns } : {}) };
    this.worker.postMessage(message, fresh ? buffersOf(columns) : []);
    this.workerColumns = columns;
    this.running = { id, request, started: performance.now() };
    this.events.busy(true);
  }

  private scheduleAbandon(): void {
    if (this.abandonTimer !== undefined || this.running === null) return;
    const left = Math.max(0, ABANDON_AFTER_MS - (performance.now() - this.running.started));
    this.abandonTimer = setTimeout(() => {
      this.abandonTimer = undefined;
      if (this.running === null || this.waiting === null) return;
      // The worker holds this graph and the page no longer does: let the layout run out.
      if (this.columns === this.workerColumns) return;
      // Stale and still running: Graphviz on a big graph can take seconds. Start over.
      this.worker.terminate();
      this.restarts++;
      this.running = null;
      this.worker = this.start();
      // An export needs only its DOT, which the new worker can render as well.
      for (const [id, { dot }] of this.exports) this.post({ type: 'export', id, dot });
      this.next();
    }, left);
  }

  private onAnswer(answer: WorkerAnswer): void {
    if (answer.type === 'exported') {
      this.exports.get(answer.id)?.resolve(answer.svg);
      this.exports.delete(answer.id);
      return;
    }
    if (answer.type === 'replayed' || answer.type === 'replayFailed') {
      this.replays.get(answer.id)?.(answer);
      this.replays.delete(answer.id);
      return;
    }
    const running = this.running;
    if (running === null || running.id !== answer.id) return;
    this.running = null;
    clearTimeout(this.abandonTimer);
    this.abandonTimer = undefined;
    // A newer request waits: this answer is already stale, so it is never shown.
    if (this.waiting === null) this.events.answered(answer, running.request);
    this.next();
  }
}

/** Every buffer under the columns, once each (two columns may share one). */
function buffersOf(columns: GraphColumns): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    columns.id, columns.data, columns.grad, columns.input0, columns.input1, columns.op, columns.kind, columns.label, columns.site, columns.scope,
    columns.scopes.parent, columns.scopes.kind, columns.scopes.name, columns.scopes.index, columns.scopes.site,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

function isDetached(columns: GraphColumns): boolean {
  return columns.size > 0 && columns.id.buffer.byteLength === 0;
}
