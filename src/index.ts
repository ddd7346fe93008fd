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
export type { AmsRunner, ChunkRunner, TransitionRunner } from './simulation/index.js';
export {
  type BoundaryCondition,
  lowestBirthDeathEigenvalue,
  type ModeRateMatrix,
  rateMatrixFromModes,
  type Spectrum,
  type SpectrumProblem,
  smoluchowskiSpectrum,
  type UniaxialRelaxation,
  uniaxialRelaxation,
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
export {
  add,
  asKind,
  constants,
  convert,
  DIMENSIONS,
  type Dimension,
  divide,
  formatIn,
  formatTime,
  frictionFromCollisionRate,
  fromReduced,
  inUnit,
  multiply,
  overdampedUnits,
  parseQuantity,
  parseUnit,
  type Quantity,
  type QuantityKind,
  quantity,
  type ReducedUnits,
  SI_UNIT,
  stokesFriction,
  subtract,
  toReduced,
  type Unit,
  underdampedUnits,
} from './units/index.js';
