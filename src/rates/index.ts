export {
  arrheniusFactor,
  logArrheniusFactor,
  type RateRatio,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
} from './arrhenius.js';
export { type BouchetReygnerInput, bouchetReygnerRate } from './bouchetReygner.js';
export { depopulationFactor, logDepopulationFactor } from './depopulationFactor.js';
export { type EnergyDiffusionInput, energyDiffusionRate } from './energyDiffusion.js';
export {
  ANHARMONIC_LIMIT,
  ANHARMONIC_WARNING,
  anharmonicity,
  type HarmonicRegimeInput,
  harmonicRegime,
  type PointDerivatives,
  sampledAnharmonicity,
  WALL_LIMIT_WIDTHS,
  WALL_WARNING_WIDTHS,
  wallRegime,
} from './harmonicRegime.js';
export {
  type FrictionRegime,
  type InertialRateEstimate,
  REGIME_TOLERANCE,
  transmissionFactor,
} from './inertial.js';
export {
  CORRECTION_LIMIT,
  type KramersCorrectedEstimate,
  type KramersCorrectedInput,
  kramersCorrected,
} from './kramersCorrected.js';
export { type KramersOverdampedInput, kramersOverdamped } from './kramersOverdamped.js';
export { DEGENERATE_EIGENVALUE, type LangerInput, langerRate } from './langer.js';
export {
  melnikovMeshkovRate,
  type TurnoverGeometry,
  type TurnoverInput,
} from './melnikovMeshkov.js';
export {
  type NonReversibleInput,
  nonReversibleEyringKramersRate,
  unstableEigenvalueGibbs,
} from './nonReversibleEyringKramers.js';
export {
  cubicTunnellingRate,
  MIN_BARRIER_TO_QUANTUM,
  MIN_TUNNELLING_QUALITY,
  OHMIC_DAMPING_COEFFICIENT,
  type QuantumTunnellingEstimate,
  type QuantumTunnellingInput,
} from './quantumTunnelling.js';
export {
  activatedRate,
  type BarrierWarningOptions,
  barrierWarnings,
  formatBelow,
  MIN_BARRIER_TO_NOISE,
  notApplicable,
  type RateEstimate,
  summedRate,
} from './rateEstimate.js';
export {
  frictionRegimeOf,
  kramersSpatialDiffusion,
  type SpatialDiffusionInput,
} from './spatialDiffusion.js';
export { type TransitionStateInput, transitionStateRate } from './transitionState.js';
