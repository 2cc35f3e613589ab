import { BackwardFlag, NodeFlag, NodeRef, Op, opLabel } from '../../engine';
import { getAttr } from './attributes';
import { callValue } from './calls';
import { hashKey } from './comparison';
import { binaryOp, unaryOp, type OpSite } from './operators';
import { pyLen } from './sequences';
import { attributeError, typeError } from './errors';
import { Builtin, BoundMethod, PySet, type CallSite, type Kwargs, type Py } from './objects';
import { isNum, toFloat } from './numbers';
import { Runtime } from './runtime';
import { pythonFloat } from '../format';
import { VALUE, typeName } from './types';
import type { BinaryOp } from '../ast';

// micrograd's Value as a .grad program sees it: a handle on a tape node with data,
// grad, label, _op, _prev, backward(), _backward() and the activations, and the
// operators micrograd defines (its __add__, __radd__, ... are the engine's ops).

/** The activations: a Value's methods (`n.tanh()`), and built-in functions in a .grad file (`tanh(n)`). */
export const UNARY_OPS: Readonly<Record<string, Op>> = { tanh: Op.Tanh, exp: Op.Exp, log: Op.Log, relu: Op.Relu, sigmoid: Op.Sigmoid };
/** micrograd's `_op` names where they differ from the drawn op label. */
const MICROGRAD_OP: Partial<Record<Op, string>> = { [Op.Relu]: 'ReLU' };

export const VALUE_ATTRIBUTES = ['data', 'grad', 'label', 'backward', '_backward', '_prev', '_op', ...Object.keys(UNARY_OPS)];

const DUNDER_OPS: Record<string, [BinaryOp, boolean]> = {
  __add__: ['+', false], __radd__: ['+', true], __sub__: ['-', false], __rsub__: ['-', true],
  __mul__: ['*', false], __rmul__: ['*', true], __truediv__: ['/', false], __rtruediv__: ['/', true],
  __pow__: ['**', false],
};

function live(v: NodeRef): number {
  if (v.id < 0) throw new Error('a Value whose node was reclaimed was used: GradLens lost track of it');
  return v.id;
}

export function valueAttribute(rt: Runtime, v: NodeRef, name: string, site: CallSite | null): Py {
  const id = live(v);
  const tape = rt.tape;
  switch (name) {
    case 'data': return pyNumber(tape.data(id), (tape.flags(id) & NodeFlag.DataInt) !== 0);
    case 'grad': return pyNumber(tape.grad(id), (tape.flags(id) & NodeFlag.GradInt) !== 0);
    case 'label': return tape.label(id) ?? '';
    case '_op': {
      const op = tape.op(id);
      if (op === Op.PowConst) {
        const p = tape.param(id);
        return `**${(tape.flags(id) & NodeFlag.IntExponent) !== 0 ? String(p) : pythonFloat(p)}`;
      }
      return op === Op.Leaf ? '' : MICROGRAD_OP[op] ?? opLabel(op, 0);
    }
    case '_prev': {
      const set = new PySet();
      for (const input of tape.inputs(id)) {
        const ref = new NodeRef(input);
        set.entries.set(hashKey(ref), ref);
      }
      return set;
    }
    case '__class__': return VALUE;
  }
  if (name in UNARY_OPS || name in DUNDER_OPS || name === 'backward' || name === '_backward') {
    return new BoundMethod(v, new Builtin(name, (args, kw, callSite) => valueMethod(rt, v, name, args.slice(1), kw, callSite ?? site)));
  }
  throw attributeError(`'Value' object has no attribute '${name}'`);
}

/** A stored double as the Python number it is: an int when micrograd's would be one. */
export function pyNumber(x: number, isInt: boolean): number | bigint {
  return isInt && Number.isFinite(x) ? BigInt(x) : x;
}

export function setValueAttribute(rt: Runtime, v: NodeRef, name: string, value: Py): void {
  const id = live(v);
  switch (name) {
    case 'data':
    case 'grad': {
      const [x, isInt] = numberFor(rt, value, name);
      if (name === 'data') rt.tape.setData(id, x, isInt);
      else {
        rt.tape.setGrad(id, x, isInt);
        rt.activity.ownsGradients = true;
      }
      return;
    }
    case 'label':
      if (typeof value !== 'string') throw typeError(`a label is text: write x.label = '...', not ${typeName(value)}`);
      rt.tape.setLabel(id, value);
      rt.tape.setFlag(id, NodeFlag.LabelExplicit, true);
      return;
    case '_backward': case '_prev': case '_op':
      throw attributeError(`GradLens builds '${name}' itself: a built-in Value's ${name} cannot be replaced`);
  }
  throw attributeError(`'Value' object has no attribute '${name}' (a Value's settable attributes are data, grad and label)`);
}

/**
 * A number for `.data`, `.grad`: a Value gives its data, since in a .grad file the
 * short form `h = 0.001` is a Value and the lecture's `a.data += h` must still work.
 */
function numberFor(rt: Runtime, value: Py, what: string): [number, boolean] {
  if (isNum(value)) return [toFloat(value), typeof value !== 'number'];
  if (value instanceof NodeRef) {
    const id = live(value);
    return [rt.tape.data(id), (rt.tape.flags(id) & NodeFlag.DataInt) !== 0];
  }
  throw typeError(`a Value's ${what} must be a number, not '${typeName(value)}'`);
}

export function valueMethod(rt: Runtime, v: NodeRef, name: string, args: Py[], kw: Kwargs | null, site: CallSite | null): Py {
  const id = live(v);
  const origin = site ? site.origin : -1;
  const unary = UNARY_OPS[name];
  if (unary !== undefined) {
    noArguments(name, args, kw);
    return rt.op(unary, id, -1, origin);
  }
  const dunder = DUNDER_OPS[name];
  if (dunder !== undefined) {
    if (args.length !== 1) throw typeError(`${name}() takes exactly one argument (${args.length} given)`);
    const [op, reflected] = dunder;
    const opSite: OpSite = { range: site?.range ?? { start: 0, end: 0 }, origin, left: origin, right: origin };
    return reflected ? binaryOp(rt, op, args[0], v, opSite) : binaryOp(rt, op, v, args[0], opSite);
  }
  switch (name) {
    case 'backward': {
      noArguments(name, args, kw);
      backward(rt, v, site);
      return null;
    }
    case '_backward':
      noArguments(name, args, kw);
      rt.tape.backwardStep(id);
      rt.activity.ownsGradients = true;
      return null;
    case '__neg__':
      return unaryOp(rt, '-', v, { range: site?.range ?? { start: 0, end: 0 }, origin, left: origin, right: origin });
  }
  return callValue(rt, getAttr(rt, v, name), args, kw, site);
}

function backward(rt: Runtime, v: NodeRef, site: CallSite | null): void {
  const found = rt.tape.backward(v.id);
  rt.activity.ownsGradients = true;
  const serial = rt.tape.serial(v.id);
  rt.activity.backwardTarget = { serial, name: null };
  if (!site || site.library) return;
  const calls = rt.activity.backwardCalls;
  let record = calls.find((c) => c.range.start === site.range.start && c.range.end === site.range.end);
  if (!record) {
    record = { range: site.range, root: serial, accumulated: false, count: 0, warned: false };
    calls.push(record);
  }
  record.accumulated = (found & BackwardFlag.Accumulated) !== 0;
  record.root = serial;
  record.count++;
  // Once per call site, at whichever step of a loop it first happens: training that diverges.
  if ((found & BackwardFlag.NotFinite) !== 0 && !record.warned) {
    record.warned = true;
    const when = record.count > 1 ? ` (on run ${record.count.toLocaleString('en-US')} of this line)` : '';
    rt.warning(`backward() made a gradient NaN or infinite${when}: a NaN or an infinity is in the graph`, site.range);
  }
}

/** A Value's data as the Python number it is. */
function valueNumber(rt: Runtime, v: NodeRef): number | bigint {
  const id = live(v);
  return pyNumber(rt.tape.data(id), (rt.tape.flags(id) & NodeFlag.DataInt) !== 0);
}

function noArguments(name: string, args: Py[], kw: Kwargs | null): void {
  if (args.length > 0 || (kw && kw.names.length > 0)) {
    throw typeError(`Value.${name}() takes no arguments (${args.length + (kw?.names.length ?? 0)} given)`);
  }
}

/** `Value(data, _children=(), _op='', label='')`, the lecture's signature (micrograd's plus label). */
VALUE.construct = (args, kw, site) => {
  const rt = Runtime.active!;
  const names = ['data', '_children', '_op', 'label'];
  const given: (Py | undefined)[] = [...args];
  if (args.length > names.length) throw typeError(`Value() takes from 1 to ${names.length} arguments but ${args.length} were given`);
  if (kw) {
    kw.names.forEach((n, i) => {
      const at = names.indexOf(n);
      if (at < 0) throw typeError(`Value() got an unexpected keyword argument '${n}'`);
      if (given[at] !== undefined) throw typeError(`Value() got multiple values for argument '${n}'`);
      given[at] = kw.values[i];
    });
  }
  const [given0, children, , label] = given;
  if (given0 === undefined) throw typeError("Value() missing 1 required positional argument: 'data'");
  // `h = 0.001` is a Value in a .grad file (the short form), and Value(h) must still
  // make a leaf of its number, as in the lecture where h is a float.
  const data = given0 instanceof NodeRef ? valueNumber(rt, given0) : given0;
  if (!isNum(data)) throw typeError(`Value() needs a number, not '${typeName(data)}'`);
  if (children !== undefined && pyLen(rt, children) > 0n) {
    throw typeError('GradLens links Values itself: make a Value from a number, and combine Values with operators');
  }
  if (label !== undefined && typeof label !== 'string') throw typeError(`label must be text, as in label='a', not ${typeName(label)}`);
  return rt.leaf(data, site ? site.origin : -1, label === undefined || label === '' ? undefined : label, true);
};
