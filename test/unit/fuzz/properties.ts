import { spawnSync } from 'node:child_process';
import { evaluate, type EvalResult, type SourceRange } from '../../../src/lang';

/** The time budget each fuzzed evaluation gets, and how far past it wall time may go. */
export const BUDGET_MS = 200;
export const MARGIN_MS = 1_500;

/** What must be the same when the same text is evaluated twice. */
function digest(result: EvalResult): string {
  return JSON.stringify({
    diagnostics: result.diagnostics.map((d) => [d.severity, d.message, d.range.start, d.range.end, d.cell]),
    stopped: result.stoppedByBound,
    cells: result.cells.map((cell) => ({
      printed: cell.printed.map((l) => [l.text, l.range.start, l.range.end]),
      dropped: cell.printedDropped,
      // JSON would make NaN and ±Infinity all null: keep them apart.
      values: Object.entries(cell.values).map(([name, v]) => [name, String(v.data), String(v.grad)]),
      output: cell.output,
      hasError: cell.hasError,
    })),
  });
}

function inside(range: SourceRange, length: number): boolean {
  return Number.isInteger(range.start) && Number.isInteger(range.end) && 0 <= range.start && range.start <= range.end && range.end <= length;
}

/**
 * The properties every text must have: evaluate() returns (no exception, and no
 * "internal error" diagnostic, which is how evaluate() reports one it caught), every
 * diagnostic's range (and related location's) lies in the document, evaluation ends
 * within its budget, and a second evaluation gives the same result. Throws on failure.
 */
export function checkText(text: string): void {
  const t0 = performance.now();
  let first: EvalResult;
  try {
    first = evaluate(text, { timeBudgetMs: BUDGET_MS });
  } catch (e) {
    throw new Error(`evaluate() threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const elapsed = performance.now() - t0;
  if (elapsed > BUDGET_MS + MARGIN_MS) throw new Error(`evaluation took ${elapsed.toFixed(0)} ms, budget ${BUDGET_MS} ms`);
  for (const d of first.diagnostics) {
    if (d.message.startsWith('internal error')) throw new Error(`internal error: ${d.message}`);
    if (!inside(d.range, text.length)) throw new Error(`diagnostic range ${JSON.stringify(d.range)} outside 0..${text.length}: ${d.message}`);
    for (const r of d.related ?? []) {
      if (!inside(r.range, text.length)) throw new Error(`related range ${JSON.stringify(r.range)} outside 0..${text.length}: ${r.message}`);
    }
  }
  for (const cell of first.cells) {
    if (!inside(cell.range, text.length)) throw new Error(`cell range ${JSON.stringify(cell.range)} outside 0..${text.length}`);
  }
  let second: EvalResult;
  try {
    second = evaluate(text, { timeBudgetMs: BUDGET_MS });
  } catch (e) {
    throw new Error(`second evaluate() threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  // A run stopped by the clock stops where the clock says: nothing to compare.
  if (first.stoppedByBound === 'time' || second.stoppedByBound === 'time') return;
  const a = digest(first);
  const b = digest(second);
  if (a !== b) throw new Error(`re-evaluation differs:\n${a}\n${b}`);
}

// ---------------------------------------------------------------------------------------
// CPython, for the differential test.

/** What a program printed and the name of the exception it raised, if any. */
export interface Outcome {
  out: string;
  error: string | null;
}

const RUNNER = `
import sys, json, io, contextlib
programs = json.load(sys.stdin)
results = []
for text in programs:
    buf = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(text, '<fuzz>', 'exec'), {'__name__': '__main__'})
    except Exception as e:
        error = type(e).__name__
    results.append({'out': buf.getvalue(), 'error': error})
sys.stdout.write(json.dumps(results))
`;

/** Whether python3 runs here. */
export function havePython(): boolean {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '3';
}

/** Runs every program in one python3 process, each in a fresh globals dict. */
export function runPython(programs: string[]): Outcome[] {
  const r = spawnSync('python3', ['-c', RUNNER], { input: JSON.stringify(programs), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.error?.message ?? ''} ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

/** The same as GradLens sees it: printed lines, and the first error's class. */
export function runGradLens(text: string): Outcome & { message: string | null; stopped: string | null } {
  const result = evaluate(text, { timeBudgetMs: 5_000 });
  const lines = result.cells.flatMap((cell) => cell.printed.map((l) => l.text));
  const error = result.diagnostics.find((d) => d.severity === 'error') ?? null;
  return {
    out: lines.length > 0 ? lines.join('\n') + '\n' : '',
    error: error ? error.message.split(':')[0]!.trim() : null,
    message: error?.message ?? null,
    stopped: result.stoppedByBound,
  };
}
