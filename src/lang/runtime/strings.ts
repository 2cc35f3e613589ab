import { NodeRef } from '../../engine/tape';
import { formatFloat, formatInt, formatStr, percentFormat, strRepr } from '../stdlib/formatSpec';
import { callDunder, NOT_FOUND } from './calls';
import { PyError, typeError, valueError } from './errors';
import { iterate } from './iteration';
import type { NativeMethod } from './methods';
import { Instance, PyDict, Tuple, type Py } from './objects';
import { getItem } from './sequences';
import { keyError, repr, str } from './repr';
import type { Runtime } from './runtime';
import { typeName } from './types';
import { getAttr } from './attributes';
import { plain } from './numbers';

// Text: format() and f-string fields, `%` formatting, str.format and the methods of
// str. The number formatting itself (exact to the last digit, as CPython's) is in
// stdlib/formatSpec.

/** format(v, spec): what an f-string field `{v:spec}` writes. */
export function formatValue(rt: Runtime, v: Py, spec: string): string {
  v = plain(v);
  switch (typeof v) {
    case 'bigint': return formatInt(v, spec);
    case 'number': return formatFloat(v, spec);
    case 'string': return formatStr(v, spec);
    case 'boolean': return spec === '' ? (v ? 'True' : 'False') : formatInt(v ? 1n : 0n, spec, 'bool');
  }
  if (v instanceof Instance) {
    const text = callDunder(rt, v, '__format__', [spec], null);
    if (text !== NOT_FOUND) {
      if (typeof text !== 'string') throw typeError(`__format__ must return a str, not ${typeName(text)}`);
      return text;
    }
  }
  if (spec === '') return str(rt, v);
  const hint = v instanceof NodeRef ? ` (format its number: f'{x.data:${spec}}')` : '';
  throw typeError(`unsupported format string passed to ${typeName(v)}.__format__${hint}`);
}

/** `template % args`, Python's printf-style formatting. */
export function percentFormatValue(rt: Runtime, template: string, args: Py): string {
  return percentFormat(template, percentArgs(args), {
    str: (v) => str(rt, v as Py),
    repr: (v) => repr(rt, v as Py),
    typeName: (v) => typeName(v as Py),
    getItem: (m, key) => getItem(rt, m as Py, key),
  });
}

function percentArgs(args: Py): { kind: 'tuple'; items: Py[] } | { kind: 'mapping'; value: Py } | { kind: 'single'; value: Py } {
  if (args instanceof Tuple) return { kind: 'tuple', items: args.items.map(plain) };
  // CPython counts any object with __getitem__ but a tuple or str as a mapping: a list too.
  if (args instanceof PyDict || Array.isArray(args)) return { kind: 'mapping', value: args };
  return { kind: 'single', value: plain(args) };
}


// ---- str.format ----------------------------------------------------------------------------

/** `'{} and {name:.2f}'.format(a, name=b)`: fields by position, number or name, with attributes and indices. */
function strFormat(rt: Runtime, template: string, args: Py[], kw: Map<string, Py>): string {
  let out = '';
  let auto = 0;
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') { out += '{'; i += 2; continue; }
    if (c === '}' && template[i + 1] === '}') { out += '}'; i += 2; continue; }
    if (c === '}') throw valueError("Single '}' encountered in format string");
    if (c !== '{') { out += c; i++; continue; }
    const end = fieldEnd(template, i);
    const field = template.slice(i + 1, end);
    i = end + 1;
    const colon = topLevelIndex(field, ':');
    const bang = topLevelIndex(field.slice(0, colon < 0 ? field.length : colon), '!');
    const nameEnd = bang >= 0 ? bang : colon >= 0 ? colon : field.length;
    const name = field.slice(0, nameEnd);
    const conversion = bang >= 0 ? field.slice(bang + 1, colon >= 0 ? colon : field.length) : '';
    let spec = colon >= 0 ? field.slice(colon + 1) : '';
    if (spec.includes('{')) spec = strFormat(rt, spec, args, kw);
    let value = fieldValue(rt, name, args, kw, () => auto++);
    if (conversion === 'r') value = repr(rt, value);
    else if (conversion === 's') value = str(rt, value);
    else if (conversion !== '') throw valueError(`Unknown conversion specifier ${conversion}`);
    out += formatValue(rt, value, spec);
  }
  return out;
}

function fieldEnd(template: string, open: number): number {
  let depth = 0;
  for (let j = open; j < template.length; j++) {
    if (template[j] === '{') depth++;
    else if (template[j] === '}' && --depth === 0) return j;
  }
  throw valueError("Single '{' encountered in format string");
}

function topLevelIndex(text: string, ch: string): number {
  let depth = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '[') depth++;
    else if (text[j] === ']') depth--;
    else if (text[j] === ch && depth === 0) return j;
  }
  return -1;
}

function fieldValue(rt: Runtime, name: string, args: Py[], kw: Map<string, Py>, nextAuto: () => number): Py {
  const m = /^([^.[]*)(.*)$/.exec(name)!;
  const head = m[1];
  let value: Py;
  if (head === '') {
    const n = nextAuto();
    if (n >= args.length) throw new PyError('IndexError', `Replacement index ${n} out of range for positional args tuple`);
    value = args[n];
  } else if (/^\d+$/.test(head)) {
    const n = Number(head);
    if (n >= args.length) throw new PyError('IndexError', `Replacement index ${n} out of range for positional args tuple`);
    value = args[n];
  } else {
    const v = kw.get(head);
    if (v === undefined) throw keyError(rt, head);
    value = v;
  }
  for (const part of m[2].matchAll(/\.(\w+)|\[([^\]]*)\]/g)) {
    if (part[1] !== undefined) value = getAttr(rt, value, part[1]);
    else value = getItem(rt, value, /^\d+$/.test(part[2]) ? BigInt(part[2]) : part[2]);
  }
  return value;
}

// ---- str methods --------------------------------------------------------------------------

function text(v: Py, method: string): string {
  if (typeof v !== 'string') throw typeError(`${method}() argument must be str, not ${typeName(v)}`);
  return v;
}

function arity(name: string, args: Py[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw typeError(`${name}() takes ${min === max ? `exactly ${min}` : `at most ${max}`} argument${max === 1 ? '' : 's'} (${args.length} given)`);
  }
}

const WHITESPACE = ' \t\n\r\x0b\x0c';

function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  let start = 0, end = s.length;
  if (left) while (start < end && chars.includes(s[start])) start++;
  if (right) while (end > start && chars.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

function split(s: string, sep: Py | undefined, maxsplit: number): string[] {
  if (sep === undefined || sep === null) {
    const words: string[] = [];
    let rest = s.replace(/^[\s]+/, '');
    while (rest !== '') {
      if (maxsplit >= 0 && words.length === maxsplit) { words.push(rest.replace(/\s+$/, '')); break; }
      const m = /\s+/.exec(rest);
      if (m === null) { words.push(rest); break; }
      words.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return words;
  }
  const by = text(sep, 'split');
  if (by === '') throw valueError('empty separator');
  const parts = s.split(by);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(by)];
}

function intOf(v: Py | undefined, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function pad(s: string, width: Py, fill: Py | undefined, side: 'left' | 'right' | 'center'): string {
  const w = intOf(width, 0);
  const f = fill === undefined ? ' ' : text(fill, 'pad');
  if (f.length !== 1) throw typeError('The fill character must be exactly one character long');
  const total = w - s.length;
  if (total <= 0) return s;
  if (side === 'left') return s + f.repeat(total);
  if (side === 'right') return f.repeat(total) + s;
  const leftPad = Math.floor(total / 2) + (total & w & 1);
  return f.repeat(leftPad) + s + f.repeat(total - leftPad);
}

const STR_METHODS: Record<string, NativeMethod> = {
  format: (rt, self, args, kw) => {
    const named = new Map<string, Py>();
    if (kw) kw.names.forEach((n, i) => named.set(n, kw.values[i]));
    return strFormat(rt, self as string, args, named);
  },
  join: (rt, self, args) => {
    arity('join', args, 1, 1);
    const parts: string[] = [];
    iterate(rt, args[0], (v) => {
      if (typeof v !== 'string') throw typeError(`sequence item ${parts.length}: expected str instance, ${typeName(v)} found`);
      parts.push(v);
    });
    return parts.join(self as string);
  },
  split: (_rt, self, args, kw) => {
    const sep = args[0] ?? kw?.values[kw.names.indexOf('sep')];
    const max = args[1] ?? (kw && kw.names.includes('maxsplit') ? kw.values[kw.names.indexOf('maxsplit')] : undefined);
    return split(self as string, sep, intOf(max, -1));
  },
  splitlines: (_rt, self) => (self as string).split(/\r\n|\r|\n/).filter((l, i, all) => i < all.length - 1 || l !== ''),
  strip: (_rt, self, args) => stripChars(self as string, args[0] == null ? WHITESPACE : text(args[0], 'strip'), true, true),
  lstrip: (_rt, self, args) => stripChars(self as string, args[0] == null ? WHITESPACE : text(args[0], 'lstrip'), true, false),
  rstrip: (_rt, self, args) => stripChars(self as string, args[0] == null ? WHITESPACE : text(args[0], 'rstrip'), false, true),
  upper: (_rt, self) => (self as string).toUpperCase(),
  lower: (_rt, self) => (self as string).toLowerCase(),
  title: (_rt, self) => (self as string).toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (_rt, self) => { const s = self as string; return s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase(); },
  startswith: (_rt, self, args) => affix(self as string, args, (s, p) => s.startsWith(p)),
  endswith: (_rt, self, args) => affix(self as string, args, (s, p) => s.endsWith(p)),
  replace: (_rt, self, args) => {
    arity('replace', args, 2, 3);
    const count = intOf(args[2], -1);
    const [from, to] = [text(args[0], 'replace'), text(args[1], 'replace')];
    if (count < 0) return (self as string).split(from).join(to);
    const parts = (self as string).split(from);
    return parts.slice(0, count + 1).join(to) + (parts.length > count + 1 ? from + parts.slice(count + 1).join(from) : '');
  },
  find: (_rt, self, args) => BigInt((self as string).indexOf(text(args[0], 'find'))),
  rfind: (_rt, self, args) => BigInt((self as string).lastIndexOf(text(args[0], 'rfind'))),
  index: (_rt, self, args) => {
    const i = (self as string).indexOf(text(args[0], 'index'));
    if (i < 0) throw valueError('substring not found');
    return BigInt(i);
  },
  count: (_rt, self, args) => {
    const sub = text(args[0], 'count');
    return BigInt(sub === '' ? (self as string).length + 1 : (self as string).split(sub).length - 1);
  },
  isdigit: (_rt, self) => /^\d+$/.test(self as string),
  isalpha: (_rt, self) => /^\p{L}+$/u.test(self as string),
  isalnum: (_rt, self) => /^[\p{L}\p{N}]+$/u.test(self as string),
  isspace: (_rt, self) => /^\s+$/.test(self as string),
  isupper: (_rt, self) => { const s = self as string; return s !== s.toLowerCase() && s === s.toUpperCase(); },
  islower: (_rt, self) => { const s = self as string; return s !== s.toUpperCase() && s === s.toLowerCase(); },
  center: (_rt, self, args) => pad(self as string, args[0], args[1], 'center'),
  ljust: (_rt, self, args) => pad(self as string, args[0], args[1], 'left'),
  rjust: (_rt, self, args) => pad(self as string, args[0], args[1], 'right'),
  zfill: (_rt, self, args) => {
    const s = self as string, w = intOf(args[0], 0);
    const sign = s.startsWith('-') || s.startsWith('+') ? s[0] : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  partition: (_rt, self, args) => {
    const s = self as string, sep = text(args[0], 'partition');
    const i = s.indexOf(sep);
    return new Tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
};

function affix(s: string, args: Py[], test: (s: string, p: string) => boolean): boolean {
  const p = args[0];
  if (p instanceof Tuple) return p.items.some((x) => test(s, text(x, 'startswith')));
  return test(s, text(p, 'startswith'));
}

export function strMethod(name: string): NativeMethod | undefined {
  return Object.hasOwn(STR_METHODS, name) ? STR_METHODS[name] : undefined;
}

export function strMethodNames(): string[] {
  return Object.keys(STR_METHODS);
}

/** float(x) for a str, as Python parses one. */
export function parseFloat(s: string): number {
  const t = s.trim().replace(/_/g, '');
  const m = /^[+-]?(inf(inity)?|nan)$/i.exec(t);
  if (m) return t.toLowerCase().includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw valueError(`could not convert string to float: ${strRepr(s)}`);
  return Number(t);
}
