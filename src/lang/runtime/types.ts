import { NodeRef } from '../../engine/tape';
import { plain } from './numbers';
import {
  BoundMethod, Builtin, ExceptionObject, Instance, PyClass, PyDict, PyFunction, PyIterator, PyModule, PyObject,
  PySet, Range, Slice, Super, Tuple, type Py,
} from './objects';

// The built-in types as class objects, so that isinstance(x, int), type(x).__name__ and
// every error message ("unsupported operand type(s) for +: 'Value' and 'list'") treat
// them and the program's classes alike. Their constructors and methods are attached
// where their behaviour is written (builtins.ts, methods.ts, valueClass.ts).

function builtinClass(name: string, base: PyClass | null): PyClass {
  return new PyClass(name, base, new Map(), null, true);
}

export const OBJECT = builtinClass('object', null);
export const TYPE = builtinClass('type', OBJECT);
export const INT = builtinClass('int', OBJECT);
export const BOOL = builtinClass('bool', INT);
export const FLOAT = builtinClass('float', OBJECT);
export const STR = builtinClass('str', OBJECT);
export const LIST = builtinClass('list', OBJECT);
export const TUPLE = builtinClass('tuple', OBJECT);
export const DICT = builtinClass('dict', OBJECT);
export const SET = builtinClass('set', OBJECT);
export const FROZENSET = builtinClass('frozenset', OBJECT);
export const NONE_TYPE = builtinClass('NoneType', OBJECT);
export const RANGE = builtinClass('range', OBJECT);
export const SLICE = builtinClass('slice', OBJECT);
export const FUNCTION = builtinClass('function', OBJECT);
export const BUILTIN_FUNCTION = builtinClass('builtin_function_or_method', OBJECT);
export const METHOD = builtinClass('method', OBJECT);
export const MODULE = builtinClass('module', OBJECT);
export const SUPER = builtinClass('super', OBJECT);
/** micrograd's Value: a node of GradLens's tape. */
export const VALUE = builtinClass('Value', OBJECT);

/** Iterator types by the name repr() and error messages use. */
const iteratorClasses = new Map<string, PyClass>();
export function iteratorClass(kind: string): PyClass {
  let cls = iteratorClasses.get(kind);
  if (cls === undefined) {
    cls = builtinClass(kind, OBJECT);
    iteratorClasses.set(kind, cls);
  }
  return cls;
}

// ---- exceptions ----

export const BASE_EXCEPTION = builtinClass('BaseException', OBJECT);
export const EXCEPTION = builtinClass('Exception', BASE_EXCEPTION);
const exceptionClasses = new Map<string, PyClass>([['BaseException', BASE_EXCEPTION], ['Exception', EXCEPTION]]);
/** Python's exception hierarchy, as far as a .grad program can meet it. */
const EXCEPTION_TREE: [string, string][] = [
  ['ArithmeticError', 'Exception'], ['ZeroDivisionError', 'ArithmeticError'], ['OverflowError', 'ArithmeticError'],
  ['LookupError', 'Exception'], ['IndexError', 'LookupError'], ['KeyError', 'LookupError'],
  ['TypeError', 'Exception'], ['ValueError', 'Exception'], ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'], ['AttributeError', 'Exception'], ['AssertionError', 'Exception'],
  ['RuntimeError', 'Exception'], ['RecursionError', 'RuntimeError'], ['NotImplementedError', 'RuntimeError'],
  ['StopIteration', 'Exception'], ['ImportError', 'Exception'], ['ModuleNotFoundError', 'ImportError'],
  ['UnicodeError', 'ValueError'], ['MemoryError', 'Exception'],
];
for (const [name, base] of EXCEPTION_TREE) exceptionClasses.set(name, builtinClass(name, exceptionClasses.get(base)!));

/** The built-in exception class of that name (an unknown name counts as Exception). */
export function exceptionClass(name: string): PyClass {
  return exceptionClasses.get(name) ?? EXCEPTION;
}
export const EXCEPTION_CLASSES: ReadonlyMap<string, PyClass> = exceptionClasses;

/** The class of any Python value. */
export function typeOf(v: Py): PyClass {
  switch (typeof v) {
    case 'number': return FLOAT;
    case 'bigint': return INT;
    case 'boolean': return BOOL;
    case 'string': return STR;
  }
  if (v === null) return NONE_TYPE;
  if (v instanceof NodeRef) {
    // A short-form Value is the plain number it stands for.
    const number = plain(v);
    return typeof number === 'bigint' ? INT : typeof number === 'number' ? FLOAT : VALUE;
  }
  if (Array.isArray(v)) return LIST;
  if (v instanceof Instance) return v.cls;
  if (v instanceof PyObject) return objectClass(v);
  return OBJECT;
}

function objectClass(v: PyObject): PyClass {
  if (v instanceof Tuple) return TUPLE;
  if (v instanceof PyDict) return DICT;
  if (v instanceof PySet) return v.frozen ? FROZENSET : SET;
  if (v instanceof PyFunction) return FUNCTION;
  if (v instanceof Builtin) return BUILTIN_FUNCTION;
  if (v instanceof BoundMethod) return v.fn instanceof Builtin ? BUILTIN_FUNCTION : METHOD;
  if (v instanceof PyClass) return TYPE;
  if (v instanceof PyModule) return MODULE;
  if (v instanceof Range) return RANGE;
  if (v instanceof Slice) return SLICE;
  if (v instanceof Super) return SUPER;
  if (v instanceof ExceptionObject) return v.cls;
  if (v instanceof PyIterator) return iteratorClass(v.kind);
  if ('kind' in v && 'dict' in v) return iteratorClass(`dict_${(v as { kind: string }).kind}`);
  return OBJECT;
}

/** The type's name as Python's messages quote it: 'int', 'Value', 'Neuron'. */
export function typeName(v: Py): string {
  return typeOf(v).name;
}

export function isInstance(v: Py, cls: PyClass): boolean {
  const own = typeOf(v);
  return own === cls || own.mro.includes(cls);
}
