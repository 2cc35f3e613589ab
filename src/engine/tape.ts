import { Op, accumulateGrad, contributionIsInt, forward, forwardIsInt } from './ops';

/** A node's index on its tape. Compaction renumbers nodes; a NodeRef follows its node. */
export type NodeId = number;

const NONE = -1;
const INITIAL_CAPACITY = 1024;

/** Bits of a node's flags. */
export const enum NodeFlag {
  /** data is a Python int (`Value(2)`, `Value(2) + Value(3)`), so it prints as `5`. */
  DataInt = 1,
  /** grad is a Python int: micrograd starts grads at `0` and backward() sets the root's to `1`. */
  GradInt = 2,
  /** A plain number that met a Value inside an expression (the `2` of `2 * x`). */
  Constant = 4,
  /** The label is a variable's name (`e = a*b` labels the product `e`). */
  LabelName = 8,
  /** The label was set by the program (`label='a'`, `e.label = 'e'`): nothing renames it. */
  LabelExplicit = 16,
  /**
   * A plain number as far as Python can tell (GradLens's short form `a = 2.0`, what is
   * computed from such numbers, and constants): it prints, compares and formats as its
   * number, while the tape records how it was made. An op's result is plain when all
   * its inputs are; a micrograd Value among them makes it a Value.
   */
  Plain = 32,
  /** A PowConst whose exponent is a Python int (`x**2`, not `x**2.0`): micrograd's _op is `**2`. */
  IntExponent = 64,
}

/** What backward() found on its way. */
export const enum BackwardFlag {
  /** Some node below the root already had a grad: the pass added to it, as micrograd does. */
  Accumulated = 1,
  /** Some gradient came out NaN or infinite. */
  NotFinite = 2,
}

/**
 * A program's handle on a node: the object a .grad program holds as a Value.
 * Compaction, which moves nodes, updates the ids of the handles it is given (the ones
 * the program can still reach). A node may have several handles (each read of `_prev`
 * makes new ones), so identity is the node's serial, not the object.
 */
export class NodeRef {
  constructor(public id: NodeId) {}
}

/**
 * The autograd graph as a struct-of-arrays tape: node i's op, inputs, data and grad
 * live at index i of typed arrays, so building and differentiating a graph allocates
 * no object per node.
 *
 * A node's inputs always have smaller indices than the node (they existed before it,
 * and compaction keeps the order), so descending index order is a topological order:
 * backward() and trace() walk it with a loop, never with recursion, and a chain a
 * million deep is no deeper for them than a wide graph.
 *
 * A training loop builds a new graph every step, as micrograd does; compact() keeps
 * only the nodes reachable from the given roots and slides them down, so the tape's
 * size follows what is alive, and its arrays are reused rather than reallocated (see
 * acquireTape): growing, dropping and re-faulting big typed arrays cost more than
 * building the graph in them.
 */
export class Tape {
  private _size = 0;
  private capacity = INITIAL_CAPACITY;
  private _op = new Uint8Array(INITIAL_CAPACITY);
  private _flags = new Uint8Array(INITIAL_CAPACITY);
  private _a = new Int32Array(INITIAL_CAPACITY);
  private _b = new Int32Array(INITIAL_CAPACITY);
  private _data = new Float64Array(INITIAL_CAPACITY);
  /**
   * Grads of nodes below gradTop; a node at or above it has grad 0 until ensureGrad()
   * zero-fills up to the size. Building a graph then writes no grads at all, and the
   * array is not even grown until a backward pass needs it.
   */
  private _grad = new Float64Array(0);
  private gradTop = 0;
  /** What made each node, for labels and "defined at": an index the language gives out, or -1. */
  private _origin = new Int32Array(INITIAL_CAPACITY);
  /**
   * Where the program was when it made each node: a number the language gives out (its
   * scope table, runtime/scopeTable.ts), copied from currentScope as the node is made.
   */
  private _scope = new Int32Array(INITIAL_CAPACITY);
  /** The scope new nodes are made in; the language moves it as calls and loops run. */
  currentScope = 0;
  /**
   * A number no other node of this tape ever had, so results can name nodes across
   * compactions. Nodes are numbered in order of creation, so only the ones kept by a
   * compaction need their serial written down (below serialTop); a node made since
   * has serial firstNewSerial + (id - serialTop). Building writes none.
   */
  private _serial = new Float64Array(INITIAL_CAPACITY);
  private serialTop = 0;
  private firstNewSerial = 0;
  private _mark = new Uint8Array(INITIAL_CAPACITY);
  /** Compaction's old-to-new map, kept to avoid allocating one each time. */
  private newIds = new Int32Array(0);
  /** The exponents of PowConst nodes: rare enough that a map beats a column. */
  private exponents = new Map<NodeId, number>();
  private labels = new Map<NodeId, string>();

  get size(): number {
    return this._size;
  }

  // --- building -------------------------------------------------------------------

  leaf(data: number, label?: string): NodeId {
    const id = this.makeLeaf(data, false, NONE, 0);
    if (label !== undefined) this.labels.set(id, label);
    return id;
  }

  /** A leaf whose data is a Python int when `isInt`; `flags` may add Constant or label bits. */
  makeLeaf(data: number, isInt: boolean, origin: number, flags: number): NodeId {
    const id = this.push(Op.Leaf, NONE, NONE, data, origin);
    this._flags[id] = flags | NodeFlag.GradInt | (isInt ? NodeFlag.DataInt : 0);
    return id;
  }

  add(x: NodeId, y: NodeId): NodeId { return this.make(Op.Add, x, y, 0, false, NONE); }
  sub(x: NodeId, y: NodeId): NodeId { return this.make(Op.Sub, x, y, 0, false, NONE); }
  mul(x: NodeId, y: NodeId): NodeId { return this.make(Op.Mul, x, y, 0, false, NONE); }
  div(x: NodeId, y: NodeId): NodeId { return this.make(Op.Div, x, y, 0, false, NONE); }
  pow(x: NodeId, y: NodeId): NodeId { return this.make(Op.Pow, x, y, 0, false, NONE); }
  neg(x: NodeId): NodeId { return this.make(Op.Neg, x, NONE, 0, false, NONE); }
  tanh(x: NodeId): NodeId { return this.make(Op.Tanh, x, NONE, 0, false, NONE); }
  exp(x: NodeId): NodeId { return this.make(Op.Exp, x, NONE, 0, false, NONE); }
  log(x: NodeId): NodeId { return this.make(Op.Log, x, NONE, 0, false, NONE); }
  relu(x: NodeId): NodeId { return this.make(Op.Relu, x, NONE, 0, false, NONE); }
  sigmoid(x: NodeId): NodeId { return this.make(Op.Sigmoid, x, NONE, 0, false, NONE); }

  /** x ** p for a plain number p (a float: see make() for an int exponent). */
  powConst(x: NodeId, p: number): NodeId { return this.make(Op.PowConst, x, NONE, p, false, NONE); }

  /** Applies `op` to the given inputs; the generic form of the methods above. */
  apply(op: Op, x: NodeId, y: NodeId = NONE, p = 0): NodeId {
    if (op === Op.Leaf) throw new RangeError('apply() builds operations; use leaf() for leaves');
    return this.make(op, x, y, p, false, NONE);
  }

  /**
   * Builds one operation node: y is NONE for unary ops, p the exponent of PowConst
   * (pInt: whether it is a Python int), origin what the language says made it.
   */
  make(op: Op, x: NodeId, y: NodeId, p: number, pInt: boolean, origin: number): NodeId {
    const d = this._data, f = this._flags;
    const xd = d[x], yd = y === NONE ? 0 : d[y];
    const id = this.push(op, x, y, forward(op, xd, yd, p), origin);
    const xInt = (f[x] & NodeFlag.DataInt) !== 0, yInt = y === NONE || (f[y] & NodeFlag.DataInt) !== 0;
    const plain = f[x] & (y === NONE ? NodeFlag.Plain : f[y]) & NodeFlag.Plain;
    this._flags[id] = NodeFlag.GradInt | plain | (forwardIsInt(op, xInt, yInt, p, pInt, xd) ? NodeFlag.DataInt : 0) |
      (pInt ? NodeFlag.IntExponent : 0);
    if (op === Op.PowConst) this.exponents.set(id, p);
    return id;
  }

  private push(op: Op, a: NodeId, b: NodeId, data: number, origin: number): NodeId {
    const id = this._size;
    if (id === this.capacity) this.grow();
    this._op[id] = op;
    this._a[id] = a;
    this._b[id] = b;
    this._data[id] = data;
    this._origin[id] = origin;
    this._scope[id] = this.currentScope;
    this._size = id + 1;
    return id;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const grown = <T extends Uint8Array | Int32Array | Float64Array>(old: T, make: new (n: number) => T): T => {
      const next = new make(capacity);
      next.set(old);
      return next;
    };
    this._op = grown(this._op, Uint8Array);
    this._flags = grown(this._flags, Uint8Array);
    this._a = grown(this._a, Int32Array);
    this._b = grown(this._b, Int32Array);
    this._data = grown(this._data, Float64Array);
    this._origin = grown(this._origin, Int32Array);
    this._scope = grown(this._scope, Int32Array);
    this._serial = grown(this._serial, Float64Array);
    this._mark = new Uint8Array(capacity);
    this.capacity = capacity;
  }

  /** Makes every node's grad slot valid; new slots are 0. */
  private ensureGrad(): Float64Array {
    if (this.gradTop < this._size) {
      if (this._grad.length < this._size) {
        const grad = new Float64Array(this.capacity);
        grad.set(this._grad.subarray(0, this.gradTop));
        this._grad = grad;
      } else {
        this._grad.fill(0, this.gradTop, this._size);
      }
      this.gradTop = this._size;
    }
    return this._grad;
  }

  /**
   * The walks' marks, all 0 between walks: each walk clears what it set before it
   * returns. Clearing 0..top up front instead cost every walk the whole tape, and a file
   * of many small cells (each cell's graph traced, its grads propagated) paid that once per
   * cell: 20,000 cells of five Values took 19 s for 2 MB.
   */
  private marks(): Uint8Array {
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
  grad(id: NodeId): number { return id < this.gradTop ? this._grad[id] : 0; }
  flags(id: NodeId): number { return this._flags[id]; }
  origin(id: NodeId): number { return this._origin[id]; }
  scope(id: NodeId): number { return this._scope[id]; }
  /** The node's first input, or -1 for a leaf: inputs() without the array, for walks over big graphs. */
  input0(id: NodeId): NodeId { return this._a[id]; }
  /** The node's second input, or -1 for a leaf or a unary operation. */
  input1(id: NodeId): NodeId { return this._b[id]; }
  serial(id: NodeId): number {
    return id < this.serialTop ? this._serial[id] : this.firstNewSerial + (id - this.serialTop);
  }
  setData(id: NodeId, value: number, isInt = false): void {
    this._data[id] = value;
    this._flags[id] = isInt ? this._flags[id] | NodeFlag.DataInt : this._flags[id] & ~NodeFlag.DataInt;
  }
  setGrad(id: NodeId, value: number, isInt = false): void {
    this.ensureGrad()[id] = value;
    this._flags[id] = isInt ? this._flags[id] | NodeFlag.GradInt : this._flags[id] & ~NodeFlag.GradInt;
  }
  /** Sets or clears label-kind bits (NodeFlag.LabelName, LabelExplicit). */
  setFlag(id: NodeId, flag: NodeFlag, on: boolean): void {
    this._flags[id] = on ? this._flags[id] | flag : this._flags[id] & ~flag;
  }
  label(id: NodeId): string | undefined { return this.labels.get(id); }
  /** How many nodes have a label, and each with its label (in no particular order). */
  get labelCount(): number { return this.labels.size; }
  labelEntries(): IterableIterator<[NodeId, string]> { return this.labels.entries(); }
  setLabel(id: NodeId, label: string): void { this.labels.set(id, label); }

  /**
   * The node whose serial is `serial`, or -1 if it was reclaimed. Compaction keeps
   * nodes in order, so serials ascend with ids and a binary search finds one.
   */
  findSerial(serial: number): NodeId {
    if (serial >= this.firstNewSerial) {
      const id = this.serialTop + (serial - this.firstNewSerial);
      return id < this._size ? id : -1;
    }
    let lo = 0, hi = this.serialTop - 1;
    const s = this._serial;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] === serial) return mid;
      if (s[mid] < serial) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  // --- differentiation ---------------------------------------------------------------

  /**
   * micrograd's `root.backward()`: sets root's grad to 1 and adds every node's
   * contribution into its inputs' grads, so grads accumulate across calls until
   * something resets them. Whether each grad is still a Python int is tracked too.
   * Returns BackwardFlag bits: whether it added to grads already there, and whether
   * a gradient came out NaN or infinite.
   */
  backward(root: NodeId): number {
    const grad = this.ensureGrad();
    grad[root] = 1;
    this._flags[root] |= NodeFlag.GradInt;
    return this.propagate(root, grad, this._data, true);
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
    this.propagate(root, grad, data, false);
    return grad;
  }

  /**
   * micrograd's `node._backward()`: adds this one node's contribution, its grad times
   * each local derivative, into its inputs' grads.
   */
  backwardStep(id: NodeId): void {
    this.step(id, this.ensureGrad(), this._data, true);
  }

  /** Sets to 0 (micrograd's int 0) the grad of root and of every node it depends on. */
  zeroGrad(root: NodeId): void {
    const grad = this.ensureGrad();
    for (const id of this.trace(root)) {
      grad[id] = 0;
      this._flags[id] |= NodeFlag.GradInt;
    }
  }

  private propagate(root: NodeId, grad: Float64Array, data: Float64Array, ownGrads: boolean): number {
    const mark = this.marks();
    mark[root] = 1;
    const a = this._a, b = this._b, ops = this._op, f = this._flags;
    let found = 0;
    // Marked and not yet reached: at 0 every node below is outside the graph.
    let pending = 1;
    let i = root;
    for (; i >= 0 && pending > 0; i--) {
      if (mark[i] === 0) continue;
      pending--;
      // Every node using i has a larger id and was done: i's grad is final here.
      const g = grad[i];
      if (g - g !== 0) found |= BackwardFlag.NotFinite;
      const x = a[i];
      if (x === NONE) continue;
      // A grad already there when the pass first reaches a node was left by earlier code.
      if (mark[x] === 0) {
        mark[x] = 1;
        pending++;
        if (ownGrads && grad[x] !== 0) found |= BackwardFlag.Accumulated;
      }
      const y = b[i];
      if (y !== NONE && mark[y] === 0) {
        mark[y] = 1;
        pending++;
        if (ownGrads && grad[y] !== 0) found |= BackwardFlag.Accumulated;
      }
      const op = ops[i] as Op;
      const p = op === Op.PowConst ? this.param(i) : 0;
      accumulateGrad(op, data[x], y === NONE ? 0 : data[y], data[i], p, g, grad, x, y);
      if (!ownGrads) continue;
      // A float grad passes floats on, whatever the op: the common case, decided here.
      if ((f[i] & NodeFlag.GradInt) === 0) {
        f[x] &= ~NodeFlag.GradInt;
        if (y !== NONE) f[y] &= ~NodeFlag.GradInt;
      } else {
        this.trackIntGrads(op, i, x, y, p);
      }
    }
    mark.fill(0, i + 1, root + 1);
    return found;
  }

  private step(i: NodeId, grad: Float64Array, d: Float64Array, ownGrads: boolean): void {
    const x = this._a[i];
    if (x === NONE) return;
    const y = this._b[i], op = this._op[i] as Op;
    const p = op === Op.PowConst ? this.param(i) : 0;
    accumulateGrad(op, d[x], y === NONE ? 0 : d[y], d[i], p, grad[i], grad, x, y);
    if (ownGrads) this.trackIntGrads(op, i, x, y, p);
  }

  /** Clears GradInt on an input that a step from node i just gave a float. */
  private trackIntGrads(op: Op, i: NodeId, x: NodeId, y: NodeId, p: number): void {
    const f = this._flags;
    const gInt = (f[i] & NodeFlag.GradInt) !== 0;
    const xInt = (f[x] & NodeFlag.DataInt) !== 0, yInt = y !== NONE && (f[y] & NodeFlag.DataInt) !== 0;
    const pInt = (f[i] & NodeFlag.IntExponent) !== 0;
    if (!contributionIsInt(op, 0, xInt, yInt, p, pInt, gInt)) f[x] &= ~NodeFlag.GradInt;
    if (y !== NONE && !contributionIsInt(op, 1, xInt, yInt, p, pInt, gInt)) f[y] &= ~NodeFlag.GradInt;
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
    const mark = this.marks();
    let pending = 0;
    for (const r of list) {
      if (mark[r] === 0) pending++;
      mark[r] = 1;
    }
    const a = this._a, b = this._b;
    const found: NodeId[] = [];
    let i = top;
    for (; i >= 0 && pending > 0; i--) {
      if (mark[i] === 0) continue;
      pending--;
      found.push(i);
      const x = a[i], y = b[i];
      if (x !== NONE && mark[x] === 0) {
        mark[x] = 1;
        pending++;
      }
      if (y !== NONE && mark[y] === 0) {
        mark[y] = 1;
        pending++;
      }
    }
    mark.fill(0, i + 1, top + 1);
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

  // --- reclaiming memory ---------------------------------------------------------------

  /**
   * Keeps the roots and every node they depend on, drops the rest, and slides the
   * kept nodes down in order (so ids stay a topological order). `handles` are the
   * program's handles on the roots: each gets its node's new id. Returns how many
   * nodes are left.
   */
  compact(handles: readonly NodeRef[]): number {
    const size = this._size;
    if (size === 0) return 0;
    const mark = this.marks();
    for (const h of handles) if (h.id >= 0 && h.id < size) mark[h.id] = 1;
    const a = this._a, b = this._b;
    for (let i = size - 1; i >= 0; i--) {
      if (mark[i] === 0) continue;
      if (a[i] !== NONE) mark[a[i]] = 1;
      if (b[i] !== NONE) mark[b[i]] = 1;
    }
    if (this.newIds.length < size) this.newIds = new Int32Array(this.capacity);
    const newId = this.newIds;
    const { _op: op, _flags: flags, _data: data, _grad: grad, _origin: origin, _scope: scope, _serial: serial } = this;
    const serialTop = this.serialTop, firstNewSerial = this.firstNewSerial;
    const gradTop = this.gradTop;
    // Sliding down in ascending order never overwrites a slot not yet read: next <= i.
    let next = 0, nextGradTop = 0;
    for (let i = 0; i < size; i++) {
      if (mark[i] === 0) {
        newId[i] = NONE;
        continue;
      }
      newId[i] = next;
      op[next] = op[i];
      flags[next] = flags[i];
      a[next] = a[i] === NONE ? NONE : newId[a[i]];
      b[next] = b[i] === NONE ? NONE : newId[b[i]];
      data[next] = data[i];
      if (i < gradTop) {
        grad[next] = grad[i];
        nextGradTop = next + 1;
      }
      origin[next] = origin[i];
      scope[next] = scope[i];
      serial[next] = i < serialTop ? serial[i] : firstNewSerial + (i - serialTop);
      next++;
    }
    mark.fill(0, 0, size);
    for (const h of handles) if (h.id >= 0 && h.id < size) h.id = newId[h.id];
    this.exponents = remapKeys(this.exponents, newId);
    this.labels = remapKeys(this.labels, newId);
    this.firstNewSerial += size - serialTop;
    this.serialTop = next;
    this._size = next;
    // Grads of kept nodes above the old gradTop were never written: they are 0.
    this.gradTop = nextGradTop;
    return next;
  }

  /** Sets mark[s] to 1 for the scope s of every node: the scopes the tape still uses. */
  markScopes(mark: Uint8Array): void {
    const scope = this._scope;
    for (let i = 0; i < this._size; i++) mark[scope[i]] = 1;
  }

  /** Whether the last node made was made in `scope`. */
  madeLastIn(scope: number): boolean {
    return this._size > 0 && this._scope[this._size - 1] === scope;
  }

  /** Renumbers every node's scope, and the current one, after the language compacted its scope table. */
  remapScopes(newIds: Int32Array): void {
    const scope = this._scope;
    for (let i = 0; i < this._size; i++) scope[i] = newIds[scope[i]];
    this.currentScope = newIds[this.currentScope];
  }

  /** Empties the tape, keeping its arrays for the next evaluation. */
  reset(): void {
    this.currentScope = 0;
    this.exponents.clear();
    this.labels.clear();
    this._size = 0;
    this.gradTop = 0;
    this.serialTop = 0;
    this.firstNewSerial = 0;
  }
}

function remapKeys<T>(map: Map<NodeId, T>, newId: Int32Array): Map<NodeId, T> {
  const next = new Map<NodeId, T>();
  for (const [id, value] of map) if (newId[id] !== NONE) next.set(newId[id], value);
  return next;
}

/**
 * One tape kept between evaluations: re-evaluating a file as the user types then
 * reuses arrays that are already allocated and faulted in. Evaluations in one thread
 * never overlap, but a second acquire before a release gets a tape of its own.
 */
let spare: Tape | null = null;

export function acquireTape(): Tape {
  const tape = spare ?? new Tape();
  spare = null;
  return tape;
}

export function releaseTape(tape: Tape): void {
  tape.reset();
  spare = tape;
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
