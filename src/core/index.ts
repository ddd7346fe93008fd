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
export type { Dynamics, Potential1D, PotentialND, RetCode } from './types.js';
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
