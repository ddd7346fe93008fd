import type { Command } from 'commander';
import {
  type AmsProblemND,
  type AmsReportND,
  isKramersError,
  KramersError,
  prepareND,
  type RetCode,
  type SimulateProblemND,
  type SimulationReportND,
  simulateAmsND,
  simulateND,
  walkerPathsND,
} from '../index.js';
import { requireTwoCoordinates } from './analyze.js';
import { type CoordinateOptions, coordinatesOf, problemNDFromOptions } from './analyzeND.js';
import { formatNumber, mfptTable, warningLines } from './format.js';
import { refuseMethodOptions, requireMethodOptions, type SimulateMethod } from './methodOptions.js';
import {
  type CliIO,
  exitCodeOf,
  indexOption,
  numberOption,
  type ProblemOptions,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';
import { type PoolSession, withPoolSession } from './poolSession.js';

/** The options `kramers simulate` reads for a potential in several coordinates. */
export interface SimulateNDOptions extends ProblemOptions, CoordinateOptions {
  dynamics: string;
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
  workers?: string;
  yes?: boolean;
  replicas: string;
  runs: string;
  reactionCoordinate?: string;
  plot?: string;
}

/** A point `-1,0` with one number per coordinate. */
export function pointOption(name: string, text: string, coordinates: readonly string[]): number[] {
  const values = text.split(',').map((part) => numberOption(name, part));
  if (values.length !== coordinates.length) {
    throw new KramersError(
      'invalid_parameter',
      `--${name} '${text}' has ${values.length} number${values.length === 1 ? '' : 's'}; U(${coordinates.join(', ')}) needs ${coordinates.length}, e.g. --${name} ${coordinates.map(() => '0').join(',')}`,
      { issues: [{ path: name, message: `expected ${coordinates.length} numbers` }] },
    );
  }
  return values;
}

/** What 1-D options mean nothing here: refused, so a user never thinks they were applied. */
function refuseOneDimensional(options: SimulateNDOptions): void {
  if (options.toX !== undefined) {
    throw new KramersError(
      'usage',
      '--to-x is a point on a line; in several coordinates give --to-region "x >= 1" or --to WELL',
    );
  }
  if (options.checkpoint !== undefined) {
    throw new KramersError('usage', '--checkpoint covers simulations in one coordinate only');
  }
  if (options.extrapolate) {
    throw new KramersError('usage', '--extrapolate covers simulations in one coordinate only');
  }
}

/** The passage in several coordinates: --from/--from-x, --to/--to-region. */
export function passageNDOf(options: SimulateNDOptions, coordinates: readonly string[]) {
  refuseOneDimensional(options);
  if (options.to !== undefined && options.toRegion !== undefined) {
    throw new KramersError('usage', 'give --to WELL or --to-region, not both');
  }
  return {
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined
      ? { fromX: pointOption('from-x', options.fromX, coordinates) }
      : {}),
    ...(options.to !== undefined ? { to: indexOption('to', options.to) } : {}),
    ...(options.toRegion !== undefined ? { toRegion: options.toRegion } : {}),
  };
}

/** The library problem of `kramers simulate` in several coordinates. */
export function simulateProblemND(
  source: string,
  coordinates: readonly string[],
  options: SimulateNDOptions,
): SimulateProblemND {
  return {
    ...problemNDFromOptions(source, coordinates, options),
    dynamics: options.dynamics as 'overdamped' | 'underdamped',
    ...passageNDOf(options, coordinates),
    walkers: indexOption('walkers', options.walkers),
    ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
    ...(options.tmax !== undefined ? { tMax: numberOption('tmax', options.tmax) } : {}),
    seed: indexOption('seed', options.seed),
  };
}

const pointText = (x: readonly number[]) => `(${x.map((v) => formatNumber(v, 6)).join(', ')})`;

/** The table of a first-passage simulation in several coordinates. */
export function renderSimulationND(r: SimulationReportND): string {
  const c = r.coordinates;
  const matrix = (v: number | readonly number[]) =>
    typeof v === 'number' ? formatNumber(v) : `[${v.map((e) => formatNumber(e)).join(', ')}]`;
  // (Interrupted before any walker finished: no walkers, no bound, dashes.)
  const none = r.estimator === 'none' && r.walkers > 0;
  const lines = [
    `U(${c.join(', ')}) = ${r.potential.expression}   D = ${formatNumber(r.D)}   γ = ${matrix(r.gamma)}${r.dynamics === 'underdamped' ? `   m = ${matrix(r.mass)}` : ''}   ${r.dynamics}, box walls reflect`,
    `from ${pointText(r.from.x)}${r.from.minimum !== null ? ` (basin of minimum ${r.from.minimum})` : ''} into ${r.to.description}`,
    `${r.walkers} walkers (${r.censored} censored at t = ${formatNumber(r.tMax)}), dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps${r.engine ? ` (${r.engine} engine)` : ''}`,
    '',
    mfptTable(r, none),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

/** The AMS problem: the passage and problem of the walkers, with the splitting's settings. */
function amsProblemND(problem: SimulateProblemND, options: SimulateNDOptions): AmsProblemND {
  if (problem.dynamics !== 'overdamped') {
    throw new KramersError('usage', '--ams covers overdamped dynamics only');
  }
  const { walkers: _w, tMax: _t, ...rest } = problem;
  return {
    ...rest,
    replicas: indexOption('replicas', options.replicas),
    runs: indexOption('runs', options.runs),
    ...(options.reactionCoordinate !== undefined
      ? { reactionCoordinate: options.reactionCoordinate }
      : {}),
  };
}

/** The table of an AMS estimate in several coordinates. */
export function renderAmsND(r: AmsReportND): string {
  const c = r.coordinates;
  const lines = [
    `U(${c.join(', ')}) = ${r.potential.expression}   D = ${formatNumber(r.D)}   overdamped, adaptive multilevel splitting, box walls reflect`,
    `from ${pointText(r.from.x)} into ${r.to.description}; ${r.runs} runs × ${r.replicas} replicas, dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps`,
    '',
    mfptTable(r, false, [['p (per loop)', formatNumber(r.probability, 4), '', '']]),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

/** Walkers drawn on the map of `simulate --plot` (issue 15: "a few trajectories"). */
const PLOTTED_WALKERS = 5;

/** --plot is refused before any work: a map needs two coordinates, walkers and a known file type. */
function checkSimulationPlot(file: string, coordinates: readonly string[], method: string): void {
  requireTwoCoordinates(coordinates);
  if (method !== 'direct') {
    throw new KramersError('usage', `--plot draws the walkers of --method direct, not ${method}`, {
      issues: [{ path: 'plot', message: `not drawn for ${method}` }],
    });
  }
  checkPlotFile(file);
}

/**
 * The map with a few walkers of the same run: the first walkers of the seed, re-run in this
 * thread with their paths recorded (the same streams, so each ends at its recorded passage).
 * After a Ctrl-C the map is drawn with the walkers whose paths finished (none: the map alone).
 */
async function plotWalkers(
  problem: SimulateProblemND,
  report: SimulationReportND,
  file: string,
  signal: AbortSignal,
): Promise<void> {
  const walkers = signal.aborted
    ? null
    : await walkerPathsND(
        {
          ...problem,
          paths: Math.min(PLOTTED_WALKERS, problem.walkers ?? PLOTTED_WALKERS),
          // Enough points for a path to look like diffusion at 640 px, few enough for a light SVG.
          maxPoints: 600,
        },
        { signal },
      ).catch((error: unknown) => {
        if (signal.aborted && isKramersError(error)) return null;
        throw error;
      });
  const { simulationFigure, writeSurfacePlot } = await import('./surfacePlot.js');
  await writeSurfacePlot(simulationFigure(prepareND(problem), report, walkers), file);
}

/** Prints a report (JSON with the worker count) and sets the exit code from its retcode. */
function finishND<R extends { readonly retcode: RetCode }>(
  session: PoolSession,
  io: CliIO,
  json: boolean | undefined,
  report: R,
  render: (report: R) => string,
  setExit: (code: number) => void,
): void {
  session.endProgress();
  io.stdout(json ? toJson({ ...report, workers: session.workers }) : render(report));
  setExit(exitCodeOf(report.retcode));
}

/**
 * `kramers simulate` for a potential in several coordinates (an expression in x and y, or
 * --coords): walkers (`--method direct`) or AMS along a reaction coordinate (`--ams`). Returns
 * false for a potential in x alone, which the 1-D command runs.
 */
export async function simulateInSeveralCoordinates(
  positional: string | undefined,
  options: SimulateNDOptions,
  method: SimulateMethod,
  io: CliIO,
  setExit: (code: number) => void,
  command: Command,
): Promise<boolean> {
  const source = positional ?? options.expr;
  if (source === undefined || (positional !== undefined && options.expr !== undefined))
    return false;
  const coordinates = coordinatesOf(source, options);
  if (coordinates === null) return false;
  if (method === 'transitions') {
    throw new KramersError(
      'usage',
      '--method transitions covers one coordinate; in several use direct or ams',
    );
  }
  refuseMethodOptions(
    ['transitions'],
    command,
    'transition counting covers one coordinate; in several use direct or ams',
  );
  if (options.plot !== undefined) checkSimulationPlot(options.plot, coordinates, method);
  const problem = simulateProblemND(source, coordinates, options);
  // After the 1-D refusals (--checkpoint, --extrapolate): the same refusals as in one coordinate.
  requireMethodOptions(method, command);
  if (method !== 'ams' && options.reactionCoordinate !== undefined) {
    throw new KramersError('usage', '--reaction-coordinate is for --ams');
  }
  const plan =
    method === 'ams'
      ? { unit: 'runs', hint: 'use fewer --replicas or --runs, or a larger --dt' }
      : {
          unit: 'walkers',
          hint: 'use --ams over a high barrier, fewer --walkers, a larger --dt, or a --tmax to censor at',
        };
  await withPoolSession(io, options, plan, async (session) => {
    const run = { runner: session.runner, signal: session.signal, ...session.progress };
    if (method === 'ams') {
      const report = await simulateAmsND(amsProblemND(problem, options), run);
      finishND(session, io, options.json, report, renderAmsND, setExit);
      return;
    }
    const report = await simulateND(problem, run);
    if (options.plot !== undefined)
      await plotWalkers(problem, report, options.plot, session.signal);
    finishND(session, io, options.json, report, renderSimulationND, setExit);
  });
  return true;
}
