import type { Expr } from '../ast';
import { ScopeKind } from '../../graph/columns';
import type { SourceRange } from '../source';
import { closestName, editDistance } from '../suggest';
import { BindingSite, LoadSite, record } from '../runtime/activity';
import { PyError, SilentAbort } from '../runtime/errors';
import { missingBuiltinReason } from '../runtime/missingBuiltins';
import type { CallSite, ExprFn, Frame, GlobalCell, Py, PyModule } from '../runtime/objects';
import { moduleBinding } from '../runtime/recording';
import type { Runtime } from '../runtime/runtime';
import type { LoopTrack, SeriesSite } from '../runtime/series';
import { resolve, type Resolution, type Scope } from './scopes';
import { seriesStore } from './series';

// What compiling one piece of code needs to know, and the closures that read and
// write a variable once its place (slot, enclosing frame, module cell, class body) is
// known: the point of compiling is that running code never looks a name up.

export interface Ctx {
  rt: Runtime;
  /** The source the ranges index: the file, or GradLens's library. */
  text: string;
  /** Compiling GradLens's own library: no sites, and errors point at the user's call. */
  library: boolean;
  module: PyModule;
  cell: number;
  scope: Scope;
  /** A statement written directly in the cell, not inside a block: where the short form `a = 2.0` applies. */
  topLevel: boolean;
  /** Inside a cell's outermost top-level loop (compile/series.ts): its series and progress. */
  loop?: LoopTrack | null;
  /** Printed expressions whose numbers feed a series. */
  watched?: Map<Expr, SeriesSite>;
}

/** A problem found while compiling, at its range; the statement holding it does not run. */
export class CompileError {
  constructor(readonly message: string, readonly range: SourceRange) {}
}

export function within(ctx: Ctx, scope: Scope): Ctx {
  // A def's or comprehension's body runs on its own schedule: not the loop's series.
  return { ...ctx, scope, topLevel: false, loop: null, watched: undefined };
}

export function origin(ctx: Ctx, range: SourceRange): number {
  return ctx.rt.origin(range, ctx.text, ctx.library);
}

export function callSite(ctx: Ctx, range: SourceRange): CallSite {
  return { range, origin: origin(ctx, range), library: ctx.library };
}

/**
 * The scope site of a loop, named by its header (`for k in range(100)`). Comprehensions
 * and generator expressions are not scopes: one would be entered per item (30,000 per
 * step of micrograd's demo, a fifth of its time), and the summary groups their repeated
 * expression anyway.
 */
export function iterationSite(ctx: Ctx, range: SourceRange): number {
  const header = ctx.text.slice(range.start, range.end).replace(/\s+/g, ' ').replace(/:$/, '').trim();
  return ctx.rt.scopes.addSite(ScopeKind.Iteration, header, range, ctx.library);
}

/** Whether code in this context records what it does for the editor. */
export function recording(ctx: Ctx): boolean {
  return !ctx.library;
}

// ---- reading -------------------------------------------------------------------------

export function loadName(ctx: Ctx, name: string, range: SourceRange): ExprFn {
  const where = resolve(ctx.scope, name);
  const load = loader(ctx, name, range, where);
  if (ctx.scope.kind !== 'module' || !recording(ctx)) return load;
  // The module's own reads are what hovers show: remember what each read saw.
  const site = new LoadSite(name, range, ctx.cell);
  const tape = ctx.rt.tape;
  ctx.rt.addSite(site);
  return (f) => {
    const v = load(f);
    record(site, v, tape);
    return v;
  };
}

function loader(ctx: Ctx, name: string, range: SourceRange, where: Resolution): ExprFn {
  switch (where.kind) {
    case 'local': {
      const slot = where.slot;
      return (f) => {
        const v = f.slots[slot];
        return v !== undefined ? v : unboundLocal(name, range);
      };
    }
    case 'free': {
      const { depth, slot } = where;
      if (depth === 1) {
        return (f) => {
          const v = f.parent!.slots[slot];
          return v !== undefined ? v : unboundFree(name, range);
        };
      }
      return (f) => {
        let frame = f;
        for (let d = 0; d < depth; d++) frame = frame.parent!;
        const v = frame.slots[slot];
        return v !== undefined ? v : unboundFree(name, range);
      };
    }
    case 'global': return globalLoader(ctx, name, range, visibleLocals(ctx.scope));
    case 'class': {
      const outer = loader(ctx, name, range, where.outer);
      return (f) => {
        const v = f.ns!.get(name);
        return v !== undefined ? v : outer(f);
      };
    }
  }
}

function globalLoader(ctx: Ctx, name: string, range: SourceRange, locals: string[]): ExprFn {
  const cell = ctx.module.cell(name);
  const builtin = ctx.rt.builtins.get(name);
  const rt = ctx.rt;
  if (builtin !== undefined) return () => (cell.value !== undefined ? cell.value : builtin);
  return () => (cell.value !== undefined ? cell.value : undefinedName(rt, cell, range, locals));
}

/** The locals of a function and of the functions around it: what a typo inside it most likely meant. */
function visibleLocals(scope: Scope): string[] {
  const names: string[] = [];
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) names.push(...s.slotNames);
  return names;
}

function unboundLocal(name: string, range: SourceRange): never {
  const e = new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
  e.range = range;
  throw e;
}

function unboundFree(name: string, range: SourceRange): never {
  const e = new PyError('NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
  e.range = range;
  throw e;
}

function undefinedName(rt: Runtime, cell: GlobalCell, range: SourceRange, locals: string[]): never {
  const name = cell.name;
  // Its definition failed and was reported: say nothing more.
  if (cell.module === rt.main && rt.broken.has(name)) throw new SilentAbort();
  const missing = missingBuiltinReason(name);
  if (missing !== null) {
    const e = new PyError('NameError', `GradLens has no '${name}': ${missing}`);
    e.range = range;
    throw e;
  }
  const defined = [...cell.module.cells.values()].filter((c) => c.value !== undefined).map((c) => c.name);
  // The program's own names first; a built-in only when it is one typo away (`prnit`).
  const suggestion = closestName(name, [...locals, ...defined]) ??
    [...rt.builtins.keys()].find((b) => editDistance(name, b) === 1 && b.length > 2);
  const e = new PyError('NameError', `name '${name}' is not defined` + (suggestion ? ` — did you mean '${suggestion}'?` : ''));
  e.range = range;
  throw e;
}

// ---- writing -------------------------------------------------------------------------

export type StoreFn = (f: Frame, v: Py) => void;

/**
 * Binds a name. In the user's code each binding also updates its site (last value,
 * how often), and the module's bindings name the Value they bind (`e = a*b` labels
 * the product `e`) and count towards the cell's output.
 */
export function storeName(ctx: Ctx, name: string, statement: SourceRange, assignment = true, nameRange?: SourceRange): StoreFn {
  let store = storer(ctx, name);
  // A class body's names are the class's attributes and methods: the Outline shows them
  // as such. A comprehension's variables live inside an expression: a hint there would
  // split the line's code.
  if (!recording(ctx) || ctx.scope.kind === 'class' || ctx.scope.kind === 'comprehension') return store;
  const rt = ctx.rt;
  const inFunction = ctx.scope.kind !== 'module';
  const site = new BindingSite(name, statement, 'name', ctx.cell, inFunction, functionRange(ctx.scope));
  rt.addSite(site);
  if (ctx.scope.kind !== 'module') {
    return (f, v) => {
      store(f, v);
      site.count++;
      record(site, v, rt.tape);
    };
  }
  if (assignment) store = seriesStore(ctx, name, statement, store);
  // The name as written on the left is a place to hover too.
  const target = nameRange ? new LoadSite(name, nameRange, ctx.cell) : null;
  if (target) rt.addSite(target);
  return (f, v) => {
    store(f, v);
    site.count++;
    record(site, v, rt.tape);
    if (target) record(target, v, rt.tape);
    moduleBinding(rt, name, v, assignment);
  };
}

/**
 * Binds a name without a record of it: a def, a class or an import, whose value a
 * hint would only repeat (`class Neuron: = class Neuron`).
 */
export function storeDefinition(ctx: Ctx, name: string): StoreFn {
  return storer(ctx, name);
}

function storer(ctx: Ctx, name: string): StoreFn {
  const where = resolve(ctx.scope, name);
  switch (where.kind) {
    case 'local': {
      const slot = where.slot;
      return (f, v) => { f.slots[slot] = v; };
    }
    case 'free': {
      const { depth, slot } = where;
      return (f, v) => {
        let frame = f;
        for (let d = 0; d < depth; d++) frame = frame.parent!;
        frame.slots[slot] = v;
      };
    }
    case 'global': {
      const cell = ctx.module.cell(name);
      const rt = ctx.rt;
      const main = ctx.module === rt.main;
      return (_f, v) => {
        cell.value = v;
        if (main && rt.broken.size > 0) rt.broken.delete(name);
      };
    }
    case 'class': return (f, v) => { f.ns!.set(name, v); };
  }
}

/** `del name`. */
/** The innermost def or lambda around a scope: what a local's hover searches within. */
function functionRange(scope: Scope): SourceRange | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'function') return s.range;
  return null;
}

export function deleteName(ctx: Ctx, name: string, range: SourceRange): (f: Frame) => void {
  const where = resolve(ctx.scope, name);
  const fail = () => {
    const e = new PyError('NameError', `name '${name}' is not defined`);
    e.range = range;
    throw e;
  };
  switch (where.kind) {
    case 'local': return (f) => { if (f.slots[where.slot] === undefined) fail(); f.slots[where.slot] = undefined; };
    case 'free': return () => { throw new CompileError("a nonlocal name can't be deleted here", range); };
    case 'global': {
      const cell = ctx.module.cell(name);
      return () => { if (cell.value === undefined) fail(); cell.value = undefined; };
    }
    case 'class': return (f) => { if (!f.ns!.delete(name)) fail(); };
  }
}
