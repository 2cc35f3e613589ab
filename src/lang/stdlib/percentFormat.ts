/**
 * Python's `str % args` (printf-style formatting), ported from CPython 3.11's
 * PyUnicode_Format so argument counting, flags and errors behave the same, quirks
 * included: `'%s' % [1]` formats the list, `'abc' % []` is 'abc' (a list or dict is a
 * mapping, so leftover arguments are not an error), `'%y' % ()` complains about the
 * missing argument before the bad character.
 *
 * Python ints are bigint, floats number, bools boolean and strs string here; anything
 * else is the caller's object, reached through FormatHooks.
 */
import { pythonFloat } from '../format';
import { INT_MAX, MAX_STRING_LENGTH, PY_SSIZE_T_MAX } from './limits';
import { PyError } from '../runtime/errors';
import { doubleToString, type DoubleCode } from './dtoa';
import { asciiEscape, strRepr } from './strRepr';
import { codePointLength, codePointSlice } from './unicode';

/**
 * The right operand of `%`: a tuple's items; a mapping (a dict, list, or any object
 * with __getitem__ other than a tuple or str: PyMapping_Check), which `%(key)s` indexes
 * and a plain `%s` formats whole; or any other single value.
 */
export type PercentArgs =
  | { kind: 'tuple'; items: readonly unknown[] }
  | { kind: 'mapping'; value: unknown }
  | { kind: 'single'; value: unknown };

/** An object's numeric dunders, called only when a conversion needs them. */
export interface NumberSlots {
  index?(): bigint;
  int?(): bigint;
  float?(): number;
}

/** What percentFormat needs from the interpreter for values that are not int, float, bool or str. */
export interface FormatHooks {
  str(v: unknown): string;
  repr(v: unknown): string;
  /** type(v).__name__, for error messages. */
  typeName(v: unknown): string;
  /** mapping[key] for `%(key)s`; raises Python's KeyError/TypeError itself. */
  getItem(mapping: unknown, key: string): unknown;
  /**
   * Which of __index__, __int__, __float__ the object defines; undefined when none
   * (PyNumber_Check is false, e.g. micrograd's Value).
   */
  numberSlots?(v: unknown): NumberSlots | undefined;
}

const F_LJUST = 1;
const F_SIGN = 2;
const F_BLANK = 4;
const F_ALT = 8;
const F_ZERO = 16;

function typeOf(v: unknown, hooks: FormatHooks): string {
  switch (typeof v) {
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'boolean': return 'bool';
    case 'string': return 'str';
  }
  return hooks.typeName(v);
}

function slotsOf(v: unknown, hooks: FormatHooks): NumberSlots | undefined {
  return hooks.numberSlots?.(v);
}

/** PyNumber_Long for %d: floats truncate; null when v is no number (a TypeError in CPython). */
function toInteger(v: unknown, hooks: FormatHooks, indexOnly: boolean): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (indexOnly) return null;
    if (Number.isNaN(v)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') return null;
  const slots = slotsOf(v, hooks);
  if (!slots) return null;
  if (!indexOnly && slots.int) return slots.int();
  return slots.index ? slots.index() : null;
}

/** PyFloat_AsDouble. */
function toFloat(v: unknown, hooks: FormatHooks): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  let i: bigint | null = typeof v === 'bigint' ? v : null;
  if (i === null && typeof v !== 'string') {
    const slots = slotsOf(v, hooks);
    if (slots?.float) return slots.float();
    if (slots?.index) i = slots.index();
  }
  if (i === null) throw new PyError('TypeError', `must be real number, not ${typeOf(v, hooks)}`);
  const x = Number(i);
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'int too large to convert to float');
  return x;
}

/** formatchar: a one-character str or an int code point. */
function toChar(v: unknown, hooks: FormatHooks): string {
  const bad = () => new PyError('TypeError', '%c requires int or char');
  if (typeof v === 'string') {
    if (codePointLength(v) !== 1) throw bad();
    return v;
  }
  let code: bigint | null = null;
  if (typeof v === 'bigint') code = v;
  else if (typeof v === 'boolean') code = v ? 1n : 0n;
  else if (typeof v !== 'number') code = slotsOf(v, hooks)?.index?.() ?? null;
  if (code === null) throw bad();
  if (code < 0n || code > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
  return String.fromCodePoint(Number(code));
}

function strOf(v: unknown, hooks: FormatHooks): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return pythonFloat(v);
    case 'boolean': return v ? 'True' : 'False';
  }
  return hooks.str(v);
}

function reprOf(v: unknown, hooks: FormatHooks): string {
  if (typeof v === 'string') return strRepr(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return strOf(v, hooks);
  return hooks.repr(v);
}

/** _PyUnicode_FormatLong: digits in the base, at least `prec` of them, `0x`/`0o` only with `#`. */
function formatLong(x: bigint, alt: boolean, prec: number, type: string): string {
  const base = type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
  let digits = (x < 0n ? -x : x).toString(base);
  if (prec > digits.length) digits = '0'.repeat(prec - digits.length) + digits;
  let prefix = alt && base !== 10 ? `0${type === 'o' ? 'o' : 'x'}` : '';
  if (type === 'X') {
    digits = digits.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  return (x < 0n ? '-' : '') + prefix + digits;
}

interface Arg {
  ch: string;
  flags: number;
  width: number;
  prec: number;
  sign: boolean;
}

/**
 * `template % args`. Throws PyError as CPython would: TypeError for wrong argument
 * counts and types, ValueError for a malformed template.
 */
export function percentFormat(template: string, args: PercentArgs, hooks: FormatHooks): string {
  const fmt = Array.from(template);
  const out: string[] = [];
  // CPython's bookkeeping: with no tuple, arglen -1 and argidx -2 means "one argument, args itself".
  let current: unknown = args.kind === 'tuple' ? undefined : args.value;
  let items: readonly unknown[] | null = args.kind === 'tuple' ? args.items : null;
  let arglen = items ? items.length : -1;
  let argidx = items ? 0 : -2;
  const dict = args.kind === 'mapping' ? args.value : undefined;
  const hasDict = args.kind === 'mapping';
  let pos = 0;
  let count = fmt.length;

  const nextArg = (): unknown => {
    if (argidx < arglen) {
      const i = argidx++;
      return arglen < 0 ? current : (items as readonly unknown[])[i];
    }
    throw new PyError('TypeError', 'not enough arguments for format string');
  };
  const read = () => fmt[pos] ?? '\0';
  const starArg = (): bigint => {
    const v = nextArg();
    if (typeof v !== 'bigint' && typeof v !== 'boolean') throw new PyError('TypeError', '* wants int');
    return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
  };

  const parse = (arg: Arg): void => {
    if (read() === '(') {
      if (!hasDict) throw new PyError('TypeError', 'format requires a mapping');
      pos++;
      count--;
      const keyStart = pos;
      let depth = 1;
      while (depth > 0 && --count >= 0) {
        arg.ch = read();
        if (arg.ch === ')') depth--;
        else if (arg.ch === '(') depth++;
        pos++;
      }
      if (count < 0 || depth > 0) throw new PyError('ValueError', 'incomplete format key');
      const key = fmt.slice(keyStart, pos - 1).join('');
      current = hooks.getItem(dict, key);
      items = null;
      arglen = -1;
      argidx = -2;
    }
    while (--count >= 0) {
      arg.ch = read();
      pos++;
      const flag = arg.ch === '-' ? F_LJUST : arg.ch === '+' ? F_SIGN : arg.ch === ' ' ? F_BLANK
        : arg.ch === '#' ? F_ALT : arg.ch === '0' ? F_ZERO : 0;
      if (flag === 0) break;
      arg.flags |= flag;
    }
    if (arg.ch === '*') {
      let width = starArg();
      if (width > PY_SSIZE_T_MAX || width < -PY_SSIZE_T_MAX - 1n) {
        throw new PyError('OverflowError', 'Python int too large to convert to C ssize_t');
      }
      if (width < 0n) {
        arg.flags |= F_LJUST;
        width = -width;
      }
      arg.width = Number(width);
      if (--count >= 0) arg.ch = fmt[pos++];
    } else if (arg.ch >= '0' && arg.ch <= '9') {
      let width = BigInt(arg.ch);
      while (--count >= 0) {
        arg.ch = fmt[pos++];
        if (!(arg.ch >= '0' && arg.ch <= '9')) break;
        width = width * 10n + BigInt(arg.ch);
        if (width > PY_SSIZE_T_MAX) throw new PyError('ValueError', 'width too big');
      }
      arg.width = Number(width);
    }
    if (arg.ch === '.') {
      arg.prec = 0;
      if (--count >= 0) arg.ch = fmt[pos++];
      if (arg.ch === '*') {
        const prec = starArg();
        if (prec > BigInt(INT_MAX) || prec < -BigInt(INT_MAX) - 1n) {
          throw new PyError('OverflowError', 'Python int too large to convert to C int');
        }
        arg.prec = prec < 0n ? 0 : Number(prec);
        if (--count >= 0) arg.ch = fmt[pos++];
      } else if (arg.ch >= '0' && arg.ch <= '9') {
        arg.prec = Number(arg.ch);
        while (--count >= 0) {
          arg.ch = fmt[pos++];
          if (!(arg.ch >= '0' && arg.ch <= '9')) break;
          arg.prec = arg.prec * 10 + Number(arg.ch);
          if (arg.prec > INT_MAX) throw new PyError('ValueError', 'precision too big');
        }
      }
    }
    // C's length modifiers mean nothing in Python: skipped.
    if (count >= 0 && (arg.ch === 'h' || arg.ch === 'l' || arg.ch === 'L')) {
      if (--count >= 0) arg.ch = fmt[pos++];
    }
    if (count < 0) throw new PyError('ValueError', 'incomplete format');
  };

  /** The converted text. */
  const convert = (arg: Arg): string => {
    const v = nextArg();
    switch (arg.ch) {
      case 's': return strOf(v, hooks);
      case 'r': return reprOf(v, hooks);
      case 'a': return asciiEscape(reprOf(v, hooks));
      case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
        const wantIndex = arg.ch === 'o' || arg.ch === 'x' || arg.ch === 'X';
        const x = toInteger(v, hooks, wantIndex);
        if (x === null) {
          const need = wantIndex ? 'an integer' : 'a real number';
          throw new PyError('TypeError', `%${arg.ch} format: ${need} is required, not ${typeOf(v, hooks)}`);
        }
        if (arg.prec > INT_MAX - 3) throw new PyError('OverflowError', 'precision too large');
        arg.sign = true;
        return formatLong(x, (arg.flags & F_ALT) !== 0, arg.prec, arg.ch);
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        const x = toFloat(v, hooks);
        arg.sign = true;
        return doubleToString(x, arg.ch as DoubleCode, arg.prec < 0 ? 6 : arg.prec, { alt: (arg.flags & F_ALT) !== 0 });
      }
      case 'c': return toChar(v, hooks);
    }
    const cp = arg.ch.codePointAt(0) as number;
    const shown = cp >= 31 && cp <= 126 ? arg.ch : '?';
    throw new PyError('ValueError', `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${pos - 1}`);
  };

  while (--count >= 0) {
    if (fmt[pos] !== '%') {
      const start = pos++;
      while (count >= 0 && pos < fmt.length && fmt[pos] !== '%') {
        pos++;
        count--;
      }
      if (count < 0) pos = fmt.length;
      out.push(fmt.slice(start, pos).join(''));
      continue;
    }
    pos++;
    if (read() === '%') {
      pos++;
      out.push('%');
      count--;
      continue;
    }
    const arg: Arg = { ch: read(), flags: 0, width: -1, prec: -1, sign: false };
    parse(arg);
    out.push(output(arg, convert(arg)));
    if (hasDict && argidx < arglen) {
      throw new PyError('TypeError', 'not all arguments converted during string formatting');
    }
  }
  if (argidx < arglen && !hasDict) {
    throw new PyError('TypeError', 'not all arguments converted during string formatting');
  }
  return out.join('');
}

/** unicode_format_arg_output: truncation, sign, `0x` prefix and padding of one conversion. */
function output(arg: Arg, str: string): string {
  const fill = arg.sign && (arg.flags & F_ZERO) !== 0 ? '0' : ' ';
  let len = codePointLength(str);
  if ((arg.width === -1 || arg.width <= len) && (arg.prec === -1 || arg.prec >= len)
    && (arg.flags & (F_SIGN | F_BLANK)) === 0) {
    return str;
  }
  if ((arg.ch === 's' || arg.ch === 'r' || arg.ch === 'a') && arg.prec >= 0 && len > arg.prec) {
    str = codePointSlice(str, arg.prec);
    len = arg.prec;
  }
  let index = 0;
  let signChar = '';
  let sign = arg.sign;
  if (sign) {
    if (str[0] === '-' || str[0] === '+') {
      signChar = str[0];
      len--;
      index++;
    } else if (arg.flags & F_SIGN) signChar = '+';
    else if (arg.flags & F_BLANK) signChar = ' ';
    else sign = false;
  }
  let width = Math.max(arg.width, len);
  if (width > MAX_STRING_LENGTH) throw new PyError('MemoryError', '');
  let text = '';
  if (sign) {
    if (fill !== ' ') text += signChar;
    if (width > len) width--;
  }
  const prefixed = (arg.flags & F_ALT) !== 0 && (arg.ch === 'x' || arg.ch === 'X' || arg.ch === 'o');
  if (prefixed) {
    if (fill !== ' ') {
      text += str.slice(index, index + 2);
      index += 2;
    }
    width = Math.max(0, width - 2);
    len -= 2;
  }
  if (width > len && (arg.flags & F_LJUST) === 0) {
    text += fill.repeat(width - len);
    width = len;
  }
  if (fill === ' ') {
    if (sign) text += signChar;
    if (prefixed) {
      text += str.slice(index, index + 2);
      index += 2;
    }
  }
  // Code points past index: the sign and prefix are ASCII, so a UTF-16 slice is safe.
  text += str.slice(index);
  if (width > len) text += ' '.repeat(width - len);
  return text;
}
