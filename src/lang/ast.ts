import type { SourceRange } from './source';

// The syntax tree of a .grad file. Every node carries the range of the source text it
// was parsed from; an intermediate Value's default label is that text.

export type Expr =
  | NumberLit
  | StringLit
  | Name
  | Unary
  | Binary
  | Call
  | Attribute;

export interface NumberLit { kind: 'number'; value: number; range: SourceRange }
export interface StringLit { kind: 'string'; value: string; range: SourceRange }
export interface Name { kind: 'name'; name: string; range: SourceRange }
export interface Unary { kind: 'unary'; op: '-' | '+'; operand: Expr; range: SourceRange }
export interface Binary {
  kind: 'binary';
  op: '+' | '-' | '*' | '/' | '**';
  left: Expr;
  right: Expr;
  range: SourceRange;
}
/** `f(args, key=value)`; a method call is a Call whose callee is an Attribute. */
export interface Call {
  kind: 'call';
  callee: Expr;
  args: Expr[];
  keywords: Keyword[];
  range: SourceRange;
}
export interface Keyword { name: string; nameRange: SourceRange; value: Expr; range: SourceRange }
/** `object.name`, e.g. `a.data`, `o.backward`. */
export interface Attribute {
  kind: 'attribute';
  object: Expr;
  name: string;
  nameRange: SourceRange;
  range: SourceRange;
}

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

export type Stmt = Assign | ExprStmt;

/** `target op value`, where target is a Name (`x = ...`) or an Attribute (`x.data += ...`). */
export interface Assign {
  kind: 'assign';
  target: Name | Attribute;
  op: AssignOp;
  opRange: SourceRange;
  value: Expr;
  range: SourceRange;
}
export interface ExprStmt { kind: 'expr'; expr: Expr; range: SourceRange }

/** One `# %%` cell: its title and the statements that parsed. */
export interface Cell {
  index: number;
  title: string;
  /** From the start of the marker line (or of the file) to the end of the cell's last line. */
  range: SourceRange;
  /** The `# %%` marker line itself; absent for text before the first marker. */
  markerRange?: SourceRange;
  statements: Stmt[];
  /**
   * Names that statements dropped for a syntax error were assigning (`e = a *` assigns
   * e), each with where its statement starts: uses of them after it are skipped
   * quietly instead of reported again as undefined.
   */
  dropped: { name: string; start: number }[];
}

export interface Program {
  cells: Cell[];
}
