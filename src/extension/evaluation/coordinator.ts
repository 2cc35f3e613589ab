import { LineIndex, type EvalOptions, type EvalProgress, type EvalResult } from '../../lang';
import { EvaluationCancelled, type EvaluationRunner, type RunningEvaluation } from './runners';

// The scheduling behind EvaluationService, kept free of the vscode API so the debounce,
// the stale-version drop and the cancellation are tested directly. `U` is whatever
// names a document (a vscode.Uri in the extension); `key` is its string form.

/** One evaluation of one version of a document. */
export interface Evaluation<U> {
  uri: U;
  version: number;
  result: EvalResult;
  /** Offsets ↔ lines of the exact text that was evaluated. */
  lines: LineIndex;
}

/** A document as it is now. */
export interface DocumentState<U> {
  uri: U;
  version: number;
  text: string;
  lineCount: number;
}

export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, from any origin: only differences are used. */
  time(): number;
}

export const realClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  time: () => performance.now(),
};

/**
 * Above any bound a file is evaluated in a worker thread. Below them evaluation takes
 * a few milliseconds at most, less than handing the text to a worker and the result
 * back. Cells count apart from lines: each cell snapshots its output's graph, so a
 * value carried through many short cells costs far more than its line count says
 * (`npm run bench`: 100 one-line cells of a growing chain take about 8 ms, 1,000 about 300).
 */
export const WORKER_THRESHOLD_LINES = 2_000;
export const WORKER_THRESHOLD_CHARS = 100_000;
export const WORKER_THRESHOLD_CELLS = 100;

/**
 * Loops, functions and classes make a file's running time unrelated to its length
 * (micrograd's demo trains for about a second in 60 lines; `while True:` runs to the
 * time budget): such a file is evaluated in the worker however small it is, so the
 * editor never waits on it. Straight-line cells stay inline, where they take a
 * millisecond.
 */
const LOOPS_OR_FUNCTIONS = /\b(for|while|def|class|lambda)\b/;

export function needsWorker(doc: { text: string; lineCount: number }): boolean {
  return doc.lineCount > WORKER_THRESHOLD_LINES
    || doc.text.length > WORKER_THRESHOLD_CHARS
    || countCellMarkers(doc.text, WORKER_THRESHOLD_CELLS + 1) > WORKER_THRESHOLD_CELLS
    || LOOPS_OR_FUNCTIONS.test(stripComments(doc.text));
}

/** The text without `#` comments, so a comment mentioning a for loop keeps a file inline. */
function stripComments(text: string): string {
  return text.replace(/#.*$/gm, '');
}

/** `# %%` lines, counted up to `limit` (the caller only asks whether there are more than a bound). */
function countCellMarkers(text: string, limit: number): number {
  const marker = /^[ \t]*# %%/gm;
  let count = 0;
  while (count < limit && marker.exec(text) !== null) count++;
  return count;
}

export interface CoordinatorHost<U> {
  /** The document now, or undefined once it is closed. */
  read(key: string): DocumentState<U> | undefined;
  /** Its version now (read() without copying the text), or undefined once it is closed. */
  version(key: string): number | undefined;
  /** Milliseconds to wait after an edit before evaluating. */
  delay(key: string): number;
  options(key: string): EvalOptions;
  /** An evaluation of the document's current version arrived. */
  publish(evaluation: Evaluation<U>): void;
  /**
   * A long evaluation of the document's current version got this far: at most one call
   * per PROGRESS_INTERVAL_MS per document, none once an edit made the run stale.
   */
  progress(uri: U, version: number, progress: EvalProgress): void;
  /** An evaluation failed for a reason other than being stale (a crashed worker). */
  failed(key: string, error: Error): void;
  clock: Clock;
  inline: EvaluationRunner;
  /** A runner for large documents; one per document, disposed when it closes. */
  createWorker(): EvaluationRunner;
  isLarge(doc: DocumentState<U>): boolean;
}

/** Least time between two progress reports of one document. */
export const PROGRESS_INTERVAL_MS = 100;

interface Running<U> {
  version: number;
  run: RunningEvaluation;
  /** While set, a report went out less than PROGRESS_INTERVAL_MS ago; `held` waits for the timer. */
  progressTimer?: unknown;
  held?: EvalProgress;
  /** Its settings changed while it ran (invalidate): whatever it returns is not published. */
  invalidated: boolean;
  /** Resolves undefined when the result is stale or was cancelled; rejects when evaluation failed. */
  done: Promise<Evaluation<U> | undefined>;
}

interface Waiter<U> {
  version: number;
  resolve(evaluation: Evaluation<U> | undefined): void;
}

interface PerDocument<U> {
  timer?: unknown;
  /** When the last edit arrived (Clock.time), to tell an edit after a pause from one in a burst. */
  editedAt?: number;
  running?: Running<U>;
  latest?: Evaluation<U>;
  worker?: EvaluationRunner;
  waiters: Waiter<U>[];
}

export class EvaluationCoordinator<U> {
  private readonly docs = new Map<string, PerDocument<U>>();

  constructor(private readonly host: CoordinatorHost<U>) {}

  /** The latest evaluation if it is of `version`, else undefined. */
  get(key: string, version: number): Evaluation<U> | undefined {
    const latest = this.docs.get(key)?.latest;
    return latest?.version === version ? latest : undefined;
  }

  /**
   * Evaluates after the update delay (or `ms`), restarting the wait on every call (one
   * per edit). 0 is the next turn: edits of the same turn (a multi-cursor change) count as one.
   */
  schedule(key: string, ms = this.host.delay(key)): void {
    const doc = this.doc(key);
    if (doc.timer !== undefined) this.host.clock.clearTimeout(doc.timer);
    doc.timer = this.host.clock.setTimeout(() => {
      doc.timer = undefined;
      // A failure was already reported through host.failed; nobody awaits this run.
      this.start(key).catch(() => {});
    }, ms);
  }

  /**
   * The document changed: a run of an older version is stopped now, not when the
   * debounced run starts (a training loop would otherwise run on for the whole delay and
   * keep a core busy), and the evaluation is scheduled. The latest result stays: features
   * show it, marked stale (isStale), until the new one arrives.
   */
  edited(key: string): void {
    const doc = this.docs.get(key);
    const running = doc?.running;
    if (doc && running && running.version !== this.host.version(key)) {
      this.stopProgress(running);
      running.run.cancel();
      doc.running = undefined;
    }
    // The first edit after a pause, in a document small enough to evaluate inline (a
    // millisecond), is evaluated at once: the delay only holds back the edits that follow
    // it closely, so a single keystroke is not made to wait for keystrokes that never come.
    const state = this.docs.get(key);
    const now = this.host.clock.time();
    const afterPause = state?.timer === undefined && (state?.editedAt === undefined || now - state.editedAt >= this.host.delay(key));
    this.doc(key).editedAt = now;
    if (afterPause) {
      const current = this.host.read(key);
      if (current && !this.host.isLarge(current)) {
        this.schedule(key, 0);
        return;
      }
    }
    this.schedule(key);
  }

  /** The latest evaluation published, of whatever version; features show it while a newer one is due. */
  latest(key: string): Evaluation<U> | undefined {
    return this.docs.get(key)?.latest;
  }

  /** Whether a result is shown (latest) that an edit since has made out of date. */
  isStale(key: string): boolean {
    const latest = this.docs.get(key)?.latest;
    const version = this.host.version(key);
    return latest !== undefined && version !== undefined && latest.version !== version;
  }

  /**
   * Like schedule, but forgets the latest result first: the settings that shape it
   * changed. A run under way started with the old settings, and start() would wait for
   * it rather than begin another of the same version, so it is cancelled. Its waiters
   * stay: the run scheduled here answers them.
   */
  invalidate(key: string): void {
    const doc = this.docs.get(key);
    if (doc) {
      doc.latest = undefined;
      if (doc.running) {
        // Flagged too: an inline run cannot be stopped and may already be resolving.
        doc.running.invalidated = true;
        this.stopProgress(doc.running);
        doc.running.run.cancel();
        doc.running = undefined;
      }
    }
    this.schedule(key);
  }

  /**
   * The evaluation of the document's current version, started now if it is not already
   * under way. If an edit makes it stale before it finishes, this follows the edit and
   * resolves with the newer version's evaluation. Rejects when the document closes or
   * evaluation fails.
   */
  async evaluateNow(key: string): Promise<Evaluation<U>> {
    const version = this.host.version(key);
    if (version === undefined) throw new Error(`${key} is not open`);
    const doc = this.doc(key);
    if (doc.latest?.version === version) return doc.latest;
    if (doc.timer !== undefined) {
      this.host.clock.clearTimeout(doc.timer);
      doc.timer = undefined;
    }
    return (await this.start(key)) ?? this.evaluateNow(key);
  }

  /**
   * The evaluation of the document's current version without hurrying it: waits for
   * the debounced run when one is due, so a provider asked on every keystroke does not
   * defeat the debounce. Undefined when an edit or a close makes the request moot.
   */
  whenEvaluated(key: string): Promise<Evaluation<U> | undefined> {
    const version = this.host.version(key);
    if (version === undefined) return Promise.resolve(undefined);
    const doc = this.doc(key);
    if (doc.latest?.version === version) return Promise.resolve(doc.latest);
    if (doc.timer !== undefined || doc.running?.version === version) {
      return new Promise((resolve) => doc.waiters.push({ version, resolve }));
    }
    return this.evaluateNow(key).catch(() => undefined);
  }

  /** Forgets a closed document: its pending and running work, its worker, its results. */
  close(key: string): void {
    const doc = this.docs.get(key);
    if (!doc) return;
    this.docs.delete(key);
    if (doc.timer !== undefined) this.host.clock.clearTimeout(doc.timer);
    if (doc.running) this.stopProgress(doc.running);
    doc.running?.run.cancel();
    doc.worker?.dispose();
    for (const w of doc.waiters) w.resolve(undefined);
  }

  dispose(): void {
    for (const key of [...this.docs.keys()]) this.close(key);
  }

  private doc(key: string): PerDocument<U> {
    let doc = this.docs.get(key);
    if (!doc) {
      doc = { waiters: [] };
      this.docs.set(key, doc);
    }
    return doc;
  }

  /** Evaluates the current version unless that is already done or under way. */
  private start(key: string): Promise<Evaluation<U> | undefined> {
    const doc = this.docs.get(key);
    const current = this.host.version(key);
    if (!doc || current === undefined) return Promise.resolve(undefined);
    if (doc.latest?.version === current) return Promise.resolve(doc.latest);
    if (doc.running?.version === current) return doc.running.done;
    const state = this.host.read(key);
    if (!state) return Promise.resolve(undefined);
    // Whatever still runs is for an older version: stop it rather than wait for it.
    if (doc.running) this.stopProgress(doc.running);
    doc.running?.run.cancel();

    const runner = this.host.isLarge(state) ? (doc.worker ??= this.host.createWorker()) : this.host.inline;
    const version = state.version;
    // Assigned before any report can arrive: a worker's messages come on a later turn.
    let running!: Running<U>;
    const run = runner.start(state.text, this.host.options(key), (progress) => this.progressed(key, doc, running, state.uri, progress));
    running = {
      version,
      run,
      invalidated: false,
      done: run.result.then(
        (result) => {
          this.stopProgress(running);
          if (doc.running === running) doc.running = undefined;
          if (running.invalidated) return undefined;
          return this.finish(key, doc, { uri: state.uri, version, result, lines: new LineIndex(state.text) });
        },
        (error: unknown) => {
          this.stopProgress(running);
          if (doc.running === running) doc.running = undefined;
          // Whoever cancels a run answers its waiters: close() with undefined; start() and
          // invalidate() through the run they start in its place.
          if (error instanceof EvaluationCancelled) return undefined;
          this.settleWaiters(doc, version, undefined);
          const failure = error instanceof Error ? error : new Error(String(error));
          this.host.failed(key, failure);
          throw failure;
        },
      ),
    };
    doc.running = running;
    return running.done;
  }

  /**
   * A report from a run: passed on at once unless one went out less than
   * PROGRESS_INTERVAL_MS ago, else held (the newest replacing the older) until then.
   * Nothing of a run that is no longer the document's current one goes out.
   */
  private progressed(key: string, doc: PerDocument<U>, running: Running<U>, uri: U, progress: EvalProgress): void {
    if (running.progressTimer !== undefined) {
      running.held = progress;
      return;
    }
    if (doc.running !== running || this.docs.get(key) !== doc || this.host.version(key) !== running.version) return;
    this.host.progress(uri, running.version, progress);
    running.progressTimer = this.host.clock.setTimeout(() => {
      running.progressTimer = undefined;
      const held = running.held;
      running.held = undefined;
      if (held) this.progressed(key, doc, running, uri, held);
    }, PROGRESS_INTERVAL_MS);
  }

  /** No more reports from this run: it finished, failed or was cancelled. */
  private stopProgress(running: Running<U>): void {
    if (running.progressTimer !== undefined) this.host.clock.clearTimeout(running.progressTimer);
    running.progressTimer = undefined;
    running.held = undefined;
  }

  private finish(key: string, doc: PerDocument<U>, evaluation: Evaluation<U>): Evaluation<U> | undefined {
    // Stale: the document changed (or closed) while this ran. The edit scheduled the
    // evaluation that replaces it, so it is dropped without being shown.
    if (this.docs.get(key) !== doc || this.host.version(key) !== evaluation.version) {
      this.settleWaiters(doc, evaluation.version, undefined);
      return undefined;
    }
    doc.latest = evaluation;
    this.host.publish(evaluation);
    this.settleWaiters(doc, evaluation.version, evaluation);
    return evaluation;
  }

  /** Answers the waiters for `version` with `evaluation`, and those for older versions with undefined. */
  private settleWaiters(doc: PerDocument<U>, version: number, evaluation: Evaluation<U> | undefined): void {
    const keep: Waiter<U>[] = [];
    for (const w of doc.waiters) {
      if (w.version === version) w.resolve(evaluation);
      else if (w.version < version) w.resolve(undefined);
      else keep.push(w);
    }
    doc.waiters = keep;
  }
}
