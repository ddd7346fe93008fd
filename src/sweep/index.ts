export { IndexSet, pointLocator } from './locate.js';
export {
  pointArgs,
  pointKey,
  pointSeed,
  type SweepPoint,
  sweepPoint,
  sweepPoints,
} from './points.js';
export {
  type PointOutcome,
  recordOf,
  type SweepRecord,
  type SweepRun,
  type SweepRunReport,
  type SweepSink,
  SweepTally,
  sweepRunReport,
} from './records.js';
export {
  type ExactMethod,
  type Magnitude,
  plainMagnitude,
  type ReportPoint,
  type SweepReport,
  sweepReportOf,
  valueAt,
} from './report.js';
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
export { valueKey } from './values.js';
