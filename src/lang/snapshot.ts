import { Op, checkGradients, gradientsAgree, opLabel, type NodeId } from '../engine';
import type { CellGraph, GraphNode, NodeKind } from '../graph/model';
import type { Cell } from './ast';
import type { CellActivity, Interpreter, Output } from './interpreter';
import type { CellCheck, CellResult, EvalOptions, ValueSnapshot } from './result';

/**
 * A cell's result as plain data, read off the tape when the cell ends, so later cells
 * changing data or grads do not change what this cell shows.
 */
export function snapshotCell(interp: Interpreter, cell: Cell, activity: CellActivity, options: EvalOptions): CellResult {
  const { tape, scope } = interp;
  const output = activity.backwardTarget ?? activity.drawTarget ?? activity.lastStatement ?? activity.attributeTarget;

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

  // Everything a hover in this cell can point at: the output, the variables the cell
  // bound, and every Value it read (even one a later statement replaced).
  const roots = new Set<NodeId>(activity.references.map((r) => r.node));
  for (const name of activity.touched) {
    const id = scope.get(name);
    if (id !== undefined) roots.add(id);
  }
  if (output) roots.add(output.node);
  const nodes = tape.trace([...roots]).map((id): GraphNode => ({
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
    graph: output ? graphOf(interp, output.node, nodes) : null,
    nodes,
    references: activity.references,
    bindings: activity.bindings,
    gradFields: fresh ? nodes.flatMap((n) => {
      const field = tape.grad(n.id);
      return field !== 0 && !Object.is(field, n.grad) ? [{ node: n.id, grad: field }] : [];
    }) : [],
    check: output && options.checkGradients ? checkCell(interp, cell.index, output.node, gradOf) : null,
  };
}

/** Central-difference step and tolerance of `gradlens check`. */
export const CHECK_STEP = 1e-6;
export const CHECK_TOLERANCE = 1e-4;

/**
 * Checks, for each leaf the user made (constants are skipped), the gradient the cell
 * shows against a central difference of its output. What the cell shows is what a
 * learner reads and may have written by hand (`a.grad = -2.0 * -3.0`), so a wrong
 * hand-set gradient, or grads left stale or doubled by backward(), fail the check.
 */
function checkCell(interp: Interpreter, index: number, output: NodeId, shownGrad: (id: NodeId) => number): CellCheck {
  const leaves = checkGradients(interp.tape, output, { step: CHECK_STEP, tolerance: CHECK_TOLERANCE })
    .filter((leaf) => !interp.constants.has(leaf.node))
    .map((leaf) => {
      const analytic = shownGrad(leaf.node);
      return {
        node: leaf.node,
        label: interp.tape.label(leaf.node) ?? '',
        analytic,
        numeric: leaf.numeric,
        ok: gradientsAgree(analytic, leaf.numeric, CHECK_TOLERANCE),
      };
    });
  return { cell: index, tolerance: CHECK_TOLERANCE, leaves };
}

/** A cell that never ran (evaluation stopped at a bound before it). */
export function emptyCell(cell: Cell): CellResult {
  return {
    index: cell.index, title: cell.title, range: cell.range, markerRange: cell.markerRange ?? null,
    output: null, outputNode: null, ownsGradients: false, hasError: false, values: {}, printed: [], graph: null,
    nodes: [], references: [], bindings: [], gradFields: [], check: null,
  };
}

function graphOf(interp: Interpreter, output: NodeId, nodes: GraphNode[]): CellGraph {
  const inGraph = new Set(interp.tape.trace(output));
  return { output, nodes: nodes.filter((n) => inGraph.has(n.id)) };
}

function kindOf(interp: Interpreter, id: NodeId): NodeKind {
  if (interp.constants.has(id)) return 'constant';
  return interp.tape.op(id) === Op.Leaf ? 'leaf' : 'result';
}

/** The output's variable name, else its label. */
function nameOf(interp: Interpreter, output: Output): string {
  return output.name ?? interp.tape.label(output.node) ?? '';
}
