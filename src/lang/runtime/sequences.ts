import { callDunder, NOT_FOUND } from './calls';
import { indexError, typeError, valueError } from './errors';
import { toArray } from './iteration';
import { DictView } from './methods';
import { Instance, PyDict, PySet, Range, Slice, Tuple, type Py } from './objects';
import { hashKey } from './comparison';
import { keyError } from './repr';
import type { Runtime } from './runtime';
import { plain } from './numbers';
import { typeName } from './types';

// len(), indexing and slicing of lists, tuples, strings, ranges and dicts, with
// Python's rules for negative indices and slices, and its error messages. Strings are
// indexed by UTF-16 unit: a character outside the Basic Multilingual Plane counts twice.

export function pyLen(rt: Runtime, v: Py): bigint {
  if (Array.isArray(v)) return BigInt(v.length);
  if (typeof v === 'string') return BigInt(v.length);
  if (v instanceof Tuple) return BigInt(v.items.length);
  if (v instanceof PyDict || v instanceof PySet) return BigInt(v.entries.size);
  if (v instanceof Range) return v.length;
  if (v instanceof DictView) return BigInt(v.dict.entries.size);
  if (v instanceof Instance) {
    const n = callDunder(rt, v, '__len__', [], null);
    if (n !== NOT_FOUND) {
      if (typeof n !== 'bigint' && typeof n !== 'boolean') throw typeError(`'${typeName(n)}' object cannot be interpreted as an integer`);
      return typeof n === 'boolean' ? (n ? 1n : 0n) : n;
    }
  }
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** An int index into a sequence of `length` items, negative ones counted from the end; -1 when outside. */
function position(given: Py, length: number, what: string): number {
  const index = plain(given);
  if (typeof index !== 'bigint' && typeof index !== 'boolean') {
    throw typeError(`${what} indices must be integers or slices, not ${typeName(index)}`);
  }
  let i = typeof index === 'boolean' ? (index ? 1 : 0) : Number(index);
  if (i < 0) i += length;
  return i >= 0 && i < length ? i : -1;
}

export function getItem(rt: Runtime, obj: Py, index: Py): Py {
  if (Array.isArray(obj)) return sequenceItem(obj, index, 'list', (items) => items);
  if (obj instanceof Tuple) return sequenceItem(obj.items, index, 'tuple', (items) => new Tuple(items));
  if (typeof obj === 'string') {
    if (index instanceof Slice) {
      const [start, stop, step] = sliceIndices(index, obj.length);
      let out = '';
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out += obj[i];
      return out;
    }
    const i = position(index, obj.length, 'string');
    if (i < 0) throw indexError('string index out of range');
    return obj[i];
  }
  if (obj instanceof PyDict) {
    const entry = obj.entries.get(hashKey(index));
    if (entry === undefined) throw keyError(rt, index);
    return entry[1];
  }
  if (obj instanceof Range) return rangeItem(obj, index);
  if (obj instanceof Instance) {
    const v = callDunder(rt, obj, '__getitem__', [index], null);
    if (v !== NOT_FOUND) return v;
  }
  throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

function sequenceItem(items: readonly Py[], index: Py, what: string, make: (items: Py[]) => Py): Py {
  if (index instanceof Slice) return make(sliceItems(items, index));
  const i = position(index, items.length, what);
  if (i < 0) throw indexError(`${what} index out of range`);
  return items[i];
}

export function sliceItems<T>(items: readonly T[], slice: Slice): T[] {
  const [start, stop, step] = sliceIndices(slice, items.length);
  if (step === 1) return items.slice(start, Math.max(start, stop));
  const out: T[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(items[i]);
  return out;
}

function rangeItem(r: Range, index: Py): Py {
  const length = Number(r.length);
  if (index instanceof Slice) {
    const [start, stop, step] = sliceIndices(index, length);
    const at = (i: number) => r.start + BigInt(i) * r.step;
    return new Range(at(start), at(stop), r.step * BigInt(step));
  }
  const i = position(index, length, 'range');
  if (i < 0) throw indexError('range object index out of range');
  return r.start + BigInt(i) * r.step;
}

/** Python's slice.indices(length): start, stop and step, clamped to the sequence. */
export function sliceIndices(slice: Slice, length: number): [number, number, number] {
  const step = slice.step === null ? 1 : sliceBound(slice.step);
  if (step === 0) throw valueError('slice step cannot be zero');
  const clamp = (v: Py, fallback: number, low: number, high: number): number => {
    if (v === null) return fallback;
    let i = sliceBound(v);
    if (i < 0) i += length;
    return Math.min(Math.max(i, low), high);
  };
  return step > 0
    ? [clamp(slice.start, 0, 0, length), clamp(slice.stop, length, 0, length), step]
    : [clamp(slice.start, length - 1, -1, length - 1), clamp(slice.stop, -1, -1, length - 1), step];
}

function sliceBound(given: Py): number {
  const v = plain(given);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw typeError('slice indices must be integers or None or have an __index__ method');
}

export function setItem(rt: Runtime, obj: Py, index: Py, value: Py): void {
  if (Array.isArray(obj)) {
    if (index instanceof Slice) {
      const [start, stop, step] = sliceIndices(index, obj.length);
      const items = toArray(rt, value);
      if (step === 1) {
        obj.splice(start, Math.max(0, stop - start), ...items);
        return;
      }
      const targets: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) targets.push(i);
      if (targets.length !== items.length) {
        throw valueError(`attempt to assign sequence of size ${items.length} to extended slice of size ${targets.length}`);
      }
      targets.forEach((t, k) => { obj[t] = items[k]; });
      return;
    }
    const i = position(index, obj.length, 'list');
    if (i < 0) throw indexError('list assignment index out of range');
    obj[i] = value;
    return;
  }
  if (obj instanceof PyDict) {
    obj.put(hashKey(index), index, value);
    return;
  }
  if (obj instanceof Instance && callDunder(rt, obj, '__setitem__', [index, value], null) !== NOT_FOUND) return;
  throw typeError(`'${typeName(obj)}' object does not support item assignment`);
}

export function deleteItem(rt: Runtime, obj: Py, index: Py): void {
  if (Array.isArray(obj)) {
    if (index instanceof Slice) {
      const [start, stop, step] = sliceIndices(index, obj.length);
      const doomed = new Set<number>();
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) doomed.add(i);
      const kept = obj.filter((_, i) => !doomed.has(i));
      obj.length = 0;
      for (const x of kept) obj.push(x);
      return;
    }
    const i = position(index, obj.length, 'list');
    if (i < 0) throw indexError('list assignment index out of range');
    obj.splice(i, 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!obj.entries.delete(hashKey(index))) throw keyError(rt, index);
    return;
  }
  if (obj instanceof Instance && callDunder(rt, obj, '__delitem__', [index], null) !== NOT_FOUND) return;
  throw typeError(`'${typeName(obj)}' object does not support item deletion`);
}
