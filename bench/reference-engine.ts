// The reference engine the benchmark measures GradLens against: micrograd's engine.py
// ported to TypeScript the way it is usually written in JS, one object and one closure
// per node. It exists to be the baseline, so it stays plain: no pooling, no typed
// arrays, no tricks. Keep it correct rather than fast; test/unit/bench.test.ts checks
// it against the engine.

import { exp, pow } from '../src/engine/libm';

export class RefValue {
  grad = 0;
  _backward: () => void = () => {};

  constructor(
    public data: number,
    readonly _prev: RefValue[] = [],
    readonly _op = '',
  ) {}

  add(other: RefValue | number): RefValue {
    const o = other instanceof RefValue ? other : new RefValue(other);
    const out = new RefValue(this.data + o.data, [this, o], '+');
    out._backward = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: RefValue | number): RefValue {
    const o = other instanceof RefValue ? other : new RefValue(other);
    const out = new RefValue(this.data * o.data, [this, o], '*');
    out._backward = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  pow(p: number): RefValue {
    const out = new RefValue(pow(this.data, p), [this], `**${p}`);
    out._backward = () => {
      this.grad += (p * pow(this.data, p - 1)) * out.grad;
    };
    return out;
  }

  neg(): RefValue { return this.mul(-1); }

  /**
   * micrograd writes __sub__ as self + (-other), three nodes; GradLens has a Sub op.
   * A direct subtraction keeps both engines' graphs node for node the same, so
   * per-node times compare like with like.
   */
  sub(other: RefValue | number): RefValue {
    const o = other instanceof RefValue ? other : new RefValue(other);
    const out = new RefValue(this.data - o.data, [this, o], '-');
    out._backward = () => {
      this.grad += out.grad;
      o.grad -= out.grad;
    };
    return out;
  }

  /** The lecture's tanh, with CPython's libm, as the engine computes it. */
  tanh(): RefValue {
    const e2 = exp(2 * this.data);
    const t = e2 === Infinity ? 1 : (e2 - 1) / (e2 + 1);
    const out = new RefValue(t, [this], 'tanh');
    out._backward = () => {
      this.grad += (1 - pow(t, 2)) * out.grad;
    };
    return out;
  }

  relu(): RefValue {
    const out = new RefValue(this.data < 0 ? 0 : this.data, [this], 'ReLU');
    out._backward = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  /**
   * micrograd's backward(): topological order, then each node's _backward in reverse.
   * micrograd builds the order with a recursive DFS; this one uses an explicit stack
   * (post-order, same resulting order) so the 650,000-node benchmark graph cannot
   * overflow the call stack. The visited set is a Set of objects, as in micrograd.
   */
  backward(): void {
    const topo: RefValue[] = [];
    const visited = new Set<RefValue>();
    const stack: { v: RefValue; next: number }[] = [{ v: this, next: 0 }];
    visited.add(this);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.v._prev.length) {
        const child = frame.v._prev[frame.next++];
        if (!visited.has(child)) {
          visited.add(child);
          stack.push({ v: child, next: 0 });
        }
      } else {
        topo.push(frame.v);
        stack.pop();
      }
    }
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i]._backward();
  }
}
