export { lowestBirthDeathEigenvalue } from './birthDeath.js';
export { type DenseEngine, denseArena, wasmDenseAvailable } from './denseWasm.js';
export {
  type KleinKramersLevel,
  type KleinKramersProblem,
  type KleinKramersResult,
  kleinKramersDomain,
  kleinKramersLambda1,
  kleinKramersLevel,
  kleinKramersSeconds,
} from './kleinKramers.js';
export {
  type BasinProjections,
  type KleinKramersHelper,
  type KleinKramersLevelFactors,
  type KleinKramersLevelJob,
  type KleinKramersLevelSolved,
  type KleinKramersPreparedLevel,
  type KleinKramersSpectrum,
  type KleinKramersSpectrumLevel,
  type KleinKramersSpectrumProblem,
  kleinKramersSpectrum,
  kleinKramersSpectrumSeconds,
  prepareKleinKramersLevel,
  solveKleinKramersLevel,
  useKleinKramersHelper,
} from './kleinKramersSpectrum.js';
export {
  basinPopulations,
  basinSplits,
  ELEMENT_TOLERANCE,
  type ModeRateMatrix,
  type ModeRateOptions,
  type ProjectedRateMatrix,
  rateMatrixFromModes,
  rateMatrixFromProjections,
} from './rateMatrix.js';
export {
  MIN_TIME_SCALE_SEPARATION,
  separationWarnings,
  twoStateGapWarnings,
} from './separationWarnings.js';
export {
  type BoundaryCondition,
  type GridModes,
  MAX_GRID_POINTS,
  type Spectrum,
  type SpectrumProblem,
  smoluchowskiSeconds,
  smoluchowskiSpectrum,
} from './smoluchowski.js';
export { symmetricEigenvalues } from './symmetricEigenvalues.js';
export { type UniaxialRelaxation, uniaxialRelaxation } from './uniaxialRelaxation.js';
