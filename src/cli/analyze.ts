import type { Command } from 'commander';
import {
  type AnalysisReport,
  analyze,
  analyzeND,
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
} from '../index.js';
import {
  type CoordinateOptions,
  coordinatesOf,
  problemNDFromOptions,
  renderAnalysisND,
} from './analyzeND.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';

function targetName(to: number | '-inf' | '+inf'): string {
  return to === '-inf' ? '−∞' : to === '+inf' ? '+∞' : String(to);
}

function renderAnalysis(report: AnalysisReport): string {
  const lines: string[] = [];
  lines.push(`U(x) = ${report.potential.expression}`);
  const params = Object.entries(report.potential.parameters);
  if (params.length > 0) lines.push(`  with ${params.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  lines.push(
    `D = ${formatNumber(report.D)}   γ = ${formatNumber(report.gamma)}   m = ${formatNumber(report.mass)}   domain ${formatNumber(report.domain.min)}:${formatNumber(report.domain.max)} (${report.domainSource})`,
  );
  const pointRows = (points: AnalysisReport['wells']) =>
    points.map((p) => [
      String(p.index),
      formatNumber(p.x, 8),
      formatNumber(p.U, 8),
      formatNumber(p.d2U, 8),
      formatNumber(p.omega, 6),
      p.degenerate ? 'degenerate (U″ ≈ 0)' : '',
    ]);
  lines.push('', 'Wells (local minima)');
  lines.push(table(['#', 'x_a', 'U', 'U″', 'ω_a', ''], pointRows(report.wells)));
  lines.push('', 'Barriers (local maxima)');
  lines.push(
    report.barriers.length > 0
      ? table(['#', 'x_s', 'U', 'U″', 'ω_s', ''], pointRows(report.barriers))
      : '  none',
  );
  lines.push('', 'Transitions: one-way escape rates k (1/time)');
  if (report.transitions.length > 0) {
    lines.push(
      table(
        [
          'from',
          'to',
          'barrier',
          'ΔU',
          'ΔU/D',
          'e^(−ΔU/D)',
          'TST k',
          'Kramers k',
          'exact k (1/MFPT)',
        ],
        report.transitions.map((t) => [
          String(t.from),
          targetName(t.to),
          String(t.barrier),
          formatNumber(t.deltaU, 8),
          formatNumber(t.barrierToNoise, 6),
          formatFromLog(t.logArrheniusFactor),
          formatFromLog(t.logRates.tst),
          formatFromLog(t.logRates.kramers),
          formatFromLog(t.logRates.exact),
        ]),
      ),
    );
  } else {
    lines.push('  none');
  }
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers analyze`: wells, barriers, transitions and closed-form rates. */
export function registerAnalyze(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('analyze')
    .description(
      `wells, barriers, curvatures and closed-form escape rates of U(x) (default: ${DEFAULT_POTENTIAL} at D = ${DEFAULT_NOISE}); in several coordinates (an expression in x and y, or --coords), minima, index-1 saddles, harmonic TST and Langer's rates`,
    )
    .option(
      '--coords <names>',
      'coordinates of a potential in several dimensions, e.g. x,y (default: x, y and z as the expression uses them); --domain then takes one a:b per coordinate and --gamma/--mass a number or a matrix row by row (2,0.5,0.5,1)',
    );
  addProblemOptions(command).action(
    (positional: string | undefined, options: ProblemOptions & CoordinateOptions) => {
      const source = positional ?? options.expr ?? DEFAULT_POTENTIAL;
      // Given twice: problemFromOptions below says so.
      const twice = positional !== undefined && options.expr !== undefined;
      const coordinates = twice ? null : coordinatesOf(source, options);
      if (coordinates !== null) {
        const report = analyzeND(problemNDFromOptions(source, coordinates, options));
        io.stdout(options.json ? toJson(report) : renderAnalysisND(report));
        setExit(exitCodeOf(report.retcode));
        return;
      }
      const report = analyze(problemFromOptions(positional, options));
      io.stdout(options.json ? toJson(report) : renderAnalysis(report));
      setExit(exitCodeOf(report.retcode));
    },
  );
}
