import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildOnReference, buildOnTape, compareModels, countReferenceNodes, makeProblem, paramCount,
} from '../../bench/mlp';
import { RefValue } from '../../bench/reference-engine';

test('the reference engine and the Tape agree on a small MLP', () => {
  const problem = makeProblem(5, 7);
  const engine = buildOnTape(problem);
  engine.tape.backward(engine.loss);
  const reference = buildOnReference(problem);
  reference.loss.backward();
  assert.equal(countReferenceNodes(reference.loss), engine.tape.size);
  // 337 parameters, then per sample 2 inputs, 641 neuron nodes and 3 loss nodes, plus the 4 adds of the sum.
  assert.equal(engine.tape.size, paramCount() + 5 * (2 + 641 + 3) + 4);
  const cmp = compareModels(engine, reference);
  assert.ok(cmp.ok, `max relative error ${cmp.maxRelativeError} at parameter ${cmp.worstParam}`);
  assert.equal(cmp.lossEngine, cmp.lossReference);
  assert.ok(engine.params.some((id) => engine.tape.grad(id) !== 0), 'the gradients must not be trivially zero');
});

test('the comparison catches a wrong gradient in either engine', () => {
  const problem = makeProblem(3, 11);
  const engine = buildOnTape(problem);
  engine.tape.backward(engine.loss);
  const reference = buildOnReference(problem);
  reference.loss.backward();
  reference.params[10].grad *= 1.001;
  assert.equal(compareModels(engine, reference).ok, false);
  reference.params[10].grad = NaN;
  assert.equal(compareModels(engine, reference).ok, false);
});

test('the reference backward follows micrograd on a + a and on the lecture expression', () => {
  const a = new RefValue(3);
  const b = a.add(a);
  b.backward();
  assert.equal(a.grad, 2);
  const x = new RefValue(2), y = new RefValue(-3), c = new RefValue(10), f = new RefValue(-2);
  const L = x.mul(y).add(c).mul(f);
  L.backward();
  assert.deepEqual([L.data, x.grad, y.grad, c.grad, f.grad], [-8, 6, -4, -2, 4]);
  const t = new RefValue(0.5).tanh();
  t.backward();
  assert.equal(t.data, Math.tanh(0.5));
});
