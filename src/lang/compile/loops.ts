import type { For, While } from '../ast';
import { at } from '../runtime/errors';
import { getIterator } from '../runtime/iteration';
import { Range, Signal, type Frame, type Py, type StmtFn } from '../runtime/objects';
import { truthy } from '../runtime/operators';
import { knownLength, type LoopTrack } from '../runtime/series';
import { iterationSite, type Ctx } from './context';
import { compileExpr } from './expressions';
import { outermostLoop } from './series';
import { compileBlock, inner } from './statements';
import { compileTarget } from './targets';

// `for` and `while`: each iteration is a scope of its own (the tape's nodes are
// numbered with it), counts towards the time budget and is a point where tape nodes
// may be reclaimed; a cell's top-level loop also ends its series' step there.

export function compileWhile(ctx: Ctx, s: While): StmtFn {
  const track = outermostLoop(ctx, s.headerRange, null);
  const test = compileExpr(ctx, s.test);
  const body = compileBlock(inLoop(ctx, track), s.body), orelse = compileBlock(inner(ctx), s.orelse);
  const rt = ctx.rt, header = s.headerRange;
  const scopes = rt.scopes, site = iterationSite(ctx, header);
  const loop = (f: Frame): Signal => {
    for (let k = 0; ; k++) {
      rt.tick(header);
      rt.safePoint(header);
      // The test is the iteration's too, so what it computes is numbered with it (the
      // last, false test's scope is dropped as it ends, unless that test made Values).
      scopes.enter(site, k);
      if (!truthy(rt, test(f))) {
        scopes.leave();
        return orelse(f);
      }
      const signal = body(f);
      scopes.leave();
      // The iteration's end: the series take its values, progress may be reported.
      if (track !== null) rt.outerIteration(track);
      if (signal === Signal.Break) return Signal.Normal;
      if (signal === Signal.Return) return signal;
    }
  };
  return (f) => {
    rt.loopDepth++;
    track?.start(rt, null);
    const depth = scopes.depth;
    try {
      return loop(f);
    } finally {
      rt.loopDepth--;
      if (track !== null) track.running = false;
      scopes.leaveTo(depth);
    }
  };
}

/** The context of a loop's body: the top-level loop's, when it is one. */
function inLoop(ctx: Ctx, track: LoopTrack | null): Ctx {
  return track === null ? inner(ctx) : { ...ctx, topLevel: false, loop: track };
}

/** One iteration of a for loop; a Break or Return to stop it. */
type Step = (f: Frame, item: Py, k: number) => Signal;

export function compileFor(ctx: Ctx, s: For): StmtFn {
  const track = outermostLoop(ctx, s.headerRange, s.target);
  const iterable = compileExpr(ctx, s.iter);
  const store = compileTarget(ctx, s.target, s.headerRange, false);
  const body = compileBlock(inLoop(ctx, track), s.body), orelse = compileBlock(inner(ctx), s.orelse);
  const { rt, library } = ctx;
  const header = s.headerRange, iterRange = s.iter.range;
  const scopes = rt.scopes, site = iterationSite(ctx, header);
  const run: Step = (f, item, k) => {
    scopes.enter(site, k);
    store(f, item);
    const signal = body(f);
    scopes.leave();
    return signal;
  };
  // A top-level loop's iteration also ends its series' step (before the tick and safe
  // point, whose clock reading a progress report then uses). Composed here, once, when
  // the loop is compiled, rather than tested at every iteration of every loop.
  const iteration: Step = track === null ? run : (f, item, k) => {
    const signal = run(f, item, k);
    rt.outerIteration(track);
    return signal;
  };
  const step: Step = (f, item, k) => {
    const signal = iteration(f, item, k);
    rt.tick(header);
    rt.safePoint(header);
    return signal;
  };
  return (f) => {
    const source = iterable(f);
    f.loops.push(source);
    rt.loopDepth++;
    track?.start(rt, knownLength(source));
    const depth = scopes.depth;
    try {
      let signal: Signal = Signal.Normal;
      if (Array.isArray(source)) {
        for (let i = 0; i < source.length; i++) {
          signal = step(f, source[i], i);
          if (signal === Signal.Break || signal === Signal.Return) break;
        }
      } else if (source instanceof Range) {
        const { stop, step: by } = source;
        let k = 0;
        for (let i = source.start; by > 0n ? i < stop : i > stop; i += by) {
          signal = step(f, i, k++);
          if (signal === Signal.Break || signal === Signal.Return) break;
        }
      } else {
        let it;
        try {
          it = getIterator(rt, source);
        } catch (err) {
          throw at(err, iterRange, library);
        }
        f.loops.push(it);
        let k = 0;
        for (let item = it.next(); item !== undefined; item = it.next()) {
          signal = step(f, item, k++);
          if (signal === Signal.Break || signal === Signal.Return) break;
        }
        f.loops.pop();
      }
      if (signal === Signal.Return) return signal;
      if (signal === Signal.Break) return Signal.Normal;
      return orelse(f);
    } finally {
      rt.loopDepth--;
      scopes.leaveTo(depth);
      f.loops.pop();
      if (track !== null) track.running = false;
    }
  };
}
