import { Op, accumulateGrad, forward } from './ops';

/** A node's index on its tape. */
export type NodeId = number;

const NONE = -1;
const INITIAL_CAPACITY = 1024;

/**
 * The autograd graph as a struct-of-arrays tape: node i's op, inputs, data and grad
 * live at index i of typed arrays, so building and differentiating a graph allocates
 * no object per node. Building touches only op, inputs and data (17 bytes a node):
 * the grad and mark arrays are sized when a backward pass first needs them, since
 * growing and copying memory costs more than computing the nodes.
 *
 * A node's inputs always have smaller indices than the node (they existed before it),
 * so descending index order is a topological order: backward() and trace() walk it
 * with a loop, never with recursion, and a chain a million deep is no deeper for them
 * than a wide graph.
 */
export class Tape {
  private _size = 0;
  private _op = new Uint8Array(INITIAL_CAPACITY);
  private _a = new Int32Array(INITIAL_CAPACITY);
  private _b = new Int32Array(INITIAL_CAPACITY);
  private _data = new Float64Array(INITIAL_CAPACITY);
  /** Grads of nodes below its length; a node beyond it has grad 0 until ensureGrad(). */
  private _grad = new Float64Array(0);
  /** Reachability marks for backward() and trace(), reused between calls. */
  private _mark = new Uint8Array(0);
  /** The exponents of PowConst nodes: rare enough that a map beats a column. */
  private readonly exponents = new Map<NodeId, number>();
  private readonly labels = new Map<NodeId, string>();

  get size(): number {
    return this._size;
  }

  // --- building -------------------------------------------------------------------

  leaf(data: number, label?: string): NodeId {
    const id = this.push(Op.Leaf, NONE, NONE, data);
    if (label !== undefined) this.labels.set(id, label);
    return id;
  }

  add(x: NodeId, y: NodeId): NodeId { return this.binary(Op.Add, x, y); }
  sub(x: NodeId, y: NodeId): NodeId { return this.binary(Op.Sub, x, y); }
  mul(x: NodeId, y: NodeId): NodeId { return this.binary(Op.Mul, x, y); }
  div(x: NodeId, y: NodeId): NodeId { return this.binary(Op.Div, x, y); }
  pow(x: NodeId, y: NodeId): NodeId { return this.binary(Op.Pow, x, y); }
  neg(x: NodeId): NodeId { return this.unary(Op.Neg, x); }
  tanh(x: NodeId): NodeId { return this.unary(Op.Tanh, x); }
  exp(x: NodeId): NodeId { return this.unary(Op.Exp, x); }
  log(x: NodeId): NodeId { return this.unary(Op.Log, x); }
  relu(x: NodeId): NodeId { return this.unary(Op.Relu, x); }
  sigmoid(x: NodeId): NodeId { return this.unary(Op.Sigmoid, x); }

  /** x ** p for a plain number p. */
  powConst(x: NodeId, p: number): NodeId {
    const id = this.push(Op.PowConst, x, NONE, forward(Op.PowConst, this._data[x], 0, p));
    this.exponents.set(id, p);
    return id;
  }

  /** Applies `op` to the given inputs; the generic form of the methods above. */
  apply(op: Op, x: NodeId, y: NodeId = NONE, p = 0): NodeId {
    if (op === Op.Leaf) throw new RangeError('apply() builds operations; use leaf() for leaves');
    if (op === Op.PowConst) return this.powConst(x, p);
    const d = this._data;
    return this.push(op, x, y, forward(op, d[x], y === NONE ? 0 : d[y], 0));
  }

  private binary(op: Op, x: NodeId, y: NodeId): NodeId {
    return this.push(op, x, y, forward(op, this._data[x], this._data[y], 0));
  }

  private unary(op: Op, x: NodeId): NodeId {
    return this.push(op, x, NONE, forward(op, this._data[x], 0, 0));
  }

  private push(op: Op, a: NodeId, b: NodeId, data: number): NodeId {
    const id = this._size;
    if (id === this._op.length) this.grow();
    this._op[id] = op;
    this._a[id] = a;
    this._b[id] = b;
    this._data[id] = data;
    this._size = id + 1;
    return id;
  }

  private grow(): void {
    const capacity = this._op.length * 2;
    const grown = <T extends Uint8Array | Int32Array | Float64Array>(old: T, make: new (n: number) => T): T => {
      const next = new make(capacity);
      next.set(old);
      return next;
    };
    this._op = grown(this._op, Uint8Array);
    this._a = grown(this._a, Int32Array);
    this._b = grown(this._b, Int32Array);
    this._data = grown(this._data, Float64Array);
  }

  /** Makes the grad array cover every node; new slots are 0. */
  private ensureGrad(): Float64Array {
    if (this._grad.length < this._size) {
      const grad = new Float64Array(this._op.length);
      grad.set(this._grad);
      this._grad = grad;
    }
    return this._grad;
  }

  /** Clears and returns marks for nodes 0..top. */
  private marks(top: NodeId): Uint8Array {
    if (this._mark.length <= top) this._mark = new Uint8Array(this._op.length);
    else this._mark.fill(0, 0, top + 1);
    return this._mark;
  }

  // --- reading and writing a node ---------------------------------------------------

  op(id: NodeId): Op { return this._op[id] as Op; }
  /** The node's Value inputs: none for a leaf, one or two for an operation. */
  inputs(id: NodeId): NodeId[] {
    const a = this._a[id], b = this._b[id];
    return a === NONE ? [] : b === NONE ? [a] : [a, b];
  }
  /** The exponent of a PowConst node (0 for any other). */
  param(id: NodeId): number { return this.exponents.get(id) ?? 0; }
  data(id: NodeId): number { return this._data[id]; }
  grad(id: NodeId): number { return id < this._grad.length ? this._grad[id] : 0; }
  setData(id: NodeId, value: number): void { this._data[id] = value; }
  setGrad(id: NodeId, value: number): void { this.ensureGrad()[id] = value; }
  label(id: NodeId): string | undefined { return this.labels.get(id); }
  setLabel(id: NodeId, label: string): void { this.labels.set(id, label); }

  // --- differentiation ---------------------------------------------------------------

  /**
   * micrograd's `root.backward()`: sets root's grad to 1 and adds every node's
   * contribution into its inputs' grads, so grads accumulate across calls until
   * something resets them.
   */
  backward(root: NodeId): void {
    const grad = this.ensureGrad();
    grad[root] = 1;
    this.propagate(root, grad, this._data);
  }

  /**
   * d(root)/d(node) for every node, written into a fresh array (index = node id) and
   * leaving the nodes' own grads untouched: what a cell shows when it never calls
   * backward() itself. Nodes outside root's graph get 0.
   */
  gradients(root: NodeId): Float64Array {
    return this.gradientsAt(root, this._data);
  }

  /**
   * gradients() taken at other data: `data[i]` stands for node i's data (an array
   * replay() filled). Gradient checks need this when a leaf's data changed after the
   * graph was built, so the tape's stored outputs no longer match its leaves.
   */
  gradientsAt(root: NodeId, data: Float64Array): Float64Array {
    const grad = new Float64Array(root + 1);
    grad[root] = 1;
    this.propagate(root, grad, data);
    return grad;
  }

  /**
   * micrograd's `node._backward()`: adds this one node's contribution, its grad times
   * each local derivative, into its inputs' grads.
   */
  backwardStep(id: NodeId): void {
    this.step(id, this.ensureGrad(), this._data);
  }

  /** Sets to 0 the grad of root and of every node it depends on. */
  zeroGrad(root: NodeId): void {
    const grad = this.ensureGrad();
    for (const id of this.trace(root)) grad[id] = 0;
  }

  private propagate(root: NodeId, grad: Float64Array, data: Float64Array): void {
    const mark = this.marks(root);
    mark[root] = 1;
    const a = this._a, b = this._b;
    for (let i = root; i >= 0; i--) {
      if (mark[i] === 0) continue;
      const x = a[i];
      if (x === NONE) continue;
      mark[x] = 1;
      const y = b[i];
      if (y !== NONE) mark[y] = 1;
      this.step(i, grad, data);
    }
  }

  private step(i: NodeId, grad: Float64Array, d: Float64Array): void {
    const x = this._a[i];
    if (x === NONE) return;
    const y = this._b[i], op = this._op[i] as Op;
    const p = op === Op.PowConst ? this.param(i) : 0;
    accumulateGrad(op, d[x], y === NONE ? 0 : d[y], d[i], p, grad[i], grad, x, y);
  }

  // --- graph walks --------------------------------------------------------------------

  /**
   * Every node the root (or roots) depend on, roots included, in ascending
   * (topological) order. Several roots share one walk.
   */
  trace(roots: NodeId | readonly NodeId[]): NodeId[] {
    const list = typeof roots === 'number' ? [roots] : roots;
    if (list.length === 0) return [];
    let top = 0;
    for (const r of list) top = Math.max(top, r);
    const mark = this.marks(top);
    for (const r of list) mark[r] = 1;
    const a = this._a, b = this._b;
    const found: NodeId[] = [];
    for (let i = top; i >= 0; i--) {
      if (mark[i] === 0) continue;
      found.push(i);
      if (a[i] !== NONE) mark[a[i]] = 1;
      if (b[i] !== NONE) mark[b[i]] = 1;
    }
    return found.reverse();
  }

  /**
   * Recomputes, from the leaves' current data, the data of every node in `nodes`
   * (ascending order, as trace() gives) into `out`, leaving the tape's own data as it
   * is: the forward pass that numerical gradient checks perturb. `override` replaces
   * one node's data (a leaf's, or an operation's result) and everything after it sees
   * the replaced value.
   */
  replay(nodes: readonly NodeId[], out: Float64Array, override?: { id: NodeId; data: number }): void {
    const d = this._data;
    for (const i of nodes) {
      const op = this._op[i] as Op;
      if (override && override.id === i) {
        out[i] = override.data;
      } else if (op === Op.Leaf) {
        out[i] = d[i];
      } else {
        const x = this._a[i], y = this._b[i];
        out[i] = forward(op, out[x], y === NONE ? 0 : out[y], this.param(i));
      }
    }
  }
}

/**
 * V8 forgets a hidden class once no object has it, and deoptimises every function
 * compiled against it. Without a Tape that outlives the others, each time the last
 * tape dies (between evaluations, between benchmark runs) building and backward drop
 * back to the interpreter and re-optimise: measured at 3-10x slower for the next
 * graphs of 65,000 nodes. One empty tape held for the life of the process keeps the
 * class, and the optimised code, alive.
 */
const keepShapeAlive: Tape[] = [];
keepShapeAlive.push(new Tape());
