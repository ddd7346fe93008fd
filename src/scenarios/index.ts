/**
 * Scenarios: named physical problems (a reaction in a solvent, a nanomagnet, a Josephson junction,
 * …) in their field's units. Each scenario builds its reduced, unitless escape problem and answers
 * its field's questions with the library's routes and studies, which it imports directly (this
 * floor sits above them). The same files drive their tests, `kramers preset` and the Lab gallery.
 */
export { findPreset, PRESETS, presetCatalog } from './catalogue.js';
export { reactionRates } from './chemicalReaction.js';
export { earlyWarning, tippingScales } from './ecologicalTipping.js';
export { geneFixedPoints } from './geneSwitch.js';
export {
  crossoverTemperature,
  equalRateTemperature,
  junctionEscapeRate,
  junctionLogEscapeRate,
  junctionScales,
  junctionTunnelling,
  switchingDistribution,
  washboardBarrier,
} from './josephson.js';
export { tableCellText } from './logged.js';
export { bitFlip } from './memoryBit.js';
export { blockingTemperature, brownAsymptote, neelBrownScales } from './neelBrown.js';
export { neuronScales, type SpikeTrain, spikeTrain, TRAIN_SPIKES } from './neuron.js';
export { proteinFriction } from './proteinFolding.js';
export { type PresetSetting, resolvePresetValues } from './resolve.js';
export { type PresetReport, reducedCommand, runPreset } from './run.js';
export { toggleStates } from './toggleSwitch.js';
export type {
  Preset,
  PresetInfo,
  PresetOutcome,
  PresetParameter,
  PresetReducedParameter,
  PresetResult,
  PresetTable,
  PresetValues,
  ReducedDrift,
  ReducedProblem,
} from './types.js';
