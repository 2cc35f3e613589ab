import { NodeFlag, NodeRef, Op } from '../../engine';
import type { BinaryOp } from '../ast';
import type { SourceRange } from '../source';
import { callDunder, NOT_FOUND } from './calls';
import { PyError, typeError, zeroDivision } from './errors';
import { iterate } from './iteration';
import { Instance, PyDict, PyObject, PySet, Range, Tuple, type Py } from './objects';
import { isNum, isPlainValue, numberOp, plain, toFloat, type ArithOp, type Num } from './numbers';
import { Runtime } from './runtime';
import { percentFormatValue } from './strings';
import { typeName } from './types';

// Python's operators on every kind of value: numbers, Values (which build graph
// nodes), strings and sequences, and the program's own classes through their dunder
// methods. Each returns the value or raises what CPython raises.

/** Where an operator sits in the source: its range for errors and the origins its nodes get. */
export interface OpSite {
  range: SourceRange;
  /** Origin of the node the operation makes. */
  origin: number;
  /** Origins of the operands, for a constant a plain-number operand becomes. */
  left: number;
  right: number;
}

const VALUE_OPS: Partial<Record<BinaryOp, Op>> = { '+': Op.Add, '-': Op.Sub, '*': Op.Mul, '/': Op.Div, '**': Op.Pow };

const DUNDERS: Record<BinaryOp, string> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '@': 'matmul',
  '<<': 'lshift', '>>': 'rshift', '&': 'and', '|': 'or', '^': 'xor',
};

export function binaryOp(rt: Runtime, op: BinaryOp, l: Py, r: Py, site: OpSite): Py {
  if (l instanceof NodeRef) {
    if (r instanceof NodeRef) return valueOp(rt, op, l, r, site);
    if (isNum(r)) return valueOp(rt, op, l, r, site);
  } else if (isNum(l)) {
    if (isNum(r)) return op === '@' ? unsupported(op, l, r) : numberOp(op as ArithOp, l, r);
    if (r instanceof NodeRef) return valueOp(rt, op, l, r, site);
  }
  return slowBinary(rt, op, l, r, site);
}

/**
 * Python's arithmetic on plain numbers, some of them short-form Values: the result is
 * Python's number (with Python's errors), and for the operations that have a
 * derivative it is a plain Value too, so the graph follows the computation. An int
 * past a double's exact range stays a plain int: Python's digits come first.
 */
function plainOp(rt: Runtime, op: BinaryOp, l: Py, r: Py, lp: Num, rp: Num, site: OpSite): Py {
  if (op === '@') return unsupported(op, lp, rp);
  const result = numberOp(op as ArithOp, lp, rp);
  const code = op === '/' ? Op.TrueDiv : VALUE_OPS[op];
  if (code === undefined || typeof result === 'boolean' || rt.loopDepth > 0) return result;
  if (typeof result === 'bigint' && (result > MAX_EXACT || result < -MAX_EXACT)) return result;
  let node: NodeRef;
  if (code === Op.Pow && !(r instanceof NodeRef)) {
    node = rt.op(Op.PowConst, (l as NodeRef).id, -1, site.origin, toFloat(rp), typeof rp !== 'number');
  } else {
    const x = l instanceof NodeRef ? l : rt.constant(lp, site.left);
    const y = r instanceof NodeRef ? r : rt.constant(rp, site.right);
    node = rt.op(code, x.id, y.id, site.origin);
  }
  rt.tape.setData(node.id, Number(result), typeof result === 'bigint');
  return node;
}

/** Largest int a double holds exactly. */
const MAX_EXACT = 2n ** 53n;

/** A Value on at least one side: micrograd's operators, a plain number becoming a constant. */
function valueOp(rt: Runtime, op: BinaryOp, l: Py, r: Py, site: OpSite): Py {
  // Plain on both sides (numbers, or short-form Values): Python's arithmetic. Read off
  // the flags here rather than through plain(): this is every training step's path.
  const tape = rt.tape;
  const lPlain = !(l instanceof NodeRef) || (tape.flags(l.id) & NodeFlag.Plain) !== 0;
  const rPlain = !(r instanceof NodeRef) || (tape.flags(r.id) & NodeFlag.Plain) !== 0;
  if (lPlain && rPlain) return plainOp(rt, op, l, r, plain(l) as Num, plain(r) as Num, site);
  const code = VALUE_OPS[op];
  if (code === undefined) return unsupported(op, l, r);
  if (code === Op.Pow && !(r instanceof NodeRef)) {
    // micrograd's __pow__ keeps a number exponent as a number: `x**2` is one node.
    const p = toFloat(r as number | bigint | boolean);
    if (raisesZeroDivision(tape.data((l as NodeRef).id), p)) throw zeroToNegativePower();
    return rt.op(Op.PowConst, (l as NodeRef).id, -1, site.origin, p, typeof r !== 'number');
  }
  const x = l instanceof NodeRef ? l : rt.constant(l as number, site.left);
  const y = r instanceof NodeRef ? r : rt.constant(r as number, site.right);
  // micrograd divides as x * y**-1, and CPython's 0.0 ** -1 raises.
  if (code === Op.Div && tape.data(y.id) === 0) throw zeroToNegativePower();
  // and 0.0 ** y raises for a negative y, whether y is a number or a Value.
  if (code === Op.Pow && raisesZeroDivision(tape.data(x.id), tape.data(y.id))) throw zeroToNegativePower();
  return rt.op(code, x.id, y.id, site.origin);
}

/** Whether CPython's `x ** p` on floats raises ZeroDivisionError (0.0 ** -inf is inf). */
function raisesZeroDivision(x: number, p: number): boolean {
  return x === 0 && p < 0 && p !== -Infinity;
}

function zeroToNegativePower(): PyError {
  return zeroDivision('0.0 cannot be raised to a negative power');
}

function slowBinary(rt: Runtime, op: BinaryOp, l: Py, r: Py, site: OpSite): Py {
  const native = sequenceOp(rt, op, l, r);
  if (native !== undefined) return native;
  if (l instanceof Instance) {
    const result = callDunder(rt, l, `__${DUNDERS[op]}__`, [r], site.range);
    if (result !== NOT_FOUND && result !== NOT_IMPLEMENTED) return result;
  }
  if (r instanceof Instance) {
    const result = callDunder(rt, r, `__r${DUNDERS[op]}__`, [l], site.range);
    if (result !== NOT_FOUND && result !== NOT_IMPLEMENTED) return result;
  }
  return unsupported(op, l, r);
}

/** `+`, `*` and `%` on str, list and tuple, `|` `&` `-` `^` on sets and `|` on dicts; undefined if none applies. */
function sequenceOp(rt: Runtime, op: BinaryOp, l: Py, r: Py): Py | undefined {
  if (op === '+') {
    if (typeof l === 'string' && typeof r === 'string') return checkLength(l.length + r.length), l + r;
    if (Array.isArray(l) && Array.isArray(r)) return checkLength(l.length + r.length), l.concat(r);
    if (l instanceof Tuple && r instanceof Tuple) return checkLength(l.items.length + r.items.length), new Tuple(l.items.concat(r.items));
  } else if (op === '*') {
    const lc = plain(l), rc = plain(r);
    if (isRepeatCount(rc)) return repeat(l, rc);
    if (isRepeatCount(lc)) return repeat(r, lc);
  } else if (op === '%' && typeof l === 'string') {
    return percentFormatValue(rt, l, r);
  } else if (l instanceof PySet && r instanceof PySet) {
    return setOp(op, l, r);
  } else if (op === '|' && l instanceof PyDict && r instanceof PyDict) {
    const out = new PyDict();
    for (const [k, [key, v]] of l.entries) out.put(k, key, v);
    for (const [k, [key, v]] of r.entries) out.put(k, key, v);
    return out;
  }
  return undefined;
}

function isRepeatCount(v: Py): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}

function repeat(seq: Py, count: bigint | boolean): Py | undefined {
  seq = plain(seq);
  const n = Math.max(0, Number(typeof count === 'boolean' ? (count ? 1n : 0n) : count));
  if (typeof seq === 'string') {
    if (seq.length * n > MAX_REPEAT) throw tooLong();
    return seq.repeat(n);
  }
  const items = Array.isArray(seq) ? seq : seq instanceof Tuple ? seq.items : null;
  if (items === null) return undefined;
  if (items.length * n > MAX_REPEAT) throw tooLong();
  const out: Py[] = [];
  for (let i = 0; i < n; i++) for (const v of items) out.push(v);
  return Array.isArray(seq) ? out : new Tuple(out);
}

/**
 * Largest sequence `*`, `+`, `+=`, append and extend may make: beyond it memory, not the
 * program, is the limit (JavaScript's own limits are near: a string of 2**29 units).
 */
export const MAX_REPEAT = 50_000_000;

/** A MemoryError if a result of `length` items would pass MAX_REPEAT. */
export function checkLength(length: number): void {
  if (length > MAX_REPEAT) throw tooLong();
}

function tooLong(): PyError {
  return new PyError('MemoryError', `the result would hold more than ${MAX_REPEAT.toLocaleString('en-US')} items`);
}

function setOp(op: BinaryOp, l: PySet, r: PySet): Py | undefined {
  const out = new PySet(l.frozen);
  switch (op) {
    case '|':
      for (const [k, v] of l.entries) out.entries.set(k, v);
      for (const [k, v] of r.entries) out.entries.set(k, v);
      return out;
    case '&':
      for (const [k, v] of l.entries) if (r.entries.has(k)) out.entries.set(k, v);
      return out;
    case '-':
      for (const [k, v] of l.entries) if (!r.entries.has(k)) out.entries.set(k, v);
      return out;
    case '^':
      for (const [k, v] of l.entries) if (!r.entries.has(k)) out.entries.set(k, v);
      for (const [k, v] of r.entries) if (!l.entries.has(k)) out.entries.set(k, v);
      return out;
    default:
      return undefined;
  }
}

function unsupported(op: string, l: Py, r: Py): never {
  // CPython's own wording for a sequence meeting something else with `+`.
  if (op === '+' && (typeof l === 'string' || Array.isArray(l) || l instanceof Tuple)) {
    throw typeError(`can only concatenate ${typeName(l)} (not "${typeName(r)}") to ${typeName(l)}`);
  }
  throw typeError(`unsupported operand type(s) for ${op === '**' ? '** or pow()' : op}: '${typeName(l)}' and '${typeName(r)}'`);
}

/** Python's NotImplemented, which a dunder returns to let the other operand try. */
export const NOT_IMPLEMENTED = new (class NotImplementedType extends PyObject {
  trace(): void { /* holds nothing */ }
})();

/** `x op= y`: lists, sets and dicts change in place, as Python's `+=` does; everything else rebinds. */
export function inplaceOp(rt: Runtime, op: BinaryOp, l: Py, r: Py, site: OpSite): Py {
  if (Array.isArray(l) && op === '+') {
    iterate(rt, r, (v) => { if (l.length >= MAX_REPEAT) throw tooLong(); l.push(v); });
    return l;
  }
  if (l instanceof Instance) {
    const result = callDunder(rt, l, `__i${DUNDERS[op]}__`, [r], site.range);
    if (result !== NOT_FOUND && result !== NOT_IMPLEMENTED) return result;
  }
  return binaryOp(rt, op, l, r, site);
}

export function unaryOp(rt: Runtime, op: '-' | '+' | '~', v: Py, site: OpSite): Py {
  if (isPlainValue(v) && op !== '-') return op === '+' ? v : unaryOp(rt, op, plain(v), site);
  switch (typeof v) {
    case 'number': if (op !== '~') return op === '-' ? -v : v; break;
    case 'bigint': return op === '-' ? -v : op === '+' ? v : ~v;
    case 'boolean': { const n = v ? 1n : 0n; return op === '-' ? -n : op === '+' ? n : ~n; }
  }
  if (v instanceof NodeRef && op === '-') return rt.op(Op.Neg, v.id, -1, site.origin);
  if (v instanceof Instance) {
    const name = op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__';
    const result = callDunder(rt, v, name, [], site.range);
    if (result !== NOT_FOUND) return result;
  }
  throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
}

// ---- truth, equality, order ------------------------------------------------------------

export function truthy(rt: Runtime, v: Py): boolean {
  v = plain(v);
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0;
    case 'bigint': return v !== 0n;
    case 'string': return v.length > 0;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof NodeRef) return true;
  if (v instanceof Tuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.entries.size > 0;
  if (v instanceof Range) return v.length > 0n;
  if (v instanceof Instance) {
    const b = callDunder(rt, v, '__bool__', [], null);
    if (b !== NOT_FOUND) return b === true;
    const n = callDunder(rt, v, '__len__', [], null);
    if (n !== NOT_FOUND) return n !== 0n;
  }
  return true;
}
