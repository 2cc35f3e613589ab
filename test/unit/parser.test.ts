import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type {
  Assign, Call, Cell, ComprehensionFor, Expr, ExprStmt, FormattedValue, FString, FunctionDef, If, Param, Stmt,
} from '../../src/lang/ast';
import { parse } from '../../src/lang/parser';
import { LineIndex, type SourceRange } from '../../src/lang/source';

// ---- helpers ----

/** A float as Python writes it (`2.0`), an int as itself: the tree keeps them apart. */
function num(value: number | bigint): string {
  if (typeof value === 'bigint') return String(value);
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}

/** An expression as an s-expression, to pin structure (precedence, associativity, shapes). */
function sx(e: Expr): string {
  switch (e.kind) {
    case 'number': return num(e.value);
    case 'string': return JSON.stringify(e.value);
    case 'fstring': return fstring(e);
    case 'constant': return e.value === 'ellipsis' ? '...' : String(e.value);
    case 'name': return e.name;
    case 'attribute': return `(. ${sx(e.object)} ${e.name})`;
    case 'subscript': return `([] ${sx(e.object)} ${sx(e.index)})`;
    case 'slice': return `(: ${e.lower ? sx(e.lower) : '_'} ${e.upper ? sx(e.upper) : '_'} ${e.step ? sx(e.step) : '_'})`;
    case 'call': {
      const keywords = e.keywords.map((k) => (k.name === null ? `**${sx(k.value)}` : `${k.name}=${sx(k.value)}`));
      return `(call ${[sx(e.callee), ...e.args.map(sx), ...keywords].join(' ')})`;
    }
    case 'unary': return `(${e.op} ${sx(e.operand)})`;
    case 'binary': return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'boolop': return `(${e.op} ${e.values.map(sx).join(' ')})`;
    case 'compare': return `(${[sx(e.left), ...e.ops.flatMap((op, i) => [op, sx(e.comparators[i])])].join(' ')})`;
    case 'ifexp': return `(ifexp ${sx(e.test)} ${sx(e.body)} ${sx(e.orelse)})`;
    case 'lambda': return `(lambda (${e.params.map(param).join(' ')}) ${sx(e.body)})`;
    case 'tuple': return `(${e.parenthesized ? 'tuple' : 'tuple*'}${e.elements.map((x) => ` ${sx(x)}`).join('')})`;
    case 'list': return `[${e.elements.map(sx).join(' ')}]`;
    case 'set': return `{${e.elements.map(sx).join(' ')}}`;
    case 'dict': return `{${e.entries.map((en) => (en.key === null ? `**${sx(en.value)}` : `${sx(en.key)}: ${sx(en.value)}`)).join(', ')}}`;
    case 'listcomp': case 'setcomp': case 'genexp':
      return `(${e.kind} ${sx(e.element)} ${e.generators.map(generator).join(' ')})`;
    case 'dictcomp': return `(dictcomp ${sx(e.key)}: ${sx(e.value)} ${e.generators.map(generator).join(' ')})`;
    case 'starred': return `(* ${sx(e.value)})`;
  }
}

function fstring(e: FString): string {
  return `(f${e.parts.map((p) => ` ${typeof p === 'string' ? JSON.stringify(p) : field(p)}`).join('')})`;
}

function field(p: FormattedValue): string {
  const debug = p.debugText === null ? '' : ` debug=${JSON.stringify(p.debugText)}`;
  const conversion = p.conversion === null ? '' : ` !${p.conversion}`;
  const spec = p.spec === null ? '' : ` :${fstring(p.spec)}`;
  return `{${sx(p.value)}${debug}${conversion}${spec}}`;
}

function generator(g: ComprehensionFor): string {
  return `(for ${sx(g.target)} ${sx(g.iter)}${g.ifs.map((i) => ` (if ${sx(i)})`).join('')})`;
}

function param(p: Param): string {
  const prefix = { positional: '', varargs: '*', keyword: 'kw:', varkw: '**' }[p.kind];
  return `${prefix}${p.name}${p.default === null ? '' : `=${sx(p.default)}`}`;
}

function block(statements: Stmt[]): string {
  return `[${statements.map(sxStmt).join(' ')}]`;
}

function orelse(statements: Stmt[]): string {
  return statements.length === 0 ? '' : ` else ${block(statements)}`;
}

function sxStmt(s: Stmt): string {
  switch (s.kind) {
    case 'expr': return sx(s.expr);
    case 'assign': return `(= ${s.targets.map(sx).join(' ')} ${sx(s.value)})`;
    case 'augassign': return `(${s.op}= ${sx(s.target)} ${sx(s.value)})`;
    case 'if': return `(if ${sx(s.test)} ${block(s.body)}${orelse(s.orelse)})`;
    case 'while': return `(while ${sx(s.test)} ${block(s.body)}${orelse(s.orelse)})`;
    case 'for': return `(for ${sx(s.target)} ${sx(s.iter)} ${block(s.body)}${orelse(s.orelse)})`;
    case 'def': return `(${s.decorators.map((d) => `@${sx(d)} `).join('')}def ${s.name} (${s.params.map(param).join(' ')}) ${block(s.body)})`;
    case 'class': return `(${s.decorators.map((d) => `@${sx(d)} `).join('')}class ${s.name} (${s.bases.map(sx).join(' ')}) ${block(s.body)})`;
    case 'return': return s.value === null ? '(return)' : `(return ${sx(s.value)})`;
    case 'pass': case 'break': case 'continue': return s.kind;
    case 'import': return `(import ${s.names.map((n) => (n.asName === null ? n.name : `${n.name} as ${n.asName}`)).join(', ')})`;
    case 'importfrom': {
      const names = s.names === null ? '*' : s.names.map((n) => (n.asName === null ? n.name : `${n.name} as ${n.asName}`)).join(', ');
      return `(from ${s.module} import ${names})`;
    }
    case 'global': case 'nonlocal': return `(${s.kind} ${s.names.map((n) => n.name).join(' ')})`;
    case 'del': return `(del ${s.targets.map(sx).join(' ')})`;
    case 'assert': return `(assert ${sx(s.test)}${s.msg === null ? '' : ` ${sx(s.msg)}`})`;
    case 'raise': return `(raise${s.exc === null ? '' : ` ${sx(s.exc)}`}${s.cause === null ? '' : ` from ${sx(s.cause)}`})`;
    case 'try': {
      const handlers = s.handlers.map((h) => ` (except${h.type === null ? '' : ` ${sx(h.type)}`}${h.name === null ? '' : ` as ${h.name}`} ${block(h.body)})`);
      return `(try ${block(s.body)}${handlers.join('')}${orelse(s.orelse)}${s.finalbody.length === 0 ? '' : ` finally ${block(s.finalbody)}`})`;
    }
    case 'broken': return `(broken${s.names.map((n) => ` ${n}`).join('')})`;
  }
}

/** All statements of all cells. */
function statementsOf(text: string): Stmt[] {
  return parse(text).program.cells.flatMap((c) => c.statements);
}

/** Parses text that must be clean and returns all statements of all cells. */
function clean(text: string): Stmt[] {
  const { program, diagnostics } = parse(text);
  assert.deepEqual(diagnostics, [], `no diagnostics for ${JSON.stringify(text)}`);
  return program.cells.flatMap((c) => c.statements);
}

function one(text: string): Stmt {
  const statements = clean(text);
  assert.equal(statements.length, 1);
  return statements[0];
}

function expr(text: string): Expr {
  const s = one(text);
  assert.equal(s.kind, 'expr');
  return (s as ExprStmt).expr;
}

function assign(text: string): Assign {
  const s = one(text);
  assert.equal(s.kind, 'assign');
  return s as Assign;
}

/** The statements of `text` as s-expressions, which must parse clean. */
function tree(text: string): string[] {
  return clean(text).map(sxStmt);
}

/** Diagnostics as [message, start, end] (errors) or [message, start, end, 'warning']. */
function diags(text: string): (string | number)[][] {
  return parse(text).diagnostics.map((d) => {
    const row: (string | number)[] = [d.message, d.range.start, d.range.end];
    if (d.severity === 'warning') row.push('warning');
    return row;
  });
}

/** The one diagnostic of `text` as [message, the text it marks]. */
function marked(text: string): [string, string] {
  const { diagnostics } = parse(text);
  assert.equal(diagnostics.length, 1, `one diagnostic for ${JSON.stringify(text)}: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  return [diagnostics[0].message, slice(text, diagnostics[0].range)];
}

function slice(text: string, r: SourceRange): string {
  return text.slice(r.start, r.end);
}

const NEVER_CLOSED = "'(' was never closed";

// ---- the lecture ----

describe('parser: the lecture forms', () => {
  it("Value(2.0, label='a')", () => {
    const text = "a = Value(2.0, label='a')";
    const s = assign(text);
    assert.equal(sxStmt(s), '(= a (call Value 2.0 label="a"))');
    const call = s.value as Call;
    assert.deepEqual(call.range, { start: 4, end: 25 });
    assert.deepEqual(call.keywords[0].nameRange, { start: 15, end: 20 });
    assert.equal(slice(text, call.keywords[0].range), "label='a'");
    assert.deepEqual(s.range, { start: 0, end: 25 });
  });

  it("e = a*b; e.label = 'e' is two statements", () => {
    const text = "e = a*b; e.label = 'e'";
    const [first, second] = clean(text);
    assert.equal(sxStmt(first), '(= e (* a b))');
    assert.equal(sxStmt(second), '(= (. e label) "e")');
    assert.equal(slice(text, first.range), 'e = a*b');
    assert.equal(slice(text, second.range), "e.label = 'e'");
    const target = (second as Assign).targets[0];
    assert.equal(target.kind === 'attribute' && slice(text, target.nameRange), 'label');
  });

  it('a.data += 0.01 * a.grad', () => {
    const s = one('a.data += 0.01 * a.grad');
    assert.equal(s.kind === 'augassign' && s.op, '+');
    assert.deepEqual(s.kind === 'augassign' && s.opRange, { start: 7, end: 9 });
    assert.equal(sxStmt(s), '(+= (. a data) (* 0.01 (. a grad)))');
  });

  it('o.backward(), draw_dot(o), print(a.grad) are expression statements', () => {
    assert.equal(sx(expr('o.backward()')), '(call (. o backward))');
    assert.equal(sx(expr('draw_dot(o)')), '(call draw_dot o)');
    assert.equal(sx(expr('print(a.grad)')), '(call print (. a grad))');
  });

  it("parses the lecture's neuron as pasted, import included, without a diagnostic", () => {
    const text = [
      'import math',
      '# inputs x1, x2',
      "x1 = Value(2.0, label='x1')",
      "x2 = Value(0.0, label='x2')",
      "w1 = Value(-3.0, label='w1')",
      "w2 = Value(1.0, label='w2')",
      "b = Value(6.8813735870195432, label='b')",
      "x1w1 = x1*w1; x1w1.label = 'x1*w1'",
      "x2w2 = x2*w2; x2w2.label = 'x2*w2'",
      "x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'",
      "n = x1w1x2w2 + b; n.label = 'n'",
      "o = n.tanh(); o.label = 'o'",
      'o.grad = 1.0 # the base case',
      'o.backward()',
      'draw_dot(o)',
    ].join('\n');
    const statements = clean(text);
    assert.equal(statements.length, 19);
    assert.equal(sxStmt(statements[0]), '(import math)');
  });

  it("parses micrograd's engine, nn and demo as written", () => {
    const statements = clean(MICROGRAD);
    assert.deepEqual(statements.map((s) => s.kind), [
      'class', 'import', 'importfrom', 'class', 'class', 'class', 'class', 'importfrom', 'assign', 'assign', 'expr', 'def',
      'assign', 'for',
    ]);
    const value = statements[0];
    assert.ok(value.kind === 'class');
    if (value.kind !== 'class') return;
    assert.deepEqual(value.body.map((s) => (s.kind === 'def' ? s.name : s.kind)), [
      'expr', '__init__', '__add__', '__mul__', '__pow__', 'relu', 'backward', '__neg__', '__radd__', '__sub__',
      '__rsub__', '__rmul__', '__truediv__', '__rtruediv__', '__repr__',
    ]);
    const backward = value.body[6] as FunctionDef;
    assert.deepEqual(backward.body.map(sxStmt).slice(0, 3), [
      '(= topo [])',
      '(= visited (call set))',
      '(def build_topo (v) [(if (v not in visited) [(call (. visited add) v) (for child (. v _prev) [(call build_topo child)]) (call (. topo append) v)])])',
    ]);
    const neuron = statements[4];
    assert.equal(sxStmt(neuron).includes('(= act (call sum (genexp (* wi xi) (for (tuple* wi xi) (call zip (. self w) x))) (. self b)))'), true);
  });
});

const MICROGRAD = `class Value:
    """ stores a single scalar value and its gradient """

    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op # the op that produced this node

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward

        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward

        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data**other, (self,), f'**{other}')

        def _backward():
            self.grad += (other * self.data**(other-1)) * out.grad
        out._backward = _backward

        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward

        return out

    def backward(self):

        # topological order all of the children in the graph
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        # go one variable at a time and apply the chain rule to get its gradient
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self): # -self
        return self * -1

    def __radd__(self, other): # other + self
        return self + other

    def __sub__(self, other): # self - other
        return self + (-other)

    def __rsub__(self, other): # other - self
        return other + (-self)

    def __rmul__(self, other): # other * self
        return self * other

    def __truediv__(self, other): # self / other
        return self * other**-1

    def __rtruediv__(self, other): # other / self
        return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"
import random
from micrograd.engine import Value

class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []

class Neuron(Module):

    def __init__(self, nin, nonlin=True):
        self.w = [Value(random.uniform(-1,1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi*xi for wi,xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"

class Layer(Module):

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"

class MLP(Module):

    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i+1], nonlin=i!=len(nouts)-1) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
from sklearn.datasets import make_moons
X, y = make_moons(n_samples=100, noise=0.1)
model = MLP(2, [16, 16, 1]) # 2-layer neural network
print("number of parameters", len(model.parameters()))
def loss(batch_size=None):
    Xb, yb = X, y
    inputs = [list(map(Value, xrow)) for xrow in Xb]

    # forward the model to get scores
    scores = list(map(model, inputs))

    # svm "max-margin" loss
    losses = [(1 + -yi*scorei).relu() for yi, scorei in zip(yb, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    # L2 regularization
    alpha = 1e-4
    reg_loss = alpha * sum((p*p for p in model.parameters()))
    total_loss = data_loss + reg_loss

    # also get accuracy
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
    return total_loss, sum(accuracy) / len(accuracy)

total_loss, acc = loss()
for k in range(100):

    # forward
    total_loss, acc = loss()

    # backward
    model.zero_grad()
    total_loss.backward()

    # update (sgd)
    learning_rate = 1.0 - 0.9*k/100
    for p in model.parameters():
        p.data -= learning_rate * p.grad

    if k % 1 == 0:
        print(f"step {k} loss {total_loss.data}, accuracy {acc*100}%")
`;

// ---- expressions ----

describe('parser: precedence and associativity', () => {
  const cases: [string, string][] = [
    // ** binds tighter than a unary operator on its left, looser than one on its right, and groups to the right.
    ['-x**2', '(- (** x 2))'],
    ['2**-1', '(** 2 (- 1))'],
    ['2**3**2', '(** 2 (** 3 2))'],
    ['-2**-x**y', '(- (** 2 (- (** x y))))'],
    ['~x**2', '(~ (** x 2))'],
    ['a**b*c', '(* (** a b) c)'],
    ['x.data**2', '(** (. x data) 2)'],
    // arithmetic
    ['a+b*c', '(+ a (* b c))'],
    ['a*b+c', '(+ (* a b) c)'],
    ['a-b-c', '(- (- a b) c)'],
    ['a/b/c', '(/ (/ a b) c)'],
    ['a/b*c', '(* (/ a b) c)'],
    ['a//b%c@d', '(@ (% (// a b) c) d)'],
    ['-a*b', '(* (- a) b)'],
    ['a*-b', '(* a (- b))'],
    ['- -a', '(- (- a))'],
    ['+-~a', '(+ (- (~ a)))'],
    ['(a+b)*c', '(* (+ a b) c)'],
    // bitwise and shifts, loosest first: | ^ & << >>
    ['a | b ^ c & d << e + f', '(| a (^ b (& c (<< d (+ e f)))))'],
    ['a << b >> c', '(>> (<< a b) c)'],
    ['a & b | c & d', '(| (& a b) (& c d))'],
    // comparisons chain; `not` is below them; `and` below `not`; `or` below `and`
    ['a < b <= c', '(a < b <= c)'],
    ['a == b != c > d >= e', '(a == b != c > d >= e)'],
    ['a in b not in c is d is not e', '(a in b not in c is d is not e)'],
    ['a + 1 < b * 2', '((+ a 1) < (* b 2))'],
    ['a | b < c', '((| a b) < c)'],
    ['not a == b', '(not (a == b))'],
    ['not not a', '(not (not a))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['a or b or c', '(or a b c)'],
    ['a and not b', '(and a (not b))'],
    ['not a and b', '(and (not a) b)'],
    // the conditional expression and lambda are loosest
    ['a if b else c', '(ifexp b a c)'],
    ['a if b else c if d else e', '(ifexp b a (ifexp d c e))'],
    ['a or b if c and d else e', '(ifexp (and c d) (or a b) e)'],
    ['lambda: a if b else c', '(lambda () (ifexp b a c))'],
    ['a if b else lambda: c', '(ifexp b a (lambda () c))'],
    ['lambda x: lambda y: x + y', '(lambda (x) (lambda (y) (+ x y)))'],
    // calls, attributes, subscripts
    ['(2*x).exp()', '(call (. (* 2 x) exp))'],
    ['f(a, b, key=value)', '(call f a b key=value)'],
    ['f(a,)', '(call f a)'],
    ['f()(x).y', '(. (call (call f) x) y)'],
    ['n.tanh().exp()', '(call (. (call (. n tanh)) exp))'],
    ['2.0.exp()', '(call (. 2.0 exp))'],
    ["Value(2.0, label='a').data", '(. (call Value 2.0 label="a") data)'],
    ['-x.grad', '(- (. x grad))'],
    ['a[i].b[j](k)', '(call ([] (. ([] a i) b) j) k)'],
    ['-a[0]**2', '(- (** ([] a 0) 2))'],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(sx(expr(text)), expected));
  }
});

describe('parser: atoms and displays', () => {
  const cases: [string, string][] = [
    ['True, False, None, ...', '(tuple* true false null ...)'],
    ['x, y', '(tuple* x y)'],
    ['x,', '(tuple* x)'],
    ['(x, y)', '(tuple x y)'],
    ['(x,)', '(tuple x)'],
    ['()', '(tuple)'],
    ['((x))', 'x'],
    ['[]', '[]'],
    ['[1, [2, 3],]', '[1 [2 3]]'],
    ['[*a, *b, c]', '[(* a) (* b) c]'],
    ['{}', '{}'],
    ["{'a': 1, b: 2,}", '{"a": 1, b: 2}'],
    ["{**d, 'k': v, **e}", '{**d, "k": v, **e}'],
    ['{1, 2}', '{1 2}'],
    ['{*a, 1}', '{(* a) 1}'],
    ['[x*x for x in xs]', '(listcomp (* x x) (for x xs))'],
    ['[x for x in xs if x if x > 0 for y in x]', '(listcomp x (for x xs (if x) (if (x > 0))) (for y x))'],
    ['[p for n in self.neurons for p in n.parameters()]', '(listcomp p (for n (. self neurons)) (for p (call (. n parameters))))'],
    ['{x for x in xs}', '(setcomp x (for x xs))'],
    ['{k: v for k, v in d.items()}', '(dictcomp k: v (for (tuple* k v) (call (. d items))))'],
    ['(x for x in xs)', '(genexp x (for x xs))'],
    ['[(a, b) for a, *b in c]', '(listcomp (tuple a b) (for (tuple* a (* b)) c))'],
    ['[x for x in a or b if c or d]', '(listcomp x (for x (or a b) (if (or c d))))'],
    ['sum(x*x for x in xs)', '(call sum (genexp (* x x) (for x xs)))'],
    ['sum((wi*xi for wi, xi in zip(w, x)), b)', '(call sum (genexp (* wi xi) (for (tuple* wi xi) (call zip w x))) b)'],
    ['f(*args, **kwargs)', '(call f (* args) **kwargs)'],
    ['f(a, *b, c=1, *d, **e)', '(call f a (* b) (* d) c=1 **e)'],
    ['print(a, b, sep="", end="\\n")', '(call print a b sep="" end="\\n")'],
    ['a[1:2]', '([] a (: 1 2 _))'],
    ['a[:]', '([] a (: _ _ _))'],
    ['a[::2]', '([] a (: _ _ 2))'],
    ['a[1:]', '([] a (: 1 _ _))'],
    ['a[:-1]', '([] a (: _ (- 1) _))'],
    ['X[:, 0]', '([] X (tuple* (: _ _ _) 0))'],
    ['d[1, 2]', '([] d (tuple* 1 2))'],
    ['d[1,]', '([] d (tuple* 1))'],
    ['a[*b]', '([] a (* b))'],
    ['lambda: 0', '(lambda () 0)'],
    ['lambda x, y=1, *a, k, m=2, **kw: x', '(lambda (x y=1 *a kw:k kw:m=2 **kw) x)'],
    ['lambda *, k: k', '(lambda (kw:k) k)'],
    ['lambda a, /, b: a', '(lambda (a b) a)'],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(sx(expr(text)), expected));
  }
});

describe('parser: literals', () => {
  it('keeps ints (as bigint) and floats apart, in every notation', () => {
    const values = (text: string) => (expr(text) as { elements: Expr[] }).elements.map((e) => (e.kind === 'number' ? e.value : null));
    assert.deepEqual(values('[1, 1.0, 0x1F, 0o17, 0b11, 1_000, 1e3, .5, 5., 00, 123456789012345678901234567890]'), [
      1n, 1, 31n, 15n, 3n, 1000n, 1000, 0.5, 5, 0n, 123456789012345678901234567890n,
    ]);
  });

  it('joins adjacent strings, raw and not, into one', () => {
    const e = expr("'a' \"b\" r'\\n' '''c\nd'''");
    assert.equal(e.kind === 'string' && e.value, 'ab\\nc\nd');
    assert.deepEqual(e.range, { start: 0, end: 23 });
  });

  it('reads the parts of an f-string', () => {
    assert.equal(sx(expr('f"step {k} loss {loss.data}, accuracy {acc*100}%"')),
      '(f "step " {k} " loss " {(. loss data)} ", accuracy " {(* acc 100)} "%")');
  });

  it('reads conversions, format specs with nested fields, and {{ }}', () => {
    assert.equal(sx(expr('f"{x!r} {y!s:>10} {z!a} {v:{w}.{p}f} {{lit}}"')),
      '(f {x !r} " " {y !s :(f ">10")} " " {z !a} " " {v :(f {w} "." {p} "f")} " {lit}")');
  });

  it("reads {x=} as Python does: the text before the value, repr unless a conversion or spec says otherwise", () => {
    assert.equal(sx(expr('f"{x=} {y = } {z=:.2f} {w=!s}"')),
      '(f {x debug="x=" !r} " " {y debug="y = " !r} " " {z debug="z=" :(f ".2f")} " " {w debug="w=" !s})');
  });

  it('reads fields with strings, brackets, comparisons and dicts in them', () => {
    assert.equal(sx(expr(`f"{'ReLU' if a else 'Linear'}Neuron({len(self.w)})"`)),
      '(f {(ifexp a "ReLU" "Linear")} "Neuron(" {(call len (. self w))} ")")');
    assert.equal(sx(expr('f"{a == b} {a != b} {a <= b} { {1: 2}[1] } {x[1:2]}"')),
      '(f {(a == b)} " " {(a != b)} " " {(a <= b)} " " {([] {1: 2} 1)} " " {([] x (: 1 2 _))})');
    assert.equal(sx(expr("f'''{\na +\nb\n}'''")), '(f {(+ a b)})');
  });

  it('merges adjacent f-strings and strings into one FString, escapes decoded, raw kept raw', () => {
    assert.equal(sx(expr('f"{a}\\t" "b" rf"\\n{c}"')), '(f {a} "\\tb\\\\n" {c})');
  });

  it('gives each field and its expression exact ranges in the file', () => {
    const text = 'x = f"a {b + c:>{w}} d"';
    const value = assign(text).value as FString;
    const fieldPart = value.parts[1] as FormattedValue;
    assert.equal(slice(text, value.range), 'f"a {b + c:>{w}} d"');
    assert.equal(slice(text, fieldPart.range), '{b + c:>{w}}');
    assert.equal(slice(text, fieldPart.value.range), 'b + c');
    assert.equal(slice(text, (fieldPart.spec as FString).range), '>{w}');
    const nested = (fieldPart.spec as FString).parts[1] as FormattedValue;
    assert.equal(slice(text, nested.value.range), 'w');
  });
});

describe('parser: ranges', () => {
  it("a parenthesized expression's node leaves out the parentheses; the statement keeps them", () => {
    const s = one('(a + b)') as ExprStmt;
    assert.deepEqual(s.expr.range, { start: 1, end: 6 });
    assert.deepEqual(s.range, { start: 0, end: 7 });
  });

  it('a node built on a parenthesized operand includes its parentheses', () => {
    const text = 'y = (2*x).exp() * (a)';
    const value = assign(text).value;
    assert.equal(slice(text, value.range), '(2*x).exp() * (a)');
    assert.ok(value.kind === 'binary');
    if (value.kind !== 'binary') return;
    assert.equal(slice(text, value.opRange), '*');
    assert.equal(slice(text, value.left.range), '(2*x).exp()');
    assert.equal(slice(text, value.right.range), 'a');
    const attr = (value.left as Call).callee;
    assert.equal(slice(text, attr.range), '(2*x).exp');
    assert.ok(attr.kind === 'attribute');
    if (attr.kind !== 'attribute') return;
    assert.equal(slice(text, attr.object.range), '2*x');
    assert.equal(slice(text, attr.nameRange), 'exp');
  });

  it('each node of x1*w1 + x2*w2 covers its own text', () => {
    const text = 'n = x1*w1 + x2*w2 + -b';
    const v = assign(text).value;
    assert.ok(v.kind === 'binary' && v.left.kind === 'binary' && v.right.kind === 'unary');
    if (!(v.kind === 'binary' && v.left.kind === 'binary' && v.right.kind === 'unary')) return;
    assert.equal(slice(text, v.range), 'x1*w1 + x2*w2 + -b');
    assert.equal(slice(text, v.left.range), 'x1*w1 + x2*w2');
    assert.equal(slice(text, v.left.left.range), 'x1*w1');
    assert.equal(slice(text, v.left.right.range), 'x2*w2');
    assert.equal(slice(text, v.right.range), '-b');
  });

  it('a call spread over lines covers all of it', () => {
    const text = "x = Value(\n  2.0,\n  label='x',\n)";
    assert.equal(slice(text, assign(text).value.range), "Value(\n  2.0,\n  label='x',\n)");
  });

  it('tuples, lists and displays cover their brackets; a bare tuple its elements', () => {
    const text = 'x = (1, 2), [3], {4: 5}, 6';
    const value = assign(text).value;
    assert.ok(value.kind === 'tuple');
    if (value.kind !== 'tuple') return;
    assert.equal(slice(text, value.range), '(1, 2), [3], {4: 5}, 6');
    assert.deepEqual(value.elements.map((e) => slice(text, e.range)), ['(1, 2)', '[3]', '{4: 5}', '6']);
  });

  it("a generator expression as a call's only argument leaves out the call's parentheses", () => {
    const text = 'sum(x*x for x in xs)';
    const call = expr(text) as Call;
    assert.equal(slice(text, call.args[0].range), 'x*x for x in xs');
    assert.ok(call.args[0].kind === 'genexp');
    if (call.args[0].kind !== 'genexp') return;
    assert.equal(slice(text, call.args[0].generators[0].range), 'for x in xs');
  });

  it('comparisons, keywords, slices and lambdas have exact ranges', () => {
    const text = 'f(a not in b is not c, k=x[1:2], *r, **o)';
    const call = expr(text) as Call;
    const compare = call.args[0];
    assert.ok(compare.kind === 'compare');
    if (compare.kind !== 'compare') return;
    assert.deepEqual(compare.opRanges.map((r) => slice(text, r)), ['not in', 'is not']);
    assert.deepEqual(call.keywords.map((k) => [slice(text, k.nameRange), slice(text, k.range)]), [['k', 'k=x[1:2]'], ['**', '**o']]);
    const index = call.keywords[0].value.kind === 'subscript' ? call.keywords[0].value.index : null;
    assert.equal(index !== null && slice(text, index.range), '1:2');
    assert.equal(slice(text, call.args[1].range), '*r');
    const lambda = 'g = lambda x, y=2: x * y';
    const l = assign(lambda).value;
    assert.equal(slice(lambda, l.range), 'lambda x, y=2: x * y');
    assert.deepEqual(l.kind === 'lambda' && l.params.map((p) => slice(lambda, p.range)), ['x', 'y=2']);
  });

  it('compound statements cover their bodies, and their headers up to the colon', () => {
    const text = 'if a:  # why\n    b = 1\nelif c:\n    d = 2\nelse:\n    e = 3\nf = 4';
    const [s] = clean(text);
    assert.ok(s.kind === 'if');
    if (s.kind !== 'if') return;
    assert.equal(slice(text, s.range), 'if a:  # why\n    b = 1\nelif c:\n    d = 2\nelse:\n    e = 3');
    assert.equal(slice(text, s.headerRange), 'if a:');
    const elif = s.orelse[0] as If;
    assert.equal(slice(text, elif.range), 'elif c:\n    d = 2\nelse:\n    e = 3');
    assert.equal(slice(text, elif.headerRange), 'elif c:');
    const def = 'def f(x, *, k=1) -> float:\n    return x\n';
    const d = one(def) as FunctionDef;
    assert.equal(slice(def, d.headerRange), 'def f(x, *, k=1) -> float:');
    assert.equal(slice(def, d.range), 'def f(x, *, k=1) -> float:\n    return x');
    assert.equal(slice(def, d.nameRange), 'f');
    assert.deepEqual(d.params.map((p) => slice(def, p.range)), ['x', 'k=1']);
  });

  it('a decorated definition starts at its first decorator', () => {
    const text = '@a\n@b.c(1)\nclass C(B):\n    pass';
    const c = one(text);
    assert.ok(c.kind === 'class');
    if (c.kind !== 'class') return;
    assert.equal(slice(text, c.range), text);
    assert.equal(slice(text, c.headerRange), 'class C(B):');
    assert.deepEqual(c.decorators.map((d) => slice(text, d.range)), ['a', 'b.c(1)']);
  });

  it('try and its handlers have their own header ranges', () => {
    const text = 'try:\n    x = 1\nexcept ValueError as e:\n    y = 2\nfinally:\n    z = 3';
    const t = one(text);
    assert.ok(t.kind === 'try');
    if (t.kind !== 'try') return;
    assert.equal(slice(text, t.headerRange), 'try:');
    assert.equal(slice(text, t.handlers[0].headerRange), 'except ValueError as e:');
    assert.equal(slice(text, t.handlers[0].range), 'except ValueError as e:\n    y = 2');
    assert.equal(slice(text, t.range), text);
  });
});

// ---- statements ----

describe('parser: simple statements', () => {
  const cases: [string, string][] = [
    ['a = 1', '(= a 1)'],
    ['a = b = 1', '(= a b 1)'],
    ['x, y = pair', '(= (tuple* x y) pair)'],
    ['total_loss, acc = loss()', '(= (tuple* total_loss acc) (call loss))'],
    ['(a, b), [c, *d] = e', '(= (tuple* (tuple a b) [c (* d)]) e)'],
    ['a, *rest = xs', '(= (tuple* a (* rest)) xs)'],
    ['self.w = []', '(= (. self w) [])'],
    ['xs[i] = 0', '(= ([] xs i) 0)'],
    ['x = 1, 2', '(= x (tuple* 1 2))'],
    ['x = *a, b', '(= x (tuple* (* a) b))'],
    ['(a) = 1', '(= a 1)'],
    ['x: float = 1.0', '(= x 1.0)'],
    ['self.x: int = 0', '(= (. self x) 0)'],
    ['x: float', 'pass'],
    ['a += 1', '(+= a 1)'],
    ['a.data -= lr * a.grad', '(-= (. a data) (* lr (. a grad)))'],
    ['a[0] *= 2', '(*= ([] a 0) 2)'],
    ['a /= 2; a //= 2; a %= 2; a **= 2; a @= b', '(/= a 2)'],
    ['a &= 1; a |= 1; a ^= 1; a <<= 1; a >>= 1', '(&= a 1)'],
    ['x += 1, 2', '(+= x (tuple* 1 2))'],
    ['pass', 'pass'],
    ['del a, b[0], c.d', '(del a ([] b 0) (. c d))'],
    ['del (a, b)', '(del (tuple a b))'],
    ['assert x > 0', '(assert (x > 0))'],
    ['assert x, "message"', '(assert x "message")'],
    ['raise', '(raise)'],
    ['raise ValueError("x") from e', '(raise (call ValueError "x") from e)'],
    ['global a, b', '(global a b)'],
    ['import math', '(import math)'],
    ['import numpy as np, os.path', '(import numpy as np, os.path)'],
    ['from micrograd.engine import Value', '(from micrograd.engine import Value)'],
    ['from micrograd.nn import Neuron, Layer as L, MLP', '(from micrograd.nn import Neuron, Layer as L, MLP)'],
    ['from math import (exp,\n   tanh,)', '(from math import exp, tanh)'],
    ['from . import x', '(from . import x)'],
    ['from ..pkg.mod import y', '(from ..pkg.mod import y)'],
    ['from math import *', '(from math import *)'],
    ['a = 1;', '(= a 1)'],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(tree(text)[0], expected));
  }

  it('knows every augmented assignment operator', () => {
    const ops = ['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>'];
    assert.deepEqual(tree(ops.map((op) => `a ${op}= b`).join('\n')), ops.map((op) => `(${op}= a b)`));
  });

  it('ends statements at ; and at line breaks', () => {
    assert.deepEqual(tree('a = 1; b = 2;\n\nc = 3'), ['(= a 1)', '(= b 2)', '(= c 3)']);
  });

  it('lets a statement continue over lines inside brackets and after a backslash', () => {
    assert.deepEqual(tree('a = (1 +\n     2)\nb = f(x,\n  y)\nc = 1 + \\\n  2'), [
      '(= a (+ 1 2))', '(= b (call f x y))', '(= c (+ 1 2))',
    ]);
  });

  it('decodes string values and number forms', () => {
    assert.deepEqual(tree("s = 'it\\'s'\nn = 6.881_373\nm = 1e-3\nk = .5"), [
      '(= s "it\'s")', '(= n 6.881373)', '(= m 0.001)', '(= k 0.5)',
    ]);
  });

  it('records the names and ranges of imports', () => {
    const text = 'from a.b import c as d';
    const s = one(text);
    assert.ok(s.kind === 'importfrom');
    if (s.kind !== 'importfrom') return;
    assert.equal(slice(text, s.moduleRange), 'a.b');
    assert.deepEqual(s.names?.map((n) => [n.name, n.asName, slice(text, n.range)]), [['c', 'd', 'c as d']]);
  });
});

describe('parser: compound statements', () => {
  it('if, elif, else, with a simple statement on the header line', () => {
    assert.deepEqual(tree('if x: y = 1; z = 2\nelif w:\n    y = 2\nelse: y = 3'), [
      '(if x [(= y 1) (= z 2)] else [(if w [(= y 2)] else [(= y 3)])])',
    ]);
  });

  it('a long elif chain is flat to read, nested in the tree', () => {
    const text = ['if a: x = 0', ...Array.from({ length: 300 }, (_, i) => `elif b${i}: x = ${i}`), 'else: x = -1'].join('\n');
    let s = one(text);
    let depth = 0;
    while (s.kind === 'if' && s.orelse.length === 1 && s.orelse[0].kind === 'if') {
      s = s.orelse[0];
      depth++;
    }
    assert.equal(depth, 300);
  });

  it('while and for, with else, break and continue', () => {
    assert.deepEqual(tree('while i < 10:\n    i += 1\n    if i: continue\nelse:\n    pass\nfor i, x in enumerate(xs):\n    break\nelse:\n    done = True'), [
      '(while (i < 10) [(+= i 1) (if i [continue])] else [pass])',
      '(for (tuple* i x) (call enumerate xs) [break] else [(= done true)])',
    ]);
  });

  it('for over a tuple written without parentheses', () => {
    assert.deepEqual(tree('for x in 1, 2: pass\nfor x, in y: pass'), ['(for x (tuple* 1 2) [pass])', '(for (tuple* x) y [pass])']);
  });

  it('try with handlers, else and finally', () => {
    assert.deepEqual(tree('try:\n    x = 1\nexcept (A, B) as e:\n    raise\nexcept C:\n    pass\nexcept:\n    pass\nelse:\n    y = 2\nfinally:\n    z = 3'), [
      '(try [(= x 1)] (except (tuple A B) as e [(raise)]) (except C [pass]) (except [pass]) else [(= y 2)] finally [(= z 3)])',
    ]);
    assert.deepEqual(tree('try:\n    x = 1\nfinally:\n    z = 3'), ['(try [(= x 1)] finally [(= z 3)])']);
  });

  it('def with every kind of parameter, annotations read and dropped', () => {
    assert.deepEqual(tree('def f(a, b: int = 2, /, c=3, *args: str, d, e: float = 1.0, **kw) -> None:\n    return a'), [
      '(def f (a b=2 c=3 *args kw:d kw:e=1.0 **kw) [(return a)])',
    ]);
    assert.deepEqual(tree('def g(*, k): pass'), ['(def g (kw:k) [pass])']);
    assert.deepEqual(tree('def h(): return'), ['(def h () [(return)])']);
  });

  it('nested functions and closures, global and nonlocal', () => {
    assert.deepEqual(tree('def outer():\n    n = 0\n    def inner():\n        nonlocal n\n        global g\n        n += 1\n    return inner'), [
      '(def outer () [(= n 0) (def inner () [(nonlocal n) (global g) (+= n 1)]) (return inner)])',
    ]);
  });

  it('class with bases, class attributes, methods and decorators', () => {
    assert.deepEqual(tree('@dataclass\nclass Neuron(Module, object):\n    count = 0\n    @staticmethod\n    def make(): return Neuron()\n    def __call__(self, x):\n        return x'), [
      '(@dataclass class Neuron (Module object) [(= count 0) (@staticmethod def make () [(return (call Neuron))]) (def __call__ (self x) [(return x)])])',
    ]);
    assert.deepEqual(tree('class A: pass\nclass B(): pass'), ['(class A () [pass])', '(class B () [pass])']);
  });

  it('blocks nest by indentation, tabs or spaces, blank and comment lines ignored', () => {
    assert.deepEqual(tree('for i in x:\n\tif i:\n\t\ty = 1\n\n  # a comment anywhere\n\telse:\n\t\ty = 2\nz = y'), [
      '(for i x [(if i [(= y 1)] else [(= y 2)])])', '(= z y)',
    ]);
  });

  it('a return, break or continue in the right place is fine', () => {
    assert.deepEqual(tree('def f():\n    for x in y:\n        while x:\n            break\n        continue\n    return 1'), [
      '(def f () [(for x y [(while x [break]) continue]) (return 1)])',
    ]);
  });
});

// ---- cells ----

describe('parser: cells', () => {
  it('splits at # %% lines, with titles, indices, ranges and marker ranges', () => {
    const text = '# %% The first expression\na = 2.0\n\n  # %%   second  \nb = a * 2\n';
    const { program } = parse(text);
    assert.deepEqual(
      program.cells.map((c) => [c.index, c.title, slice(text, c.range), c.markerRange && slice(text, c.markerRange)]),
      [
        [0, 'The first expression', '# %% The first expression\na = 2.0\n', '# %% The first expression'],
        [1, 'second', '  # %%   second  \nb = a * 2', '  # %%   second  '],
      ],
    );
    assert.deepEqual(program.cells.map((c) => c.statements.map(sxStmt)), [['(= a 2.0)'], ['(= b (* a 2))']]);
  });

  it('makes text before the first marker a cell only when it holds a statement', () => {
    const withCode = parse('a = 1\n# %% next\nb = 2');
    assert.deepEqual(withCode.program.cells.map((c) => [c.index, c.title, c.range, c.markerRange]), [
      [0, '', { start: 0, end: 5 }, undefined],
      [1, 'next', { start: 6, end: 21 }, { start: 6, end: 15 }],
    ]);
    assert.equal('markerRange' in withCode.program.cells[0], false);
    const commentsOnly = parse('# GradLens file\n\n# %% only\nb = 2');
    assert.deepEqual(commentsOnly.program.cells.map((c) => [c.index, c.title]), [[0, 'only']]);
  });

  it('gives a file without markers one untitled cell, and an empty file none', () => {
    assert.deepEqual(parse('a = 1\n').program.cells.map((c) => [c.index, c.title, c.range]), [[0, '', { start: 0, end: 5 }]]);
    assert.deepEqual(parse('').program.cells, []);
    assert.deepEqual(parse('# just a comment\n\n').program.cells, []);
  });

  it('keeps empty cells, including a marker on the last line', () => {
    const text = '# %% a\n# %% b';
    assert.deepEqual(parse(text).program.cells.map((c) => [c.title, c.range, c.statements.length]), [
      ['a', { start: 0, end: 6 }, 0],
      ['b', { start: 7, end: 13 }, 0],
    ]);
  });

  it('does not take # %% after code, or #%% without the space, as a marker', () => {
    const { program } = parse('a = 1 # %% no\n#%% no\nb = 2');
    assert.equal(program.cells.length, 1);
    assert.equal(program.cells[0].statements.length, 2);
  });

  it('handles CRLF files: ranges leave out \\r\\n and positions come out right', () => {
    const text = '# %% one\r\na = 2.0\r\nb = a *\r\n# %% two\r\nc = (\r\n';
    const { program, diagnostics } = parse(text);
    const lines = new LineIndex(text);
    assert.deepEqual(program.cells.map((c) => [c.title, slice(text, c.range)]), [
      ['one', '# %% one\r\na = 2.0\r\nb = a *'],
      ['two', '# %% two\r\nc = ('],
    ]);
    assert.deepEqual(
      diagnostics.map((d) => [d.cell, d.message, lines.positionAt(d.range.start), lines.positionAt(d.range.end)]),
      [
        [0, "expected an expression after '*'", { line: 2, column: 7 }, { line: 2, column: 7 }],
        [1, NEVER_CLOSED, { line: 4, column: 4 }, { line: 4, column: 5 }],
      ],
    );
    assert.equal(sxStmt(program.cells[0].statements[0]), '(= a 2.0)');
  });

  it('handles old Mac \\r line breaks, in blocks too', () => {
    const { program } = parse('# %% one\ra = 1\r# %% two\rif b:\r    c = 2');
    assert.deepEqual(program.cells.map((c) => c.statements.map(sxStmt)), [['(= a 1)'], ['(if b [(= c 2)])']]);
  });

  it('parses each cell on its own: an open bracket stops at the next marker', () => {
    const text = '# %% one\na = f(1,\n# %% two\nb = 2 +\nc = 3';
    const { program, diagnostics } = parse(text);
    assert.deepEqual(diagnostics.map((d) => [d.cell, d.message, d.range]), [
      [0, NEVER_CLOSED, { start: 14, end: 15 }],
      [1, "expected an expression after '+'", { start: 34, end: 34 }],
    ]);
    assert.deepEqual(program.cells.map((c) => c.statements.map(sxStmt)), [['(broken a)'], ['(broken b)', '(= c 3)']]);
  });

  it('parses each cell on its own: a block ends at the next marker, and a cell starts at indentation 0', () => {
    const text = '# %% one\nfor i in x:\n    y = i\n# %% two\n    z = 1\n';
    assert.deepEqual(diags(text), [['unexpected indent', 40, 44]]);
    assert.deepEqual(parse(text).program.cells.map((c) => c.statements.map(sxStmt)), [['(for i x [(= y i)])'], ['(broken z)']]);
  });

  it('starts a cell at a # %% line even inside a triple-quoted string, as Jupyter and VS Code do', () => {
    const text = 's = """doc\n# %% inside\nmore"""\nx = 1';
    const { program, diagnostics } = parse(text);
    assert.deepEqual(program.cells.map((c) => c.title), ['', 'inside']);
    assert.deepEqual(diagnostics.map((d) => [d.cell, d.message]), [
      [0, 'unterminated triple-quoted string literal (detected at line 1)'],
      [1, 'unterminated triple-quoted string literal (detected at line 4)'],
    ]);
  });

  it('numbers diagnostics by cell, counting the untitled first cell', () => {
    const { diagnostics } = parse('a = $\n# %% x\nb = $\n# %% y\nc = $');
    assert.deepEqual(diagnostics.map((d) => d.cell), [0, 1, 2]);
  });
});
