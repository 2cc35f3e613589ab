// The operations of the autograd engine. Each one's forward value and its local
// derivatives sit side by side, as in micrograd's engine.py: `forward` computes the
// output from the inputs, `accumulateGrad` is the local backward step, and
// `localGradFormula` says the same derivative in symbols for hovers and docs.

export const enum Op {
  Leaf = 0,
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  /** x ** p with p a plain number (micrograd's `__pow__`). */
  PowConst,
  /** x ** y with y a Value. */
  Pow,
  Tanh,
  Exp,
  Log,
  Relu,
  Sigmoid,
}

/** How many Value inputs each op takes (PowConst keeps its exponent as a number). */
export function arity(op: Op): 0 | 1 | 2 {
  switch (op) {
    case Op.Leaf: return 0;
    case Op.Add: case Op.Sub: case Op.Mul: case Op.Div: case Op.Pow: return 2;
    default: return 1;
  }
}

/** The label of an op node in a drawn graph; PowConst shows its exponent as micrograd does (`**2`). */
export function opLabel(op: Op, param: number): string {
  switch (op) {
    case Op.Leaf: return '';
    case Op.Add: return '+';
    case Op.Sub: return '-';
    case Op.Mul: return '*';
    case Op.Div: return '/';
    case Op.Neg: return 'neg';
    case Op.PowConst: return `**${param}`;
    case Op.Pow: return '**';
    case Op.Tanh: return 'tanh';
    case Op.Exp: return 'exp';
    case Op.Log: return 'log';
    case Op.Relu: return 'relu';
    case Op.Sigmoid: return 'sigmoid';
  }
}

/**
 * opLabel read backwards: the graph model carries an op as its drawn label, and a
 * hover needs the op and exponent back to name and compute local derivatives. Kept
 * beside opLabel so the two cannot drift apart (a test round-trips every op).
 */
export function opFromLabel(label: string): { op: Op; param: number } | null {
  if (Object.hasOwn(OPS_BY_LABEL, label)) return { op: OPS_BY_LABEL[label], param: 0 };
  if (label.startsWith('**') && label.length > 2) {
    const param = Number(label.slice(2));
    if (!Number.isNaN(param)) return { op: Op.PowConst, param };
  }
  return null;
}

const OPS_BY_LABEL: Record<string, Op> = {
  '+': Op.Add, '-': Op.Sub, '*': Op.Mul, '/': Op.Div, 'neg': Op.Neg, '**': Op.Pow,
  'tanh': Op.Tanh, 'exp': Op.Exp, 'log': Op.Log, 'relu': Op.Relu, 'sigmoid': Op.Sigmoid,
};

/** The op's output for inputs x, y (y unused by unary ops) and exponent p (PowConst only). */
export function forward(op: Op, x: number, y: number, p: number): number {
  switch (op) {
    case Op.Leaf: return x;
    case Op.Add: return x + y;
    case Op.Sub: return x - y;
    case Op.Mul: return x * y;
    case Op.Div: return x / y;
    case Op.Neg: return -x;
    case Op.PowConst: return x ** p;
    case Op.Pow: return x ** y;
    case Op.Tanh: return Math.tanh(x);
    case Op.Exp: return Math.exp(x);
    case Op.Log: return Math.log(x);
    case Op.Relu: return x < 0 ? 0 : x;
    case Op.Sigmoid: return 1 / (1 + Math.exp(-x));
  }
}

/**
 * The local backward step of one node: adds g·∂out/∂x into grad[ix] and g·∂out/∂y
 * into grad[iy] (unary ops touch only grad[ix]), given the inputs x, y, the output
 * `out` and the exponent p. Derivatives reuse `out` where micrograd does (tanh, exp,
 * sigmoid). This is the backward pass's inner loop, so it writes into the gradient
 * array directly rather than returning a pair.
 */
export function accumulateGrad(
  op: Op, x: number, y: number, out: number, p: number,
  g: number, grad: Float64Array, ix: number, iy: number,
): void {
  switch (op) {
    case Op.Leaf: return;
    case Op.Add: grad[ix] += g; grad[iy] += g; return;
    case Op.Sub: grad[ix] += g; grad[iy] -= g; return;
    case Op.Mul: grad[ix] += y * g; grad[iy] += x * g; return;
    case Op.Div: grad[ix] += g / y; grad[iy] -= (x / (y * y)) * g; return;
    case Op.Neg: grad[ix] -= g; return;
    case Op.PowConst: grad[ix] += p * x ** (p - 1) * g; return;
    case Op.Pow: grad[ix] += y * x ** (y - 1) * g; grad[iy] += out * Math.log(x) * g; return;
    case Op.Tanh: grad[ix] += (1 - out * out) * g; return;
    case Op.Exp: grad[ix] += out * g; return;
    case Op.Log: grad[ix] += g / x; return;
    case Op.Relu: grad[ix] += out > 0 ? g : 0; return;
    case Op.Sigmoid: grad[ix] += out * (1 - out) * g; return;
  }
}

const scratch = new Float64Array(2);

/** ∂out/∂x and ∂out/∂y of one op at the given point (the second is 0 for unary ops). */
export function localGrads(op: Op, x: number, y: number, out: number, p: number): [number, number] {
  scratch[0] = 0;
  scratch[1] = 0;
  accumulateGrad(op, x, y, out, p, 1, scratch, 0, 1);
  return [scratch[0], scratch[1]];
}

/**
 * The local derivative written as a formula over the operands' names, for hovers:
 * `localGradFormula(Op.Mul, 0, 'a', 'b', 'e')` is `b`.
 */
export function localGradFormula(op: Op, which: 0 | 1, x: string, y: string, out: string, p: number): string {
  switch (op) {
    case Op.Leaf: return '0';
    case Op.Add: return '1';
    case Op.Sub: return which === 0 ? '1' : '-1';
    case Op.Mul: return which === 0 ? y : x;
    case Op.Div: return which === 0 ? `1/${y}` : `-${x}/${y}²`;
    case Op.Neg: return '-1';
    case Op.PowConst: return `${p}·${x}^${p - 1}`;
    case Op.Pow: return which === 0 ? `${y}·${x}^(${y}-1)` : `${out}·log(${x})`;
    case Op.Tanh: return `1 - ${out}²`;
    case Op.Exp: return out;
    case Op.Log: return `1/${x}`;
    case Op.Relu: return `(${out} > 0 ? 1 : 0)`;
    case Op.Sigmoid: return `${out}·(1 - ${out})`;
  }
}
