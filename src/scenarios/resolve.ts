import { KramersError } from '../core/index.js';
import { asKind, parseQuantity, quantity } from '../units/index.js';
import type { Preset, PresetValues } from './types.js';

/** A setting: text with a unit (`50kJ/mol`), or a number in the parameter's display unit. */
export type PresetSetting = string | number;

/**
 * The SI values of a preset's parameters: defaults, overridden by `settings`. Text must carry a
 * unit of the right dimension (`T=5kJ/mol` is an error naming both units); a number is read in
 * the parameter's display unit (what a slider sends). A reduced parameter (`sigma`, `i`) is
 * applied last and fixes the physical parameter it names.
 */
export function resolvePresetValues(
  preset: Preset,
  settings: Readonly<Record<string, PresetSetting>> = {},
): PresetValues {
  const known = new Set([
    ...preset.parameters.map((p) => p.name),
    ...preset.reducedParameters.map((p) => p.name),
  ]);
  for (const name of Object.keys(settings)) {
    if (!known.has(name)) {
      throw new KramersError(
        'invalid_parameter',
        `preset ${preset.name} has no parameter '${name}'; it has ${[...known].join(', ')}`,
        { issues: [{ path: name, message: 'unknown parameter' }] },
      );
    }
  }
  const values: Record<string, number> = {};
  // Temperatures first: an energy written in kT needs one.
  const ordered = [...preset.parameters].sort(
    (a, b) => Number(b.kind === 'temperature') - Number(a.kind === 'temperature'),
  );
  const temperature = () => {
    const t = preset.parameters.find((p) => p.kind === 'temperature');
    return t ? values[t.name] : undefined;
  };
  for (const p of ordered) {
    const setting = settings[p.name] ?? p.default;
    const q =
      typeof setting === 'number' ? quantity(setting, p.unit) : parseQuantity(setting, p.name);
    const t = temperature();
    const value = asKind(q, p.kind, {
      name: p.name,
      ...(t !== undefined ? { temperature: t } : {}),
    });
    if (!Number.isFinite(value)) {
      throw new KramersError('invalid_parameter', `${p.name} must be finite; got ${setting}`);
    }
    // Said here, as a temperature: below, k_B·T ≤ 0 surfaced as a non-positive "energy unit".
    if (p.kind === 'temperature' && !(value > 0)) {
      throw new KramersError(
        'invalid_parameter',
        `${p.name}: the temperature must be positive (absolute, in K); got ${setting}`,
        {
          issues: [{ path: p.name, message: 'temperature ≤ 0 K' }],
          hint: `e.g. --set ${p.name}=${p.default}`,
        },
      );
    }
    values[p.name] = value;
  }
  let result: PresetValues = values;
  for (const r of preset.reducedParameters) {
    const setting = settings[r.name];
    if (setting === undefined) continue;
    const q = typeof setting === 'number' ? quantity(setting) : parseQuantity(setting, r.name);
    const value = asKind(q, r.kind ?? 'dimensionless', { name: r.name });
    if (settings[r.sets] !== undefined) {
      throw new KramersError(
        'usage',
        `give either ${r.name} or ${r.sets}, not both: ${r.name} fixes ${r.sets}`,
        { issues: [{ path: r.name, message: `conflicts with ${r.sets}` }] },
      );
    }
    result = preset.applyReduced!(result, r.name, value);
  }
  return result;
}
