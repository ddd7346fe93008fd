import {
  KramersError,
  type SimulateDriftProblem,
  type SimulationReportDrift,
  simulateDrift,
} from '../index.js';
import { type DriftOptions, driftProblemFromOptions } from './drift.js';
import { formatNumber, mfptTable, warningLines } from './format.js';
import { type CliIO, exitCodeOf, indexOption, numberOption, toJson } from './options.js';
import { withPoolSession } from './poolSession.js';
import { pointOption } from './simulateND.js';

/** The options `kramers simulate --drift` reads. */
export interface SimulateDriftOptions extends DriftOptions {
  dynamics: string;
  method: string;
  ams?: boolean;
  from?: string;
  fromX?: string;
  to?: string;
  toX?: string;
  toRegion?: string;
  walkers: string;
  dt?: string;
  tmax?: string;
  seed: string;
  extrapolate?: boolean;
  checkpoint?: string;
  reactionCoordinate?: string;
  workers?: string;
  yes?: boolean;
}

/** Options that mean nothing for walkers driven by a drift: refused, never silently ignored. */
function refuseUnused(options: SimulateDriftOptions): void {
  const refuse = (what: string, why: string) => {
    throw new KramersError('usage', `${what} ${why}`, {
      hint: 'kramers simulate --drift "b_x, b_y" --domain … --from-x -1,0 --to-region "x >= 1"',
    });
  };
  if (options.ams || options.method !== 'direct')
    refuse('--method/--ams', 'is not offered with --drift: walkers (--method direct) only');
  if (options.dynamics !== 'overdamped')
    refuse('--dynamics', 'must stay overdamped with --drift: dX = b dt + √(2D) dW');
  if (options.gamma !== undefined && options.gamma !== '1')
    refuse('--gamma', 'does not apply with --drift: the drift b already includes the mobility');
  if (options.mass !== undefined) refuse('--mass', 'does not apply with --drift (overdamped)');
  if (options.toX !== undefined)
    refuse('--to-x', 'is a point on a line; with --drift give --to-region or --to STABLE');
  if (options.checkpoint !== undefined) refuse('--checkpoint', 'covers one coordinate only');
  if (options.extrapolate) refuse('--extrapolate', 'covers one coordinate only');
  if (options.reactionCoordinate !== undefined) refuse('--reaction-coordinate', 'is for --ams');
}

/** The library problem of `kramers simulate --drift`. */
export function simulateDriftProblem(
  positional: string | undefined,
  options: SimulateDriftOptions,
): SimulateDriftProblem {
  refuseUnused(options);
  const problem = driftProblemFromOptions(positional, options);
  const coordinates = problem.coordinates ?? ['x', 'y'];
  return {
    ...problem,
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined
      ? { fromX: pointOption('from-x', options.fromX, coordinates) }
      : {}),
    ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
    ...(options.toRegion !== undefined ? { toRegion: options.toRegion } : {}),
    walkers: indexOption('walkers', options.walkers),
    ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
    ...(options.tmax !== undefined ? { tMax: numberOption('tmax', options.tmax) } : {}),
    seed: indexOption('seed', options.seed),
  };
}

const pointText = (x: readonly number[]) => `(${x.map((v) => formatNumber(v, 6)).join(', ')})`;

/** The table of a first-passage simulation driven by a drift. */
export function renderSimulationDrift(r: SimulationReportDrift): string {
  const c = r.coordinates;
  // (Interrupted before any walker finished: no walkers, no bound, dashes.)
  const none = r.estimator === 'none' && r.walkers > 0;
  const lines = [
    `b(${c.join(', ')}) = (${r.drift.drift})   D = ${formatNumber(r.D)}   dX = b dt + √(2D) dW, box walls reflect`,
    `from ${pointText(r.from.x)} (nearest stable point ${r.from.stable}) into ${r.to.description}`,
    `${r.walkers} walkers (${r.censored} censored at t = ${formatNumber(r.tMax)}), dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps${r.engine ? ` (${r.engine} engine)` : ''}`,
    '',
    // The exact MFPT where it sized the run (the box's walls govern): the walkers' reference.
    mfptTable(
      r,
      none,
      r.exactMfpt !== null ? [['exact MFPT', formatNumber(r.exactMfpt, 8), '', '']] : [],
    ),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers simulate --drift`: walkers driven by a drift field, on the worker pool. */
export async function simulateWithDrift(
  positional: string | undefined,
  options: SimulateDriftOptions,
  io: CliIO,
  setExit: (code: number) => void,
): Promise<void> {
  const problem = simulateDriftProblem(positional, options);
  const plan = {
    unit: 'walkers',
    hint: 'use fewer --walkers, a larger --dt, or a --tmax to censor at',
  };
  await withPoolSession(io, options, plan, async (session) => {
    const report = await simulateDrift(problem, {
      runner: session.runner,
      signal: session.signal,
      ...session.progress,
      ...session.budget,
    });
    session.endProgress();
    io.stdout(options.json ? toJson({ ...report, workers: session.workers }) : render(report));
    setExit(exitCodeOf(report.retcode));
  });
}

const render = renderSimulationDrift;
