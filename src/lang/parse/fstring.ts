import type { Expr, FormattedValue, FString } from '../ast';
import type { Token } from '../lexer';
import { range, type SourceRange } from '../source';
import { SyntaxFailure } from './cursor';
import { decodeString, NAMED_ESCAPE_UNSUPPORTED } from './literals';
import { CLOSING_BRACKET, CLOSING_BRACKETS } from './vocabulary';

// F-strings as Python 3.11 reads them: the lexer finds where the string ends like any
// other, then its body is split here into literal text and `{expression!conversion:spec}`
// fields, with 3.11's rules and messages (no backslash or '#' in an expression, a spec
// nests fields one level deep). Each field's expression is lexed and parsed from its own
// text, so its nodes carry exact offsets into the file. Every error found in an f-string,
// its fields' included, says so ('f-string: ...'), as Python's do.

/** Parses the expression in text[start, end) of a field; throws a SyntaxFailure for a problem. */
export type FieldParser = (start: number, end: number) => Expr;

/** Python 3.11 allows a field in a spec, but no deeper. */
const MAX_SPEC_DEPTH = 2;


/** The literal text and fields of one f-string token, in order. */
export function fstringParts(text: string, token: Token, parseField: FieldParser): (string | FormattedValue)[] {
  const prefixLength = token.prefix?.length ?? 0;
  const quoteAt = token.range.start + prefixLength;
  const quotes = token.quotes ?? 1;
  const reader = new FStringReader(text, quoteAt + quotes, token.range.end - quotes, token.prefix?.includes('r') ?? false, parseField);
  return reader.parts(0).parts;
}

class FStringReader {
  constructor(
    private readonly text: string,
    private pos: number,
    private readonly end: number,
    private readonly raw: boolean,
    private readonly parseField: FieldParser,
  ) {}

  private fail(message: string, at: SourceRange): SyntaxFailure {
    return new SyntaxFailure(message.startsWith('f-string') ? message : `f-string: ${message}`, at);
  }

  /** The character range at `offset`, or the empty range at the end of the body. */
  private at(offset: number): SourceRange {
    return offset < this.end ? range(offset, offset + 1) : range(this.end, this.end);
  }

  /**
   * Literal text and fields up to the end of the body (depth 0) or, inside a format spec,
   * up to the '}' that ends the spec.
   */
  parts(depth: number): { parts: (string | FormattedValue)[]; end: number } {
    const parts: (string | FormattedValue)[] = [];
    let literalStart = this.pos;
    let literal = '';
    const flush = (upTo: number) => {
      if (upTo > literalStart) literal += this.decode(literalStart, upTo);
    };
    while (this.pos < this.end) {
      const c = this.text[this.pos];
      if (c === '{' && depth === 0 && this.text[this.pos + 1] === '{') {
        flush(this.pos + 1);
        this.pos += 2;
        literalStart = this.pos;
      } else if (c === '}' && depth === 0) {
        if (this.text[this.pos + 1] !== '}' || this.pos + 1 >= this.end) throw this.fail("single '}' is not allowed", this.at(this.pos));
        flush(this.pos + 1);
        this.pos += 2;
        literalStart = this.pos;
      } else if (c === '}') {
        break;
      } else if (c === '{') {
        flush(this.pos);
        if (literal !== '') parts.push(literal);
        literal = '';
        if (depth >= MAX_SPEC_DEPTH) throw this.fail('expressions nested too deeply', this.at(this.pos));
        parts.push(this.field(depth));
        literalStart = this.pos;
      } else if (c === '\\' && !this.raw && this.text[this.pos + 1] === 'N' && this.text[this.pos + 2] === '{') {
        throw this.fail(NAMED_ESCAPE_UNSUPPORTED, range(this.pos, this.pos + 3));
      } else {
        // Even after a backslash, a brace is a brace (`f'\{x}'`), as in Python 3.11.
        this.pos++;
      }
    }
    flush(Math.min(this.pos, this.end));
    if (literal !== '') parts.push(literal);
    return { parts, end: this.pos };
  }

  private decode(start: number, end: number): string {
    const decoded = decodeString(this.text, start, end, this.raw);
    if ('error' in decoded) throw this.fail(decoded.error, range(start, end));
    return decoded.value;
  }

  /** `{expression=!r:spec}` from its '{' (at pos) to after its '}'. */
  private field(depth: number): FormattedValue {
    const open = this.pos;
    const exprStart = ++this.pos;
    const exprEnd = this.expressionEnd();
    if (this.text.slice(exprStart, exprEnd).trim() === '') {
      throw this.fail('empty expression not allowed', this.at(exprEnd));
    }
    let value: Expr;
    try {
      value = this.parseField(exprStart, exprEnd);
    } catch (e) {
      throw e instanceof SyntaxFailure ? this.fail(e.message, e.range) : e;
    }
    let debugText: string | null = null;
    if (this.text[this.pos] === '=') {
      this.pos++;
      while (this.pos < this.end && /\s/.test(this.text[this.pos])) this.pos++;
      debugText = this.text.slice(exprStart, this.pos);
    }
    let conversion: FormattedValue['conversion'] = null;
    if (this.pos < this.end && this.text[this.pos] === '!') {
      this.pos++;
      if (this.pos >= this.end) throw this.fail("expecting '}'", this.at(this.pos));
      const c = this.text[this.pos];
      if (c !== 's' && c !== 'r' && c !== 'a') {
        throw this.fail("invalid conversion character: expected 's', 'r', or 'a'", this.at(this.pos));
      }
      conversion = c;
      this.pos++;
    }
    let spec: FString | null = null;
    if (this.pos < this.end && this.text[this.pos] === ':') {
      const specStart = ++this.pos;
      const inner = this.parts(depth + 1);
      spec = { kind: 'fstring', parts: inner.parts, range: range(specStart, inner.end) };
    }
    if (this.pos >= this.end || this.text[this.pos] !== '}') throw this.fail("expecting '}'", this.at(this.pos));
    this.pos++;
    // As in Python, `{x=}` shows the repr unless a conversion or a spec says otherwise.
    if (debugText !== null && conversion === null && spec === null) conversion = 'r';
    return { kind: 'formatted', value, conversion, spec, debugText, range: range(open, this.pos) };
  }

  /**
   * Moves past the field's expression: to the '=', '!', ':' or '}' that ends it outside
   * any brackets or strings of its own. Returns where the expression ends.
   */
  private expressionEnd(): number {
    const brackets: number[] = [];
    let quote: string | null = null;
    while (this.pos < this.end) {
      const c = this.text[this.pos];
      if (c === '\\') throw this.fail('f-string expression part cannot include a backslash', this.at(this.pos));
      if (quote !== null) {
        if (this.text.startsWith(quote, this.pos)) {
          this.pos += quote.length;
          quote = null;
        } else {
          this.pos++;
        }
        continue;
      }
      if (c === "'" || c === '"') {
        quote = this.text.startsWith(c.repeat(3), this.pos) ? c.repeat(3) : c;
        this.pos += quote.length;
        continue;
      }
      if (c === '#') throw this.fail("f-string expression part cannot include '#'", this.at(this.pos));
      const next = this.text[this.pos + 1];
      if (CLOSING_BRACKET.has(c)) {
        brackets.push(this.pos);
      } else if (CLOSING_BRACKETS.has(c)) {
        if (brackets.length === 0) {
          if (c === '}') return this.pos;
          throw this.fail(`unmatched '${c}'`, this.at(this.pos));
        }
        const opener = this.text[brackets.pop() as number];
        if (CLOSING_BRACKET.get(opener) !== c) {
          throw this.fail(`closing parenthesis '${c}' does not match opening parenthesis '${opener}'`, this.at(this.pos));
        }
      } else if (brackets.length === 0 && (c === '!' || c === ':' || c === '=')) {
        if (c === '!' && next !== '=') return this.pos;
        if (c === ':') return this.pos;
        if (c === '=' && next !== '=' && !'=!<>'.includes(this.text[this.pos - 1])) return this.pos;
      }
      // `==`, `!=`, `<=`, `>=` are one operator: skip both characters.
      this.pos += '=!<>'.includes(c) && next === '=' ? 2 : 1;
    }
    if (quote !== null) throw this.fail('unterminated string', this.at(this.pos));
    throw this.fail("expecting '}'", this.at(this.pos));
  }
}
