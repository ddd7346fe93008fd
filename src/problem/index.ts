export { remember } from './memo.js';
export {
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
  type EscapeProblem,
  isPrepared,
  type PotentialSummary,
  type PreparedProblem,
  type PrepareOptions,
  prepare,
  requireExpression,
  varyProblem,
} from './prepare.js';
export {
  crossing,
  type FarSide,
  type PreparedTransition,
  passageKey,
  prepareTransition,
  type TransitionGeometry,
  type TransitionProblem,
  type TransitionSpec,
  transitionGeometry,
  transitionOf,
  varyTransition,
} from './transition.js';
