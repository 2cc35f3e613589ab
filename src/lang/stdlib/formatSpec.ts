/**
 * Python 3.11's format-spec mini-language (format(), f-string `{x:...}`, str.format) for
 * int, float and str, ported from CPython's Python/formatter_unicode.c so the corner
 * cases come out the same: `format(1234, '08,')` is '0,001,234', `format(1.0, '#')` is
 * '1.0', errors carry CPython's messages. Widths and precisions count code points.
 */
import { pythonFloat } from '../format';
import { INT_MAX, MAX_STRING_LENGTH, PY_SSIZE_T_MAX } from './limits';
import { PyError } from '../runtime/errors';
import { doubleToString, type DoubleCode } from './dtoa';
import { codePointLength, codePointSlice, decimalValue } from './unicode';

export { doubleToString, pyRound, pyRoundTo, roundInt } from './dtoa';
export { percentFormat, type FormatHooks, type NumberSlots, type PercentArgs } from './percentFormat';
export { asciiEscape, strRepr } from './strRepr';

type Grouping = '' | ',' | '_';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  noNeg0: boolean;
  alt: boolean;
  /** -1 when not given. */
  width: number;
  grouping: Grouping;
  /** -1 when not given. */
  precision: number;
  type: string;
}

const GROUPED_TYPES = new Set(['d', 'e', 'f', 'g', 'E', 'G', '%', 'F', '']);
const BASE_TYPES = new Set(['b', 'o', 'x', 'X']);
const FLOAT_TYPES = new Set(['e', 'E', 'f', 'F', 'g', 'G', 'n', '%', '']);
const INT_TYPES = new Set(['b', 'c', 'd', 'o', 'x', 'X', 'n']);
const INT_AS_FLOAT_TYPES = new Set(['e', 'E', 'f', 'F', 'g', 'G', '%']);

/** A format code in a message: itself when printable ASCII, else `\x` and its hex. */
function codeText(type: string): string {
  const cp = type.codePointAt(0) as number;
  return cp > 32 && cp < 128 ? type : `\\x${cp.toString(16)}`;
}

function unknownCode(type: string, typeName: string): PyError {
  return new PyError('ValueError', `Unknown format code '${codeText(type)}' for object of type '${typeName}'`);
}

/** get_integer: a run of decimal digits (any script's) from pos, or null when none. */
function readInteger(cps: string[], pos: number): { value: number; end: number } | null {
  let end = pos;
  let text = '';
  for (; end < cps.length; end++) {
    const d = decimalValue(cps[end].codePointAt(0) as number);
    if (d < 0) break;
    text += d;
  }
  if (end === pos) return null;
  if (text.length > 18 && BigInt(text) > PY_SSIZE_T_MAX) {
    throw new PyError('ValueError', 'Too many decimal digits in format string');
  }
  return { value: Number(text), end };
}

/** parse_internal_render_format_spec, including its checks that need no knowledge of the value. */
function parseSpec(spec: string, typeName: string, defaultType: string, defaultAlign: string): Spec {
  const cps = Array.from(spec);
  const isAlign = (c: string | undefined) => c === '<' || c === '>' || c === '=' || c === '^';
  const f: Spec = {
    fill: ' ', align: defaultAlign, sign: '', noNeg0: false, alt: false,
    width: -1, grouping: '', precision: -1, type: defaultType,
  };
  let pos = 0;
  let fillGiven = false;
  let alignGiven = false;
  if (cps.length >= 2 && isAlign(cps[1])) {
    f.fill = cps[0];
    f.align = cps[1];
    fillGiven = alignGiven = true;
    pos = 2;
  } else if (isAlign(cps[0])) {
    f.align = cps[0];
    alignGiven = true;
    pos = 1;
  }
  if (cps[pos] === '+' || cps[pos] === '-' || cps[pos] === ' ') f.sign = cps[pos++];
  if (cps[pos] === 'z') {
    f.noNeg0 = true;
    pos++;
  }
  if (cps[pos] === '#') {
    f.alt = true;
    pos++;
  }
  // A leading 0 means zero padding between sign and digits, unless a fill was given.
  if (!fillGiven && cps[pos] === '0') {
    f.fill = '0';
    if (!alignGiven && defaultAlign === '>') f.align = '=';
    pos++;
  }
  const width = readInteger(cps, pos);
  if (width) {
    f.width = width.value;
    pos = width.end;
  }
  if (cps[pos] === ',') {
    f.grouping = ',';
    pos++;
  }
  if (cps[pos] === '_') {
    if (f.grouping !== '') throw new PyError('ValueError', "Cannot specify both ',' and '_'.");
    f.grouping = '_';
    pos++;
  }
  if (cps[pos] === ',' && f.grouping === '_') throw new PyError('ValueError', "Cannot specify both ',' and '_'.");
  if (cps[pos] === '.') {
    const precision = readInteger(cps, pos + 1);
    if (!precision) throw new PyError('ValueError', 'Format specifier missing precision');
    f.precision = precision.value;
    pos = precision.end;
  }
  if (cps.length - pos > 1) {
    throw new PyError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  if (cps.length - pos === 1) f.type = cps[pos];
  if (f.grouping !== '' && !GROUPED_TYPES.has(f.type)) {
    // PEP 515: '_' also groups binary, octal and hex digits, in fours.
    if (!(f.grouping === '_' && BASE_TYPES.has(f.type))) {
      throw new PyError('ValueError', `Cannot specify '${f.grouping}' with '${codeText(f.type)}'.`);
    }
  }
  return f;
}

/**
 * _PyUnicode_InsertThousandsGrouping: digits with a separator every `size` (0: none),
 * and with '=' zero padding, leading zeros (grouped too) up to minWidth.
 */
function groupDigits(digits: string, minWidth: number, size: number, sep: string): string {
  minWidth = Math.max(0, minWidth);
  const groups: string[] = [];
  let remaining = digits.length;
  const take = (len: number) => {
    const zeros = Math.max(0, len - remaining);
    const chars = Math.max(0, Math.min(remaining, len));
    groups.push('0'.repeat(zeros) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
  };
  if (size > 0) {
    for (;;) {
      const len = Math.min(size, Math.max(remaining, minWidth, 1));
      take(len);
      minWidth -= len;
      if (remaining <= 0 && minWidth <= 0) return groups.reverse().join(sep);
      minWidth -= sep.length;
    }
  }
  take(Math.max(remaining, minWidth, 1));
  return groups.reverse().join(sep);
}

function repeatFill(fill: string, n: number): string {
  return n > 0 ? fill.repeat(n) : '';
}

/**
 * calc_number_widths and fill_number: `[lpad][sign][prefix][spad][digits][.][rest][rpad]`,
 * where only one padding is non-empty and '0'-fill with '=' pads inside the digits.
 */
function layoutNumber(
  f: Spec, negative: boolean, prefix: string, digits: string, hasDecimal: boolean, rest: string,
  groupSize: number, sep: string,
): string {
  let sign = '';
  if (f.sign === '+') sign = negative ? '-' : '+';
  else if (f.sign === ' ') sign = negative ? '-' : ' ';
  else if (negative) sign = '-';
  const nonDigits = sign.length + prefix.length + (hasDecimal ? 1 : 0) + codePointLength(rest);
  const minWidth = f.fill === '0' && f.align === '=' ? f.width - nonDigits : 0;
  if (f.width > MAX_STRING_LENGTH) throw new PyError('MemoryError', '');
  const grouped = digits.length === 0 ? '' : groupDigits(digits, minWidth, groupSize, sep);
  const padding = f.width - (nonDigits + grouped.length);
  let left = 0;
  let inner = 0;
  let right = 0;
  if (padding > 0) {
    if (f.align === '<') right = padding;
    else if (f.align === '^') {
      left = Math.floor(padding / 2);
      right = padding - left;
    } else if (f.align === '=') inner = padding;
    else left = padding;
  }
  return repeatFill(f.fill, left) + sign + prefix + repeatFill(f.fill, inner) + grouped
    + (hasDecimal ? '.' : '') + rest + repeatFill(f.fill, right);
}

function groupingFor(f: Spec, fourForBases: boolean): [number, string] {
  // 'n' uses the locale's grouping; Python never sets LC_NUMERIC, so it is C's: none.
  if (f.type === 'n' || f.grouping === '') return [0, ''];
  if (f.grouping === '_') return [fourForBases ? 4 : 3, '_'];
  return [3, ','];
}

/** format_float_internal, for a float or an int formatted with a float code. */
function formatFloatWith(x: number, f: Spec): string {
  if (f.precision > INT_MAX) throw new PyError('ValueError', 'precision too big');
  let type = f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  let percent = false;
  if (type === '') {
    // No type: repr's digits when no precision is given, else 'g' that keeps a '.0'.
    addDot0 = true;
    type = 'r';
    defaultPrecision = 0;
  }
  if (type === 'n') type = 'g';
  if (type === '%') {
    type = 'f';
    x *= 100;
    percent = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  let text = doubleToString(x, type as DoubleCode, precision, { alt: f.alt, noNeg0: f.noNeg0, addDot0 });
  if (percent) text += '%';
  if (f.sign !== '+' && f.sign !== ' ' && f.width === -1 && f.type !== 'n' && f.grouping === '') return text;

  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  let lead = 0;
  while (lead < text.length && text.charCodeAt(lead) >= 48 && text.charCodeAt(lead) <= 57) lead++;
  const hasDecimal = text[lead] === '.';
  const [size, sep] = groupingFor(f, false);
  return layoutNumber(f, negative, '', text.slice(0, lead), hasDecimal, text.slice(lead + (hasDecimal ? 1 : 0)), size, sep);
}

/** format(x, spec) for a float. */
export function formatFloat(x: number, spec: string, typeName = 'float'): string {
  if (spec === '') return pythonFloat(x);
  const f = parseSpec(spec, typeName, '', '>');
  if (!FLOAT_TYPES.has(f.type)) throw unknownCode(f.type, typeName);
  return formatFloatWith(x, f);
}

/** PyLong_AsDouble, for an int formatted as a float. */
export function intToFloat(x: bigint): number {
  const value = Number(x);
  if (!Number.isFinite(value)) throw new PyError('OverflowError', 'int too large to convert to float');
  return value;
}

const C_LONG_MIN = -(2n ** 63n);
const C_LONG_MAX = 2n ** 63n - 1n;

/** format_long_internal. */
function formatIntWith(x: bigint, f: Spec): string {
  if (f.precision !== -1) throw new PyError('ValueError', 'Precision not allowed in integer format specifier');
  if (f.noNeg0) throw new PyError('ValueError', 'Negative zero coercion (z) not allowed in integer format specifier');
  if (f.type === 'c') {
    if (f.sign !== '') throw new PyError('ValueError', "Sign not allowed with integer format specifier 'c'");
    if (f.alt) throw new PyError('ValueError', "Alternate form (#) not allowed with integer format specifier 'c'");
    if (x < C_LONG_MIN || x > C_LONG_MAX) throw new PyError('OverflowError', 'Python int too large to convert to C long');
    if (x < 0n || x > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    // The character is "rest", never digits, so '=' and grouping leave it alone.
    return layoutNumber(f, false, '', '', false, String.fromCodePoint(Number(x)), 0, '');
  }
  const base = f.type === 'b' ? 2 : f.type === 'o' ? 8 : f.type === 'x' || f.type === 'X' ? 16 : 10;
  const negative = x < 0n;
  let digits = (negative ? -x : x).toString(base);
  let prefix = '';
  if (f.alt && base !== 10) prefix = `0${f.type === 'b' ? 'b' : f.type === 'o' ? 'o' : 'x'}`;
  if (f.type === 'X') {
    digits = digits.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  if (f.sign !== '+' && f.sign !== ' ' && f.width === -1 && f.grouping === '') {
    return (negative ? '-' : '') + prefix + digits;
  }
  const [size, sep] = groupingFor(f, base !== 10);
  return layoutNumber(f, negative, prefix, digits, false, '', size, sep);
}

/** format(x, spec) for an int; a bool too (typeName 'bool') when spec is not empty. */
export function formatInt(x: bigint, spec: string, typeName = 'int'): string {
  if (spec === '') return x.toString();
  const f = parseSpec(spec, typeName, 'd', '>');
  if (INT_TYPES.has(f.type)) return formatIntWith(x, f);
  if (INT_AS_FLOAT_TYPES.has(f.type)) return formatFloatWith(intToFloat(x), f);
  throw unknownCode(f.type, typeName);
}

/** format(s, spec) for a str: alignment, fill, width and truncation to the precision. */
export function formatStr(s: string, spec: string, typeName = 'str'): string {
  if (spec === '') return s;
  const f = parseSpec(spec, typeName, 's', '<');
  if (f.type !== 's') throw unknownCode(f.type, typeName);
  if (f.sign === ' ') throw new PyError('ValueError', 'Space not allowed in string format specifier');
  if (f.sign !== '') throw new PyError('ValueError', 'Sign not allowed in string format specifier');
  if (f.noNeg0) throw new PyError('ValueError', 'Negative zero coercion (z) not allowed in string format specifier');
  if (f.alt) throw new PyError('ValueError', 'Alternate form (#) not allowed in string format specifier');
  if (f.align === '=') throw new PyError('ValueError', "'=' alignment not allowed in string format specifier");
  let length = codePointLength(s);
  if (f.precision >= 0 && length > f.precision) {
    s = codePointSlice(s, f.precision);
    length = f.precision;
  }
  if (f.width <= length) return s;
  if (f.width > MAX_STRING_LENGTH) throw new PyError('MemoryError', '');
  const padding = f.width - length;
  const left = f.align === '>' ? padding : f.align === '^' ? Math.floor(padding / 2) : 0;
  return repeatFill(f.fill, left) + s + repeatFill(f.fill, padding - left);
}
