/**
 * Several dimensions: stationary points and index-1 saddles of U(x₁, …, x_n) in a box, the
 * minima each saddle connects, the growth rates of Langer's prefactor, minimum-energy paths,
 * the rate network, and exact 2-D answers on a grid (mean first-passage times and the lowest
 * Smoluchowski eigenvalues).
 */
export {
  type DescentEnd,
  type DescentPath,
  descentFromSaddle,
  steepestDescent,
} from './descent.js';
export {
  inertialGrowthRate,
  type MatrixInput,
  overdampedGrowthRate,
  spdMatrix,
  unstableFrequency,
} from './growth.js';
export { anharmonicModes } from './harmonic.js';
export {
  analyzeLandscapeND,
  type LandscapeND,
  type MinimumND,
  requireBox,
  type SaddleND,
  type TransitionND,
} from './landscapeND.js';
export { cholesky, type SymmetricEigen, symmetricEigen } from './linalg.js';
export {
  type NetworkEdge,
  networkMeanFirstPassageTime,
  type RateNetwork,
  rateNetwork,
  reachable,
} from './network.js';
export {
  type MinimumEnergyPath,
  minimumEnergyPath,
  type PathPoint,
  stringMethod,
} from './path.js';
export {
  classify,
  findStationaryPoints,
  newtonStationary,
  type StationaryKindND,
  type StationaryOptions,
  type StationaryPointND,
  type StationarySearch,
} from './stationary.js';
