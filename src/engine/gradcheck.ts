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
  const h = options.step ?? 1e-6;
  const tol = options.tolerance ?? 1e-4;
  const nodes = tape.trace(root);
  const data = new Float64Array(root + 1);
  tape.replay(nodes, data);
  const analytic = tape.gradientsAt(root, data);

  const result: LeafGradient[] = [];
  for (const id of nodes) {
    if (tape.op(id) !== Op.Leaf) continue;
    const x = data[id];
    tape.replay(nodes, data, { id, data: x + h });
    const up = data[root];
    tape.replay(nodes, data, { id, data: x - h });
    const down = data[root];
    const numeric = (up - down) / (2 * h);
    const a = analytic[id];
    result.push({ node: id, analytic: a, numeric, ok: gradientsAgree(a, numeric, tol) });
  }
  return result;
}

/** The tolerance rule of checkGradients, for callers that compare a gradient of their own. */
export function gradientsAgree(a: number, n: number, tol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(n)) return Object.is(a, n);
  return Math.abs(a - n) <= tol * Math.max(1, Math.abs(a), Math.abs(n));
}
