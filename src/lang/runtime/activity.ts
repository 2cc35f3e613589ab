import { NodeRef, type Tape } from '../../engine/tape';
import type { Plot } from '../result';
import type { SourceRange } from '../source';
import type { Py } from './objects';
import { Reservoir } from './reservoir';
import type { LoopTrack } from './series';

// What the editor will want to know about a run, recorded as it happens: each
// assignment's last value and how often its line ran, the values names had where the
// module's code read them, what was printed, and which Value is a cell's output.
// Sites are made once, at compile time, and updated in place at run time, so a line
// inside a loop costs two stores a run, not a record.

/** One assignment of a name (`x = ...`, `for x in ...`, `x.data = ...`). */
export class BindingSite {
  count = 0;
  /**
   * The last value bound. A Value here is not kept alive (sites are not roots of
   * reclaiming) and its handle may be stale: its node is found again by lastSerial.
   */
  last: Py | undefined = undefined;
  lastSerial = -1;
  /** A Value's data just after the statement: a later line of the cell may change it. */
  lastData = 0;
  // The numbers it bound (a Value's data), for the hover's first, last, min, max and
  // sparkline: a few stores a run, and a sample that stays small however long the loop.
  numbers = 0;
  first = 0;
  min = 0;
  max = 0;
  latest = 0;
  samples: Reservoir | null = null;
  constructor(
    readonly name: string,
    /** The whole statement (for a loop target, the loop's header). */
    readonly range: SourceRange,
    /** `x = ...` binds a name; `x.data = ...` changes a Value. */
    readonly kind: 'name' | 'attribute',
    readonly cell: number,
    /** Inside a def or lambda: its numbers are read when the whole file has run. */
    readonly inFunction: boolean,
    /** The function (or comprehension) whose local it binds; null for a module variable. */
    readonly scope: SourceRange | null = null,
  ) {}

  observe(x: number): void {
    const n = this.numbers++;
    this.latest = x;
    if (n === 0) {
      this.first = this.min = this.max = x;
      return;
    }
    if (x < this.min || Number.isNaN(x)) this.min = x;
    if (x > this.max || Number.isNaN(x)) this.max = x;
    let samples = this.samples;
    if (samples === null) {
      samples = this.samples = new Reservoir(HISTORY_SAMPLES);
      samples.push(this.first, 0);
    }
    samples.push(x, n);
  }
}

/** Even, and one short of the 200 a history shows: the last number is added to the sample. */
const HISTORY_SAMPLES = 198;

/** A name the module's code reads or binds, and what it held there the last time. */
export class LoadSite {
  last: Py | undefined = undefined;
  /** As BindingSite.lastSerial. */
  lastSerial = -1;
  constructor(readonly name: string, readonly range: SourceRange, readonly cell: number) {}
}

/**
 * A candidate for a cell's output, by the serial of its node: the record does not
 * keep the graph alive (a training loop would otherwise pin the previous step's), and
 * a candidate that was reclaimed is simply not drawn.
 */
export interface Output {
  serial: number;
  name: string | null;
}

/** One `x.backward()` call site. */
export interface BackwardRecord {
  range: SourceRange;
  /** The serial of the last root it ran from. */
  root: number;
  /** Some node below the root already had a grad when it last ran: it added to them. */
  accumulated: boolean;
  count: number;
  /** Whether a NaN or infinite gradient was reported for it already. */
  warned: boolean;
}

export interface PrintedLine {
  text: string;
  range: SourceRange;
}

/** What one cell did, gathered while it runs. */
export interface CellActivity {
  /** Module variables bound or changed, in first-seen order (a Set keeps insertion order). */
  touched: Set<string>;
  printed: PrintedLine[];
  /** Lines past this many are counted, not kept. */
  printedDropped: number;
  backwardCalls: BackwardRecord[];
  /** The last backward() root, draw_dot() argument and Value-making statement, and the Values whose attributes were set. */
  backwardTarget: Output | null;
  drawTarget: Output | null;
  lastStatement: Output | null;
  attributeTargets: Output[];
  /** Whether the cell calls backward()/_backward() or sets a grad. */
  ownsGradients: boolean;
  /** The cell's top-level loops that ran, with the numbers they assigned and printed. */
  loops: LoopTrack[];
  plots: Plot[];
  /** plt.title(...) before any plot: the title of the next one. */
  pendingTitle: string | null;
  /** How many plots the cell had when plt.figure() last started a new figure. */
  figureStart: number;
  /** The last list a `.parameters()` call of the cell's top level returned (a root of reclaiming). */
  parameters: { list: Py[]; label: string; range: SourceRange } | null;
}

export const MAX_PRINTED_LINES = 10_000;

export function newActivity(): CellActivity {
  return {
    touched: new Set(), printed: [], printedDropped: 0, backwardCalls: [],
    backwardTarget: null, drawTarget: null, lastStatement: null, attributeTargets: [], ownsGradients: false,
    loops: [], plots: [], pendingTitle: null, figureStart: 0, parameters: null,
  };
}

/** Records a site's latest value; for a Value, the serial that finds its node later. */
export function record(site: BindingSite | LoadSite, v: Py, tape: Tape): void {
  site.last = v;
  if (v instanceof NodeRef) {
    site.lastSerial = tape.serial(v.id);
    if (site instanceof BindingSite) site.observe(site.lastData = tape.data(v.id));
  } else if (site instanceof BindingSite) {
    if (typeof v === 'number') site.observe(v);
    else if (typeof v === 'bigint') site.observe(Number(v));
  }
}
