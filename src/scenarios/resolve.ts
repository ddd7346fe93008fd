import { KramersError } from '../core/index.js';
import { asKind, parseQuantity, quantity } from '../units/index.js';
import type { ParameterDomain, Preset, PresetParameter, PresetValues } from './types.js';

/** Strictly positive: temperatures, times, rates, resistances, capacitances, friction. */
export const POSITIVE: ParameterDomain = { min: 0, minOpen: true };
/** Zero or more: a bias, a force, a leak. */
export const NON_NEGATIVE: ParameterDomain = { min: 0 };
/** Any finite value: a potential, a current whose sign the model handles. */
export const ANY_FINITE: ParameterDomain = {};

/** `> 0 A/s`, `in (0, 1)`, `≥ 0 uA`: the allowed values as a user reads them. */
export function domainText(domain: ParameterDomain, unit: string): string {
  const { min, max, minOpen, maxOpen } = domain;
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) {
    return `in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}${u}`;
  }
  if (min !== undefined) return `${minOpen ? '>' : '≥'} ${min}${u}`;
  if (max !== undefined) return `${maxOpen ? '<' : '≤'} ${max}${u}`;
  return 'finite';
}

/**
 * Throws unless the SI `value` of `p` lies in its domain. The bounds are in the display unit and
 * converted like a setting (`toSI`), so `T=-1K`, `ramp=0A/s` or `tret=-1yr` is refused here, by
 * the parameter's name, before a formula turns it into NaN, ∞ or a blank cell.
 */
function checkDomain(
  preset: Preset,
  p: PresetParameter,
  value: number,
  setting: PresetSetting,
  toSI: (bound: number) => number,
): void {
  const { min, max, minOpen, maxOpen } = p.domain;
  const low = min === undefined ? -Infinity : toSI(min);
  const high = max === undefined ? Infinity : toSI(max);
  const inside = (minOpen ? value > low : value >= low) && (maxOpen ? value < high : value <= high);
  if (inside) return;
  const allowed = domainText(p.domain, p.unit);
  const given = typeof setting === 'number' ? `${setting}${p.unit ? ` ${p.unit}` : ''}` : setting;
  throw new KramersError(
    'invalid_parameter',
    `preset ${preset.name}: ${p.name} must be ${allowed}; got ${given} (${p.name} is the ${p.description})`,
    {
      issues: [{ path: p.name, message: `expected ${allowed}` }],
      hint: `typical ${p.name}: ${p.range[0]} … ${p.range[1]}${p.unit ? ` ${p.unit}` : ''} (the Lab's slider)`,
    },
  );
}

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
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new KramersError(
      'invalid_parameter',
      `preset ${preset.name}: settings must be an object of parameter values, e.g. { T: '300K' }; got ${settings === null ? 'null' : Array.isArray(settings) ? 'an array' : typeof settings}`,
      { issues: [{ path: '', message: 'not an object' }] },
    );
  }
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
    const context = { name: p.name, ...(t !== undefined ? { temperature: t } : {}) };
    const value = asKind(q, p.kind, context);
    if (!Number.isFinite(value)) {
      throw new KramersError('invalid_parameter', `${p.name} must be finite; got ${setting}`);
    }
    // A temperature ≤ 0 K is refused here, by its domain, before k_B·T ≤ 0 could surface below as
    // a non-positive "energy unit".
    checkDomain(preset, p, value, setting, (bound) =>
      asKind(quantity(bound, p.unit), p.kind, context),
    );
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
