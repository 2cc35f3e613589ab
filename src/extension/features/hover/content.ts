import { localGradFormula, localGrads, opFromLabel } from '../../../engine/ops';
import type { GraphNode } from '../../../graph/model';
import { fixed, type Binding, type CellResult, type NameReference } from '../../../lang';
import { historyLine, meaningfulHistory, sparklineSamples } from './history';
import { escapeMarkdown } from './markdown';
import { expressionText } from './ops';
import { blockSparkline, sparklineSvg, svgDataUri } from './sparkline';

/** What a hover on a variable says, as plain text: the provider escapes it into Markdown. */
export interface HoverContent {
  /** The name as written where the cursor is. */
  title: string;
  /** `leaf`, `constant`, or `result of *`. */
  kind: string;
  lines: string[];
  /** Every value the line produced (sampled), for a sparkline under the lines. */
  samples?: number[];
  /** Set by the provider when the result is from an earlier version of the text. */
  stale?: boolean;
}

/** The note under a hover made from the previous edit's result while the new one runs. */
export const STALE_NOTE = 'from the previous edit; updating…';

/**
 * `text` is the evaluated source: whether a site is a loop's target (whose history is
 * not worth a sparkline) is read from it.
 */
export function hoverContent(cell: CellResult, reference: NameReference, precision: number, text: string): HoverContent {
  const byId = new Map(cell.nodes.map((n) => [n.id, n]));
  const name = reference.name;
  const binding = bindingAt(cell, reference);
  const runs = binding ? runsContent(cell, binding, precision, text) : { lines: [] };
  if (reference.node === null) {
    // Not a Value: a number, a list, a model. Say what it holds, and how often a loop bound it.
    return { title: name, kind: 'value', lines: [reference.display ?? '', ...runs.lines], samples: runs.samples };
  }
  const node = byId.get(reference.node);
  if (!node) {
    // The core keeps every node a cell referenced; a result from another evaluation
    // (a stale reference) is the only way to get here.
    return { title: name, kind: 'value', lines: [`no numbers kept for ${name} in this cell`] };
  }
  const num = (x: number) => fixed(x, precision);
  const lines = [`data = ${num(node.data)}`, ...gradientLines(cell, name, node, num)];
  const mark = nonFiniteLine(node.data, cell.hasError ? 0 : node.grad);
  if (mark !== null) lines.push(mark);
  if (node.label !== name && node.label !== '') lines.push(`label '${node.label}'`);
  lines.push(...operationLines(node, name, byId, num));
  lines.push(...runs.lines);
  return { title: name, kind: kindOf(node), lines, samples: runs.samples };
}

/**
 * A NaN or an infinity is never shown as just another number: the hover says so, and
 * where to look (the warning at the expression that made it, in Problems).
 */
export function nonFiniteLine(data: number, grad: number): string | null {
  const what = !Number.isFinite(data) ? 'its data' : !Number.isFinite(grad) ? 'its gradient' : null;
  if (what === null) return null;
  return `⚠ ${what} is not a finite number: the warning in Problems says where it was made`;
}

/**
 * A name used inside a function, where the core keeps no reference per use: the
 * last value the function's own assignments gave it, and how often they ran.
 */
export function localHoverContent(cell: CellResult, name: string, offset: number, precision: number, text: string): HoverContent | undefined {
  const bindings = cell.bindings.filter((b) => b.name === name && b.scope !== null && b.scope.start <= offset && offset <= b.scope.end);
  if (bindings.length === 0) return undefined;
  // The innermost function's binding that ran last: a later line wins when both ran.
  const ran = bindings.filter((b) => b.count > 0);
  if (ran.length === 0) return { title: name, kind: 'local', lines: ['not run yet: nothing has called this function'] };
  const last = ran[ran.length - 1];
  const node = last.node === null ? undefined : cell.nodes.find((n) => n.id === last.node);
  const num = (x: number) => fixed(x, precision);
  const value = node ? [`data = ${num(last.data)}`, `grad = ${num(node.grad)}`] : [last.display ?? ''];
  const times = ran.reduce((sum, b) => sum + b.count, 0);
  // The history of the site the value shown came from: a mix of two sites would be neither's.
  const history = meaningfulHistory(cell, last, text);
  return {
    title: name,
    kind: node ? 'local Value' : 'local',
    lines: [
      ...value,
      `last of ${times.toLocaleString('en-US')} assignment${times === 1 ? '' : 's'} (the last call's, after the whole file ran)`,
      ...(history ? [historyLine(history, precision)] : []),
    ],
    samples: history ? sparklineSamples(history) : undefined,
  };
}

/** The statement that bound the name where the reference is, if it bound it there. */
function bindingAt(cell: CellResult, reference: NameReference): Binding | undefined {
  return cell.bindings.find((b) => b.name === reference.name && b.range.start <= reference.range.start && reference.range.end <= b.range.end);
}

/** For a name bound by a line that ran many times (in a loop): how many, and what it bound over the runs. */
function runsContent(cell: CellResult, binding: Binding, precision: number, text: string): { lines: string[]; samples?: number[] } {
  if (binding.count <= 1) return { lines: [] };
  const lines = [`this line ran ${binding.count.toLocaleString('en-US')} times; this is the last value`];
  const history = meaningfulHistory(cell, binding, text);
  if (!history) return { lines };
  return { lines: [...lines, historyLine(history, precision)], samples: sparklineSamples(history) };
}

/**
 * The title, the lines, then the sparkline as an image (a data URI: hovers render those,
 * and nothing of the user's text goes into it) whose alt text is the same samples in
 * Unicode blocks, and last, quietly, whether the numbers are from the previous edit.
 */
export function hoverMarkdown(content: HoverContent): string {
  const title = `**${escapeMarkdown(content.title)}** · ${escapeMarkdown(content.kind)}`;
  const parts = [title, ...content.lines.map(escapeMarkdown)];
  if (content.samples && content.samples.length >= 2) {
    parts.push(`![${blockSparkline(content.samples)}](${svgDataUri(sparklineSvg(content.samples))})`);
  }
  if (content.stale) parts.push(`*${escapeMarkdown(STALE_NOTE)}*`);
  return parts.join('  \n');
}

function kindOf(node: GraphNode): string {
  if (node.kind === 'leaf') return 'leaf';
  if (node.kind === 'constant') return 'constant';
  return node.op ? `result of ${node.op}` : 'result';
}

function gradientLines(cell: CellResult, name: string, node: GraphNode, num: (x: number) => string): string[] {
  if (cell.hasError) return ['no gradient while this cell has an error'];
  if (cell.ownsGradients) {
    // micrograd's own field, summed over every backward() and grad set so far: not
    // simply d(output)/d(name), so it is not written as one.
    return [`${name}.grad = ${num(node.grad)} (as backward() or this cell's code left it)`];
  }
  if (cell.output === null) return ['no gradient: this cell has no output to differentiate'];
  const lines = [`∂${operand(cell.output)}/∂${name} = ${num(node.grad)}`];
  // `a.data += 0.01 * a.grad` reads the field an earlier backward() set, not the
  // gradient shown: when they differ, say both.
  const field = cell.gradFields.find((f) => f.node === node.id);
  if (field) lines.push(`${name}.grad = ${num(field.grad)} (the field ${name}.grad reads, set by an earlier backward())`);
  return lines;
}

/** `e = a*b: ∂e/∂a = b = -3.0000, ∂e/∂b = a = 2.0000` for a node made by an operation. */
function operationLines(node: GraphNode, name: string, byId: Map<number, GraphNode>, num: (x: number) => string): string[] {
  if (node.op === null) return [];
  const code = opFromLabel(node.op);
  const inputs = node.inputs.map((id) => byId.get(id));
  if (!code || inputs.length === 0 || inputs.some((n) => n === undefined)) return [`${name} = ${node.op}(…)`];
  const operands = (inputs as GraphNode[]).map(displayName);
  const [x, y] = operands;
  const [dx, dy] = localGrads(code.op, inputs[0]!.data, inputs[1]?.data ?? 0, node.data, code.param);
  const parts = operands.map((o, i) => {
    const which = i as 0 | 1;
    const formula = localGradFormula(code.op, which, x, y ?? '', name, code.param);
    const value = which === 0 ? dx : dy;
    const head = `∂${name}/∂${o}`;
    // A constant derivative (`+` gives 1) would read `= 1 = 1.0000`; say it once.
    return Number(formula) === value ? `${head} = ${formula}` : `${head} = ${formula} = ${num(value)}`;
  });
  const lines = [`${name} = ${expressionText(code, operands)}: ${parts.join(', ')}`];
  if (node.inputs.length === 2 && node.inputs[0] === node.inputs[1]) {
    lines.push(`${x} is both operands, so both local derivatives add into its gradient`);
  }
  return lines;
}

/** An input as the user would write it: its variable name, else its label (`a*b`) in parentheses. */
function displayName(node: GraphNode): string {
  return operand(node.names[0] ?? node.label);
}

function operand(text: string): string {
  return /^([A-Za-z_]\w*|\d+(\.\d*)?)$/.test(text) ? text : `(${text})`;
}
