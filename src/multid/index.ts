/**
 * Several dimensions: stationary points and index-1 saddles of U(x₁, …, x_n) in a box, the
 * minima each saddle connects, the growth rates of Langer's prefactor, minimum-energy paths,
 * the rate network, and exact 2-D answers on a grid (mean first-passage times and the lowest
 * Smoluchowski eigenvalues).
 */
export {
  lowestOnWalls,
  outflowOnWalls,
  partingPointsOnWalls,
  type WallOutflow,
  type WallPoint,
} from './boxWalls.js';
export {
  type DescentEnd,
  type DescentPath,
  descentFromSaddle,
  steepestDescent,
} from './descent.js';
export {
  classifyFixedPoint,
  type Eigenvalue,
  eigenvalues2,
  type FixedPointKind,
  type FixedPointND,
  findFixedPoints,
  fixedPointAt,
} from './fixedPoints.js';
export { type ActionPath, type GmamOptions, geometricAction, gmam, resample } from './gmam.js';
export { type DriftGrid, driftGrid, type PotentialGrid, potentialGrid } from './grid.js';
export {
  type Extrapolation,
  type GridLadder,
  type GridMfpt,
  gridLadder,
  gridMfpt,
  ladderWork,
  mfptOnGrid,
  richardson,
} from './gridMfpt.js';
export {
  type GridSpectrum,
  gridSpectrum,
  spectrumOnGrid,
} from './gridSpectrum.js';
export {
  inertialGrowthRate,
  type MatrixInput,
  overdampedGrowthRate,
  spdMatrix,
  unstableFrequency,
} from './growth.js';
export { anharmonicModes } from './harmonic.js';
export {
  type InstantonPrefactor,
  instantonPrefactor,
  type TransverseCurvature,
} from './instanton.js';
export {
  analyzeLandscapeND,
  type LandscapeND,
  type MinimumND,
  requireBox,
  type SaddleND,
  type TransitionND,
} from './landscapeND.js';
export { cholesky, distance, type SymmetricEigen, symmetricEigen } from './linalg.js';
export { type NearFocus, nearFocus } from './nearFocus.js';
export {
  type NetworkEdge,
  networkMeanFirstPassageTime,
  type RateNetwork,
  rateNetwork,
  reachable,
} from './network.js';
export {
  lowestSaddleChain,
  type MinimumEnergyPath,
  minimumEnergyPath,
  type PathPoint,
  stringMethod,
} from './path.js';
export {
  type ActionBranch,
  type ActionPathPoint,
  type QuasiPotentialOptions,
  type QuasiPotentialResult,
  quasiPotentialBarrier,
} from './quasiPotential.js';
export { type FlowEnd, flowEnd, flowFromSaddle } from './saddleFlow.js';
export { type GridProblem2D, grid2D } from './smoluchowskiGrid.js';
export {
  classify,
  findStationaryPoints,
  newtonStationary,
  type StationaryKindND,
  type StationaryOptions,
  type StationaryPointND,
  type StationarySearch,
} from './stationary.js';
