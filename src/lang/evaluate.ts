import { acquireTape, releaseTape } from '../engine';
import type { Program, Stmt } from './ast';
import { compileStmt } from './compile/statements';
import { CompileError, type Ctx } from './compile/context';
import { boundNames, Scope } from './compile/scopes';
import type { Diagnostic } from './diagnostics';
import { parse } from './parser';
import { NN_SOURCE } from './prelude/nn';
import type { CellResult, EvalOptions, EvalResult } from './result';
import { newActivity } from './runtime/activity';
import { installBuiltins } from './runtime/builtins';
import { BoundReached, PyError, SilentAbort } from './runtime/errors';
import { collect } from './runtime/gc';
import { installModules } from './runtime/modules';
import { flushPrinted } from './runtime/recording';
import type { PyModule } from './runtime/objects';
import { Runtime } from './runtime/runtime';
import { addFunctionBindings, emptyCell, snapshotCell } from './snapshot';

export const DEFAULT_MAX_NODES = 200_000;
// Ten times what micrograd's demo takes here: a slower machine still trains it; files
// with loops run in a worker, which a newer edit terminates, so a long run blocks nothing.
export const DEFAULT_TIME_BUDGET_MS = 10_000;
/** Least time between two progress reports of a long loop. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;

/**
 * Parses and runs a whole .grad file, cell by cell, in one shared scope. Never
 * throws: every problem, even a bug of ours, comes back as a diagnostic.
 */
export function evaluate(text: string, options: EvalOptions = {}): EvalResult {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const { program, diagnostics: parsed } = parse(text);
  const diagnostics: Diagnostic[] = [...parsed];
  const tape = acquireTape();
  const rt = new Runtime(tape, text, { maxNodes, timeBudgetMs, deadline: performance.now() + timeBudgetMs, maxMemoryMb: options.maxMemoryMb }, diagnostics);
  const previous = Runtime.active;
  Runtime.active = rt;
  try {
    return run(rt, program, options, diagnostics);
  } catch (e) {
    // A bug of ours: say so where it can be seen, rather than lose the whole file.
    diagnostics.push({
      severity: 'error', cell: 0, range: { start: 0, end: 0 },
      message: `internal error in GradLens (please report it): ${e instanceof Error ? e.message : String(e)}`,
    });
    return { cells: program.cells.map(emptyCell), diagnostics, stoppedByBound: null };
  } finally {
    Runtime.active = previous;
    releaseTape(tape);
  }
}

function run(rt: Runtime, program: Program, options: EvalOptions, diagnostics: Diagnostic[]): EvalResult {
  rt.collector = collect;
  rt.onProgress = options.onProgress ?? null;
  rt.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  installBuiltins(rt);
  // micrograd's nn is compiled only for a file that can name it: most of the lecture's
  // files never do, and they are evaluated on every pause in typing.
  installModules(rt, (module) => { if (USES_NN.test(rt.text)) runLibrary(rt, module); });

  const cells: CellResult[] = [];
  let stoppedByBound: EvalResult['stoppedByBound'] = null;
  for (const cell of program.cells) {
    rt.cellIndex = cell.index;
    rt.activity = newActivity();
    if (stoppedByBound) {
      cells.push(emptyCell(cell));
      continue;
    }
    const ctx: Ctx = {
      rt, text: rt.text, library: false, module: rt.main, cell: cell.index,
      scope: new Scope('module', null, ''), topLevel: true,
    };
    for (const stmt of cell.statements) {
      stoppedByBound = runStatement(rt, ctx, stmt);
      if (stoppedByBound) break;
    }
    flushPrinted(rt);
    cells.push(snapshotCell(rt, cell, options));
  }
  addFunctionBindings(rt, cells);
  diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (const d of diagnostics) if (d.severity === 'error' && cells[d.cell]) cells[d.cell].hasError = true;
  return { cells, diagnostics, stoppedByBound };
}

/**
 * Compiles and runs one statement of the module. A Python error is reported where it
 * happened and the names the statement binds count as broken, so their later uses
 * are skipped quietly: one mistake, one diagnostic. Returns the bound reached, if any.
 */
function runStatement(rt: Runtime, ctx: Ctx, stmt: Stmt): EvalResult['stoppedByBound'] {
  const frame = rt.moduleFrame;
  rt.stack.length = 1;
  rt.scopes.leaveTo(1);
  frame.loops.length = 0;
  frame.waiting = false;
  const markBroken = () => { for (const name of boundNames([stmt])) rt.broken.add(name); };
  try {
    const fn = compileStmt(ctx, stmt);
    rt.checkTimeNow(stmt.range);
    rt.safePoint(stmt.range);
    fn(frame);
  } catch (e) {
    if (e instanceof PyError) {
      rt.reportError(e, stmt.range);
      markBroken();
    } else if (e instanceof SilentAbort) {
      markBroken();
    } else if (e instanceof CompileError) {
      rt.error(e.message, e.range);
      markBroken();
    } else if (e instanceof BoundReached) {
      rt.error(e.message, e.range);
      return e.bound;
    } else if (e instanceof RangeError && e.message.includes('call stack') /* no RegExp: it can overflow the nearly full stack itself */) {
      rt.error('RecursionError: maximum recursion depth exceeded (or this statement is nested too deeply)', stmt.range);
      markBroken();
    } else {
      rt.error(`internal error in GradLens (please report it): ${e instanceof Error ? e.message : String(e)}`, stmt.range);
      markBroken();
    }
  }
  return null;
}

/** Names through which a program can reach micrograd's nn: without one of them, it cannot. */
const USES_NN = /\b(MLP|Layer|Neuron|Module|nn)\b/;

let libraryProgram: Program | null = null;

/** Runs GradLens's own Python library (micrograd's nn) into its module, once per evaluation. */
function runLibrary(rt: Runtime, module: PyModule): void {
  libraryProgram ??= parse(NN_SOURCE).program;
  const ctx: Ctx = {
    rt, text: NN_SOURCE, library: true, module, cell: -1, scope: new Scope('module', null, ''), topLevel: false,
  };
  for (const cell of libraryProgram.cells) {
    for (const stmt of cell.statements) compileStmt(ctx, stmt)(rt.moduleFrame);
  }
}
