import type { RetCode } from '../core/index.js';
import { formatGiven, inUnit } from '../units/index.js';
import { findPreset } from './catalogue.js';
import { type PresetSetting, resolvePresetValues } from './resolve.js';
import type { PresetResult, PresetTable, ReducedDrift, ReducedProblem } from './types.js';

/** A preset run: its physical answers with units and the reduced problem behind them. */
export interface PresetReport {
  /**
   * The worst outcome of the routes behind the answers (an exact rate that did not converge makes
   * the report `not_converged`; the CLI's exit code follows it).
   */
  readonly retcode: RetCode;
  readonly preset: string;
  readonly title: string;
  /** Every parameter as used: SI value, and value and text in its display unit. */
  readonly parameters: Readonly<
    Record<string, { readonly si: number; readonly value: number; readonly text: string }>
  >;
  readonly results: readonly PresetResult[];
  readonly tables: readonly PresetTable[];
  /** The unitless problem behind the answers: run any other command on it. */
  readonly problem: ReducedProblem;
  /** A `kramers rate` command line on the reduced problem. */
  readonly command: string;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * A reduced number without its unit conversion's rounding noise: Δ = 20 at T gives b = ΔU/k_BT =
 * 20.000000000000004 and I/I_c = 9 µA/10 µA gives 0.9000000000000001, which the command line
 * printed as such. Where 12 significant digits are the value to within 4 ulps, they are the
 * intended value (the conversions carry a few roundings); any other value is kept whole, so a
 * computed b = 20.045392507121008 still prints every digit and runs bit for bit.
 */
export function tidyNumber(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const short = Number(value.toPrecision(12));
  return Math.abs(short - value) <= 4 * Number.EPSILON * Math.abs(value) ? short : value;
}

/**
 * The reduced problem with tidy numbers (`tidyNumber`): what the report carries is what its
 * command line prints, so the line reproduces `problem` to the last bit.
 */
function tidyProblem(problem: ReducedProblem): ReducedProblem {
  const parameters: Record<string, number> = {};
  for (const [name, value] of Object.entries(problem.parameters)) {
    parameters[name] = tidyNumber(value);
  }
  return {
    ...problem,
    parameters,
    D: tidyNumber(problem.D),
    gamma: tidyNumber(problem.gamma),
    ...(problem.mass !== undefined ? { mass: tidyNumber(problem.mass) } : {}),
  };
}

function shellQuote(text: string): string {
  return /^[\w.:+=,/-]+$/.test(text) ? text : `"${text}"`;
}

/** `kramers simulate --drift …`: the walkers of a drift preset, the same numbers bit for bit. */
function driftCommand(problem: ReducedProblem, d: ReducedDrift): string {
  const parts = ['kramers', 'simulate', '--drift', shellQuote(d.drift)];
  parts.push('--coords', d.coordinates.join(','));
  for (const [name, value] of Object.entries(problem.parameters)) {
    parts.push('--param', `${name}=${String(value)}`);
  }
  parts.push('--D', String(problem.D));
  parts.push(`--domain=${d.domain.map((i) => `${i.min}:${i.max}`).join(',')}`);
  parts.push('--from', String(d.from));
  if (d.to !== undefined) parts.push('--to', String(d.to));
  if (d.toRegion !== undefined) parts.push('--to-region', shellQuote(d.toRegion));
  parts.push('--walkers', String(d.walkers), '--seed', String(d.seed));
  parts.push('--dt', String(d.dt));
  if (d.tMax !== undefined) parts.push('--tmax', String(d.tMax));
  return parts.join(' ');
}

/**
 * The command line that reproduces the reduced problem: `kramers rate` (with the preset's
 * dynamics and mass where it is inertial: without them the line gave the overdamped routes, ten
 * times the Josephson preset's Γ), or for a drift preset `kramers simulate --drift` with the
 * preset's walkers.
 */
export function reducedCommand(problem: ReducedProblem): string {
  if (problem.drift !== undefined) return driftCommand(problem, problem.drift);
  const parts = ['kramers', 'rate', shellQuote(problem.potential)];
  for (const [name, value] of Object.entries(problem.parameters)) {
    parts.push('--param', `${name}=${String(value)}`);
  }
  parts.push('--D', String(problem.D), '--gamma', String(problem.gamma));
  if (problem.units.dynamics === 'underdamped') {
    parts.push('--dynamics', 'underdamped', '--mass', String(problem.mass ?? 1));
  }
  if (problem.domain) parts.push(`--domain=${problem.domain.min}:${problem.domain.max}`);
  if (problem.from !== undefined) parts.push('--from', String(problem.from));
  if (problem.to !== undefined) parts.push(`--to=${String(problem.to)}`);
  return parts.join(' ');
}

/**
 * Runs a named preset: parameters (defaults overridden by `settings`, text with units such as
 * `{ dG: '50kJ/mol', T: '298.15K' }`, or numbers in each parameter's display unit), the field's
 * physical answers with units, and the reduced problem behind them.
 */
export function runPreset(
  name: string,
  settings: Readonly<Record<string, PresetSetting>> = {},
): PresetReport {
  const preset = findPreset(name);
  const values = resolvePresetValues(preset, settings);
  const problem = tidyProblem(preset.build(values));
  const outcome = preset.evaluate(values);
  const parameters: Record<string, { si: number; value: number; text: string }> = {};
  for (const p of preset.parameters) {
    const si = values[p.name]!;
    const temperature = values['T'];
    const value = inUnit(si, p.kind, p.unit, temperature !== undefined ? { temperature } : {});
    parameters[p.name] = {
      si,
      value,
      text: p.unit === '' ? formatGiven(value) : `${formatGiven(value)} ${p.unit}`,
    };
  }
  return {
    retcode: outcome.retcode,
    preset: preset.name,
    title: preset.title,
    parameters,
    results: outcome.results,
    tables: outcome.tables,
    problem,
    command: reducedCommand(problem),
    notes: outcome.notes,
    warnings: [...new Set(outcome.warnings)],
  };
}
