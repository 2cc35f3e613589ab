import type { Call, Comprehension, ComprehensionFor, DictComp } from '../ast';
import { Sum } from '../runtime/builtins';
import { callValue } from '../runtime/calls';
import { at } from '../runtime/errors';
import { getIterator, iterate } from '../runtime/iteration';
import { Frame, PyDict, PyIterator, PySet, type ExprFn, type Py } from '../runtime/objects';
import { hashKey } from '../runtime/comparison';
import { truthy } from '../runtime/operators';
import type { Runtime } from '../runtime/runtime';
import { callSite, CompileError, within, type Ctx } from './context';
import { compileExpr } from './expressions';
import { closureParent } from './functions';
import { comprehensionScope } from './scopes';
import { compileTarget } from './targets';

// Comprehensions and generator expressions. Each has a frame of its own (its loop
// variables do not leak, as in Python 3); its first iterable is evaluated outside it,
// the rest inside. The shapes every micrograd neuron runs (`sum(w*x for w, x in
// zip(ws, xs))`) have paths of their own that make no tuple, iterator or generator
// object per item.

interface Level {
  /** The iterable, evaluated in the comprehension's frame (the first one in the enclosing frame). */
  iterable: ExprFn;
  store: (f: Frame, v: Py) => void;
  ifs: ExprFn[];
}

/** `[e for x in xs if c]` and its set, dict and generator forms. */
export function compileComprehension(ctx: Ctx, node: Comprehension | DictComp): ExprFn {
  const scope = comprehensionScope(ctx.scope, node);
  const inner = within(ctx, scope);
  const levels: Level[] = node.generators.map((g: ComprehensionFor, i) => ({
    iterable: compileExpr(i === 0 ? ctx : inner, g.iter),
    store: compileTarget(inner, g.target, g.range, false),
    ifs: g.ifs.map((c) => compileExpr(inner, c)),
  }));
  const parentOf = closureParent(ctx.scope);
  const slotCount = scope.slotNames.length;
  const rt = ctx.rt;
  const first = levels[0].iterable;
  const frameFor = (f: Frame) => new Frame(null, slotCount, parentOf(f), null);

  if (node.kind === 'genexp') {
    const element = compileExpr(inner, node.element);
    const zipped = zipUnpacking(ctx, inner, node);
    if (zipped) {
      const general = (f: Frame) => new SimpleGenerator(rt, frameFor(f), getIterator(rt, first(f)), levels[0].store, element);
      const builtinZip = rt.builtins.get('zip');
      return (f) => {
        const zip = zipped.callee(f);
        if (zip !== builtinZip) return general(f);
        const sources = zipped.args.map((a) => getIterator(rt, a(f)));
        return new ZipUnpackGenerator(rt, frameFor(f), sources, zipped.stores, element);
      };
    }
    if (levels.length === 1 && levels[0].ifs.length === 0) {
      const store = levels[0].store;
      return (f) => new SimpleGenerator(rt, frameFor(f), getIterator(rt, first(f)), store, element);
    }
    return (f) => new GeneratorIterator(rt, frameFor(f), levels, getIterator(rt, first(f)), element);
  }
  let emit: (frame: Frame, out: unknown) => void;
  let make: () => unknown;
  if (node.kind === 'listcomp') {
    const element = compileExpr(inner, node.element);
    make = () => [];
    emit = (frame, out) => { (out as Py[]).push(element(frame)); };
  } else if (node.kind === 'setcomp') {
    const element = compileExpr(inner, node.element);
    make = () => new PySet();
    emit = (frame, out) => { const v = element(frame); (out as PySet).entries.set(hashKey(v), v); };
  } else if (node.kind === 'dictcomp') {
    const key = compileExpr(inner, node.key), value = compileExpr(inner, node.value);
    make = () => new PyDict();
    emit = (frame, out) => { const k = key(frame); (out as PyDict).put(hashKey(k), k, value(frame)); };
  } else {
    throw new CompileError('unknown comprehension', node.range);
  }
  const run = (frame: Frame, depth: number, iterable: Py, out: unknown): void => {
    const level = levels[depth];
    const last = depth === levels.length - 1;
    iterate(rt, iterable, (item) => {
      level.store(frame, item);
      for (const test of level.ifs) if (!truthy(rt, test(frame))) return;
      if (last) emit(frame, out);
      else run(frame, depth + 1, levels[depth + 1].iterable(frame), out);
    });
  };
  return (f) => {
    const out = make();
    const iterable = first(f);
    rt.loopDepth++;
    try {
      run(frameFor(f), 0, iterable, out);
    } finally {
      rt.loopDepth--;
    }
    return out as Py;
  };
}

/** The length of the shortest list, read again each time: a list may grow as zip walks it. */
function shortest(lists: readonly Py[][]): number {
  let n = lists[0].length;
  for (let k = 1; k < lists.length; k++) if (lists[k].length < n) n = lists[k].length;
  return n;
}

interface ZipUnpacking {
  callee: ExprFn;
  args: ExprFn[];
  /** Each target name's store. */
  stores: ((f: Frame, v: Py) => void)[];
  /** The whole target, for an item of a `zip` that is not the built-in. */
  unpack: (f: Frame, v: Py) => void;
}

/**
 * `(e for a, b in zip(xs, ys))`, the loop of every neuron's sum: when `zip` is the
 * built-in, the generator takes an item from each source straight into its target,
 * without making the tuple zip would and unpacking it again.
 */
function zipUnpacking(ctx: Ctx, inner: Ctx, node: Comprehension): ZipUnpacking | null {
  if (node.generators.length !== 1 || node.generators[0].ifs.length > 0) return null;
  const { iter, target, range } = node.generators[0];
  if (iter.kind !== 'call' || iter.callee.kind !== 'name' || iter.callee.name !== 'zip' || iter.keywords.length > 0) return null;
  if (target.kind !== 'tuple' && target.kind !== 'list') return null;
  const names = target.elements;
  if (names.length !== iter.args.length || names.some((t) => t.kind !== 'name') || iter.args.some((a) => a.kind === 'starred')) return null;
  return {
    callee: compileExpr(ctx, iter.callee),
    args: iter.args.map((a) => compileExpr(ctx, a)),
    stores: names.map((t) => compileTarget(inner, t, range, false)),
    unpack: compileTarget(inner, target, range, false),
  };
}

class ZipUnpackGenerator extends PyIterator {
  readonly kind = 'generator';
  private done = false;
  constructor(
    private readonly rt: Runtime,
    private readonly frame: Frame,
    private readonly sources: PyIterator[],
    private readonly stores: ((f: Frame, v: Py) => void)[],
    private readonly element: ExprFn,
  ) { super(); }

  next(): Py | undefined {
    if (this.done) return undefined;
    const { sources, stores, frame } = this;
    for (let i = 0; i < sources.length; i++) {
      const item = sources[i].next();
      if (item === undefined) {
        this.done = true;
        return undefined;
      }
      stores[i](frame, item);
    }
    this.rt.loopDepth++;
    try {
      return this.element(frame);
    } finally {
      this.rt.loopDepth--;
    }
  }

  trace(visit: (v: Py) => void, visitFrame: (f: Frame) => void): void {
    if (!this.done) for (const s of this.sources) visit(s);
    visitFrame(this.frame);
  }
}

/** `(e for x in xs)`, one loop and no condition: the shape of sum(w*x for w, x in zip(...)) in every neuron. */
class SimpleGenerator extends PyIterator {
  readonly kind = 'generator';
  constructor(
    private readonly rt: Runtime,
    private readonly frame: Frame,
    private source: PyIterator | null,
    private readonly store: (f: Frame, v: Py) => void,
    private readonly element: ExprFn,
  ) { super(); }

  next(): Py | undefined {
    if (this.source === null) return undefined;
    const item = this.source.next();
    if (item === undefined) {
      this.source = null;
      return undefined;
    }
    this.store(this.frame, item);
    this.rt.loopDepth++;
    try {
      return this.element(this.frame);
    } finally {
      this.rt.loopDepth--;
    }
  }

  trace(visit: (v: Py) => void, visitFrame: (f: Frame) => void): void {
    if (this.source) visit(this.source);
    visitFrame(this.frame);
  }
}

/** A generator expression: lazy, one item per next(), its loops' iterators kept as explicit state. */
class GeneratorIterator extends PyIterator {
  readonly kind = 'generator';
  private readonly iterators: (PyIterator | null)[];
  private depth = 0;
  constructor(
    private readonly rt: Runtime,
    private readonly frame: Frame,
    private readonly levels: Level[],
    first: PyIterator,
    private readonly element: ExprFn,
  ) {
    super();
    this.iterators = levels.map(() => null);
    this.iterators[0] = first;
  }

  next(): Py | undefined {
    this.rt.loopDepth++;
    try {
      return this.advance();
    } finally {
      this.rt.loopDepth--;
    }
  }

  private advance(): Py | undefined {
    const { levels, frame, rt } = this;
    while (this.depth >= 0) {
      const item = this.iterators[this.depth]!.next();
      if (item === undefined) {
        this.iterators[this.depth] = null;
        this.depth--;
        continue;
      }
      const level = levels[this.depth];
      level.store(frame, item);
      let pass = true;
      for (const test of level.ifs) if (!truthy(rt, test(frame))) { pass = false; break; }
      if (!pass) continue;
      if (this.depth === levels.length - 1) return this.element(frame);
      this.depth++;
      this.iterators[this.depth] = getIterator(rt, levels[this.depth].iterable(frame));
    }
    return undefined;
  }

  trace(visit: (v: Py) => void, visitFrame: (f: Frame) => void): void {
    for (const it of this.iterators) if (it) visit(it);
    visitFrame(this.frame);
  }
}

/**
 * `sum(e for a, b in zip(xs, ys))` and `sum(e for x in xs)`, with or without a start:
 * every micrograd neuron's weighted sum. When `sum` (and `zip`) are the built-ins, the
 * items are computed and added in a plain loop, in the order and with the results of
 * the generator it replaces; otherwise the call runs as written (`general`).
 */
export function compileSumOfGenerator(ctx: Ctx, call: Call, general: ExprFn): ExprFn | null {
  const [generator, start] = call.args;
  if (call.keywords.length > 0 || call.args.length > 2 || generator?.kind !== 'genexp' || start?.kind === 'starred') return null;
  if (generator.generators.length !== 1 || generator.generators[0].ifs.length > 0) return null;
  const scope = comprehensionScope(ctx.scope, generator);
  const inner = within(ctx, scope);
  const element = compileExpr(inner, generator.element);
  const zipped = zipUnpacking(ctx, inner, generator);
  const iterable = zipped ? null : compileExpr(ctx, generator.generators[0].iter);
  const store = zipped ? null : compileTarget(inner, generator.generators[0].target, generator.generators[0].range, false);
  const startValue = start ? compileExpr(ctx, start) : null;
  const sumCallee = compileExpr(ctx, call.callee);
  const { rt, library } = ctx;
  const builtinSum = rt.builtins.get('sum'), builtinZip = rt.builtins.get('zip');
  const site = callSite(ctx, call.range);
  const parentOf = closureParent(ctx.scope);
  const slotCount = scope.slotNames.length;
  const range = call.range;

  const item = (frame: Frame): Py => {
    rt.loopDepth++;
    try {
      return element(frame);
    } finally {
      rt.loopDepth--;
    }
  };
  return (f) => {
    if (sumCallee(f) !== builtinSum) return general(f);
    const frame = new Frame(null, slotCount, parentOf(f), null);
    try {
      if (zipped) {
        const zip = zipped.callee(f);
        const sources = zipped.args.map((a) => a(f));
        const total = new Sum(rt, startValue ? startValue(f) : 0n, site);
        if (zip !== builtinZip) {
          iterate(rt, callValue(rt, zip, sources, null, null), (v) => {
            zipped.unpack(frame, v);
            total.add(item(frame));
          });
        } else if (sources.every(Array.isArray)) {
          // Lists are read by index, as their iterators do, so one that grows is seen growing.
          const lists = sources as Py[][];
          const { stores } = zipped;
          for (let i = 0; shortest(lists) > i; i++) {
            for (let k = 0; k < lists.length; k++) stores[k](frame, lists[k][i]);
            total.add(item(frame));
          }
        } else {
          const iterators = sources.map((s) => getIterator(rt, s));
          for (;;) {
            let ended = false;
            for (let k = 0; k < iterators.length && !ended; k++) {
              const v = iterators[k].next();
              if (v === undefined) ended = true;
              else zipped.stores[k](frame, v);
            }
            if (ended) break;
            total.add(item(frame));
          }
        }
        return total.result();
      }
      const source = iterable!(f);
      const total = new Sum(rt, startValue ? startValue(f) : 0n, site);
      iterate(rt, source, (v) => {
        store!(frame, v);
        total.add(item(frame));
      });
      return total.result();
    } catch (err) {
      throw at(err, range, library);
    }
  };
}
