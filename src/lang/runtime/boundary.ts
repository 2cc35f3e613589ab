import { NodeRef } from '../../engine/tape';
import type { Plot } from '../result';
import type { SourceRange } from '../source';
import { callValue } from './calls';
import { BoundReached, typeError } from './errors';
import { Tuple, type CallSite, type Py } from './objects';
import { plain, toFloat } from './numbers';
import type { Runtime } from './runtime';
import { typeName } from './types';

// micrograd's decision-boundary picture: the model's output over a grid spanning the
// data, as the demo notebook computes it (the points' range ±1, steps of h = 0.25),
// with at least 40 and at most 100 points a side so the raster is smooth and the
// forward passes few. Every pass is the user's own model on two fresh Values, so its
// nodes are garbage the moment its number is read: they are reclaimed between grid
// points, as a training loop's are between iterations.

type Grid = Extract<Plot, { kind: 'boundary' }>['grid'];

const H = 0.25;
const MIN_SIDE = 40;
const MAX_SIDE = 100;

/** Points a side of the grid over [lo, hi]: the notebook's np.arange(lo, hi, h), within bounds. */
function side(lo: number, hi: number): number {
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.ceil((hi - lo) / H)));
}

export function plotBoundary(
  rt: Runtime, model: Py, args: Py[], xs: number[], ys: number[], range: SourceRange, site: CallSite | null,
): Grid {
  const xMin = Math.min(...xs) - 1, xMax = Math.max(...xs) + 1;
  const yMin = Math.min(...ys) - 1, yMax = Math.max(...ys) + 1;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite)) throw typeError('plot_boundary() needs finite coordinates');
  const columns = side(xMin, xMax), rows = side(yMin, yMax);
  const dx = (xMax - xMin) / (columns - 1), dy = (yMax - yMin) / (rows - 1);
  const values: number[] = new Array(columns * rows);
  const origin = site ? site.origin : -1;
  const reclaims = rt.canReclaimInBuiltin();
  // What the built-in holds in JS while nodes are reclaimed: the model, the data.
  const roots = rt.builtinRoots;
  const rootsBefore = roots.length;
  roots.push(...args);
  try {
    for (let j = 0; j < rows; j++) {
      const y = yMin + j * dy;
      for (let i = 0; i < columns; i++) {
        const x = xMin + i * dx;
        const input = [rt.leaf(x, origin), rt.leaf(y, origin)];
        values[j * columns + i] = score(rt, callValue(rt, model, [input], null, site));
        rt.tick(range);
        if (reclaims) rt.safePoint(range, true);
      }
    }
  } catch (e) {
    if (e instanceof BoundReached && e.bound === 'nodes' && !reclaims) {
      throw new BoundReached('nodes',
        `${e.message} plot_boundary() reclaims each grid point's forward pass only when it is called as a statement of its own ` +
        '(`plot_boundary(model, X, y)`), not inside an expression.', e.range);
    }
    throw e;
  } finally {
    roots.length = rootsBefore;
  }
  return { xMin, xMax, yMin, yMax, columns, rows, values };
}

/** The model's output at a point: a Value's data, or a list's first element (a model with several outputs). */
function score(rt: Runtime, out: Py): number {
  let v = out;
  if (Array.isArray(v) || v instanceof Tuple) {
    const items = Array.isArray(v) ? v : v.items;
    if (items.length === 0) throw typeError('plot_boundary(): the model returned an empty list');
    v = items[0];
  }
  v = plain(v);
  if (v instanceof NodeRef) return rt.tape.data(v.id);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return toFloat(v);
  throw typeError(`plot_boundary(): the model must return a Value or a number, not '${typeName(v)}'`);
}
