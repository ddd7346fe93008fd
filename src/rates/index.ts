export {
  arrheniusFactor,
  logArrheniusFactor,
  type RateRatio,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
} from './arrhenius.js';
export {
  type KramersCorrectedEstimate,
  type KramersCorrectedInput,
  kramersCorrected,
} from './kramersCorrected.js';
export { type KramersOverdampedInput, kramersOverdamped } from './kramersOverdamped.js';
export { MIN_BARRIER_TO_NOISE, notApplicable, type RateEstimate } from './rateEstimate.js';
export { type TransitionStateInput, transitionStateRate } from './transitionState.js';
