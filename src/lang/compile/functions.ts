import type { ClassDef, FunctionDef, Lambda, Param } from '../ast';
import { callValue } from '../runtime/calls';
import { at, typeError } from '../runtime/errors';
import {
  Frame, PyClass, PyFunction, Signal,
  type Code, type ExprFn, type Py, type StmtFn,
} from '../runtime/objects';
import { OBJECT, typeName } from '../runtime/types';
import { CompileError, storeDefinition, within, type Ctx } from './context';
import { compileExpr } from './expressions';
import { classScope, functionScope, positionalCount, type Scope } from './scopes';
import { compileBlock } from './statements';

// Functions and classes: each body is compiled once, when its definition is
// compiled, into closures over a frame whose slots hold its locals. Running a `def`
// only captures defaults and the enclosing frame.

/** The frame a function or class made in frame `f` keeps as its parent: class bodies are skipped, the module has none. */
export function closureParent(scope: Scope): (f: Frame) => Frame | null {
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
    library: ctx.library, module: ctx.module,
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
  const decorators = node.decorators.map((d) => compileExpr(ctx, d));
  const store = storeDefinition(ctx, node.name);
  const { rt, library } = ctx;
  return (f) => {
    // As Python: the decorators top to bottom, then the defaults, then each decorator
    // applied from the innermost out.
    const decorate = decorators.map((d) => d(f));
    const { defaults, kwDefaults } = defaultsOf(f);
    let fn: Py = new PyFunction(code, defaults, kwDefaults, parentOf(f));
    for (let i = decorate.length - 1; i >= 0; i--) {
      try {
        fn = callValue(rt, decorate[i], [fn], null, null);
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
  const decorators = node.decorators.map((d) => compileExpr(ctx, d));
  const store = storeDefinition(ctx, node.name);
  const { rt, library } = ctx;
  const moduleName = ctx.module.name;
  return (f) => {
    const decorate = decorators.map((d) => d(f));
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
    for (const v of ns.values()) if (v instanceof PyFunction && v.definingClass === null) v.definingClass = made;
    let cls: Py = made;
    for (let i = decorate.length - 1; i >= 0; i--) cls = callValue(rt, decorate[i], [cls], null, null);
    store(f, cls);
    return Signal.Normal;
  };
}
