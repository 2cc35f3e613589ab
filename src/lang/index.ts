export { evaluate, DEFAULT_MAX_NODES, DEFAULT_TIME_BUDGET_MS } from './evaluate';
export { parse } from './parser';
export { LineIndex, type Position, type SourceRange } from './source';
export type { Diagnostic, Severity } from './diagnostics';
export type * from './result';
export { pythonFloat, fixed, MAX_PRECISION } from './format';
export { skippedReason } from './snapshot';
