import { NodeFlag, NodeRef, Op } from '../../engine';
import { pyRound, pyRoundTo, roundInt } from '../stdlib/formatSpec';
import { callValue } from './calls';
import { PyError, typeError, valueError } from './errors';
import {
  EnumerateIterator, FilterIterator, getIterator, iterate, MapIterator, ReversedIterator, toArray, ZipIterator,
} from './iteration';
import { keywords, sortItems } from './methods';
import { Builtin, Instance, PyClass, PyIterator, Range, Tuple, type CallSite, type Kwargs, type Py } from './objects';
import { asBig, hashFloat, hashInt, isNum, numberOp, plain } from './numbers';
import { lessThan } from './comparison';
import { binaryOp, NOT_IMPLEMENTED, truthy, type OpSite } from './operators';
import { repr, str } from './repr';
import type { Runtime } from './runtime';
import { printText } from './recording';
import { pyLen } from './sequences';
import { formatValue } from './strings';
import {
  BOOL, DICT, EXCEPTION_CLASSES, FLOAT, FROZENSET, INT, LIST, OBJECT, RANGE, SET, STR, TUPLE, isInstance, iteratorClass,
  typeName, typeOf,
} from './types';
import { getAttr, setAttr } from './attributes';
import { callDunder, NOT_FOUND } from './calls';
import { installConstructors } from './constructors';
import { installPlotBuiltins } from './plots';
import { UNARY_OPS } from './valueClass';

// The built-in functions of a .grad file: Python's own (print, range, len, zip, sum,
// ...) with CPython's behaviour and messages, and GradLens's graph functions (tanh,
// exp, log, relu, sigmoid, draw_dot), which take a Value or a number and give a Value.

type Fn = (args: Py[], kw: Kwargs | null, site: CallSite | null) => Py;

function noKeywords(name: string, kw: Kwargs | null): void {
  if (kw && kw.names.length > 0) throw typeError(`${name}() takes no keyword arguments`);
}

function count(name: string, args: Py[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  if (min === max) {
    throw typeError(`${name}() takes exactly ${min === 1 ? 'one argument' : `${min} arguments`} (${args.length} given)`);
  }
  if (args.length < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`);
  throw typeError(`${name} expected at most ${max} arguments, got ${args.length}`);
}

/** An argument that must be an int (`range(2.0)` is a TypeError in Python). */
export function intArgument(v: Py): bigint {
  v = plain(v);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}


export function installBuiltins(rt: Runtime): void {
  installConstructors();
  const define = (name: string, fn: Fn) => rt.builtins.set(name, new Builtin(name, fn));
  // range, zip, map... are classes in Python: type(range(3)) is range, and
  // isinstance(r, range) works. Their shared class objects get this run's constructor.
  const defineType = (cls: PyClass, fn: Fn) => {
    cls.construct = fn;
    rt.builtins.set(cls.name, cls);
  };

  define('print', (args, kw, site) => {
    const { sep, end } = keywords('print', kw, ['sep', 'end', 'file', 'flush']);
    const separator = sep === undefined || sep === null ? ' ' : sep;
    const ending = end === undefined || end === null ? '\n' : end;
    if (typeof separator !== 'string') throw typeError(`sep must be None or a string, not ${typeName(separator)}`);
    if (typeof ending !== 'string') throw typeError(`end must be None or a string, not ${typeName(ending)}`);
    printText(rt, args.map((a) => str(rt, a)).join(separator) + ending, site);
    return null;
  });

  defineType(RANGE, (args, kw) => {
    noKeywords('range', kw);
    count('range', args, 1, 3);
    const [a, b, c] = args.map(intArgument);
    if (args.length === 1) return new Range(0n, a, 1n);
    if (c === 0n) throw valueError('range() arg 3 must not be zero');
    return new Range(a, b, args.length === 3 ? c : 1n);
  });

  define('len', (args, kw) => { noKeywords('len', kw); count('len', args, 1, 1); return pyLen(rt, args[0]); });

  defineType(iteratorClass('zip'), (args, kw) => {
    keywords('zip', kw, ['strict']);
    return new ZipIterator(args.map((a) => getIterator(rt, a)));
  });

  defineType(iteratorClass('enumerate'), (args, kw) => {
    const { start } = keywords('enumerate', kw, ['start']);
    count('enumerate', args, 1, 2);
    return new EnumerateIterator(getIterator(rt, args[0]), intArgument(args[1] ?? start ?? 0n));
  });

  defineType(iteratorClass('map'), (args, kw) => {
    noKeywords('map', kw);
    if (args.length < 2) throw typeError('map() must have at least two arguments.');
    return new MapIterator(rt, args[0], args.slice(1).map((a) => getIterator(rt, a)));
  });

  defineType(iteratorClass('filter'), (args, kw) => {
    noKeywords('filter', kw);
    count('filter', args, 2, 2);
    return new FilterIterator(rt, args[0], getIterator(rt, args[1]));
  });

  defineType(iteratorClass('reversed'), (args, kw) => {
    noKeywords('reversed', kw);
    count('reversed', args, 1, 1);
    const v = args[0];
    if (Array.isArray(v)) return new ReversedIterator(v);
    if (v instanceof Tuple) return new ReversedIterator(v.items);
    if (typeof v === 'string' || v instanceof Range) return new ReversedIterator(toArray(rt, v));
    if (v instanceof Instance) {
      const r = callDunder(rt, v, '__reversed__', [], null);
      if (r !== NOT_FOUND) return r;
    }
    throw typeError(`'${typeName(v)}' object is not reversible`);
  });

  define('sorted', (args, kw) => {
    count('sorted', args, 1, 1);
    const { key, reverse } = keywords('sorted', kw, ['key', 'reverse']);
    const items = toArray(rt, args[0]);
    sortItems(rt, items, key, reverse !== undefined && truthy(rt, reverse));
    return items;
  });

  define('sum', (args, kw, site) => {
    const { start } = keywords('sum', kw, ['start']);
    count('sum', args, 1, 2);
    const total = new Sum(rt, args[1] ?? start ?? 0n, site);
    iterate(rt, args[0], (item) => { total.add(item); });
    return total.result();
  });

  const extreme = (name: 'min' | 'max') => (args: Py[], kw: Kwargs | null): Py => {
    const { key, default: fallback } = keywords(name, kw, ['key', 'default']);
    const items = args.length === 1 ? toArray(rt, args[0]) : args;
    if (args.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
    if (items.length === 0) {
      if (fallback !== undefined) return fallback;
      throw valueError(`${name}() arg is an empty sequence`);
    }
    const keyOf = (v: Py) => (key === undefined || key === null ? v : callValue(rt, key, [v], null, null));
    let best = items[0], bestKey = keyOf(best);
    for (let i = 1; i < items.length; i++) {
      const k = keyOf(items[i]);
      if (lessThan(rt, name === 'min' ? '<' : '>', k, bestKey, null)) { best = items[i]; bestKey = k; }
    }
    return best;
  };
  define('min', extreme('min'));
  define('max', extreme('max'));

  define('abs', (args, kw) => {
    noKeywords('abs', kw);
    count('abs', args, 1, 1);
    const v = plain(args[0]);
    if (typeof v === 'number') return Math.abs(v);
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (v instanceof Instance) {
      const r = callDunder(rt, v, '__abs__', [], null);
      if (r !== NOT_FOUND) return r;
    }
    throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
  });

  define('round', (args, kw) => {
    const { ndigits } = keywords('round', kw, ['number', 'ndigits']);
    count('round', args, 1, 2);
    const v = plain(args[0]), n = args[1] ?? ndigits ?? null;
    if (typeof v === 'number') return n === null ? pyRound(v) : pyRoundTo(v, intArgument(n));
    if (typeof v === 'bigint' || typeof v === 'boolean') return n === null ? asBig(v) : roundInt(asBig(v), intArgument(n));
    if (v instanceof Instance) {
      const r = callDunder(rt, v, '__round__', n === null ? [] : [n], null);
      if (r !== NOT_FOUND) return r;
    }
    throw typeError(`type ${typeName(v)} doesn't define __round__ method`);
  });

  define('isinstance', (args, kw) => {
    noKeywords('isinstance', kw);
    count('isinstance', args, 2, 2);
    return classesOf(args[1], 'isinstance').some((cls) => isInstance(args[0], cls));
  });
  define('issubclass', (args, kw) => {
    noKeywords('issubclass', kw);
    count('issubclass', args, 2, 2);
    if (!(args[0] instanceof PyClass)) throw typeError('issubclass() arg 1 must be a class');
    return classesOf(args[1], 'issubclass').some((cls) => (args[0] as PyClass).isSubclassOf(cls));
  });
  define('type', (args, kw) => {
    noKeywords('type', kw);
    if (args.length !== 1) throw typeError('type() takes 1 argument: GradLens makes classes with the class statement');
    return typeOf(args[0]);
  });
  define('repr', (args, kw) => { noKeywords('repr', kw); count('repr', args, 1, 1); return repr(rt, args[0]); });
  define('format', (args, kw) => {
    noKeywords('format', kw);
    count('format', args, 1, 2);
    const spec = args[1] ?? '';
    if (typeof spec !== 'string') throw typeError(`format() argument 2 must be str, not ${typeName(spec)}`);
    return formatValue(rt, args[0], spec);
  });
  define('iter', (args, kw) => { noKeywords('iter', kw); count('iter', args, 1, 1); return getIterator(rt, args[0]); });
  define('next', (args, kw) => {
    noKeywords('next', kw);
    count('next', args, 1, 2);
    const it = args[0];
    if (!(it instanceof PyIterator)) throw typeError(`'${typeName(it)}' object is not an iterator`);
    const v = it.next();
    if (v !== undefined) return v;
    if (args.length === 2) return args[1];
    throw new PyError('StopIteration', '');
  });
  define('any', (args, kw) => {
    noKeywords('any', kw);
    count('any', args, 1, 1);
    let found = false;
    iterate(rt, args[0], (v) => (found = truthy(rt, v)) ? false : true);
    return found;
  });
  define('all', (args, kw) => {
    noKeywords('all', kw);
    count('all', args, 1, 1);
    let ok = true;
    iterate(rt, args[0], (v) => (ok = truthy(rt, v)));
    return ok;
  });
  define('callable', (args) => {
    count('callable', args, 1, 1);
    const v = args[0];
    return v instanceof Builtin || v instanceof PyClass || typeOf(v).name === 'function' || typeOf(v).name === 'method' ||
      (v instanceof Instance && v.cls.lookup('__call__') !== undefined);
  });
  define('hasattr', (args) => {
    count('hasattr', args, 2, 2);
    try {
      getAttr(rt, args[0], attrName(args[1], 'hasattr'));
      return true;
    } catch (e) {
      if (e instanceof PyError && e.type === 'AttributeError') return false;
      throw e;
    }
  });
  define('getattr', (args) => {
    count('getattr', args, 2, 3);
    try {
      return getAttr(rt, args[0], attrName(args[1], 'getattr'));
    } catch (e) {
      if (args.length === 3 && e instanceof PyError && e.type === 'AttributeError') return args[2];
      throw e;
    }
  });
  define('setattr', (args) => {
    count('setattr', args, 3, 3);
    setAttr(rt, args[0], attrName(args[1], 'setattr'), args[2]);
    return null;
  });
  define('divmod', (args) => {
    count('divmod', args, 2, 2);
    const [a, b] = args.map(plain);
    if (!isNum(a) || !isNum(b)) throw typeError(`unsupported operand type(s) for divmod(): '${typeName(a)}' and '${typeName(b)}'`);
    return new Tuple([numberOp('//', a, b), numberOp('%', a, b)]);
  });
  define('pow', (args, _kw, site) => {
    count('pow', args, 2, 3);
    if (args.length === 3) {
      const [b, e, m] = args.map(intArgument);
      if (m === 0n) throw valueError('pow() 3rd argument cannot be 0');
      let result = 1n, base = ((b % m) + m) % m, exp = e;
      if (exp < 0n) throw valueError('pow() 2nd argument cannot be negative when 3rd argument specified');
      while (exp > 0n) {
        if (exp & 1n) result = (result * base) % m;
        base = (base * base) % m;
        exp >>= 1n;
      }
      return m < 0n && result !== 0n ? result + m : result;
    }
    return binaryOp(rt, '**', args[0], args[1], siteFor(site));
  });
  define('chr', (args) => { count('chr', args, 1, 1); return String.fromCodePoint(Number(intArgument(args[0]))); });
  define('ord', (args) => {
    count('ord', args, 1, 1);
    const s = args[0];
    if (typeof s !== 'string' || [...s].length !== 1) throw typeError(`ord() expected a character, but string of length ${typeof s === 'string' ? s.length : 0} found`);
    return BigInt(s.codePointAt(0)!);
  });
  const radix = (name: string, base: number, prefix: string) => define(name, (args) => {
    count(name, args, 1, 1);
    const n = intArgument(args[0]);
    return (n < 0n ? '-' : '') + prefix + (n < 0n ? -n : n).toString(base);
  });
  radix('hex', 16, '0x');
  radix('bin', 2, '0b');
  radix('oct', 8, '0o');
  define('id', (args) => { count('id', args, 1, 1); return BigInt(rt.objectId(args[0])); });
  define('hash', (args) => { count('hash', args, 1, 1); return pythonHash(args[0]); });

  define('draw_dot', (args, kw) => {
    noKeywords('draw_dot', kw);
    count('draw_dot', args, 1, 1);
    const v = args[0];
    if (!(v instanceof NodeRef)) throw typeError(`draw_dot() draws a Value's graph, not ${typeName(v)}`);
    rt.activity.drawTarget = { serial: rt.tape.serial(v.id), name: null };
    return null;
  });
  for (const [name, op] of Object.entries(UNARY_OPS)) {
    define(name, (args, kw, site) => {
      noKeywords(name, kw);
      count(name, args, 1, 1);
      const v = args[0];
      const origin = site ? site.origin : -1;
      if (v instanceof NodeRef) return rt.op(op, v.id, -1, origin);
      if (isNum(v)) return rt.op(op, rt.constant(v, origin).id, -1, origin);
      throw typeError(`${name}() takes a Value or a number, not '${typeName(v)}'`);
    });
  }

  installPlotBuiltins(rt);
  for (const [name, cls] of EXCEPTION_CLASSES) rt.builtins.set(name, cls);
  for (const cls of [INT, FLOAT, STR, BOOL, LIST, TUPLE, DICT, SET, FROZENSET, OBJECT]) rt.builtins.set(cls.name, cls);
  rt.builtins.set('NotImplemented', NOT_IMPLEMENTED);
}

/**
 * sum()'s running total, `start + item + item ...` in Python's order. A total of
 * micrograd Values is a chain of add nodes that no program sees between items: it is
 * kept as a node id, and a handle is made for the result only.
 */
export class Sum {
  private chain = -1;
  private readonly site: OpSite;
  constructor(private readonly rt: Runtime, private total: Py, site: CallSite | null) {
    if (typeof total === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
    this.site = siteFor(site);
  }

  add(item: Py): void {
    const rt = this.rt;
    if (this.chain >= 0) {
      if (isValue(rt, item)) {
        this.chain = rt.opNode(Op.Add, this.chain, (item as NodeRef).id, this.site.origin);
        return;
      }
      this.total = new NodeRef(this.chain);
      this.chain = -1;
    }
    const total = this.total;
    if (isValue(rt, total) && isValue(rt, item)) this.chain = rt.opNode(Op.Add, (total as NodeRef).id, (item as NodeRef).id, this.site.origin);
    else this.total = binaryOp(rt, '+', total, item, this.site);
  }

  result(): Py {
    return this.chain >= 0 ? new NodeRef(this.chain) : this.total;
  }
}

/** A micrograd Value (not a short-form number, which adds as Python's numbers do). */
function isValue(rt: Runtime, v: Py): boolean {
  return v instanceof NodeRef && (rt.tape.flags(v.id) & NodeFlag.Plain) === 0;
}

function attrName(v: Py, fn: string): string {
  if (typeof v !== 'string') throw typeError(`${fn}(): attribute name must be string`);
  return v;
}

function classesOf(v: Py, fn: string): PyClass[] {
  if (v instanceof PyClass) return [v];
  if (v instanceof Tuple) return v.items.flatMap((x) => classesOf(x, fn));
  throw typeError(`${fn}() arg 2 must be a type, a tuple of types, or a union`);
}

/**
 * An operator site for a built-in's own arithmetic (sum's `+`): its nodes take the
 * call's origin. Made once per call site: sum runs in every neuron of every step.
 */
function siteFor(site: CallSite | null): OpSite {
  if (site === null) return NO_SITE;
  return site.opSite ??= { range: site.range, origin: site.origin, left: -1, right: -1 };
}

const NO_SITE: OpSite = { range: { start: 0, end: 0 }, origin: -1, left: -1, right: -1 };

/** CPython's hash of an int or a float (modulo 2**61 - 1); other values hash by identity. */
function pythonHash(v: Py): bigint {
  const P = (1n << 61n) - 1n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return hashInt(v);
  if (typeof v === 'number') return hashFloat(v);
  if (typeof v === 'string') {
    let h = 0n;
    for (const ch of v) h = (h * 1000003n + BigInt(ch.codePointAt(0)!)) % P;
    return h;
  }
  throw typeError(`unhashable type: '${typeName(v)}'`);
}
