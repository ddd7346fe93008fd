import type { Command } from 'commander';
import { KramersError, minimumEnergyPathND, type PathReport } from '../index.js';
import { type CoordinateOptions, coordinatesOf, problemNDFromOptions } from './analyzeND.js';
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

interface PathOptions extends ProblemOptions, CoordinateOptions {
  from?: string;
  fromX?: string;
  to?: string;
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
      'the minimum-energy path between two minima of a potential in several coordinates, through the saddles between them, with its energy profile',
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
    .option('--to <well>', 'target minimum (default: the neighbour over the lowest saddle)');
  addProblemOptions(command, false, false).action(
    (positional: string | undefined, options: PathOptions) => {
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
      const report = minimumEnergyPathND(problemNDFromOptions(source, coordinates, options), {
        ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
        ...(options.fromX !== undefined
          ? { fromX: options.fromX.split(',').map((v) => numberOption('from-x', v)) }
          : {}),
        ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
      });
      io.stdout(options.json ? toJson(report) : renderPath(report));
      setExit(exitCodeOf(report.retcode));
    },
  );
}
