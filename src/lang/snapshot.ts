import { NodeFlag, NodeRef, Op, gradientsAgree, numericGradients, opLabel, type NodeId } from '../engine';
import type { GraphNode, NodeKind } from '../graph/model';
import type { Cell, Stmt } from './ast';
import { buildColumns } from './columns';
import { describeValue } from './describe';
import { pythonFloat } from './format';
import type { BindingSite, Output } from './runtime/activity';
import { isNum, plain, toFloat } from './runtime/numbers';
import { cellSeries } from './runtime/series';
import type { Py } from './runtime/objects';
import type { Runtime } from './runtime/runtime';
import type {
  Binding, CellCheck, CellResult, DefinitionSymbol, EvalOptions, NameReference, ParameterStrip, ValueHistory, ValueSnapshot,
} from './result';

// A cell's result as plain data, read off the tape when the cell ends, so that later
// cells changing data or grads do not change what this cell shows. Nodes are named by
// their serial, which survives the tape's compaction: the same Value has the same id
// in every cell of one evaluation.

export function snapshotCell(rt: Runtime, cell: Cell, options: EvalOptions): CellResult {
  const { tape } = rt;
  const a = rt.activity;
  const chosen = a.backwardTarget ?? a.drawTarget ?? a.lastStatement ?? outputAmong(rt, a.attributeTargets);
  const found = chosen ? tape.findSerial(chosen.serial) : -1;
  const output = found >= 0 ? chosen : null;
  const outputId = found >= 0 ? found : null;
  rt.previousOutput = output ? output.serial : null;

  // A cell that never handles gradients shows d(output)/d(node), computed fresh and
  // kept apart from the nodes' own grads so a later backward() starts from micrograd's
  // state, not ours.
  const fresh = outputId !== null && !a.ownsGradients ? tape.gradients(outputId) : null;
  const gradOf = (id: NodeId): number => (fresh ? (id < fresh.length ? fresh[id] : 0) : tape.grad(id));

  const namesOf = new Map<NodeId, string[]>();
  for (const c of rt.main.cells.values()) {
    const v = c.value;
    if (v instanceof NodeRef && v.id >= 0) {
      const list = namesOf.get(v.id);
      if (list) list.push(c.name); else namesOf.set(v.id, [c.name]);
    }
  }

  const graphIds = outputId !== null ? tape.trace(outputId) : [];
  const keepGraph = graphIds.length > 0 && graphIds.length <= (options.maxGraphNodes ?? DEFAULT_MAX_GRAPH_NODES);
  const keepColumns = graphIds.length > 0 && graphIds.length <= rt.columnRowsLeft;
  if (keepColumns) rt.columnRowsLeft -= graphIds.length;

  const sites = rt.cellSites(cell.index);
  const loads = sites.loads.filter((s) => s.last !== undefined);
  // A site's Value may have been reclaimed since, or moved: find its node by serial.
  const nodeOf = (s: { last: Py | undefined; lastSerial: number }): NodeId =>
    s.last instanceof NodeRef ? tape.findSerial(s.lastSerial) : -1;
  const bindingSites = sites.bindings.filter((s) => !s.inFunction);

  // Everything a hover in this cell can point at: the output, the variables the cell
  // bound, every Value it read, and their inputs for the local derivatives. Not their
  // whole ancestry: a chain carried through many cells would be copied once per cell.
  const kept = new Set<NodeId>(keepGraph ? graphIds : []);
  const pointed: NodeId[] = [];
  const point = (id: NodeId) => { if (id >= 0) pointed.push(id); };
  for (const s of loads) point(nodeOf(s));
  for (const s of bindingSites) point(nodeOf(s));
  for (const name of a.touched) {
    const v = rt.main.get(name);
    if (v instanceof NodeRef) point(v.id);
  }
  if (outputId !== null) pointed.push(outputId);
  for (const id of pointed) {
    kept.add(id);
    for (const input of tape.inputs(id)) kept.add(input);
  }
  // A typed array sorts numbers natively, without a comparator call per pair.
  const ids = Int32Array.from(kept).sort();
  const byId = new Map<NodeId, GraphNode>();
  const nodes = Array.from(ids, (id) => {
    const node = graphNode(rt, id, gradOf(id), namesOf);
    byId.set(id, node);
    return node;
  });

  const values: Record<string, ValueSnapshot> = {};
  for (const name of a.touched) {
    const v = rt.main.get(name);
    if (v instanceof NodeRef && v.id >= 0) values[name] = { data: tape.data(v.id), grad: gradOf(v.id) };
  }
  const outputName = output ? nameOf(rt, output, namesOf) : null;
  if (outputId !== null && outputName !== null && !(outputName in values)) {
    values[outputName] = { data: tape.data(outputId), grad: gradOf(outputId) };
  }

  const references = dedupeByRange(loads.map((s): NameReference => reference(rt, s.name, s.range, s.last!, nodeOf(s))));
  const bindings = bindingSites.map((s) => binding(rt, s, nodeOf(s)));

  return {
    index: cell.index,
    title: cell.title,
    range: cell.range,
    markerRange: cell.markerRange ?? null,
    output: outputName,
    outputNode: outputId !== null ? tape.serial(outputId) : null,
    ownsGradients: a.ownsGradients,
    hasError: false,
    values,
    printed: a.printed,
    printedDropped: a.printedDropped,
    backwardCalls: a.backwardCalls.map((c) => ({
      range: c.range,
      root: rootName(rt, c.root, namesOf),
      accumulated: c.accumulated,
      count: c.count,
    })),
    graph: outputId !== null && keepGraph
      ? { output: tape.serial(outputId), nodes: graphIds.map((id) => byId.get(id)!) }
      : null,
    graphSize: graphIds.length,
    columns: keepColumns ? buildColumns(rt, graphIds, gradOf, namesOf) : null,
    nodes,
    references,
    bindings,
    definitions: definitionsOf(cell.statements, false),
    gradFields: fresh ? [...kept].flatMap((id) => {
      const field = tape.grad(id);
      return field !== 0 && !Object.is(field, gradOf(id)) ? [{ node: tape.serial(id), grad: field }] : [];
    }) : [],
    check: outputId !== null && checksCell(options, cell.index) ? checkCell(rt, cell.index, outputId, graphIds, gradOf) : null,
    series: cellSeries(a.loops),
    plots: a.plots,
    parameters: parameterStrip(rt, gradOf),
  };
}

/** The heat strip: the last `.parameters()` list's Values as they are at the cell's end. */
function parameterStrip(rt: Runtime, gradOf: (id: NodeId) => number): ParameterStrip | null {
  const p = rt.activity.parameters;
  if (p === null) return null;
  const { tape } = rt;
  const data: number[] = [], grad: number[] = [];
  for (const v of p.list) {
    const x = plain(v);
    if (x instanceof NodeRef && x.id >= 0) {
      data.push(tape.data(x.id));
      grad.push(gradOf(x.id));
    } else {
      data.push(isNum(x) ? toFloat(x) : NaN);
      grad.push(NaN);
    }
  }
  return { label: p.label, range: p.range, data, grad };
}

function history(s: BindingSite): ValueHistory | null {
  if (s.numbers < 2) return null;
  return { first: s.first, last: s.latest, min: s.min, max: s.max, count: s.numbers, samples: s.samples!.sample().values };
}

/**
 * Function bodies run whenever they are called, in any cell: once the whole file has
 * run, each cell gets its functions' bindings as their last call left them.
 */
export function addFunctionBindings(rt: Runtime, cells: CellResult[]): void {
  for (const s of rt.bindingSites) {
    if (!s.inFunction) continue;
    const result = cells[s.cell];
    if (!result) continue;
    const id = s.last instanceof NodeRef ? rt.tape.findSerial(s.lastSerial) : -1;
    result.bindings.push(binding(rt, s, id));
    if (id >= 0 && !result.nodes.some((n) => n.id === s.lastSerial)) {
      const namesOf = new Map<NodeId, string[]>();
      result.nodes.push(graphNode(rt, id, rt.tape.grad(id), namesOf));
      for (const input of rt.tape.inputs(id)) {
        if (!result.nodes.some((n) => n.id === rt.tape.serial(input))) result.nodes.push(graphNode(rt, input, rt.tape.grad(input), namesOf));
      }
    }
  }
}

/** A site's record; `id` is its Value's node now, -1 if it holds no Value or the Value was reclaimed. */
function binding(rt: Runtime, s: BindingSite, id: NodeId): Binding {
  const v = s.last;
  return {
    name: s.name,
    range: s.range,
    node: id >= 0 ? rt.tape.serial(id) : null,
    display: v === undefined || id >= 0 ? null : v instanceof NodeRef ? `Value(data=${pythonFloat(s.lastData)})` : describeValue(rt, v),
    kind: s.kind,
    data: s.lastData,
    count: s.count,
    inFunction: s.inFunction,
    scope: s.scope,
    history: history(s),
  };
}

function reference(rt: Runtime, name: string, range: NameReference['range'], v: Py, id: NodeId): NameReference {
  if (id >= 0) return { name, range, node: rt.tape.serial(id), display: null };
  const display = v instanceof NodeRef ? 'a Value that was reclaimed (nothing refers to it any more)' : describeValue(rt, v);
  return { name, range, node: null, display };
}

/** A name read and then rebound on one line (`x += 1`) shows what it became. */
function dedupeByRange(refs: NameReference[]): NameReference[] {
  const byRange = new Map<string, NameReference>();
  for (const r of refs) byRange.set(`${r.range.start}:${r.range.end}`, r);
  return [...byRange.values()].sort((x, y) => x.range.start - y.range.start);
}

function graphNode(rt: Runtime, id: NodeId, grad: number, namesOf: Map<NodeId, string[]>): GraphNode {
  const { tape } = rt;
  const origin = rt.origins[tape.origin(id)];
  return {
    id: tape.serial(id),
    label: labelOf(rt, id),
    data: tape.data(id),
    grad,
    kind: kindOf(rt, id),
    op: tape.op(id) === Op.Leaf ? null : opLabel(tape.op(id), tape.param(id)),
    inputs: tape.inputs(id).map((input) => tape.serial(input)),
    names: namesOf.get(id) ?? [],
    definedAt: origin && !origin.library ? origin.range : null,
  };
}

/**
 * The lecture's label: a name or text the program gave, else an operation's source
 * text (`x1*w1`), a constant's text (`2`), or nothing for a Value() leaf, as micrograd.
 */
export function labelOf(rt: Runtime, id: NodeId): string {
  const { tape } = rt;
  const given = tape.label(id);
  if (given !== undefined) return given;
  const from = labelOrigin(rt, id);
  if (from >= 0) return rt.originLabel(from);
  const flags = tape.flags(id);
  if (tape.op(id) === Op.Leaf && (flags & NodeFlag.Constant) === 0) return '';
  const data = tape.data(id);
  return (flags & NodeFlag.DataInt) !== 0 ? String(data) : pythonFloat(data);
}

/**
 * The origin whose source text labels a node nothing named (labelOf), or -1 when it is
 * labelled otherwise: a Value() leaf (no label), a constant from library code (its number).
 */
export function labelOrigin(rt: Runtime, id: NodeId): number {
  const { tape } = rt;
  const isConstant = (tape.flags(id) & NodeFlag.Constant) !== 0;
  if (tape.op(id) === Op.Leaf && !isConstant) return -1;
  const originId = tape.origin(id);
  const origin = rt.origins[originId];
  return origin && !(isConstant && origin.library) ? originId : -1;
}

/** Largest output graph a cell keeps for drawing, unless EvalOptions.maxGraphNodes says otherwise. */
export const DEFAULT_MAX_GRAPH_NODES = 2_000;

/** Central-difference step and tolerance of `gradlens check`. */
export const CHECK_STEP = 1e-6;
export const CHECK_TOLERANCE = 1e-4;
/** Largest graph checked: each of its values is nudged twice, and each nudge recomputes the graph. */
export const CHECK_MAX_VALUES = 2_000;

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
  rt: Runtime, index: number, output: NodeId, graphIds: readonly NodeId[], shownGrad: (id: NodeId) => number,
): CellCheck {
  const { tape } = rt;
  const size = graphIds.length;
  if (size > CHECK_MAX_VALUES) return { cell: index, tolerance: CHECK_TOLERANCE, skipped: { reason: 'too-large', size }, values: [] };
  if (isStale(rt, graphIds)) return { cell: index, tolerance: CHECK_TOLERANCE, skipped: { reason: 'stale', size }, values: [] };
  const targets = graphIds.filter((id) => (tape.flags(id) & NodeFlag.Constant) === 0);
  const numeric = numericGradients(tape, output, targets, CHECK_STEP);
  const values = targets.map((node, i) => {
    const shown = shownGrad(node);
    const origin = rt.origins[tape.origin(node)];
    return {
      node: tape.serial(node),
      label: labelOf(rt, node),
      definedAt: origin && !origin.library ? origin.range : null,
      shown,
      numeric: numeric[i],
      ok: gradientsAgree(shown, numeric[i], CHECK_TOLERANCE),
    };
  });
  return { cell: index, tolerance: CHECK_TOLERANCE, skipped: null, values };
}

/** Why a cell's gradients were not checked, in words (the command line's and the editor's). */
export function skippedReason(skipped: NonNullable<CellCheck['skipped']>): string {
  const size = skipped.size.toLocaleString('en-US');
  return skipped.reason === 'too-large'
    ? `its graph has ${size} values, too many to nudge one by one (the check takes graphs up to ${CHECK_MAX_VALUES.toLocaleString('en-US')})`
    : 'its data changed after backward() (an optimisation step), so the gradients shown belong to the data before the step';
}

/** Whether a leaf changed after the graph was built: recomputing it from its leaves gives other data. */
function isStale(rt: Runtime, graphIds: readonly NodeId[]): boolean {
  const { tape } = rt;
  const top = graphIds[graphIds.length - 1];
  const replayed = new Float64Array(top + 1);
  tape.replay(graphIds, replayed);
  return graphIds.some((id) => !Object.is(replayed[id], tape.data(id)) && !(Number.isNaN(replayed[id]) && Number.isNaN(tape.data(id))));
}

/** A cell that never ran (evaluation stopped at a bound before it). */
export function emptyCell(cell: Cell): CellResult {
  return {
    index: cell.index, title: cell.title, range: cell.range, markerRange: cell.markerRange ?? null,
    output: null, outputNode: null, ownsGradients: false, hasError: false, values: {}, printed: [], printedDropped: 0,
    backwardCalls: [], graph: null, graphSize: 0, columns: null, nodes: [], references: [], bindings: [],
    definitions: definitionsOf(cell.statements, false), gradFields: [], check: null,
    series: [], plots: [], parameters: null,
  };
}

/**
 * The output of a cell that only sets attributes: the previous cell's output if its
 * graph holds every Value set (the lecture's cell of hand-set grads keeps L), else the
 * set Value whose graph holds the others, else the one made last.
 */
function outputAmong(rt: Runtime, targets: readonly Output[]): Output | null {
  const { tape } = rt;
  const live = targets.filter((t) => tape.findSerial(t.serial) >= 0);
  if (live.length === 0) return null;
  const ids = live.map((t) => tape.findSerial(t.serial));
  const holdsAll = (root: NodeId) => {
    const graph = new Set(tape.trace(root));
    return ids.every((id) => graph.has(id));
  };
  const previous = rt.previousOutput === null ? -1 : tape.findSerial(rt.previousOutput);
  if (previous >= 0 && holdsAll(previous)) return { serial: rt.previousOutput!, name: null };
  const byAge = [...live].sort((x, y) => y.serial - x.serial);
  return byAge.find((t) => holdsAll(tape.findSerial(t.serial))) ?? byAge[0];
}

/** What an inline hint calls a backward() root: its variable's name, else its label. */
function rootName(rt: Runtime, serial: number, namesOf: Map<NodeId, string[]>): string {
  const id = rt.tape.findSerial(serial);
  return id < 0 ? '' : namesOf.get(id)?.[0] ?? labelOf(rt, id);
}

/** The defs and classes of a body, with a class's methods as its children, for the Outline. */
function definitionsOf(body: readonly Stmt[], inClass: boolean): DefinitionSymbol[] {
  const out: DefinitionSymbol[] = [];
  for (const s of body) {
    if (s.kind === 'def') {
      out.push({ kind: inClass ? 'method' : 'function', name: s.name, range: s.range, selectionRange: s.nameRange, children: [] });
    } else if (s.kind === 'class') {
      out.push({ kind: 'class', name: s.name, range: s.range, selectionRange: s.nameRange, children: definitionsOf(s.body, true) });
    } else if (s.kind === 'if' || s.kind === 'for' || s.kind === 'while') {
      out.push(...definitionsOf(s.body, inClass), ...definitionsOf(s.orelse, inClass));
    }
  }
  return out;
}

function kindOf(rt: Runtime, id: NodeId): NodeKind {
  if ((rt.tape.flags(id) & NodeFlag.Constant) !== 0) return 'constant';
  return rt.tape.op(id) === Op.Leaf ? 'leaf' : 'result';
}

/** The output's variable name, else its label. */
function nameOf(rt: Runtime, output: Output, namesOf: Map<NodeId, string[]>): string {
  if (output.name !== null) return output.name;
  return rootName(rt, output.serial, namesOf);
}
