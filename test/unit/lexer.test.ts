import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lex, numberValue, type Token } from '../../src/lang/lexer';
import { layout } from '../../src/lang/parse/layout';

/** Tokens as [kind, text], without the final eof. */
function kinds(text: string): [string, string][] {
  return lex(text).slice(0, -1).map((t) => [t.kind, t.text]);
}

function only(text: string): Token {
  const tokens = lex(text);
  assert.equal(tokens.length, 2, `expected one token in ${JSON.stringify(text)}`);
  return tokens[0];
}

/** The parser's stream for `text`: logical lines and blocks, as [kind, text]. */
function logical(text: string): string[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return layout(lex(text, 0, text.length, lineOf), lineOf).map((t) => (t.kind === 'op' || t.kind === 'name' || t.kind === 'number' || t.kind === 'keyword' ? t.text : t.kind.toUpperCase()));
}

describe('lexer: numbers', () => {
  for (const [text, value] of [
    ['2', 2n], ['2.0', 2], ['.5', 0.5], ['1e-3', 0.001], ['1E+3', 1000], ['6.881_373', 6.881373],
    ['2.', 2], ['1_000', 1000n], ['0.01', 0.01], ['0', 0n], ['00', 0n], ['0_0', 0n], ['0e5', 0], ['09.5', 9.5],
    ['0x_ff', 255n], ['0XdeadBEEF', 3735928559n], ['0o17', 15n], ['0O7', 7n], ['0b1011', 11n], ['0B_1', 1n],
    ['1_000.5_5e1_0', 10005500000000], ['1.e5', 100000], ['123456789012345678901234567890', 123456789012345678901234567890n],
  ] as const) {
    it(`reads ${text} as ${typeof value === 'bigint' ? 'the int' : 'the float'} ${value}`, () => {
      const t = only(text);
      assert.equal(t.kind, 'number');
      assert.deepEqual(t.range, { start: 0, end: text.length });
      assert.equal(numberValue(t.text), value);
    });
  }

  for (const [text, message] of [
    ['2.0.3', 'invalid decimal literal'],
    ['1e', 'invalid decimal literal'],
    ['1e+', 'invalid decimal literal'],
    ['1__0', 'invalid decimal literal'],
    ['1_', 'invalid decimal literal'],
    ['1.real', 'invalid decimal literal'],
    ['2x', 'invalid decimal literal: to multiply, write 2*x'],
    ['2.5abc', 'invalid decimal literal: to multiply, write 2.5*abc'],
    ['0x', 'invalid hexadecimal literal'],
    ['0x1g', 'invalid hexadecimal literal'],
    ['0o', 'invalid octal literal'],
    ['0o8', "invalid digit '8' in octal literal"],
    ['0o18', "invalid digit '8' in octal literal"],
    ['0b2', "invalid digit '2' in binary literal"],
    ['0b', 'invalid binary literal'],
    ['012', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers'],
    ['0_1', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers'],
    ['1j', "complex numbers ('1j') are not supported: GradLens computes with real numbers"],
    ['2.5J', "complex numbers ('2.5J') are not supported: GradLens computes with real numbers"],
    ['1jx', 'invalid imaginary literal'],
  ]) {
    it(`reads ${text} whole, as one invalid token: ${message}`, () => {
      const t = only(text);
      assert.equal(t.kind, 'invalid');
      assert.equal(t.message, message);
      assert.deepEqual(t.range, { start: 0, end: text.length });
    });
  }

  it('lets a literal take an attribute: 2.0.exp', () => {
    assert.deepEqual(kinds('2.0.exp'), [['number', '2.0'], ['op', '.'], ['name', 'exp']]);
  });

  it('ends a number before a keyword, as Python 3.11 still does: 1if x else 2', () => {
    assert.deepEqual(kinds('1if x else 2'), [['number', '1'], ['keyword', 'if'], ['name', 'x'], ['keyword', 'else'], ['number', '2']]);
    assert.deepEqual(kinds('1else')[0], ['number', '1']);
    assert.deepEqual(kinds('0x1for')[0], ['number', '0x1f']);
  });
});

describe('lexer: names, keywords and strings', () => {
  it('reads ASCII and Unicode names, and keywords apart from soft keywords', () => {
    assert.deepEqual(kinds('x1 _tmp α2 draw_dot def None match case _'), [
      ['name', 'x1'], ['name', '_tmp'], ['name', 'α2'], ['name', 'draw_dot'], ['keyword', 'def'], ['keyword', 'None'],
      ['name', 'match'], ['name', 'case'], ['name', '_'],
    ]);
  });

  it('decodes single- and double-quoted strings with escapes', () => {
    const [a, b] = lex(`'x1*w1' "it\\'s\\n\\x41\\q\\101\\u00e9\\U0001F600"`);
    assert.equal(a.kind, 'string');
    assert.equal(a.stringValue, 'x1*w1');
    assert.equal(a.prefix, '');
    assert.deepEqual(a.range, { start: 0, end: 7 });
    assert.equal(b.stringValue, "it's\nA\\qAé😀");
  });

  it('keeps backslashes in raw strings and lets an escaped quote not end the string', () => {
    assert.equal(only(String.raw`r'a\nb\''`).stringValue, String.raw`a\nb\'`);
    assert.equal(only(String.raw`R"a\"b"`).stringValue, String.raw`a\"b`);
    assert.equal(only(String.raw`"a\"b"`).stringValue, 'a"b');
    assert.equal(only(String.raw`u'\t'`).stringValue, '\t');
  });

  it('reads a triple-quoted string across lines as one token, with its line breaks as \\n', () => {
    const tokens = lex('"""one\r\ntwo""" x');
    assert.equal(tokens[0].kind, 'string');
    assert.equal(tokens[0].stringValue, 'one\ntwo');
    assert.deepEqual(tokens[1].range, { start: 15, end: 16 });
    assert.equal(tokens[1].lineStart, false);
  });

  it('continues a one-line string after a backslash at the end of a line', () => {
    assert.equal(only("'ab\\\ncd'").stringValue, 'abcd');
    assert.equal(only("r'ab\\\ncd'").stringValue, 'ab\\\ncd');
  });

  it('reports an unterminated string up to the end of its line, with the line where it was detected', () => {
    const tokens = lex("x = 1\ns = 'abc\nt = 1");
    const bad = tokens.find((t) => t.kind === 'invalid');
    assert.equal(bad?.message, 'unterminated string literal (detected at line 2)');
    assert.deepEqual(bad?.range, { start: 10, end: 14 });
    const dq = lex('"abc\r\n')[0];
    assert.equal(dq.message, 'unterminated string literal (detected at line 1)');
    assert.deepEqual(dq.range, { start: 0, end: 4 });
  });

  it('reports an unterminated triple-quoted string at its opening quotes, detected at the last line', () => {
    const t = lex('s = f"""abc\n\nx\n')[2];
    assert.equal(t.message, 'unterminated triple-quoted string literal (detected at line 3)');
    assert.deepEqual(t.range, { start: 4, end: 8 });
  });

  it('numbers lines for messages with the given function (the whole file, not the slice)', () => {
    const text = 'a\nb\ns = "x\n';
    assert.equal(lex(text, 4, 10, () => 42)[2].message, 'unterminated string literal (detected at line 42)');
  });

  it('keeps an f-string as a string token with its prefix, for the parser to read its fields', () => {
    const t = only('Rf"{a}"');
    assert.equal(t.kind, 'string');
    assert.equal(t.prefix, 'rf');
    assert.equal(t.stringValue, undefined);
  });

  it('rejects bytes, and escapes Python cannot decode, as one token each', () => {
    assert.equal(only("b'x'").message, 'bytes literals are not supported: use a plain string');
    assert.equal(only("Rb'x'").message, 'bytes literals are not supported: use a plain string');
    assert.equal(only("'\\x4'").message, 'truncated \\xXX escape');
    assert.equal(only("'\\u12'").message, 'truncated \\uXXXX escape');
    assert.equal(only("'\\N{DASH}'").message, '\\N{...} escapes are not supported: write the character itself');
  });

  it('does not take any other name before a quote as a prefix', () => {
    assert.deepEqual(kinds("ur'x'").map((k) => k[0]), ['name', 'string']);
  });
});

describe('lexer: operators and punctuation', () => {
  it("reads every Python operator and delimiter", () => {
    const text = '+ - * / // % ** @ << >> & | ^ ~ < > <= >= == != ( ) [ ] { } , : . ; = -> += -= *= /= //= %= @= &= |= ^= >>= <<= **= ... :=';
    assert.deepEqual(lex(text).slice(0, -1).map((t) => t.text), text.split(' '));
    assert.ok(lex(text).slice(0, -1).every((t) => t.kind === 'op'));
  });

  it('takes the longest operator: a**-1, x**=2, a//b', () => {
    assert.deepEqual(kinds('a**-1'), [['name', 'a'], ['op', '**'], ['op', '-'], ['number', '1']]);
    assert.deepEqual(kinds('x**=2')[1], ['op', '**=']);
    assert.deepEqual(kinds('a//b')[1], ['op', '//']);
    assert.deepEqual(kinds('a<=b')[1], ['op', '<=']);
    assert.deepEqual(kinds('x[...]')[2], ['op', '...']);
  });

  it('reports any other character as one invalid token at exactly that character, in Python words', () => {
    const tokens = lex('a = $b');
    assert.deepEqual([tokens[2].kind, tokens[2].message, tokens[2].range], [
      'invalid', "invalid character '$' (U+0024)", { start: 4, end: 5 },
    ]);
    assert.deepEqual(tokens[3].range, { start: 5, end: 6 });
  });

  it('covers a character outside the BMP with both its code units', () => {
    const t = lex('x 😀')[1];
    assert.equal(t.message, "invalid character '😀' (U+1F600)");
    assert.deepEqual(t.range, { start: 2, end: 4 });
  });

  it('names a look-alike character pasted from a document, or a habit from another language', () => {
    assert.equal(lex('a − b')[1].message, "invalid character '−' (U+2212): did you mean '-'?");
    assert.equal(lex('a × b')[1].message, "invalid character '×' (U+00D7): did you mean '*'?");
    assert.equal(lex('a ≤ b')[1].message, "invalid character '≤' (U+2264): did you mean '<='?");
    assert.equal(lex('“a”')[0].message, "invalid character '“' (U+201C): did you mean '\"'?");
    assert.equal(lex('!a')[0].message, "invalid character '!' (U+0021): did you mean 'not'?");
  });

  it('shows an unprintable character by its code point, as Python does', () => {
    assert.equal(lex('a \u0007')[1].message, 'invalid non-printable character U+0007');
  });

  it('treats non-breaking spaces and a byte-order mark as blanks, and a byte-order mark as no indentation', () => {
    assert.deepEqual(kinds('\ufeffa\u00a0=\u00a01'), [['name', 'a'], ['op', '='], ['number', '1']]);
    assert.deepEqual([lex('\ufeffa')[0].indent, lex('\ufeffa')[0].altIndent], [0, 0]);
    assert.deepEqual([lex('\u00a0\u00a0a')[0].indent, lex('\u00a0\u00a0a')[0].altIndent], [2, 2]);
  });
});

describe('lexer: lines', () => {
  it('ends lines at \\n, \\r\\n and \\r, one newline token per break', () => {
    const tokens = lex('a\nb\r\nc\rd');
    assert.deepEqual(
      tokens.filter((t) => t.kind === 'newline').map((t) => [t.text, t.range.start, t.range.end]),
      [['\n', 1, 2], ['\r\n', 3, 5], ['\r', 6, 7]],
    );
  });

  it('collapses blank and comment-only lines into the newline before them', () => {
    assert.deepEqual(kinds('\n# head\na  # trailing\n\n   \n# c\nb\n'), [
      ['name', 'a'], ['newline', '\n'], ['name', 'b'], ['newline', '\n'],
    ]);
  });

  it('marks the first token of each line and records its indentation both ways Python counts it', () => {
    const tokens = lex('a = 1\n    b = 2\n\t  c\n  \td');
    const at = (name: string) => tokens.find((t) => t.text === name) as Token;
    assert.deepEqual([at('b').lineStart, at('b').indent, at('b').altIndent], [true, 4, 4]);
    assert.deepEqual([at('c').indent, at('c').altIndent], [10, 3]);
    assert.deepEqual([at('d').indent, at('d').altIndent], [8, 3]);
    assert.equal(tokens.find((t) => t.text === '=')?.lineStart, false);
    assert.equal(tokens[0].lineStart, true);
  });

  it('joins a line ending in a backslash (trailing blanks forgiven) to the next', () => {
    assert.deepEqual(kinds('x = 1 + \\  \n    2\ny'), [
      ['name', 'x'], ['op', '='], ['number', '1'], ['op', '+'], ['number', '2'], ['newline', '\n'], ['name', 'y'],
    ]);
    assert.equal(lex('x = \\\n2')[2].lineStart, false);
  });

  it('rejects a backslash followed by more text on its line, in Python words', () => {
    const t = lex('x = 1 \\ 2')[3];
    assert.equal(t.kind, 'invalid');
    assert.equal(t.message, 'unexpected character after line continuation character');
    assert.deepEqual(t.range, { start: 6, end: 7 });
  });

  it('lexes only the given slice, with offsets into the whole text', () => {
    const text = 'ignored\na = 1\nignored';
    const tokens = lex(text, 8, 13);
    assert.deepEqual(tokens.map((t) => [t.kind, t.range.start, t.range.end]), [
      ['name', 8, 9], ['op', 10, 11], ['number', 12, 13], ['eof', 13, 13],
    ]);
  });

  it('stops a string and an operator at the end of the slice', () => {
    assert.equal(lex("'abc'", 0, 3)[0].kind, 'invalid');
    assert.deepEqual(lex('a**', 0, 2).map((t) => t.text), ['a', '*', '']);
  });
});

describe('layout: logical lines and blocks', () => {
  it('makes indent and dedent tokens by Python rules, one newline per logical line', () => {
    assert.deepEqual(logical('if a:\n  b\n  if c:\n    d\ne\n'), [
      'if', 'a', ':', 'NEWLINE', 'INDENT', 'b', 'NEWLINE', 'if', 'c', ':', 'NEWLINE', 'INDENT', 'd', 'NEWLINE',
      'DEDENT', 'DEDENT', 'e', 'NEWLINE', 'EOF',
    ]);
  });

  it('closes open blocks and the last line at the end', () => {
    assert.deepEqual(logical('def f():\n    return 1'), ['def', 'f', '(', ')', ':', 'NEWLINE', 'INDENT', 'return', '1', 'NEWLINE', 'DEDENT', 'EOF']);
  });

  it('ignores line breaks and indentation inside brackets', () => {
    assert.deepEqual(logical('x = f(a,\n      b)\ny'), ['x', '=', 'f', '(', 'a', ',', 'b', ')', 'NEWLINE', 'y', 'NEWLINE', 'EOF']);
  });

  it('gives an indent token the range of the indentation', () => {
    const text = 'if a:\n    b';
    const lineOf = () => 1;
    const indent = layout(lex(text), lineOf).find((t) => t.kind === 'indent');
    assert.deepEqual(indent?.range, { start: 6, end: 10 });
  });

  it('marks bracket mistakes as invalid tokens in Python words', () => {
    const lineOf = (offset: number) => 'x = [1,\n2)'.slice(0, offset).split('\n').length;
    const tokens = layout(lex('x = [1,\n2)', 0, 10, lineOf), lineOf);
    assert.equal(tokens.find((t) => t.kind === 'invalid')?.message, "closing parenthesis ')' does not match opening parenthesis '[' on line 1");
    assert.equal(layout(lex('a)'), () => 1)[1].message, "unmatched ')'");
  });
});
