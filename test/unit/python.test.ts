import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluate, LineIndex, type EvalResult } from '../../src/lang';

// The Python subset beyond what the differential corpus (python-corpus.test.ts)
// compares with CPython: where errors point, the bounds on loops and recursion,
// memory over a long training loop, micrograd's nn and the demo's numbers.

function errors(result: EvalResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

function printed(result: EvalResult): string[] {
  return result.cells.flatMap((c) => c.printed.map((p) => p.text));
}

/** The source text a diagnostic's range covers, and its 1-based line. */
function at(text: string, result: EvalResult, i = 0): string {
  const d = result.diagnostics.filter((x) => x.severity === 'error')[i];
  const line = new LineIndex(text).positionAt(d.range.start).line + 1;
  return `${line}:${text.slice(d.range.start, d.range.end)}`;
}

describe('errors inside functions, classes and loops', () => {
  test('an error deep in a call points at its innermost expression, the calls as related information', () => {
    const text = [
      'class Neuron:',
      '    def __init__(self, nin):',
      '        self.w = [Value(1.0) for _ in range(nin)]',
      '        self.b = Value(0.0)',
      '    def parameters(self):',
      '        return self.w + [self.bb]',
      'n = Neuron(2)',
      'ps = n.parameters()',
      'print(len(ps))',
    ].join('\n');
    const result = evaluate(text);
    assert.deepEqual(errors(result), ["AttributeError: 'Neuron' object has no attribute 'bb' — did you mean 'b'?"]);
    assert.equal(at(text, result), '6:bb');
    const d = result.diagnostics[0];
    assert.deepEqual(d.related!.map((r) => text.slice(r.range.start, r.range.end)), ['n.parameters()']);
    // The statement that failed binds nothing; using its name is not a second error.
    assert.deepEqual(printed(result), []);
  });

  test('a typo in a method is one diagnostic, however many statements call the method', () => {
    const text = 'class A:\n    def f(self):\n        out = 1\n        return outt\na = A()\nx = a.f()\ny = a.f()\nfor k in range(3):\n    a.f()\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), ["NameError: name 'outt' is not defined — did you mean 'out'?"]);
    assert.equal(at(text, result), '4:outt');
  });

  test('a misspelt name in a loop body is one NameError, suggesting the name meant, at the name', () => {
    const text = 'neurons = [1, 2]\ntotal = 0\nfor n in range(2):\n    total += nuerons[n]\nprint(total)\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), ["NameError: name 'nuerons' is not defined — did you mean 'neurons'?"]);
    assert.equal(at(text, result), '4:nuerons');
  });

  test('a wrong call to a built-in class points at the call, and says which method of the library failed', () => {
    const text = 'model = MLP(2, 16)\n';
    const result = evaluate(text);
    assert.equal(errors(result).length, 1);
    assert.match(errors(result)[0], /^TypeError: can only concatenate list \(not "int"\) to list \(in MLP.__init__\)$/);
    assert.equal(at(text, result), '1:MLP(2, 16)');
  });

  test('a syntax error inside a method is one diagnostic, and the rest of the class still works', () => {
    const text = 'class A:\n    def good(self):\n        return 1\n    def bad(self):\n        x = (1 +\n        return x\n    def also(self):\n        return 2\na = A()\nprint(a.good(), a.also())\n';
    const result = evaluate(text);
    assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
    assert.deepEqual(printed(result), ['1 2']);
  });

  test('a runaway loop stops at the time budget, reported at the loop', () => {
    const text = 'k = 0\nwhile True:\n    k += 1\n';
    const result = evaluate(text, { timeBudgetMs: 50 });
    assert.equal(result.stoppedByBound, 'time');
    assert.match(errors(result)[0], /ran longer than 50 ms/);
    assert.equal(at(text, result), '2:while True:');
  });

  test('recursion past the limit is a RecursionError at the call, and the next statement runs', () => {
    const text = 'def f(n):\n    return f(n + 1)\nf(0)\nprint("after")\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), ['RecursionError: maximum recursion depth exceeded']);
    assert.deepEqual(printed(result), ['after']);
  });

  test("a RecursionError's traceback folds the repeated call as CPython does", () => {
    const text = 'def f(n):\n    return f(n + 1)\nf(0)\n';
    const [error] = evaluate(text).diagnostics;
    const related = (error.related ?? []).map((r) => `${text.slice(r.range.start, r.range.end)}: ${r.message}`);
    assert.deepEqual(related.slice(0, 4), ['f(0): called from here', 'f(n + 1): called from here', 'f(n + 1): called from here', 'f(n + 1): called from here']);
    assert.match(related[4], /^f\(n \+ 1\): called from here: previous line repeated \d+ more times$/);
    assert.equal(related.length, 5);
  });

  test('recursion as deep as Python allows by default works', () => {
    const result = evaluate('def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\nprint(depth(900))\n');
    assert.deepEqual(errors(result), []);
    assert.deepEqual(printed(result), ['900']);
  });

  test('imports: the ones GradLens has are quiet; numpy is one warning, and lines using it are skipped quietly', () => {
    const text = 'import math\nimport random\nfrom micrograd.engine import Value\nfrom micrograd.nn import MLP\nfrom sklearn.datasets import make_moons\n' +
      'import numpy as np\nnp.random.seed(1337)\nprint(math.pi)\n';
    const result = evaluate(text);
    assert.equal(errors(result).length, 0);
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /'numpy' is not available in GradLens: use lists and comprehensions/);
    assert.deepEqual(printed(result), ['3.141592653589793']);
  });

  test("a Python builtin GradLens leaves out says so and why, at the name, instead of suggesting a typo", () => {
    const text = 'class A:\n    @staticmethod\n    def f():\n        return 1\nz = complex(1, 2)\nhelp = 3\nprint(help)\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), [
      "NameError: GradLens has no 'staticmethod': there are no descriptors, so a method always takes self; write a plain function outside the class",
      "NameError: GradLens has no 'complex': there are no complex numbers",
    ]);
    assert.equal(at(text, result, 0), '2:staticmethod');
    assert.equal(at(text, result, 1), '5:complex');
    // A program's own binding of such a name is just a name.
    assert.deepEqual(printed(result), ['3']);
  });
});

describe('the short form beside Python', () => {
  test('a number bound at the top of a cell is a number to Python and a leaf to the graph', () => {
    const text = 'h = 0.0001\na = 2.0\nb = -3.0\nc = 10.0\nd1 = a*b + c\nc += h\nd2 = a*b + c\nslope = (d2 - d1)/h\nprint(d1, d2, slope)\n';
    const result = evaluate(text);
    // CPython prints exactly this for the lecture's cell.
    assert.deepEqual(printed(result), ['4.0 4.0001 0.9999999999976694']);
    const cell = result.cells[0];
    assert.equal(cell.output, 'slope');
    assert.ok(cell.graph!.nodes.some((n) => n.label === 'h'), 'the slope has a graph, down to h');
    assert.equal(cell.values.d1.data, 4);
  });

  test('Value() is micrograd\'s Value: it prints as one and does not compare', () => {
    const result = evaluate('a = Value(2.0)\nprint(a)\nb = a < 3\n');
    assert.deepEqual(printed(result), ['Value(data=2.0, grad=0)']);
    assert.deepEqual(errors(result), ["TypeError: '<' not supported between instances of 'Value' and 'int'"]);
  });

  test('inside a function or a loop, numbers are plain numbers: a step builds only the nodes micrograd builds', () => {
    const text = 'w = Value(0.5)\nfor k in range(10):\n    loss = (w * 3.0 - 1.0)**2\n    w.grad = 0.0\n    loss.backward()\n    lr = 0.1\n    w.data -= lr * w.grad\nprint(round(w.data, 6))\n';
    const result = evaluate(text);
    assert.deepEqual(errors(result), []);
    // w*3.0: a constant and a product; - 1.0: a constant and a difference; **2: one node.
    assert.equal(result.cells[0].graphSize, 6);
  });
});

describe('training at full speed in bounded memory', () => {
  test('each step\'s graph is reclaimed: 200 steps of a model whose step builds 1,100 nodes fit in 3,000', () => {
    const text = [
      'import random',
      'random.seed(0)',
      'model = MLP(2, [8, 1])',
      'xs = [[random.uniform(-1, 1), random.uniform(-1, 1)] for _ in range(20)]',
      'for k in range(200):',
      '    loss = sum((model(list(map(Value, x))) - 1.0)**2 for x in xs)',
      '    model.zero_grad()',
      '    loss.backward()',
      '    for p in model.parameters():',
      '        p.data -= 0.01 * p.grad',
      'print(loss.data < 1)',
    ].join('\n');
    const result = evaluate(text, { maxNodes: 3_000 });
    assert.deepEqual(errors(result), []);
    assert.deepEqual(printed(result), ['True']);
    assert.ok(result.cells[0].graphSize > 1_000, `one step is ${result.cells[0].graphSize} nodes`);
  });

  test('a graph that truly outgrows the bound stops with the bound named', () => {
    const text = 'x = Value(1.0)\nys = []\nfor k in range(5000):\n    ys.append(x * k)\n';
    const result = evaluate(text, { maxNodes: 2_000 });
    assert.equal(result.stoppedByBound, 'nodes');
    assert.match(errors(result)[0], /graph nodes are alive at once \(the node bound is 2,000/);
  });
});

describe("micrograd's nn, built in", () => {
  test('the repr, the parameters and the random draws are micrograd\'s', () => {
    const result = evaluate('import random\nrandom.seed(1337)\nm = MLP(2, [3, 1])\nprint(m)\nprint(len(m.parameters()))\nprint(m.layers[0].neurons[0].w[0].data, m.layers[0].neurons[0].b)\n');
    assert.deepEqual(printed(result), [
      'MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]',
      '13',
      // random.seed(1337); random.uniform(-1, 1) in CPython, and micrograd's int bias.
      '0.23550571390294128 Value(data=0, grad=0)',
    ]);
  });

  test("a neuron's gradients are the hand-computed ones", () => {
    const text = 'n = Neuron(2)\nn.w[0].data = 0.5\nn.w[1].data = -2.0\nn.b.data = 1.0\nout = n([3.0, 1.0])\nout.backward()\n' +
      'print(out.data, n.w[0].grad, n.w[1].grad, n.b.grad)\n';
    // act = 1 + 0.5*3 + -2*1 = 0.5 > 0, so relu passes it: d/dw = x, d/db = 1.
    assert.deepEqual(printed(evaluate(text)), ['0.5 3.0 1.0 1']);
  });

  test("a user's own Neuron shadows the built-in one", () => {
    const result = evaluate('class Neuron:\n    def __init__(self, nin):\n        self.nin = nin\n    def __repr__(self):\n        return f"mine({self.nin})"\nprint(Neuron(3))\n');
    assert.deepEqual(printed(result), ['mine(3)']);
  });
});

describe('backward() in a loop', () => {
  test('a gradient that becomes infinite at some step is one warning at the call, naming the run', () => {
    const text = 'x = Value(1e-200)\nfor k in range(4):\n    y = x ** (-0.5 * k)\n    y.backward()\n';
    const result = evaluate(text);
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    assert.deepEqual(warnings.map((w) => w.message), [
      'backward() made a gradient NaN or infinite (on run 3 of this line): a NaN or an infinity is in the graph',
    ]);
    assert.equal(text.slice(warnings[0].range.start, warnings[0].range.end), 'y.backward()');
  });
});

describe("scikit-learn's make_moons from Python", () => {
  test('a float where scikit-learn wants an int, or a noise out of range, is refused with the value as Python writes it', () => {
    const calls = ['n_samples=100.0', 'noise=-1.0', 'noise=-1', 'random_state=2.0'];
    const text = 'from sklearn.datasets import make_moons\n' + calls.map((c) => `try:\n    make_moons(${c})\nexcept ValueError as e:\n    print(str(e).split('. ')[-1])\n`).join('');
    assert.deepEqual(printed(evaluate(text)), ['Got 100.0 instead.', 'Got -1.0 instead.', 'Got -1 instead.', 'Got 2.0 instead.']);
  });
});

describe("micrograd's demo", () => {
  const demo = readFileSync(join(__dirname, '..', '..', 'examples', '08-moons.grad'), 'utf8');
  const expected = readFileSync(join(__dirname, '..', 'fixtures', 'moons-demo.txt'), 'utf8').trimEnd().split('\n');

  test("its first three losses are micrograd's, to 1e-9", () => {
    const result = evaluate(demo.replace('for k in range(100):', 'for k in range(3):'), { timeBudgetMs: 60_000 });
    assert.deepEqual(errors(result), []);
    const losses = printed(result).flatMap((l) => /^step \d+ loss (\S+),/.exec(l)?.[1] ?? []).map(Number);
    const micrograd = [0.8958441028683222, 1.7235905336972022, 0.7429006313851131];
    losses.forEach((x, i) => assert.ok(Math.abs(x - micrograd[i]) <= 1e-9 * micrograd[i], `step ${i}: ${x} vs ${micrograd[i]}`));
    // What the notebook prints before training, word for word.
    assert.deepEqual(printed(result).slice(0, 3), expected.slice(0, 3));
  });
});
