import { KramersError } from '../core/index.js';
import { crossing, prepare, prepareTransition } from '../problem/index.js';
import { depopulationFactor } from '../rates/index.js';
import { guarded, ROUTES } from '../routes/index.js';
import { uniaxialRelaxation } from '../spectral/index.js';
import { simulateIndicators } from '../studies/index.js';
import {
  type EscapeNumbers,
  type EscapeTools,
  formatValue,
  inUnit,
  PRESETS,
  type Preset,
  type PresetInfo,
  type PresetResult,
  type PresetSetting,
  type PresetTable,
  type ReducedProblem,
  resolvePresetValues,
} from '../units/index.js';

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

/** A preset run: its physical answers with units and the reduced problem behind them. */
export interface PresetReport {
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

/** The library routes a preset may use (presets live below the rate theories). */
export const escapeTools: EscapeTools = {
  escape(problem, parameters) {
    const passage = prepareTransition({
      potential: problem.potential,
      parameters: parameters ?? problem.parameters,
      D: problem.D,
      gamma: problem.gamma,
      ...(problem.mass !== undefined ? { mass: problem.mass } : {}),
      ...(problem.domain ? { domain: problem.domain } : {}),
      ...(problem.from !== undefined ? { from: problem.from } : {}),
      ...(problem.to !== undefined ? { to: problem.to } : {}),
    });
    const kramers = ROUTES.kramers.run(passage);
    const exact = guarded('exact', () => ROUTES.exact.run(passage));
    if (exact.retcode !== 'success' || exact.logRate === null) {
      throw new KramersError(
        'invalid_parameter',
        `the exact escape rate of the reduced problem did not converge (${exact.retcode})`,
      );
    }
    const c = crossing(passage);
    const numbers: EscapeNumbers = {
      deltaU: c?.transition.deltaU ?? Number.NaN,
      wellCurvature: c?.well.d2U ?? Number.NaN,
      barrierCurvature: c?.barrier.d2U ?? Number.NaN,
      kramers: kramers.rate ?? Number.NaN,
      logKramers: kramers.logRate ?? Number.NaN,
      exact: Math.exp(exact.logRate),
      logExact: exact.logRate,
      exactRelativeError: exact.relativeError ?? Number.NaN,
      warnings: [...new Set([...passage.problem.warnings, ...kramers.warnings, ...exact.warnings])],
    };
    return numbers;
  },
  depopulationFactor(energyLoss) {
    return depopulationFactor(energyLoss);
  },
  indicators(problem, options) {
    const resolved = prepare({
      potential: problem.potential,
      parameters: problem.parameters,
      D: problem.D,
      gamma: problem.gamma,
      ...(problem.domain ? { domain: problem.domain } : {}),
    });
    const landscape = resolved.landscape;
    const from = problem.from ?? 0;
    const well = landscape.wells[from];
    const transition = landscape.transitions.find((t) => t.from === from);
    if (!well || !transition) {
      throw new KramersError('invalid_parameter', 'the start well has no barrier to watch');
    }
    return simulateIndicators({
      potential: resolved.potential,
      D: resolved.D,
      gamma: resolved.gamma,
      start: well.x,
      barrier: landscape.barriers[transition.barrier]!.x,
      lag: options.lag,
      ...(options.samples !== undefined ? { samples: options.samples } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
  },
  uniaxialEigenvalue(sigma) {
    const r = uniaxialRelaxation(sigma);
    return { value: r.value, relativeError: r.relativeError };
  },
};

function shellQuote(text: string): string {
  return /^[\w.:+=,/-]+$/.test(text) ? text : `"${text}"`;
}

/** The `kramers rate` command line that reproduces the reduced problem (mass aside). */
export function reducedCommand(problem: ReducedProblem): string {
  const parts = ['kramers', 'rate', shellQuote(problem.potential)];
  for (const [name, value] of Object.entries(problem.parameters)) {
    parts.push('--param', `${name}=${String(value)}`);
  }
  // `rate` has no --mass (its routes are overdamped); `analyze` takes the same line plus --mass.
  parts.push('--D', String(problem.D), '--gamma', String(problem.gamma));
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
  const problem = preset.build(values);
  const outcome = preset.evaluate(values, escapeTools);
  const parameters: Record<string, { si: number; value: number; text: string }> = {};
  for (const p of preset.parameters) {
    const si = values[p.name]!;
    const temperature = values['T'];
    const value = inUnit(si, p.kind, p.unit, temperature !== undefined ? { temperature } : {});
    parameters[p.name] = {
      si,
      value,
      text: p.unit === '' ? formatValue(value) : `${formatValue(value)} ${p.unit}`,
    };
  }
  return {
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
