/**
 * Time-dependent driving. Periodic drives: two-state and Fokker–Planck linear response, measured
 * response from trajectories, quasi-static rate helpers. Force spectroscopy: a bond pulled by a
 * force ramped at a constant loading rate, with the Bell–Evans and Dudko–Hummer–Szabo rates, the
 * rupture-force distribution of any force-dependent rate, the exact rate of an actual tilted
 * potential, and a maximum-likelihood fit of DHS to measured rupture forces.
 */
export { bellEvansLogRate, bellEvansMeanForce, scaledExponentialIntegral } from './bellEvans.js';
export {
  type BondParameters,
  requireBond,
  requireLoadingRate,
  requireNu,
} from './bondParameters.js';
export { type ChebyshevTable, chebyshevTable, evaluateTable } from './chebyshevTable.js';
export {
  type DhsApproximateForce,
  dhsApproximateForce,
  dhsCriticalForce,
  dhsIntegratedHazard,
  dhsLogDensity,
  dhsLogRate,
  dhsLogRateUnchecked,
  drawDhsRuptureForces,
} from './dudkoHummerSzabo.js';
export {
  type DhsFit,
  type DhsFitProblem,
  type FittedValue,
  fitDhs,
  type RuptureObservation,
} from './fitDhs.js';
export {
  type FokkerPlanckModes,
  type LinearResponse,
  linearResponse,
} from './linearResponse.js';
export { type PeriodicResponseMeasure, periodicResponse } from './periodicResponse.js';
export {
  type RuptureForceCurve,
  type RuptureForceInput,
  type RuptureForceStatistics,
  ruptureForceStatistics,
} from './ruptureForces.js';
export {
  type TiltedPoint,
  type TiltedRate,
  type TiltedRateProblem,
  type TiltedRateRoute,
  tiltedRate,
} from './tiltedRate.js';
export {
  type TwoStateProblem,
  type TwoStateResponse,
  twoStateResponse,
} from './twoStateResponse.js';
