import { NodeRef } from '../../engine/tape';
import { closestName } from '../suggest';
import { superLookup } from './calls';
import { attributeError, PyError } from './errors';
import { nativeMethod, nativeMethodNames, unboundNativeMethod } from './methods';
import {
  BoundMethod, Builtin, ExceptionObject, Instance, PyClass, PyDict, PyFunction, PyModule, Range, Super, Tuple, type Py,
} from './objects';
import type { Runtime } from './runtime';
import { strMethodNames } from './strings';
import { typeName, typeOf } from './types';
import { setValueAttribute, VALUE_ATTRIBUTES, valueAttribute } from './valueClass';

// Reading and setting attributes: an instance's own, then its class's (a function
// found there becomes a bound method), a module's variables, a Value's fields, the
// built-in types' methods. AttributeError says what exists instead when a name is
// close to one.

export function getAttr(rt: Runtime, obj: Py, name: string): Py {
  if (obj instanceof Instance) {
    const own = obj.dict.get(name);
    if (own !== undefined) return own;
    const attr = obj.cls.lookup(name);
    if (attr !== undefined) return attr instanceof PyFunction ? new BoundMethod(obj, attr) : attr;
    if (name === '__class__') return obj.cls;
    if (name === '__dict__') {
      const dict = new PyDict();
      for (const [k, v] of obj.dict) dict.put(k, k, v);
      return dict;
    }
    throw missing(obj, name, [...obj.dict.keys(), ...obj.cls.mro.flatMap((c) => [...c.ns.keys()])]);
  }
  if (obj instanceof NodeRef) {
    try {
      return valueAttribute(rt, obj, name, null);
    } catch (e) {
      if (e instanceof PyError && e.type === 'AttributeError') throw missing(obj, name, VALUE_ATTRIBUTES);
      throw e;
    }
  }
  if (obj instanceof PyModule) {
    const v = obj.get(name);
    if (v !== undefined) return v;
    if (name === '__name__') return obj.name;
    const suggestion = closestName(name, [...obj.cells.keys()]);
    throw attributeError(`module '${obj.name}' has no attribute '${name}'` + (suggestion ? ` — did you mean '${suggestion}'?` : ''));
  }
  if (obj instanceof PyClass) {
    const v = obj.lookup(name);
    if (v !== undefined) return v;
    const unbound = obj.builtin ? unboundNativeMethod(rt, obj, name) : undefined;
    if (unbound !== undefined) return unbound;
    if (name === '__name__') return obj.name;
    if (name === '__bases__') return new Tuple(obj.base ? [obj.base] : []);
    throw attributeError(`type object '${obj.name}' has no attribute '${name}'`);
  }
  if (obj instanceof Super) return superLookup(obj, name);
  const method = nativeMethod(obj, name);
  if (method !== undefined) {
    return new BoundMethod(obj, new Builtin(name, (args, kw, site) => method(rt, args[0], args.slice(1), kw, site)));
  }
  const special = specialAttribute(obj, name);
  if (special !== undefined) return special;
  throw missing(obj, name, typeof obj === 'string' ? strMethodNames() : nativeMethodNames(obj));
}

function specialAttribute(obj: Py, name: string): Py | undefined {
  if (name === '__class__') return typeOf(obj);
  if (obj instanceof PyFunction && name === '__name__') return obj.code.name;
  if (obj instanceof Builtin && name === '__name__') return obj.name;
  if (obj instanceof ExceptionObject && name === 'args') return new Tuple(obj.args);
  if (obj instanceof Range) {
    if (name === 'start') return obj.start;
    if (name === 'stop') return obj.stop;
    if (name === 'step') return obj.step;
  }
  if (typeof obj === 'number') {
    if (name === 'real') return obj;
    if (name === 'imag') return 0;
  }
  return undefined;
}

function missing(obj: Py, name: string, candidates: Iterable<string>): PyError {
  // `_op` and `__init__` are not what a typo of a public name meant.
  const visible = [...candidates].filter((c) => !c.startsWith('_') || name.startsWith('_'));
  const suggestion = closestName(name, visible);
  return attributeError(`'${typeName(obj)}' object has no attribute '${name}'` + (suggestion ? ` — did you mean '${suggestion}'?` : ''));
}

export function setAttr(rt: Runtime, obj: Py, name: string, value: Py): void {
  if (obj instanceof Instance) {
    obj.dict.set(name, value);
    return;
  }
  if (obj instanceof NodeRef) {
    setValueAttribute(rt, obj, name, value);
    return;
  }
  if (obj instanceof PyClass && obj.construct === null) {
    obj.ns.set(name, value);
    PyClass.version++;
    return;
  }
  if (obj instanceof PyModule) {
    obj.set(name, value);
    return;
  }
  throw attributeError(`'${typeName(obj)}' object has no attribute '${name}'`);
}

export function deleteAttr(obj: Py, name: string): void {
  if (obj instanceof Instance && obj.dict.delete(name)) return;
  if (obj instanceof PyClass && obj.construct === null && obj.ns.delete(name)) {
    PyClass.version++;
    return;
  }
  throw attributeError(`'${typeName(obj)}' object has no attribute '${name}'`);
}
