import type { ClassDef, Comprehension, DictComp, Expr, FunctionDef, Lambda, Param, Stmt } from '../ast';
import type { SourceRange } from '../source';

// Python's scoping, decided once at compile time: a name assigned anywhere in a
// function is local to all of it (unless declared global or nonlocal), a name read but
// not assigned is looked up in the enclosing functions, then the module, then the
// built-ins. Class bodies are scopes that functions inside them skip. Each function's
// locals get slot numbers, so running code reads `frame.slots[i]`, never a map.

export type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

export class Scope {
  readonly slots = new Map<string, number>();
  readonly slotNames: string[] = [];
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  /** Names bound in this scope (for a class body: its attributes). */
  readonly bound = new Set<string>();

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
    /** `Neuron.__call__`, for tracebacks. */
    readonly qualname: string,
    /** The def, lambda, class or comprehension the scope is, in the source; null for the module. */
    readonly range: SourceRange | null = null,
  ) {}

  /** A new local slot, or the one the name has. */
  slot(name: string): number {
    let i = this.slots.get(name);
    if (i === undefined) {
      i = this.slotNames.length;
      this.slots.set(name, i);
      this.slotNames.push(name);
    }
    return i;
  }

  /** The enclosing scope whose frame a function made here captures: class bodies are skipped. */
  get lexicalParent(): Scope | null {
    let p = this.parent;
    while (p && p.kind === 'class') p = p.parent;
    return p;
  }
}

/** Where a name lives, from one scope's point of view. */
export type Resolution =
  | { kind: 'local'; slot: number }
  /** In an enclosing function's frame, `depth` parent links up. */
  | { kind: 'free'; depth: number; slot: number }
  | { kind: 'global' }
  /** A class body's own attribute (read falls back to `outer`). */
  | { kind: 'class'; outer: Resolution };

export function resolve(scope: Scope, name: string): Resolution {
  if (scope.kind === 'module' || scope.globals.has(name)) return { kind: 'global' };
  if (scope.kind === 'class') {
    const outer = resolveOuter(scope, name, 1, true);
    return scope.bound.has(name) ? { kind: 'class', outer } : outer;
  }
  if (!scope.nonlocals.has(name) && scope.slots.has(name)) return { kind: 'local', slot: scope.slots.get(name)! };
  return resolveOuter(scope, name, 1, false);
}

/**
 * Looks in the functions enclosing `scope`. A class body's frame has the enclosing
 * frame as its parent; a function's frame has its lexical parent's (class bodies
 * skipped), so depth counts exactly the frames the running code will walk.
 */
function resolveOuter(scope: Scope, name: string, depth: number, fromClass: boolean): Resolution {
  let s = fromClass ? scope.parent : scope.lexicalParent;
  while (s && s.kind === 'class') s = s.parent;
  for (; s && s.kind !== 'module'; s = s.lexicalParent, depth++) {
    if (s.globals.has(name)) return { kind: 'global' };
    if (!s.nonlocals.has(name) && s.slots.has(name)) return { kind: 'free', depth, slot: s.slots.get(name)! };
  }
  return { kind: 'global' };
}

// ---- what a body binds ----------------------------------------------------------------

/**
 * Declares a function's scope: its parameters, then every name its body binds, so
 * that each gets a slot before any code is compiled.
 */
export function functionScope(parent: Scope, node: FunctionDef | Lambda, qualname: string): Scope {
  const scope = new Scope('function', parent, qualname, node.range);
  for (const p of node.params) scope.slot(p.name);
  if (node.kind === 'def') declare(scope, node.body);
  return scope;
}

export function classScope(parent: Scope, node: ClassDef, qualname: string): Scope {
  const scope = new Scope('class', parent, qualname, node.range);
  const names = new Set<string>();
  collectBindings(node.body, names, scope);
  for (const n of names) scope.bound.add(n);
  return scope;
}

export function comprehensionScope(parent: Scope, node: Comprehension | DictComp): Scope {
  const scope = new Scope('comprehension', parent, `${parent.qualname}.<${node.kind}>`, node.range);
  for (const gen of node.generators) {
    const names = new Set<string>();
    targetNames(gen.target, names);
    for (const n of names) scope.slot(n);
  }
  return scope;
}

function declare(scope: Scope, body: Stmt[]): void {
  const names = new Set<string>();
  collectBindings(body, names, scope);
  for (const n of names) if (!scope.globals.has(n) && !scope.nonlocals.has(n)) scope.slot(n);
}

/** The names a list of statements binds in its own scope (not inside nested defs, classes or comprehensions). */
export function boundNames(body: Stmt[]): Set<string> {
  const names = new Set<string>();
  collectBindings(body, names, null);
  return names;
}

function collectBindings(body: Stmt[], names: Set<string>, scope: Scope | null): void {
  for (const s of body) {
    switch (s.kind) {
      case 'assign': for (const t of s.targets) targetNames(t, names); break;
      case 'augassign': targetNames(s.target, names); break;
      case 'for':
        targetNames(s.target, names);
        collectBindings(s.body, names, scope);
        collectBindings(s.orelse, names, scope);
        break;
      case 'while':
      case 'if':
        collectBindings(s.body, names, scope);
        collectBindings(s.orelse, names, scope);
        break;
      case 'try':
        collectBindings(s.body, names, scope);
        for (const h of s.handlers) {
          if (h.name) names.add(h.name);
          collectBindings(h.body, names, scope);
        }
        collectBindings(s.orelse, names, scope);
        collectBindings(s.finalbody, names, scope);
        break;
      case 'def': case 'class': names.add(s.name); break;
      case 'import': for (const n of s.names) names.add(n.asName ?? n.name.split('.')[0]); break;
      case 'importfrom': for (const n of s.names ?? []) names.add(n.asName ?? n.name); break;
      case 'del': for (const t of s.targets) targetNames(t, names); break;
      case 'global': for (const n of s.names) scope?.globals.add(n.name); break;
      case 'nonlocal': for (const n of s.names) scope?.nonlocals.add(n.name); break;
      case 'broken': for (const n of s.names) names.add(n); break;
      default: break;
    }
  }
}

/** The plain names an assignment target binds: `x`, `a, (b, *c)`; not `x.y` or `x[i]`. */
export function targetNames(t: Expr, names: Set<string>): void {
  switch (t.kind) {
    case 'name': names.add(t.name); break;
    case 'tuple': case 'list': for (const e of t.elements) targetNames(e, names); break;
    case 'starred': targetNames(t.value, names); break;
    default: break;
  }
}

/** Positional parameters come first; the rest follow Python's order. */
export function positionalCount(params: Param[]): number {
  let n = 0;
  while (n < params.length && params[n].kind === 'positional') n++;
  return n;
}
