/**
 * Time-dependent potentials: responses to a periodic drive (two-state and Fokker–Planck linear
 * response, measured response from trajectories) and quasi-static rate helpers.
 */
export {
  type FokkerPlanckModes,
  type LinearResponse,
  linearResponse,
} from './linearResponse.js';
export { type PeriodicResponseMeasure, periodicResponse } from './periodicResponse.js';
export {
  type TwoStateProblem,
  type TwoStateResponse,
  twoStateResponse,
} from './twoStateResponse.js';
