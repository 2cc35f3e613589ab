import { NodeFlag, NodeRef } from '../engine/tape';
import { pythonFloat } from './format';
import { strRepr } from './stdlib/formatSpec';
import { Instance, PyClass, PyDict, PyFunction, PyModule, PySet, Range, Tuple, type Py } from './runtime/objects';
import type { Runtime } from './runtime/runtime';
import { typeName } from './runtime/types';

// A short, safe description of any value for hovers and inline values: what it is and
// its first few items or fields. Unlike repr() it never runs the program's code (a
// __repr__ could fail or loop) and never grows long.

const MAX_TEXT = 80;
const MAX_ITEMS = 4;

export function describeValue(rt: Runtime, v: Py): string {
  const text = describe(rt, v, 0);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function describe(rt: Runtime, v: Py, depth: number): string {
  switch (typeof v) {
    case 'number': return pythonFloat(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'True' : 'False';
    case 'string': return strRepr(v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v);
  }
  if (v === null) return 'None';
  if (v instanceof NodeRef) return valueText(rt, v);
  if (depth > 1) return `${typeName(v)}(…)`;
  if (Array.isArray(v)) return sequence(rt, v, '[', ']', depth, 'list');
  if (v instanceof Tuple) return sequence(rt, v.items, '(', ')', depth, 'tuple');
  if (v instanceof PyDict) {
    const entries = [...v.entries.values()].slice(0, MAX_ITEMS).map(([k, x]) => `${describe(rt, k, depth + 1)}: ${describe(rt, x, depth + 1)}`);
    return `dict of ${v.entries.size}: {${entries.join(', ')}${v.entries.size > MAX_ITEMS ? ', …' : ''}}`;
  }
  if (v instanceof PySet) return `set of ${v.entries.size}`;
  if (v instanceof Range) return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof Instance) {
    const fields = [...v.dict.entries()].slice(0, MAX_ITEMS).map(([k, x]) => `${k}=${describe(rt, x, depth + 1)}`);
    return `${v.cls.name}(${fields.join(', ')}${v.dict.size > MAX_ITEMS ? ', …' : ''})`;
  }
  if (v instanceof PyFunction) return `function ${v.code.qualname}`;
  if (v instanceof PyClass) return `class ${v.name}`;
  if (v instanceof PyModule) return `module ${v.name}`;
  return typeName(v);
}

function sequence(rt: Runtime, items: readonly Py[], open: string, close: string, depth: number, kind: string): string {
  const shown = items.slice(0, MAX_ITEMS).map((x) => describe(rt, x, depth + 1));
  const more = items.length > MAX_ITEMS ? ', …' : '';
  const body = `${open}${shown.join(', ')}${more}${close}`;
  return items.length > MAX_ITEMS || depth === 0 ? `${kind} of ${items.length}: ${body}` : body;
}

/** A Value in a container: its data, as the graph shows it. */
function valueText(rt: Runtime, v: NodeRef): string {
  if (v.id < 0) return 'Value(…)';
  const data = rt.tape.data(v.id);
  const isInt = (rt.tape.flags(v.id) & NodeFlag.DataInt) !== 0;
  return `Value(${isInt ? data.toString() : pythonFloat(data)})`;
}
