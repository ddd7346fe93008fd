export { MAX_PANELS } from './adaptive.js';
export { CHEBYSHEV_DEGREE } from './chebyshevPanels.js';
export { type FluxDensityProblem, type FluxDensityResult, fluxDensity } from './fluxDensity.js';
export {
  type FluxOverPopulationProblem,
  type FluxOverPopulationResult,
  fluxOverPopulationRate,
} from './fluxOverPopulation.js';
export {
  type MfptProblem,
  type MfptProfile,
  type MfptResult,
  meanFirstPassageTime,
  mfptProfile,
} from './meanFirstPassageTime.js';
export { brentRoot } from './roots.js';
export {
  type SplittingProblem,
  type SplittingResult,
  splittingProbability,
} from './splittingProbability.js';
