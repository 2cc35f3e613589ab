import { range, type SourceRange } from './source';

// The lexer never fails: text it cannot read becomes an 'invalid' token carrying the
// learner-facing message, so the parser reports it exactly once, as the error of the
// statement it appears in.

export type TokenKind = 'number' | 'string' | 'name' | 'op' | 'newline' | 'eof' | 'invalid';

export interface Token {
  kind: TokenKind;
  /** The source text (for a newline, the line break itself; empty at end of input). */
  text: string;
  range: SourceRange;
  /** A string's decoded contents. */
  stringValue?: string;
  /** Why an 'invalid' token is invalid. */
  message?: string;
  /** First token of its physical line (a backslash continuation does not start a line). */
  lineStart: boolean;
  /** Width of the leading whitespace of the physical line the token starts on. */
  indent: number;
}

/**
 * Operators, longest first so that the first match is the longest one. Many are Python
 * operators .grad does not support: they are read as tokens so the parser can name them
 * in its error instead of reporting a stray character.
 */
const OPERATORS = [
  '**=', '//=', '<<=', '>>=',
  '**', '//', '+=', '-=', '*=', '/=', '==', '!=', '<=', '>=', '<<', '>>', '->', ':=',
  '%=', '@=', '&=', '|=', '^=',
  '+', '-', '*', '/', '=', '<', '>', '%', '@', '&', '|', '^', '~',
  '(', ')', '[', ']', '{', '}', ',', '.', ';', ':',
];

/** The operators by their first character, still longest first: lexing is the hot path. */
const OPERATORS_BY_FIRST = new Map<number, string[]>();
for (const op of OPERATORS) {
  const list = OPERATORS_BY_FIRST.get(op.charCodeAt(0)) ?? [];
  list.push(op);
  OPERATORS_BY_FIRST.set(op.charCodeAt(0), list);
}

/** Characters pasted from documents that look like an operator or a quote. */
const LOOKALIKES: Record<string, string> = {
  '\u2212': '-', '\u2013': '-', '\u2014': '-', '\u00d7': '*', '\u00f7': '/',
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"',
};

const ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"',
};

/** Lexes text[start, end); ranges are offsets into the whole text. Always ends with 'eof'. */
export function lex(text: string, start = 0, end = text.length): Token[] {
  return new Lexer(text, start, end).run();
}

/** The value of a number token's text (underscores are digit separators). */
export function numberValue(text: string): number {
  return Number(text.includes('_') ? text.replace(/_/g, '') : text);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function isBlank(c: number): boolean {
  if (c === 32 || c === 9 || c === 12 || c === 11) return true;
  // Non-breaking spaces and a byte-order mark come with pasted text; Python rejects
  // them, but they are invisible, so an error about them would only confuse.
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

class Lexer {
  private pos: number;
  private indent = 0;
  /** No token yet on the current physical line. */
  private atLineStart = true;
  private readonly tokens: Token[] = [];

  constructor(private readonly text: string, start: number, private readonly end: number) {
    this.pos = start;
  }

  run(): Token[] {
    this.measureIndent();
    while (this.pos < this.end) this.step();
    this.push('eof', this.end, this.end);
    return this.tokens;
  }

  private code(at: number): number {
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  private step(): void {
    const c = this.code(this.pos);
    if (isBlank(c)) this.pos++;
    else if (c === 35 /* # */) this.skipComment();
    else if (isLineBreak(c)) this.lineBreak();
    else if (c === 92 /* \ */) this.continuation();
    else if (isDigit(c) || (c === 46 /* . */ && isDigit(this.code(this.pos + 1)))) this.number();
    else if (c === 39 || c === 34) this.string(this.pos, '');
    else if (!this.name()) this.operatorOrInvalid();
  }

  private push(kind: TokenKind, start: number, end: number, stringValue?: string, message?: string): void {
    const real = kind !== 'newline' && kind !== 'eof';
    this.tokens.push({
      kind,
      text: this.text.slice(start, end),
      range: range(start, end),
      stringValue,
      message,
      lineStart: real && this.atLineStart,
      indent: this.indent,
    });
    if (real) this.atLineStart = false;
  }

  private invalid(start: number, end: number, message: string): void {
    this.push('invalid', start, end, undefined, message);
  }

  private measureIndent(): void {
    let i = this.pos;
    while (i < this.end && isBlank(this.text.charCodeAt(i))) i++;
    this.indent = i - this.pos;
  }

  private skipComment(): void {
    while (this.pos < this.end && !isLineBreak(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private breakLength(at: number): number {
    return this.code(at) === 13 && this.code(at + 1) === 10 ? 2 : 1;
  }

  private lineBreak(): void {
    const len = this.breakLength(this.pos);
    // Blank lines and comment lines add no token: one newline ends a statement.
    const last = this.tokens[this.tokens.length - 1];
    if (last !== undefined && last.kind !== 'newline') this.push('newline', this.pos, this.pos + len);
    this.pos += len;
    this.atLineStart = true;
    this.measureIndent();
  }

  private continuation(): void {
    let i = this.pos + 1;
    // Trailing blanks after the backslash are invisible, so they are forgiven.
    while (i < this.end && isBlank(this.text.charCodeAt(i))) i++;
    if (i >= this.end) {
      this.pos = i;
      return;
    }
    if (!isLineBreak(this.text.charCodeAt(i))) {
      this.invalid(this.pos, this.pos + 1, "a '\\' continues a line only as the last character on it");
      this.pos++;
      return;
    }
    this.pos = i + this.breakLength(i);
    this.measureIndent();
  }

  /** Digits with single underscores between them; false when none was read. */
  private digits(): boolean {
    if (!isDigit(this.code(this.pos))) return false;
    this.pos++;
    for (;;) {
      const c = this.code(this.pos);
      if (isDigit(c)) this.pos++;
      else if (c === 95 && isDigit(this.code(this.pos + 1))) this.pos += 2;
      else return true;
    }
  }

  private number(): void {
    const start = this.pos;
    this.digits();
    if (this.code(this.pos) === 46 /* . */) {
      this.pos++;
      this.digits();
    }
    const e = this.code(this.pos);
    if (e === 101 || e === 69) {
      const save = this.pos;
      this.pos++;
      const sign = this.code(this.pos);
      if (sign === 43 || sign === 45) this.pos++;
      if (!this.digits()) this.pos = save;
    }
    const validEnd = this.pos;
    // `2.0.3`, `1e`, `1_000_` and `2x` are one mistake each: read them whole.
    for (;;) {
      const c = this.code(this.pos);
      const more = isDigit(c) || isAsciiIdentStart(c) || (c === 46 && isDigit(this.code(this.pos + 1)));
      if (!more) break;
      this.pos++;
    }
    if (this.pos === validEnd) {
      this.push('number', start, this.pos);
      return;
    }
    this.invalid(start, this.pos, this.invalidNumberMessage(start, validEnd));
  }

  private invalidNumberMessage(start: number, validEnd: number): string {
    const whole = this.text.slice(start, this.pos);
    const suffix = this.text.slice(validEnd, this.pos);
    const digits = this.text.slice(start, validEnd);
    // `2x` is a learner writing maths: show the operator they need (but `0x10` is hex).
    if (/^[A-DF-Za-df-z][A-Za-z0-9_]*$/.test(suffix) && digits !== '0') {
      return `invalid number '${whole}': to multiply, write ${digits}*${suffix}`;
    }
    return `invalid number '${whole}'`;
  }

  /** Reads a name, or a prefixed string such as r'...'; false when none starts here. */
  private name(): boolean {
    const start = this.pos;
    if (!this.identChar(true)) return false;
    while (this.identChar(false));
    const q = this.code(this.pos);
    const prefix = this.text.slice(start, this.pos).toLowerCase();
    if ((q === 39 || q === 34) && /^(r|u|f|b|rb|br|fr|rf)$/.test(prefix)) {
      this.string(start, prefix);
      return true;
    }
    this.push('name', start, this.pos);
    return true;
  }

  /** Consumes one identifier character (Unicode letters too, as in Python). */
  private identChar(first: boolean): boolean {
    const c = this.code(this.pos);
    if (c < 0) return false;
    if (c < 128) {
      if (isAsciiIdentStart(c) || (!first && isDigit(c))) {
        this.pos++;
        return true;
      }
      return false;
    }
    const cp = this.text.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (!(first ? /\p{ID_Start}/u : /\p{ID_Continue}/u).test(ch)) return false;
    this.pos += ch.length;
    return true;
  }

  private string(start: number, prefix: string): void {
    const quote = this.text[this.pos];
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const raw = prefix.includes('r');
    this.pos += triple ? 3 : 1;
    const value = triple ? this.tripleBody(quote, raw) : this.lineBody(quote, raw);
    if (value === null) {
      const closing = triple ? quote.repeat(3) : quote;
      this.invalid(start, this.pos, `unterminated string: it needs a closing ${closing}`);
      return;
    }
    if (prefix.includes('f')) {
      this.invalid(start, this.pos, 'f-strings are not supported yet: print several values with print(a, b)');
    } else if (prefix.includes('b')) {
      this.invalid(start, this.pos, 'bytes literals are not supported: use a plain string');
    } else {
      this.push('string', start, this.pos, value);
    }
  }

  /** Body of a one-line string after its opening quote; null when the line ends first. */
  private lineBody(quote: string, raw: boolean): string | null {
    let value = '';
    while (this.pos < this.end) {
      const c = this.text[this.pos];
      if (c === quote) {
        this.pos++;
        return value;
      }
      if (c === '\n' || c === '\r') return null;
      if (c === '\\' && this.pos + 1 < this.end && !isLineBreak(this.text.charCodeAt(this.pos + 1))) {
        value += raw ? this.text.slice(this.pos, this.pos + 2) : this.escape();
        if (raw) this.pos += 2;
        continue;
      }
      value += c;
      this.pos++;
    }
    return null;
  }

  /** Body of a '''...''' string, which may span lines; null when the cell ends first. */
  private tripleBody(quote: string, raw: boolean): string | null {
    const closing = quote.repeat(3);
    let value = '';
    let lastBreak = -1;
    while (this.pos < this.end) {
      if (this.text.startsWith(closing, this.pos)) {
        this.pos += 3;
        if (lastBreak >= 0) this.indentFrom(lastBreak);
        return value;
      }
      const c = this.text[this.pos];
      if (c === '\\' && this.pos + 1 < this.end && !raw) {
        value += this.escape();
        continue;
      }
      if (isLineBreak(this.text.charCodeAt(this.pos))) lastBreak = this.pos;
      value += c;
      this.pos++;
    }
    return null;
  }

  /** Tokens after a multi-line string sit on its last line: take that line's indent. */
  private indentFrom(lastBreak: number): void {
    let i = lastBreak + 1;
    const lineStart = i;
    while (i < this.end && isBlank(this.text.charCodeAt(i))) i++;
    this.indent = i - lineStart;
  }

  /** Decodes the escape at pos (a backslash) and moves past it. */
  private escape(): string {
    const next = this.text[this.pos + 1];
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : 0;
    const digits = this.text.slice(this.pos + 2, this.pos + 2 + hex);
    if (hex > 0 && digits.length === hex && /^[0-9a-fA-F]+$/.test(digits)) {
      this.pos += 2 + hex;
      return String.fromCharCode(parseInt(digits, 16));
    }
    // Python keeps an unknown escape as written.
    this.pos += 2;
    return '\\' + next;
  }

  private operatorOrInvalid(): void {
    for (const op of OPERATORS_BY_FIRST.get(this.text.charCodeAt(this.pos)) ?? []) {
      if (this.pos + op.length <= this.end && this.text.startsWith(op, this.pos)) {
        this.push('op', this.pos, this.pos + op.length);
        this.pos += op.length;
        return;
      }
    }
    const cp = this.text.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.invalid(this.pos, this.pos + ch.length, invalidCharacterMessage(ch, cp));
    this.pos += ch.length;
  }
}

function invalidCharacterMessage(ch: string, cp: number): string {
  const printable = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch);
  const shown = printable ? `'${ch}'` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const meant = LOOKALIKES[ch];
  return meant === undefined ? `invalid character ${shown}` : `invalid character ${shown}: did you mean '${meant}'?`;
}
