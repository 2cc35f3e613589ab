import { Op, opFromLabel } from '../../src/engine/ops';
import { RowKind, ScopeKind, type GraphColumns } from '../../src/graph/columns';

// Builds GraphColumns the way the interpreter's snapshot will: scopes opened and rows
// made in program order. For the summary's tests, without depending on the interpreter.

export class ColumnsBuilder {
  private readonly id: number[] = [];
  private readonly data: number[] = [];
  private readonly grad: number[] = [];
  private readonly input0: number[] = [];
  private readonly input1: number[] = [];
  private readonly op: number[] = [];
  private readonly kind: number[] = [];
  private readonly label: number[] = [];
  private readonly site: number[] = [];
  private readonly scope: number[] = [];
  private readonly ops: string[] = [];
  private readonly labels: string[] = [];
  private readonly opIndex = new Map<string, number>();
  private readonly labelIndex = new Map<string, number>();
  private readonly scopeParent: number[] = [-1];
  private readonly scopeKind: number[] = [ScopeKind.Cell];
  private readonly scopeName: number[] = [0];
  private readonly scopeIndex: number[] = [0];
  private readonly scopeSite: number[] = [-1];
  private readonly scopeNames: string[] = ['<cell>'];
  private readonly scopeNameIndex = new Map<string, number>([['<cell>', 0]]);
  /** Scopes made so far per (parent, site, name): the next one's index. */
  private readonly siblings = new Map<string, number>();
  private sites = 0;
  nextId = 1;

  get size(): number {
    return this.id.length;
  }

  /** A new site (an expression or a call or loop header in the source). */
  newSite(): number {
    return this.sites++;
  }

  openScope(parent: number, kind: ScopeKind, name: string, site: number): number {
    let nameId = this.scopeNameIndex.get(name);
    if (nameId === undefined) {
      nameId = this.scopeNames.length;
      this.scopeNames.push(name);
      this.scopeNameIndex.set(name, nameId);
    }
    const siblingKey = `${parent}:${site}:${site < 0 ? nameId : ''}`;
    const index = this.siblings.get(siblingKey) ?? 0;
    this.siblings.set(siblingKey, index + 1);
    this.scopeParent.push(parent);
    this.scopeKind.push(kind);
    this.scopeName.push(nameId);
    this.scopeIndex.push(index);
    this.scopeSite.push(site);
    return this.scopeParent.length - 1;
  }

  private intern(table: string[], index: Map<string, number>, text: string): number {
    let i = index.get(text);
    if (i === undefined) {
      i = table.length;
      table.push(text);
      index.set(text, i);
    }
    return i;
  }

  value(kind: RowKind, label: string, scope: number, site: number, op: string | null, a = -1, b = -1, data = 0, grad = 0): number {
    this.id.push(this.nextId++);
    this.data.push(data);
    this.grad.push(grad);
    this.input0.push(a);
    this.input1.push(b);
    this.op.push(op === null ? -1 : this.intern(this.ops, this.opIndex, op));
    this.kind.push(kind);
    this.label.push(this.intern(this.labels, this.labelIndex, label));
    this.site.push(site);
    this.scope.push(scope);
    return this.id.length - 1;
  }

  leaf(label: string, scope = 0, data = 1, grad = 0): number {
    return this.value(RowKind.Leaf, label, scope, -1, null, -1, -1, data, grad);
  }

  result(op: string, a: number, b: number, scope: number, site: number, label = op, data = 0, grad = 0): number {
    return this.value(RowKind.Result, label, scope, site, op, a, b, data, grad);
  }

  build(output = this.size - 1): GraphColumns {
    const sites = Array.from({ length: this.sites }, (_, i) => ({ start: i * 10, end: i * 10 + 5 }));
    return {
      size: this.size,
      output,
      id: Float64Array.from(this.id),
      data: Float64Array.from(this.data),
      grad: Float64Array.from(this.grad),
      input0: Int32Array.from(this.input0),
      input1: Int32Array.from(this.input1),
      op: Int32Array.from(this.op),
      kind: Uint8Array.from(this.kind),
      label: Int32Array.from(this.label),
      site: Int32Array.from(this.site),
      scope: Int32Array.from(this.scope),
      ops: this.ops,
      opCodes: this.ops.map((label) => opFromLabel(label)?.op ?? Op.Leaf),
      labels: this.labels,
      sites,
      names: [],
      scopes: {
        size: this.scopeParent.length,
        parent: Int32Array.from(this.scopeParent),
        kind: Uint8Array.from(this.scopeKind),
        name: Int32Array.from(this.scopeName),
        index: Int32Array.from(this.scopeIndex),
        site: Int32Array.from(this.scopeSite),
        names: this.scopeNames,
      },
    };
  }
}

/** Sites of the model's code, made once, as a program's source has them once. */
export interface MlpSites {
  mlpCall: number;
  layerLoop: number;
  layerCall: number;
  neuronComp: number;
  neuronCall: number;
  mul: number;
  sum: number;
  act: number;
}

/**
 * micrograd's MLP(nin, sizes) as a program makes it: parameters in `__init__` scopes of an
 * earlier cell hanging from the root; each forward pass a `MLP.__call__` holding
 * `for layer in self.layers` iterations holding `Layer.__call__` holding a comprehension's
 * iterations holding `Neuron.__call__`, whose rows are wi*xi, a sum chain and tanh.
 */
export class Mlp {
  readonly params: number[][][] = [];
  readonly sites: MlpSites;
  constructor(private readonly b: ColumnsBuilder, readonly nin: number, readonly sizes: number[]) {
    this.sites = {
      mlpCall: b.newSite(),
      layerLoop: b.newSite(),
      layerCall: b.newSite(),
      neuronComp: b.newSite(),
      neuronCall: b.newSite(),
      mul: b.newSite(),
      sum: b.newSite(),
      act: b.newSite(),
    };
    const init = b.openScope(0, ScopeKind.Call, 'MLP.__init__', b.newSite());
    const layerInit = b.newSite();
    const neuronInit = b.newSite();
    let fanIn = nin;
    for (const size of sizes) {
      const layer = b.openScope(init, ScopeKind.Call, 'Layer.__init__', layerInit);
      const neurons: number[][] = [];
      for (let j = 0; j < size; j++) {
        const scope = b.openScope(layer, ScopeKind.Call, 'Neuron.__init__', neuronInit);
        const w: number[] = [];
        for (let i = 0; i <= fanIn; i++) w.push(b.leaf(i < fanIn ? 'w' : 'b', scope, Math.sin(b.size), 0));
        neurons.push(w);
      }
      this.params.push(neurons);
      fanIn = size;
    }
  }

  call(parent: number, x: number[]): number {
    const { b, sites } = this;
    const call = b.openScope(parent, ScopeKind.Call, 'MLP.__call__', sites.mlpCall);
    let xs = x;
    this.params.forEach((neurons, l) => {
      const iteration = b.openScope(call, ScopeKind.Iteration, 'for layer in self.layers', sites.layerLoop);
      const layer = b.openScope(iteration, ScopeKind.Call, 'Layer.__call__', sites.layerCall);
      const out: number[] = [];
      for (const w of neurons) {
        const comp = b.openScope(layer, ScopeKind.Iteration, '<listcomp>', sites.neuronComp);
        const neuron = b.openScope(comp, ScopeKind.Call, 'Neuron.__call__', sites.neuronCall);
        let act = w[w.length - 1];
        for (let i = 0; i < xs.length; i++) {
          const m = b.result('*', w[i], xs[i], neuron, sites.mul, 'wi*xi', 0.5, (l + 1) * 0.01);
          act = b.result('+', act, m, neuron, sites.sum, 'sum(...)', 0.5, 0.02);
        }
        out.push(b.result(l === this.params.length - 1 ? '+' : 'tanh', act, l === this.params.length - 1 ? -1 : -1, neuron, sites.act, 'act', 0.3, 0.1));
      }
      xs = out;
    });
    return xs[0];
  }
}

/**
 * A training-like cell: `for k in range(iterations)`, each iteration a batch through the
 * MLP, per-sample hinge losses in a comprehension, their sum, and a running total.
 */
export function trainingColumns(iterations: number, batch: number, sizes = [16, 16, 1], b = new ColumnsBuilder()): GraphColumns {
  const mlp = new Mlp(b, 2, sizes);
  const loop = b.newSite();
  const lossComp = b.newSite();
  const [neg, mul, one, relu, sum, total] = [b.newSite(), b.newSite(), b.newSite(), b.newSite(), b.newSite(), b.newSite()];
  let running = -1;
  for (let k = 0; k < iterations; k++) {
    const it = b.openScope(0, ScopeKind.Iteration, `for k in range(${iterations})`, loop);
    const xs: number[] = [];
    for (let s = 0; s < batch; s++) xs.push(b.leaf('x', it, s), b.leaf('x', it, -s));
    const scores: number[] = [];
    for (let s = 0; s < batch; s++) scores.push(mlp.call(it, [xs[2 * s], xs[2 * s + 1]]));
    const losses: number[] = [];
    for (let s = 0; s < batch; s++) {
      const comp = b.openScope(it, ScopeKind.Iteration, '<listcomp>', lossComp);
      const y = b.leaf('yi', comp, 1);
      const n1 = b.result('neg', y, -1, comp, neg, '-yi');
      const n2 = b.result('*', n1, scores[s], comp, mul, '-yi*scorei');
      const n3 = b.result('+', n2, -1, comp, one, '1 + -yi*scorei');
      losses.push(b.result('relu', n3, -1, comp, relu, '(1 + -yi*scorei).relu()', 0.1, 0.01 * s));
    }
    let acc = losses[0];
    for (let s = 1; s < batch; s++) acc = b.result('+', acc, losses[s], it, sum, 'sum(losses)');
    running = running < 0 ? acc : b.result('+', running, acc, 0, total, 'total');
  }
  return b.build();
}

/** A random program: scopes opened and closed, rows made inside them from earlier rows. */
export function randomColumns(seed: number, rows: number): GraphColumns {
  let state = seed >>> 0 || 1;
  const random = (k: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % k;
  };
  const b = new ColumnsBuilder();
  const callSites = [b.newSite(), b.newSite(), b.newSite()];
  const exprSites = [b.newSite(), b.newSite(), b.newSite(), b.newSite()];
  const names = ['f', 'g', 'Neuron.__call__', 'for i in range(n)'];
  const stack = [0];
  for (let r = 0; r < rows; r++) {
    const action = random(10);
    if (action < 2 && stack.length < 6) {
      const site = random(3);
      stack.push(b.openScope(stack[stack.length - 1], site === 2 ? ScopeKind.Iteration : ScopeKind.Call, names[site + random(2)], callSites[site]));
    } else if (action < 4 && stack.length > 1) stack.pop();
    const scope = stack[stack.length - 1];
    if (r < 2 || random(4) === 0) b.leaf(`x${r % 5}`, scope, r, r % 7 - 3);
    else {
      const site = random(4);
      const a = random(r);
      const unary = random(3) === 0;
      b.result(unary ? 'tanh' : site % 2 ? '+' : '*', a, unary ? -1 : random(r), scope, exprSites[site], `e${site}`, r / 3, (r % 11) - 5);
    }
  }
  return b.build();
}
