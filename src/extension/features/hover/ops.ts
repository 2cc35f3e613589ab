import { Op } from '../../../engine/ops';

/** An op as the hover names it: the engine's Op and, for `x**2`, its exponent. */
export interface OpCode {
  op: Op;
  param: number;
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
    case Op.TrueDiv: return `${x} / ${y}`;
    case Op.Leaf: return x;
  }
}
