import type { Command } from 'commander';
import {
  DEFAULT_POTENTIAL,
  KramersError,
  type MethodKey,
  methodInfo,
  type RateProblem,
  type RateReport,
  REFERENCE_METHOD,
  ROUTES,
  type RouteResult,
  rate,
  type TransitionTarget,
} from '../index.js';
import { type CoordinateOptions, coordinatesOf } from './analyzeND.js';
import type { DriftOptions } from './drift.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  indexOption,
  numberOption,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';
import { ENGINE_OPTION, exactBudget, type SessionPlan, withPoolSession } from './poolSession.js';
import { renderRateDrift, runRateDrift } from './rateDrift.js';
import { type NDOptions, renderRateND, runRateND, runRateNDSimulated } from './rateND.js';

/** What the simulation's progress counts, and its cheaper alternatives past the budget. */
const RATE_PLAN: SessionPlan = {
  unit: 'walkers',
  hint: 'use fewer --walkers, or kramers simulate --method ams over a high barrier',
};
interface RateOptions extends ProblemOptions {
  from?: string;
  fromX?: string;
  to?: string;
  toX?: string;
  reflectX?: string;
  method: string;
  simulate?: boolean;
  walkers: string;
  seed: string;
  workers?: string;
  dynamics: string;
}

function parseTarget(text: string): TransitionTarget {
  const t = text.trim();
  if (t === '-inf' || t === '+inf') return t;
  if (t === 'inf') return '+inf';
  return indexOption('to', t);
}

function parseMethods(text: string): MethodKey[] | undefined {
  if (text === 'all') return undefined;
  // The deterministic routes and the simulation: what one passage can be computed by.
  const known = [...Object.keys(ROUTES), 'simulation'];
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!known.includes(name)) {
      throw new KramersError(
        'invalid_parameter',
        `--method: unknown method '${name}'; choose from ${known.join(', ')} or all`,
        { issues: [{ path: 'method', message: 'unknown method' }] },
      );
    }
  }
  return names as MethodKey[];
}

function place(where: { well: number | string | null; x: number }, freeStart = false): string {
  const x = formatNumber(where.x, 8);
  if (where.well === null) return `x = ${x}`;
  if (freeStart) return `x = ${x} (in the basin of well ${where.well})`;
  if (where.well === '-inf' || where.well === '+inf') {
    return `${where.well === '-inf' ? '−∞' : '+∞'} (sink at x = ${x})`;
  }
  return `well ${where.well} (x = ${x})`;
}

function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const p = value * 100;
  return `${p >= 0 ? '+' : '−'}${formatNumber(Math.abs(p), 3)}%`;
}

function accuracy(r: RouteResult): string {
  const relative = r.relativeError ?? (r.error !== null && r.rate ? r.error / r.rate : null);
  if (relative !== null && relative !== undefined) return `± ${formatNumber(relative, 2)} rel.`;
  return r.rate === null ? '' : 'asymptotic';
}

/** The problem line and the passage: start, target, barrier, far side. */
function passageLines(report: RateReport, freeStart: boolean): string[] {
  const inertial = report.dynamics === 'underdamped';
  const b = report.barrier;
  const far = report.farSide;
  return [
    `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   γ = ${formatNumber(report.gamma)}${inertial ? `   m = ${formatNumber(report.mass)}   (underdamped)` : ''}`,
    `from ${place(report.from, freeStart)} to ${place(report.to)}${b ? ` over barrier ${b.index} (x = ${formatNumber(b.x, 8)}, ΔU = ${formatNumber(b.deltaU, 8)}, ΔU/D = ${formatNumber(b.deltaU / report.D, 6)})` : ''}`,
    `far side: ${far.kind === 'natural' ? 'natural boundary (U confines)' : `${far.kind} at x = ${formatNumber(far.x ?? Number.NaN, 8)}`}`,
  ];
}

/** What the numbers behind the reference and the spectral route are, and the friction regime. */
function detailLines(report: RateReport): string[] {
  const lines: string[] = [];
  const { exact, spectral, spatialDiffusion, kleinKramers } = report.methods;
  if (exact && exact.rate !== null && 'mfpt' in exact) {
    lines.push(
      `exact: MFPT = ${formatFromLog(exact.logMfpt, 10)} (relative error ± ${formatNumber(exact.relativeError ?? null, 2)})`,
    );
  }
  if (spectral && spectral.rate !== null && spectral.lambda1 !== undefined) {
    lines.push(
      `spectral: λ1 = ${formatNumber(spectral.lambda1, 10)}, λ2/λ1 = ${formatNumber(spectral.gap ?? null, 4)}`,
    );
  }
  if (kleinKramers && kleinKramers.lambda1 !== undefined) {
    lines.push(
      `kleinKramers: λ1 = ${formatNumber(kleinKramers.lambda1, 10)}, p_b = ${formatNumber(kleinKramers.targetPopulation ?? null, 6)}`,
    );
  }
  if (spatialDiffusion?.regime) {
    lines.push(
      `regime: ${spatialDiffusion.regime}, Δ = η_c I_s/D = ${formatNumber(spatialDiffusion.energyLoss, 4)}`,
    );
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

function renderRate(report: RateReport, freeStart: boolean): string {
  const entries = Object.entries(report.methods) as [string, RouteResult][];
  // The inertial comparison has always printed 8 digits (its routes differ in the third).
  const digits = report.dynamics === 'underdamped' ? 8 : 6;
  const reference = REFERENCE_METHOD[report.dynamics];
  // Rows by key (what --method takes); the catalogue's label and definition follow below.
  const rows = entries.map(([key, r]) => [
    key,
    formatFromLog(r.logRate, digits),
    accuracy(r),
    r.relativeToExact === undefined ? '' : percent(r.relativeToExact),
    r.retcode,
  ]);
  const lines = [
    ...passageLines(report, freeStart),
    '',
    table(['method', 'rate k (1/time)', 'accuracy', `vs ${reference}`, 'retcode'], rows),
    ...detailLines(report),
    '',
    'What each number is',
    ...entries.map(([key, r]) => `  ${methodInfo(key)?.label ?? key} [${key}]: ${r.definition}`),
    ...warningLines(report.warnings),
  ];
  return `${lines.join('\n')}\n`;
}

/** The library problem of `kramers rate`: the shared options plus the passage and the routes. */
function rateProblemOf(
  positional: string | undefined,
  options: RateOptions & Pick<NDOptions, 'grid' | 'tolerance'>,
): RateProblem {
  if (options.dynamics !== 'overdamped' && options.dynamics !== 'underdamped') {
    throw new KramersError(
      'invalid_parameter',
      `--dynamics: expected overdamped or underdamped, got '${options.dynamics}'`,
      { issues: [{ path: 'dynamics', message: 'unknown dynamics' }] },
    );
  }
  if (options.from !== undefined && options.fromX !== undefined) {
    throw new KramersError('usage', 'give either --from or --from-x, not both');
  }
  if (options.to !== undefined && options.toX !== undefined) {
    throw new KramersError('usage', 'give either --to or --to-x, not both');
  }
  // The grid options tune the N-D exact MFPT only: in x alone they would be silently ignored.
  for (const [given, name] of [
    [options.tolerance, '--tolerance'],
    [options.grid, '--grid'],
  ] as const) {
    if (given !== undefined) {
      throw new KramersError(
        'usage',
        `${name} is for a potential in several coordinates (the exact grid MFPT); the routes in x alone set their own accuracy`,
        { issues: [{ path: name.slice(2), message: 'several coordinates only' }] },
      );
    }
  }
  const methods = parseMethods(options.method);
  return {
    ...problemFromOptions(positional, options),
    dynamics: options.dynamics,
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined ? { fromX: numberOption('from-x', options.fromX) } : {}),
    ...(options.to !== undefined ? { to: parseTarget(options.to) } : {}),
    ...(options.toX !== undefined ? { toX: numberOption('to-x', options.toX) } : {}),
    ...(options.reflectX !== undefined
      ? { reflectX: numberOption('reflect-x', options.reflectX) }
      : {}),
    ...(methods ? { methods } : {}),
    ...(options.simulate
      ? {
          simulate: {
            walkers: indexOption('walkers', options.walkers),
            seed: indexOption('seed', options.seed),
          },
        }
      : {}),
  };
}

/** Everything `kramers rate` accepts: the passage in x, several coordinates or a drift field. */
type RateCommandOptions = RateOptions & NDOptions & CoordinateOptions & DriftOptions;

/** `kramers rate`: one escape by every route, side by side, with accuracy and regime warnings. */
export function registerRate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('rate')
    .description(
      'escape rate from a well by every route (Kramers, corrected Kramers, exact MFPT, spectral; with --dynamics underdamped the inertial theories and the exact Klein–Kramers rate) side by side',
    );
  addRateOptions(addProblemOptions(command, true)).action(
    (positional: string | undefined, options: RateCommandOptions) =>
      runRate(positional, options, io, setExit),
  );
}

/** The options of `kramers rate` beyond the shared problem options. */
function addRateOptions(command: Command): Command {
  return command
    .option(
      '--dynamics <kind>',
      "overdamped (default) or underdamped: TST, energy diffusion, spatial diffusion, Kramers, the Mel'nikov–Meshkov turnover and the exact Klein–Kramers rate",
      'overdamped',
    )
    .option('--from <well>', 'start well index (from analyze); default 0')
    .option('--from-x <x>', 'start position instead of a well')
    .option('--to <target>', 'target well index, -inf or +inf; default the first neighbour')
    .option('--to-x <x>', 'absorbing point instead of a target well')
    .option('--reflect-x <x>', 'reflecting wall on the far side (default natural boundary)')
    .option(
      '--method <names>',
      'route keys (comma-separated, see kramers methods) or all (the default routes of the dynamics)',
      'all',
    )
    .option(
      '--coords <names>',
      'coordinates of a potential in several dimensions (default x, y and z as the expression uses them); --domain then takes one a:b per coordinate',
    )
    .option('--to-region <inequalities>', 'several coordinates: a target region, e.g. "x >= 1"')
    .option(
      '--drift <b>',
      'a drift field, one expression per coordinate (dX = b dt + √(2D) dW): the exact 2-D MFPT beside the prefactor routes; a potential given too must be one whose Gibbs density b keeps; --from/--to then index stable fixed points',
    )
    .option(
      '--grid <nodes>',
      'several coordinates: nodes along the longer side of the finest exact grid (default 126)',
    )
    .option(
      '--tolerance <rel>',
      'several coordinates: relative tolerance of the exact grid MFPT (default 1e-4)',
    )
    .option('--simulate', 'add a Langevin simulation column (methods.simulation)')
    .option('--walkers <n>', 'walkers for --simulate', '1000')
    .option('--seed <n>', 'master seed for --simulate', '1')
    .option('--workers <n>', 'worker threads for --simulate (default: all cores)')
    .option(...ENGINE_OPTION)
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    );
}

/** Runs `kramers rate` on a drift field, a potential in several coordinates, or one in x. */
async function runRate(
  positional: string | undefined,
  options: RateCommandOptions,
  io: CliIO,
  setExit: (code: number) => void,
): Promise<void> {
  if (options.drift !== undefined) {
    const report = runRateDrift(positional, options, exactBudget(options));
    io.stdout(options.json ? toJson(report) : renderRateDrift(report));
    setExit(exitCodeOf(report.retcode));
    return;
  }
  const source = positional ?? options.expr ?? DEFAULT_POTENTIAL;
  const twice = positional !== undefined && options.expr !== undefined;
  const coordinates = twice ? null : coordinatesOf(source, options);
  if (coordinates !== null) {
    const report = options.simulate
      ? await withPoolSession(io, options, RATE_PLAN, (session) =>
          runRateNDSimulated(source, coordinates, options, exactBudget(options), {
            runner: session.runner,
            signal: session.signal,
            ...session.progress,
          }).finally(session.endProgress),
        )
      : runRateND(source, coordinates, options, exactBudget(options));
    io.stdout(options.json ? toJson(report) : renderRateND(report));
    setExit(exitCodeOf(report.retcode));
    return;
  }
  const problem = rateProblemOf(positional, options);
  const report = problem.simulate
    ? await withPoolSession(io, options, RATE_PLAN, (session) =>
        rate(problem, {
          runner: session.runner,
          signal: session.signal,
          ...session.progress,
        }).finally(session.endProgress),
      )
    : await rate(problem);
  io.stdout(options.json ? toJson(report) : renderRate(report, options.fromX !== undefined));
  setExit(exitCodeOf(report.retcode));
}
