/**
 * Routes: every way the library computes one escape rate, each in its own file, all returning the
 * same result shape ({@link RouteResult} and its typed extras), each with its catalogue entry.
 * Closed forms sit on rates/, exact routes on exact1d/ and spectral/, sampling routes on
 * simulation/; studies (rate comparisons, turnover, resonance, …) are built from these.
 */
export { type AmsRouteResult, type AmsSettings, amsInfo, runAms } from './ams.js';
export { type AmsSettingsND, amsNDRoute, runAmsND } from './amsND.js';
export type { BouchetReygnerResult } from './bouchetReygner.js';
export {
  DRIFT_ROUTES,
  type MethodKey,
  methodCatalogue,
  methodInfo,
  ND_ROUTES,
  ND_SAMPLING_ROUTES,
  ROUTES,
  type RouteKey,
  type RouteKeyDrift,
  type RouteKeyND,
  type RouteResultOf,
  type RouteResultOfND,
} from './catalogue.js';
export type { ClosedFormResult } from './closedForm.js';
export {
  directRouteND,
  type GrowthRateOf,
  type HarmonicResultND,
  type HarmonicRouteND,
  harmonicNetwork,
  harmonicRouteND,
  type SaddleChannel,
} from './closedFormND.js';
export type { CorrectedResult } from './corrected.js';
export type { ExactResult } from './exact.js';
export { exactDriftRoute } from './exactDrift.js';
export { type ExactResultND, exactNDRoute, type GridRouteOptions } from './exactND.js';
export type { DriftRouteResult } from './eyringKramersGibbs.js';
export type { FluxOverPopulationRouteResult } from './fluxOverPopulation.js';
export {
  budgetedLadder,
  DEFAULT_FINEST_NODES,
  gridNotApplicable,
  gridProblemOf,
  MAX_FINEST_NODES,
  SECONDS_PER_BAND_OPERATION,
} from './gridND.js';
export type { InertialResult } from './inertial.js';
export { type InertialContext, inertialContext } from './inertialContext.js';
export {
  type KleinKramersRouteResult,
  kleinKramersCost,
  type RelaxationGeometry,
  relaxationGeometry,
} from './kleinKramers.js';
export type {
  MethodDynamics,
  MethodInfo,
  MethodKind,
  Route,
  RouteDrift,
  RouteND,
  RouteOptions,
} from './method.js';
export {
  batchedWalkers,
  checkRelaxationSettings,
  type RelaxationResult,
  type RelaxationSettings,
  relaxationInfo,
  runRelaxation,
} from './relaxation.js';
export { guarded, notApplicableResult, type RouteResult } from './result.js';
export {
  type CompletedChunk,
  defaultTimeStep,
  inertialRatesOf,
  maxCurvatureOf,
  type RunOptions,
  requireCount,
  requireSeed,
  runSimulation,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
  simulationInfo,
} from './simulation.js';
export { configOfDrift, defaultStepDrift, runSimulationDrift } from './simulationDrift.js';
export {
  configOfND,
  type PathSamplingND,
  runSimulationND,
  samplePathsOfND,
  simulationNDRoute,
  targetConditionsOf,
} from './simulationND.js';
export type { SpectralResult } from './spectral.js';
export { spectralNDRoute } from './spectralND.js';
