import {
  type EscapeProblemND,
  type ExactResultND,
  KramersError,
  type MethodKeyND,
  methodInfo,
  type RateReportND,
  type RouteResult,
  rateND,
  rateNDSimulated,
  type SimulationRunOptions,
} from '../index.js';
import { problemNDFromOptions } from './analyzeND.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import { indexOption, numberOption, type ProblemOptions, relativeTolerance } from './options.js';

/** The options `kramers rate` and `kramers spectrum` read for a problem in several coordinates. */
export interface NDOptions extends ProblemOptions {
  from?: string;
  fromX?: string;
  to?: string;
  toX?: string;
  toRegion?: string;
  reflectX?: string;
  method: string;
  simulate?: boolean;
  walkers?: string;
  seed?: string;
  dynamics: string;
  grid?: string;
  tolerance?: string;
}

/** A point given as comma-separated numbers, one per coordinate. */
export function pointOption(name: string, text: string, n: number): number[] {
  const parts = text.split(',').map((s) => numberOption(name, s.trim()));
  if (parts.length !== n) {
    throw new KramersError(
      'invalid_parameter',
      `--${name}: give ${n} numbers separated by commas; got '${text}'`,
      {
        issues: [{ path: name, message: `expected ${n} numbers` }],
      },
    );
  }
  return parts;
}

function methodsND(text: string): MethodKeyND[] | undefined {
  if (text === 'all') return undefined;
  return text.split(',').map((s) => s.trim()) as MethodKeyND[];
}

/** The grid options shared by rate and spectrum. */
export function gridOptions(options: Pick<NDOptions, 'grid' | 'tolerance'>) {
  return {
    ...(options.grid !== undefined ? { grid: indexOption('grid', options.grid) } : {}),
    ...(options.tolerance !== undefined
      ? { tolerance: relativeTolerance(numberOption('tolerance', options.tolerance)) }
      : {}),
  };
}

/** Refuses the 1-D-only options in several coordinates, by name. */
function requireNoOneDimensional(options: NDOptions): void {
  for (const [given, name, instead] of [
    [options.toX, '--to-x', '--to-region "x >= 1"'],
    [options.reflectX, '--reflect-x', 'the box (--domain): its walls reflect'],
  ] as const) {
    if (given !== undefined) {
      throw new KramersError(
        'usage',
        `${name} is for a potential in x alone; in several coordinates use ${instead}`,
      );
    }
  }
}

/** The library request of `kramers rate` in several coordinates. */
export function rateRequestND(source: string, coordinates: readonly string[], options: NDOptions) {
  requireNoOneDimensional(options);
  if (options.from !== undefined && options.fromX !== undefined) {
    throw new KramersError('usage', 'give either --from or --from-x, not both');
  }
  if (options.to !== undefined && options.toRegion !== undefined) {
    throw new KramersError('usage', 'give either --to or --to-region, not both');
  }
  const base: EscapeProblemND = problemNDFromOptions(source, coordinates, options);
  const methods = methodsND(options.method);
  return {
    ...base,
    dynamics: options.dynamics as 'overdamped' | 'underdamped',
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined
      ? { fromX: pointOption('from-x', options.fromX, coordinates.length) }
      : {}),
    ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
    ...(options.toRegion !== undefined ? { toRegion: options.toRegion } : {}),
    ...(methods ? { methods } : {}),
    ...gridOptions(options),
  };
}

export function point(x: readonly number[]): string {
  return `(${x.map((v) => formatNumber(v, 6)).join(', ')})`;
}

function accuracy(r: RouteResult): string {
  if (r.relativeError !== undefined && r.relativeError !== null) {
    return `± ${formatNumber(r.relativeError, 2)} rel.`;
  }
  return r.rate === null ? '' : 'asymptotic';
}

function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const p = value * 100;
  return `${p >= 0 ? '+' : '−'}${formatNumber(Math.abs(p), 3)}%`;
}

/** Every route side by side: its rate (from its log), accuracy, distance from exact, retcode. */
export function routesTable(entries: readonly [string, RouteResult][]): string {
  return table(
    ['method', 'rate k (1/time)', 'accuracy', 'vs exact', 'retcode'],
    entries.map(([key, r]) => [
      key,
      formatFromLog(r.logRate),
      accuracy(r),
      percent(r.relativeToExact),
      r.retcode,
    ]),
  );
}

/** The exact grid route's MFPT with its error and grids, when it has one. */
export function exactLines(exact: RouteResult | undefined): string[] {
  if (!exact || exact.rate === null || !('mfpt' in exact) || !('grids' in exact)) return [];
  const e = exact as ExactResultND;
  const grids = e.grids.map((g) => `${g.nx}×${g.ny}`).join(', ');
  return [
    '',
    `exact: MFPT = ${formatNumber(e.mfpt, 10)} ± ${formatNumber(e.mfptError, 2)} (grids ${grids})`,
  ];
}

/** What each route's number is, by its catalogue label. */
export function definitionLines(entries: readonly [string, RouteResult][]): string[] {
  return entries.map(([key, r]) => `  ${methodInfo(key)?.label ?? key} [${key}]: ${r.definition}`);
}

/** The saddle line: one saddle, or how many parallel saddles the harmonic rates sum over. */
function saddleLines(saddles: RateReportND['saddles']): string[] {
  if (saddles.length === 0) return ['no single saddle between start and target'];
  const over = saddles.map(
    (s) =>
      `saddle ${s.id} at ${point(s.x)}: ΔU = ${formatNumber(s.deltaU, 8)}, ΔU/D = ${formatNumber(s.barrierToNoise, 6)}`,
  );
  return parallelSaddleLines('over', over, 'the harmonic rates');
}

/** The lowest path when it runs through other minima (the harmonic rates count it). */
function pathLines(path: RateReportND['path']): string[] {
  if (!path) return [];
  return [
    `lowest path through minima ${path.minima.join(' → ')} over saddles ${path.saddles.join(', ')}: ΔU = ${formatNumber(path.deltaU, 8)} (the harmonic rates count every path through the rate network)`,
  ];
}

/**
 * `lead` over one saddle on one line, or over several (parallel channels, which `summedBy` adds)
 * as a heading and one indented line each: the gradient and the drift tables say it alike.
 */
export function parallelSaddleLines(
  lead: string,
  saddles: readonly string[],
  summedBy: string,
): string[] {
  if (saddles.length === 1) return [`${lead} ${saddles[0]}`];
  return [
    `${lead} ${saddles.length} parallel saddles (${summedBy} sum them):`,
    ...saddles.map((s) => `  ${s}`),
  ];
}

/** γ, or the friction matrix Γ row by row (it printed "γ = —"). */
function frictionText(gamma: number | readonly number[]): string {
  if (typeof gamma === 'number') return `γ = ${formatNumber(gamma)}`;
  const n = Math.round(Math.sqrt(gamma.length));
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `[${gamma
        .slice(i * n, i * n + n)
        .map((v) => formatNumber(v))
        .join(', ')}]`,
  );
  return `Γ = [${rows.join(', ')}]`;
}

/** The tables of `kramers rate` in several coordinates. */
export function renderRateND(report: RateReportND): string {
  const c = report.coordinates;
  const entries = Object.entries(report.methods) as [string, RouteResult][];
  const lines = [
    `U(${c.join(', ')}) = ${report.potential.expression}   D = ${formatNumber(report.D)}   ${frictionText(report.gamma)}`,
    `from ${report.from.minimum === null ? '' : `minimum ${report.from.minimum} `}at ${point(report.from.x)} into ${report.to.description}`,
    ...saddleLines(report.saddles),
    ...pathLines(report.path),
    '',
    routesTable(entries),
  ];
  lines.push(...exactLines(report.methods.exact));
  const spectral = report.methods.spectral;
  if (spectral && spectral.rate !== null && 'lambda1' in spectral) {
    lines.push(
      `spectral: λ1 = ${formatNumber(spectral.lambda1, 10)}, λ2/λ1 = ${formatNumber(spectral.gap ?? null, 4)}, p_b = ${formatNumber(spectral.populations?.[report.to.minimum ?? 0] ?? null, 6)}`,
    );
  }
  const sim = report.methods.simulation;
  if (sim && sim.rate !== null && 'mfptStdErr' in sim) {
    lines.push(
      `simulation: MFPT = ${formatNumber(sim.mfpt, 8)} ± ${formatNumber(sim.mfptStdErr, 2)} (95% CI ${formatNumber(sim.mfptCI95[0], 6)}…${formatNumber(sim.mfptCI95[1], 6)}, ${sim.walkers} walkers)`,
    );
  }
  lines.push(
    '',
    'What each number is',
    ...definitionLines(entries),
    ...warningLines(report.warnings),
  );
  return `${lines.join('\n')}\n`;
}

/** `kramers rate` on a problem in several coordinates. */
export function runRateND(
  source: string,
  coordinates: readonly string[],
  options: NDOptions,
  budget: { budgetSeconds?: number },
) {
  return rateND({ ...rateRequestND(source, coordinates, options), ...budget });
}

/** `kramers rate --simulate` in several coordinates: the same routes and a column of walkers. */
export function runRateNDSimulated(
  source: string,
  coordinates: readonly string[],
  options: NDOptions,
  budget: { budgetSeconds?: number },
  run: SimulationRunOptions,
) {
  const settings = {
    ...(options.walkers !== undefined ? { walkers: indexOption('walkers', options.walkers) } : {}),
    ...(options.seed !== undefined ? { seed: indexOption('seed', options.seed) } : {}),
  };
  return rateNDSimulated(
    { ...rateRequestND(source, coordinates, options), ...budget },
    settings,
    run,
  );
}
