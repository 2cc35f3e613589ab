import { callDunder, callValue, NOT_FOUND } from './calls';
import { PyError, typeError, valueError } from './errors';
import { DictView } from './methods';
import { Instance, PyDict, PyIterator, PySet, Range, Tuple, type Py } from './objects';
import { truthy } from './operators';
import type { Runtime } from './runtime';
import { typeName } from './types';

// Python's iteration protocol. Lists, tuples, ranges and strings are walked directly
// (a for loop over a list reads it by index, as CPython's list iterator does, so a
// list that grows while looped over is seen growing); everything else goes through a
// PyIterator.

export class ListIterator extends PyIterator {
  readonly kind = 'list_iterator';
  private index = 0;
  constructor(private readonly items: readonly Py[]) { super(); }
  next(): Py | undefined { return this.index < this.items.length ? this.items[this.index++] : undefined; }
  trace(visit: (v: Py) => void): void { for (const v of this.items) visit(v); }
}

export class RangeIterator extends PyIterator {
  readonly kind = 'range_iterator';
  private current: bigint;
  constructor(private readonly range: Range) { super(); this.current = range.start; }
  next(): Py | undefined {
    const { stop, step } = this.range;
    if (step > 0n ? this.current >= stop : this.current <= stop) return undefined;
    const v = this.current;
    this.current += step;
    return v;
  }
  trace(): void { /* ints only */ }
}

export class ZipIterator extends PyIterator {
  readonly kind = 'zip';
  constructor(private readonly sources: PyIterator[]) { super(); }
  next(): Py | undefined {
    const sources = this.sources;
    if (sources.length === 2) {
      // zip(self.w, x) in every neuron: two sources, the common case, without the loop.
      const a = sources[0].next();
      if (a === undefined) return undefined;
      const b = sources[1].next();
      return b === undefined ? undefined : new Tuple([a, b]);
    }
    const items: Py[] = [];
    for (const source of this.sources) {
      const v = source.next();
      if (v === undefined) return undefined;
      items.push(v);
    }
    return new Tuple(items);
  }
  trace(visit: (v: Py) => void): void { for (const s of this.sources) visit(s); }
}

export class MapIterator extends PyIterator {
  readonly kind = 'map';
  constructor(private readonly rt: Runtime, private readonly fn: Py, private readonly sources: PyIterator[]) { super(); }
  next(): Py | undefined {
    const args: Py[] = [];
    for (const source of this.sources) {
      const v = source.next();
      if (v === undefined) return undefined;
      args.push(v);
    }
    return callValue(this.rt, this.fn, args, null, null);
  }
  trace(visit: (v: Py) => void): void { visit(this.fn); for (const s of this.sources) visit(s); }
}

export class FilterIterator extends PyIterator {
  readonly kind = 'filter';
  constructor(private readonly rt: Runtime, private readonly fn: Py, private readonly source: PyIterator) { super(); }
  next(): Py | undefined {
    for (;;) {
      const v = this.source.next();
      if (v === undefined) return undefined;
      const keep = this.fn === null ? v : callValue(this.rt, this.fn, [v], null, null);
      if (truthy(this.rt, keep)) return v;
    }
  }
  trace(visit: (v: Py) => void): void { visit(this.fn); visit(this.source); }
}

export class EnumerateIterator extends PyIterator {
  readonly kind = 'enumerate';
  constructor(private readonly source: PyIterator, private count: bigint) { super(); }
  next(): Py | undefined {
    const v = this.source.next();
    if (v === undefined) return undefined;
    return new Tuple([this.count++, v]);
  }
  trace(visit: (v: Py) => void): void { visit(this.source); }
}

export class ReversedIterator extends PyIterator {
  readonly kind = 'list_reverseiterator';
  private index: number;
  constructor(private readonly items: readonly Py[]) { super(); this.index = items.length - 1; }
  next(): Py | undefined { return this.index >= 0 && this.index < this.items.length ? this.items[this.index--] : undefined; }
  trace(visit: (v: Py) => void): void { for (const v of this.items) visit(v); }
}

/** An object of the program's with `__next__`: StopIteration ends it. */
class InstanceIterator extends PyIterator {
  readonly kind = 'iterator';
  constructor(private readonly rt: Runtime, private readonly target: Instance) { super(); }
  next(): Py | undefined {
    try {
      const v = callDunder(this.rt, this.target, '__next__', [], null);
      return v === NOT_FOUND ? undefined : v;
    } catch (e) {
      if (e instanceof PyError && e.type === 'StopIteration') return undefined;
      throw e;
    }
  }
  trace(visit: (v: Py) => void): void { visit(this.target); }
}

/** Python's iter(v). */
export function getIterator(rt: Runtime, v: Py): PyIterator {
  if (v instanceof PyIterator) return v;
  if (Array.isArray(v)) return new ListIterator(v);
  if (v instanceof Tuple) return new ListIterator(v.items);
  if (v instanceof Range) return new RangeIterator(v);
  if (typeof v === 'string') return new ListIterator(Array.from(v));
  if (v instanceof PyDict) return new ListIterator([...v.entries.values()].map(([k]) => k));
  if (v instanceof PySet) return new ListIterator(v.ordered());
  if (v instanceof DictView) return new ListIterator(v.items());
  if (v instanceof Instance) {
    const it = callDunder(rt, v, '__iter__', [], null);
    if (it !== NOT_FOUND) {
      if (it instanceof PyIterator) return it;
      if (it instanceof Instance) return new InstanceIterator(rt, it);
      throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
    }
  }
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

/**
 * Calls `each` on every item of an iterable, stopping early when it returns false.
 * The common sequences are walked without making an iterator.
 */
export function iterate(rt: Runtime, v: Py, each: (item: Py) => boolean | void): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (each(v[i]) === false) return;
    return;
  }
  if (v instanceof Tuple) {
    for (const item of v.items) if (each(item) === false) return;
    return;
  }
  const it = getIterator(rt, v);
  for (let item = it.next(); item !== undefined; item = it.next()) if (each(item) === false) return;
}

/** list(v): the items as a new array. */
export function toArray(rt: Runtime, v: Py): Py[] {
  if (Array.isArray(v)) return v.slice();
  if (v instanceof Tuple) return v.items.slice();
  const out: Py[] = [];
  iterate(rt, v, (item) => { out.push(item); });
  return out;
}

/**
 * The items of `v` for a target of `count` names (`a, b = v`), with the one at
 * `star` (or -1) taking a list of the rest: Python's messages when they don't fit.
 */
export function unpack(rt: Runtime, v: Py, count: number, star: number): Py[] {
  const items = Array.isArray(v) ? v : v instanceof Tuple ? v.items : null;
  const all = items ?? toArrayOrError(rt, v);
  if (star < 0) {
    if (all.length === count) return all as Py[];
    if (all.length > count) throw valueError(`too many values to unpack (expected ${count})`);
    throw valueError(`not enough values to unpack (expected ${count}, got ${all.length})`);
  }
  if (all.length < count - 1) {
    throw valueError(`not enough values to unpack (expected at least ${count - 1}, got ${all.length})`);
  }
  const after = count - 1 - star;
  return [...all.slice(0, star), all.slice(star, all.length - after), ...all.slice(all.length - after)];
}

function toArrayOrError(rt: Runtime, v: Py): Py[] {
  try {
    return toArray(rt, v);
  } catch (e) {
    if (e instanceof PyError && e.type === 'TypeError' && e.message.endsWith('is not iterable')) {
      throw typeError(`cannot unpack non-iterable ${typeName(v)} object`);
    }
    throw e;
  }
}
