import type { Call, Expr } from '../ast';
import type { SourceRange } from '../source';
import type { ExprFn } from '../runtime/objects';
import { LoopTrack, type SeriesSite } from '../runtime/series';
import { recording, type Ctx, type StoreFn } from './context';

// Where a cell's top-level loop gets its series: the names its body assigns at the
// module level and the numbers its print() calls print (each argument, or each field
// of an f-string argument). Decided at compile time, so a loop elsewhere (in a def,
// in a nested loop's own bookkeeping) pays nothing.

/** A new track when this loop is a cell's outermost loop in the user's module code, else null. */
export function outermostLoop(ctx: Ctx, header: SourceRange, target: Expr | null): LoopTrack | null {
  if (ctx.loop) {
    if (target) targetNames(target, ctx.loop.targets);
    return null;
  }
  if (!recording(ctx) || ctx.scope.kind !== 'module') return null;
  const track = new LoopTrack(header, ctx.cell);
  if (target) targetNames(target, track.targets);
  return track;
}

function targetNames(t: Expr, into: Set<string>): void {
  if (t.kind === 'name') into.add(t.name);
  else if (t.kind === 'tuple' || t.kind === 'list') for (const e of t.elements) targetNames(e, into);
  else if (t.kind === 'starred') targetNames(t.value, into);
}

/** A module-level assignment inside a top-level loop also feeds a series named after the name. */
export function seriesStore(ctx: Ctx, name: string, statement: SourceRange, store: StoreFn): StoreFn {
  const loop = ctx.loop;
  if (!loop || ctx.scope.kind !== 'module' || loop.targets.has(name)) return store;
  const site = loop.nameSite(name, statement);
  const tape = ctx.rt.tape;
  return (f, v) => {
    store(f, v);
    site.offer(v, tape);
  };
}

/**
 * A `print(...)` inside a top-level loop: the context to compile it in, which watches
 * its arguments (an f-string's fields rather than the string); the loop's own
 * variable is its x axis, not a series.
 */
export function watchPrint(ctx: Ctx, call: Call): Ctx {
  const loop = ctx.loop;
  if (!loop || !recording(ctx) || call.callee.kind !== 'name' || call.callee.name !== 'print') return ctx;
  const watched = new Map<Expr, SeriesSite>(ctx.watched);
  const watch = (e: Expr) => {
    if (e.kind === 'string' || e.kind === 'constant' || (e.kind === 'name' && loop.targets.has(e.name))) return;
    watched.set(e, loop.site(ctx.text.slice(e.range.start, e.range.end).replace(/\s+/g, ' '), e.range));
  };
  for (const a of call.args) {
    if (a.kind === 'fstring') {
      for (const p of a.parts) if (typeof p !== 'string') watch(p.value);
    } else if (a.kind !== 'starred') {
      watch(a);
    }
  }
  return watched.size === (ctx.watched?.size ?? 0) ? ctx : { ...ctx, watched };
}

/** An expression being watched: its value is offered to its series as it is computed. */
export function watching(ctx: Ctx, site: SeriesSite, value: ExprFn): ExprFn {
  const tape = ctx.rt.tape;
  return (f) => {
    const v = value(f);
    site.offer(v, tape);
    return v;
  };
}
