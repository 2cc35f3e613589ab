import { NodeRef } from '../../engine';
import type { CompareOp } from '../ast';
import type { SourceRange } from '../source';
import { callDunder, NOT_FOUND } from './calls';
import { typeError } from './errors';
import { iterate } from './iteration';
import { DictView } from './methods';
import { Instance, PyDict, PySet, Range, Tuple, type Py } from './objects';
import { isNum, numberEquals, numberLess, plain } from './numbers';
import { NOT_IMPLEMENTED, truthy } from './operators';
import { Runtime } from './runtime';
import { typeName } from './types';

// Python's comparisons and hashing: ==, <, in, is, and the keys dicts and sets file
// values under, so that 1, 1.0 and True are one key as in CPython.

export function pyEquals(rt: Runtime, a: Py, b: Py): boolean {
  if (a === b) return !(typeof a === 'number' && Number.isNaN(a));
  a = plain(a);
  b = plain(b);
  if (isNum(a)) return isNum(b) && numberEquals(a, b);
  // micrograd's Value compares by identity: the same node, whichever handle holds it.
  if (a instanceof NodeRef) return b instanceof NodeRef && a.id === b.id && a.id >= 0;
  if (typeof a === 'string' || a === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && itemsEqual(rt, a, b);
  if (a instanceof Tuple) return b instanceof Tuple && itemsEqual(rt, a.items, b.items);
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.entries.size !== b.entries.size) return false;
    for (const [k, [, v]] of a.entries) {
      const other = b.entries.get(k);
      if (other === undefined || !pyEquals(rt, v, other[1])) return false;
    }
    return true;
  }
  if (a instanceof PySet) {
    if (!(b instanceof PySet) || a.entries.size !== b.entries.size) return false;
    for (const k of a.entries.keys()) if (!b.entries.has(k)) return false;
    return true;
  }
  if (a instanceof Range) return b instanceof Range && a.start === b.start && a.stop === b.stop && a.step === b.step;
  if (a instanceof Instance) {
    const r = callDunder(rt, a, '__eq__', [b], null);
    if (r !== NOT_FOUND && r !== NOT_IMPLEMENTED) return truthy(rt, r);
  }
  if (b instanceof Instance) {
    const r = callDunder(rt, b, '__eq__', [a], null);
    if (r !== NOT_FOUND && r !== NOT_IMPLEMENTED) return truthy(rt, r);
  }
  return false;
}

function itemsEqual(rt: Runtime, a: readonly Py[], b: readonly Py[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!pyEquals(rt, a[i], b[i])) return false;
  return true;
}

const ORDER_DUNDERS: Record<'<' | '>' | '<=' | '>=', [string, string]> = {
  '<': ['__lt__', '__gt__'], '>': ['__gt__', '__lt__'], '<=': ['__le__', '__ge__'], '>=': ['__ge__', '__le__'],
};

/** `a < b`, `a <= b`, ... as Python orders numbers, strings, lists and tuples. */
export function lessThan(rt: Runtime, op: '<' | '>' | '<=' | '>=', a: Py, b: Py, range: SourceRange | null): boolean {
  a = plain(a);
  b = plain(b);
  if (isNum(a) && isNum(b)) {
    switch (op) {
      case '<': return numberLess(a, b);
      case '>': return numberLess(b, a);
      case '<=': return numberLess(a, b) || numberEquals(a, b);
      case '>=': return numberLess(b, a) || numberEquals(a, b);
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    switch (op) {
      case '<': return a < b;
      case '>': return a > b;
      case '<=': return a <= b;
      case '>=': return a >= b;
    }
  }
  if (a instanceof PySet && b instanceof PySet) return setOrder(op, a, b);
  const seqA = Array.isArray(a) ? a : a instanceof Tuple ? a.items : null;
  const seqB = Array.isArray(b) ? b : b instanceof Tuple ? b.items : null;
  if (seqA && seqB && Array.isArray(a) === Array.isArray(b)) {
    const n = Math.min(seqA.length, seqB.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(rt, seqA[i], seqB[i])) return lessThan(rt, op, seqA[i], seqB[i], range);
    }
    return lessThan(rt, op, BigInt(seqA.length), BigInt(seqB.length), range);
  }
  const [own, reflected] = ORDER_DUNDERS[op];
  if (a instanceof Instance) {
    const r = callDunder(rt, a, own, [b], range);
    if (r !== NOT_FOUND && r !== NOT_IMPLEMENTED) return truthy(rt, r);
  }
  if (b instanceof Instance) {
    const r = callDunder(rt, b, reflected, [a], range);
    if (r !== NOT_FOUND && r !== NOT_IMPLEMENTED) return truthy(rt, r);
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Sets order by inclusion: `a <= b` is a subset, `a < b` a proper one. */
function setOrder(op: '<' | '>' | '<=' | '>=', a: PySet, b: PySet): boolean {
  const within = (x: PySet, y: PySet) => [...x.entries.keys()].every((k) => y.entries.has(k));
  switch (op) {
    case '<=': return within(a, b);
    case '<': return a.entries.size < b.entries.size && within(a, b);
    case '>=': return within(b, a);
    case '>': return b.entries.size < a.entries.size && within(b, a);
  }
}

/** One link of a comparison chain. */
export function compareOp(rt: Runtime, op: CompareOp, a: Py, b: Py, range: SourceRange | null): boolean {
  switch (op) {
    case '==': return pyEquals(rt, a, b);
    case '!=': return !pyEquals(rt, a, b);
    case 'is': return isSame(a, b);
    case 'is not': return !isSame(a, b);
    case 'in': return contains(rt, b, a);
    case 'not in': return !contains(rt, b, a);
    default: return lessThan(rt, op, a, b, range);
  }
}

/** `is`: identity; numbers and strings, which JS holds by value, compare by value. */
function isSame(a: Py, b: Py): boolean {
  if (a instanceof NodeRef) return b instanceof NodeRef && a.id === b.id && a.id >= 0;
  return a === b || (typeof a === 'number' && typeof b === 'number' && Object.is(a, b));
}

export function contains(rt: Runtime, container: Py, item: Py): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((v) => pyEquals(rt, v, item));
  if (container instanceof Tuple) return container.items.some((v) => pyEquals(rt, v, item));
  if (container instanceof PyDict || container instanceof PySet) return container.entries.has(hashKey(item));
  if (container instanceof DictView && container.kind === 'keys') return container.dict.entries.has(hashKey(item));
  if (container instanceof Range) {
    if (typeof item !== 'bigint' && typeof item !== 'boolean' && !(typeof item === 'number' && Number.isInteger(item))) return false;
    const n = typeof item === 'bigint' ? item : BigInt(Number(item));
    const { start, stop, step } = container;
    const inside = step > 0n ? n >= start && n < stop : n <= start && n > stop;
    return inside && (n - start) % step === 0n;
  }
  if (container instanceof Instance) {
    const r = callDunder(rt, container, '__contains__', [item], null);
    if (r !== NOT_FOUND) return truthy(rt, r);
  }
  let found = false;
  iterate(rt, container, (v) => {
    if (pyEquals(rt, v, item)) { found = true; return false; }
    return true;
  });
  return found;
}

// ---- hashing ----------------------------------------------------------------------------

/**
 * A dict or set key for a Python value: equal values (1, 1.0, True) give the same
 * key, as Python hashes them alike; objects without their own equality are keyed by
 * identity. Lists, dicts and sets are unhashable.
 */
export function hashKey(v: Py): unknown {
  v = plain(v);
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v;
    case 'boolean': return v ? 1n : 0n;
    case 'number': return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (v === null) return null;
  if (v instanceof NodeRef) return Runtime.active!.valueKey(v);
  if (v instanceof Tuple) return `(${v.items.map(keyText).join(',')})`;
  if (Array.isArray(v) || v instanceof PyDict || (v instanceof PySet && !v.frozen)) {
    throw typeError(`unhashable type: '${typeName(v)}'`);
  }
  if (v instanceof PySet) return `frozenset(${[...v.entries.keys()].map((k) => keyText(k as Py)).sort().join(',')})`;
  return v;
}

/** A key as text inside a tuple's key: typed, so ('1',) and (1,) differ. */
function keyText(v: Py): string {
  const k = hashKey(v);
  switch (typeof k) {
    case 'string': return v instanceof Tuple || v instanceof PySet ? k : JSON.stringify(k);
    case 'bigint': return `${k}n`;
    case 'number': return `${k}f`;
  }
  if (k === null) return 'None';
  return `@${Runtime.active!.objectId(k as Py)}`;
}
