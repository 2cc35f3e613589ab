import { localGradFormula, localGrads, Op, opFromLabel } from '../../engine/ops';
import { fixed } from '../../lang/format';

// The words of a local derivative, `∂e/∂a = b = -3.0000`, for an edge of the drawing:
// the formula is ops.localGradFormula's and the value ops.localGrads', the numbers those
// of the records (lang/format's `fixed` at the drawing's precision). Plain text: the DOT
// writers escape it like every other label.

/**
 * How a Value is named inside a formula: its label when that is one word or number
 * (`a`, `w1`, `2.0`), parenthesised otherwise, so `1 - o²` over a Value labelled `x + y`
 * reads `1 - (x + y)²`, not `1 - x + y²`.
 */
export function formulaName(label: string): string {
  const text = label.replace(/\s+/g, ' ').trim();
  if (text === '') return 'Value';
  return /^[\p{L}\p{N}_.]+$/u.test(text) ? text : `(${text})`;
}

export interface EdgeOperands {
  /** The op's label, as the graph carries it (`*`, `tanh`, `**2`). */
  op: string;
  /** Which operand the edge brings (0 or 1). */
  which: 0 | 1;
  /** Labels of the first and second operands (the second '' for a unary op) and of the result. */
  x: string;
  y: string;
  out: string;
  /** Data of the operands and the result. */
  xData: number;
  yData: number;
  outData: number;
}

/** `∂out/∂operand = formula = value`; null for an op the engine does not know. */
export function edgeDerivativeText(e: EdgeOperands, precision: number): string | null {
  const code = opFromLabel(e.op);
  if (code === null || code.op === Op.Leaf) return null;
  const x = formulaName(e.x), y = e.y === '' ? '' : formulaName(e.y), out = formulaName(e.out);
  const formula = localGradFormula(code.op, e.which, x, y, out, code.param);
  const value = fixed(localGrads(code.op, e.xData, e.yData, e.outData, code.param)[e.which], precision);
  const operand = e.which === 0 ? x : y;
  // A constant derivative (`+`: 1) reads once, not `1 = 1.0000`.
  const middle = Number.isNaN(Number(formula)) ? `${formula} = ` : '';
  return `∂${out}/∂${operand} = ${middle}${value}`;
}
