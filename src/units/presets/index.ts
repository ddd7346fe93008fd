import { chemicalReaction } from './chemicalReaction.js';
import { ecologicalTipping } from './ecologicalTipping.js';
import { geneSwitch } from './geneSwitch.js';
import { josephson } from './josephson.js';
import { memoryBit } from './memoryBit.js';
import { neelBrown } from './neelBrown.js';
import { proteinFolding } from './proteinFolding.js';
import type { Preset } from './types.js';

/** The named physical problems, in the order `kramers preset list` shows them. */
export const PRESETS: readonly Preset[] = [
  chemicalReaction,
  neelBrown,
  josephson,
  ecologicalTipping,
  geneSwitch,
  memoryBit,
  proteinFolding,
];

export { reactionRates } from './chemicalReaction.js';
export { earlyWarning, tippingScales } from './ecologicalTipping.js';
export { geneFixedPoints } from './geneSwitch.js';
export {
  junctionEscapeRate,
  junctionScales,
  switchingDistribution,
  washboardBarrier,
} from './josephson.js';
export { bitFlip } from './memoryBit.js';
export { blockingTemperature, brownAsymptote, neelBrownScales } from './neelBrown.js';
export { dudkoHummerSzabo, proteinFriction } from './proteinFolding.js';
export { type PresetSetting, resolvePresetValues } from './resolve.js';
export type {
  EscapeNumbers,
  EscapeTools,
  IndicatorNumbers,
  Preset,
  PresetInfo,
  PresetOutcome,
  PresetParameter,
  PresetReducedParameter,
  PresetResult,
  PresetTable,
  PresetValues,
  ReducedProblem,
} from './types.js';
