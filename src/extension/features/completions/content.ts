import { fixed, type EvalResult } from '../../../lang';

/** One completion, as the provider turns it into a vscode.CompletionItem. */
export interface Completion {
  label: string;
  kind: 'variable' | 'function' | 'method' | 'property';
  /** Shown beside the label: a variable's numbers, a function's signature. */
  detail: string;
  /** Text to insert when it differs from the label (a call's parentheses). */
  insert?: string;
}

const FUNCTIONS: Completion[] = [
  { label: 'Value', kind: 'function', detail: "Value(data, label='…'): a new leaf", insert: 'Value(' },
  { label: 'tanh', kind: 'function', detail: 'tanh(x)', insert: 'tanh(' },
  { label: 'exp', kind: 'function', detail: 'exp(x)', insert: 'exp(' },
  { label: 'log', kind: 'function', detail: 'log(x)', insert: 'log(' },
  { label: 'relu', kind: 'function', detail: 'relu(x)', insert: 'relu(' },
  { label: 'sigmoid', kind: 'function', detail: 'sigmoid(x)', insert: 'sigmoid(' },
  { label: 'print', kind: 'function', detail: 'print(…)', insert: 'print(' },
  { label: 'draw_dot', kind: 'function', detail: "draw_dot(x): makes x the cell's output", insert: 'draw_dot(' },
  { label: 'MLP', kind: 'function', detail: "MLP(nin, nouts): micrograd's multi-layer perceptron", insert: 'MLP(' },
  { label: 'Layer', kind: 'function', detail: "Layer(nin, nout): micrograd's layer of neurons", insert: 'Layer(' },
  { label: 'Neuron', kind: 'function', detail: "Neuron(nin, nonlin=True): micrograd's neuron", insert: 'Neuron(' },
  { label: 'make_moons', kind: 'function', detail: "make_moons(n_samples=100, noise=None, random_state=None): scikit-learn's two moons", insert: 'make_moons(' },
  ...['range', 'len', 'zip', 'enumerate', 'sum', 'min', 'max', 'abs', 'map', 'filter', 'sorted', 'reversed', 'list', 'round', 'isinstance']
    .map((name): Completion => ({ label: name, kind: 'function', detail: `${name}(…): Python's built-in`, insert: `${name}(` })),
];

const MEMBERS: Completion[] = [
  { label: 'data', kind: 'property', detail: 'the number' },
  { label: 'grad', kind: 'property', detail: 'the gradient' },
  { label: 'label', kind: 'property', detail: 'the name in the graph' },
  { label: 'backward', kind: 'method', detail: 'backward(): gradients from here, accumulated', insert: 'backward()' },
  { label: '_backward', kind: 'method', detail: "_backward(): this node's local step only", insert: '_backward()' },
  { label: 'tanh', kind: 'method', detail: 'tanh()', insert: 'tanh()' },
  { label: 'exp', kind: 'method', detail: 'exp()', insert: 'exp()' },
  { label: 'log', kind: 'method', detail: 'log()', insert: 'log()' },
  { label: 'relu', kind: 'method', detail: 'relu()', insert: 'relu()' },
  { label: 'sigmoid', kind: 'method', detail: 'sigmoid()', insert: 'sigmoid()' },
];

/**
 * What can be typed at `offset`: after `name.`, a Value's attributes and methods;
 * elsewhere the variables bound before that point (with their numbers) and the
 * built-in functions. Word-based suggestions would offer words from comments instead.
 */
export function completionsAt(result: EvalResult, text: string, offset: number, precision: number): Completion[] {
  if (/[A-Za-z_]\w*\s*\.\s*\w*$/.test(text.slice(Math.max(0, offset - 200), offset))) return MEMBERS;
  const variables = new Map<string, Completion>();
  for (const cell of result.cells) {
    const byId = new Map(cell.nodes.map((n) => [n.id, n]));
    for (const binding of cell.bindings) {
      if (binding.kind !== 'name' || binding.range.end > offset) continue;
      if (binding.scope !== null && !(binding.scope.start <= offset && offset <= binding.scope.end)) continue;
      const node = binding.node === null ? undefined : byId.get(binding.node);
      const numbers = node ? `data ${fixed(binding.data, precision)}  ∇ ${fixed(node.grad, precision)}` : binding.display ?? '';
      variables.set(binding.name, { label: binding.name, kind: 'variable', detail: numbers });
    }
  }
  return [...variables.values(), ...FUNCTIONS];
}
