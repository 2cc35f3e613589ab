import type { GraphColumns } from '../src/graph/columns';
import { backwardReplay, forwardReplay, forwardStepAt, NOT_SHOWN, operandName, placeRows, stepAt, type ChainTerm } from '../src/graph/replay';
import { groupSteps } from './stepGroups';
import type { SummaryView } from '../src/graph/summary';
import type { StepMode } from '../src/shared/protocol';
import { compact } from './stepFormat';
import type { ReplayAnswer, ReplayStep, StepTerm, StepWrite } from './stepMessages';

// In the layout worker: the replay of the drawing on screen (src/graph/replay/, the one
// replay, whose derivatives are the engine's) turned into the page's steps, with their
// texts written. A drawing of every Value walks node by node; a summary walks its drawn
// items, a closed group of thousands of Values as one step, so a 66,000-Value training
// step is a walk of a few hundred steps, never one per Value.

/** The drawing a walk is of: its view, and the DOT id of each drawn row. */
export interface WalkedView {
  view: SummaryView;
  /** DOT id of each closed group, by its index in view.groups. */
  groupIds: string[];
}

export function replayAnswer(id: number, mode: StepMode, columns: GraphColumns, drawn: WalkedView, precision: number): ReplayAnswer {
  const { view } = drawn;
  const within = withinOf(view);
  const initial: StepWrite[] = view.rows.map((row) => ({ dotId: dotIdOf(columns, row), data: mode === 'forward' ? null : columns.data[row], grad: 0, wrong: 0 }));
  const num = (x: number): string => compact(x, precision);
  const steps = mode === 'forward'
    ? forwardSteps(columns, drawn, within, num)
    : view.whole
      ? backwardSteps(columns, within, num)
      : groupSteps(columns, drawn, within, num);
  return { type: 'replayed', id, mode, whole: view.whole, initial, steps };
}

export function dotIdOf(columns: GraphColumns, row: number): string {
  return `n${columns.id[row]}`;
}

/** The keys of the open groups each drawn row and closed group sits in, innermost first. */
export function withinOf(view: SummaryView): { rows: Map<number, string[]>; groups: string[][] } {
  const chain = (cluster: number): string[] => {
    const keys: string[] = [];
    for (let c = cluster; c >= 0; c = view.clusters[c].cluster) keys.push(view.clusters[c].key);
    return keys;
  };
  const rows = new Map<number, string[]>();
  view.rows.forEach((row, i) => rows.set(row, chain(view.rowCluster[i])));
  return { rows, groups: view.groups.map((g) => chain(g.cluster)) };
}

export type Within = ReturnType<typeof withinOf>;

/** `e = a * b`, `o = tanh(n)`, `c = a**2`: how the row was computed. */
export function expression(columns: GraphColumns, row: number): string {
  const name = operandName(columns, row);
  const op = columns.op[row] >= 0 ? (columns.ops[columns.op[row]] ?? '?') : null;
  if (op === null) return name;
  const x = columns.input0[row] >= 0 ? operandName(columns, columns.input0[row]) : '';
  const y = columns.input1[row] >= 0 ? operandName(columns, columns.input1[row]) : '';
  if (y !== '') return `${name} = ${x} ${op} ${y}`;
  return op.startsWith('**') ? `${name} = ${x}${op}` : `${name} = ${op}(${x})`;
}

export function isLeafLike(columns: GraphColumns, row: number): boolean {
  return columns.op[row] < 0;
}

function backwardSteps(columns: GraphColumns, within: Within, num: (x: number) => string): ReplayStep[] {
  const add = backwardReplay(columns, { rule: 'add' });
  const wrong = backwardReplay(columns, { rule: 'assign' });
  const t = add.topo.length;
  const out = t > 0 ? operandName(columns, add.topo[t - 1]) : 'L';
  const steps: ReplayStep[] = [];
  for (let k = 0; k < add.stepCount; k++) {
    const step = stepAt(add, k);
    const row = step.row;
    const dotId = dotIdOf(columns, row);
    const base = { dotId, nodeId: columns.id[row], groupKey: null, within: within.rows.get(row) ?? [], inputs: [] as string[], terms: [] as StepTerm[], writes: [] as StepWrite[], order: null as number | null };
    const name = operandName(columns, row);
    if (step.kind === 'topo') {
      steps.push({
        ...base,
        kind: 'topo',
        title: `build_topo appends ${name}: number ${step.position + 1} of ${t}`,
        detail: [
          step.position === 0
            ? `backward() first sorts the graph: build_topo(${out}) visits every Value's inputs before it appends the Value, so each Value comes after everything it depends on.`
            : isLeafLike(columns, row)
              ? `${name} has no inputs, so it is appended as soon as it is visited.`
              : `Every input of ${name} is already in the order, so ${name} is appended after them.`,
        ],
        order: step.position + 1,
      });
    } else if (step.kind === 'seed') {
      steps.push({
        ...base,
        kind: 'seed',
        title: `${out}.grad = 1`,
        detail: [`The walk starts at the output: ∂${out}/∂${out} = 1. Then it calls _backward() on each Value in reversed(topo): ${out} first, the inputs last. Every grad not reached yet is still 0.`],
        writes: [{ dotId, grad: 1, wrong: 1 }],
      });
    } else {
      const wrongStep = stepAt(wrong, k);
      const wrongTerms = wrongStep.kind === 'backward' ? wrongStep.terms : [];
      const terms = step.terms.map((term, i) => chainTerm(columns, row, out, term, wrongTerms[i], num));
      const expr = expression(columns, row);
      const detail = step.terms.length === 0
        ? [`${name} is ${columns.kind[row] === 1 ? 'a constant' : 'a leaf'}: its _backward does nothing. ∂${out}/∂${name} = ${num(step.grad)} is final.`]
        : [
            `Its _backward sends ∂${out}/∂${name} = ${num(step.grad)} to each input, times the input's local derivative (the chain rule), and adds the product to the input's grad.`,
            ...(new Set(step.terms.map((x) => x.row)).size < step.terms.length ? [`${operandName(columns, step.terms[0].row)} is used twice: its two contributions add up.`] : []),
          ];
      steps.push({
        ...base,
        kind: step.terms.length === 0 ? 'leaf' : 'node',
        title: `${step.position + 1} of ${t}: ${name}._backward()${step.terms.length === 0 ? '' : ` (${expr})`}`,
        detail,
        inputs: [...new Set(terms.map((x) => x.dotId))],
        terms,
        writes: terms.map((x) => ({ dotId: x.dotId, grad: x.after, wrong: x.wrongAfter })),
      });
    }
  }
  return steps;
}

function chainTerm(columns: GraphColumns, node: number, out: string, term: ChainTerm, wrong: ChainTerm | undefined, num: (x: number) => string): StepTerm {
  const a = operandName(columns, term.row);
  const e = operandName(columns, node);
  return {
    dotId: dotIdOf(columns, term.row),
    nodeId: columns.id[term.row],
    text: `∂${out}/∂${a} += ∂${out}/∂${e} · ∂${e}/∂${a} = ${num(term.upstream)} · ${num(term.local)} = ${num(term.value)}`,
    formula: `∂${e}/∂${a} = ${term.formula}`,
    before: term.gradBefore,
    after: term.gradAfter,
    wrongBefore: wrong?.gradBefore ?? term.gradBefore,
    wrongAfter: wrong?.gradAfter ?? term.gradAfter,
    lost: wrong?.lost ?? false,
  };
}

function forwardSteps(columns: GraphColumns, drawn: WalkedView, within: Within, num: (x: number) => string): ReplayStep[] {
  const { view } = drawn;
  const replay = forwardReplay(columns);
  const place = view.whole ? null : placeRows(columns, view);
  const seen = new Set<number>();
  const steps: ReplayStep[] = [];
  for (let k = 0; k < replay.stepCount; k++) {
    const item = place === null ? k : place[k];
    if (item === NOT_SHOWN || seen.has(item)) continue;
    seen.add(item);
    if (item < 0) {
      const g = ~item;
      const group = view.groups[g];
      steps.push({
        kind: 'group',
        title: `${group.title}: ${group.values.toLocaleString('en-US')} values computed`,
        detail: group.outputs.rows.map((r) => `${operandName(columns, r)}.data = ${num(columns.data[r])}`),
        dotId: drawn.groupIds[g],
        nodeId: null,
        groupKey: group.key,
        within: within.groups[g],
        inputs: [],
        terms: [],
        writes: [],
        order: null,
      });
      continue;
    }
    const step = forwardStepAt(replay, k);
    const name = operandName(columns, k);
    const inputs = step.inputs.map((r) => dotIdOf(columns, r));
    const expr = expression(columns, k);
    const values = step.inputData.map(num);
    const computed = step.op === null
      ? columns.kind[k] === 1 ? `${name}: a constant` : `${name} = ${num(step.data)}`
      : `${expr} = ${step.inputs.length === 2 ? `${values[0]} ${step.op} ${values[1]}` : step.op.startsWith('**') ? `${values[0]}${step.op}` : `${step.op}(${values[0]})`} = ${num(step.data)}`;
    steps.push({
      kind: 'forward',
      title: computed,
      detail: [step.op === null
        ? `${name} is ${columns.kind[k] === 1 ? 'a constant written in an expression' : 'a leaf'}: its data is given, not computed.`
        : `${name} is computed from its inputs, which were all computed before it.`],
      dotId: dotIdOf(columns, k),
      nodeId: columns.id[k],
      groupKey: null,
      within: within.rows.get(k) ?? [],
      inputs,
      terms: [],
      writes: [{ dotId: dotIdOf(columns, k), data: step.data }],
      order: null,
    });
  }
  return steps;
}

