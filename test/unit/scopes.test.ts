import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScopeKind, type GraphColumns } from '../../src/graph/columns';
import { evaluate } from '../../src/lang';
import { ScopeTable } from '../../src/lang/runtime/scopeTable';

// Where the program was when it made each Value: the scopes (calls and loop
// iterations) that CellResult.columns records per row.

/** A row's scopes from the cell's top level down, as `name#index`. */
function pathOf(c: GraphColumns, row: number): string[] {
  const path: string[] = [];
  for (let s = c.scope[row]; s > 0; s = c.scopes.parent[s]) path.unshift(`${c.scopes.names[c.scopes.name[s]]}#${c.scopes.index[s]}`);
  return path;
}

function columnsOf(text: string, cell = 0, options = {}): GraphColumns {
  const result = evaluate(text, { timeBudgetMs: 60_000, ...options });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
  const columns = result.cells[cell].columns;
  assert.ok(columns, 'the cell has an output');
  return columns;
}

function outputPath(text: string): string[] {
  const c = columnsOf(text);
  return pathOf(c, c.output);
}

/** The text of a scope's site in `source`. */
function siteText(c: GraphColumns, source: string, scope: number): string | null {
  const s = c.scopes.site[scope];
  return s < 0 ? null : source.slice(c.sites[s].start, c.sites[s].end);
}

test('micrograd demo: the last step is MLP.__call__ > Layer.__call__ > Neuron.__call__ inside the training loop', () => {
  const source = readFileSync(join(__dirname, '..', '..', 'examples', '08-moons.grad'), 'utf8').replace('for k in range(100):', 'for k in range(3):');
  const c = columnsOf(source, 2);
  const { scopes } = c;
  assert.deepEqual(pathOf(c, c.output), ['for k in range(3)#2', 'loss#0'], 'total_loss is made in the last iteration, in its call of loss()');

  // Each of the 100 samples goes through model(x) (called by map, so no call site of its own).
  const byName = (name: string) => [...scopes.name.keys()].filter((s) => scopes.names[scopes.name[s]] === name);
  const mlpCalls = byName('MLP.__call__');
  assert.equal(mlpCalls.length, 100);
  assert.deepEqual(mlpCalls.map((s) => scopes.index[s]), Array.from({ length: 100 }, (_, i) => i));
  for (const s of mlpCalls) {
    assert.equal(scopes.kind[s], ScopeKind.Call);
    assert.equal(scopes.names[scopes.name[scopes.parent[s]]], 'loss');
    assert.equal(scopes.site[s], -1, "map's calls have no call expression");
  }
  const loss = scopes.parent[mlpCalls[0]];
  assert.equal(siteText(c, source, loss), 'loss()');
  const iteration = scopes.parent[loss];
  assert.equal(scopes.kind[iteration], ScopeKind.Iteration);
  assert.equal(scopes.index[iteration], 2);
  assert.equal(siteText(c, source, iteration)?.replace(/:$/, ''), 'for k in range(3)');
  assert.equal(scopes.parent[iteration], 0);
  assert.equal(scopes.kind[0], ScopeKind.Cell);

  // A neuron's product w * xi of the last sample: made in its Neuron.__call__ (a
  // comprehension or generator is not a scope of its own: the summary groups its repeated
  // expression instead).
  const neuronRows = [...c.scope.keys()].filter((r) => pathOf(c, r).some((p) => p.startsWith('Neuron.__call__')));
  const last = pathOf(c, neuronRows[neuronRows.length - 1]);
  assert.deepEqual(last, ['for k in range(3)#2', 'loss#0', 'MLP.__call__#99', 'for layer in self.layers#2', 'Layer.__call__#0', 'Neuron.__call__#0']);
  const products = [...c.scope.keys()].filter((r) => {
    const p = pathOf(c, r);
    return p[2] === 'MLP.__call__#99' && p[3] === 'for layer in self.layers#1' && c.ops[c.op[r]] === '*';
  });
  // The second layer: 16 neurons of 16 inputs, one product each, in 16 Neuron.__call__ scopes.
  assert.equal(products.length, 256);
  assert.deepEqual(new Set(products.map((r) => pathOf(c, r).at(-1))), new Set(Array.from({ length: 16 }, (_, i) => `Neuron.__call__#${i}`)));

  // The parameters were made in cell 1's MLP(...): their scopes hang from this cell's root.
  const parameters = [...c.scope.keys()].filter((r) => c.kind[r] === 0 && pathOf(c, r)[0]?.startsWith('MLP.__init__'));
  assert.equal(parameters.length, 337);
  assert.ok(parameters.every((r) => pathOf(c, r).at(-1)!.startsWith('Neuron.__init__')), 'each parameter is made in a Neuron.__init__');
  assert.deepEqual(pathOf(c, parameters[0]), ['MLP.__init__#0', 'Layer.__init__#0', 'Neuron.__init__#0']);
  assert.deepEqual(pathOf(c, parameters.at(-1)!), ['MLP.__init__#0', 'Layer.__init__#2', 'Neuron.__init__#0']);
});

test('a lambda and a while loop each make a scope; a comprehension does not', () => {
  assert.deepEqual(outputPath('x = Value(3.0)\nf = lambda v: v * 2.0\ny = f(x)\n'), ['<lambda>#0']);
  assert.deepEqual(outputPath('def g(x):\n    h = lambda v: v * v\n    return h(x)\ny = g(Value(3.0))\n'), ['g#0', 'g.<locals>.<lambda>#0']);
  const source = 'xs = [Value(1.0), Value(2.0), Value(3.0)]\nys = [v * 2.0 for v in xs]\nout = ys[1]\n';
  const c = columnsOf(source);
  assert.deepEqual(pathOf(c, c.output), [], 'a comprehension is its caller\'s: the summary groups its repeated expression');
  assert.deepEqual(outputPath('i = 0\nx = Value(1.0)\nwhile i < 3:\n    x = x * 2.0\n    i += 1\n'), ['while i < 3#2']);
  assert.deepEqual(outputPath('xs = [Value(1.0), Value(2.0)]\ns = sum(v * v for v in xs)\n'), [], "sum's additions are its caller's");
  assert.deepEqual(outputPath('x = Value(2.0)\ny = x * 3.0\n'), [], 'the top level is the root');
});

test('a method is named by its class', () => {
  assert.deepEqual(outputPath('class A:\n    def f(self, x):\n        return x * 2.0\ny = A().f(Value(1.0))\n'), ['A.f#0']);
});

test('recursion: each call is a scope inside its caller, and siblings are numbered through it', () => {
  assert.deepEqual(
    outputPath('def f(x, n):\n    return x if n == 0 else f(x * 2.0, n - 1)\ny = f(Value(1.0), 3)\n'),
    ['f#0', 'f#0', 'f#0'], 'the last product is made in the third call');
  // map calls the lambda twice under each g; a g inside the first lambda calls the same
  // lambda (same site) itself, and the outer g's second call must still be number 1.
  const source = 'def g(x, n):\n    if n == 0:\n        return x * 1.0\n    return sum(list(map(lambda v: g(v, n - 1), [x, x])))\ny = g(Value(1.0), 2)\n';
  const c = columnsOf(source);
  const paths = [...c.scope.keys()].filter((r) => c.ops[c.op[r]] === '*').map((r) => pathOf(c, r).join(' > '));
  assert.deepEqual(paths, [0, 1].flatMap((i) => [0, 1].map((j) =>
    `g#0 > g.<locals>.<lambda>#${i} > g#0 > g.<locals>.<lambda>#${j} > g#0`)));
  // A loop in a recursive function: each call numbers its own iterations from 0.
  const tree = 'def t(x, n):\n    total = x\n    for k in range(2):\n        if n > 0:\n            total = total + t(x * 1.0, n - 1)\n    return total * 1.0\ny = t(Value(1.0), 2)\n';
  const d = columnsOf(tree);
  assert.deepEqual(pathOf(d, d.output), ['t#0']);
  assert.deepEqual(pathOf(d, d.input0[d.output]), ['t#0', 'for k in range(2)#1'], 'the last addition, in the outer call\'s second iteration');
  assert.deepEqual(pathOf(d, d.input1[d.input0[d.output]]), ['t#0', 'for k in range(2)#1', 't#0'], 'what the inner call returned');
  const loops = [...d.scopes.name.keys()].filter((s) => d.scopes.names[d.scopes.name[s]] === 'for k in range(2)');
  assert.ok(loops.length > 0);
  for (const s of loops) assert.ok(d.scopes.index[s] === 0 || d.scopes.index[s] === 1);
});

test('scopes survive compaction, and the table stays bounded in a long loop', () => {
  let largest = 0, compactions = 0;
  const compact = ScopeTable.prototype.compact;
  ScopeTable.prototype.compact = function (this: ScopeTable) {
    largest = Math.max(largest, this.size);
    compactions++;
    compact.call(this);
  };
  try {
    const source = 'x = Value(1.0)\nfor k in range(150000):\n    y = x * 1.0\n    z = y + 1.0\nout = z\n';
    const c = columnsOf(source, 0, { maxNodes: 5_000 });
    assert.deepEqual(pathOf(c, c.output), ['for k in range(150000)#149999']);
    assert.deepEqual(pathOf(c, c.input0[c.output]), ['for k in range(150000)#149999']);
    assert.deepEqual(pathOf(c, c.input0[c.input0[c.output]]), [], 'x was made at the top level');
    assert.ok(compactions > 0, 'the table was compacted');
    assert.ok(largest <= 2 * 65_536 + 10, `the table held at most ${largest} scopes`);
  } finally {
    ScopeTable.prototype.compact = compact;
  }
});

test('a loop that makes no Values leaves no scopes behind', () => {
  let largest = 0;
  const enter = ScopeTable.prototype.enter;
  ScopeTable.prototype.enter = function (this: ScopeTable, site: number, index: number) {
    largest = Math.max(largest, this.size);
    enter.call(this, site, index);
  };
  try {
    const c = columnsOf('t = 0\nfor k in range(100000):\n    t += k\nx = Value(1.0) * 2.0\n');
    assert.deepEqual(pathOf(c, c.output), []);
    assert.ok(largest < 10, `the table held ${largest} scopes`);
  } finally {
    ScopeTable.prototype.enter = enter;
  }
});
