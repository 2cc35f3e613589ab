import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lex, numberValue, type Token } from '../../src/lang/lexer';

/** Tokens as [kind, text], without the final eof. */
function kinds(text: string): [string, string][] {
  return lex(text).slice(0, -1).map((t) => [t.kind, t.text]);
}

function only(text: string): Token {
  const tokens = lex(text);
  assert.equal(tokens.length, 2, `expected one token in ${JSON.stringify(text)}`);
  return tokens[0];
}

describe('lexer: numbers', () => {
  for (const [text, value] of [
    ['2', 2], ['2.0', 2], ['.5', 0.5], ['1e-3', 0.001], ['1E+3', 1000], ['6.881_373', 6.881373],
    ['2.', 2], ['1_000', 1000], ['0.01', 0.01],
  ] as const) {
    it(`reads ${text}`, () => {
      const t = only(text);
      assert.equal(t.kind, 'number');
      assert.deepEqual(t.range, { start: 0, end: text.length });
      assert.equal(numberValue(t.text), value);
    });
  }

  for (const [text, message] of [
    ['2.0.3', "invalid number '2.0.3'"],
    ['1e', "invalid number '1e'"],
    ['1__0', "invalid number '1__0'"],
    ['1_', "invalid number '1_'"],
    ['2x', "invalid number '2x': to multiply, write 2*x"],
    ['0x10', "invalid number '0x10'"],
  ]) {
    it(`reads ${text} whole, as one invalid token`, () => {
      const t = only(text);
      assert.equal(t.kind, 'invalid');
      assert.equal(t.message, message);
      assert.deepEqual(t.range, { start: 0, end: text.length });
    });
  }

  it('lets a literal take an attribute: 2.0.exp', () => {
    assert.deepEqual(kinds('2.0.exp'), [['number', '2.0'], ['op', '.'], ['name', 'exp']]);
  });
});

describe('lexer: names and strings', () => {
  it('reads ASCII and Unicode names', () => {
    assert.deepEqual(kinds('x1 _tmp α2 draw_dot'), [
      ['name', 'x1'], ['name', '_tmp'], ['name', 'α2'], ['name', 'draw_dot'],
    ]);
  });

  it('decodes single- and double-quoted strings with escapes', () => {
    const [a, b] = lex(`'x1*w1' "it\\'s\\n\\x41\\q"`);
    assert.equal(a.kind, 'string');
    assert.equal(a.stringValue, 'x1*w1');
    assert.deepEqual(a.range, { start: 0, end: 7 });
    assert.equal(b.stringValue, "it's\nA\\q");
  });

  it('keeps backslashes in raw strings and lets an escaped quote not end the string', () => {
    assert.equal(only(String.raw`r'a\nb\''`).stringValue, String.raw`a\nb\'`);
    assert.equal(only(String.raw`"a\"b"`).stringValue, 'a"b');
  });

  it('reads a triple-quoted string across lines as one token', () => {
    const tokens = lex('"""one\ntwo""" x');
    assert.equal(tokens[0].kind, 'string');
    assert.equal(tokens[0].stringValue, 'one\ntwo');
    assert.deepEqual(tokens[1].range, { start: 14, end: 15 });
  });

  it('reports an unterminated string over its range, up to the end of its line', () => {
    const tokens = lex("s = 'abc\nt = 1");
    assert.equal(tokens[2].kind, 'invalid');
    assert.equal(tokens[2].message, "unterminated string: it needs a closing '");
    assert.deepEqual(tokens[2].range, { start: 4, end: 8 });
    assert.equal(tokens[3].kind, 'newline');
    const dq = lex('"abc\r\n')[0];
    assert.equal(dq.message, 'unterminated string: it needs a closing "');
    assert.deepEqual(dq.range, { start: 0, end: 4 });
  });

  it('rejects f-strings and bytes as one token each', () => {
    const f = only('f"{a}"');
    assert.equal(f.kind, 'invalid');
    assert.equal(f.message, 'f-strings are not supported yet: print several values with print(a, b)');
    assert.deepEqual(f.range, { start: 0, end: 6 });
    assert.equal(only("b'x'").message, 'bytes literals are not supported: use a plain string');
  });
});

describe('lexer: operators and punctuation', () => {
  it('reads every operator of the language', () => {
    const text = '+ - * / ** = += -= *= /= ( ) , . ;';
    assert.deepEqual(lex(text).slice(0, -1).map((t) => t.text), text.split(' '));
    assert.ok(lex(text).slice(0, -1).every((t) => t.kind === 'op'));
  });

  it('takes the longest operator: a**-1, x**=2, a//b', () => {
    assert.deepEqual(kinds('a**-1'), [['name', 'a'], ['op', '**'], ['op', '-'], ['number', '1']]);
    assert.deepEqual(kinds('x**=2')[1], ['op', '**=']);
    assert.deepEqual(kinds('a//b')[1], ['op', '//']);
    assert.deepEqual(kinds('a<=b')[1], ['op', '<=']);
  });

  it('reports any other character as one invalid token at exactly that character', () => {
    const tokens = lex('a = $b');
    assert.deepEqual([tokens[2].kind, tokens[2].message, tokens[2].range], [
      'invalid', "invalid character '$'", { start: 4, end: 5 },
    ]);
    assert.deepEqual(tokens[3].range, { start: 5, end: 6 });
  });

  it('covers a character outside the BMP with both its code units', () => {
    const t = lex('x 😀')[1];
    assert.equal(t.message, "invalid character '😀'");
    assert.deepEqual(t.range, { start: 2, end: 4 });
  });

  it('names a look-alike character pasted from a document', () => {
    assert.equal(lex('a − b')[1].message, "invalid character '−': did you mean '-'?");
    assert.equal(lex('a × b')[1].message, "invalid character '×': did you mean '*'?");
  });

  it('shows an unprintable character by its code point', () => {
    assert.equal(lex('a \u0007')[1].message, 'invalid character U+0007');
  });

  it('treats non-breaking spaces and a byte-order mark as blanks', () => {
    assert.deepEqual(kinds('\ufeffa\u00a0=\u00a01'), [['name', 'a'], ['op', '='], ['number', '1']]);
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

  it('marks the first token of each line and records its indentation', () => {
    const tokens = lex('a = 1\n    b = 2');
    const b = tokens.find((t) => t.text === 'b');
    assert.equal(b?.lineStart, true);
    assert.equal(b?.indent, 4);
    assert.equal(tokens.find((t) => t.text === '=')?.lineStart, false);
    assert.equal(tokens[0].lineStart, true);
  });

  it('joins a line ending in a backslash (trailing blanks forgiven) to the next', () => {
    assert.deepEqual(kinds('x = 1 + \\  \n    2\ny'), [
      ['name', 'x'], ['op', '='], ['number', '1'], ['op', '+'], ['number', '2'], ['newline', '\n'], ['name', 'y'],
    ]);
    assert.equal(lex('x = \\\n2')[2].lineStart, false);
  });

  it('rejects a backslash followed by more text on its line', () => {
    const t = lex('x = 1 \\ 2')[3];
    assert.equal(t.kind, 'invalid');
    assert.equal(t.message, "a '\\' continues a line only as the last character on it");
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
