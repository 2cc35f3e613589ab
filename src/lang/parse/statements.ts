import type { Expr, ImportName, Stmt } from '../ast';
import type { Token } from '../lexer';
import { range, type SourceRange } from '../source';
import { endsStatement, isOp } from './cursor';
import { startsExpression } from './expressions';
import { startsOperand } from './layout';
import { ParamParser } from './params';
import { assignmentProblem, deletionProblem, exprName } from './targets';
import { AUGMENTED_ASSIGNMENTS, isAssignmentOperator } from './vocabulary';

// Simple statements: assignments of every form, expression statements, and the keyword
// statements that fit on one line. Where Python checks a statement against its context
// ('return' outside a function) the check is here too, so the message comes as Python's
// does, from the parser.

/** Kinds of expression Python's parser reads at the level of `|`, where it suggests '==' for a '='. */
const OPERAND_KINDS: ReadonlySet<Expr['kind']> = new Set([
  'number', 'string', 'fstring', 'call', 'binary', 'unary', 'dict', 'set', 'listcomp', 'setcomp', 'dictcomp',
]);

function isOperandLevel(e: Expr): boolean {
  return OPERAND_KINDS.has(e.kind) && !(e.kind === 'unary' && e.op === 'not');
}

function describe(t: Token): string {
  if (t.kind === 'string') return 'string';
  return `'${t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text}'`;
}

/** Where the statements being read stand: what Python lets them do there. */
export interface Scope {
  /** Inside a function's body (not a class's directly in it): where 'return' is allowed. */
  inFunction: boolean;
  /** Inside any function, for 'nonlocal' and 'import *'. */
  functionDepth: number;
  /** Inside a loop's body (not its else), and not in a function or class nested in it. */
  inLoop: boolean;
}

export abstract class SimpleStatementParser extends ParamParser {
  protected scope: Scope = { inFunction: false, functionDepth: 0, inLoop: false };

  /** Reads a block with `scope`, then goes back to the enclosing one. */
  protected withScope<T>(scope: Scope, read: () => T): T {
    const outer = this.scope;
    this.scope = scope;
    try {
      return read();
    } finally {
      this.scope = outer;
    }
  }

  /** One simple statement, checked to end where a statement may end. */
  protected simpleStatement(): Stmt {
    const start = this.peek().range.start;
    const stmt = this.simpleStatementBody(start);
    this.expectStatementEnd(stmt);
    this.checkContext(stmt);
    return stmt;
  }

  private simpleStatementBody(start: number): Stmt {
    const t = this.peek();
    if (t.kind !== 'keyword') return this.expressionStatement(start);
    switch (t.text) {
      case 'pass': case 'break': case 'continue':
        this.advance();
        return { kind: t.text, range: t.range };
      case 'return': {
        this.advance();
        const value = this.startsValue() ? this.values(null) : null;
        return { kind: 'return', value, range: range(start, this.prevEnd) };
      }
      case 'del':
        return this.del(start);
      case 'assert': {
        this.advance();
        const test = this.expression(t);
        const comma = this.eatOp(',');
        const msg = comma !== null ? this.expression(comma) : null;
        return { kind: 'assert', test, msg, range: range(start, this.prevEnd) };
      }
      case 'raise': {
        this.advance();
        const exc = this.startsValue() ? this.expression(null) : null;
        const from = exc !== null && this.atKeyword('from') ? this.advance() : null;
        const cause = from !== null ? this.expression(from) : null;
        return { kind: 'raise', exc, cause, range: range(start, this.prevEnd) };
      }
      case 'global': case 'nonlocal': {
        this.advance();
        const names: { name: string; range: SourceRange }[] = [];
        do names.push(this.nameToken(`expected a name after '${names.length === 0 ? t.text : ','}'`));
        while (this.eatOp(','));
        return { kind: t.text, names, range: range(start, this.prevEnd) };
      }
      case 'import':
        return this.importStatement(start);
      case 'from':
        return this.fromImport(start);
      default:
        return this.expressionStatement(start);
    }
  }

  private startsValue(): boolean {
    return startsExpression(this.peek()) || this.atOp('*');
  }

  private nameToken(expected: string): { name: string; range: SourceRange } {
    const t = this.peek();
    if (t.kind !== 'name') throw this.fail(t, expected);
    this.advance();
    return { name: t.text, range: t.range };
  }

  private del(start: number): Stmt {
    const keyword = this.advance();
    const target = this.targetList(keyword);
    const targets = target.kind === 'tuple' && !target.parenthesized ? target.elements : [target];
    for (const t of targets) {
      const problem = deletionProblem(t);
      if (problem !== null) throw this.failWith(problem.message, problem.node.range);
    }
    return { kind: 'del', targets, range: range(start, this.prevEnd) };
  }

  private dottedName(expected: string): { name: string; start: number } {
    const start = this.peek().range.start;
    let name = this.nameToken(expected).name;
    while (this.eatOp('.')) name += `.${this.nameToken("expected a name after '.'").name}`;
    return { name, start };
  }

  private asName(): string | null {
    if (!this.atKeyword('as')) return null;
    this.advance();
    return this.nameToken("expected a name after 'as'").name;
  }

  private importStatement(start: number): Stmt {
    this.advance();
    const names: ImportName[] = [];
    do {
      const dotted = this.dottedName('expected a module name');
      const asName = this.asName();
      names.push({ name: dotted.name, asName, range: range(dotted.start, this.prevEnd) });
    } while (this.eatOp(','));
    return { kind: 'import', names, range: range(start, this.prevEnd) };
  }

  private fromImport(start: number): Stmt {
    this.advance();
    const moduleStart = this.peek().range.start;
    let module = '';
    for (let t = this.peek(); isOp(t, '.') || isOp(t, '...'); t = this.peek()) module += this.advance().text;
    if (module === '' || !this.atKeyword('import')) module += this.dottedName('expected a module name').name;
    const moduleRange = range(moduleStart, this.prevEnd);
    this.expectKeyword('import');
    const star = this.eatOp('*');
    if (star !== null) {
      if (this.scope.functionDepth > 0) throw this.failWith('import * only allowed at module level', range(start, this.prevEnd));
      return { kind: 'importfrom', module, moduleRange, names: null, range: range(start, this.prevEnd) };
    }
    const paren = this.atOp('(') ? this.openBracket() : null;
    const names: ImportName[] = [];
    do {
      if (paren !== null && this.atOp(')')) break;
      const name = this.nameToken(names.length === 0 ? 'expected a name to import' : "expected a name after ','");
      const asName = this.asName();
      names.push({ name: name.name, asName, range: range(name.range.start, this.prevEnd) });
    } while (this.eatOp(','));
    if (paren !== null) {
      if (!this.atOp(')')) throw this.fail(this.peek(), null);
      this.closeBracket();
    }
    return { kind: 'importfrom', module, moduleRange, names, range: range(start, this.prevEnd) };
  }

  /** Assignments (`=`, `op=`, annotated) and expression statements. */
  private expressionStatement(start: number): Stmt {
    const first = this.peek();
    if (isOp(first, ';')) throw this.failWith('invalid syntax', first.range);
    if (first.kind === 'op' && isAssignmentOperator(first.text)) {
      throw this.failWith(`expected a name to assign to before '${first.text}'`, first.range);
    }
    const lhs = this.starExpressions(null);
    const lhsEnd = this.prevEnd;
    const t = this.peek();
    if (isOp(t, '=')) return this.assignment(start, lhs, lhsEnd);
    const op = t.kind === 'op' ? AUGMENTED_ASSIGNMENTS.get(t.text) : undefined;
    if (op !== undefined) {
      if (lhs.kind !== 'name' && lhs.kind !== 'attribute' && lhs.kind !== 'subscript') {
        throw this.failWith(`'${exprName(lhs)}' is an illegal expression for augmented assignment`, range(start, lhsEnd));
      }
      this.advance();
      const value = this.values(t);
      return { kind: 'augassign', target: lhs, op, opRange: t.range, value, range: range(start, this.prevEnd) };
    }
    if (isOp(t, ':')) return this.annotated(start, lhs, lhsEnd);
    if (lhs.kind === 'starred') throw this.failWith("can't use starred expression here", lhs.range);
    return { kind: 'expr', expr: lhs, range: range(start, this.prevEnd) };
  }

  private assignment(start: number, lhs: Expr, lhsEnd: number): Stmt {
    const targets = [lhs];
    let value: Expr;
    for (;;) {
      const equals = this.advance();
      value = this.starExpressions(equals);
      if (!this.atOp('=')) break;
      targets.push(value);
    }
    targets.forEach((target, i) => {
      const problem = assignmentProblem(target);
      if (problem === null) return;
      const whole = problem.node === target;
      const last = target.kind === 'tuple' && !target.parenthesized ? target.elements[target.elements.length - 1] : target;
      const suggest = targets.length === 1 && problem.node === last && isOperandLevel(problem.node)
        && problem.message.startsWith('cannot assign');
      const message = suggest ? `${problem.message} here. Maybe you meant '==' instead of '='?` : problem.message;
      // The first target as written, parentheses and all, is what the learner has to change.
      throw this.failWith(message, whole && i === 0 ? range(start, lhsEnd) : problem.node.range);
    });
    if (value.kind === 'starred') throw this.failWith("can't use starred expression here", value.range);
    return { kind: 'assign', targets, value, range: range(start, this.prevEnd) };
  }

  /** `x: float = 1.0` is an Assign; `x: float` alone binds nothing, so it is a `pass`. */
  private annotated(start: number, lhs: Expr, lhsEnd: number): Stmt {
    if (lhs.kind === 'tuple' || lhs.kind === 'list') {
      throw this.failWith(`only single target (not ${lhs.kind}) can be annotated`, range(start, lhsEnd));
    }
    if (lhs.kind !== 'name' && lhs.kind !== 'attribute' && lhs.kind !== 'subscript') {
      throw this.failWith('illegal target for annotation', range(start, lhsEnd));
    }
    const colon = this.advance();
    this.expression(colon);
    const equals = this.eatOp('=');
    if (equals === null) return { kind: 'pass', range: range(start, this.prevEnd) };
    const value = this.values(equals);
    return { kind: 'assign', targets: [lhs], value, range: range(start, this.prevEnd) };
  }

  private expectStatementEnd(stmt: Stmt): void {
    const t = this.peek();
    if (endsStatement(t)) return;
    if (stmt.kind === 'expr' && stmt.expr.kind === 'name' && (stmt.expr.name === 'print' || stmt.expr.name === 'exec')
      && startsExpression(t)) {
      const end = this.reach(() => this.starExpressions(null));
      const name = stmt.expr.name;
      throw this.failWith(`Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`, range(stmt.range.start, end));
    }
    if (startsOperand(t)) throw this.failWith(`unexpected ${describe(t)}: is an operator missing before it?`, t.range);
    throw this.fail(t, null);
  }

  /** Python's checks of where a statement may stand. */
  private checkContext(stmt: Stmt): void {
    const { inFunction, inLoop, functionDepth } = this.scope;
    if (stmt.kind === 'return' && !inFunction) throw this.failWith("'return' outside function", stmt.range);
    if (stmt.kind === 'break' && !inLoop) throw this.failWith("'break' outside loop", stmt.range);
    if (stmt.kind === 'continue' && !inLoop) throw this.failWith("'continue' not properly in loop", stmt.range);
    if (stmt.kind === 'nonlocal' && functionDepth === 0) {
      throw this.failWith('nonlocal declaration not allowed at module level', stmt.range);
    }
  }
}
