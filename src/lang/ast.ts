import type { SourceRange } from './source';

// The syntax tree of a .grad file: the subset of Python that the micrograd lecture and
// its demo write. Every node carries the range of the source text it was parsed from
// (offsets into the whole file); an intermediate Value's default label is that text.
// Shapes follow Python's own `ast` module where they can, so its documentation explains
// them; where they differ, the comment says why.

// ---- expressions ----------------------------------------------------------------------

export type Expr =
  | NumberLit
  | StringLit
  | FString
  | Constant
  | Name
  | Attribute
  | Subscript
  | Slice
  | Call
  | Unary
  | Binary
  | BoolOp
  | Compare
  | IfExp
  | Lambda
  | Tuple
  | List
  | SetDisplay
  | Dict
  | Comprehension
  | DictComp
  | Starred;

/** `2` is an int (a bigint here), `2.0`, `1e-3` and `.5` are floats (a JS number). */
export interface NumberLit { kind: 'number'; value: number | bigint; range: SourceRange }
/** Adjacent literals are one: `'a' 'b'` is `'ab'`. */
export interface StringLit { kind: 'string'; value: string; range: SourceRange }
/**
 * An f-string, or adjacent literals of which one is an f-string: literal text and
 * replacement fields, in order.
 */
export interface FString { kind: 'fstring'; parts: (string | FormattedValue)[]; range: SourceRange }
/** `{expr!r:spec}` inside an f-string. */
export interface FormattedValue {
  kind: 'formatted';
  value: Expr;
  /** `!r`, `!s` or `!a`; null without one (`f'{x=}'` without a spec gets 'r', as in Python's ast). */
  conversion: 'r' | 's' | 'a' | null;
  /** The format spec after ':', which may itself hold fields (`{x:{width}.2f}`); null without one. */
  spec: FString | null;
  /**
   * `f'{x=}'`: the text `x=` (with any spaces around '=' kept) that Python writes before
   * the value; null without '='.
   */
  debugText: string | null;
  range: SourceRange;
}
/** `True`, `False`, `None`, `...`. */
export interface Constant { kind: 'constant'; value: boolean | null | 'ellipsis'; range: SourceRange }
export interface Name { kind: 'name'; name: string; range: SourceRange }
/** `object.name`, e.g. `a.data`, `self.w`. */
export interface Attribute {
  kind: 'attribute';
  object: Expr;
  name: string;
  nameRange: SourceRange;
  range: SourceRange;
}
/** `object[index]`; `a[1:2]` has a Slice index, `d[1, 2]` a Tuple one. */
export interface Subscript { kind: 'subscript'; object: Expr; index: Expr; range: SourceRange }
/** `lower:upper:step`, only ever the index of a Subscript (or an element of its Tuple index). */
export interface Slice {
  kind: 'slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
  range: SourceRange;
}
/** `f(args, key=value, *rest, **options)`; a method call is a Call whose callee is an Attribute. */
export interface Call {
  kind: 'call';
  callee: Expr;
  /** Positional arguments in order; `*xs` is a Starred among them. */
  args: Expr[];
  keywords: Keyword[];
  range: SourceRange;
}
/** `name=value`, or `**value` when name is null. */
export interface Keyword {
  name: string | null;
  /** The name (or the `**`). */
  nameRange: SourceRange;
  value: Expr;
  range: SourceRange;
}

export type UnaryOp = '-' | '+' | '~' | 'not';
export interface Unary { kind: 'unary'; op: UnaryOp; operand: Expr; range: SourceRange }

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export interface Binary {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** The operator token, where an error about the operation itself points. */
  opRange: SourceRange;
  range: SourceRange;
}
/** `a and b and c` is one BoolOp with three values. */
export interface BoolOp { kind: 'boolop'; op: 'and' | 'or'; values: Expr[]; range: SourceRange }

export type CompareOp = '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not in' | 'is' | 'is not';
/** `a < b <= c` is one Compare: left a, ops [<, <=], comparators [b, c]. */
export interface Compare {
  kind: 'compare';
  left: Expr;
  ops: CompareOp[];
  opRanges: SourceRange[];
  comparators: Expr[];
  range: SourceRange;
}
/** `body if test else orelse`. */
export interface IfExp { kind: 'ifexp'; test: Expr; body: Expr; orelse: Expr; range: SourceRange }
export interface Lambda { kind: 'lambda'; params: Param[]; body: Expr; range: SourceRange }
export interface Tuple {
  kind: 'tuple';
  elements: Expr[];
  /** Whether it was written in parentheses: `(a, b)` versus `a, b`. */
  parenthesized: boolean;
  range: SourceRange;
}
export interface List { kind: 'list'; elements: Expr[]; range: SourceRange }
export interface SetDisplay { kind: 'set'; elements: Expr[]; range: SourceRange }
/** `{k: v, **other}`: an entry with a null key is a `**` unpacking of `value`. */
export interface Dict { kind: 'dict'; entries: { key: Expr | null; value: Expr }[]; range: SourceRange }
/** `[e for ...]`, `{e for ...}`, `(e for ...)` (also a call's sole argument written bare: `sum(e for ...)`). */
export interface Comprehension {
  kind: 'listcomp' | 'setcomp' | 'genexp';
  element: Expr;
  generators: ComprehensionFor[];
  range: SourceRange;
}
export interface DictComp { kind: 'dictcomp'; key: Expr; value: Expr; generators: ComprehensionFor[]; range: SourceRange }
/** `for target in iter if cond ...` inside a comprehension. */
export interface ComprehensionFor { target: Expr; iter: Expr; ifs: Expr[]; range: SourceRange }
/** `*value`: in a call's arguments, a display (`[*a, *b]`) or an assignment target (`a, *rest = xs`). */
export interface Starred { kind: 'starred'; value: Expr; range: SourceRange }

// ---- function parameters ---------------------------------------------------------------

/**
 * One parameter of a `def` or `lambda`. Kinds in the order Python allows them:
 * positional (`x`, `x=1`), then `*args`, then keyword-only (after `*args` or a bare `*`),
 * then `**kwargs`. A bare `*` is not a Param: it only makes the ones after it keyword-only.
 */
export interface Param {
  name: string;
  kind: 'positional' | 'varargs' | 'keyword' | 'varkw';
  default: Expr | null;
  range: SourceRange;
}

// ---- statements -------------------------------------------------------------------------

export type Stmt =
  | ExprStmt
  | Assign
  | AugAssign
  | If
  | While
  | For
  | FunctionDef
  | ClassDef
  | Return
  | Simple
  | Import
  | ImportFrom
  | Scope
  | Del
  | Assert
  | Raise
  | Try
  | Broken;

export interface ExprStmt { kind: 'expr'; expr: Expr; range: SourceRange }
/**
 * `a = 1`, `a = b = 1`, `x, y = pair`, `self.w = []`, `xs[i] = 0`. Targets are Name,
 * Attribute, Subscript, or Tuple/List of targets (one of which may be Starred). An
 * annotated assignment `x: float = 1.0` is an Assign too; its annotation is dropped.
 */
export interface Assign { kind: 'assign'; targets: Expr[]; value: Expr; range: SourceRange }
/** `target op= value`: target is a Name, Attribute or Subscript. */
export interface AugAssign {
  kind: 'augassign';
  target: Name | Attribute | Subscript;
  op: BinaryOp;
  /** The `+=` token. */
  opRange: SourceRange;
  value: Expr;
  range: SourceRange;
}

/**
 * Compound statements: `range` covers the whole statement, body included; `headerRange`
 * only its first line up to the ':', where a message about the whole loop (a time
 * budget reached) points.
 */
export interface If { kind: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[]; headerRange: SourceRange; range: SourceRange }
export interface While { kind: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[]; headerRange: SourceRange; range: SourceRange }
export interface For {
  kind: 'for';
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  headerRange: SourceRange;
  range: SourceRange;
}
export interface FunctionDef {
  kind: 'def';
  name: string;
  nameRange: SourceRange;
  params: Param[];
  body: Stmt[];
  /** `@decorator` lines above the def, innermost last. */
  decorators: Expr[];
  headerRange: SourceRange;
  range: SourceRange;
}
export interface ClassDef {
  kind: 'class';
  name: string;
  nameRange: SourceRange;
  bases: Expr[];
  body: Stmt[];
  decorators: Expr[];
  headerRange: SourceRange;
  range: SourceRange;
}
export interface Return { kind: 'return'; value: Expr | null; range: SourceRange }
/** `pass`, `break`, `continue`. */
export interface Simple { kind: 'pass' | 'break' | 'continue'; range: SourceRange }
/** `import a.b as c, d`: each module's dotted name and the name it binds (null: the first part of the module). */
export interface Import { kind: 'import'; names: ImportName[]; range: SourceRange }
/** `from a.b import c as d, e` (names null for `import *`). */
export interface ImportFrom {
  kind: 'importfrom';
  module: string;
  moduleRange: SourceRange;
  names: ImportName[] | null;
  range: SourceRange;
}
export interface ImportName { name: string; asName: string | null; range: SourceRange }
/** `global a, b` or `nonlocal a, b`. */
export interface Scope { kind: 'global' | 'nonlocal'; names: { name: string; range: SourceRange }[]; range: SourceRange }
export interface Del { kind: 'del'; targets: Expr[]; range: SourceRange }
export interface Assert { kind: 'assert'; test: Expr; msg: Expr | null; range: SourceRange }
export interface Raise { kind: 'raise'; exc: Expr | null; cause: Expr | null; range: SourceRange }
export interface Try {
  kind: 'try';
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
  headerRange: SourceRange;
  range: SourceRange;
}
export interface ExceptHandler { type: Expr | null; name: string | null; body: Stmt[]; headerRange: SourceRange; range: SourceRange }

/**
 * A statement left out for a syntax error (already reported). It stays in the tree so
 * that running into it is quiet: the names it would have bound count as broken from
 * here on (`e = a *` binds e), and a function whose body holds one stops there without
 * a second diagnostic.
 */
export interface Broken { kind: 'broken'; names: string[]; range: SourceRange }

// ---- cells ------------------------------------------------------------------------------

/** One `# %%` cell: its title and the statements that parsed. */
export interface Cell {
  index: number;
  title: string;
  /** From the start of the marker line (or of the file) to the end of the cell's last line. */
  range: SourceRange;
  /** The `# %%` marker line itself; absent for text before the first marker. */
  markerRange?: SourceRange;
  statements: Stmt[];
}

export interface Program {
  cells: Cell[];
}
