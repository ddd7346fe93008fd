export { humanDuration, requireWithinBudget } from './budget.js';
export {
  isKramersError,
  KramersError,
  type KramersErrorCode,
  type KramersIssue,
  pointAt,
  type SourceSpan,
} from './errors.js';
export {
  adaptiveGaussLegendre,
  gaussLegendre,
  gaussLegendreRule,
  type QuadratureResult,
} from './gaussLegendre.js';
export { combineRetcodes } from './retcode.js';
export { studentT975 } from './studentT.js';
export { aboveTolerance } from './tolerance.js';
export type {
  DriftField,
  Dynamics,
  ExpressionProgram,
  Potential1D,
  PotentialND,
  ProgramFunction,
  ProgramOperand,
  ProgramStep,
  RetCode,
} from './types.js';
export {
  type Box,
  type Domain,
  parseBox,
  parseDomain,
  requireCount,
  requireDomain,
  requireFinite,
  requireNonNegative,
  requirePositive,
} from './validate.js';
export {
  Body,
  encodeModule,
  F64,
  type FunctionType,
  I32,
  type ModuleSpec,
  OP,
  SIMD,
  V128,
  type ValueType,
} from './wasmEncoder.js';
