import { Op, Tape, forward, type NodeId } from '../engine';
import type { Assign, Attribute, Binary, Call, Expr, Name, Stmt } from './ast';
import type { Diagnostic } from './diagnostics';
import { pythonFloat } from './format';
import type { BackwardCall, Binding, NameReference, PrintedLine } from './result';
import {
  BoundReached, EvalError, FUNCTIONS, VALUE_ATTRIBUTES,
  describe, isUnaryMethod, type RuntimeValue, type UnaryMethod,
} from './runtime';
import type { SourceRange } from './source';
import { closestName } from './suggest';

export interface Bounds {
  maxNodes: number;
  /** Wall-clock deadline (performance.now()) after which evaluation stops. */
  deadline: number;
  timeBudgetMs: number;
}

/** Longest source text, in characters, that labels an unnamed node. */
const MAX_LABEL_SOURCE = 80;

/** How a node got its label: a later, stronger source may replace a weaker one. */
const enum LabelSource { Text, Name, Explicit }

/** What one cell did, gathered while its statements run. */
export interface CellActivity {
  /** Variables bound or changed, in first-seen order. */
  touched: string[];
  printed: PrintedLine[];
  backwardCalls: BackwardCall[];
  references: NameReference[];
  bindings: Binding[];
  /** The node and name (if any) of the last backward() call, draw_dot() call and plain statement. */
  backwardTarget: Output | null;
  drawTarget: Output | null;
  lastStatement: Output | null;
  /**
   * The Values whose data, grad or label the cell set: the output of a cell that does
   * nothing else (the lecture's `f.grad = 4.0; d.grad = -2.0`) is chosen among them.
   */
  attributeTargets: Output[];
  ownsGradients: boolean;
}

export interface Output {
  node: NodeId;
  name: string | null;
}

/**
 * Runs statements against one shared scope and tape, as notebook cells share a
 * Python kernel. Mistakes become diagnostics; the statement that made one is skipped
 * and the names it would have bound are remembered as broken, so statements that use
 * them are skipped quietly: one mistake, one diagnostic.
 */
export class Interpreter {
  readonly tape = new Tape();
  readonly scope = new Map<string, NodeId>();
  readonly constants = new Set<NodeId>();
  readonly definedAt = new Map<NodeId, SourceRange>();
  /** The previous cell's output, which a cell that only sets attributes may keep. */
  previousOutput: Output | null = null;
  private readonly labelSource = new Map<NodeId, LabelSource>();
  /** Names whose defining statement failed; using one skips the statement silently. */
  private readonly broken = new Set<string>();
  /** Names that statements with syntax errors would bind, by position, not yet reached. */
  private brokenAhead: { name: string; offset: number }[] = [];
  private activity!: CellActivity;
  private cellIndex = 0;

  constructor(
    private readonly text: string,
    private readonly bounds: Bounds,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /**
   * Names that statements with syntax errors would have bound, each at the offset of
   * its statement: a name counts as broken only once the run has passed that point, so
   * an earlier use of it is still reported as undefined.
   */
  markBroken(names: readonly { name: string; offset: number }[]): void {
    this.brokenAhead = [...names].sort((a, b) => a.offset - b.offset);
  }

  startCell(index: number): CellActivity {
    this.cellIndex = index;
    this.activity = {
      touched: [], printed: [], backwardCalls: [], references: [], bindings: [],
      backwardTarget: null, drawTarget: null, lastStatement: null, attributeTargets: [], ownsGradients: false,
    };
    return this.activity;
  }

  /** Runs one statement; a BoundReached escapes, every other problem is reported. */
  run(stmt: Stmt): void {
    while (this.brokenAhead.length > 0 && this.brokenAhead[0].offset < stmt.range.start) {
      this.broken.add(this.brokenAhead.shift()!.name);
    }
    if (performance.now() > this.bounds.deadline) {
      throw new BoundReached('time',
        `Evaluation stopped here: it ran longer than ${this.bounds.timeBudgetMs} ms (the time budget; raise gradlens.timeBudgetMs to allow more).`,
        stmt.range);
    }
    try {
      if (stmt.kind === 'assign') this.assign(stmt);
      else this.expressionStatement(stmt.expr);
    } catch (e) {
      if (e instanceof SkipStatement) {
        if (stmt.kind === 'assign') this.breakTarget(stmt);
      } else if (e instanceof EvalError) {
        this.error(e.message, e.range);
        if (stmt.kind === 'assign') this.breakTarget(stmt);
      } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
        this.error('this statement is nested too deeply to evaluate: split it into several statements', stmt.range);
        if (stmt.kind === 'assign') this.breakTarget(stmt);
      } else {
        throw e;
      }
    }
  }

  private breakTarget(stmt: Assign): void {
    if (stmt.target.kind === 'name') this.broken.add(stmt.target.name);
  }

  // --- statements ----------------------------------------------------------------------

  private assign(stmt: Assign): void {
    const { target } = stmt;
    if (target.kind === 'name') {
      let result = this.expr(stmt.value);
      if (stmt.op !== '=') {
        const current: RuntimeValue = { kind: 'value', node: this.lookup(target) };
        result = this.arithmetic(stmt.op[0] as Binary['op'], current, result, stmt.range, stmt.value, target);
      }
      const node = this.bind(target.name, result, stmt);
      this.activity.references.push({ name: target.name, range: target.range, node });
      this.activity.lastStatement = { node, name: target.name };
    } else {
      this.assignAttribute(stmt, target);
    }
  }

  private bind(name: string, result: RuntimeValue, stmt: Assign): NodeId {
    let node: NodeId;
    if (result.kind === 'value') {
      node = result.node;
    } else if (result.kind === 'number') {
      node = this.newLeaf(result.value, stmt.value.range);
    } else {
      throw new EvalError(`cannot assign ${describe(result)} to '${name}': a variable holds a Value or a number`, stmt.value.range);
    }
    if ((this.labelSource.get(node) ?? LabelSource.Text) === LabelSource.Text) {
      this.tape.setLabel(node, name);
      this.labelSource.set(node, LabelSource.Name);
    }
    this.scope.set(name, node);
    this.broken.delete(name);
    this.touch(name);
    this.activity.bindings.push({ name, range: stmt.range, node, kind: 'name', data: this.tape.data(node) });
    return node;
  }

  private assignAttribute(stmt: Assign, target: Attribute): void {
    const owner = this.expr(target.object);
    if (owner.kind !== 'value') {
      throw new EvalError(`cannot set '.${target.name}' on ${describe(owner)}: only a Value has data, grad and label`, target.object.range);
    }
    const node = owner.node;
    const value = this.expr(stmt.value);
    const ownerName = target.object.kind === 'name' ? target.object.name : null;
    switch (target.name) {
      case 'data':
      case 'grad': {
        const number = this.numberFor(value, `${target.name}`, stmt.value.range);
        const current = target.name === 'data' ? this.tape.data(node) : this.tape.grad(node);
        const next = stmt.op === '=' ? number : applyNumber(stmt.op[0] as Binary['op'], current, number);
        this.warnIfNotFinite(next, stmt.range, `this sets ${ownerName ?? 'the Value'}.${target.name} to`);
        if (target.name === 'data') {
          this.tape.setData(node, next);
        } else {
          this.tape.setGrad(node, next);
          this.activity.ownsGradients = true;
        }
        break;
      }
      case 'label': {
        if (stmt.op !== '=') throw new EvalError(`use '=' to set a label`, stmt.opRange);
        if (value.kind !== 'string') {
          throw new EvalError(`a label is text: write ${ownerName ?? 'x'}.label = '...', not ${describe(value)}`, stmt.value.range);
        }
        this.tape.setLabel(node, value.value);
        this.labelSource.set(node, LabelSource.Explicit);
        break;
      }
      default:
        throw new EvalError(
          `cannot set '.${target.name}': a Value's settable attributes are data, grad and label`,
          target.nameRange);
    }
    if (ownerName !== null) {
      this.touch(ownerName);
      this.activity.bindings.push({ name: ownerName, range: stmt.range, node, kind: 'attribute', data: this.tape.data(node) });
    }
    // Setting an attribute does not make a new output (`e.label = 'e'` after `e = a*b`,
    // or the optimisation step's `a.data += ...`), unless the cell has nothing else.
    this.activity.attributeTargets.push({ node, name: ownerName });
  }

  private expressionStatement(expr: Expr): void {
    const result = this.expr(expr);
    if (result.kind === 'value') {
      this.activity.lastStatement = { node: result.node, name: expr.kind === 'name' ? expr.name : null };
    }
  }

  // --- expressions -------------------------------------------------------------------

  private expr(e: Expr): RuntimeValue {
    switch (e.kind) {
      case 'number': return { kind: 'number', value: e.value };
      case 'string': return { kind: 'string', value: e.value };
      case 'name': return { kind: 'value', node: this.lookup(e) };
      case 'unary': {
        const operand = this.expr(e.operand);
        if (e.op === '+') return this.requireArithmetic(operand, e.operand.range);
        if (operand.kind === 'number') return this.checkedNumber(-operand.value, e.range);
        return { kind: 'value', node: this.operation(Op.Neg, this.requireValue(operand, e.operand).node, -1, 0, e.range) };
      }
      case 'binary': return this.arithmetic(e.op, this.expr(e.left), this.expr(e.right), e.range, e.right, e.left);
      case 'attribute': return this.readAttribute(e);
      case 'call': return this.call(e);
    }
  }

  private lookup(name: Name): NodeId {
    const node = this.scope.get(name.name);
    if (node !== undefined) {
      this.activity.references.push({ name: name.name, range: name.range, node });
      return node;
    }
    if (this.broken.has(name.name)) throw new SkipStatement();
    if (name.name === 'math') {
      // The lecture computes tanh with math.exp on floats; here every function takes a Value.
      throw new EvalError("there is no 'math' in a .grad file: call the function itself, as in exp(x) or x.exp()", name.range);
    }
    if ((FUNCTIONS as readonly string[]).includes(name.name)) {
      throw new EvalError(`'${name.name}' is a function: call it, as in ${name.name}(x)`, name.range);
    }
    const suggestion = closestName(name.name, this.scope.keys());
    throw new EvalError(
      `name '${name.name}' is not defined` + (suggestion ? ` — did you mean '${suggestion}'?` : ''),
      name.range);
  }

  /**
   * `left op right` for any mix of Values and numbers. Numbers alone stay numbers; a
   * number meeting a Value becomes a constant leaf, labelled by its source text.
   */
  private arithmetic(
    op: Binary['op'], left: RuntimeValue, right: RuntimeValue, range: SourceRange,
    rightExpr: Expr, leftExpr?: Expr,
  ): RuntimeValue {
    const l = this.requireArithmetic(left, leftExpr?.range ?? range);
    const r = this.requireArithmetic(right, rightExpr.range);
    if (l.kind === 'number' && r.kind === 'number') {
      if (op === '/' && r.value === 0) throw new EvalError('division by zero', rightExpr.range);
      return this.checkedNumber(applyNumber(op, l.value, r.value), range);
    }
    if (op === '**' && r.kind === 'number') {
      return { kind: 'value', node: this.operation(Op.PowConst, this.asNode(l, leftExpr ?? rightExpr), -1, r.value, range) };
    }
    const a = this.asNode(l, leftExpr ?? rightExpr);
    const b = this.asNode(r, rightExpr);
    return { kind: 'value', node: this.operation(BINARY_OPS[op], a, b, 0, range) };
  }

  private readAttribute(e: Attribute): RuntimeValue {
    const owner = this.expr(e.object);
    if (owner.kind !== 'value') {
      throw new EvalError(`${describe(owner)} has no attribute '${e.name}'`, e.nameRange);
    }
    switch (e.name) {
      case 'data': return { kind: 'number', value: this.tape.data(owner.node) };
      case 'grad': return { kind: 'number', value: this.tape.grad(owner.node) };
      case 'label': return { kind: 'string', value: this.tape.label(owner.node) ?? '' };
    }
    if ((VALUE_ATTRIBUTES as readonly string[]).includes(e.name)) {
      throw new EvalError(`'${e.name}' is a method: call it, as in x.${e.name}()`, e.nameRange);
    }
    throw this.unknownAttribute(e.name, e.nameRange);
  }

  private unknownAttribute(name: string, range: SourceRange): EvalError {
    const suggestion = closestName(name, VALUE_ATTRIBUTES);
    return new EvalError(
      `a Value has no attribute '${name}'` + (suggestion ? ` — did you mean '${suggestion}'?` : ''),
      range);
  }

  private call(e: Call): RuntimeValue {
    if (e.callee.kind === 'attribute') return this.callMethod(e, e.callee);
    if (e.callee.kind !== 'name') throw new EvalError('only functions and methods can be called', e.callee.range);
    const name = e.callee.name;
    if (name === 'print') return this.print(e);
    if (name === 'Value') return this.construct(e);
    this.noKeywords(e, name);
    if (name === 'draw_dot') {
      const target = this.requireValue(this.expr(this.oneArgument(e, name)), e.args[0]);
      this.activity.drawTarget = { node: target.node, name: e.args[0].kind === 'name' ? e.args[0].name : null };
      return { kind: 'none', what: 'draw_dot()' };
    }
    if (isUnaryMethod(name)) {
      const arg = this.oneArgument(e, name);
      return { kind: 'value', node: this.unary(name, this.asNode(this.expr(arg), arg), e.range) };
    }
    if (this.scope.has(name)) throw new EvalError(`'${name}' is a Value, not a function`, e.callee.range);
    const suggestion = closestName(name, FUNCTIONS);
    throw new EvalError(
      `unknown function '${name}'` + (suggestion ? ` — did you mean '${suggestion}'?` : `; the functions are ${FUNCTIONS.join(', ')}`),
      e.callee.range);
  }

  private callMethod(e: Call, callee: Attribute): RuntimeValue {
    const owner = this.expr(callee.object);
    if (owner.kind !== 'value') {
      throw new EvalError(`${describe(owner)} has no method '${callee.name}'`, callee.nameRange);
    }
    this.noKeywords(e, callee.name);
    if (e.args.length > 0) throw new EvalError(`${callee.name}() takes no arguments`, e.args[0].range);
    const node = owner.node;
    const name = callee.object.kind === 'name' ? callee.object.name : null;
    if (isUnaryMethod(callee.name)) return { kind: 'value', node: this.unary(callee.name, node, e.range) };
    if (callee.name === 'backward') {
      const below = this.tape.trace(node).filter((id) => id !== node);
      const accumulated = below.some((id) => this.tape.grad(id) !== 0);
      this.activity.backwardCalls.push({ range: e.range, root: name ?? this.tape.label(node) ?? '', accumulated });
      this.tape.backward(node);
      this.activity.backwardTarget = { node, name };
      this.activity.ownsGradients = true;
      this.warnAboutGradients(node, e.range);
      return { kind: 'none', what: 'backward()' };
    }
    if (callee.name === '_backward') {
      this.tape.backwardStep(node);
      this.activity.ownsGradients = true;
      return { kind: 'none', what: '_backward()' };
    }
    if (callee.name === 'data' || callee.name === 'grad' || callee.name === 'label') {
      throw new EvalError(`'${callee.name}' is not a method: write ${name ?? 'x'}.${callee.name} without ()`, e.range);
    }
    throw this.unknownAttribute(callee.name, callee.nameRange);
  }

  /** `Value(data)`, `Value(data, label='a')` or `Value(data=2.0)` (how a notebook echoes one). */
  private construct(e: Call): RuntimeValue {
    const dataKeyword = e.keywords.find((k) => k.name === 'data');
    const given = e.args.length + (dataKeyword ? 1 : 0);
    if (given !== 1) {
      const where = given === 0 ? e.range : (e.args[1] ?? e.args[0]).range;
      throw new EvalError(
        given === 0 ? 'Value() needs a number: Value(2.0)' : "Value() takes one number; give the label as label='a'",
        where);
    }
    const dataExpr = dataKeyword ? dataKeyword.value : e.args[0];
    const data = this.numberFor(this.expr(dataExpr), 'Value()', dataExpr.range);
    let label: string | undefined;
    for (const k of e.keywords) {
      if (k === dataKeyword) continue;
      if (k.name !== 'label') {
        throw new EvalError(`Value() has no argument '${k.name}'; it takes a number and label='...'`, k.nameRange);
      }
      const v = this.expr(k.value);
      if (v.kind !== 'string') throw new EvalError(`label must be text, as in label='a'`, k.value.range);
      label = v.value;
    }
    const node = this.newLeaf(data, e.range);
    if (label !== undefined) {
      this.tape.setLabel(node, label);
      this.labelSource.set(node, LabelSource.Explicit);
    }
    return { kind: 'value', node };
  }

  private print(e: Call): RuntimeValue {
    this.noKeywords(e, 'print');
    const parts = e.args.map((arg) => {
      const v = this.expr(arg);
      switch (v.kind) {
        case 'value': return `Value(data=${pythonFloat(this.tape.data(v.node))}, grad=${pythonFloat(this.tape.grad(v.node))})`;
        case 'number': return pythonFloat(v.value);
        case 'string': return v.value;
        case 'none': return 'None';
      }
    });
    this.activity.printed.push({ text: parts.join(' '), range: e.range });
    return { kind: 'none', what: 'print()' };
  }

  // --- building nodes ------------------------------------------------------------------

  private unary(name: UnaryMethod, x: NodeId, range: SourceRange): NodeId {
    const op = { tanh: Op.Tanh, exp: Op.Exp, log: Op.Log, relu: Op.Relu, sigmoid: Op.Sigmoid }[name];
    return this.operation(op, x, -1, 0, range);
  }

  /** Every operation node is made here, so bounds, labels and NaN warnings apply to all. */
  private operation(op: Op, x: NodeId, y: NodeId, param: number, range: SourceRange): NodeId {
    this.checkNodeBound(range);
    const node = this.tape.apply(op, x, y, param);
    this.tape.setLabel(node, this.sourceText(range));
    this.labelSource.set(node, LabelSource.Text);
    this.definedAt.set(node, range);
    const data = this.tape.data(node);
    const inputsFinite = Number.isFinite(this.tape.data(x)) && (y < 0 || Number.isFinite(this.tape.data(y)));
    if (!Number.isFinite(data) && inputsFinite) this.warnNotFinite(op, x, data, range);
    return node;
  }

  private newLeaf(data: number, range: SourceRange): NodeId {
    this.checkNodeBound(range);
    const node = this.tape.leaf(data);
    this.definedAt.set(node, range);
    return node;
  }

  /** A plain number used where a Value is needed becomes a constant leaf. */
  private asNode(v: RuntimeValue, source: Expr): NodeId {
    if (v.kind === 'value') return v.node;
    if (v.kind !== 'number') throw new EvalError(`expected a Value or a number, got ${describe(v)}`, source.range);
    this.checkNodeBound(source.range);
    const node = this.tape.leaf(v.value, this.sourceText(source.range));
    this.constants.add(node);
    this.labelSource.set(node, LabelSource.Text);
    this.definedAt.set(node, source.range);
    return node;
  }

  private checkNodeBound(range: SourceRange): void {
    if (this.tape.size >= this.bounds.maxNodes) {
      throw new BoundReached('nodes',
        `Evaluation stopped here: the graph reached ${this.bounds.maxNodes.toLocaleString('en-US')} nodes (the node bound; raise gradlens.maxNodes to allow more).`,
        range);
    }
  }

  // --- checks and reports --------------------------------------------------------------

  private requireArithmetic(v: RuntimeValue, range: SourceRange): Extract<RuntimeValue, { kind: 'value' | 'number' }> {
    if (v.kind === 'value' || v.kind === 'number') return v;
    throw new EvalError(`cannot do arithmetic with ${describe(v)}`, range);
  }

  private requireValue(v: RuntimeValue, source: Expr): Extract<RuntimeValue, { kind: 'value' }> {
    if (v.kind === 'value') return v;
    throw new EvalError(`expected a Value here, got ${describe(v)}`, source.range);
  }

  /**
   * A number for `.data`, `.grad` or `Value(...)`. A Value gives its data: in a .grad
   * file `h = 0.001` is a Value, and the lecture's `a.data += h` must still work.
   */
  private numberFor(v: RuntimeValue, what: string, range: SourceRange): number {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'value') return this.tape.data(v.node);
    throw new EvalError(`${what} needs a number, not ${describe(v)}`, range);
  }

  private oneArgument(e: Call, name: string): Expr {
    if (e.args.length !== 1) {
      throw new EvalError(`${name}() takes exactly one argument (${e.args.length} given)`, e.range);
    }
    return e.args[0];
  }

  private noKeywords(e: Call, name: string): void {
    if (e.keywords.length > 0) {
      throw new EvalError(`${name}() takes no argument named '${e.keywords[0].name}'`, e.keywords[0].nameRange);
    }
  }

  private checkedNumber(value: number, range: SourceRange): RuntimeValue {
    this.warnIfNotFinite(value, range, 'this evaluates to');
    return { kind: 'number', value };
  }

  private warnIfNotFinite(value: number, range: SourceRange, lead: string): void {
    if (!Number.isFinite(value)) this.warning(`${lead} ${pythonFloat(value)}`, range);
  }

  private warnNotFinite(op: Op, x: NodeId, data: number, range: SourceRange): void {
    const input = pythonFloat(this.tape.data(x));
    const why =
      op === Op.Log ? (this.tape.data(x) < 0 ? `log of a negative number (${input}) is undefined` : 'log(0) is -infinity') :
      op === Op.Exp ? `exp(${input}) overflows` :
      op === Op.Div ? 'division by zero' :
      'the result is too large or undefined';
    this.warning(`${this.sourceText(range)} is ${pythonFloat(data)}: ${why}`, range);
  }

  /** After backward(): a NaN or infinite gradient is worth a warning at the call. */
  private warnAboutGradients(root: NodeId, range: SourceRange): void {
    for (const id of this.tape.trace(root)) {
      const g = this.tape.grad(id);
      if (!Number.isFinite(g)) {
        this.warning(`backward() made the gradient of ${this.tape.label(id) ?? 'a node'} ${pythonFloat(g)}`, range);
        return;
      }
    }
  }

  private touch(name: string): void {
    if (!this.activity.touched.includes(name)) this.activity.touched.push(name);
  }

  /**
   * An expression's source text as a label. Long texts are cut: every prefix of a long
   * `a + b + c + ...` chain is a node, and full-length labels would make that quadratic.
   */
  private sourceText(range: SourceRange): string {
    const end = Math.min(range.end, range.start + MAX_LABEL_SOURCE);
    const text = this.text.slice(range.start, end).replace(/\s+/g, ' ').trim();
    return end < range.end ? `${text}…` : text;
  }

  error(message: string, range: SourceRange): void {
    this.diagnostics.push({ severity: 'error', message, range, cell: this.cellIndex });
  }

  private warning(message: string, range: SourceRange): void {
    this.diagnostics.push({ severity: 'warning', message, range, cell: this.cellIndex });
  }
}

/** Thrown to skip a statement that depends on one that already failed. */
class SkipStatement extends Error {}

const BINARY_OPS = { '+': Op.Add, '-': Op.Sub, '*': Op.Mul, '/': Op.Div, '**': Op.Pow } as const;

/** Plain-number arithmetic, by the engine's own definition of each operation. */
function applyNumber(op: Binary['op'], x: number, y: number): number {
  return forward(BINARY_OPS[op], x, y, 0);
}
