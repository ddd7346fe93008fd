export {
  pointArgs,
  pointKey,
  pointSeed,
  type SweepPoint,
  sweepPoint,
  sweepPoints,
} from './points.js';
export { sha256Hex } from './sha256.js';
export {
  MAX_AXIS_VALUES,
  type NamedValues,
  type OptionValue,
  optionNames,
  optionOfAxis,
  parseSweepSpec,
  pointCount,
  type SweepAxis,
  type SweepSpec,
} from './spec.js';
