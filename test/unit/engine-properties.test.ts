import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tape, type NodeId } from '../../src/engine';

type Unary = 'neg' | 'tanh' | 'exp' | 'log' | 'relu' | 'sigmoid';
type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow';
type Expr =
  | { kind: 'leaf'; index: number }
  | { kind: 'unary'; op: Unary; x: Expr }
  | { kind: 'binary'; op: Binary; x: Expr; y: Expr }
  | { kind: 'powConst'; x: Expr; p: number };

const LEAVES = 3;
const unaryOps: Unary[] = ['neg', 'tanh', 'exp', 'log', 'relu', 'sigmoid'];
const binaryOps: Binary[] = ['add', 'sub', 'mul', 'div', 'pow'];

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('leaf' as const), index: fc.integer({ min: 0, max: LEAVES - 1 }) }),
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...unaryOps), x: tie('expr') }),
    fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom(...binaryOps), x: tie('expr'), y: tie('expr') }),
    fc.record({ kind: fc.constant('powConst' as const), x: tie('expr'), p: fc.constantFrom(2, 3, -1, 0.5, 1.5) }),
  ),
}));

/**
 * Evaluates the tree in plain JS, independently of the engine, and returns NaN
 * wherever the point is too close to a place the function is not smooth: there a
 * central difference measures something other than the derivative (a kink, a pole,
 * a branch cut) or loses all its digits (overflow, huge curvature), so comparing it
 * with the analytic gradient says nothing about the engine. The margins are far
 * wider than the step, so x ± h stays on the same smooth piece.
 */
function evaluate(e: Expr, leaves: readonly number[]): number {
  switch (e.kind) {
    case 'leaf': return leaves[e.index];
    case 'unary': {
      const x = evaluate(e.x, leaves);
      switch (e.op) {
        case 'neg': return -x;
        case 'tanh': return Math.tanh(x);
        case 'exp': return x > 10 ? NaN : Math.exp(x);
        case 'log': return x < 0.1 ? NaN : Math.log(x);
        case 'relu': return Math.abs(x) < 1e-3 ? NaN : Math.max(0, x);
        case 'sigmoid': return 1 / (1 + Math.exp(-x));
      }
    }
    case 'binary': {
      const x = evaluate(e.x, leaves), y = evaluate(e.y, leaves);
      switch (e.op) {
        case 'add': return x + y;
        case 'sub': return x - y;
        case 'mul': return x * y;
        case 'div': return Math.abs(y) < 0.1 ? NaN : x / y;
        case 'pow': return x < 0.1 || Math.abs(y) > 5 ? NaN : x ** y;
      }
    }
    case 'powConst': {
      const x = evaluate(e.x, leaves);
      if (!Number.isInteger(e.p) && x < 0.1) return NaN;
      if (e.p < 0 && Math.abs(x) < 0.1) return NaN;
      return x ** e.p;
    }
  }
}

function build(tape: Tape, e: Expr, leaves: readonly NodeId[]): NodeId {
  switch (e.kind) {
    case 'leaf': return leaves[e.index];
    case 'unary': return tape[e.op](build(tape, e.x, leaves));
    case 'binary': return tape[e.op](build(tape, e.x, leaves), build(tape, e.y, leaves));
    case 'powConst': return tape.powConst(build(tape, e.x, leaves), e.p);
  }
}

/** NaN when any subexpression is out of its smooth domain or the value is too large to difference. */
function safe(e: Expr, leaves: readonly number[]): boolean {
  const check = (n: Expr): boolean => {
    const v = evaluate(n, leaves);
    if (!Number.isFinite(v) || Math.abs(v) > 1e4) return false;
    if (n.kind === 'unary') return check(n.x);
    if (n.kind === 'binary') return check(n.x) && check(n.y);
    if (n.kind === 'powConst') return check(n.x);
    return true;
  };
  return check(e);
}

test('every leaf gradient of a random expression matches a central difference', () => {
  const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: LEAVES, maxLength: LEAVES });
  const seen = new Set<string>();
  fc.assert(
    fc.property(expr, point, (e, values) => {
      fc.pre(safe(e, values));
      const tape = new Tape();
      const leafIds = values.map((v) => tape.leaf(v));
      const root = build(tape, e, leafIds);
      assert.ok(Math.abs(tape.data(root) - evaluate(e, values)) <= 1e-9 * Math.max(1, Math.abs(tape.data(root))));
      const grads = tape.gradients(root);
      const collect = (n: Expr) => {
        seen.add(n.kind === 'unary' || n.kind === 'binary' ? n.op : n.kind);
        if (n.kind === 'unary' || n.kind === 'powConst') collect(n.x);
        if (n.kind === 'binary') { collect(n.x); collect(n.y); }
      };
      collect(e);
      for (let i = 0; i < LEAVES; i++) {
        // A relative tolerance because gradients range over orders of magnitude (exp,
        // powers, division); the step scales with the point so it is never lost in
        // rounding of a large x. Central differences are O(h²) accurate, far inside 1e-4.
        const h = 1e-6 * Math.max(1, Math.abs(values[i]));
        const up = values.slice(); up[i] += h;
        const down = values.slice(); down[i] -= h;
        const numeric = (evaluate(e, up) - evaluate(e, down)) / (2 * h);
        // gradients() sizes its array to the root; leaves created after it cannot affect it.
        const analytic = leafIds[i] < grads.length ? grads[leafIds[i]] : 0;
        assert.ok(
          Math.abs(analytic - numeric) <= 1e-4 * Math.max(1, Math.abs(analytic), Math.abs(numeric)),
          `leaf ${i}: analytic ${analytic}, numeric ${numeric}`,
        );
      }
    }),
    { numRuns: 1000, seed: 20240601 },
  );
  // Guards against a generator change that silently stops exercising some op.
  for (const op of [...unaryOps, ...binaryOps, 'powConst']) assert.ok(seen.has(op), `no expression used ${op}`);
});
