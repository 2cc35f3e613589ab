import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackwardFlag, NodeFlag, NodeRef, Op, Tape, acquireTape, releaseTape } from '../../src/engine';

// The tape's reclamation (compact) and its record of Python int-ness (micrograd's
// `Value(2) + Value(3)` holds the int 5; its grads start as the int 0).

test('compact keeps what the roots depend on, in order, and moves their handles', () => {
  const t = new Tape();
  const a = t.leaf(2, 'a'), b = t.leaf(-3, 'b');
  const dead = t.mul(a, b);
  const c = t.leaf(10, 'c');
  const e = t.add(a, c);
  const h = new NodeRef(e);
  const serialOfE = t.serial(e);
  const left = t.compact([h]);
  assert.equal(left, 3);
  assert.equal(h.id, 2);
  assert.equal(t.data(h.id), 12);
  assert.deepEqual(t.inputs(h.id), [0, 1]);
  assert.equal(t.label(0), 'a');
  assert.equal(t.label(1), 'c');
  assert.equal(t.serial(h.id), serialOfE);
  assert.equal(t.findSerial(serialOfE), h.id);
  assert.equal(t.findSerial(t.serial(0) + 1), -1, 'the dropped b has no node any more');
  void dead;
});

test('a compacted graph differentiates as before, and keeps grads set before', () => {
  const t = new Tape();
  const x = t.leaf(0.5), w = t.leaf(-1.5);
  t.setGrad(x, 7);
  const junk = t.exp(t.mul(x, x));
  void junk;
  const y = t.tanh(t.mul(x, w));
  const hy = new NodeRef(y), hx = new NodeRef(x);
  t.compact([hy, hx]);
  assert.equal(t.grad(hx.id), 7);
  const g = t.gradients(hy.id);
  const expected = (1 - Math.tanh(-0.75) ** 2) * -1.5;
  assert.ok(Math.abs(g[hx.id] - expected) < 1e-12);
});

test('a training loop stays at one step of nodes when each step is reclaimed', () => {
  const t = new Tape();
  const w = t.leaf(0.3);
  const hw = new NodeRef(w);
  const sizes: number[] = [];
  for (let step = 0; step < 50; step++) {
    let acc = hw.id;
    for (let i = 0; i < 100; i++) acc = t.add(acc, t.mul(hw.id, t.leaf(i)));
    t.backward(acc);
    t.compact([hw]);
    sizes.push(t.size);
  }
  assert.deepEqual(new Set(sizes), new Set([1]));
});

test('ints stay ints through +, -, * and ** with an int exponent, as in Python', () => {
  const t = new Tape();
  const two = t.makeLeaf(2, true, -1, 0), three = t.makeLeaf(3, true, -1, 0), half = t.leaf(0.5);
  const isInt = (id: number) => (t.flags(id) & NodeFlag.DataInt) !== 0;
  assert.ok(isInt(t.add(two, three)));
  assert.ok(isInt(t.mul(two, three)));
  assert.ok(isInt(t.make(Op.PowConst, two, -1, 2, true, -1)));
  assert.ok(!isInt(t.make(Op.PowConst, two, -1, -1, true, -1)), 'int ** negative int is a float');
  assert.ok(!isInt(t.make(Op.PowConst, two, -1, 2, false, -1)), 'int ** float is a float');
  assert.ok(!isInt(t.add(two, half)));
  assert.ok(!isInt(t.div(two, three)), "micrograd's a * b**-1 is a float");
  assert.ok(!isInt(t.tanh(two)));
  assert.ok(isInt(t.relu(t.leaf(-1.5))), "relu of a negative number is micrograd's int 0");
});

test('backward: grads are ints while every contribution is (c = a + b leaves a.grad == 1)', () => {
  const t = new Tape();
  const a = t.makeLeaf(2, true, -1, 0), b = t.makeLeaf(3, true, -1, 0), f = t.leaf(1.5);
  const gradInt = (id: number) => (t.flags(id) & NodeFlag.GradInt) !== 0;
  const c = t.add(a, b);
  assert.ok(gradInt(a), 'a grad starts as the int 0');
  t.backward(c);
  assert.ok(gradInt(a) && gradInt(b) && gradInt(c));
  const d = t.mul(c, f);
  t.backward(d);
  assert.ok(!gradInt(a), 'a float contribution makes the grad a float');
  assert.ok(gradInt(d), "the root's grad is micrograd's int 1");
});

test('backward reports grads it added to and gradients that are not finite', () => {
  const t = new Tape();
  const a = t.leaf(2), b = t.leaf(0);
  const e = t.mul(a, b);
  assert.equal(t.backward(e) & BackwardFlag.Accumulated, 0);
  assert.equal(t.backward(e) & BackwardFlag.Accumulated, BackwardFlag.Accumulated);
  const bad = t.log(b);
  assert.equal(t.backward(bad) & BackwardFlag.NotFinite, BackwardFlag.NotFinite);
});

test('a released tape is empty when acquired again and reuses its arrays', () => {
  const t = acquireTape();
  for (let i = 0; i < 5000; i++) t.leaf(i);
  releaseTape(t);
  const again = acquireTape();
  assert.equal(again, t);
  assert.equal(again.size, 0);
  assert.equal(again.grad(again.leaf(1)), 0);
  releaseTape(again);
});
