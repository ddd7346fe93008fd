/**
 * Studies: what a user asks of a problem, each built from routes. `rate` compares the routes on
 * one passage; the others sweep a parameter (turnover over friction, resonance over noise, pull
 * over loading rate, quasi-static over time) or count and simulate.
 */
export {
  type AnalysisReport,
  type AnalyzeProblem,
  analyze,
  type TransitionReport,
} from './analyze.js';
export {
  type AnalysisReportND,
  analyzeND,
  type MinimumReport,
  type NetworkReport,
  networkOf,
  type SaddleReport,
  type TransitionReportND,
} from './analyzeND.js';
export {
  analyzeDrift,
  type DriftAnalysisReport,
  type DriftEscapeReport,
  type QuasiPotentialReport,
  quasiPotentialPath,
} from './drift.js';
export {
  type IndicatorEstimate,
  type IndicatorProblem,
  MAX_LENGTHENED_STEPS,
  ouAutocorrelationTime,
  simulateIndicators,
} from './indicators.js';
export { minimumEnergyPathND, type PathReport, type PathSpec } from './pathND.js';
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
  DEFAULT_METHODS,
  exactMethodOf,
  passageSummary,
  type RateMethods,
  type RateOptions,
  type RateProblem,
  type RateReport,
  type RateSettings,
  REFERENCE_METHOD,
  rate,
} from './rate.js';
export {
  type RateDriftProblem,
  type RateDriftReport,
  type RateDriftSpec,
  rateDrift,
} from './rateDrift.js';
export {
  exactWellRateMatrix,
  type RateMatrixReport,
  type WellRateMatrix,
  wellRateMatrix,
} from './rateMatrix.js';
export {
  type LowestPathND,
  type MethodKeyND,
  type RateProblemND,
  type RateReportND,
  rateND,
  rateNDSimulated,
  type SaddleReportND,
} from './rateND.js';
export {
  type ResonanceMaximum,
  type ResonanceMaximumNote,
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
  type SimulateProblem,
  type SimulationReport,
  simulate,
  simulateAms,
} from './simulate.js';
export {
  type SimulateDriftProblem,
  type SimulationReportDrift,
  simulateDrift,
} from './simulateDrift.js';
export {
  type AmsProblemND,
  type AmsReportND,
  type SimulateProblemND,
  type SimulationReportND,
  simulateAmsND,
  simulateND,
  type WalkerPath,
  type WalkerPathsProblemND,
  type WalkerPathsReportND,
  walkerPathsND,
} from './simulateND.js';
export {
  type BoundaryKind,
  type SpectrumModes,
  type SpectrumReport,
  type SpectrumRequest,
  type SpectrumSettings,
  spectrum,
} from './spectrum.js';
export { type SpectrumReportND, type SpectrumRequestND, spectrumND } from './spectrumND.js';
export {
  type CountedTransition,
  simulateTransitions,
  type TransitionCountOptions,
  type TransitionCountProblem,
  type TransitionCountReport,
} from './transitions.js';
export {
  type ExactPointRunner,
  type TurnoverMethod,
  type TurnoverOptions,
  type TurnoverProblem,
  type TurnoverProgress,
  type TurnoverReport,
  type TurnoverRow,
  type TurnoverSimulationOptions,
  turnover,
  turnoverExactPoint,
} from './turnover.js';
