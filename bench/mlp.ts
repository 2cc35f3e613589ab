// The benchmark's workload, micrograd's nn.py MLP(2, [16, 16, 1]) with tanh on every
// neuron as in the lecture, built twice from the same numbers: once on a GradLens Tape
// (through node ids, the engine's hot-path API) and once with the reference engine.
// Both builders create the same nodes in the same order, so the graphs match node for
// node and their losses and gradients can be compared exactly.

import { Tape, type NodeId } from '../src/engine';
import { RefValue } from './reference-engine';

export const LAYER_SIZES = [2, 16, 16, 1] as const;

/** Deterministic uniform [0, 1) numbers (mulberry32): the same seed gives both engines the same weights and data. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Problem {
  /** Every weight and bias, neuron by neuron: for each neuron its nin weights, then its bias. */
  params: Float64Array;
  /** Sample s's inputs at xs[2s], xs[2s+1]. */
  xs: Float64Array;
  ys: Float64Array;
  samples: number;
}

export function paramCount(): number {
  let n = 0;
  for (let l = 0; l + 1 < LAYER_SIZES.length; l++) n += LAYER_SIZES[l + 1] * (LAYER_SIZES[l] + 1);
  return n;
}

/** Weights uniform in [-1, 1) as micrograd's Neuron; targets ±1 from a simple XOR-like rule. */
export function makeProblem(samples: number, seed = 1337): Problem {
  const rand = seededRandom(seed);
  const params = new Float64Array(paramCount());
  for (let i = 0; i < params.length; i++) params[i] = rand() * 2 - 1;
  const xs = new Float64Array(samples * 2);
  const ys = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const a = rand() * 2 - 1, b = rand() * 2 - 1;
    xs[2 * s] = a;
    xs[2 * s + 1] = b;
    ys[s] = a * b > 0 ? 1 : -1;
  }
  return { params, xs, ys, samples };
}

export interface TapeModel {
  tape: Tape;
  loss: NodeId;
  /** The parameter leaves, in the order of Problem.params. */
  params: NodeId[];
}

/**
 * Builds the forward graph of sum over samples of (mlp(x) - y)**2 on an empty Tape: a
 * fresh one, or one the caller reuses (as the evaluator does) so its arrays are not
 * grown and faulted in again.
 */
export function buildOnTape(problem: Problem, tape = new Tape()): TapeModel {
  if (tape.size !== 0) throw new RangeError('buildOnTape needs an empty tape');
  const params: NodeId[] = [];
  for (let i = 0; i < problem.params.length; i++) params.push(tape.leaf(problem.params[i]));
  let loss: NodeId = -1;
  let layerIn: NodeId[] = [];
  let layerOut: NodeId[] = [];
  for (let s = 0; s < problem.samples; s++) {
    layerIn.length = 0;
    layerIn.push(tape.leaf(problem.xs[2 * s]), tape.leaf(problem.xs[2 * s + 1]));
    let p = 0;
    for (let l = 1; l < LAYER_SIZES.length; l++) {
      const nin = LAYER_SIZES[l - 1];
      layerOut.length = 0;
      for (let n = 0; n < LAYER_SIZES[l]; n++) {
        // micrograd's sum((wi*xi for ...), self.b): start from the bias, add each product in turn.
        let act = params[p + nin];
        for (let i = 0; i < nin; i++) act = tape.add(act, tape.mul(params[p + i], layerIn[i]));
        layerOut.push(tape.tanh(act));
        p += nin + 1;
      }
      [layerIn, layerOut] = [layerOut, layerIn];
    }
    const err = tape.powConst(tape.sub(layerIn[0], tape.leaf(problem.ys[s])), 2);
    loss = s === 0 ? err : tape.add(loss, err);
  }
  return { tape, loss, params };
}

export interface RefModel {
  loss: RefValue;
  params: RefValue[];
}

/** The same graph as buildOnTape, node for node, with the reference engine. */
export function buildOnReference(problem: Problem): RefModel {
  const params: RefValue[] = [];
  for (let i = 0; i < problem.params.length; i++) params.push(new RefValue(problem.params[i]));
  let loss: RefValue | undefined;
  for (let s = 0; s < problem.samples; s++) {
    let layerIn = [new RefValue(problem.xs[2 * s]), new RefValue(problem.xs[2 * s + 1])];
    let p = 0;
    for (let l = 1; l < LAYER_SIZES.length; l++) {
      const nin = LAYER_SIZES[l - 1];
      const layerOut: RefValue[] = [];
      for (let n = 0; n < LAYER_SIZES[l]; n++) {
        let act = params[p + nin];
        for (let i = 0; i < nin; i++) act = act.add(params[p + i].mul(layerIn[i]));
        layerOut.push(act.tanh());
        p += nin + 1;
      }
      layerIn = layerOut;
    }
    const err = layerIn[0].sub(new RefValue(problem.ys[s])).pow(2);
    loss = loss === undefined ? err : loss.add(err);
  }
  if (loss === undefined) throw new RangeError('the MLP benchmark needs at least one sample');
  return { loss, params };
}

/** How many nodes a reference graph has, counted without recursion. */
export function countReferenceNodes(root: RefValue): number {
  const seen = new Set<RefValue>([root]);
  const stack = [root];
  while (stack.length > 0) {
    for (const child of stack.pop()!._prev) {
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return seen.size;
}

export interface Comparison {
  ok: boolean;
  lossEngine: number;
  lossReference: number;
  /** Largest relative difference over the loss and every parameter's gradient. */
  maxRelativeError: number;
  worstParam: number;
}

/**
 * Compares the two engines' losses and parameter gradients after backward(). The
 * forward passes do the same float operations in the same order and should agree
 * exactly; gradients are sums whose terms may arrive in a different order (reverse
 * DFS post-order versus reverse creation order), so they get a relative tolerance.
 */
export function compareModels(engine: TapeModel, reference: RefModel, tolerance = 1e-9): Comparison {
  const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)));
  const lossEngine = engine.tape.data(engine.loss);
  const lossReference = reference.loss.data;
  let ok = rel(lossEngine, lossReference) <= tolerance;
  let maxRelativeError = rel(lossEngine, lossReference);
  let worstParam = -1;
  for (let i = 0; i < engine.params.length; i++) {
    const e = rel(engine.tape.grad(engine.params[i]), reference.params[i].grad);
    // Written so a NaN (which fails every comparison) counts as a mismatch, not a pass.
    if (!(e <= tolerance)) ok = false;
    if (!(e <= maxRelativeError)) {
      maxRelativeError = e;
      worstParam = i;
    }
  }
  return { ok, lossEngine, lossReference, maxRelativeError, worstParam };
}
