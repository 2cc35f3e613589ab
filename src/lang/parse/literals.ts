import { KEYWORDS_AFTER_NUMBER } from './vocabulary';

// Number and string literals, read as Python 3.11's tokenizer reads them, with its error
// messages. Each function works on offsets into the whole text and never throws.

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** A character that could continue a name (Python's is_potential_identifier_char). */
function isIdentChar(c: number): boolean {
  return isAsciiIdentStart(c) || isDigit(c) || c >= 128;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export interface NumberScan {
  /** End of the literal; for an invalid one, of the whole run of letters and digits around the mistake. */
  end: number;
  /** Why it is invalid, in Python's words. */
  error?: string;
}

const UNSUPPORTED_COMPLEX = (text: string) =>
  `complex numbers ('${text}') are not supported: GradLens computes with real numbers`;

/** Reads the number starting at `start` (a digit, or a '.' before a digit). */
export function scanNumber(text: string, start: number, end: number): NumberScan {
  return new NumberScanner(text, start, end).scan();
}

class NumberScanner {
  private pos: number;

  constructor(private readonly text: string, private readonly start: number, private readonly end: number) {
    this.pos = start;
  }

  private at(offset: number): number {
    return offset < this.end ? this.text.charCodeAt(offset) : -1;
  }

  scan(): NumberScan {
    const c = this.at(this.pos);
    if (c === 48 /* 0 */) {
      const radix = this.at(this.pos + 1) | 0x20;
      if (radix === 120 /* x */) return this.radix(isHexDigit, 'hexadecimal');
      if (radix === 111 /* o */) return this.radix((d) => d >= 48 && d <= 55, 'octal');
      if (radix === 98 /* b */) return this.radix((d) => d === 48 || d === 49, 'binary');
      return this.zero();
    }
    if (c === 46 /* . */) return this.fraction();
    if (!this.decimalTail()) return this.invalid('invalid decimal literal');
    return this.afterIntegerPart();
  }

  /** Digits with single underscores between them; false on an underscore not followed by a digit. */
  private decimalTail(): boolean {
    for (;;) {
      while (isDigit(this.at(this.pos))) this.pos++;
      if (this.at(this.pos) !== 95 /* _ */) return true;
      if (!isDigit(this.at(this.pos + 1))) return false;
      this.pos++;
    }
  }

  private radix(isRadixDigit: (c: number) => boolean, name: string): NumberScan {
    this.pos += 2;
    do {
      if (this.at(this.pos) === 95) this.pos++;
      const c = this.at(this.pos);
      if (!isRadixDigit(c)) {
        const message = isDigit(c) ? `invalid digit '${String.fromCharCode(c)}' in ${name} literal` : `invalid ${name} literal`;
        return this.invalid(message);
      }
      while (isRadixDigit(this.at(this.pos))) this.pos++;
    } while (this.at(this.pos) === 95);
    const c = this.at(this.pos);
    if (isDigit(c)) return this.invalid(`invalid digit '${String.fromCharCode(c)}' in ${name} literal`);
    return this.end_(name);
  }

  /** `0`, `00`, `0_0`, or the start of a float like `0.5` or `09.5`; `012` is an error. */
  private zero(): NumberScan {
    while (this.at(this.pos) === 48 || (this.at(this.pos) === 95 && isDigit(this.at(this.pos + 1)))) this.pos++;
    if (this.at(this.pos) === 95) return this.invalid('invalid decimal literal');
    let nonzero = false;
    if (isDigit(this.at(this.pos))) {
      nonzero = true;
      if (!this.decimalTail()) return this.invalid('invalid decimal literal');
    }
    const c = this.at(this.pos);
    if (c === 46 || c === 101 || c === 69 || c === 106 || c === 74) return this.afterIntegerPart();
    if (nonzero) {
      return this.invalid('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    }
    return this.end_('decimal');
  }

  private afterIntegerPart(): NumberScan {
    if (this.at(this.pos) === 46 /* . */) return this.fraction();
    return this.exponent();
  }

  private fraction(): NumberScan {
    this.pos++;
    if (isDigit(this.at(this.pos)) && !this.decimalTail()) return this.invalid('invalid decimal literal');
    return this.exponent();
  }

  private exponent(): NumberScan {
    const e = this.at(this.pos);
    if (e === 101 || e === 69) {
      const sign = this.at(this.pos + 1);
      const signed = sign === 43 || sign === 45;
      if (!isDigit(this.at(this.pos + (signed ? 2 : 1)))) {
        // `1else`: the number ends before the keyword; `1e`, `1e+` are mistakes.
        if (!signed && this.keywordFollows(this.pos)) return { end: this.pos };
        this.pos += signed ? 2 : 1;
        return this.invalid('invalid decimal literal');
      }
      this.pos += signed ? 2 : 1;
      if (!this.decimalTail()) return this.invalid('invalid decimal literal');
    }
    const j = this.at(this.pos);
    if (j === 106 || j === 74) {
      this.pos++;
      const scanned = this.end_('imaginary');
      return scanned.error !== undefined ? scanned : this.invalid(UNSUPPORTED_COMPLEX(this.text.slice(this.start, this.pos)));
    }
    return this.end_('decimal');
  }

  private keywordFollows(at: number): boolean {
    for (const keyword of KEYWORDS_AFTER_NUMBER) {
      if (this.text.startsWith(keyword, at) && at + keyword.length <= this.end) return true;
    }
    return false;
  }

  /** Python's verify_end_of_number: a letter straight after a number is a mistake. */
  private end_(kind: string): NumberScan {
    const c = this.at(this.pos);
    // `2.0.3` is one mistake, not two numbers in a row.
    if (c === 46 && isDigit(this.at(this.pos + 1))) return this.invalid(`invalid ${kind} literal`);
    if (!isIdentChar(c) || this.keywordFollows(this.pos)) return { end: this.pos };
    const numberEnd = this.pos;
    const scanned = this.invalid(`invalid ${kind} literal`);
    // `2x` is a learner writing maths: show the operator they need (not for `2e`, an
    // exponent being typed, nor `0z`, likely a radix prefix).
    const digits = this.text.slice(this.start, numberEnd);
    const suffix = this.text.slice(numberEnd, scanned.end);
    if (kind === 'decimal' && digits !== '0' && /\d$/.test(digits) && /^[A-DF-Za-df-z][A-Za-z0-9_]*$/.test(suffix)) {
      scanned.error = `invalid decimal literal: to multiply, write ${digits}*${suffix}`;
    }
    return scanned;
  }

  /** An invalid literal is read whole (`2.0.3`, `1__0`, `2x`), so it is one mistake. */
  private invalid(error: string): NumberScan {
    for (;;) {
      const c = this.at(this.pos);
      if (isIdentChar(c) || (c === 46 && isDigit(this.at(this.pos + 1)))) this.pos++;
      else break;
    }
    return { end: this.pos, error };
  }
}

/** The value of a valid number literal: an int is a bigint, a float a number. */
export function numberValue(text: string): number | bigint {
  const clean = text.includes('_') ? text.replace(/_/g, '') : text;
  const radix = clean.length > 1 && clean[0] === '0' ? clean[1].toLowerCase() : '';
  if (radix === 'x' || radix === 'o' || radix === 'b') return BigInt(clean.toLowerCase());
  if (/[.eE]/.test(clean)) return Number(clean);
  return BigInt(clean);
}

// ---- strings ------------------------------------------------------------------------------

export interface StringScan {
  /** End of the literal, after its closing quotes; for an unterminated one, where it was given up. */
  end: number;
  terminated: boolean;
  /** How many quotes open (and close) it: 3 for a triple-quoted string. */
  quotes: 1 | 3;
}

export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/**
 * Finds the end of the string whose opening quote is at `quoteAt`, as Python's tokenizer
 * does: a backslash always skips the next character (so `r'\''` holds a quote), and a
 * one-line string may continue past a backslash at the end of a line.
 */
export function scanString(text: string, quoteAt: number, end: number): StringScan {
  const quote = text.charCodeAt(quoteAt);
  const triple = quoteAt + 2 < end && text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote;
  const quotes = triple ? 3 : 1;
  let pos = quoteAt + quotes;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === quote) {
      if (!triple) return { end: pos + 1, terminated: true, quotes };
      if (pos + 2 < end && text.charCodeAt(pos + 1) === quote && text.charCodeAt(pos + 2) === quote) {
        return { end: pos + 3, terminated: true, quotes };
      }
      pos++;
    } else if (c === 92 /* \ */) {
      pos += text.startsWith('\r\n', pos + 1) ? 3 : 2;
    } else if (!triple && isLineBreak(c)) {
      return { end: pos, terminated: false, quotes };
    } else {
      pos++;
    }
  }
  return { end: Math.min(pos, end), terminated: false, quotes };
}

/** `\N{name}` needs Unicode's table of character names, which GradLens does not carry. */
export const NAMED_ESCAPE_UNSUPPORTED = '\\N{...} escapes are not supported: write the character itself';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Python reads source with universal newlines: a string's line breaks are all '\n'. */
function normalizeNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/**
 * The value of a string's body text[start, end) (between its quotes), or the error of
 * its first bad escape. Raw bodies keep their backslashes.
 */
export function decodeString(text: string, start: number, end: number, raw: boolean): { value: string } | { error: string } {
  const body = text.slice(start, end);
  if (raw || !body.includes('\\')) return { value: normalizeNewlines(body) };
  let value = '';
  let i = 0;
  while (i < body.length) {
    const backslash = body.indexOf('\\', i);
    if (backslash < 0 || backslash === body.length - 1) {
      value += body.slice(i);
      break;
    }
    value += body.slice(i, backslash);
    const decoded = decodeEscape(body, backslash);
    if ('error' in decoded) return decoded;
    value += decoded.value;
    i = decoded.next;
  }
  return { value: normalizeNewlines(value) };
}

type Escape = { value: string; next: number } | { error: string };

function decodeEscape(body: string, at: number): Escape {
  const c = body[at + 1];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, next: at + 2 };
  if (c === '\n') return { value: '', next: at + 2 };
  if (c === '\r') return { value: '', next: body[at + 2] === '\n' ? at + 3 : at + 2 };
  if (c >= '0' && c <= '7') {
    let j = at + 1;
    while (j < at + 4 && body[j] >= '0' && body[j] <= '7') j++;
    return { value: String.fromCodePoint(parseInt(body.slice(at + 1, j), 8)), next: j };
  }
  const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (width > 0) {
    const digits = body.slice(at + 2, at + 2 + width);
    if (digits.length < width || !/^[0-9a-fA-F]+$/.test(digits)) {
      return { error: `truncated \\${c}${'X'.repeat(width)} escape` };
    }
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) return { error: `illegal Unicode character in \\U escape` };
    return { value: String.fromCodePoint(code), next: at + 2 + width };
  }
  if (c === 'N') return { error: NAMED_ESCAPE_UNSUPPORTED };
  // Python keeps an unknown escape as written.
  return { value: '\\' + c, next: at + 2 };
}

/** Prefixes Python 3.11 accepts before a quote, lower-cased. */
const STRING_PREFIXES: ReadonlySet<string> = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);

export function isStringPrefix(name: string): boolean {
  return name.length <= 2 && STRING_PREFIXES.has(name.toLowerCase());
}
