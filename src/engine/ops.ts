import { exp, log, pow } from './libm';

// The operations of the autograd engine. Each one's forward value and its local
// derivatives sit side by side, as in micrograd's engine.py: `forward` computes the
// output from the inputs, `accumulateGrad` is the local backward step, and
// `localGradFormula` says the same derivative in symbols for hovers and docs.
//
// Every number is computed the way micrograd (or, for tanh and exp, the lecture's
// Value) computes it, with CPython's libm (./libm), so pasted code prints the digits
// Python prints: `a / b` is micrograd's `a * b**-1`, tanh is the lecture's
// `(exp(2x) - 1) / (exp(2x) + 1)`, and `t**2` is pow(t, 2), not t*t, which differs in
// the last bit for about one input in a thousand. Where micrograd builds several nodes
// (`a - b` is `a + b*-1`, `a / b` is `a * b**-1`) GradLens draws one, with the same
// numbers in data and grad.

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
  /**
   * Python's `x / y` on plain numbers (GradLens's short form, `a = 2.0`): one correctly
   * rounded division, where micrograd's Value divides as x * y**-1 (Div).
   */
  TrueDiv,
}

/** The last op code: loops over every op end here. */
export const LAST_OP = Op.TrueDiv;

/** How many Value inputs each op takes (PowConst keeps its exponent as a number). */
export function arity(op: Op): 0 | 1 | 2 {
  switch (op) {
    case Op.Leaf: return 0;
    case Op.Add: case Op.Sub: case Op.Mul: case Op.Div: case Op.Pow: case Op.TrueDiv: return 2;
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
    case Op.TrueDiv: return '/';
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
    case Op.Div: return x * pow(y, -1);
    case Op.Neg: return -x;
    case Op.PowConst: return pow(x, p);
    case Op.Pow: return pow(x, y);
    case Op.Tanh: return tanhForward(x);
    case Op.Exp: return exp(x);
    case Op.Log: return log(x);
    case Op.Relu: return x < 0 ? 0 : x;
    case Op.Sigmoid: return 1 / (1 + exp(-x));
    case Op.TrueDiv: return x / y;
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
    // micrograd's two steps: the product's, then y**-1's with the product's grad x*g.
    case Op.Div: grad[ix] += pow(y, -1) * g; grad[iy] += -pow(y, -2) * (x * g); return;
    case Op.Neg: grad[ix] -= g; return;
    case Op.PowConst: grad[ix] += (p * pow(x, p - 1)) * g; return;
    case Op.Pow: grad[ix] += (y * pow(x, y - 1)) * g; grad[iy] += out * log(x) * g; return;
    case Op.Tanh: grad[ix] += (1 - pow(out, 2)) * g; return;
    case Op.Exp: grad[ix] += out * g; return;
    case Op.Log: grad[ix] += g / x; return;
    case Op.Relu: grad[ix] += out > 0 ? g : 0; return;
    case Op.Sigmoid: grad[ix] += out * (1 - out) * g; return;
    case Op.TrueDiv: grad[ix] += g / y; grad[iy] -= (x / (y * y)) * g; return;
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
    case Op.TrueDiv: return which === 0 ? `1/${y}` : `-${x}/${y}²`;
  }
}

/**
 * The lecture's tanh, `(exp(2x) - 1) / (exp(2x) + 1)`, so its digits match the
 * notebook's. Where exp(2x) overflows the lecture's formula gives nan (Python raises
 * OverflowError there); the limit, 1, is what tanh is.
 */
function tanhForward(x: number): number {
  const e2 = exp(2 * x);
  return e2 === Infinity ? 1 : (e2 - 1) / (e2 + 1);
}

/**
 * Whether micrograd's result is a Python int when its inputs' data are ints (xInt,
 * yInt): `Value(2) + Value(3)` holds 5, which prints as `5`, not `5.0`. relu of a
 * negative number is micrograd's literal `0`, an int whatever the input.
 */
export function forwardIsInt(op: Op, xInt: boolean, yInt: boolean, p: number, pInt: boolean, x: number): boolean {
  switch (op) {
    case Op.Add: case Op.Sub: case Op.Mul: return xInt && yInt;
    case Op.Neg: return xInt;
    case Op.PowConst: return xInt && pInt && p >= 0;
    case Op.Relu: return x < 0 || xInt;
    default: return false;
  }
}

/**
 * Whether the local backward step adds a Python int into input `which`, given whether
 * the inputs' data (xInt, yInt), the exponent and the output's grad (gInt) are ints.
 * micrograd's grads start as the int 0 and backward() sets the root's to the int 1,
 * so a grad stays an int while every contribution is one (`c = a + b` leaves a.grad
 * == 1), which is how Python prints it.
 */
export function contributionIsInt(op: Op, which: 0 | 1, xInt: boolean, yInt: boolean, p: number, pInt: boolean, gInt: boolean): boolean {
  switch (op) {
    case Op.Add: case Op.Sub: case Op.Neg: case Op.Relu: return gInt;
    case Op.Mul: return gInt && (which === 0 ? yInt : xInt);
    case Op.PowConst: return gInt && pInt && xInt && p >= 1;
    default: return false;
  }
}
