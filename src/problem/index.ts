export { type BoxWallsND, boxWallsND } from './boxWallsND.js';
export {
  checkProblem,
  checkSettings,
  DRIFT_KEYS,
  ESCAPE_KEYS,
  ESCAPE_ND_KEYS,
  keysOf,
  type MissingKeys,
  PASSAGE_DRIFT_KEYS,
  PASSAGE_KEYS,
  PASSAGE_ND_KEYS,
} from './check.js';
export { prepareAny, transitionOfAny } from './door.js';
export { wallsGovernDrift } from './driftWalls.js';
export { remember } from './memo.js';
export {
  type PassageSpecDrift,
  type PreparedPassageDrift,
  passageOfDrift,
  quasiPotentialHessian,
} from './passageDrift.js';
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
  type DriftProblemND,
  type DriftSummary,
  type GibbsStructure,
  isPreparedDrift,
  type PreparedDriftProblem,
  prepareDrift,
  varyDriftProblem,
} from './prepareDrift.js';
export {
  coordinatesIn,
  type EscapeProblemND,
  isNDProblem,
  isPreparedND,
  MAX_DIMENSION,
  type NDimension,
  type PreparedProblemND,
  prepareND,
  varyProblemND,
} from './prepareND.js';
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
export {
  type PreparedTransitionDrift,
  quasiPotentialOf,
  quasiPotentialOver,
  type SaddleJoin,
  saddleJoins,
  type TransitionSpecDrift,
  transitionOfDrift,
} from './transitionDrift.js';
export {
  channelsND,
  type PreparedTransitionND,
  passageKeyND,
  type TargetND,
  type TargetRegion,
  type TransitionGeometryND,
  type TransitionSpecND,
  transitionOfND,
} from './transitionND.js';
