import { keysOf } from '../problem/index.js';
import type {
  AmsSettings,
  AmsSettingsND,
  PathSamplingND,
  SimulationSettings,
} from '../routes/index.js';

/** The keys of a first-passage simulation's settings (`SimulationSettings`). */
export const SIMULATION_SETTINGS_KEYS = keysOf<SimulationSettings>()([
  'walkers',
  'dt',
  'tMax',
  'seed',
  'extrapolate',
  'expectedTime',
]);

/** The keys of adaptive multilevel splitting's settings (`AmsSettings`). */
export const AMS_SETTINGS_KEYS = keysOf<AmsSettings>()(['replicas', 'runs', 'dt', 'seed']);

/** The keys of AMS in several coordinates (`AmsSettingsND`): ξ and the loops per run besides. */
export const AMS_ND_SETTINGS_KEYS = keysOf<AmsSettingsND>()([
  ...AMS_SETTINGS_KEYS,
  'reactionCoordinate',
  'loopsPerRun',
]);

/** The keys of which walker paths to record (`PathSamplingND`). */
export const PATH_SAMPLING_KEYS = keysOf<PathSamplingND>()(['paths', 'every', 'maxPoints']);
