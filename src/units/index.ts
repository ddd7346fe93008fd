export * as constants from './constants.js';
export {
  DIMENSIONLESS,
  DIMENSIONS,
  type Dimension,
  type DimensionName,
  describeDimension,
  formatDimension,
  sameDimension,
} from './dimension.js';
export {
  formatFromLog,
  formatGiven,
  formatIn,
  formatInFromLog,
  formatQuantity,
  formatRate,
  formatRateFromLog,
  formatTime,
  formatTimeFromLog,
  formatValue,
  LOG_DOUBLE_RANGE,
} from './format.js';
export {
  add,
  asKind,
  convert,
  divide,
  inUnit,
  multiply,
  parseQuantity,
  type Quantity,
  type QuantityKind,
  quantity,
  SI_UNIT,
  subtract,
} from './quantity.js';
export {
  frictionFromCollisionRate,
  fromReduced,
  overdampedUnits,
  type ReducedUnits,
  reducedScale,
  stokesFriction,
  toReduced,
  underdampedUnits,
} from './reduced.js';
export { parseUnit, type Unit } from './unit.js';
