import { KramersError } from '../core/index.js';
import { chemicalReaction } from './chemicalReaction.js';
import { ecologicalTipping } from './ecologicalTipping.js';
import { geneSwitch } from './geneSwitch.js';
import { josephson } from './josephson.js';
import { memoryBit } from './memoryBit.js';
import { morrisLecar } from './morrisLecar.js';
import { neelBrown } from './neelBrown.js';
import { neuron } from './neuron.js';
import { proteinFolding } from './proteinFolding.js';
import { toggleSwitch } from './toggleSwitch.js';
import type { Preset, PresetInfo } from './types.js';

/** The named physical problems, in the order `kramers preset list` shows them. */
export const PRESETS: readonly Preset[] = [
  chemicalReaction,
  neelBrown,
  josephson,
  ecologicalTipping,
  geneSwitch,
  toggleSwitch,
  memoryBit,
  proteinFolding,
  neuron,
  morrisLecar,
];

/** The data of every preset, without functions: cards and sliders for a page (JSON-safe). */
export function presetCatalog(): PresetInfo[] {
  return PRESETS.map(
    ({ name, title, field, summary, context, references, parameters, reducedParameters }) => ({
      name,
      title,
      field,
      summary,
      context,
      references,
      parameters,
      reducedParameters,
    }),
  );
}

/** The preset named `name`; a KramersError listing the names otherwise. */
export function findPreset(name: string): Preset {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) {
    throw new KramersError(
      'invalid_parameter',
      `no preset named '${name}'; presets: ${PRESETS.map((p) => p.name).join(', ')}`,
      { issues: [{ path: 'preset', message: 'unknown preset' }], hint: 'kramers preset list' },
    );
  }
  return preset;
}
