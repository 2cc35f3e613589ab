import type { Expr } from '../ast';

// What may be assigned to, deleted or used as a loop variable, and how Python names what
// may not ("cannot assign to function call").

/** Python's name for a kind of expression in its error messages (_PyPegen_get_expr_name). */
export function exprName(e: Expr): string {
  switch (e.kind) {
    case 'name': return 'name';
    case 'attribute': return 'attribute';
    case 'subscript': return 'subscript';
    case 'starred': return 'starred';
    case 'call': return 'function call';
    case 'number': case 'string': return 'literal';
    case 'fstring': return 'f-string expression';
    case 'constant': return e.value === 'ellipsis' ? 'ellipsis' : String(e.value === null ? 'None' : e.value ? 'True' : 'False');
    case 'unary': case 'binary': case 'boolop': return 'expression';
    case 'compare': return 'comparison';
    case 'ifexp': return 'conditional expression';
    case 'lambda': return 'lambda';
    case 'tuple': return 'tuple';
    case 'list': return 'list';
    case 'set': return 'set display';
    case 'dict': return 'dict literal';
    case 'listcomp': return 'list comprehension';
    case 'setcomp': return 'set comprehension';
    case 'genexp': return 'generator expression';
    case 'dictcomp': return 'dict comprehension';
    case 'slice': return 'slice';
  }
}

/** Why `target` cannot be assigned to (and the part at fault), or null when it can. */
export function assignmentProblem(target: Expr): { node: Expr; message: string } | null {
  if (target.kind === 'starred') return { node: target, message: 'starred assignment target must be in a list or tuple' };
  return elementProblem(target);
}

function elementProblem(target: Expr): { node: Expr; message: string } | null {
  switch (target.kind) {
    case 'name': case 'attribute': case 'subscript':
      return null;
    case 'tuple': case 'list': {
      const starred = target.elements.filter((e) => e.kind === 'starred');
      if (starred.length > 1) return { node: target, message: 'multiple starred expressions in assignment' };
      for (const element of target.elements) {
        const problem = elementProblem(element.kind === 'starred' ? element.value : element);
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'starred':
      return { node: target, message: "can't use starred expression here" };
    default:
      return { node: target, message: `cannot assign to ${exprName(target)}` };
  }
}

/** Why `target` cannot follow `del`, or null when it can. */
export function deletionProblem(target: Expr): { node: Expr; message: string } | null {
  switch (target.kind) {
    case 'name': case 'attribute': case 'subscript':
      return null;
    case 'tuple': case 'list':
      for (const element of target.elements) {
        const problem = deletionProblem(element);
        if (problem !== null) return problem;
      }
      return null;
    default:
      return { node: target, message: `cannot delete ${exprName(target)}` };
  }
}

/** The names an assignment to `target` binds, in order. */
export function targetNames(target: Expr, into: string[] = []): string[] {
  if (target.kind === 'name') into.push(target.name);
  else if (target.kind === 'starred') targetNames(target.value, into);
  else if (target.kind === 'tuple' || target.kind === 'list') for (const e of target.elements) targetNames(e, into);
  return into;
}
