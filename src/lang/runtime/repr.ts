import { NodeFlag, NodeRef } from '../../engine/tape';
import { pythonFloat } from '../format';
import { strRepr } from '../stdlib/formatSpec';
import { callDunder, NOT_FOUND } from './calls';
import { PyError, typeError } from './errors';
import { DictView } from './methods';
import {
  BoundMethod, Builtin, ExceptionObject, Instance, PyClass, PyDict, PyFunction, PyIterator, PyModule, PySet,
  Range, Slice, Super, Tuple, type Py,
} from './objects';
import type { Runtime } from './runtime';
import { plain } from './numbers';
import { exceptionClass, typeName } from './types';

// repr() and str() of every value, as CPython writes them, so print() in a .grad file
// shows what the notebook shows: `2.0`, `1e-05`, `[1, 2.5, 'a']`, micrograd's
// `Value(data=2.0, grad=0)`, a class's own __repr__.

/** Nesting beyond which a container prints as `...`: a very deep one (one that holds itself is `[...]`, below). */
const MAX_DEPTH = 200;

export function repr(rt: Runtime, v: Py, depth = 0): string {
  switch (typeof v) {
    case 'number': return pythonFloat(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'True' : 'False';
    case 'string': return strRepr(v);
  }
  if (v === null) return 'None';
  if (depth > MAX_DEPTH) return '...';
  if (v instanceof NodeRef) {
    const number = plain(v);
    return number === v ? valueRepr(rt, v) : repr(rt, number, depth);
  }
  if (Array.isArray(v)) return entering(v, '[...]', () => `[${v.map((x) => repr(rt, x, depth + 1)).join(', ')}]`);
  if (v instanceof Tuple) {
    return entering(v, '(...)', () => {
      const items = v.items.map((x) => repr(rt, x, depth + 1));
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    });
  }
  if (v instanceof PyDict) {
    return entering(v, '{...}', () => {
      const items = [...v.entries.values()].map(([k, x]) => `${repr(rt, k, depth + 1)}: ${repr(rt, x, depth + 1)}`);
      return `{${items.join(', ')}}`;
    });
  }
  if (v instanceof PySet) {
    const items = v.ordered().map((x) => repr(rt, x, depth + 1));
    if (v.frozen) return items.length === 0 ? 'frozenset()' : `frozenset({${items.join(', ')}})`;
    return items.length === 0 ? 'set()' : `{${items.join(', ')}}`;
  }
  if (v instanceof Instance) return instanceText(rt, v, '__repr__');
  if (v instanceof DictView) return `dict_${v.kind}(${repr(rt, v.items(), depth + 1)})`;
  return objectRepr(rt, v);
}

/** The containers whose repr is being written: met again inside itself, one is `[...]`, as CPython's Py_ReprEnter writes it. */
const entered = new Set<object>();

function entering(container: object, again: string, write: () => string): string {
  if (entered.has(container)) return again;
  entered.add(container);
  try {
    return write();
  } finally {
    entered.delete(container);
  }
}

export function str(rt: Runtime, v: Py): string {
  if (typeof v === 'string') return v;
  if (v instanceof Instance) return instanceText(rt, v, '__str__');
  if (v instanceof ExceptionObject) return exceptionStr(rt, v);
  return repr(rt, v);
}

/** micrograd's `Value(data=..., grad=...)`, each number printed as the int or float it is in Python. */
function valueRepr(rt: Runtime, v: NodeRef): string {
  if (v.id < 0) return 'Value(<reclaimed>)';
  const tape = rt.tape;
  const flags = tape.flags(v.id);
  const data = numberText(tape.data(v.id), (flags & NodeFlag.DataInt) !== 0);
  const grad = numberText(tape.grad(v.id), (flags & NodeFlag.GradInt) !== 0);
  return `Value(data=${data}, grad=${grad})`;
}

/** A stored double as Python prints it: an int (`0`) or a float (`0.0`). */
export function numberText(x: number, isInt: boolean): string {
  return isInt && Number.isFinite(x) ? BigInt(x).toString() : pythonFloat(x);
}

function instanceText(rt: Runtime, v: Instance, method: '__repr__' | '__str__'): string {
  let text = callDunder(rt, v, method, [], null);
  if (text === NOT_FOUND && method === '__str__') text = callDunder(rt, v, '__repr__', [], null);
  if (text === NOT_FOUND) {
    if (v.cls.mro.some((c) => c.name === 'BaseException')) return exceptionInstanceText(rt, v, method);
    return `<${moduleOf(v.cls)}.${v.cls.name} object at ${address(v)}>`;
  }
  if (typeof text !== 'string') throw typeError(`${method} returned non-string (type ${typeName(text)})`);
  return text;
}

function exceptionInstanceText(rt: Runtime, v: Instance, method: string): string {
  const args = v.dict.get('args');
  const items = args instanceof Tuple ? args.items : [];
  if (method === '__str__') return exceptionMessage(rt, v.cls, items);
  return `${v.cls.name}(${items.map((x) => repr(rt, x)).join(', ')})`;
}

function exceptionStr(rt: Runtime, v: ExceptionObject): string {
  return exceptionMessage(rt, v.cls, v.args);
}

/** str() of an exception: its one argument, its arguments' tuple, or nothing; a KeyError quotes its key. */
function exceptionMessage(rt: Runtime, cls: PyClass, args: readonly Py[]): string {
  if (args.length === 0) return '';
  if (args.length > 1) return repr(rt, new Tuple(args));
  return cls.mro.some((c) => c.name === 'KeyError') ? repr(rt, args[0]) : str(rt, args[0]);
}

/** KeyError for a missing key: its message is the key's repr, and `except KeyError as e` gets the key itself. */
export function keyError(rt: Runtime, key: Py): PyError {
  const e = new PyError('KeyError', repr(rt, key));
  e.value = new ExceptionObject(exceptionClass('KeyError'), [key]);
  return e;
}

function objectRepr(rt: Runtime, v: Py): string {
  if (v instanceof PyFunction) return `<function ${v.code.qualname} at ${address(v)}>`;
  if (v instanceof Builtin) return `<built-in function ${v.name}>`;
  if (v instanceof BoundMethod) {
    const owner = typeName(v.self);
    const name = v.fn instanceof PyFunction ? v.fn.code.qualname : `${owner}.${v.fn.name}`;
    return v.fn instanceof PyFunction ? `<bound method ${name} of ${repr(rt, v.self)}>` : `<built-in method ${v.fn.name} of ${owner} object at ${address(v.self as object)}>`;
  }
  if (v instanceof PyClass) return `<class '${v.builtin ? '' : `${moduleOf(v)}.`}${v.name}'>`;
  if (v instanceof PyModule) return `<module '${v.name}' (built-in)>`;
  if (v instanceof Range) return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof Slice) return `slice(${repr(rt, v.start)}, ${repr(rt, v.stop)}, ${repr(rt, v.step)})`;
  if (v instanceof Super) return `<super: <class '${v.cls.name}'>, <${typeName(v.self)} object>>`;
  if (v instanceof ExceptionObject) return `${v.cls.name}(${v.args.map((x) => repr(rt, x)).join(', ')})`;
  if (v instanceof PyIterator) return `<${v.kind} object at ${address(v)}>`;
  return `<${typeName(v)} object>`;
}

/** Classes of GradLens's library say where micrograd keeps them. */
function moduleOf(cls: PyClass): string {
  return cls.ns.get('__module__') as string | undefined ?? '__main__';
}

let nextAddress = 0x7f3a2c000000;
const addresses = new WeakMap<object, number>();

/** A stable stand-in for the memory address CPython prints in a default repr. */
function address(v: object): string {
  let a = addresses.get(v);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x50;
    addresses.set(v, a);
  }
  return `0x${a.toString(16)}`;
}
