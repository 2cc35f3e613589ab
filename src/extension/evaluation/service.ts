import * as vscode from 'vscode';
import { LineIndex, type EvalOptions, type EvalProgress } from '../../lang';
import { affects, readConfig } from '../config';
import { Disposable } from '../dispose';
import { EvaluationCoordinator, needsWorker, realClock, type Clock, type Evaluation } from './coordinator';
import { InlineRunner, WorkerRunner, type EvaluationRunner } from './runners';
import type { StartWorker } from './workerPort';

export const LANGUAGE_ID = 'grad';

/** The latest evaluation of one version of a `.grad` document. */
export type DocumentEvaluation = Evaluation<vscode.Uri>;

/** How far a long evaluation of a document's current version got. */
export interface DocumentProgress {
  uri: vscode.Uri;
  /** The document version being evaluated. */
  version: number;
  progress: EvalProgress;
}

export interface EvaluationServiceOptions {
  /**
   * Starts an evaluation worker: a Node worker thread on dist/evalWorker.js, or in the
   * browser build a Web Worker on dist/web/evalWorker.js (the entry points choose).
   */
  startWorker: StartWorker;
  clock?: Clock;
  /** Reports a failed evaluation (a crashed worker): not the user's mistake, so not a diagnostic. */
  log?: (message: string) => void;
  /** Makes the worker runner for a document (tests watch it); by default a WorkerRunner on startWorker. */
  createWorker?: () => EvaluationRunner;
}

/**
 * Evaluates every open `.grad` document after each pause in typing and tells listeners
 * (diagnostics, inlay hints, the graph panel) when a fresh result arrives.
 */
export class EvaluationService extends Disposable {
  private readonly emitter = new vscode.EventEmitter<DocumentEvaluation>();
  /** Fires with each evaluation of a document's current version; stale ones never fire. */
  readonly onDidEvaluate: vscode.Event<DocumentEvaluation> = this.emitter.event;
  private readonly progressEmitter = new vscode.EventEmitter<DocumentProgress>();
  /**
   * Fires while a long evaluation (one in the worker) runs a cell's top-level loop: at
   * most once per 100 ms per document, and never for a version an edit has replaced.
   */
  readonly onDidProgress: vscode.Event<DocumentProgress> = this.progressEmitter.event;
  private readonly coordinator: EvaluationCoordinator<vscode.Uri>;
  private readonly startWorker: StartWorker;

  constructor(options: EvaluationServiceOptions) {
    super();
    const startWorker = options.startWorker;
    this.startWorker = startWorker;
    const log = options.log ?? (() => {});
    this.coordinator = new EvaluationCoordinator<vscode.Uri>({
      read: (key) => {
        const document = this.openDocument(key);
        return document && { uri: document.uri, version: document.version, text: document.getText(), lineCount: document.lineCount };
      },
      version: (key) => this.openDocument(key)?.version,
      delay: (key) => readConfig(this.openDocument(key)).updateDelay,
      options: (key) => {
        const config = readConfig(this.openDocument(key));
        return { maxNodes: config.maxNodes, timeBudgetMs: config.timeBudgetMs };
      },
      publish: (evaluation) => this.emitter.fire(evaluation),
      progress: (uri, version, progress) => this.progressEmitter.fire({ uri, version, progress }),
      // The results shown stay those of the last evaluation that succeeded; the next edit
      // evaluates again (in a fresh worker, if the worker was what failed).
      failed: (key, error) => log(`Evaluating ${key} failed: ${error.message}; the next edit evaluates it again`),
      clock: options.clock ?? realClock,
      inline: new InlineRunner(),
      createWorker: options.createWorker ?? (() => new WorkerRunner(startWorker)),
      isLarge: needsWorker,
    });

    this._register(vscode.workspace.onDidOpenTextDocument((document) => {
      if (isGrad(document)) void this.evaluateNow(document).catch(() => {});
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      // A change event without content changes (dirty state, say) leaves results valid.
      // The first keystroke stops a stale run in the worker at once (edited), not a delay later.
      if (isGrad(event.document) && event.contentChanges.length > 0) this.coordinator.edited(key(event.document.uri));
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.coordinator.close(key(document.uri))));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affects(event, 'maxNodes', 'timeBudgetMs')) return;
      for (const document of vscode.workspace.textDocuments) {
        if (isGrad(document)) this.coordinator.invalidate(key(document.uri));
      }
    }));
    // After the listeners, so no event schedules a run once the coordinator has stopped
    // its runs and workers; the emitter last.
    this._register(this.coordinator);
    this._register(this.emitter);
    this._register(this.progressEmitter);
    for (const document of vscode.workspace.textDocuments) {
      if (isGrad(document)) void this.evaluateNow(document).catch(() => {});
    }
  }

  /** The latest evaluation if it is of the document's current version, else undefined. */
  get(document: vscode.TextDocument): DocumentEvaluation | undefined {
    return this.coordinator.get(key(document.uri), document.version);
  }

  /**
   * The latest evaluation, of whatever version: what a feature shows while the current
   * version's is due (say so: isStale). Undefined before the first arrives.
   */
  latest(document: vscode.TextDocument): DocumentEvaluation | undefined {
    return this.coordinator.latest(key(document.uri));
  }

  /** Whether the document changed since its latest evaluation (results shown are from an earlier edit). */
  isStale(uri: vscode.Uri): boolean {
    return this.coordinator.isStale(key(uri));
  }

  /** Evaluates the document's current version now (or returns that evaluation if it exists). */
  evaluateNow(document: vscode.TextDocument): Promise<DocumentEvaluation> {
    return this.coordinator.evaluateNow(key(document.uri));
  }

  /**
   * For language features: the current version's evaluation, waiting for the debounced
   * one if it is due; undefined if an edit overtakes it or the token is cancelled.
   */
  async whenEvaluated(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentEvaluation | undefined> {
    if (!isGrad(document)) return undefined;
    const evaluation = this.coordinator.whenEvaluated(key(document.uri));
    if (!token) return evaluation;
    if (token.isCancellationRequested) return undefined;
    let listener: vscode.Disposable | undefined;
    const cancelled = new Promise<undefined>((resolve) => {
      listener = token.onCancellationRequested(() => resolve(undefined));
    });
    try {
      return await Promise.race([evaluation, cancelled]);
    } finally {
      listener?.dispose();
    }
  }

  /**
   * One evaluation with extra options (checkGradients), neither cached nor published:
   * its result differs from the document's ordinary one. A gradient check always runs
   * in a worker: it replays the graph twice per value, so its cost grows with the
   * square of the graph, and a file that evaluates in milliseconds can check for seconds.
   */
  async evaluateOnce(document: vscode.TextDocument, extra: EvalOptions): Promise<DocumentEvaluation> {
    const config = readConfig(document);
    const text = document.getText();
    const version = document.version;
    const offThread = extra.checkGradients !== undefined || needsWorker({ text, lineCount: document.lineCount });
    const runner = offThread ? new WorkerRunner(this.startWorker) : new InlineRunner();
    try {
      const result = await runner.start(text, { maxNodes: config.maxNodes, timeBudgetMs: config.timeBudgetMs, ...extra }).result;
      return { uri: document.uri, version, result, lines: new LineIndex(text) };
    } finally {
      runner.dispose();
    }
  }

  private openDocument(k: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && isGrad(d) && key(d.uri) === k);
  }
}

export function isGrad(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

function key(uri: vscode.Uri): string {
  return uri.toString();
}
