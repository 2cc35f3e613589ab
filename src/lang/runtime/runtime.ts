import { NodeFlag, NodeRef, Op, type NodeId, type Tape } from '../../engine';
import type { Diagnostic } from '../diagnostics';
import { pythonFloat } from '../format';
import type { SourceRange } from '../source';
import { BindingSite, type CellActivity, type LoadSite } from './activity';
import { BoundReached, callsOf, PyError } from './errors';
import { Frame, PyModule, type Py } from './objects';
import { HeapWatch, MAX_HEAP_GROWTH_MB } from './heap';
import { ScopeTable } from './scopeTable';
import { toFloat, type Num } from './numbers';
import type { EvalProgress } from '../result';
import { progressOf, type LoopTrack } from './series';

/** Where a node came from: the source text that made it, for its label and "defined at". */
export interface Origin {
  range: SourceRange;
  /** The text the range indexes: the file, or GradLens's own library source. */
  text: string;
  /** Made by GradLens's library code (micrograd's nn): not a place in the user's file. */
  library: boolean;
}

export interface Bounds {
  /** Most nodes alive at once (gradlens.maxNodes). */
  maxNodes: number;
  timeBudgetMs: number;
  /** performance.now() after which evaluation stops. */
  deadline: number;
  /** Most the heap may grow, in MB (MAX_HEAP_GROWTH_MB unless set). */
  maxMemoryMb?: number;
}

/** Loop iterations and calls between two looks at the clock: performance.now() costs more than a loop step. */
const TICKS_PER_CLOCK_CHECK = 1024;

/** Tape size below which reclaiming is not worth a look. */
const MIN_COLLECT_SIZE = 65_536;

/**
 * The state one evaluation of a file shares between its compiled code and the
 * built-in functions: the tape, the modules, the call stack, the bounds, and what is
 * being recorded for the editor (recording.ts is how running code adds to that).
 * Every node of the graph is made by a method here, so the node bound, labels,
 * origins and NaN warnings apply to all of them.
 */
export class Runtime {
  /**
   * The runtime of the evaluation running now. Built-in classes are shared by every
   * evaluation (`Value`, `int`), but making a Value needs this evaluation's tape;
   * evaluations never overlap within a thread.
   */
  static active: Runtime | null = null;

  readonly main = new PyModule('__main__');
  /** The heap in use when evaluation began (see MAX_HEAP_GROWTH_MB). */
  private readonly heap = new HeapWatch();
  private get maxMemoryMb(): number { return this.bounds.maxMemoryMb ?? MAX_HEAP_GROWTH_MB; }
  /** GradLens's library modules by name (micrograd.nn, math, ...), filled by modules.ts. */
  readonly modules = new Map<string, PyModule>();
  readonly builtins = new Map<string, Py>();
  readonly origins: Origin[] = [];
  /** Frames of the running calls, the module's at the bottom. */
  readonly stack: Frame[] = [];
  readonly moduleFrame = new Frame(null, 0, null, null);
  /** The calls and loop iterations the tape's nodes were made in (see scopeTable.ts). */
  readonly scopes: ScopeTable;
  /** Module names whose defining statement failed: a NameError for one is skipped quietly. */
  readonly broken = new Set<string>();
  activity!: CellActivity;
  cellIndex = 0;
  private ticks = TICKS_PER_CLOCK_CHECK;
  /** The clock's latest reading by tick(): progress reports reuse it rather than read the clock. */
  private now = performance.now();
  /** EvalOptions.onProgress, and the least time between two calls of it. */
  onProgress: ((p: EvalProgress) => void) | null = null;
  progressIntervalMs = 100;
  private lastProgress = this.now;
  /** Size of the tape at which the next safe point tries to reclaim nodes. */
  collectAt: number;
  /** Values a running built-in holds in JS while it lets nodes be reclaimed (plot_boundary's model and data). */
  readonly builtinRoots: Py[] = [];
  /** Set by gc.ts: reclaims unreachable nodes; null until installed. */
  collector: ((rt: Runtime) => void) | null = null;
  private readonly warnedOrigins = new Set<number>();
  private readonly reported = new Set<string>();
  /** Twice maxNodes: see checkNodeBound. */
  private readonly hardNodeLimit: number;
  /**
   * How many loops (for, while, comprehensions) are running. Short-form numbers build
   * graph nodes only outside them: a counter `k += 1` in a loop would otherwise grow a
   * chain of nodes as long as the loop, where Python keeps one number.
   */
  loopDepth = 0;
  /** Errors being handled by `except` blocks, innermost last: what a bare `raise` re-raises. */
  readonly handling: PyError[] = [];
  /** Every assignment and module-level name read the compiler made a site for. */
  readonly bindingSites: BindingSite[] = [];
  readonly loadSites: LoadSite[] = [];

  /** Records a site the compiler made: by cell, so a cell's snapshot reads only its own. */
  addSite(site: BindingSite | LoadSite): void {
    const list = site instanceof BindingSite ? this.bindingSites : this.loadSites;
    list.push(site as BindingSite & LoadSite);
    const byCell = (this.sitesByCell[site.cell] ??= { bindings: [], loads: [] });
    if (site instanceof BindingSite) byCell.bindings.push(site); else byCell.loads.push(site);
  }

  /** The sites of one cell's code. */
  cellSites(cell: number): { bindings: BindingSite[]; loads: LoadSite[] } {
    return this.sitesByCell[cell] ?? { bindings: [], loads: [] };
  }

  private readonly sitesByCell: { bindings: BindingSite[]; loads: LoadSite[] }[] = [];
  /** The serial of the previous cell's output, which a cell that only sets attributes may keep. */
  previousOutput: number | null = null;
  /**
   * Rows the cells may still keep as columns: twice maxNodes for the whole evaluation. A
   * chain carried through many cells would otherwise be copied whole once per cell.
   */
  columnRowsLeft: number;
  /** Text print() wrote that does not end a line yet (print(..., end='')): see recording.ts. */
  pendingText = '';
  pendingRange: SourceRange | null = null;
  /** One key object per Value node, so a dict or set finds a Value through any of its handles. */
  private readonly valueKeys = new Map<number, object>();
  private nextObjectId = 1;
  private readonly objectIds = new WeakMap<object, number>();

  constructor(
    readonly tape: Tape,
    readonly text: string,
    readonly bounds: Bounds,
    readonly diagnostics: Diagnostic[],
  ) {
    this.stack.push(this.moduleFrame);
    this.scopes = new ScopeTable(tape);
    this.hardNodeLimit = 2 * bounds.maxNodes;
    this.columnRowsLeft = 2 * bounds.maxNodes;
    this.collectAt = this.nextCollection(0);
  }

  /**
   * When to look for unreachable nodes next, given how many are alive: at twice that,
   * but never so late that a step's graph could reach the hard bound (twice maxNodes)
   * before the next chance, and never for less than a small graph's worth.
   */
  private nextCollection(live: number): number {
    const hard = this.hardNodeLimit;
    const floor = Math.min(MIN_COLLECT_SIZE, this.bounds.maxNodes);
    return Math.max(floor, Math.min(2 * live, live + (hard - live) / 2));
  }

  origin(range: SourceRange, text = this.text, library = false): number {
    this.origins.push({ range, text, library });
    return this.origins.length - 1;
  }

  /** An origin's source text as a label, worked out once: every snapshot of a long chain asks again. */
  originLabel(origin: number): string {
    let label = this.originLabels[origin];
    if (label === undefined) {
      label = sourceText(this.origins[origin]);
      this.originLabels[origin] = label;
    }
    return label;
  }

  private readonly originLabels: string[] = [];

  // ---- nodes ------------------------------------------------------------------------

  /** A plain number meeting a Value: a constant leaf, labelled by the source that gave the number. */
  constant(x: Num, origin: number): NodeRef {
    this.checkNodeBound(origin);
    const id = this.tape.makeLeaf(toFloat(x), typeof x !== 'number', origin, NodeFlag.Constant | NodeFlag.Plain);
    return new NodeRef(id);
  }

  /**
   * A leaf the program made: `Value(data)` (a micrograd Value), or with `plain` the
   * short form `a = 2.0` (a number to Python, a leaf to the graph).
   */
  leaf(x: Num, origin: number, label?: string, explicit = false, plain = false): NodeRef {
    this.checkNodeBound(origin);
    const flags = (label === undefined ? 0 : explicit ? NodeFlag.LabelExplicit : NodeFlag.LabelName) | (plain ? NodeFlag.Plain : 0);
    const id = this.tape.makeLeaf(toFloat(x), typeof x !== 'number', origin, flags);
    if (label !== undefined) this.tape.setLabel(id, label);
    return new NodeRef(id);
  }

  /** An operation node on inputs x (and y for binary ops), p the exponent of PowConst. */
  op(op: Op, x: NodeId, y: NodeId, origin: number, p = 0, pInt = false): NodeRef {
    return new NodeRef(this.opNode(op, x, y, origin, p, pInt));
  }

  /**
   * op() without the handle, for a built-in that chains nodes no program can see
   * between (sum's running total): its id is safe in a JS local, since nodes are never
   * reclaimed while a built-in runs.
   */
  opNode(op: Op, x: NodeId, y: NodeId, origin: number, p = 0, pInt = false): NodeId {
    this.checkNodeBound(origin);
    const tape = this.tape;
    const id = tape.make(op, x, y, p, pInt, origin);
    const data = tape.data(id);
    // Finite iff x - x is 0: one test for NaN and both infinities.
    if (data - data !== 0) this.notFinite(op, id, x, y, origin);
    return id;
  }

  private notFinite(op: Op, id: NodeId, x: NodeId, y: NodeId, origin: number): void {
    const tape = this.tape;
    const xd = tape.data(x), yd = y < 0 ? 0 : tape.data(y);
    if (xd - xd !== 0 || yd - yd !== 0) return;
    if (this.warnedOrigins.has(origin)) return;
    this.warnedOrigins.add(origin);
    const data = tape.data(id);
    const why =
      op === Op.Log ? (xd < 0 ? `log of a negative number (${pythonFloat(xd)}) is undefined` : 'log(0) is -infinity') :
      op === Op.Exp ? `exp(${pythonFloat(xd)}) overflows` :
      op === Op.Div ? 'division by zero' :
      (op === Op.Pow || op === Op.PowConst) && xd < 0 && !Number.isInteger(op === Op.Pow ? yd : tape.param(id)) ?
        `a negative number (${pythonFloat(xd)}) raised to a fractional power is a complex number in Python, and GradLens has no complex numbers` :
      data !== data ? 'the result is undefined' :
      'the result overflows a float';
    const o = this.origins[origin];
    const text = o ? sourceText(o) : 'this operation';
    this.warning(`${text} is ${pythonFloat(data)}: ${why}`, this.userRange(origin));
  }

  /**
   * Nodes may outnumber maxNodes between two safe points (a training step's graph is
   * built in one statement), but not twice over: a graph that big is not being
   * reclaimed, and memory would run out first.
   */
  private checkNodeBound(origin: number): void {
    if (this.tape.size >= this.hardNodeLimit) this.nodeBoundReached(origin);
  }

  private nodeBoundReached(origin: number): never {
    throw new BoundReached('nodes',
      `Evaluation stopped here: the graph reached ${this.hardNodeLimit.toLocaleString('en-US')} nodes without a chance to reclaim any ` +
      `(the node bound is ${this.bounds.maxNodes.toLocaleString('en-US')}: raise gradlens.maxNodes, or --max-nodes on the command line).`,
      this.userRange(origin));
  }

  // ---- time and memory ----------------------------------------------------------------

  /** Whether a safe point inside a built-in can reclaim: every frame is waiting on a whole-statement call. */
  canReclaimInBuiltin(): boolean {
    return this.collector !== null && this.stack.every((f) => f.waiting);
  }

  /** Called on every loop iteration and call; looks at the clock now and then. */
  tick(range: SourceRange): void {
    if (--this.ticks > 0) return;
    this.ticks = TICKS_PER_CLOCK_CHECK;
    const now = this.now = performance.now();
    if (now > this.bounds.deadline) {
      throw new BoundReached('time',
        `Evaluation stopped here: it ran longer than ${this.bounds.timeBudgetMs} ms (the time budget: raise gradlens.timeBudgetMs, or --time-budget on the command line).`,
        this.userRangeOr(range));
    }
    if (this.heap.grewPast(this.maxMemoryMb, now)) {
      throw new BoundReached('memory',
        `Evaluation stopped here: it used more than ${this.maxMemoryMb.toLocaleString('en-US')} MB of memory ` +
        '(a list or string that keeps growing? GradLens stops an evaluation before memory runs out).',
        this.userRangeOr(range));
    }
  }

  checkTimeNow(range: SourceRange): void {
    this.ticks = 1;
    this.tick(range);
  }

  /**
   * An iteration of a cell's top-level loop ended: its series take their values, and
   * progress is reported if the interval has passed since the last report.
   */
  outerIteration(track: LoopTrack): void {
    track.endIteration();
    const report = this.onProgress;
    if (report === null || this.now - this.lastProgress < this.progressIntervalMs) return;
    this.lastProgress = this.now;
    report(progressOf(this, track));
  }

  /**
   * A point where the current frame holds no half-built expression (a loop's next
   * iteration, a module statement): if the tape has grown enough, reclaim what nothing
   * can reach, provided every frame below is waiting on a whole-statement call.
   */
  safePoint(range: SourceRange, inBuiltin = false): void {
    if (this.tape.size < this.collectAt || this.collector === null) return;
    const stack = this.stack;
    // In a built-in (plot_boundary between grid points) the top frame is inside its call too.
    const below = inBuiltin ? stack.length : stack.length - 1;
    for (let i = 0; i < below; i++) if (!stack[i].waiting) return;
    this.collector(this);
    const live = this.tape.size;
    if (live > this.bounds.maxNodes) {
      throw new BoundReached('nodes',
        `Evaluation stopped here: ${live.toLocaleString('en-US')} graph nodes are alive at once (the node bound is ` +
        `${this.bounds.maxNodes.toLocaleString('en-US')}: raise gradlens.maxNodes, or --max-nodes on the command line).`,
        this.userRangeOr(range));
    }
    this.collectAt = this.nextCollection(live);
  }

  // ---- object identity ----------------------------------------------------------------

  /** The dict and set key of a Value: its node's serial survives compaction, its id does not. */
  valueKey(v: NodeRef): object {
    const serial = v.id >= 0 ? this.tape.serial(v.id) : -1;
    let key = this.valueKeys.get(serial);
    if (key === undefined) {
      key = { serial };
      this.valueKeys.set(serial, key);
    }
    return key;
  }

  /** A number for id(): stable for an object's life, like CPython's address. */
  objectId(v: Py): number {
    if (v === null || typeof v !== 'object') return 0x7f0000000000 + String(v).length;
    let id = this.objectIds.get(v);
    if (id === undefined) {
      id = 0x7f3a00000000 + 16 * this.nextObjectId++;
      this.objectIds.set(v, id);
    }
    return id;
  }

  // ---- where things happened ----------------------------------------------------------

  /** The range in the user's file closest to an origin: itself, or the call into the library. */
  userRange(origin: number): SourceRange {
    const o = this.origins[origin];
    return o && !o.library ? o.range : this.userCallSite();
  }

  userRangeOr(range: SourceRange): SourceRange {
    const top = this.stack[this.stack.length - 1];
    return top.code?.library ? this.userCallSite() : range;
  }

  /** The innermost call made from the user's code (or the module's current statement). */
  userCallSite(): SourceRange {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const frame = this.stack[i];
      const caller = this.stack[i - 1];
      if (!caller.code?.library && frame.callSite) return frame.callSite;
    }
    return { start: 0, end: 0 };
  }

  // ---- diagnostics --------------------------------------------------------------------

  error(message: string, range: SourceRange, related?: Diagnostic['related']): void {
    const d: Diagnostic = { severity: 'error', message, range, cell: this.cellIndex };
    if (related && related.length > 0) d.related = related;
    this.diagnostics.push(d);
  }

  warning(message: string, range: SourceRange): void {
    this.diagnostics.push({ severity: 'warning', message, range, cell: this.cellIndex });
  }

  /**
   * Reports a Python exception that ended a module statement. The same error at the
   * same place is reported once: a typo in a method fails every later call of it,
   * and one typo is one diagnostic.
   */
  reportError(e: PyError, fallback: SourceRange): void {
    const range = e.range ?? fallback;
    const key = `${range.start}:${range.end}:${e.toString()}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.error(e.toString(), range, callsOf(e.trace));
  }
}

/** An origin's source text as a label: whitespace runs become one space; long texts are cut. */
export function sourceText(o: Origin): string {
  const end = Math.min(o.range.end, o.range.start + MAX_LABEL_SOURCE);
  const text = o.text.slice(o.range.start, end).replace(/\s+/g, ' ').trim();
  return end < o.range.end ? `${text}…` : text;
}

/** Longest source text, in characters, that labels an unnamed node. */
const MAX_LABEL_SOURCE = 80;
