import type { NodeId } from '../engine';
import type { SourceRange } from './source';

// What an expression evaluates to. Numbers stay plain until they meet a Value (as
// floats do in Python: `a.data * 2` is a float), so reading `.data` or `.grad` never
// grows the graph.

export type RuntimeValue =
  | { kind: 'value'; node: NodeId }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  /** What backward(), print() and draw_dot() return. */
  | { kind: 'none'; what: string };

/** A mistake in the user's program, reported at `range`; the statement is skipped. */
export class EvalError extends Error {
  constructor(message: string, readonly range: SourceRange) {
    super(message);
  }
}

/** A configured bound (graph size or time) was reached: evaluation stops altogether. */
export class BoundReached extends Error {
  constructor(readonly bound: 'nodes' | 'time', message: string, readonly range: SourceRange) {
    super(message);
  }
}

/** The functions a .grad file can call by name. */
export const FUNCTIONS = ['tanh', 'exp', 'log', 'relu', 'sigmoid', 'Value', 'print', 'draw_dot'] as const;

/** A Value's unary methods, which are also functions by the same name. */
export const UNARY_METHODS = ['tanh', 'exp', 'log', 'relu', 'sigmoid'] as const;
export type UnaryMethod = (typeof UNARY_METHODS)[number];

export const VALUE_ATTRIBUTES = ['data', 'grad', 'label', 'backward', '_backward', ...UNARY_METHODS] as const;

export function isUnaryMethod(name: string): name is UnaryMethod {
  return (UNARY_METHODS as readonly string[]).includes(name);
}

export function describe(v: RuntimeValue): string {
  switch (v.kind) {
    case 'value': return 'a Value';
    case 'number': return 'a number';
    case 'string': return 'a string';
    case 'none': return `nothing (${v.what} returns no value)`;
  }
}
