// Python's reserved words, brackets and operators (and the few other words the parser
// looks out for), grouped as the lexer, the line layout and the parser each need them:
// the only place these lists are written down. (The lexer keeps the list of operator
// spellings it reads.)

import type { BinaryOp } from '../ast';

/** Python 3.11's hard keywords: never names. (`match`, `case` and `_` are soft: names.) */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * Keywords that can only begin a statement, never continue an expression: a line inside
 * an unclosed bracket that starts with one is a new statement, not more of the old one.
 */
export const STATEMENT_ONLY_KEYWORDS: ReadonlySet<string> = new Set([
  'assert', 'break', 'class', 'continue', 'def', 'del', 'elif', 'except', 'finally', 'from',
  'global', 'import', 'nonlocal', 'pass', 'raise', 'return', 'try', 'while', 'with',
]);

/**
 * Keywords that begin a compound statement header but also occur inside expressions
 * (`x if c else y`, comprehensions, `async for`): a new statement only when the line
 * ends with ':'.
 */
export const HEADER_OR_EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set(['for', 'if', 'else', 'async']);

/**
 * Keywords Python 3.11 still lets follow a number without a space (`1if x else 2`), so
 * they end the number rather than make it invalid.
 */
export const KEYWORDS_AFTER_NUMBER: readonly string[] = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or'];

/** Python constructs GradLens will not run, each with the one error it gets, wherever it shows up. */
export const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['yield', "'yield' is not supported: GradLens has no generators; build a list and return it"],
  ['await', "'await' is not supported: GradLens runs code synchronously"],
  ['async', "'async' is not supported: GradLens runs code synchronously"],
  ['with', "'with' statements are not supported"],
  [':=', "':=' is not supported: assign with '=' in a statement of its own"],
]);

/** Keywords that begin an expression (`await` and `yield` to be reported as unsupported). */
export const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set(['not', 'lambda', 'await', 'yield']);

/** `True`, `False`, `None`: keywords that are operands. */
export const CONSTANT_KEYWORDS: ReadonlyMap<string, boolean | null> = new Map([
  ['True', true], ['False', false], ['None', null],
]);

/** The clauses that may follow each kind of compound statement's block. */
export const NO_CLAUSES: ReadonlySet<string> = new Set();
export const IF_CLAUSES: ReadonlySet<string> = new Set(['elif', 'else']);
export const LOOP_CLAUSES: ReadonlySet<string> = new Set(['else']);
export const TRY_CLAUSES: ReadonlySet<string> = new Set(['except', 'else', 'finally']);

/** Clauses that continue a compound statement at its own indentation. */
export const CLAUSE_KEYWORDS: ReadonlySet<string> = new Set([...IF_CLAUSES, ...TRY_CLAUSES]);

/** Keywords that begin a compound statement, or one of its clauses (out of place, as an error). */
export const COMPOUND_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'while', 'for', 'try', 'def', 'class', 'with', 'async', ...CLAUSE_KEYWORDS,
]);

/** Each opening bracket and its closing one. */
export const CLOSING_BRACKET: ReadonlyMap<string, string> = new Map([['(', ')'], ['[', ']'], ['{', '}']]);
export const CLOSING_BRACKETS: ReadonlySet<string> = new Set(CLOSING_BRACKET.values());

export const UNARY_OPERATORS: ReadonlySet<string> = new Set(['-', '+', '~']);

/** Operators that begin an expression: an opening bracket, a unary operator, `...`. */
export const EXPRESSION_START_OPERATORS: ReadonlySet<string> = new Set([...CLOSING_BRACKET.keys(), ...UNARY_OPERATORS, '...']);

/** The comparison operators that are one token (`not in` and `is not` are two). */
export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['<', '>', '==', '>=', '<=', '!=']);

/**
 * The binary operators by precedence, loosest first, all left-associative. `**` is not
 * here: it binds tighter than unary operators on its left and groups to the right.
 */
export const BINARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['|', 1], ['^', 2], ['&', 3], ['<<', 4], ['>>', 4], ['+', 5], ['-', 5],
  ['*', 6], ['/', 6], ['//', 6], ['%', 6], ['@', 6],
]);

/** `+=` and the rest, each with the binary operator it applies. */
export const AUGMENTED_ASSIGNMENTS: ReadonlyMap<string, BinaryOp> = new Map(
  [...BINARY_PRECEDENCE.keys(), '**'].map((op): [string, BinaryOp] => [`${op}=`, op as BinaryOp]),
);

/** Whether an operator assigns: `=` or an augmented assignment. */
export function isAssignmentOperator(op: string): boolean {
  return op === '=' || AUGMENTED_ASSIGNMENTS.has(op);
}

/** The prompts a pasted notebook brings along: `In [7]:`, `Out[7]:`. */
export const NOTEBOOK_PROMPT_NAMES: ReadonlySet<string> = new Set(['In', 'Out']);

/** What an `In [...]:` prompt may hold instead of a number: `None` for a cell never run, `*` for one running. */
export const NOTEBOOK_PROMPT_PLACEHOLDERS: ReadonlySet<string> = new Set(['None', '*']);

/**
 * How Python names each compound statement in "expected an indented block after ..."
 * (`function definition`, `'for' statement`).
 */
export function blockDescription(keyword: string): string {
  if (keyword === 'def') return 'function definition';
  if (keyword === 'class') return 'class definition';
  return `'${keyword}' statement`;
}
