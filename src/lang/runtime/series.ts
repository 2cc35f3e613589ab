import { NodeRef, type Tape } from '../../engine/tape';
import type { EvalProgress, Series } from '../result';
import type { SourceRange } from '../source';
import { Range, Tuple, type Py } from './objects';
import { Reservoir } from './reservoir';
import type { Runtime } from './runtime';

// The numbers a cell's top-level loop produces at each iteration (the loss it assigns,
// the accuracy it prints), one value per iteration of the outermost loop, for the
// panel's charts; and the progress reports made at that loop's iterations. A site
// holds what it saw during the running iteration; the iteration's end moves it into
// a bounded sample.

/** Even, and one short of 10,000: the last value is added when the series is read. */
const SERIES_SAMPLES = 9_998;

/** An assignment or a printed expression inside a top-level loop. */
export class SeriesSite {
  pending = 0;
  has = false;
  readonly samples = new Reservoir(SERIES_SAMPLES);
  constructor(readonly label: string, public range: SourceRange) {}

  /** What the site produced now: a number, or a Value's data; anything else is not plotted. */
  offer(v: Py, tape: Tape): void {
    if (typeof v === 'number') this.pending = v;
    else if (typeof v === 'bigint') this.pending = Number(v);
    else if (v instanceof NodeRef && v.id >= 0) this.pending = tape.data(v.id);
    else return;
    this.has = true;
  }
}

/** One top-level loop of a cell: made when it is compiled, filled while it runs. */
export class LoopTrack {
  readonly sites: SeriesSite[] = [];
  /** Iterations done. */
  step = 0;
  /** Its length when the iterable has one (range, list, tuple), else null. */
  total: number | null = null;
  /** Whether it is running (progress reports name it then). */
  running = false;
  /** Names its `for` targets bind (its own and nested loops'): the x axis, not series. */
  readonly targets = new Set<string>();
  constructor(readonly header: SourceRange, readonly cell: number) {}

  private readonly byName = new Map<string, SeriesSite>();

  site(label: string, range: SourceRange): SeriesSite {
    const s = new SeriesSite(label, range);
    this.sites.push(s);
    return s;
  }

  /**
   * The series of a name the loop assigns: one per name, whatever number of lines bind
   * it (`total = 0` then `total += x`), holding what it was bound to last in the
   * iteration; its range is its last assignment in the source.
   */
  nameSite(name: string, range: SourceRange): SeriesSite {
    const known = this.byName.get(name);
    if (known) {
      known.range = range;
      return known;
    }
    const s = this.site(name, range);
    this.byName.set(name, s);
    return s;
  }

  /** Starts a run of the loop: the cell's activity lists it. */
  start(rt: Runtime, total: number | null): void {
    this.total = total;
    this.step = 0;
    this.running = true;
    const loops = rt.activity.loops;
    if (!loops.includes(this)) loops.push(this);
  }

  /** An iteration ended: each site's value of it joins its series. */
  endIteration(): void {
    const step = this.step++;
    const sites = this.sites;
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i];
      if (!s.has) continue;
      s.samples.push(s.pending, step);
      s.has = false;
    }
  }

  series(): Series[] {
    const out: Series[] = [];
    for (const s of this.sites) {
      // A number seen once is not a series; a site seen at no iteration never was one.
      if (s.samples.count < 2) continue;
      const { values, steps } = s.samples.sample();
      // The same numbers twice (`total_loss` assigned, then `total_loss.data` printed) are
      // one chart: the first site keeps it.
      if (out.some((o) => sameNumbers(o.values, values) && sameNumbers(o.steps, steps))) continue;
      out.push({ label: s.label, range: s.range, loop: this.header, values, steps });
    }
    return out;
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Every series of the cell now running (fresh arrays). */
export function cellSeries(loops: readonly LoopTrack[]): Series[] {
  return loops.flatMap((l) => l.series());
}

/** The progress report for a loop of the running cell. */
export function progressOf(rt: Runtime, loop: LoopTrack): EvalProgress {
  return { cell: rt.cellIndex, loop: loop.header, step: loop.step, total: loop.total, series: cellSeries(rt.activity.loops) };
}

/** How many items a for loop will see, when its iterable says (progress's "of N"). */
export function knownLength(source: Py): number | null {
  if (Array.isArray(source)) return source.length;
  if (source instanceof Tuple) return source.items.length;
  if (source instanceof Range) {
    const { start, stop, step } = source;
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    return n > 0n ? Number(n) : 0;
  }
  return null;
}
