// micrograd's demo training (examples/08-moons.grad) two ways: through GradLens's
// interpreter, as a user runs it, and written directly against the Tape in
// TypeScript, building the same nodes in the same order. The second is the floor the
// interpreter is measured against (issue: at most 5x slower), and since both make the
// same graph, their losses must agree to the last bit.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeRef, Tape } from '../src/engine';
import { evaluate } from '../src/lang';
import { makeMoons } from '../src/lang/stdlib/moons';
import { RandomState } from '../src/lang/stdlib/numpyRandom';
import { PyRandom } from '../src/lang/stdlib/random';

export const DEMO_STEPS = 100;
const SIZES = [2, 16, 16, 1];

/** The demo's source with its training loop set to `steps` steps. */
export function demoSource(steps: number): string {
  const text = readFileSync(join(__dirname, '..', 'examples', '08-moons.grad'), 'utf8');
  const loop = `for k in range(${DEMO_STEPS}):`;
  if (!text.includes(loop)) throw new Error(`examples/08-moons.grad no longer has '${loop}'`);
  return text.replace(loop, `for k in range(${steps}):`);
}

export interface TrainingRun {
  losses: number[];
  ms: number;
  /** Nodes one step builds (its graph, constants included; the parameters are not rebuilt). */
  nodesPerStep: number;
}

/** The demo on a Tape, by hand: the same draws, nodes and order as the interpreter makes. */
export function trainOnTape(steps: number): TrainingRun {
  const random = new PyRandom(1337n);
  const moons = makeMoons(100, true, 0.1, new RandomState(1337));
  const ys = moons.y.map((v) => Number(v) * 2 - 1);
  const tape = new Tape();
  const params: NodeRef[] = [];
  for (let l = 1; l < SIZES.length; l++) {
    for (let n = 0; n < SIZES[l]; n++) {
      for (let i = 0; i < SIZES[l - 1]; i++) params.push(new NodeRef(tape.leaf(random.uniform(-1, 1))));
      params.push(new NodeRef(tape.makeLeaf(0, true, -1, 0)));
    }
  }
  const int = (x: number) => tape.makeLeaf(x, true, -1, 0);
  const losses: number[] = [];
  let built = 0;
  const started = performance.now();
  for (let k = 0; k < steps; k++) {
    const before = tape.size;
    const inputs = moons.X.map((row) => row.map((x) => tape.leaf(x)));
    const scores = inputs.map((x) => forward(tape, params, x));
    // (1 + -yi*scorei).relu(): Python makes -yi's constant, the product, then 1's constant.
    const margins = scores.map((score, i) => {
      const product = tape.mul(int(-ys[i]), score);
      return tape.relu(tape.add(int(1), product));
    });
    let dataLoss = -1;
    margins.forEach((margin, i) => {
      dataLoss = i === 0 ? tape.add(int(0), margin) : tape.add(dataLoss, margin);
    });
    dataLoss = tape.mul(dataLoss, tape.leaf(1.0 / scores.length));
    let reg = -1;
    params.forEach((p, i) => {
      const square = tape.mul(p.id, p.id);
      reg = i === 0 ? tape.add(int(0), square) : tape.add(reg, square);
    });
    const total = tape.add(dataLoss, tape.mul(tape.leaf(1e-4), reg));
    built = tape.size - before;
    for (const p of params) tape.setGrad(p.id, 0, true);
    tape.backward(total);
    const rate = 1.0 - 0.9 * k / 100;
    for (const p of params) tape.setData(p.id, tape.data(p.id) - rate * tape.grad(p.id));
    losses.push(tape.data(total));
    tape.compact(params);
  }
  return { losses, ms: performance.now() - started, nodesPerStep: built };
}

/** One sample through MLP(2, [16, 16, 1]): micrograd's sum(..., self.b), ReLU but on the last layer. */
function forward(tape: Tape, params: readonly NodeRef[], x: number[]): number {
  let layerIn = x;
  let p = 0;
  for (let l = 1; l < SIZES.length; l++) {
    const nin = SIZES[l - 1];
    const out: number[] = [];
    for (let n = 0; n < SIZES[l]; n++) {
      let act = params[p + nin].id;
      for (let i = 0; i < nin; i++) act = tape.add(act, tape.mul(params[p + i].id, layerIn[i]));
      out.push(l < SIZES.length - 1 ? tape.relu(act) : act);
      p += nin + 1;
    }
    layerIn = out;
  }
  return layerIn[0];
}

/** The demo through the interpreter: its printed losses and how long evaluate() took. */
export function trainInterpreted(steps: number): { losses: number[]; ms: number } {
  const text = demoSource(steps);
  const started = performance.now();
  const result = evaluate(text, { timeBudgetMs: 600_000 });
  const ms = performance.now() - started;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the demo failed: ${errors[0].message}`);
  const losses = result.cells.flatMap((c) => c.printed)
    .map((line) => /^step \d+ loss (\S+),/.exec(line.text)).filter((m) => m !== null)
    .map((m) => Number(m![1]));
  return { losses, ms };
}
