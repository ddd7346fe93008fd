export { type BarrierAction, barrierAction } from './barrierAction.js';
export {
  analyzeLandscape,
  type Barrier,
  type EdgeKind,
  type Extremum,
  findDomain,
  type Landscape,
  type LandscapeOptions,
  type PlateauEscape,
  type Transition,
  type TransitionTarget,
  type Well,
} from './landscape.js';
export { SINK_DEPTH, sinkBeyond } from './sinkBeyond.js';
export {
  type ScanOptions,
  type ScanResult,
  type StationaryKind,
  type StationaryPoint,
  scanStationaryPoints,
} from './stationaryPoints.js';
