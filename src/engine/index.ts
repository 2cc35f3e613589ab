export { Op, LAST_OP, arity, opLabel, opFromLabel, forward, accumulateGrad, localGrads, localGradFormula, forwardIsInt, contributionIsInt } from './ops';
export { Tape, NodeRef, NodeFlag, BackwardFlag, acquireTape, releaseTape, type NodeId } from './tape';
export { Value } from './value';
export { checkGradients, gradientsAgree, numericGradients, type LeafGradient, type GradCheckOptions } from './gradcheck';
