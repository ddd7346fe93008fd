import type { Command } from 'commander';
import {
  KramersError,
  minimumEnergyPathND,
  type PathReport,
  prepareND,
  quasiPotentialPath,
  type TransitionSpecDrift,
} from '../index.js';
import { requireTwoCoordinates } from './analyze.js';
import { type CoordinateOptions, coordinatesOf, problemNDFromOptions } from './analyzeND.js';
import { type DriftOptions, driftProblemFromOptions, renderQuasiPotential } from './drift.js';
import { formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  indexOption,
  numberOption,
  type ProblemOptions,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';

interface PathOptions extends ProblemOptions, CoordinateOptions, DriftOptions {
  from?: string;
  fromX?: string;
  to?: string;
  plot?: string;
  toX?: string;
  method?: string;
}

function pointOption(name: string, text: string): number[] {
  return text.split(',').map((v) => numberOption(name, v));
}

/** `--method gmam`: the minimum action path of a drift (or of b = −∇U), from a stable point to a saddle. */
function gmamPath(positional: string | undefined, options: PathOptions) {
  const spec: TransitionSpecDrift = {
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined ? { fromX: pointOption('from-x', options.fromX) } : {}),
    ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
    ...(options.toX !== undefined ? { toX: pointOption('to-x', options.toX) } : {}),
  };
  return quasiPotentialPath(driftProblemFromOptions(positional, options), spec);
}

/** The path method: gmam with --drift (the default there), mep (the default) for a potential. */
function methodOf(options: PathOptions): 'gmam' | 'mep' {
  const method = options.method ?? (options.drift !== undefined ? 'gmam' : 'mep');
  if (method !== 'gmam' && method !== 'mep') {
    throw new KramersError('usage', `--method '${method}': expected gmam or mep`, {
      hint: 'gmam: minimum action path of a drift; mep: minimum-energy path of a potential',
    });
  }
  if (method === 'mep' && options.drift !== undefined) {
    throw new KramersError('usage', 'a drift field has no minimum-energy path: use --method gmam', {
      hint: 'kramers path --drift "…" --method gmam --domain …',
    });
  }
  return method;
}

/** About `rows` points of the path, evenly spaced in arc length, with every saddle and minimum. */
function sampled(report: PathReport, rows: number) {
  const { path } = report;
  const length = path[path.length - 1]?.s ?? 0;
  const keep = new Set<number>([0, path.length - 1]);
  let next = 0;
  path.forEach((q, k) => {
    if (q.s >= next) {
      keep.add(k);
      next = q.s + length / rows;
    }
    // Local maxima and minima of U along the path: the saddles and intermediate minima.
    const before = path[k - 1]?.U;
    const after = path[k + 1]?.U;
    if (before !== undefined && after !== undefined) {
      if ((q.U >= before && q.U >= after) || (q.U <= before && q.U <= after)) keep.add(k);
    }
  });
  return [...keep].sort((a, b) => a - b).map((k) => path[k]!);
}

function renderPath(report: PathReport): string {
  const c = report.coordinates;
  const lines = [`U(${c.join(', ')}) = ${report.potential.expression}`];
  lines.push(
    `minimum-energy path from minimum ${report.from} to minimum ${report.to}: through minima ${report.minima.join(' → ')}, over saddle${report.saddles.length === 1 ? '' : 's'} ${report.saddles.join(', ')}`,
  );
  lines.push(
    `barrier ΔU = ${formatNumber(report.barrier, 8)} (highest saddle above the start); ${report.path.length} points, length ${formatNumber(report.path[report.path.length - 1]?.s ?? 0, 6)}`,
  );
  lines.push('', 'Energy profile along the arc length s (--json gives every point)');
  lines.push(
    table(
      ['s', ...c, 'U'],
      sampled(report, 20).map((q) => [
        formatNumber(q.s, 6),
        ...q.x.map((v) => formatNumber(v, 6)),
        formatNumber(q.U, 8),
      ]),
    ),
  );
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers path`: the minimum-energy path between two minima of U(x, y, …). */
export function registerPath(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('path')
    .description(
      'the minimum-energy path between two minima of a potential in several coordinates, through the saddles between them, with its energy profile; with --drift (--method gmam) the minimum action path and quasi-potential barrier from a stable point to a saddle',
    )
    .option(
      '--coords <names>',
      'coordinates, e.g. x,y (default: x, y and z as the expression uses them)',
    )
    .option('--from <well>', 'start minimum (index from kramers analyze; default 0, the deepest)')
    .option(
      '--from-x <point>',
      'a start point, e.g. -0.5,1.4: the path starts from the minimum below it',
    )
    .option(
      '--to <well>',
      'target minimum (default: the neighbour over the lowest saddle); with gmam, a saddle (fixed point index)',
    )
    .option('--to-x <point>', 'with gmam: the saddle nearest this point')
    .option(
      '--drift <b>',
      'a drift field, one expression per coordinate, e.g. "x - x^3 - 10*x*y^2, -(1+x^2)*y"',
    )
    .option(
      '--method <m>',
      'mep (minimum-energy path of U; default) or gmam (minimum action path and quasi-potential of a drift, or of −∇U)',
    )
    .option(
      '--plot <file>',
      'in two coordinates: write the contour map with the path and its energy profile (file.svg or file.png)',
    );
  addProblemOptions(command, false, false).action(
    async (positional: string | undefined, options: PathOptions) => {
      if (methodOf(options) === 'gmam') {
        const report = gmamPath(positional, options);
        io.stdout(options.json ? toJson(report) : renderQuasiPotential(report));
        setExit(exitCodeOf(report.retcode));
        return;
      }
      if (positional !== undefined && options.expr !== undefined) {
        throw new KramersError(
          'usage',
          'give the expression once: as an argument or with --expr, not both',
        );
      }
      const source = positional ?? options.expr;
      const coordinates = source === undefined ? null : coordinatesOf(source, options);
      if (source === undefined || coordinates === null) {
        throw new KramersError(
          'usage',
          'kramers path needs a potential in several coordinates, e.g. "x^4/4 - x^2/2 + y^2" --domain -2:2,-1:1',
          {
            hint: 'in one coordinate the path is the x axis: kramers analyze gives its wells and barriers',
          },
        );
      }
      if (options.plot !== undefined) {
        requireTwoCoordinates(coordinates);
        checkPlotFile(options.plot);
      }
      const prepared = prepareND(problemNDFromOptions(source, coordinates, options));
      const report = minimumEnergyPathND(prepared, {
        ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
        ...(options.fromX !== undefined
          ? { fromX: options.fromX.split(',').map((v) => numberOption('from-x', v)) }
          : {}),
        ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
      });
      if (options.plot !== undefined) {
        const { pathFigure, writeSurfacePlot } = await import('./surfacePlot.js');
        await writeSurfacePlot(pathFigure(prepared, report), options.plot);
      }
      io.stdout(options.json ? toJson(report) : renderPath(report));
      setExit(exitCodeOf(report.retcode));
    },
  );
}
