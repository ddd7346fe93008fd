import {
  KramersError,
  type RateDriftProblem,
  type RateDriftReport,
  type RouteResult,
  rateDrift,
} from '../index.js';
import { type DriftOptions, driftProblemFromOptions } from './drift.js';
import { formatNumber, warningLines } from './format.js';
import { indexOption } from './options.js';
import {
  definitionLines,
  exactLines,
  gridOptions,
  type NDOptions,
  parallelSaddleLines,
  point,
  pointOption,
  routesTable,
} from './rateND.js';

/** Refuses what `rate` takes elsewhere but a drift passage does not, by name. */
function requireDriftOptions(options: NDOptions): void {
  const refused: [unknown, string, string][] = [
    [options.toX, '--to-x', 'a target region, --to-region "x >= 1", or a stable point, --to N'],
    [options.reflectX, '--reflect-x', 'the box (--domain): its walls reflect'],
    [options.simulate, '--simulate', 'the exact column (walkers with a drift are not in rate yet)'],
  ];
  for (const [given, name, instead] of refused) {
    if (given !== undefined && given !== false) {
      throw new KramersError('usage', `${name} does not apply with --drift; use ${instead}`);
    }
  }
  if (options.dynamics !== 'overdamped') {
    throw new KramersError(
      'usage',
      '--drift is overdamped (dX = b dt + √(2D) dW): --dynamics underdamped does not apply',
    );
  }
  if (options.method !== 'all') {
    throw new KramersError(
      'usage',
      '--method does not apply with --drift: the exact route and the prefactor routes always run',
    );
  }
}

/** The library request of `kramers rate --drift`. */
export function rateDriftRequest(
  positional: string | undefined,
  options: NDOptions & DriftOptions,
): RateDriftProblem {
  requireDriftOptions(options);
  const base = driftProblemFromOptions(positional, options);
  const n = base.domain.length;
  return {
    ...base,
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined ? { fromX: pointOption('from-x', options.fromX, n) } : {}),
    ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
    ...(options.toRegion !== undefined ? { toRegion: options.toRegion } : {}),
    ...gridOptions(options),
  };
}

/** Which saddles the escape goes over: one, or the parallel ones the prefactor routes sum. */
function saddleLinesDrift(from: string, saddles: RateDriftReport['saddles']): string[] {
  const over = saddles.map(
    (s) =>
      `saddle ${s.index} at ${point(s.x)}: ΔΦ (gMAM) = ${formatNumber(s.quasiPotential, 8)}, ΔΦ/D = ${formatNumber(s.barrierToNoise, 6)}`,
  );
  return parallelSaddleLines(`${from} over`, over, 'the prefactor routes');
}

/** The tables of `kramers rate --drift`. */
export function renderRateDrift(report: RateDriftReport): string {
  const c = report.coordinates;
  const entries = Object.entries(report.methods) as [string, RouteResult][];
  const f = report.from.fixedPoint;
  const lines = [
    `b(${c.join(', ')}) = (${report.drift.drift})   D = ${formatNumber(report.D)}`,
    ...(report.drift.potential !== undefined
      ? [`  keeping the Gibbs density of U = ${report.drift.potential}`]
      : []),
    `from ${point(report.from.x)} into ${report.to.description}`,
    ...saddleLinesDrift(`escape from stable point ${f.index} at ${point(f.x)}`, report.saddles),
    '',
    routesTable(entries),
  ];
  lines.push(...exactLines(report.methods.exact));
  lines.push(
    '',
    'What each number is',
    ...definitionLines(entries),
    ...warningLines(report.warnings),
  );
  return `${lines.join('\n')}\n`;
}

/** `kramers rate --drift`. */
export function runRateDrift(
  positional: string | undefined,
  options: NDOptions & DriftOptions,
  budget: { budgetSeconds?: number },
): RateDriftReport {
  return rateDrift({ ...rateDriftRequest(positional, options), ...budget });
}
