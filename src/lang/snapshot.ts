import { Op, gradientsAgree, numericGradients, opLabel, type NodeId } from '../engine';
import type { GraphNode, NodeKind } from '../graph/model';
import type { Cell } from './ast';
import type { CellActivity, Interpreter, Output } from './interpreter';
import type { CellCheck, CellResult, EvalOptions, ValueSnapshot } from './result';

/**
 * A cell's result as plain data, read off the tape when the cell ends, so later cells
 * changing data or grads do not change what this cell shows.
 */
export function snapshotCell(interp: Interpreter, cell: Cell, activity: CellActivity, options: EvalOptions): CellResult {
  const { tape, scope } = interp;
  const output = activity.backwardTarget ?? activity.drawTarget ?? activity.lastStatement
    ?? outputAmong(interp, activity.attributeTargets);
  interp.previousOutput = output;

  // A cell that never handles gradients shows d(output)/d(node), computed fresh and
  // kept apart from the nodes' own grads so a later backward() starts from micrograd's
  // state, not ours.
  const fresh = output && !activity.ownsGradients ? tape.gradients(output.node) : null;
  const gradOf = (id: NodeId): number => (fresh ? (id < fresh.length ? fresh[id] : 0) : tape.grad(id));

  const namesOf = new Map<NodeId, string[]>();
  for (const [name, id] of scope) {
    const list = namesOf.get(id);
    if (list) list.push(name); else namesOf.set(id, [name]);
  }

  const graphIds = output ? tape.trace(output.node) : [];
  const keepGraph = graphIds.length > 0 && graphIds.length <= (options.maxGraphNodes ?? DEFAULT_MAX_GRAPH_NODES);

  // Everything a hover in this cell can point at: the output, the variables the cell
  // bound, every Value it read (even one a later statement replaced), and their inputs
  // for the local derivatives. Not their whole ancestry: a chain carried through many
  // cells would be copied once per cell.
  const kept = new Set<NodeId>(keepGraph ? graphIds : []);
  const pointed = activity.references.map((r) => r.node);
  for (const name of activity.touched) {
    const id = scope.get(name);
    if (id !== undefined) pointed.push(id);
  }
  if (output) pointed.push(output.node);
  for (const id of pointed) {
    kept.add(id);
    for (const input of tape.inputs(id)) kept.add(input);
  }
  const nodes = [...kept].sort((x, y) => x - y).map((id): GraphNode => ({
    id,
    label: tape.label(id) ?? '',
    data: tape.data(id),
    grad: gradOf(id),
    kind: kindOf(interp, id),
    op: tape.op(id) === Op.Leaf ? null : opLabel(tape.op(id), tape.param(id)),
    inputs: tape.inputs(id),
    names: namesOf.get(id) ?? [],
    definedAt: interp.definedAt.get(id) ?? null,
  }));

  const byId = new Map(nodes.map((n) => [n.id, n]));

  const values: Record<string, ValueSnapshot> = {};
  for (const name of activity.touched) {
    const id = scope.get(name);
    if (id !== undefined) values[name] = { data: tape.data(id), grad: gradOf(id) };
  }
  const outputName = output ? nameOf(interp, output) : null;
  if (output && outputName !== null && !(outputName in values)) {
    values[outputName] = { data: tape.data(output.node), grad: gradOf(output.node) };
  }

  return {
    index: cell.index,
    title: cell.title,
    range: cell.range,
    markerRange: cell.markerRange ?? null,
    output: outputName,
    outputNode: output ? output.node : null,
    ownsGradients: activity.ownsGradients,
    hasError: false,
    values,
    printed: activity.printed,
    backwardCalls: activity.backwardCalls,
    graph: output && keepGraph ? { output: output.node, nodes: graphIds.map((id) => byId.get(id)!) } : null,
    graphSize: graphIds.length,
    nodes,
    references: activity.references,
    bindings: activity.bindings,
    gradFields: fresh ? nodes.flatMap((n) => {
      const field = tape.grad(n.id);
      return field !== 0 && !Object.is(field, n.grad) ? [{ node: n.id, grad: field }] : [];
    }) : [],
    check: output && checksCell(options, cell.index) ? checkCell(interp, cell.index, output.node, graphIds, gradOf) : null,
  };
}

/** Largest output graph a cell keeps for drawing, unless EvalOptions.maxGraphNodes says otherwise. */
export const DEFAULT_MAX_GRAPH_NODES = 2_000;

/** Central-difference step and tolerance of `gradlens check`. */
export const CHECK_STEP = 1e-6;
export const CHECK_TOLERANCE = 1e-4;

function checksCell(options: EvalOptions, index: number): boolean {
  return options.checkGradients === true || options.checkGradients === index;
}

/**
 * Checks, for each Value of the output's graph but the constants, the gradient the
 * cell shows against a central difference of its output. What the cell shows is what a
 * learner reads and may have written by hand (`d.grad = -2.0`), so a wrong hand-set
 * gradient, or grads left stale or doubled by backward(), fail the check.
 */
function checkCell(
  interp: Interpreter, index: number, output: NodeId, graphIds: readonly NodeId[], shownGrad: (id: NodeId) => number,
): CellCheck {
  const targets = graphIds.filter((id) => !interp.constants.has(id));
  const numeric = numericGradients(interp.tape, output, targets, CHECK_STEP);
  const values = targets.map((node, i) => {
    const shown = shownGrad(node);
    return {
      node,
      label: interp.tape.label(node) ?? '',
      definedAt: interp.definedAt.get(node) ?? null,
      shown,
      numeric: numeric[i],
      ok: gradientsAgree(shown, numeric[i], CHECK_TOLERANCE),
    };
  });
  return { cell: index, tolerance: CHECK_TOLERANCE, values };
}

/** A cell that never ran (evaluation stopped at a bound before it). */
export function emptyCell(cell: Cell): CellResult {
  return {
    index: cell.index, title: cell.title, range: cell.range, markerRange: cell.markerRange ?? null,
    output: null, outputNode: null, ownsGradients: false, hasError: false, values: {}, printed: [], backwardCalls: [], graph: null, graphSize: 0,
    nodes: [], references: [], bindings: [], gradFields: [], check: null,
  };
}

/**
 * The output of a cell that only sets attributes: the previous cell's output if its
 * graph holds every Value set (the lecture's cell of hand-set grads keeps L), else the
 * set Value whose graph holds the others, else the one made last.
 */
function outputAmong(interp: Interpreter, targets: readonly Output[]): Output | null {
  if (targets.length === 0) return null;
  const holdsAll = (root: NodeId) => {
    const graph = new Set(interp.tape.trace(root));
    return targets.every((t) => graph.has(t.node));
  };
  const previous = interp.previousOutput;
  if (previous !== null && holdsAll(previous.node)) return previous;
  const byAge = [...targets].sort((x, y) => y.node - x.node);
  return byAge.find((t) => holdsAll(t.node)) ?? byAge[0];
}

function kindOf(interp: Interpreter, id: NodeId): NodeKind {
  if (interp.constants.has(id)) return 'constant';
  return interp.tape.op(id) === Op.Leaf ? 'leaf' : 'result';
}

/** The output's variable name, else its label. */
function nameOf(interp: Interpreter, output: Output): string {
  return output.name ?? interp.tape.label(output.node) ?? '';
}
