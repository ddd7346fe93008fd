/**
 * kramers: thermally activated escape over barriers. The public door: everything a user of the
 * library may import is named here (architecture.md, "one door per module").
 */
export {
  type AnalysisReport,
  type AnalyzeProblem,
  analyze,
  type TransitionReport,
} from './analyze.js';
export {
  type Domain,
  isKramersError,
  KramersError,
  type KramersErrorCode,
  type KramersIssue,
  type Potential1D,
  parseDomain,
  pointAt,
  type RetCode,
  type SourceSpan,
} from './core/index.js';
export {
  type FluxOverPopulationProblem,
  type FluxOverPopulationResult,
  fluxOverPopulationRate,
  type MfptProblem,
  type MfptProfile,
  type MfptResult,
  meanFirstPassageTime,
  mfptProfile,
  type SplittingProblem,
  type SplittingResult,
  splittingProbability,
} from './exact1d/index.js';
export {
  compile,
  differentiate,
  type ExpressionPotential,
  numericalDerivative,
  parseExpression,
  potentialFromExpression,
  potentialFromFunction,
  toTex,
  toText,
} from './expr/index.js';
export {
  analyzeLandscape,
  type Barrier,
  type BarrierAction,
  barrierAction,
  findDomain,
  type Landscape,
  type LandscapeOptions,
  type StationaryPoint,
  type Transition,
  type TransitionTarget,
  type Well,
} from './landscape/index.js';
export {
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
  type EscapeProblem,
  type ResolvedProblem,
  resolveProblem,
} from './problem.js';
export {
  type MethodResult,
  RATE_METHODS,
  type RateMethod,
  type RateProblem,
  type RateReport,
  rate,
} from './rate.js';
export {
  type RateMatrixReport,
  type WellRateMatrix,
  wellRateMatrix,
} from './rateMatrix.js';
export {
  arrheniusFactor,
  depopulationFactor,
  type EnergyDiffusionInput,
  energyDiffusionRate,
  type FrictionRegime,
  frictionRegimeOf,
  type InertialRateEstimate,
  type KramersCorrectedEstimate,
  type KramersCorrectedInput,
  type KramersOverdampedInput,
  kramersCorrected,
  kramersOverdamped,
  kramersSpatialDiffusion,
  logArrheniusFactor,
  logDepopulationFactor,
  melnikovMeshkovRate,
  type RateEstimate,
  type RateRatio,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
  type SpatialDiffusionInput,
  type TransitionStateInput,
  type TurnoverGeometry,
  type TurnoverInput,
  transitionStateRate,
} from './rates/index.js';
export {
  type AmsProblem,
  type AmsReport,
  type CompletedChunk,
  type SimulateOptions,
  type SimulateProblem,
  type SimulationReport,
  simulate,
  simulateAms,
  simulationAsMethod,
} from './simulate.js';
export type { ChunkRunner } from './simulation/index.js';
export {
  type RelaxationChunk,
  type RelaxationConfig,
  type RelaxationEstimate,
  relaxationRate,
  runRelaxationChunk,
} from './simulation/index.js';
export {
  type BoundaryCondition,
  type KleinKramersLevel,
  type KleinKramersProblem,
  type KleinKramersResult,
  kleinKramersLambda1,
  kleinKramersLevel,
  lowestBirthDeathEigenvalue,
  type ModeRateMatrix,
  rateMatrixFromModes,
  type Spectrum,
  type SpectrumProblem,
  smoluchowskiSpectrum,
} from './spectral/index.js';
export {
  type BoundaryKind,
  type SpectrumReport,
  type SpectrumRequest,
  spectrum,
} from './spectrum.js';
export {
  type TurnoverProblem,
  type TurnoverReport,
  type TurnoverRow,
  type TurnoverSimulationOptions,
  turnover,
} from './turnover.js';
