import { NodeRef } from '../../engine/tape';
import type { Plot } from '../result';
import type { SourceRange } from '../source';
import { plotBoundary } from './boundary';
import { typeError, valueError } from './errors';
import { toArray } from './iteration';
import { Builtin, PyModule, Range, Tuple, type CallSite, type Kwargs, type Py } from './objects';
import { plain, toFloat } from './numbers';
import type { Runtime } from './runtime';
import { typeName } from './types';

// plot(), scatter() and plot_boundary(): built in, and plot and scatter also as
// matplotlib.pyplot's, so the lecture's `plt.plot(xs, ys)` draws in the panel. They
// record a Plot in the cell's result; the rest of pyplot (show, title, labels, limits)
// is accepted, and title() names the figure's plot.

type Fn = (args: Py[], kw: Kwargs | null, site: CallSite | null) => Py;

/** The keyword arguments a call passed, by name; matplotlib takes many that GradLens does not draw. */
function keywordMap(kw: Kwargs | null): Map<string, Py> {
  const out = new Map<string, Py>();
  if (kw) kw.names.forEach((n, i) => out.set(n, kw.values[i]));
  return out;
}

/** A number of a plotted sequence: an int, a float, a bool, or a Value's data. */
function number(rt: Runtime, v: Py, fn: string): number {
  v = plain(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return toFloat(v);
  if (v instanceof NodeRef) return rt.tape.data(v.id);
  throw typeError(`${fn}() plots numbers or Values, not '${typeName(v)}'`);
}

/** A sequence of numbers: a list, tuple, range or any iterable of numbers or Values. */
function numbers(rt: Runtime, v: Py, fn: string): number[] {
  return items(rt, v, fn).map((x) => number(rt, x, fn));
}

function items(rt: Runtime, v: Py, fn: string): Py[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Tuple) return v.items as Py[];
  if (v instanceof Range || (typeof v === 'object' && v !== null && !(v instanceof NodeRef))) {
    try {
      return toArray(rt, v);
    } catch {
      // Not iterable: said below, in the plot's words.
    }
  }
  throw typeError(`${fn}() expects a sequence of numbers (a list, a tuple or a range), not '${typeName(v)}'`);
}

/** A 2-D point of a data set: a list or tuple of two numbers. */
function isPoint(v: Py): boolean {
  const xs = Array.isArray(v) ? v : v instanceof Tuple ? v.items : null;
  return xs !== null && xs.length === 2;
}

/** X as a list of points [x0, x1]: their two coordinates. */
export function points(rt: Runtime, v: Py, fn: string): { xs: number[]; ys: number[] } {
  const xs: number[] = [], ys: number[] = [];
  for (const p of items(rt, v, fn)) {
    if (!isPoint(p)) throw valueError(`${fn}() expects X as a list of 2-D points ([x, y]), not a list of '${typeName(p)}'`);
    const [a, b] = Array.isArray(p) ? p : (p as Tuple).items;
    xs.push(number(rt, a, fn));
    ys.push(number(rt, b, fn));
  }
  return { xs, ys };
}

function arity(fn: string, args: Py[], min: number, max: number, names: string[]): void {
  if (args.length < min) {
    const missing = names.slice(args.length, min);
    const list = missing.length === 1 ? `'${missing[0]}'` : `${missing.slice(0, -1).map((n) => `'${n}'`).join(', ')} and '${missing[missing.length - 1]}'`;
    throw typeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${list}`);
  }
  if (args.length > max) {
    const takes = min === max ? `${min}` : `from ${min} to ${max}`;
    throw typeError(`${fn}() takes ${takes} positional argument${max === 1 ? '' : 's'} but ${args.length} were given`);
  }
}

/** Where a plot came from: the user's call, and its source as the default title. */
function origin(rt: Runtime, site: CallSite | null): { range: SourceRange; text: string } {
  const range = site && !site.library ? site.range : rt.userCallSite();
  return { range, text: rt.text.slice(range.start, range.end).replace(/\s+/g, ' ') };
}

/** The plot's title: a title= or label= argument, a pending plt.title(), else the call's source. */
function titleOf(rt: Runtime, kw: Map<string, Py>, fallback: string, fn: string): string {
  const given = kw.get('title') ?? kw.get('label');
  if (given !== undefined && given !== null) {
    if (typeof given !== 'string') throw typeError(`${fn}() title must be a string, not '${typeName(given)}'`);
    return given;
  }
  const a = rt.activity;
  if (a.pendingTitle !== null) {
    const t = a.pendingTitle;
    a.pendingTitle = null;
    return t;
  }
  return fallback;
}

function addPlot(rt: Runtime, plot: Plot): null {
  rt.activity.plots.push(plot);
  return null;
}

function plot(rt: Runtime): Fn {
  return (args, kw, site) => {
    // plot(ys), plot(xs, ys), each optionally followed by a format string ('r-'), as matplotlib's.
    const positional = args.length > 1 && typeof args[args.length - 1] === 'string' ? args.slice(0, -1) : args;
    arity('plot', positional, 1, 2, ['ys']);
    const k = keywordMap(kw);
    const where = origin(rt, site);
    const ys = numbers(rt, positional[positional.length - 1], 'plot');
    const xs = positional.length === 2 ? numbers(rt, positional[0], 'plot') : null;
    if (xs && xs.length !== ys.length) {
      throw valueError(`x and y must have same first dimension, but have shapes (${xs.length},) and (${ys.length},)`);
    }
    return addPlot(rt, { kind: 'line', title: titleOf(rt, k, where.text, 'plot'), range: where.range, xs, ys });
  };
}

function scatter(rt: Runtime): Fn {
  return (args, kw, site) => {
    arity('scatter', args, 2, 4, ['x', 'y']);
    const k = keywordMap(kw);
    const where = origin(rt, site);
    const first = items(rt, args[0], 'scatter');
    let xs: number[], ys: number[], classes: number[] | null;
    if (first.length > 0 && isPoint(first[0])) {
      // scatter(X, y): micrograd's data set, points and their classes.
      ({ xs, ys } = points(rt, first, 'scatter'));
      classes = numbers(rt, args[1], 'scatter');
      if (classes.length !== xs.length) throw valueError(`scatter() got ${xs.length} points and ${classes.length} labels`);
    } else {
      xs = first.map((x) => number(rt, x, 'scatter'));
      ys = numbers(rt, args[1], 'scatter');
      if (xs.length !== ys.length) throw valueError('x and y must be the same size');
      const c = args[3] ?? k.get('c');
      // A colour name or a single colour colours every point alike: no classes.
      classes = c === undefined || c === null || typeof c === 'string' || c instanceof Tuple ? null : numbers(rt, c, 'scatter');
      if (classes && classes.length !== xs.length) {
        throw valueError(`'c' argument has ${classes.length} elements, which is inconsistent with 'x' and 'y' with size ${xs.length}.`);
      }
    }
    return addPlot(rt, { kind: 'scatter', title: titleOf(rt, k, where.text, 'scatter'), range: where.range, xs, ys, classes });
  };
}

function boundary(rt: Runtime): Builtin {
  const b = new Builtin('plot_boundary', (args, kw, site) => {
    arity('plot_boundary', args, 3, 3, ['model', 'X', 'y']);
    const k = keywordMap(kw);
    for (const name of k.keys()) {
      if (name !== 'title' && name !== 'label') throw typeError(`plot_boundary() got an unexpected keyword argument '${name}'`);
    }
    const where = origin(rt, site);
    const { xs, ys } = points(rt, args[1], 'plot_boundary');
    const classes = numbers(rt, args[2], 'plot_boundary');
    if (classes.length !== xs.length) throw valueError(`plot_boundary() got ${xs.length} points and ${classes.length} labels`);
    if (xs.length === 0) throw valueError('plot_boundary() needs at least one point to span its grid');
    const title = titleOf(rt, k, where.text, 'plot_boundary');
    const grid = plotBoundary(rt, args[0], args, xs, ys, where.range, site);
    return addPlot(rt, { kind: 'boundary', title, range: where.range, xs, ys, classes, grid });
  });
  // It runs the model's forward pass at every grid point: its caller waits, so the
  // nodes of each pass can be reclaimed as in a loop.
  b.reclaims = true;
  return b;
}

/** plot, scatter and plot_boundary as built-ins of every .grad file. */
export function installPlotBuiltins(rt: Runtime): void {
  rt.builtins.set('plot', new Builtin('plot', plot(rt)));
  rt.builtins.set('scatter', new Builtin('scatter', scatter(rt)));
  rt.builtins.set('plot_boundary', boundary(rt));
}

/** matplotlib and matplotlib.pyplot: plot and scatter draw, the rest is accepted. */
export function plotModules(rt: Runtime): PyModule[] {
  const pyplot = new PyModule('matplotlib.pyplot');
  const fn = (name: string, f: Fn) => pyplot.set(name, new Builtin(name, f));
  fn('plot', plot(rt));
  fn('scatter', scatter(rt));
  // title() names the current figure's last plot, or the next one when none is drawn yet.
  fn('figure', () => {
    rt.activity.figureStart = rt.activity.plots.length;
    rt.activity.pendingTitle = null;
    return null;
  });
  fn('title', (args, kw) => {
    const label = args[0] ?? keywordMap(kw).get('label');
    if (typeof label !== 'string') throw typeError(`title() missing 1 required positional argument: 'label'`);
    const plots = rt.activity.plots;
    if (plots.length > rt.activity.figureStart) plots[plots.length - 1].title = label;
    else rt.activity.pendingTitle = label;
    return null;
  });
  for (const name of ['show', 'xlabel', 'ylabel', 'legend', 'contour', 'contourf', 'xlim', 'ylim', 'grid', 'close', 'tight_layout', 'axis']) {
    fn(name, () => null);
  }
  // `cmap=plt.cm.Spectral`, as micrograd's demo writes: a name GradLens's theme replaces.
  const cm = new PyModule('matplotlib.cm');
  for (const name of ['Spectral', 'viridis', 'coolwarm', 'RdBu', 'RdYlBu', 'jet', 'gray', 'binary', 'Paired']) cm.set(name, name);
  pyplot.set('cm', cm);
  const matplotlib = new PyModule('matplotlib');
  matplotlib.set('pyplot', pyplot);
  matplotlib.set('cm', cm);
  return [matplotlib, pyplot, cm];
}
