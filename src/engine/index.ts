export { Op, arity, opLabel, opFromLabel, forward, accumulateGrad, localGrads, localGradFormula } from './ops';
export { Tape, type NodeId } from './tape';
export { Value } from './value';
export { checkGradients, gradientsAgree, numericGradients, type LeafGradient, type GradCheckOptions } from './gradcheck';
