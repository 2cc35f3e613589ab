import type { ClassDef, Comprehension, ComprehensionFor, DictComp, FunctionDef, Lambda, Param } from '../ast';
import { callValue } from '../runtime/calls';
import { at, typeError } from '../runtime/errors';
import { getIterator, iterate } from '../runtime/iteration';
import {
  Frame, PyClass, PyDict, PyFunction, PyIterator, PySet, Signal,
  type Code, type ExprFn, type Py, type StmtFn,
} from '../runtime/objects';
import { hashKey, truthy } from '../runtime/operators';
import type { Runtime } from '../runtime/runtime';
import { OBJECT, typeName } from '../runtime/types';
import { CompileError, storeDefinition, within, type Ctx } from './context';
import { compileExpr } from './expressions';
import { classScope, comprehensionScope, functionScope, positionalCount, type Scope } from './scopes';
import { compileBlock } from './statements';
import { compileTarget } from './targets';

// Functions, classes and comprehensions: each body is compiled once, when its
// definition is compiled, into closures over a frame whose slots hold its locals.
// Running a `def` only captures defaults and the enclosing frame.

/** The frame a function or class made in frame `f` keeps as its parent: class bodies are skipped, the module has none. */
function closureParent(scope: Scope): (f: Frame) => Frame | null {
  if (scope.kind === 'module') return () => null;
  if (scope.kind === 'class') return (f) => f.parent;
  return (f) => f;
}

function qualname(ctx: Ctx, name: string): string {
  const s = ctx.scope;
  if (s.kind === 'module') return name;
  return s.kind === 'class' ? `${s.qualname}.${name}` : `${s.qualname}.<locals>.${name}`;
}

function makeCode(ctx: Ctx, node: FunctionDef | Lambda, name: string, scope: Scope, body: StmtFn): Code {
  const params = node.params.map((p) => ({ name: p.name, kind: p.kind, slot: scope.slots.get(p.name)! }));
  return {
    name, qualname: scope.qualname, params, positional: positionalCount(node.params),
    slotCount: scope.slotNames.length, slotNames: scope.slotNames, body,
    range: node.kind === 'def' ? node.headerRange : node.range,
    library: ctx.library, module: ctx.module, definingClass: null,
  };
}

/** Defaults are evaluated where the def runs: positional ones in order, keyword-only ones by name. */
function compileDefaults(ctx: Ctx, params: Param[]): (f: Frame) => { defaults: Py[]; kwDefaults: Map<string, Py> } {
  const positional = params.filter((p) => p.kind === 'positional' && p.default).map((p) => compileExpr(ctx, p.default!));
  const keyword = params.filter((p) => p.kind === 'keyword' && p.default).map((p) => [p.name, compileExpr(ctx, p.default!)] as const);
  return (f) => ({
    defaults: positional.map((d) => d(f)),
    kwDefaults: new Map(keyword.map(([n, d]) => [n, d(f)])),
  });
}

function checkParams(params: Param[]): void {
  const seen = new Set<string>();
  let defaulted = false;
  for (const p of params) {
    if (seen.has(p.name)) throw new CompileError(`duplicate argument '${p.name}' in function definition`, p.range);
    seen.add(p.name);
    if (p.kind !== 'positional') continue;
    if (p.default) defaulted = true;
    else if (defaulted) throw new CompileError('non-default argument follows default argument', p.range);
  }
}

export function compileDef(ctx: Ctx, node: FunctionDef): StmtFn {
  checkParams(node.params);
  const scope = functionScope(ctx.scope, node, qualname(ctx, node.name));
  const body = compileBlock(within(ctx, scope), node.body);
  const code = makeCode(ctx, node, node.name, scope, (f) => {
    const s = body(f);
    if (s !== Signal.Return) f.ret = null;
    return Signal.Normal;
  });
  const defaultsOf = compileDefaults(ctx, node.params);
  const parentOf = closureParent(ctx.scope);
  const decorators = node.decorators.map((d) => compileExpr(ctx, d)).reverse();
  const store = storeDefinition(ctx, node.name);
  const { rt, library } = ctx;
  return (f) => {
    const { defaults, kwDefaults } = defaultsOf(f);
    let fn: Py = new PyFunction(code, defaults, kwDefaults, parentOf(f));
    for (const decorate of decorators) {
      try {
        fn = callValue(rt, decorate(f), [fn], null, null);
      } catch (err) {
        throw at(err, node.headerRange, library);
      }
    }
    store(f, fn);
    return Signal.Normal;
  };
}

export function compileLambda(ctx: Ctx, node: Lambda): ExprFn {
  checkParams(node.params);
  const scope = functionScope(ctx.scope, node, qualname(ctx, '<lambda>'));
  const result = compileExpr(within(ctx, scope), node.body);
  const code = makeCode(ctx, node, '<lambda>', scope, (f) => {
    f.ret = result(f);
    return Signal.Normal;
  });
  const defaultsOf = compileDefaults(ctx, node.params);
  const parentOf = closureParent(ctx.scope);
  return (f) => {
    const { defaults, kwDefaults } = defaultsOf(f);
    return new PyFunction(code, defaults, kwDefaults, parentOf(f));
  };
}

export function compileClass(ctx: Ctx, node: ClassDef): StmtFn {
  if (node.bases.length > 1) {
    throw new CompileError('a class can have one base class here (GradLens supports single inheritance)', node.bases[1].range);
  }
  const scope = classScope(ctx.scope, node, qualname(ctx, node.name));
  const body = compileBlock(within(ctx, scope), node.body);
  const base = node.bases.length === 1 ? compileExpr(ctx, node.bases[0]) : null;
  const parentOf = closureParent(ctx.scope);
  const decorators = node.decorators.map((d) => compileExpr(ctx, d)).reverse();
  const store = storeDefinition(ctx, node.name);
  const { rt, library } = ctx;
  const moduleName = ctx.module.name;
  return (f) => {
    const b = base ? base(f) : OBJECT;
    if (!(b instanceof PyClass)) throw at(typeError(`a class's base must be a class, not ${typeName(b)}`), node.bases[0].range, library);
    if (b.builtin && b !== OBJECT && !b.mro.some((c) => c.name === 'BaseException')) {
      throw at(typeError(`GradLens classes can't inherit from the built-in type '${b.name}'`), node.bases[0].range, library);
    }
    const ns = new Map<string, Py>([['__module__', moduleName], ['__qualname__', scope.qualname]]);
    const frame = new Frame(null, 0, parentOf(f), node.headerRange, ns);
    rt.stack.push(frame);
    try {
      body(frame);
    } finally {
      rt.stack.pop();
    }
    const made = new PyClass(node.name, b, ns);
    for (const v of ns.values()) if (v instanceof PyFunction && v.code.definingClass === null) v.code.definingClass = made;
    let cls: Py = made;
    for (const decorate of decorators) cls = callValue(rt, decorate(f), [cls], null, null);
    store(f, cls);
    return Signal.Normal;
  };
}

// ---- comprehensions --------------------------------------------------------------------

interface Level {
  /** The iterable, evaluated in the comprehension's frame (the first one in the enclosing frame). */
  iterable: ExprFn;
  store: (f: Frame, v: Py) => void;
  ifs: ExprFn[];
}

/**
 * `[e for x in xs if c]` and its set, dict and generator forms. The comprehension has
 * a frame of its own (its loop variables do not leak, as in Python 3); its first
 * iterable is evaluated outside it, the rest inside.
 */
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

/**
 * `(e for a, b in zip(xs, ys))`, the loop of every neuron's sum: when `zip` is the
 * built-in, the generator takes an item from each source straight into its target,
 * without making the tuple zip would and unpacking it again.
 */
function zipUnpacking(ctx: Ctx, inner: Ctx, node: Comprehension): { callee: ExprFn; args: ExprFn[]; stores: ((f: Frame, v: Py) => void)[] } | null {
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
