import type { Stmt } from '../ast';
import type { Token } from '../lexer';
import { isKeyword, isOp } from './cursor';
import { isCloser, isOpener } from './layout';
import { targetNames } from './targets';
import { isAssignmentOperator } from './vocabulary';

// The names a Broken statement would have bound: the interpreter treats them as broken
// from there on, so a later use is skipped quietly instead of reported as undefined.

/** The names that statements which parsed bind in the scope they run in (not inside functions or classes they define). */
export function boundNames(statements: Stmt[], into: string[] = []): string[] {
  for (const s of statements) {
    switch (s.kind) {
      case 'assign':
        for (const target of s.targets) targetNames(target, into);
        break;
      case 'augassign':
        if (s.target.kind === 'name') into.push(s.target.name);
        break;
      case 'for':
        targetNames(s.target, into);
        boundNames(s.body, into);
        boundNames(s.orelse, into);
        break;
      case 'if': case 'while':
        boundNames(s.body, into);
        boundNames(s.orelse, into);
        break;
      case 'try':
        boundNames(s.body, into);
        for (const handler of s.handlers) {
          if (handler.name !== null) into.push(handler.name);
          boundNames(handler.body, into);
        }
        boundNames(s.orelse, into);
        boundNames(s.finalbody, into);
        break;
      case 'def': case 'class':
        into.push(s.name);
        break;
      case 'import':
        for (const n of s.names) into.push(n.asName ?? n.name.split('.')[0]);
        break;
      case 'importfrom':
        for (const n of s.names ?? []) into.push(n.asName ?? n.name);
        break;
      case 'broken':
        into.push(...s.names);
        break;
      default:
        break;
    }
  }
  return into;
}

export function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/**
 * The names the statement (or compound statement's header) in tokens[from, to) would
 * have bound, read from its tokens since it did not parse: `e = a *` binds e,
 * `x, y =` binds x and y, `for i in` binds i, `def f(` binds f.
 */
export function namesInTokens(tokens: Token[], from: number, to: number): string[] {
  const first = tokens[from];
  if (first === undefined || from >= to) return [];
  if (first.kind === 'keyword') return keywordStatementNames(tokens, from, to);
  const names: string[] = [];
  let depth = 0;
  let segment = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (isOpener(t)) depth++;
    else if (isCloser(t)) depth--;
    else if (depth === 0 && t.kind === 'op' && isAssignmentOperator(t.text)) {
      targetNamesInTokens(tokens, segment, i, names);
      segment = i + 1;
    }
  }
  return names;
}

function keywordStatementNames(tokens: Token[], from: number, to: number): string[] {
  const first = tokens[from];
  const names: string[] = [];
  const nameAt = (i: number) => (i < to && tokens[i].kind === 'name' ? [tokens[i].text] : []);
  switch (first.text) {
    case 'def': case 'class':
      return nameAt(from + 1);
    case 'async':
      return isKeyword(tokens[from + 1], 'def') ? nameAt(from + 2) : afterAs(tokens, from, to);
    case 'for': {
      let end = from + 1;
      while (end < to && !isKeyword(tokens[end], 'in') && !isOp(tokens[end], ':')) end++;
      targetNamesInTokens(tokens, from + 1, end, names);
      return names;
    }
    case 'with': case 'except':
      return afterAs(tokens, from, to);
    case 'import': case 'from':
      return importedNames(tokens, from, to);
    default:
      return names;
  }
}

/** The names right after each `as`. */
function afterAs(tokens: Token[], from: number, to: number): string[] {
  const names: string[] = [];
  for (let i = from; i + 1 < to; i++) if (isKeyword(tokens[i], 'as') && tokens[i + 1].kind === 'name') names.push(tokens[i + 1].text);
  return names;
}

/** `import a.b as c, d` binds c and d; `from m import x as y, z` binds y and z. */
function importedNames(tokens: Token[], from: number, to: number): string[] {
  const names: string[] = [];
  let i = from + 1;
  const fromImport = isKeyword(tokens[from], 'from');
  if (fromImport) {
    while (i < to && !isKeyword(tokens[i], 'import')) i++;
    i++;
  }
  let part: string | null = null;
  for (; i <= to; i++) {
    const t = tokens[i];
    if (i === to || isOp(t, ',')) {
      if (part !== null) names.push(part);
      part = null;
    } else if (isKeyword(t, 'as')) {
      part = i + 1 < to && tokens[i + 1].kind === 'name' ? tokens[i + 1].text : null;
      i++;
    } else if (t.kind === 'name' && (part === null || fromImport) && !isOp(tokens[i - 1], '.')) {
      part = t.text;
    }
  }
  return names;
}

/**
 * The names a target list in tokens[from, to) assigns: names not inside a call's or a
 * subscript's brackets and not part of an attribute or a call (`self.w`, `xs[i]`,
 * `f(x)` bind none). An annotation after ':' is not a target.
 */
function targetNamesInTokens(tokens: Token[], from: number, to: number, into: string[]): void {
  /** For each open bracket, whether it belongs to a call or a subscript. */
  const applied: boolean[] = [];
  let inApplied = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const before = i > from ? tokens[i - 1] : undefined;
    if (isOpener(t)) {
      const isApplied = before !== undefined && (before.kind === 'name' || before.kind === 'string' || isCloser(before));
      applied.push(isApplied);
      if (isApplied) inApplied++;
    } else if (isCloser(t)) {
      if (applied.pop()) inApplied--;
    } else if (isOp(t, ':') && applied.length === 0) {
      return;
    } else if (t.kind === 'name' && inApplied === 0) {
      const after = i + 1 < to ? tokens[i + 1] : undefined;
      const partOfMore = (before !== undefined && isOp(before, '.'))
        || (after !== undefined && (isOp(after, '.') || isOp(after, '(') || isOp(after, '[')));
      if (!partOfMore) into.push(t.text);
    }
  }
}
