import { Op } from '../../engine/ops';

// GraphNode.op carries an op's drawn label ('*', '**2', 'tanh'), which is what the
// graph needs; the hover also needs the engine's Op and exponent to name and compute
// local derivatives. This is opLabel read backwards.

export interface OpCode {
  op: Op;
  /** The exponent of `**2`-style labels; 0 for every other op. */
  param: number;
}

const BY_LABEL: Record<string, Op> = {
  '+': Op.Add,
  '-': Op.Sub,
  '*': Op.Mul,
  '/': Op.Div,
  'neg': Op.Neg,
  '**': Op.Pow,
  'tanh': Op.Tanh,
  'exp': Op.Exp,
  'log': Op.Log,
  'relu': Op.Relu,
  'sigmoid': Op.Sigmoid,
};

export function opFromLabel(label: string): OpCode | null {
  if (Object.hasOwn(BY_LABEL, label)) return { op: BY_LABEL[label], param: 0 };
  if (label.startsWith('**')) {
    const param = Number(label.slice(2));
    if (label.length > 2 && !Number.isNaN(param)) return { op: Op.PowConst, param };
  }
  return null;
}

/** Written the way the lecture writes it: `a*b`, `d + c`, `x**2`, `tanh(n)`. */
export function expressionText(code: OpCode, operands: string[]): string {
  const [x, y] = operands;
  switch (code.op) {
    case Op.Add: return `${x} + ${y}`;
    case Op.Sub: return `${x} - ${y}`;
    case Op.Mul: return `${x}*${y}`;
    case Op.Div: return `${x}/${y}`;
    case Op.Neg: return `-${x}`;
    case Op.PowConst: return `${x}**${code.param}`;
    case Op.Pow: return `${x}**${y}`;
    case Op.Tanh: return `tanh(${x})`;
    case Op.Exp: return `exp(${x})`;
    case Op.Log: return `log(${x})`;
    case Op.Relu: return `relu(${x})`;
    case Op.Sigmoid: return `sigmoid(${x})`;
    case Op.Leaf: return x;
  }
}
