import type { Command } from 'commander';
import { DEFAULT_POTENTIAL, KramersError, type SpectrumReport, spectrum } from '../index.js';
import { type CoordinateOptions, coordinatesOf } from './analyzeND.js';
import { formatNumber, table, warningLines } from './format.js';
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
import { exactBudget } from './poolSession.js';
import { renderSpectrumND, runSpectrumND } from './spectrumND.js';

interface SpectrumOptions extends ProblemOptions, CoordinateOptions {
  n: string;
  grid?: string;
  tolerance?: string;
  yes?: boolean;
  dynamics: string;
}

function renderSpectrum(report: SpectrumReport): string {
  const lines: string[] = [];
  lines.push(
    `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   γ = ${formatNumber(report.gamma)}`,
  );
  const end = (e: SpectrumReport['boundaries']['left']) =>
    e.kind === 'natural' ? 'natural' : `${e.kind} at x = ${formatNumber(e.x, 6)}`;
  lines.push(
    `boundaries: left ${end(report.boundaries.left)}, right ${end(report.boundaries.right)}; ${report.gridPoints} grid points`,
  );
  const inertial = report.dynamics === 'underdamped';
  if (inertial) {
    lines[0] += `   m = ${formatNumber(report.mass ?? 1)}`;
    lines[1] = `natural boundaries; ${report.gridPoints} Chebyshev points in x, Hermite functions in v`;
  }
  lines.push(
    '',
    inertial
      ? 'Slowest eigenvalues of the Klein-Kramers operator (underdamped, one per well)'
      : 'Eigenvalues of the Fokker-Planck (Smoluchowski) operator',
  );
  lines.push(
    table(
      ['k', 'λ_k', '± error', '1/λ_k'],
      report.eigenvalues.map((l, k) => [
        String(k),
        formatNumber(l, 10),
        formatNumber(report.errors[k], 2),
        formatNumber(report.relaxationTimes[k] ?? null, 6),
      ]),
    ),
  );
  if (report.gap !== null) lines.push('', `gap λ2/λ1 = ${formatNumber(report.gap, 6)}`);
  const matrices: [string, SpectrumReport['rateMatrix'] | SpectrumReport['exactRateMatrix']][] = [
    ['from the lowest modes', report.rateMatrix],
    ['from exact mean first-passage times', report.exactRateMatrix],
  ];
  const wells = report.rateMatrix?.wells ?? [];
  for (const [title, m] of matrices) {
    if (!m) continue;
    lines.push('', `Rate matrix between wells ${title} (row i → column j, 1/time)`);
    lines.push(
      table(
        ['from \\ to', ...wells.map((_, j) => String(j)), 'population'],
        m.matrix.map((row, i) => [
          `${i} (x = ${formatNumber(wells[i]!, 6)})`,
          ...row.map((v) => formatNumber(v, 6)),
          formatNumber(m.populations[i]!, 6),
        ]),
      ),
    );
    const errors = m === report.rateMatrix ? report.rateMatrix.errors : undefined;
    if (errors) {
      lines.push(
        '  ± error of each element',
        table(
          ['from \\ to', ...wells.map((_, j) => String(j))],
          errors.map((row, i) => [String(i), ...row.map((v) => formatNumber(v, 2))]),
        ),
      );
    }
    lines.push(
      `  relaxation times: ${m.relaxationTimes.map((t) => formatNumber(t, 6)).join(', ')}`,
    );
  }
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers spectrum`: the lowest Fokker-Planck eigenvalues, the gap and the well rate matrix. */
export function registerSpectrum(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('spectrum')
    .description(
      'lowest eigenvalues of the Fokker-Planck operator, the gap λ2/λ1 and rates between wells',
    );
  addProblemOptions(command)
    .option('--n <count>', 'eigenvalues wanted, λ0 included', '5')
    .option(
      '--coords <names>',
      'coordinates of a potential in several dimensions (2-D: the spectrum on grids of the box, walls reflecting)',
    )
    .option(
      '--grid <nodes>',
      'several coordinates: nodes along the longer side of the finest grid (default 126)',
    )
    .option(
      '--tolerance <rel>',
      'relative tolerance of λ1… (default 1e-8 in one coordinate, 1e-4 in several)',
    )
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    )
    .option(
      '--dynamics <kind>',
      'overdamped (Smoluchowski) or underdamped (Klein-Kramers: the slow modes, with --gamma and --mass)',
      'overdamped',
    )
    .action((positional: string | undefined, options: SpectrumOptions) => {
      if (options.dynamics !== 'overdamped' && options.dynamics !== 'underdamped') {
        throw new KramersError(
          'usage',
          `--dynamics: expected overdamped or underdamped, got '${options.dynamics}'`,
        );
      }
      const source = positional ?? options.expr ?? DEFAULT_POTENTIAL;
      const twice = positional !== undefined && options.expr !== undefined;
      const coordinates = twice ? null : coordinatesOf(source, options);
      if (coordinates !== null) {
        if (options.dynamics === 'underdamped') {
          throw new KramersError(
            'usage',
            '--dynamics underdamped: the Klein-Kramers spectrum is one-dimensional for now',
            { hint: 'in several coordinates: kramers spectrum "<U(x, y)>" (overdamped)' },
          );
        }
        const report = runSpectrumND(source, coordinates, options, exactBudget(options));
        io.stdout(options.json ? toJson(report) : renderSpectrumND(report));
        setExit(exitCodeOf(report.retcode));
        return;
      }
      const report = spectrum({
        ...problemFromOptions(positional, options),
        n: indexOption('n', options.n),
        dynamics: options.dynamics,
        ...(options.tolerance !== undefined
          ? { tolerance: numberOption('tolerance', options.tolerance) }
          : {}),
      });
      io.stdout(options.json ? toJson(report) : renderSpectrum(report));
      setExit(exitCodeOf(report.retcode));
    });
}
