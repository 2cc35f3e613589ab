import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_OP, Op, Tape, Value, arity, forward, localGrads, opFromLabel, opLabel } from '../../src/engine';

const close = (actual: number, expected: number, digits = 4) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} is not ${expected} to ${digits} places`);

/** The lecture's first expression: L = (a*b + c) * f. */
function lecture(tape: Tape) {
  const a = Value.leaf(tape, 2, 'a');
  const b = Value.leaf(tape, -3, 'b');
  const c = Value.leaf(tape, 10, 'c');
  const e = a.mul(b);
  const d = e.add(c);
  const f = Value.leaf(tape, -2, 'f');
  const L = d.mul(f);
  return { a, b, c, d, e, f, L };
}

test("the lecture's expression: L = -8 and its gradients", () => {
  const tape = new Tape();
  const v = lecture(tape);
  assert.equal(v.L.data, -8);
  v.L.backward();
  assert.deepEqual(
    { a: v.a.grad, b: v.b.grad, c: v.c.grad, f: v.f.grad, e: v.e.grad, d: v.d.grad, L: v.L.grad },
    { a: 6, b: -4, c: -2, f: 4, e: -2, d: -2, L: 1 },
  );
});

test('b = a + a gives a.grad == 2 (both uses contribute)', () => {
  const tape = new Tape();
  const a = Value.leaf(tape, 3, 'a');
  const b = a.add(a);
  b.backward();
  assert.equal(b.data, 6);
  assert.equal(a.grad, 2);
});

test("micrograd's README example", () => {
  const t = new Tape();
  const n = (x: number) => Value.leaf(t, x);
  const a = n(-4);
  const b = n(2);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(n(1).add(c).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(n(3).mul(d).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2.0);
  g = g.add(n(10.0).div(f));
  close(g.data, 24.7041);
  g.backward();
  close(a.grad, 138.8338);
  close(b.grad, 645.5773);
});

test("the lecture's tanh neuron", () => {
  const t = new Tape();
  const x1 = Value.leaf(t, 2, 'x1');
  const x2 = Value.leaf(t, 0, 'x2');
  const w1 = Value.leaf(t, -3, 'w1');
  const w2 = Value.leaf(t, 1, 'w2');
  const b = Value.leaf(t, 6.8813735870195432, 'b');
  const n = x1.mul(w1).add(x2.mul(w2)).add(b);
  const o = n.tanh();
  o.backward();
  close(o.data, 0.7071);
  close(x1.grad, -1.5);
  close(w1.grad, 1.0);
  close(x2.grad, 0.5);
  close(w2.grad, 0);
});

test('a second backward() accumulates exactly as micrograd does', () => {
  // micrograd resets only the root's grad to 1, so every node's grad from the first
  // call is still there and is propagated again: inner nodes compound. These figures
  // are what micrograd's engine.py prints for the same two calls.
  const tape = new Tape();
  const v = lecture(tape);
  v.L.backward();
  v.L.backward();
  assert.deepEqual(
    { a: v.a.grad, b: v.b.grad, c: v.c.grad, f: v.f.grad, e: v.e.grad, d: v.d.grad, L: v.L.grad },
    { a: 24, b: -16, c: -6, f: 8, e: -6, d: -4, L: 1 },
  );
});

test('zeroGrad then backward gives the single-call gradients again', () => {
  const tape = new Tape();
  const v = lecture(tape);
  v.L.backward();
  v.L.backward();
  tape.zeroGrad(v.L.id);
  v.L.backward();
  assert.equal(v.a.grad, 6);
  assert.equal(v.d.grad, -2);
});

test('gradients() returns d(root)/d(node) and leaves the tape grads alone', () => {
  const tape = new Tape();
  const v = lecture(tape);
  v.a.grad = 123;
  const g = tape.gradients(v.L.id);
  assert.equal(g[v.a.id], 6);
  assert.equal(g[v.b.id], -4);
  assert.equal(g[v.f.id], 4);
  assert.equal(v.a.grad, 123);
  assert.equal(v.L.grad, 0);
  assert.equal(v.d.grad, 0);
});

test("backwardStep is micrograd's _backward: one node's local step only", () => {
  const tape = new Tape();
  const v = lecture(tape);
  v.L.grad = 1;
  tape.backwardStep(v.L.id);
  assert.equal(v.d.grad, -2);
  assert.equal(v.f.grad, 4);
  assert.equal(v.e.grad, 0, 'the step must not reach past the direct inputs');
  tape.backwardStep(v.d.id);
  assert.equal(v.e.grad, -2);
  assert.equal(v.c.grad, -2);
  assert.equal(v.a.grad, 0);
  tape.backwardStep(v.a.id); // a leaf has nothing to pass on
  assert.equal(v.a.grad, 0);
});

test('a chain of 1,000,000 operations runs backward and trace without recursion', () => {
  const tape = new Tape();
  const x = tape.leaf(0.5, 'x');
  const one = tape.leaf(1);
  const zero = tape.leaf(0);
  let v = x;
  const depth = 1_000_000;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? tape.mul(v, one) : tape.add(v, zero);
  tape.backward(v);
  assert.equal(tape.grad(x), 1);
  assert.equal(tape.grad(one), depth / 2 * 0.5);
  const nodes = tape.trace(v);
  assert.equal(nodes.length, depth + 3);
  assert.equal(nodes[0], x);
  assert.equal(nodes[nodes.length - 1], v);
});

test("every op's local derivative matches a central difference", () => {
  // Points chosen away from kinks and singularities, where a central difference with
  // h = 1e-6 is accurate to about 1e-8.
  const cases: [Op, number, number, number][] = [
    [Op.Add, 1.3, -0.7, 0], [Op.Sub, 1.3, -0.7, 0], [Op.Mul, 1.3, -0.7, 0],
    [Op.Div, 1.3, -0.7, 0], [Op.Neg, 1.3, 0, 0], [Op.PowConst, 1.3, 0, 3],
    [Op.PowConst, 1.3, 0, -1.5], [Op.Pow, 1.3, -0.7, 0], [Op.Tanh, 0.4, 0, 0],
    [Op.Exp, 0.4, 0, 0], [Op.Log, 1.3, 0, 0], [Op.Relu, 0.4, 0, 0], [Op.Relu, -0.4, 0, 0],
    [Op.Sigmoid, 0.4, 0, 0], [Op.TrueDiv, 1.3, -0.7, 0],
  ];
  const covered = new Set(cases.map(([op]) => op));
  for (let op = Op.Add; op <= LAST_OP; op++) assert.ok(covered.has(op), `op ${op} has no case`);
  const h = 1e-6;
  for (const [op, x, y, p] of cases) {
    const [dx, dy] = localGrads(op, x, y, forward(op, x, y, p), p);
    const nx = (forward(op, x + h, y, p) - forward(op, x - h, y, p)) / (2 * h);
    assert.ok(Math.abs(dx - nx) < 1e-6, `op ${op}: d/dx ${dx} vs ${nx}`);
    if (arity(op) === 2) {
      const ny = (forward(op, x, y + h, p) - forward(op, x, y - h, p)) / (2 * h);
      assert.ok(Math.abs(dy - ny) < 1e-6, `op ${op}: d/dy ${dy} vs ${ny}`);
    } else {
      assert.equal(dy, 0);
    }
  }
});

test('opFromLabel reads back every op opLabel writes, exponents included', () => {
  for (let code: number = Op.Add; code <= LAST_OP; code++) {
    const op = code as Op;
    // Python's true division draws as '/' like micrograd's: a hover reads both as Div.
    const back = op === Op.TrueDiv ? Op.Div : op;
    for (const p of op === Op.PowConst ? [2, -1, 0.5, 3] : [0]) {
      assert.deepEqual(opFromLabel(opLabel(op, p)), { op: back, param: p }, `op ${op} ** ${p}`);
    }
  }
  assert.deepEqual(opFromLabel('**'), { op: Op.Pow, param: 0 });
  assert.equal(opFromLabel('**x'), null);
  assert.equal(opFromLabel('bogus'), null);
});
