import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../src/lang';

// Numeric edge cases (issue 10, item 3). Plain Python numbers print what python3 3.11
// prints (the expected text below was copied from python3's output); micrograd Values
// follow micrograd's engine.py and the lecture's Value (tanh, exp, log). Each case is
// a defined value or a diagnostic at the exact expression, and a NaN or infinite
// gradient is never silent: backward() warns where it makes one.

interface Seen {
  printed: string[];
  /** `severity message @ text the range covers`, one per diagnostic. */
  diagnostics: string[];
}

function run(text: string): Seen {
  const result = evaluate(text);
  return {
    printed: result.cells.flatMap((c) => c.printed.map((p) => p.text)),
    diagnostics: result.diagnostics.map((d) => `${d.severity} ${d.message} @ ${text.slice(d.range.start, d.range.end)}`),
  };
}

const BACKWARD_WARNING = 'warning backward() made a gradient NaN or infinite: a NaN or an infinity is in the graph @ ';
const COMPLEX = 'is a complex number in Python, and GradLens has no complex numbers';

describe('log of 0 and of a negative number', () => {
  test('math.log raises ValueError: math domain error at the call, as CPython does', () => {
    assert.deepEqual(run('import math\nprint(math.log(0))\n').diagnostics, ['error ValueError: math domain error @ math.log(0)']);
    assert.deepEqual(run('import math\nprint(math.log(-1))\n').diagnostics, ['error ValueError: math domain error @ math.log(-1)']);
    assert.deepEqual(run('import math\nprint(math.log(1e-400))\n').diagnostics, ['error ValueError: math domain error @ math.log(1e-400)']);
  });

  test("a Value's log(0) is -inf with a warning at the expression, and backward() warns of its infinite grad", () => {
    const seen = run('a = Value(0.0)\nb = a.log()\nprint(b)\nb.backward()\nprint(a.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=-inf, grad=0)', 'inf']);
    assert.deepEqual(seen.diagnostics, [
      'warning a.log() is -inf: log(0) is -infinity @ a.log()',
      BACKWARD_WARNING + 'b.backward()',
    ]);
  });

  test("a Value's log of a negative number is nan, a warning naming the number", () => {
    const seen = run('a = Value(-2.0)\nb = log(a)\nb.backward()\nprint(b, a.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=nan, grad=1) -0.5']);
    assert.deepEqual(seen.diagnostics, ['warning log(a) is nan: log of a negative number (-2.0) is undefined @ log(a)']);
  });
});

describe('exp(1000)', () => {
  test('math.exp(1000) raises OverflowError: math range error; math.exp(-1000) is 0.0', () => {
    assert.deepEqual(run('import math\nprint(math.exp(1000))\n').diagnostics, ['error OverflowError: math range error @ math.exp(1000)']);
    assert.deepEqual(run('import math\nprint(math.exp(-1000))\n').printed, ['0.0']);
  });

  test("a Value's exp(1000) is inf, a warning at the expression (micrograd's math.exp would raise), and its grad is inf with a warning", () => {
    const seen = run('a = Value(1000.0)\nb = a.exp()\nprint(b)\nb.backward()\nprint(a.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=inf, grad=0)', 'inf']);
    assert.deepEqual(seen.diagnostics, [
      'warning a.exp() is inf: exp(1000.0) overflows @ a.exp()',
      BACKWARD_WARNING + 'b.backward()',
    ]);
  });
});

describe('division by zero and 0 ** -1', () => {
  test("plain numbers raise CPython's ZeroDivisionError at the expression", () => {
    const cases: [string, string][] = [
      ['0 ** -1', 'ZeroDivisionError: 0.0 cannot be raised to a negative power'],
      ['0.0 ** -1', 'ZeroDivisionError: 0.0 cannot be raised to a negative power'],
      ['1/0', 'ZeroDivisionError: division by zero'],
      ['0/0', 'ZeroDivisionError: division by zero'],
      ['1.0/0.0', 'ZeroDivisionError: float division by zero'],
      ['0.0/0.0', 'ZeroDivisionError: float division by zero'],
    ];
    for (const [expr, message] of cases) {
      assert.deepEqual(run(`print(${expr})\n`).diagnostics, [`error ${message} @ ${expr}`], expr);
    }
  });

  test("the short form is Python's numbers: a = 1.0; a / 0.0 is float division by zero", () => {
    assert.deepEqual(run('a = 1.0\nb = 0.0\nc = a / b\n').diagnostics, ['error ZeroDivisionError: float division by zero @ a / b']);
    assert.deepEqual(run('a = 0.0\nb = a ** -1\n').diagnostics, ['error ZeroDivisionError: 0.0 cannot be raised to a negative power @ a ** -1']);
  });

  test("Values divide as micrograd's self * other**-1, so every division by a zero Value raises 0.0's ZeroDivisionError at the expression", () => {
    const cases: [string, string][] = [
      ['a = Value(1.0)\nb = a / Value(0.0)\n', 'a / Value(0.0)'],
      ['a = Value(0.0)\nb = a / Value(0.0)\n', 'a / Value(0.0)'],
      ['a = Value(1.0)\nb = a / 0\n', 'a / 0'],
      ['a = 1.0\nb = Value(0.0)\nc = a / b\n', 'a / b'],
      ['a = Value(1.0)\na /= 0.0\n', 'a /= 0.0'],
      ['x = Value(0.0)\ny = x ** -1\n', 'x ** -1'],
      ['x = Value(0.0)\ny = pow(x, -1)\n', 'pow(x, -1)'],
      ['x = Value(0.0)\ny = x.__pow__(-1)\n', 'x.__pow__(-1)'],
    ];
    for (const [text, expr] of cases) {
      assert.deepEqual(run(text).diagnostics, [`error ZeroDivisionError: 0.0 cannot be raised to a negative power @ ${expr}`], text);
    }
  });

  test('a Value exponent raises the same error as a number exponent: 0.0 ** Value(-1.0) (it was inf with a warning)', () => {
    assert.deepEqual(run('a = Value(0.0)\nb = Value(-1.0)\nc = a ** b\n').diagnostics,
      ['error ZeroDivisionError: 0.0 cannot be raised to a negative power @ a ** b']);
    assert.deepEqual(run('a = Value(0.0)\nc = a ** Value(-0.5)\n').diagnostics,
      ['error ZeroDivisionError: 0.0 cannot be raised to a negative power @ a ** Value(-0.5)']);
  });

  test("0.0 ** -inf is inf, as CPython's float_pow says (it raised ZeroDivisionError)", () => {
    // python3 -c "print(0.0 ** float('-inf'))" prints inf
    const seen = run("print(0.0 ** float('-inf'))\n");
    assert.deepEqual(seen.printed, ['inf']);
    assert.deepEqual(seen.diagnostics, []);
  });
});

describe('a negative number to a fractional power', () => {
  test('(-8) ** (1/3), complex in Python, is a ValueError naming complex numbers, at the expression', () => {
    // python3: (-8) ** (1/3) == (1.0000000000000002+1.7320508075688772j)
    assert.deepEqual(run('print((-8) ** (1/3))\n').diagnostics,
      [`error ValueError: a negative number raised to a fractional power ${COMPLEX} @ (-8) ** (1/3)`]);
    assert.deepEqual(run('a = -8.0\nb = a ** (1/3)\n').diagnostics,
      [`error ValueError: a negative number raised to a fractional power ${COMPLEX} @ a ** (1/3)`]);
  });

  test('on a Value it is nan with a warning that names the complex number (micrograd would hold a complex data)', () => {
    const seen = run('x = Value(-8.0)\ny = x ** (1/3)\nprint(y)\n');
    assert.deepEqual(seen.printed, ['Value(data=nan, grad=0)']);
    assert.deepEqual(seen.diagnostics, [`warning x ** (1/3) is nan: a negative number (-8.0) raised to a fractional power ${COMPLEX} @ x ** (1/3)`]);
    assert.deepEqual(run('a = Value(-2.0)\nb = Value(0.5)\nc = a ** b\n').diagnostics,
      [`warning a ** b is nan: a negative number (-2.0) raised to a fractional power ${COMPLEX} @ a ** b`]);
  });

  test('(-8.0) ** 2 and ** -1 are defined, as in Python', () => {
    assert.deepEqual(run('print((-8.0)**2, (-8.0)**-1)\n').printed, ['64.0 -0.125']);
    const seen = run('x = Value(-8.0)\ny = x ** 2\ny.backward()\nprint(y, x.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=64.0, grad=1) -16.0']);
    assert.deepEqual(seen.diagnostics, []);
  });
});

describe('** with a Value exponent (micrograd asserts int/float powers; GradLens differentiates both sides)', () => {
  test('a positive base: the exponent gets out·log(x)', () => {
    const seen = run('a = Value(2.0)\nb = Value(3.0)\nc = a ** b\nc.backward()\nprint(c, a.grad, b.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=8.0, grad=1) 12.0 5.545177444479562']);
    assert.deepEqual(seen.diagnostics, []);
  });

  test("a non-positive base: the exponent's grad, out·log(x), is nan, and backward() warns", () => {
    const negative = run('a = Value(-2.0)\nb = Value(2.0)\nc = a ** b\nc.backward()\nprint(c, a.grad, b.grad)\n');
    assert.deepEqual(negative.printed, ['Value(data=4.0, grad=1) -4.0 nan']);
    assert.deepEqual(negative.diagnostics, [BACKWARD_WARNING + 'c.backward()']);
    const zero = run('a = Value(0.0)\nb = Value(2.0)\nc = a ** b\nc.backward()\nprint(c, a.grad, b.grad)\n');
    assert.deepEqual(zero.printed, ['Value(data=0.0, grad=1) 0.0 nan']);
    assert.deepEqual(zero.diagnostics, [BACKWARD_WARNING + 'c.backward()']);
  });
});

describe('tanh(±1000)', () => {
  test('math.tanh gives ±1.0', () => {
    assert.deepEqual(run('import math\nprint(math.tanh(1000), math.tanh(-1000))\n').printed, ['1.0 -1.0']);
  });

  test("a Value's tanh(±1000) is ±1.0 with grad 0.0, no warning", () => {
    for (const [x, out] of [['1000.0', '1.0'], ['-1000.0', '-1.0']]) {
      const seen = run(`a = Value(${x})\nb = a.tanh()\nb.backward()\nprint(b, a.grad)\n`);
      assert.deepEqual(seen.printed, [`Value(data=${out}, grad=1) 0.0`], x);
      assert.deepEqual(seen.diagnostics, [], x);
    }
  });
});

describe('huge and tiny literals', () => {
  test('print what python3 prints', () => {
    const cases: [string, string][] = [
      ['1e308*10', 'inf'],
      ['-1e308*10', '-inf'],
      ['1e308*10 - 1e308*10', 'nan'],
      ['1e-400', '0.0'],
      ['1/10**400', '0.0'],
      ['10**-400', '0.0'],
      ['10**400', '1' + '0'.repeat(400)],
      ['2**64', '18446744073709551616'],
    ];
    for (const [expr, out] of cases) {
      const seen = run(`print(${expr})\n`);
      assert.deepEqual(seen.printed, [out], expr);
      assert.deepEqual(seen.diagnostics, [], expr);
    }
  });

  test("raise CPython's OverflowError at the expression", () => {
    const cases: [string, string][] = [
      ['float(10**400)', 'OverflowError: int too large to convert to float'],
      ['10**400 * 1.0', 'OverflowError: int too large to convert to float'],
      ['10**400/1', 'OverflowError: integer division result too large for a float'],
      ['2.0**10000', "OverflowError: (34, 'Numerical result out of range')"],
      ['int(1e308*10)', 'OverflowError: cannot convert float infinity to integer'],
    ];
    for (const [expr, message] of cases) {
      assert.deepEqual(run(`print(${expr})\n`).diagnostics, [`error ${message} @ ${expr}`], expr);
    }
  });

  test('a Value that overflows is inf, a warning at the expression that says so', () => {
    const seen = run('a = Value(1e308)\nb = a * 10\nprint(b)\n');
    assert.deepEqual(seen.printed, ['Value(data=inf, grad=0)']);
    assert.deepEqual(seen.diagnostics, ['warning a * 10 is inf: the result overflows a float @ a * 10']);
  });

  test('a NaN made from an infinity is warned where the infinity was made, once', () => {
    const seen = run('a = Value(1e200)\nb = a * a\nc = b - b\nc.backward()\nprint(c, a.grad)\n');
    assert.deepEqual(seen.printed, ['Value(data=nan, grad=1) 0.0']);
    assert.deepEqual(seen.diagnostics, ['warning a * a is inf: the result overflows a float @ a * a']);
  });
});

describe('relu at 0', () => {
  test("micrograd's relu: data 0 stays the input (0.0 or the int 0), grad (out.data > 0) * out.grad is the int 0", () => {
    assert.deepEqual(run('a = Value(0.0)\nb = a.relu()\nb.backward()\nprint(b, a.grad)\n').printed, ['Value(data=0.0, grad=1) 0']);
    assert.deepEqual(run('a = Value(0)\nb = relu(a)\nb.backward()\nprint(b, a.grad)\n').printed, ['Value(data=0, grad=1) 0']);
    assert.deepEqual(run('a = Value(-0.5)\nb = a.relu()\nb.backward()\nprint(b, a.grad)\n').printed, ['Value(data=0, grad=1) 0']);
  });
});
