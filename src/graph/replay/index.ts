// Replays of micrograd's forward and backward passes on a cell's graph, for stepping
// through them in the panel: pure data, no UI. Every derivative comes from the
// engine's ops.ts, so the replay and backward() cannot disagree about calculus.

export type { BackwardOptions, BackwardReplay, ChainTerm, ForwardStep, GradRule, ReplayStep } from './types';
export { buildTopo } from './topo';
export { backwardReplay } from './backward';
export { backwardStepOf, stepAt, stepOfChange, topoStepOf } from './steps';
export { changesThrough, GradCursor, gradsAt } from './grads';
export { forwardReplay, forwardStepAt, forwardStepOf, type ForwardReplay } from './forward';
export { operandName } from './rowOps';
export { groupWalk, groupWalkStepOf, type GroupFlowIn, type GroupFlowOut, type GroupWalk, type GroupWalkStep } from './groupWalk';
export { NOT_SHOWN, placeRows } from './placement';
export { edgeDerivativeText, formulaName, type EdgeOperands } from './derivativeText';
