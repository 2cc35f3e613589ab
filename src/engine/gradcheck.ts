import { Op } from './ops';
import type { NodeId, Tape } from './tape';

export interface LeafGradient {
  node: NodeId;
  /** d(root)/d(leaf) from backpropagation. */
  analytic: number;
  /** The same derivative from a central difference. */
  numeric: number;
  ok: boolean;
}

export interface GradCheckOptions {
  /** Central-difference step h. Default 1e-6. */
  step?: number;
  /** Tolerance `tol` in the rule below. Default 1e-4. */
  tolerance?: number;
}

/**
 * Checks every leaf of root's graph: its analytic gradient d(root)/d(leaf) beside the
 * central difference (f(x+h) - f(x-h)) / 2h, one entry per leaf in ascending id order.
 *
 * Tolerance rule: a leaf is ok when |analytic - numeric| ≤ tol · max(1, |analytic|, |numeric|)
 * (absolute near zero, relative for large gradients), and both are finite or both
 * are the same non-finite value.
 *
 * Both sides are computed from the leaves' current data: the graph is replayed first,
 * so a leaf changed after the graph was built is accounted for. The tape's own data
 * and grads are left as they were. Where the function is not differentiable (relu at
 * exactly 0) the two sides legitimately disagree and the leaf is reported not ok.
 */
export function checkGradients(tape: Tape, root: NodeId, options: GradCheckOptions = {}): LeafGradient[] {
  const tol = options.tolerance ?? 1e-4;
  const nodes = tape.trace(root);
  const data = new Float64Array(root + 1);
  tape.replay(nodes, data);
  const analytic = tape.gradientsAt(root, data);
  const leaves = nodes.filter((id) => tape.op(id) === Op.Leaf);
  const numeric = numericGradients(tape, root, leaves, options.step);
  return leaves.map((id, i) => ({ node: id, analytic: analytic[id], numeric: numeric[i], ok: gradientsAgree(analytic[id], numeric[i], tol) }));
}

/**
 * Central differences (f(x+h) − f(x−h)) / 2h of root with respect to each of `targets`,
 * nodes of root's graph: a leaf, or an intermediate result, whose value is nudged while
 * everything downstream of it is recomputed. The tape is left as it was.
 */
export function numericGradients(tape: Tape, root: NodeId, targets: readonly NodeId[], step = 1e-6): number[] {
  const nodes = tape.trace(root);
  const base = new Float64Array(root + 1);
  tape.replay(nodes, base);
  const data = new Float64Array(root + 1);
  return targets.map((id) => {
    tape.replay(nodes, data, { id, data: base[id] + step });
    const up = data[root];
    tape.replay(nodes, data, { id, data: base[id] - step });
    return (up - data[root]) / (2 * step);
  });
}

/** The tolerance rule of checkGradients, for callers that compare a gradient of their own. */
export function gradientsAgree(a: number, n: number, tol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(n)) return Object.is(a, n);
  return Math.abs(a - n) <= tol * Math.max(1, Math.abs(a), Math.abs(n));
}
