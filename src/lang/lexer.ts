import { KEYWORDS } from './parse/vocabulary';
import { decodeString, isAsciiIdentStart, isDigit, isLineBreak, isStringPrefix, scanNumber, scanString } from './parse/literals';
import { LineIndex, range, type SourceRange } from './source';

export { numberValue } from './parse/literals';

// The lexer reads physical lines into tokens and never fails: text it cannot read becomes
// an 'invalid' token carrying the learner-facing message, so the parser reports it exactly
// once, as the error of the statement it appears in. Which line breaks end a statement,
// and where blocks begin and end, is decided afterwards (parse/layout.ts): that needs the
// brackets, and a guess about unclosed ones.

export type TokenKind =
  | 'number' | 'string' | 'name' | 'keyword' | 'op' | 'newline' | 'eof' | 'invalid'
  /** Made by the layout, never by lex(): a block's start (its range is the line's indentation) and end. */
  | 'indent' | 'dedent';

export interface Token {
  kind: TokenKind;
  /** The source text (for a newline, the line break itself; empty at end of input). */
  text: string;
  range: SourceRange;
  /** A string's prefix letters, lower-cased ('' for none); an 'f' in it makes an f-string. */
  prefix?: string;
  /** A string's decoded contents; absent for an f-string, whose fields the parser reads. */
  stringValue?: string;
  /** How many quotes open and close a string: 3 for a triple-quoted one. */
  quotes?: 1 | 3;
  /** Why an 'invalid' token is invalid. */
  message?: string;
  /** Set by the layout on the first token of a line whose indentation is wrong: Python's message for it. */
  indentError?: string;
  /** First token of its physical line (a backslash continuation does not start a line). */
  lineStart: boolean;
  /** Indentation of the physical line the token starts on, tabs to the next multiple of 8, as Python counts. */
  indent: number;
  /**
   * The same indentation counting a tab as 1 (so also the number of its blank characters):
   * Python compares both ways and rejects indentation whose meaning depends on the tab size.
   */
  altIndent: number;
}

/** Tells the 1-based line of an offset into the whole text, for messages that name a line. */
export type LineOf = (offset: number) => number;

/** Python's operators and delimiters, longest first so that the first match is the longest one. */
const OPERATORS = [
  '**=', '//=', '<<=', '>>=', '...',
  '**', '//', '+=', '-=', '*=', '/=', '%=', '@=', '&=', '|=', '^=', '==', '!=', '<=', '>=', '<<', '>>', '->', ':=',
  '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '=',
  '(', ')', '[', ']', '{', '}', ',', '.', ';', ':',
];

/** The operators by their first character, still longest first: lexing is the hot path. */
const OPERATORS_BY_FIRST = new Map<number, string[]>();
for (const op of OPERATORS) {
  const list = OPERATORS_BY_FIRST.get(op.charCodeAt(0)) ?? [];
  list.push(op);
  OPERATORS_BY_FIRST.set(op.charCodeAt(0), list);
}

/** Characters pasted from documents that look like an operator or a quote, and habits from other languages. */
const LOOKALIKES: Record<string, string> = {
  '\u2212': '-', '\u2013': '-', '\u2014': '-', '\u00d7': '*', '\u00f7': '/', '\u22c5': '*', '\u00b7': '*',
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2264': '<=', '\u2265': '>=', '\u2260': '!=',
  '!': 'not',
};

/**
 * Lexes text[start, end); ranges are offsets into the whole text. Always ends with 'eof'.
 * `lineOf` numbers lines for messages (default: counted in `text` when first needed).
 */
export function lex(text: string, start = 0, end = text.length, lineOf?: LineOf): Token[] {
  return new Lexer(text, start, end, lineOf ?? lazyLineOf(text)).run();
}

/** A LineOf that indexes `text` only when first asked. */
export function lazyLineOf(text: string): LineOf {
  let lines: LineIndex | undefined;
  return (offset) => {
    lines ??= new LineIndex(text);
    return lines.positionAt(offset).line + 1;
  };
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
  private altIndent = 0;
  /** No token yet on the current physical line. */
  private atLineStart = true;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly lineOf: LineOf,
  ) {
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

  private push(kind: TokenKind, start: number, end: number, message?: string, prefix?: string, stringValue?: string, quotes?: 1 | 3): void {
    const real = kind !== 'newline' && kind !== 'eof';
    // Every token has every field, so that they all share one shape: lexing is the hot path.
    this.tokens.push({
      kind,
      text: this.text.slice(start, end),
      range: range(start, end),
      prefix,
      stringValue,
      quotes,
      message,
      indentError: undefined,
      lineStart: real && this.atLineStart,
      indent: this.indent,
      altIndent: this.altIndent,
    });
    if (real) this.atLineStart = false;
  }

  private invalid(start: number, end: number, message: string): void {
    this.push('invalid', start, end, message);
  }

  private measureIndent(): void {
    let i = this.pos;
    // A byte-order mark starts a file saved by some editors: it is not indentation.
    while (i < this.end && this.text.charCodeAt(i) === 0xfeff) i++;
    const start = i;
    let column = 0;
    while (i < this.end && isBlank(this.text.charCodeAt(i))) {
      column = this.text.charCodeAt(i) === 9 ? (Math.floor(column / 8) + 1) * 8 : column + 1;
      i++;
    }
    this.indent = column;
    this.altIndent = i - start;
  }

  private skipComment(): void {
    while (this.pos < this.end && !isLineBreak(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private breakLength(at: number): number {
    return this.code(at) === 13 && this.code(at + 1) === 10 ? 2 : 1;
  }

  private lineBreak(): void {
    const len = this.breakLength(this.pos);
    // Blank lines and comment lines add no token: one newline ends a line of code.
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
      this.invalid(this.pos, this.pos + 1, 'unexpected EOF while parsing');
      this.pos = i;
      return;
    }
    if (!isLineBreak(this.text.charCodeAt(i))) {
      this.invalid(this.pos, this.pos + 1, 'unexpected character after line continuation character');
      this.pos++;
      return;
    }
    this.pos = i + this.breakLength(i);
  }

  private number(): void {
    const start = this.pos;
    const scanned = scanNumber(this.text, start, this.end);
    this.pos = scanned.end;
    if (scanned.error === undefined) this.push('number', start, this.pos);
    else this.invalid(start, this.pos, scanned.error);
  }

  /** Reads a name or keyword, or a prefixed string such as r'...'; false when none starts here. */
  private name(): boolean {
    const start = this.pos;
    if (!this.identChar(true)) return false;
    while (this.identChar(false));
    const q = this.code(this.pos);
    const word = this.text.slice(start, this.pos);
    if ((q === 39 || q === 34) && isStringPrefix(word)) {
      this.string(start, word.toLowerCase());
      return true;
    }
    this.push(KEYWORDS.has(word) ? 'keyword' : 'name', start, this.pos);
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
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
    if (!(first ? /\p{ID_Start}/u : /\p{ID_Continue}/u).test(ch)) return false;
    this.pos += ch.length;
    return true;
  }

  private string(start: number, prefix: string): void {
    const quoteAt = this.pos;
    const scanned = scanString(this.text, quoteAt, this.end);
    this.pos = scanned.end;
    const quotes = scanned.quotes;
    if (!scanned.terminated) {
      // A one-line string is marked up to where it was given up; a triple-quoted one ran
      // to the end of the cell, so only its opening is.
      const detected = this.lineOf(Math.max(start, this.pos - (quotes === 3 && this.pos > start ? 1 : 0)));
      if (quotes === 3) {
        this.invalid(start, quoteAt + 3, `unterminated triple-quoted string literal (detected at line ${detected})`);
      } else {
        this.invalid(start, this.pos, `unterminated string literal (detected at line ${detected})`);
      }
      return;
    }
    if (prefix.includes('b')) {
      this.invalid(start, this.pos, 'bytes literals are not supported: use a plain string');
      return;
    }
    if (prefix.includes('f')) {
      this.push('string', start, this.pos, undefined, prefix, undefined, quotes);
      return;
    }
    const decoded = decodeString(this.text, quoteAt + quotes, this.pos - quotes, prefix.includes('r'));
    if ('error' in decoded) this.invalid(start, this.pos, decoded.error);
    else this.push('string', start, this.pos, undefined, prefix, decoded.value, quotes);
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
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (!/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return `invalid non-printable character ${code}`;
  const meant = LOOKALIKES[ch];
  const message = `invalid character '${ch}' (${code})`;
  return meant === undefined ? message : `${message}: did you mean '${meant}'?`;
}
