import { NodeRef } from '../../engine/tape';
import type { SourceRange } from '../source';
import { cpythonSetOrder } from './setOrder';

// Python's values as the interpreter holds them. Plain JS values where one fits, so
// the common cases cost nothing: a float is a number, an int a bigint (arbitrary
// precision, and never confused with a float: `2` and `2.0` print differently), a
// bool a boolean, a str a string, None null, a list a JS array. A Value is the tape's
// NodeRef. Everything else is one of the classes below.
//
// `undefined` is never a Python value: it marks an unbound variable and the end of an
// iterator.

export type Py = number | bigint | boolean | string | null | Py[] | NodeRef | PyObject;

/** The common base of interpreter objects, so a type switch can test one class first. */
export abstract class PyObject {
  /**
   * Calls `visit` on every Python value this object holds (and `visitFrame` on any
   * frame it keeps alive), for reclaiming tape nodes.
   */
  abstract trace(visit: (v: Py) => void, visitFrame: (f: Frame) => void): void;
}

export class Tuple extends PyObject {
  constructor(readonly items: readonly Py[]) { super(); }
  trace(visit: (v: Py) => void): void { for (const v of this.items) visit(v); }
}

/** A dict: insertion-ordered, keyed by hashKey() so that 1, 1.0 and True are one key. */
export class PyDict extends PyObject {
  readonly entries = new Map<unknown, [Py, Py]>();
  /** d[key] = value, `k` being hashKey(key): an existing entry keeps its first key, as in Python (`d[1.0]` after `d[1]`). */
  put(k: unknown, key: Py, value: Py): void {
    const entry = this.entries.get(k);
    if (entry) entry[1] = value;
    else this.entries.set(k, [key, value]);
  }
  trace(visit: (v: Py) => void): void {
    for (const [k, v] of this.entries.values()) { visit(k); visit(v); }
  }
}

export class PySet extends PyObject {
  readonly entries = new Map<unknown, Py>();
  constructor(readonly frozen = false) { super(); }
  /** The items in the order Python iterates them (see setOrder.ts). */
  ordered(): Py[] {
    const keys = [...this.entries.keys()];
    const values = [...this.entries.values()];
    if (!keys.every((k) => typeof k === 'bigint')) return values;
    return cpythonSetOrder(keys as bigint[]).map((i) => values[i]);
  }
  trace(visit: (v: Py) => void): void { for (const v of this.entries.values()) visit(v); }
}

export class Slice extends PyObject {
  constructor(readonly start: Py, readonly stop: Py, readonly step: Py) { super(); }
  trace(visit: (v: Py) => void): void { visit(this.start); visit(this.stop); visit(this.step); }
}

/** `range(start, stop, step)`: a lazy sequence of ints. */
export class Range extends PyObject {
  constructor(readonly start: bigint, readonly stop: bigint, readonly step: bigint) { super(); }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
  trace(): void { /* holds no Python values */ }
}

/** A variable of module scope, resolved once at compile time so a read is one property load. */
export class GlobalCell {
  value: Py | undefined = undefined;
  constructor(readonly name: string, readonly module: PyModule) {}
}

export class PyModule extends PyObject {
  readonly cells = new Map<string, GlobalCell>();
  constructor(readonly name: string) { super(); }
  cell(name: string): GlobalCell {
    let cell = this.cells.get(name);
    if (cell === undefined) {
      cell = new GlobalCell(name, this);
      this.cells.set(name, cell);
    }
    return cell;
  }
  get(name: string): Py | undefined { return this.cells.get(name)?.value; }
  set(name: string, value: Py): void { this.cell(name).value = value; }
  trace(visit: (v: Py) => void): void {
    for (const cell of this.cells.values()) if (cell.value !== undefined) visit(cell.value);
  }
}

/**
 * A Python class. Built-in types are classes too (`int`, `list`, `Value`), so
 * isinstance, type() and error messages treat them alike; theirs have a native
 * constructor and native methods.
 */
export class PyClass extends PyObject {
  /**
   * Bumped whenever any class's attributes change after it was made (rare: a method
   * set on a class): call sites that remember a method found by lookup() check it.
   */
  static version = 0;
  /** This class, then its bases up to object: the attribute lookup order. */
  readonly mro: PyClass[];
  constructor(
    readonly name: string,
    readonly base: PyClass | null,
    readonly ns: Map<string, Py>,
    /**
     * Makes an instance of a built-in type from call arguments (set where the type's
     * behaviour is written); null for a class of the program.
     */
    public construct: ((args: Py[], kw: Kwargs | null, site: CallSite | null) => Py) | null = null,
    /** One of Python's built-in types (int, list, Value), not a class of a program or of GradLens's library. */
    readonly builtin = false,
  ) {
    super();
    this.mro = base ? [this, ...base.mro] : [this];
  }
  lookup(name: string): Py | undefined {
    for (const cls of this.mro) {
      const v = cls.ns.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean { return this.mro.includes(other); }
  trace(visit: (v: Py) => void): void { for (const v of this.ns.values()) visit(v); }
}

/** An instance of a class the program defined. */
export class Instance extends PyObject {
  readonly dict = new Map<string, Py>();
  constructor(readonly cls: PyClass) { super(); }
  trace(visit: (v: Py) => void): void {
    visit(this.cls);
    for (const v of this.dict.values()) visit(v);
  }
}

/** Keyword arguments of a call, as two parallel arrays (most calls have none: null). */
export interface Kwargs {
  names: string[];
  values: Py[];
}

/** A function written in Python: compiled code plus what its definition captured. */
export class PyFunction extends PyObject {
  constructor(
    readonly code: Code,
    /** Default values of the trailing positional parameters, evaluated at `def` time. */
    readonly defaults: Py[],
    /** Defaults of keyword-only parameters. */
    readonly kwDefaults: Map<string, Py>,
    /** The frame of the function this one was defined in (its free variables live there), or null. */
    readonly parent: Frame | null,
  ) { super(); }
  /**
   * For `super()` without arguments: the class whose body defined this function, set
   * when that class is made. It belongs to the function, not its code: a class statement
   * run twice (in a function that makes classes) makes two classes from one code.
   */
  definingClass: PyClass | null = null;
  get name(): string { return this.code.name; }
  trace(visit: (v: Py) => void, visitFrame: (f: Frame) => void): void {
    for (const v of this.defaults) visit(v);
    for (const v of this.kwDefaults.values()) visit(v);
    if (this.parent) visitFrame(this.parent);
  }
}

/** Where a call is written: its range for errors, and the origin of any node it makes. */
export interface CallSite {
  range: SourceRange;
  origin: number;
  /** Written in GradLens's own library code, not in the user's file. */
  library: boolean;
  /** The operator site a built-in called here uses for its own arithmetic (see builtins' siteFor). */
  opSite?: { range: SourceRange; origin: number; left: number; right: number };
}

/** A function implemented by GradLens (len, print, list.append, Value.backward, ...). */
export class Builtin extends PyObject {
  /** It lets tape nodes be reclaimed while it runs Python code (plot_boundary): a whole-statement call of it waits. */
  reclaims = false;
  constructor(
    readonly name: string,
    readonly call: (args: Py[], kw: Kwargs | null, site: CallSite | null) => Py,
  ) { super(); }
  trace(): void { /* holds no Python values */ }
}

/** `obj.method` taken without calling it: the function with its `self`. */
export class BoundMethod extends PyObject {
  constructor(readonly self: Py, readonly fn: PyFunction | Builtin) { super(); }
  trace(visit: (v: Py) => void): void { visit(this.self); visit(this.fn); }
}

/** `super()` inside a method: attribute lookups start after `cls` in self's class order. */
export class Super extends PyObject {
  constructor(readonly cls: PyClass, readonly self: Py) { super(); }
  trace(visit: (v: Py) => void): void { visit(this.self); }
}

/** An exception object, as `except ValueError as e` binds it and `raise` takes it. */
export class ExceptionObject extends PyObject {
  constructor(readonly cls: PyClass, readonly args: Py[]) { super(); }
  trace(visit: (v: Py) => void): void { for (const v of this.args) visit(v); }
}

/** A Python iterator: next() gives the next item, or undefined when it is exhausted. */
export abstract class PyIterator extends PyObject {
  abstract next(): Py | undefined;
  /** What repr() calls it: `zip`, `map`, `list_iterator`, `generator`. */
  abstract readonly kind: string;
}

// ---- compiled code and frames ----------------------------------------------------------

/** A statement's outcome: carry on, or leave the enclosing loop or function. */
export const enum Signal { Normal = 0, Break = 1, Continue = 2, Return = 3 }

export type StmtFn = (f: Frame) => Signal;
export type ExprFn = (f: Frame) => Py;

export interface ParamSpec {
  name: string;
  kind: 'positional' | 'varargs' | 'keyword' | 'varkw';
  slot: number;
}

/** A function body compiled once into closures, with every local resolved to a slot. */
export interface Code {
  name: string;
  /** `Neuron.__call__`, as tracebacks say. */
  qualname: string;
  params: ParamSpec[];
  /** How many positional parameters there are (the first params). */
  positional: number;
  slotCount: number;
  /** The slot of each local name, for error messages and hovers. */
  slotNames: string[];
  body: StmtFn;
  /** The `def` line, where a traceback entry points. */
  range: SourceRange;
  /** Code of GradLens's own library (micrograd's nn): left out of what the editor shows. */
  library: boolean;
  /** The module whose globals the body reads. */
  module: PyModule;
}

/** One running call: its locals, and what the interpreter needs to know about it. */
export class Frame {
  /** Locals by slot; undefined while unbound. */
  readonly slots: (Py | undefined)[];
  /** What `return` handed back. */
  ret: Py = null;
  /**
   * Iterables and iterators of the loops running in this frame: held here, not only in
   * JS locals, so that reclaiming tape nodes sees the Values they hold.
   */
  loops: Py[] = [];
  /**
   * Set while this frame waits on a call made by a whole statement (`x = f(a)`,
   * `f(a)`): it then holds no half-evaluated expression, so nodes may be reclaimed
   * while the callee runs.
   */
  waiting = false;
  /** The called function's defining class, for `super()`; null outside methods. */
  definingClass: PyClass | null = null;
  constructor(
    readonly code: Code | null,
    slotCount: number,
    readonly parent: Frame | null,
    /** The call that made this frame; null for the module. */
    readonly callSite: SourceRange | null,
    /** A class body's namespace; null for functions. */
    readonly ns: Map<string, Py> | null = null,
  ) {
    this.slots = new Array<Py | undefined>(slotCount).fill(undefined);
  }
}
