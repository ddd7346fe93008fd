import type { Command } from 'commander';
import {
  methodInfo,
  type TurnoverMethod,
  type TurnoverProblem,
  type TurnoverReport,
  type TurnoverRow,
  turnover,
} from '../index.js';
import { formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  indexOption,
  numberOption,
  type ProblemOptions,
  problemFromOptions,
  relativeTolerance,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';
import { ENGINE_OPTION, type SessionPlan, withPoolSession } from './poolSession.js';

/** What the simulation's progress counts, and its cheaper alternatives past the budget. */
const TURNOVER_PLAN: SessionPlan = {
  unit: 'points',
  hint: 'use fewer --walkers or --points, a larger --gamma-min, or --exact alone',
};
interface TurnoverOptions extends ProblemOptions {
  gammaMin: string;
  gammaMax: string;
  points: string;
  from?: string;
  exact?: boolean;
  simulate?: boolean;
  walkers: string;
  seed: string;
  dt?: string;
  simulateGammas?: string;
  wellToWell?: boolean;
  tolerance: string;
  plot?: string;
  workers?: string;
}

const REGIME_SHORT: Record<TurnoverRow['regime'], string> = {
  'energy-diffusion': 'energy diff.',
  turnover: 'turnover',
  'spatial-diffusion': 'spatial diff.',
  overdamped: 'overdamped',
};

/** The table's route columns in order, with their digits. */
const THEORY_COLUMNS: readonly [TurnoverMethod, number][] = [
  ['tst', 5],
  ['energyDiffusion', 5],
  ['spatialDiffusion', 5],
  ['kramers', 5],
  ['melnikovMeshkov', 5],
];

function interval(ci: readonly [number, number] | null | undefined): string {
  return ci ? `[${formatNumber(ci[0], 3)}, ${formatNumber(ci[1], 3)}]` : '';
}

/** Which slow columns the report carries (they are present only when asked for). */
function slowColumns(report: TurnoverReport) {
  const has = (key: TurnoverMethod) => report.rows.some((r) => r.rates[key] !== undefined);
  return {
    exact: has('kleinKramers'),
    relaxation: has('relaxation'),
    simulation: has('simulation'),
  };
}

function tableOf(report: TurnoverReport): string {
  const slow = slowColumns(report);
  const short = (key: TurnoverMethod) => methodInfo(key)!.short;
  const header = ['γ', 'regime', 'Δ', ...THEORY_COLUMNS.map(([key]) => short(key))];
  if (slow.exact) header.push(short('kleinKramers'), '± rel.');
  if (slow.relaxation) header.push(short('relaxation'), '95% CI');
  if (slow.simulation) header.push(short('simulation'), '95% CI');
  const rows = report.rows.map((row) => {
    const r = row.rates;
    const cells = [
      formatNumber(row.gamma, 4),
      REGIME_SHORT[row.regime],
      formatNumber(row.energyLoss, 3),
      ...THEORY_COLUMNS.map(([key, digits]) => formatNumber(r[key], digits)),
    ];
    if (slow.exact) {
      const k = r.kleinKramers;
      const e = row.errors.kleinKramers;
      cells.push(
        formatNumber(k, 6),
        k && e !== null && e !== undefined ? formatNumber(e / k, 1) : '',
      );
    }
    if (slow.relaxation) cells.push(formatNumber(r.relaxation, 4), interval(row.ci95.relaxation));
    if (slow.simulation) cells.push(formatNumber(r.simulation, 4), interval(row.ci95.simulation));
    return cells;
  });
  return table(header, rows);
}

function maximumLines(report: TurnoverReport): string[] {
  const lines: string[] = [];
  if (report.maximum) {
    const m = report.maximum;
    // The exact maximum is interpolated between friction values: its ± (two digits) says how
    // far; the theory's own maximum is a search of the closed form, with nothing to add.
    // Where nothing bounds it (too few friction values about it): ≈ and no ±; the warning says why.
    const pm = (e: number | null) => (e !== null && e > 0 ? ` ± ${formatNumber(e, 2)}` : '');
    const is = m.retcode === 'success' ? '=' : '≈';
    const state = m.retcode === 'success' ? '' : ', not converged';
    lines.push(
      `maximum (${m.source}${state}): γ* ${is} ${formatNumber(m.gamma, 4)}${pm(m.gammaError)}, k* ${is} ${formatNumber(m.rate, 5)}${pm(m.rateError)}`,
    );
  } else {
    // No maximum inside the range: say so and why, rather than name an end of the range.
    lines.push(`maximum: — (${report.maximumNote ?? 'no rate to maximise'})`);
  }
  if (report.theoryMaximum && report.maximum?.source !== 'turnover') {
    lines.push(
      `Mel'nikov–Meshkov maximum: γ* = ${formatNumber(report.theoryMaximum.gamma, 4)}, k* = ${formatNumber(report.theoryMaximum.rate, 5)}`,
    );
  }
  return lines;
}

/** Each column's definition, from the method catalogue. */
function columnLines(report: TurnoverReport): string[] {
  const slow = slowColumns(report);
  const keys: TurnoverMethod[] = THEORY_COLUMNS.map(([key]) => key);
  if (slow.exact) keys.push('kleinKramers');
  if (slow.relaxation) keys.push('relaxation');
  if (slow.simulation) keys.push('simulation');
  return [
    'What each column is',
    '  Δ = η_c I_s/D: energy lost to friction along the barrier orbit, in units of D',
    ...keys.map((key) => {
      const info = methodInfo(key)!;
      return `  ${info.short}: ${info.definition} (${info.regime})`;
    }),
  ];
}

function render(report: TurnoverReport): string {
  const lines = [
    `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   m = ${formatNumber(report.mass)}   ΔU/D = ${formatNumber(report.barrierToNoise, 4)}   I_s = ${formatNumber(report.action, 8)}`,
    `rates: ${report.definition}`,
    '',
    tableOf(report),
    '',
    ...maximumLines(report),
    '',
    ...columnLines(report),
    ...warningLines(report.warnings),
  ];
  return `${lines.join('\n')}\n`;
}

/** `kramers turnover`: the escape rate across friction, every theory, exact and simulated. */
export function registerTurnover(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('turnover')
    .description(
      'Kramers turnover: the inertial escape rate against friction γ, every theory side by side, with an exact curve (--exact) and simulated points (--simulate)',
    );
  addProblemOptions(command, true, false)
    .option('--gamma-min <γ>', 'smallest friction coefficient', '0.01')
    .option('--gamma-max <γ>', 'largest friction coefficient', '100')
    .option('--points <n>', 'log-spaced friction values', '25')
    .option('--from <well>', 'start well index (from analyze); default 0')
    .option('--exact', 'add the exact rate from the Klein–Kramers spectrum (two confined wells)')
    .option('--simulate', 'add simulated points (BAOAB population relaxation) with 95% CIs')
    .option('--walkers <n>', 'walkers per simulated friction value', '4000')
    .option('--seed <n>', 'master seed of the simulation', '1')
    .option('--dt <dt>', 'BAOAB time step (default min(0.03/ω_max, 0.1·m/γ))')
    .option(
      '--simulate-gammas <list>',
      'comma-separated friction values to simulate (default: up to 7 of the table, within a step budget)',
    )
    .option(
      '--well-to-well',
      'with --simulate: also 1/MFPT from well bottom to well bottom (a different quantity, shown beside)',
    )
    .option('--tolerance <rel>', 'relative accuracy of the exact column', '1e-3')
    .option('--plot <file>', 'write a log-log plot: file.svg or file.png')
    .option('--workers <n>', 'worker threads for --simulate (default: all cores)')
    .option(...ENGINE_OPTION)
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    )
    .action(async (positional: string | undefined, options: TurnoverOptions) => {
      if (options.plot !== undefined) checkPlotFile(options.plot);
      const problem = turnoverProblemOf(positional, options);
      const slow = options.exact || options.simulate;
      const report = slow
        ? await withPoolSession(io, options, TURNOVER_PLAN, async (session) => {
            // The exact column on threads of its own, --workers of them (closed after).
            const exact = options.exact ? await exactPool(session.workers) : null;
            return turnover(problem, {
              runner: session.runner,
              signal: session.signal,
              ...(exact ? { exactRunner: exact } : {}),
              ...session.progress,
              ...session.budget,
            }).finally(async () => {
              session.endProgress();
              await exact?.close();
            });
          })
        : await turnover(problem);
      if (options.plot !== undefined) {
        const { writeTurnoverPlot } = await import('./turnoverPlot.js');
        await writeTurnoverPlot(report, options.plot);
      }
      io.stdout(options.json ? toJson(report) : render(report));
      setExit(exitCodeOf(report.retcode));
    });
}

/** The library problem described by the command's options. */
function turnoverProblemOf(
  positional: string | undefined,
  options: TurnoverOptions,
): TurnoverProblem {
  const { gamma: _, ...problem } = problemFromOptions(positional, options);
  return {
    ...problem,
    gammaMin: numberOption('gamma-min', options.gammaMin),
    gammaMax: numberOption('gamma-max', options.gammaMax),
    points: indexOption('points', options.points),
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.exact
      ? {
          exact: true,
          exactTolerance: relativeTolerance(numberOption('tolerance', options.tolerance)),
        }
      : {}),
    ...(options.simulate
      ? {
          simulate: {
            walkers: indexOption('walkers', options.walkers),
            seed: indexOption('seed', options.seed),
            ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
            ...(options.wellToWell ? { wellToWell: true } : {}),
            ...(options.simulateGammas !== undefined
              ? {
                  gammas: options.simulateGammas
                    .split(',')
                    .map((g) => numberOption('simulate-gammas', g)),
                }
              : {}),
          },
        }
      : {}),
  };
}

/** Loaded on demand, like the simulation pool: piscina costs start-up time. */
async function exactPool(workers: number) {
  const { createExactPool } = await import('./exactPool.js');
  return createExactPool(workers);
}
