import type { Command } from 'commander';
import { type TurnoverReport, type TurnoverRow, turnover } from '../index.js';
import { formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  EXIT_NUMERICAL,
  EXIT_SUCCESS,
  indexOption,
  numberOption,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';

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
}

const REGIME_SHORT: Record<TurnoverRow['regime'], string> = {
  'energy-diffusion': 'energy diff.',
  turnover: 'turnover',
  'spatial-diffusion': 'spatial diff.',
  overdamped: 'overdamped',
};

function render(report: TurnoverReport): string {
  const lines: string[] = [];
  lines.push(
    `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   m = ${formatNumber(report.mass)}   ΔU/D = ${formatNumber(report.barrierToNoise, 4)}   I_s = ${formatNumber(report.action, 8)}`,
  );
  lines.push(`rates: ${report.definition}`, '');
  const hasExact = report.rows.some((r) => r.rates.exact !== undefined);
  const hasSim = report.rows.some((r) => r.rates.simulated !== undefined);
  const header = [
    'γ',
    'regime',
    'Δ',
    'TST',
    'energy diff.',
    'spatial diff.',
    'overdamped',
    'MM turnover',
  ];
  if (hasExact) header.push('exact', '± rel.');
  if (hasSim) header.push('simulated', '95% CI');
  const hasW2W = report.rows.some((r) => r.rates.simulatedWellToWell !== undefined);
  if (hasW2W) header.push('1/MFPT well→well', '95% CI');
  const rows = report.rows.map((row) => {
    const r = row.rates;
    const cells = [
      formatNumber(row.gamma, 4),
      REGIME_SHORT[row.regime],
      formatNumber(row.energyLoss, 3),
      formatNumber(r.tst, 5),
      formatNumber(r.energyDiffusion, 5),
      formatNumber(r.spatialDiffusion, 5),
      formatNumber(r.overdamped, 5),
      formatNumber(r.turnover, 5),
    ];
    if (hasExact) {
      cells.push(
        formatNumber(r.exact, 6),
        r.exact && r.exactError !== null && r.exactError !== undefined
          ? formatNumber(r.exactError / r.exact, 1)
          : '',
      );
    }
    if (hasSim) {
      cells.push(
        formatNumber(r.simulated, 4),
        r.simulatedCI95
          ? `[${formatNumber(r.simulatedCI95[0], 3)}, ${formatNumber(r.simulatedCI95[1], 3)}]`
          : '',
      );
    }
    if (hasW2W) {
      const ci = r.simulatedWellToWellCI95;
      cells.push(
        formatNumber(r.simulatedWellToWell, 4),
        ci ? `[${formatNumber(ci[0], 3)}, ${formatNumber(ci[1], 3)}]` : '',
      );
    }
    return cells;
  });
  lines.push(table(header, rows));
  lines.push('');
  if (report.maximum) {
    lines.push(
      `maximum (${report.maximum.source}): γ* = ${formatNumber(report.maximum.gamma, 4)}, k* = ${formatNumber(report.maximum.rate, 5)}`,
    );
  }
  if (report.theoryMaximum && report.maximum?.source !== 'turnover') {
    lines.push(
      `Mel'nikov–Meshkov maximum: γ* = ${formatNumber(report.theoryMaximum.gamma, 4)}, k* = ${formatNumber(report.theoryMaximum.rate, 5)}`,
    );
  }
  lines.push(
    '',
    'What each column is',
    '  Δ = η_c I_s/D: energy lost to friction along the barrier orbit, in units of D',
    '  TST: (ω_a/2π) e^{−ΔU/D}, the upper bound (no recrossing, thermalised well)',
    `  energy diff.: (η_c I_s/D)(ω_a/2π) e^{−ΔU/D}${report.geometry === 'symmetric-double-well' ? ' / 2 (half of the escaped return to the other well)' : ''}, weak friction (Kramers 1940)`,
    '  spatial diff.: (ω_a/2πω_s)(√(η_c²/4+ω_s²) − η_c/2) e^{−ΔU/D}, moderate-to-strong friction (Kramers 1940)',
    '  overdamped: √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D}, strong friction',
    `  MM turnover: ${report.geometry === 'symmetric-double-well' ? 'A(Δ)²/A(2Δ)' : 'A(Δ)'} × spatial diff., all friction (Mel'nikov & Meshkov 1986); finite-barrier error O(D/ΔU)`,
  );
  if (hasExact)
    lines.push(
      '  exact: λ1·p_b from the lowest non-zero Klein–Kramers eigenvalue (Hermite × grid), population relaxation',
    );
  if (hasSim && report.simulation) lines.push(`  simulated: ${report.simulation.definition}`);
  if (hasW2W)
    lines.push(
      '  1/MFPT well→well: inverse mean first-passage time from the start well bottom to the other bottom (BAOAB); not λ1·p_b: at weak friction it counts fast recrossings, at strong friction it differs by ~10% at ΔU/D = 2.5',
    );
  lines.push(...warningLines(report.warnings));
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
    .action(async (positional: string | undefined, options: TurnoverOptions) => {
      if (options.plot) checkPlotFile(options.plot);
      const problem = problemFromOptions(positional, options);
      const report = turnover({
        ...problem,
        gammaMin: numberOption('gamma-min', options.gammaMin),
        gammaMax: numberOption('gamma-max', options.gammaMax),
        points: indexOption('points', options.points),
        ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
        ...(options.exact
          ? { exact: true, exactTolerance: numberOption('tolerance', options.tolerance) }
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
      });
      if (options.plot) {
        const { writeTurnoverPlot } = await import('./turnoverPlot.js');
        await writeTurnoverPlot(report, options.plot);
      }
      io.stdout(options.json ? toJson(report) : render(report));
      const missing =
        options.exact === true &&
        report.rows.some((r) => r.rates.exact === null || r.rates.exact === undefined);
      const unconverged = report.warnings.some((w) => w.includes('converged only'));
      setExit(missing || unconverged ? EXIT_NUMERICAL : EXIT_SUCCESS);
    });
}
