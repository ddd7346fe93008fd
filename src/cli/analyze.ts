import type { Command } from 'commander';
import {
  type AnalysisReport,
  analyze,
  analyzeDrift,
  analyzeND,
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
  KramersError,
  prepareND,
} from '../index.js';
import {
  type CoordinateOptions,
  coordinatesOf,
  problemNDFromOptions,
  renderAnalysisND,
} from './analyzeND.js';
import { type DriftOptions, driftProblemFromOptions, renderDriftAnalysis } from './drift.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';

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

/** --plot draws a map: the potential must have two coordinates. */
export function requireTwoCoordinates(coordinates: readonly string[] | null): void {
  if (coordinates?.length === 2) return;
  throw new KramersError(
    'usage',
    `--plot draws the map of a potential in two coordinates; this one has ${coordinates?.length ?? 1}`,
    {
      issues: [{ path: 'plot', message: 'not two-dimensional' }],
      hint: 'kramers turnover and kramers resonance --plot draw one-coordinate problems',
    },
  );
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
      '--drift <b>',
      'a drift field, one expression per coordinate, e.g. "x - x^3 - 10*x*y^2, -(1+x^2)*y": fixed points, quasi-potential barriers (gMAM) and prefactor routes; with a potential too, b must keep its Gibbs density',
    )
    .option(
      '--coords <names>',
      'coordinates of a potential in several dimensions, e.g. x,y (default: x, y and z as the expression uses them); --domain then takes one a:b per coordinate and --gamma/--mass a number or a matrix row by row (2,0.5,0.5,1)',
    )
    .option(
      '--plot <file>',
      'in two coordinates: write the contour map with minima, saddles and minimum-energy paths (file.svg or file.png)',
    );
  addProblemOptions(command).action(
    async (
      positional: string | undefined,
      options: ProblemOptions & CoordinateOptions & DriftOptions & { plot?: string },
    ) => {
      if (options.drift !== undefined) {
        const report = analyzeDrift(driftProblemFromOptions(positional, options));
        io.stdout(options.json ? toJson(report) : renderDriftAnalysis(report));
        setExit(exitCodeOf(report.retcode));
        return;
      }
      const source = positional ?? options.expr ?? DEFAULT_POTENTIAL;
      // Given twice: problemFromOptions below says so.
      const twice = positional !== undefined && options.expr !== undefined;
      const coordinates = twice ? null : coordinatesOf(source, options);
      if (options.plot !== undefined) {
        requireTwoCoordinates(coordinates);
        checkPlotFile(options.plot);
      }
      if (coordinates !== null) {
        const prepared = prepareND(problemNDFromOptions(source, coordinates, options));
        const report = analyzeND(prepared);
        if (options.plot !== undefined) {
          const { analysisFigure, writeSurfacePlot } = await import('./surfacePlot.js');
          await writeSurfacePlot(analysisFigure(prepared, report), options.plot);
        }
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
