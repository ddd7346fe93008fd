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
  type BondParameters,
  bellEvansLogRate,
  bellEvansMeanForce,
  type DhsApproximateForce,
  type DhsFit,
  type DhsFitProblem,
  dhsApproximateForce,
  dhsCriticalForce,
  dhsIntegratedHazard,
  dhsLogDensity,
  dhsLogRate,
  drawDhsRuptureForces,
  type FittedValue,
  fitDhs,
  type RuptureForceCurve,
  type RuptureForceInput,
  type RuptureForceStatistics,
  type RuptureObservation,
  ruptureForceStatistics,
  type TiltedPoint,
  type TiltedRate,
  type TiltedRateProblem,
  type TiltedRateRoute,
  tiltedRate,
} from './drive/index.js';
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
  type BondModel,
  MODEL_NU,
  modelPotential,
  type PullOptions,
  type PullProblem,
  type PullReport,
  type PullRow,
  type PullSimulationOptions,
  pull,
  pullPlotSeries,
  type SimulatedRupture,
} from './pull.js';
export { parseRuptureForcesCsv } from './pullData.js';
export {
  criticalAmplitude,
  type QuasiStaticProblem,
  type QuasiStaticReport,
  type QuasiStaticRow,
  quasiStaticRates,
} from './quasiStatic.js';

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
  type KramersCorrectedEstimate,
  type KramersCorrectedInput,
  type KramersOverdampedInput,
  kramersCorrected,
  kramersOverdamped,
  logArrheniusFactor,
  type RateEstimate,
  type RateRatio,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
  type TransitionStateInput,
  transitionStateRate,
} from './rates/index.js';
export {
  type ResonanceMaximum,
  type ResonanceOptions,
  type ResonanceProblem,
  type ResonanceReport,
  type ResonanceRow,
  type ResonanceSimulation,
  stochasticResonance,
} from './resonance.js';
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
export type {
  AmsRunner,
  ChunkRunner,
  TrajectoryRunner,
  TransitionRunner,
} from './simulation/index.js';
export {
  type BoundaryCondition,
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
  type CountedTransition,
  simulateTransitions,
  type TransitionCountOptions,
  type TransitionCountProblem,
  type TransitionCountReport,
} from './transitions.js';
