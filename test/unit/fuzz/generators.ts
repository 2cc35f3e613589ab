import fc from 'fast-check';

// Generators for fuzzing evaluate(): random characters, random token streams, random
// well-formed programs of the supported language (docs/language.md), and those programs
// with the edits a person makes while typing.

/** Fragments that matter to the lexer and the cell splitter, mixed into random characters. */
const FRAGMENTS = [
  '\n', '\r\n', '\r', '\t', ' ', '    ', '"', "'", '"""', "'''", '(', ')', '[', ']', '{', '}',
  ':', ',', '.', '#', '# %%', '\n# %%\n', '\\', '\\\n', 'f"', "f'{", '}', '=', '**', '//',
  '0', '1.5', '1e308', '0x', '_', 'Value(', 'def ', 'class ', 'for ', 'while ', 'lambda', '\u00e9', '\u03bb', '\ud83d\ude00', '\u0000',
];

/** Random text: any characters, with the fragments above more likely than chance makes them. */
export const randomText: fc.Arbitrary<string> = fc
  .array(fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
  ), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** The language's tokens (and a few it rejects: `with`, `yield`, `:=`), for token streams. */
const TOKENS = [
  // keywords
  'def', 'return', 'class', 'if', 'elif', 'else', 'for', 'in', 'while', 'break', 'continue', 'pass',
  'lambda', 'and', 'or', 'not', 'is', 'None', 'True', 'False', 'import', 'from', 'as', 'try', 'except',
  'finally', 'raise', 'assert', 'del', 'global', 'nonlocal', 'with', 'yield', 'async', 'await',
  // names
  'a', 'b', 'x', 'xs', 'self', 'Value', 'print', 'range', 'len', 'tanh', 'backward', 'data', 'grad',
  'MLP', 'Neuron', 'math', 'random', '__init__', 'super', 'zip', 'sum', 'list', 'dict', 'k',
  // literals
  '0', '1', '2.0', '-3', '1e-05', '10**9', "'s'", '"t"', "f'{a}'", "f'{a:.2f}'", '"""doc"""', '[]', '{}', '()',
  // operators and punctuation
  '+', '-', '*', '/', '//', '%', '**', '@', '=', '==', '!=', '<', '<=', '>', '>=', '+=', '-=', '*=',
  '/=', '**=', ':=', '->', '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '...', '~', '&', '|', '^',
  // layout
  '\n', '\n', '\n    ', '\n        ', '\t', '# %%', '# comment', '\\\n',
];

/** A random stream of the language's tokens, joined with or without spaces. */
export const tokenStream: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', ' ')), { maxLength: 50 })
  .map((parts) => parts.map(([token, gap]) => token + gap).join(''));

// ---------------------------------------------------------------------------------------
// Well-formed programs. Every generated program defines its names up front, bounds its
// loops (at most 4 iterations, 2 deep), and, without `withValue`, is Python that CPython
// runs: it may raise (1 / 0, 'x' + 1 never: only numbers meet numbers), but never hangs.

const NUM_VARS = ['a', 'b', 'c', 'i'];
const PRELUDE = ['a = 3', 'b = -2', 'c = 1.5', 'i = 0', 'xs = [1, 2.5, -4]', "d = {'k': 1}"];

type Gen<T> = fc.Arbitrary<T>;

function numExpr(depth: number, names: string[]): Gen<string> {
  const leaf = fc.oneof(
    fc.constantFrom(...names),
    fc.integer({ min: -5, max: 9 }).map(String),
    fc.constantFrom('0.5', '2.0', '-1.25', '1e-05', '100.0', '0.1'),
    fc.constantFrom('len(xs)', 'xs[0]', 'xs[-1]', "d['k']", 'sum(xs)', 'True'),
  );
  if (depth <= 0) return leaf;
  const sub = numExpr(depth - 1, names);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 4, arbitrary: fc.tuple(sub, fc.constantFrom('+', '-', '*', '/', '//', '%'), sub).map(([x, op, y]) => `(${x} ${op} ${y})`) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.integer({ min: 0, max: 3 })).map(([x, k]) => `(${x}) ** ${k}`) },
    { weight: 1, arbitrary: sub.map((x) => `-${x}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('abs', 'float', 'int', 'round'), sub).map(([f, x]) => `${f}(${x})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('min', 'max'), sub, sub).map(([f, x, y]) => `${f}(${x}, ${y})`) },
    { weight: 1, arbitrary: fc.tuple(sub, condExpr(depth - 1, names), sub).map(([x, c, y]) => `(${x} if ${c} else ${y})`) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.integer({ min: 0, max: 4 })).map(([x, k]) => `sum(${x.replace(/\bi\b/g, 'j')} * j for j in range(${k}))`) },
  );
}

function condExpr(depth: number, names: string[]): Gen<string> {
  const sub = numExpr(Math.min(depth, 1), names);
  const base = fc.tuple(sub, fc.constantFrom('<', '<=', '==', '!=', '>', '>='), sub).map(([x, op, y]) => `${x} ${op} ${y}`);
  if (depth <= 0) return base;
  return fc.oneof(
    { weight: 3, arbitrary: base },
    { weight: 1, arbitrary: base.map((c) => `not ${c}`) },
    { weight: 1, arbitrary: fc.tuple(base, fc.constantFrom('and', 'or'), base).map(([x, op, y]) => `${x} ${op} ${y}`) },
    { weight: 1, arbitrary: sub.map((x) => `${x} in xs`) },
  );
}

function listExpr(names: string[]): Gen<string> {
  const e = numExpr(1, [...names, 'v']);
  return fc.oneof(
    fc.tuple(e, fc.integer({ min: 0, max: 4 })).map(([x, k]) => `[${x} for v in range(${k})]`),
    fc.tuple(e, condExpr(0, [...names, 'v'])).map(([x, c]) => `[${x} for v in xs if ${c}]`),
    fc.tuple(e, fc.integer({ min: 0, max: 4 })).map(([x, k]) => `{v: ${x} for v in range(${k})}`),
    numExpr(1, names).map((x) => `xs + [${x}]`),
    fc.constantFrom('list(range(3))', 'xs[::-1]', 'xs[1:]', 'sorted(xs)', "list(d.items())", "[(p, q) for p, q in zip(xs, range(3))]"),
  );
}

function printStmt(names: string[]): Gen<string> {
  const e = numExpr(2, names);
  return fc.oneof(
    e.map((x) => `print(${x})`),
    fc.tuple(e, e).map(([x, y]) => `print(${x}, ${y})`),
    e.map((x) => `print(f"{${x}}")`),
    e.map((x) => `print(f"r={${x}:.3f}")`),
    listExpr(names).map((x) => `print(${x})`),
    fc.constant('print(xs, d)'),
  );
}

/** A block's statements as lines, unindented; `depth` bounds nesting. */
function block(depth: number, names: string[], withValue: boolean): Gen<string[]> {
  return fc.array(stmt(depth, names, withValue), { minLength: 1, maxLength: 3 }).map((ss) => ss.flat());
}

const indent = (lines: string[]): string[] => lines.map((l) => `    ${l}`);

function stmt(depth: number, names: string[], withValue: boolean): Gen<string[]> {
  const e = numExpr(2, names);
  const simple: Gen<string[]>[] = [
    fc.tuple(fc.constantFrom('a', 'b', 'c'), e).map(([v, x]) => [`${v} = ${x}`]),
    fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('+=', '-=', '*='), numExpr(1, names)).map(([v, op, x]) => [`${v} ${op} ${x}`]),
    printStmt(names).map((s) => [s]),
    numExpr(1, names).map((x) => [`xs.append(${x})`]),
    listExpr(names).map((x) => [`ys = ${x}`, 'print(ys)']),
  ];
  if (withValue) {
    simple.push(
      fc.tuple(e, e).map(([x, y]) => [`p = Value(${x})`, `q = p * ${y} + p.tanh()`, 'q.backward()', 'print(p.grad, q)']),
      e.map((x) => [`r = (Value(${x}) * 2).relu() + exp(Value(0.5))`, 'print(r.data)']),
    );
  }
  if (depth <= 0) return fc.oneof(...simple);
  const inner = block(depth - 1, names, withValue);
  const counter = `w${depth}`;
  return fc.oneof(
    { weight: 4, arbitrary: fc.oneof(...simple) },
    { weight: 1, arbitrary: fc.tuple(condExpr(1, names), inner, fc.option(inner)).map(([c, t, f]) => [`if ${c}:`, ...indent(t), ...(f ? ['else:', ...indent(f)] : [])]) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), inner).map(([k, body]) => [`for i in range(${k}):`, ...indent(body)]) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), inner).map(([k, body]) => [`${counter} = 0`, `while ${counter} < ${k}:`, ...indent([...body, `${counter} += 1`])]) },
  );
}

/** A function with def/return, and calls of it. */
function funcDef(n: number): Gen<string[]> {
  const names = ['x', 'y', 'a', 'b'];
  return fc.tuple(numExpr(2, names), fc.boolean(), numExpr(1, names), numExpr(1, NUM_VARS), numExpr(1, NUM_VARS)).map(([body, local, z, x, y]) => [
    `def f${n}(x, y=2):`,
    ...(local ? [`    z = ${z}`, `    return z * x + ${body}`] : [`    return ${body}`]),
    `print(f${n}(${x}, ${y}))`,
  ]);
}

/** A class with __init__ and a method, an instance and a call. */
function classDef(n: number): Gen<string[]> {
  return fc.tuple(numExpr(1, ['self.v', 't', 'a']), numExpr(1, NUM_VARS), numExpr(1, NUM_VARS)).map(([body, init, arg]) => [
    `class K${n}:`,
    '    def __init__(self, v):',
    '        self.v = v',
    '    def m(self, t):',
    `        return ${body}`,
    `k${n} = K${n}(${init})`,
    `print(k${n}.m(${arg}), k${n}.v)`,
  ]);
}

/** A whole program: the prelude, then top-level statements, functions and classes, optionally in cells. */
export function program(withValue: boolean): Gen<string> {
  const top = fc.oneof(
    { weight: 4, arbitrary: stmt(2, NUM_VARS, withValue) },
    { weight: 1, arbitrary: fc.nat(9).chain(funcDef) },
    { weight: 1, arbitrary: fc.nat(9).chain(classDef) },
    { weight: withValue ? 1 : 0, arbitrary: fc.constantFrom(['# %% a cell'], ['# %%']) },
  );
  return fc.array(top, { minLength: 1, maxLength: 6 }).map((parts) => [...PRELUDE, ...parts.flat()].join('\n') + '\n');
}

/** Python programs for the differential test: no Value, no cells. */
export const pythonProgram = program(false);
/** Programs of the whole language, Values included. */
export const gradProgram = program(true);

// ---------------------------------------------------------------------------------------
// Edits as a person types them.

type Edit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap'; line: number; other: number }
  | { kind: 'reindent'; line: number; by: number };

const editArb: Gen<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('(', ')', '[', ']', ':', '\n', ' ', '    ', '\t', "'", '"', '.', ',', '=', '+', 'x', '1', '# %%\n', 'def ', 'Value(') }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('reindent' as const), line: fc.nat(), by: fc.integer({ min: -8, max: 8 }) }),
);

export function applyEdit(text: string, edit: Edit): string {
  switch (edit.kind) {
    case 'delete': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + edit.length);
    }
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case 'swap': {
      const lines = text.split('\n');
      const i = edit.line % lines.length;
      const j = edit.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    case 'reindent': {
      const lines = text.split('\n');
      const i = edit.line % lines.length;
      const line = lines[i]!;
      const body = line.trimStart();
      const width = Math.max(0, line.length - body.length + edit.by);
      lines[i] = ' '.repeat(width) + body;
      return lines.join('\n');
    }
  }
}

/** A program of the whole language, then 1 to 4 edits. */
export const editedProgram: Gen<string> = fc
  .tuple(gradProgram, fc.array(editArb, { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => edits.reduce(applyEdit, text));
