import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, LineIndex, type CellResult, type EvalResult } from '../../src/lang';
import { LECTURE } from '../fixtures/lecture';


function close(actual: number, expected: number, digits = 4): void {
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} ≈ ${expected}`);
}

function errors(result: EvalResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

/** The diagnostic's range as `line:col-line:col`, 1-based as the CLI prints it. */
function where(text: string, result: EvalResult, i = 0): string {
  const lines = new LineIndex(text);
  const d = result.diagnostics[i];
  const s = lines.positionAt(d.range.start), e = lines.positionAt(d.range.end);
  return `${s.line + 1}:${s.column + 1}-${e.line + 1}:${e.column + 1}`;
}

function node(cell: CellResult, label: string) {
  const found = cell.nodes.find((n) => n.label === label);
  assert.ok(found, `node labelled ${label} in ${cell.nodes.map((n) => n.label).join(', ')}`);
  return found;
}

describe('evaluate: the lecture', () => {
  test("the first expression gives L = -8 and the lecture's gradients without backward()", () => {
    const result = evaluate(LECTURE);
    assert.deepEqual(result.diagnostics, []);
    const [cell] = result.cells;
    assert.equal(cell.title, "The lecture's first expression");
    assert.equal(cell.output, 'L');
    assert.deepEqual(cell.values, {
      a: { data: 2, grad: 6 }, b: { data: -3, grad: -4 }, c: { data: 10, grad: -2 },
      e: { data: -6, grad: -2 }, d: { data: 4, grad: -2 }, f: { data: -2, grad: 4 }, L: { data: -8, grad: 1 },
    });
    assert.equal(cell.ownsGradients, false);
    assert.deepEqual(cell.graph!.nodes.map((n) => n.label), ['a', 'b', 'c', 'e', 'd', 'f', 'L']);
    assert.equal(node(cell, 'e').op, '*');
    assert.deepEqual(node(cell, 'e').names, ['e']);
  });

  test('lecture forms pasted as written', () => {
    const text = `
a = Value(2.0, label='a')
b = Value(-3.0, label='b')
c = Value(10.0, label='c')
e = a*b; e.label = 'e'
d = e + c; d.label = 'd'
f = Value(-2.0, label='f')
L = d * f; L.label = 'L'
L.backward()
draw_dot(L)
`;
    const result = evaluate(text);
    assert.deepEqual(result.diagnostics, []);
    const [cell] = result.cells;
    assert.equal(cell.output, 'L');
    assert.equal(cell.ownsGradients, true);
    assert.deepEqual(cell.values.a, { data: 2, grad: 6 });
    assert.deepEqual(cell.values.f, { data: -2, grad: 4 });
  });

  test('the tanh neuron, with unnamed intermediates labelled by their source text', () => {
    const result = evaluate(`
x1 = 2.0; x2 = 0.0
w1 = -3.0; w2 = 1.0
b = 6.8813735870195432
n = x1*w1 + x2*w2 + b
o = tanh(n)
`);
    assert.deepEqual(result.diagnostics, []);
    const [cell] = result.cells;
    close(cell.values.o.data, 0.7071);
    close(cell.values.n.grad, 0.5);
    close(cell.values.x1.grad, -1.5);
    close(cell.values.w1.grad, 1.0);
    close(cell.values.x2.grad, 0.5);
    close(cell.values.w2.grad, 0);
    assert.equal(node(cell, 'x1*w1').op, '*');
    assert.equal(node(cell, 'x1*w1 + x2*w2').op, '+');
  });

  test('tanh through exp: constants are leaves labelled by their text', () => {
    const [cell] = evaluate(`n = 0.8813735870195432
e = (2*n).exp()
o = (e - 1) / (e + 1)
`).cells;
    close(cell.values.o.data, 0.7071);
    close(cell.values.n.grad, 0.5);
    const two = node(cell, '2');
    assert.equal(two.kind, 'constant');
  });

  test("b = a + a gives a.grad == 2 (the lecture's accumulation bug, fixed)", () => {
    const [cell] = evaluate('a = 3.0\nb = a + a\nb.backward()\n').cells;
    assert.equal(cell.values.a.grad, 2);
  });

  test('backward() accumulates across cells as micrograd does, until a grad is reset', () => {
    const result = evaluate(`# %% one
a = 3.0
b = a * 2
b.backward()
# %% two
b.backward()
# %% reset
a.grad = 0.0
b.grad = 0.0
b.backward()
`);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.cells.map((c) => c.nodes.find((n) => n.label === 'a')!.grad), [2, 4, 2]);
  });

  test('each cell shows data and grad as they stood at its end', () => {
    const result = evaluate(`# %%
a = 2.0
b = -3.0
L = a * b
L.backward()
# %% step
a.data += 0.01 * a.grad
L2 = a * b
`);
    assert.deepEqual(errors(result), []);
    const [first, second] = result.cells;
    assert.equal(first.values.a.data, 2);
    assert.equal(second.values.a.data, 2 + 0.01 * -3);
    assert.equal(second.output, 'L2');
    close(second.values.L2.data, -5.91);
  });

  test("micrograd's README example", () => {
    const [cell] = evaluate(`a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
g.backward()
print(g.data, a.grad, b.grad)
`).cells;
    close(cell.values.g.data, 24.7041);
    close(cell.values.a.grad, 138.8338);
    close(cell.values.b.grad, 645.5773);
    assert.equal(cell.output, 'g');
    assert.match(cell.printed[0].text, /^24\.70408\d* 138\.83381\d* 645\.57725\d*$/);
  });

  test("a named number works where the lecture uses a float (a.data += h)", () => {
    const [cell] = evaluate('a = 2.0\nh = 0.001\na.data += h\nb = Value(h)\n').cells;
    assert.equal(cell.values.a.data, 2.001);
    assert.equal(cell.values.b.data, 0.001);
  });

  test('print writes as Python does', () => {
    const text = "a = 2.0\nv = Value(2.0)\nprint(a.data, a.grad, 1e-5, 'x', a, v)\nprint(9.999999999999999e-05, 1e16, 123.5, -0.0)\n";
    const [cell] = evaluate(text).cells;
    assert.deepEqual(cell.printed.map((p) => p.text), [
      // The short form a = 2.0 is a number to Python; a micrograd Value prints as one,
      // its grad starting as the int 0.
      '2.0 0 1e-05 x 2.0 Value(data=2.0, grad=0)',
      '9.999999999999999e-05 1e+16 123.5 -0.0',
    ]);
  });

  test('Value(data=...) as a notebook echoes it', () => {
    const [cell] = evaluate("a = Value(data=-8.0)\nb = Value(data=2.0, label='b')\n").cells;
    assert.equal(cell.values.a.data, -8);
    assert.equal(cell.nodes.find((n) => n.id === cell.outputNode)?.label, 'b');
  });

  test("_backward() applies one node's local step", () => {
    const [cell] = evaluate(`a = 2.0
b = -3.0
e = a * b
e.grad = 1.0
e._backward()
`).cells;
    assert.equal(cell.values.a.grad, -3);
    assert.equal(cell.values.b.grad, 2);
  });
});

describe('evaluate: cells', () => {
  test('cells share one scope and a failing cell does not stop the next', () => {
    const text = '# %% one\na = 2.0\n# %% two\nb = a * nope\n# %% three\nc = a * 3\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), ["NameError: name 'nope' is not defined"]);
    assert.equal(result.diagnostics[0].cell, 1);
    assert.equal(where(text, result), '4:9-4:13');
    assert.equal(result.cells[2].values.c.data, 6);
  });

  test('a cell with no statements that make a Value has no output', () => {
    const result = evaluate("# %% words\nprint('hello')\n");
    assert.equal(result.cells[0].output, null);
    assert.equal(result.cells[0].graph, null);
    assert.deepEqual(result.cells[0].printed.map((p) => p.text), ['hello']);
  });

  test("a cell's output: backward() before draw_dot() before the last statement", () => {
    const [cell] = evaluate('a = 2.0\nb = a * 3\nc = b + 1\ndraw_dot(b)\nd = c * 2\n').cells;
    assert.equal(cell.output, 'b');
    const [cell2] = evaluate('a = 2.0\nb = a * 3\nb.backward()\ndraw_dot(a)\nc = b + 1\n').cells;
    assert.equal(cell2.output, 'b');
  });

  test("a cell that only sets grads by hand keeps the previous cell's output when its graph holds them", () => {
    const text = LECTURE + '# %% by hand\nL.grad = 1.0\n# %%\nf.grad = 4.0\nd.grad = -2.0\n# %% elsewhere\nz = 3.0\n# %%\nz.grad = 1.0\n';
    assert.deepEqual(evaluate(text).cells.map((c) => c.output), ['L', 'L', 'L', 'z', 'z']);
  });

  test('without such a previous output, the set Value whose graph holds the others', () => {
    const [cell] = evaluate('a = 2.0\nb = a * 3\nc = 5.0\n# %%\na.grad = 3.0\nb.grad = 1.0\n').cells.slice(1);
    assert.equal(cell.output, 'b');
  });

  test('references and bindings point at the nodes they meant', () => {
    const text = 'a = 2.0\nb = a * a\n';
    const [cell] = evaluate(text).cells;
    const refs = cell.references.map((r) => `${r.name}@${r.range.start}`);
    assert.deepEqual(refs, ['a@0', 'b@8', 'a@12', 'a@16']);
    assert.deepEqual(cell.bindings.map((b) => [b.name, text.slice(b.range.start, b.range.end)]),
      [['a', 'a = 2.0'], ['b', 'b = a * a']]);
  });

  test('a cell keeps the numbers of every Value it read, even one replaced later', () => {
    const [cell] = evaluate('a = 2.0\nL = a * 3\nL1 = L.data\nL = a * 4\nprint(a.data)\n').cells;
    const firstL = cell.references.find((r) => r.name === 'L')!;
    const node = cell.nodes.find((n) => n.id === firstL.node);
    assert.equal(node?.data, 6);
  });
});

describe('evaluate: gradient checks', () => {
  const checks = (text: string, which: boolean | number = true) =>
    evaluate(text, { checkGradients: which }).cells.map((c) => c.check);
  const verdicts = (text: string) => checks(text)[0]!.values.map((v) => `${v.label} ${v.shown} ${v.ok ? 'ok' : 'FAIL'}`);

  test('every Value of the output graph but the constants is checked, inputs first', () => {
    const [check] = checks(LECTURE + 'M = L * 2\n');
    assert.deepEqual(check!.values.map((v) => [v.label, v.ok]),
      [['a', true], ['b', true], ['c', true], ['e', true], ['d', true], ['f', true], ['L', true], ['M', true]]);
    assert.equal(check!.values[0].shown, 12);
    close(check!.values[0].numeric, 12);
  });

  test('gradients set by hand are checked as written, intermediate ones too', () => {
    const byHand = (dGrad: string) =>
      `a = 2.0\nb = -3.0\nd = a * b\nL = d * 2\nL.grad = 1.0\nd.grad = ${dGrad}\na.grad = -6.0\nb.grad = 4.0\n`;
    assert.deepEqual(verdicts(byHand('2.0')), ['a -6 ok', 'b 4 ok', 'd 2 ok', 'L 1 ok']);
    assert.deepEqual(verdicts(byHand('7.0')), ['a -6 ok', 'b 4 ok', 'd 7 FAIL', 'L 1 ok']);
  });

  test('grads doubled by a second backward() fail, as they should', () => {
    assert.deepEqual(verdicts('a = 3.0\nb = a * 2\nb.backward()\nb.backward()\n'), ['a 4 FAIL', 'b 1 ok']);
  });

  test('a cell index checks that cell only', () => {
    const text = '# %% one\na = 2.0\nb = a * a\n# %% two\nc = b * 3\n';
    assert.deepEqual(checks(text, 1).map((c) => c !== null), [false, true]);
  });
});

describe('evaluate: mistakes are diagnostics', () => {
  test('an undefined name suggests the closest one', () => {
    const text = 'x1 = 2.0\ny = x * 2\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), ["NameError: name 'x' is not defined — did you mean 'x1'?"]);
    assert.equal(where(text, result), '2:5-2:6');
  });

  test('one mistake, one diagnostic: statements using a failed name are skipped quietly', () => {
    const text = 'a = 2.0\ne = a * nope\nd = e + 1\nL = d * 2\n';
    const result = evaluate(text);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.cells[0].output, 'a');
  });

  test('a syntax error later in the file does not hide an earlier use of the same name', () => {
    const result = evaluate('# %% 1\nd = e + 1\n# %% 2\ne = a *\n');
    assert.deepEqual(result.diagnostics.map((x) => x.message), ["NameError: name 'e' is not defined", "expected an expression after '*'"]);
  });

  test('nor does one in a statement that spans lines', () => {
    const result = evaluate('a = 2.0\ne = (a *\n)\nd = e + 1\n');
    assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
  });

  test('a syntax error does not cascade into "not defined" errors', () => {
    const result = evaluate('a = 2.0\ne = a *\nd = e + 1\n');
    assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
  });

  test('NaN and infinities are warnings at the expression that made them', () => {
    const text = 'a = -2.0\nb = log(a)\nc = b * 2\nx = 1000.0\ny = exp(x)\n';
    const result = evaluate(text);
    assert.deepEqual(result.diagnostics.map((d) => d.severity), ['warning', 'warning']);
    assert.match(result.diagnostics[0].message, /log\(a\) is nan: log of a negative number/);
    assert.equal(where(text, result, 0), '2:5-2:11');
    assert.match(result.diagnostics[1].message, /exp\(x\) is inf: exp\(1000\.0\) overflows/);
    assert.equal(where(text, result, 1), '5:5-5:11');
  });

  test("wrong kinds of values get Python's words, at the innermost expression", () => {
    const cases: [string, RegExp, string][] = [
      ['a = 2.0\na.label = 3', /a label is text/, 'a.label'],
      ["a = 2.0\na.data = 'x'", /TypeError: a Value's data must be a number, not 'str'/, 'a.data'],
      ['a = Value(2.0)\nb = a.foo', /AttributeError: 'Value' object has no attribute 'foo'$/, 'foo'],
      ['a = 2.0\nb = a.foo', /AttributeError: 'float' object has no attribute 'foo'$/, 'foo'],
      ['a = 2.0\nb = a.tanhh()', /did you mean 'tanh'/, 'a.tanhh()'],
      ['a = 2.0\nb = tahn(a)', /NameError: name 'tahn' is not defined — did you mean 'tanh'\?/, 'tahn'],
      ['b = Value()', /TypeError: Value\(\) missing 1 required positional argument: 'data'/, 'Value()'],
      ['b = Value(1.0, data=2.0)', /TypeError: Value\(\) got multiple values for argument 'data'/, 'Value(1.0, data=2.0)'],
      ["b = Value(2.0, name='x')", /TypeError: Value\(\) got an unexpected keyword argument 'name'/, "Value(2.0, name='x')"],
      ['b = 1 / 0', /ZeroDivisionError: division by zero/, '1 / 0'],
      ['a = Value(2.0)\nb = a + [1]', /TypeError: unsupported operand type\(s\) for \+: 'Value' and 'list'/, 'a + [1]'],
      ['a = 2.0\nb = a + [1]', /TypeError: unsupported operand type\(s\) for \+: 'float' and 'list'/, 'a + [1]'],
      ['import math\na = Value(2.0)\nb = math.exp(a)', /TypeError: must be real number, not Value: for a Value, use its method/, 'math.exp(a)'],
      ["xs = [1, 2]\ny = xs[2]", /IndexError: list index out of range/, 'xs[2]'],
    ];
    for (const [text, message, at] of cases) {
      const result = evaluate(text);
      assert.equal(errors(result).length, 1, `${text}: ${JSON.stringify(result.diagnostics)}`);
      assert.match(errors(result)[0], message, text);
      const d = result.diagnostics.find((x) => x.severity === 'error')!;
      assert.equal(text.slice(d.range.start, d.range.end), at, text);
    }
  });
});

describe('evaluate: bounds', () => {
  test('the node bound stops evaluation and says so', () => {
    const text = '# %% a\na = 1.0\nb = a + a + a + a + a\n# %% b\nc = a * 2\n';
    const result = evaluate(text, { maxNodes: 3 });
    assert.equal(result.stoppedByBound, 'nodes');
    assert.match(errors(result)[0], /5 graph nodes are alive at once \(the node bound is 3: raise gradlens\.maxNodes/);
    assert.equal(result.cells.length, 2);
    assert.equal(result.cells[1].output, null);
  });

  test('the time bound stops evaluation and says so', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `x${i} = ${i}.0 * 2`).join('\n');
    const result = evaluate(text, { timeBudgetMs: 0 });
    assert.equal(result.stoppedByBound, 'time');
    assert.match(errors(result)[0], /ran longer than 0 ms/);
  });

  test('a very long sum in one statement is fast, with labels cut short', () => {
    const text = 'a = 1.0\nb = ' + Array(5000).fill('a').join(' + ') + '\n';
    const started = performance.now();
    const [cell] = evaluate(text).cells;
    assert.ok(performance.now() - started < 2000);
    assert.equal(cell.values.b.data, 5000);
    const longest = Math.max(...cell.nodes.map((n) => n.label.length));
    assert.ok(longest <= 81, `longest label ${longest}`);
  });

  test('a sum of 100,000 terms on one line evaluates: its chain is a loop, not recursion', () => {
    const text = 'a = 1.0\nb = ' + Array(100_000).fill('a').join(' + ') + '\nc = a * 2\n';
    const result = evaluate(text, { maxNodes: 400_000 });
    assert.deepEqual(errors(result), []);
    assert.equal(result.cells[0].values.b.data, 100_000);
    assert.equal(result.cells[0].values.c.data, 2);
  });

  test('a long chain evaluates within the default bounds', () => {
    const lines = ['x = 0.5'];
    for (let i = 0; i < 20_000; i++) lines.push('x = x * 1.0001 + 0.0001');
    const result = evaluate(lines.join('\n'));
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.cells[0].output, 'x');
  });
});
