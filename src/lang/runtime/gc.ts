import { NodeRef } from '../../engine/tape';
import { Frame, PyObject, type Py } from './objects';
import type { Runtime } from './runtime';

// Reclaiming tape nodes that nothing can reach, as Python frees a training step's
// graph once the next step rebinds the loss. The roots are everything the program can
// still name: the modules' variables, every running frame (its locals, its loops'
// iterables, the frames its closures captured). What the editor records (each line's
// last value, the cell's output candidates) is not a root: a training loop's lines
// would otherwise keep every step's graph alive. Those records name nodes by serial,
// and one whose node was reclaimed keeps the number it recorded.
// runtime.safePoint decides when this may run: only where no half-evaluated
// expression holds a Value in a JS local, which is why the frames' `waiting` flags
// exist.

export function collect(rt: Runtime): void {
  const roots: NodeRef[] = [];
  const seen = new Set<object>();
  const work: Py[] = [];
  const visit = (v: Py): void => {
    if (v === null || typeof v !== 'object') return;
    if (seen.has(v)) return;
    seen.add(v);
    work.push(v);
  };
  const seenFrames = new Set<Frame>();
  const visitFrame = (f: Frame): void => {
    for (let frame: Frame | null = f; frame !== null && !seenFrames.has(frame); frame = frame.parent) {
      seenFrames.add(frame);
      for (const v of frame.slots) if (v !== undefined) visit(v);
      for (const v of frame.loops) visit(v);
      if (frame.ns) for (const v of frame.ns.values()) visit(v);
      visit(frame.ret);
    }
  };

  visit(rt.main);
  for (const module of rt.modules.values()) visit(module);
  for (const frame of rt.stack) visitFrame(frame);
  // The list the heat strip reads at the cell's end, and what a built-in that reclaims
  // as it works (plot_boundary) holds in JS.
  if (rt.activity?.parameters) visit(rt.activity.parameters.list);
  for (const v of rt.builtinRoots) visit(v);

  while (work.length > 0) {
    const v = work.pop()!;
    if (v instanceof NodeRef) {
      if (v.id >= 0) roots.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else if (v instanceof PyObject) {
      v.trace(visit, visitFrame);
    }
  }
  rt.tape.compact(roots);
  // The scopes only the reclaimed nodes were made in go too: a long training loop's
  // table stays the size of what is alive.
  rt.scopes.compactIfLarge();
}
