import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tape, Value, checkGradients, numericGradients } from '../../src/engine';

test("the lecture's expression passes, one entry per leaf in id order", () => {
  const t = new Tape();
  const a = Value.leaf(t, 2), b = Value.leaf(t, -3), c = Value.leaf(t, 10);
  const f = Value.leaf(t, -2);
  const L = a.mul(b).add(c).mul(f);
  const unrelated = Value.leaf(t, 7);
  const result = checkGradients(t, L.id);
  assert.deepEqual(result.map((r) => r.node), [a.id, b.id, c.id, f.id]);
  assert.ok(!result.some((r) => r.node === unrelated.id));
  assert.deepEqual(result.map((r) => r.analytic), [6, -4, -2, 4]);
  for (const r of result) {
    assert.ok(r.ok, `leaf ${r.node}: ${r.analytic} vs ${r.numeric}`);
    assert.ok(Math.abs(r.numeric - r.analytic) < 1e-6);
  }
});

test('leaves the tape data and grads unchanged', () => {
  const t = new Tape();
  const x = Value.leaf(t, 0.3), w = Value.leaf(t, -1.2);
  const o = x.mul(w).tanh();
  o.backward();
  const before = [x, w, o].map((v) => [v.data, v.grad]);
  checkGradients(t, o.id);
  assert.deepEqual([x, w, o].map((v) => [v.data, v.grad]), before);
});

test('a leaf changed after the graph was built is checked at its new value', () => {
  const t = new Tape();
  const a = Value.leaf(t, 2), b = Value.leaf(t, 5);
  const p = a.mul(a).mul(b); // d/da = 2ab, d/db = a²
  a.data = 3;
  // The stored a·a is still 4: gradients() from the stored data gives the stale
  // d/db = 4, which the central difference (taken at a = 3) would disagree with.
  assert.equal(t.gradients(p.id)[b.id], 4);
  const [ra, rb] = checkGradients(t, p.id);
  assert.equal(ra.analytic, 30);
  assert.equal(rb.analytic, 9);
  assert.ok(ra.ok && rb.ok);
  assert.equal(t.data(p.id), 20, 'the tape keeps its own stored data');
});

test('a wrong analytic gradient is detected: relu exactly at its kink', () => {
  // relu'(0) is taken as 0 (as micrograd does), but the central difference across
  // the kink is (h - 0) / 2h = 0.5: the two disagree, and the check must say so.
  const t = new Tape();
  const x = Value.leaf(t, 0);
  const y = x.relu();
  const [r] = checkGradients(t, y.id);
  assert.equal(r.analytic, 0);
  assert.ok(Math.abs(r.numeric - 0.5) < 1e-9);
  assert.equal(r.ok, false);
});

test('the tolerance is relative for large gradients and absolute near zero', () => {
  const t = new Tape();
  const x = Value.leaf(t, 4);
  const y = x.exp(); // gradient e^4 ≈ 54.6
  const strict = checkGradients(t, y.id, { tolerance: 1e-12 });
  assert.equal(strict[0].ok, false, 'a central difference is not exact to 1e-12');
  const loose = checkGradients(t, y.id, { tolerance: 1e-6 });
  assert.equal(loose[0].ok, true);
  // With a huge step the estimate is visibly off and a default check fails.
  assert.equal(checkGradients(t, y.id, { step: 1 })[0].ok, false);
});

test('a NaN gradient is never ok', () => {
  const t = new Tape();
  const x = Value.leaf(t, -1);
  const y = x.log();
  const [r] = checkGradients(t, y.id);
  assert.ok(Number.isNaN(r.numeric));
  assert.equal(r.ok, false);
});

test('numericGradients nudges an intermediate result too: dL/dd is f, dL/de is f', () => {
  const tape = new Tape();
  const a = tape.leaf(2), b = tape.leaf(-3), c = tape.leaf(10), f = tape.leaf(-2);
  const e = tape.mul(a, b);
  const d = tape.add(e, c);
  const L = tape.mul(d, f);
  const [dd, de, dL] = numericGradients(tape, L, [d, e, L]);
  assert.ok(Math.abs(dd - -2) < 1e-6, String(dd));
  assert.ok(Math.abs(de - -2) < 1e-6, String(de));
  assert.ok(Math.abs(dL - 1) < 1e-6, String(dL));
  assert.equal(tape.data(L), -8, 'the tape is left as it was');
});
