import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type AmsReport,
  type CompletedChunk,
  KramersError,
  type RetCode,
  type SimulationReport,
  simulate,
  simulateAms,
  simulateTransitions,
  type TransitionCountReport,
  type TransitionTarget,
} from '../index.js';
import { requireTwoCoordinates } from './analyze.js';
import { formatNumber, mfptRateRows, mfptTable, table, warningLines } from './format.js';
import { refuseMethodOptions, requireMethodOptions, type SimulateMethod } from './methodOptions.js';
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
import { requireWritable } from './plotFile.js';
import {
  ENGINE_OPTION,
  type PoolSession,
  type SessionPlan,
  withPoolSession,
} from './poolSession.js';
import { simulateWithDrift } from './simulateDrift.js';
import { simulateInSeveralCoordinates } from './simulateND.js';

interface SimulateOptions extends ProblemOptions {
  coords?: string;
  drift?: string;
  toRegion?: string;
  reactionCoordinate?: string;
  ams?: boolean;
  plot?: string;
  dynamics: string;
  from?: string;
  fromX?: string;
  to?: string;
  toX?: string;
  walkers: string;
  dt?: string;
  tmax?: string;
  seed: string;
  workers?: string;
  extrapolate?: boolean;
  checkpoint?: string;
  method: string;
  replicas: string;
  runs: string;
  duration?: string;
  trajectories: string;
  coreWidth?: string;
  burnIn?: string;
}

function parseTarget(text: string): TransitionTarget {
  const t = text.trim();
  if (t === '-inf' || t === '+inf') return t;
  return indexOption('to', t);
}

function renderSimulation(r: SimulationReport): string {
  const lines: string[] = [];
  lines.push(
    `U(x) = ${r.potential.expression}   D = ${formatNumber(r.D)}   γ = ${formatNumber(r.gamma)}${r.dynamics === 'underdamped' ? `   m = ${formatNumber(r.mass)}` : ''}   ${r.dynamics}`,
  );
  lines.push(
    `from x = ${formatNumber(r.from.x, 8)} to x = ${formatNumber(r.to.x, 8)}; ${r.walkers} walkers (${r.censored} censored at t = ${formatNumber(r.tMax)}), dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps`,
  );
  lines.push('');
  // No walker escaped: the MFPT has only its lower bound (the CI's), said as such.
  // (Interrupted before any walker finished: no walkers, no bound, dashes.)
  const none = r.estimator === 'none' && r.walkers > 0;
  const rows = mfptRateRows(r, none);
  if (r.extrapolated) {
    const e = r.extrapolated;
    rows.push([
      'MFPT, dt → 0',
      formatNumber(e.mfpt, 6),
      `± ${formatNumber(e.mfptStdErr, 2)}`,
      `[${formatNumber(e.mfptCI95[0], 6)}, ${formatNumber(e.mfptCI95[1], 6)}]`,
    ]);
  }
  if (r.exactMfpt !== null) rows.push(['exact MFPT', formatNumber(r.exactMfpt, 8), '', '']);
  // Underdamped: the overdamped MFPT only sized the run; named so, never "exact".
  if (typeof r.overdampedMfpt === 'number') {
    rows.push(['overdamped MFPT (not this dynamics)', formatNumber(r.overdampedMfpt, 8), '', '']);
  }
  lines.push(table(['quantity', 'value', 'std. error', '95% CI'], rows));
  lines.push(
    '',
    none
      ? 'exponential fit: none (no first-passage time observed)'
      : `exponential fit: rate ${formatNumber(r.exponentialFit.rate, 6)}, Kolmogorov–Smirnov D = ${formatNumber(r.exponentialFit.ksStatistic, 3)} (p ≈ ${formatNumber(r.exponentialFit.pValue, 2)})`,
    `retcode: ${r.retcode}`,
  );
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

interface CheckpointFile {
  readonly kramersCheckpoint: 1;
  /** The problem the chunks belong to: a checkpoint of another problem is refused. */
  readonly problem: string;
  readonly chunks: {
    dt: number;
    firstWalker: number;
    walkers: number;
    times: number[];
    censored: number[];
    steps: number;
  }[];
}

/** Reads a checkpoint of this problem (or none); a file of another problem is an error. */
function loadCheckpoint(path: string, fingerprint: string): CompletedChunk[] {
  if (!existsSync(path)) return [];
  let file: CheckpointFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
  } catch {
    throw new KramersError(
      'usage',
      `--checkpoint ${path} is not a kramers checkpoint (unreadable JSON)`,
    );
  }
  if (file.kramersCheckpoint !== 1 || !Array.isArray(file.chunks)) {
    throw new KramersError('usage', `--checkpoint ${path} is not a kramers checkpoint`);
  }
  if (file.problem !== fingerprint) {
    throw new KramersError(
      'usage',
      `--checkpoint ${path} belongs to another problem (potential, noise, dt, seed or walkers differ)`,
      { hint: 'use a new checkpoint file, or repeat the original options' },
    );
  }
  return file.chunks.map((c) => ({
    dt: c.dt,
    firstWalker: c.firstWalker,
    walkers: c.walkers,
    result: {
      times: Float64Array.from(c.times),
      censored: Uint8Array.from(c.censored),
      steps: c.steps,
    },
  }));
}

function saveCheckpoint(
  path: string,
  fingerprint: string,
  chunks: readonly CompletedChunk[],
): void {
  const file: CheckpointFile = {
    kramersCheckpoint: 1,
    problem: fingerprint,
    chunks: chunks.map((c) => ({
      dt: c.dt,
      firstWalker: c.firstWalker,
      walkers: c.walkers,
      times: Array.from(c.result.times),
      censored: Array.from(c.result.censored),
      steps: c.result.steps,
    })),
  };
  // Write then rename, so an interrupt never leaves a half-written checkpoint.
  writeFileSync(`${path}.tmp`, JSON.stringify(file));
  renameSync(`${path}.tmp`, path);
}

function renderAms(r: AmsReport): string {
  const lines = [
    `U(x) = ${r.potential.expression}   D = ${formatNumber(r.D)}   γ = ${formatNumber(r.gamma)}   overdamped, adaptive multilevel splitting`,
    `from x = ${formatNumber(r.from.x, 8)} to x = ${formatNumber(r.to.x, 8)}; ${r.runs} runs × ${r.replicas} replicas, dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps${r.engine ? ` (${r.engine} engine)` : ''}`,
    '',
    mfptTable(r, false, [
      ['p (per loop)', formatNumber(r.probability, 4), '', ''],
      ...(r.exactMfpt !== null ? [['exact MFPT', formatNumber(r.exactMfpt, 8), '', '']] : []),
    ]),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

function renderTransitions(r: TransitionCountReport): string {
  const cores = r.cores
    .map((c) => `${c.well}: [${formatNumber(c.min, 4)}, ${formatNumber(c.max, 4)}]`)
    .join('  ');
  const lines = [
    `U(x) = ${r.potential.expression}   D = ${formatNumber(r.D)}   γ = ${formatNumber(r.gamma)}   ${r.dynamics}, transition counting`,
    `${r.trajectories} trajectories × t = ${formatNumber(r.duration, 6)} after a burn-in of ${formatNumber(r.burnIn, 4)}, dt = ${formatNumber(r.dt)}, seed ${r.seed}, ${formatNumber(r.steps)} steps`,
    `core sets (a transition counts on entering the next core): ${cores}`,
    '',
    table(
      ['from', 'to', 'count', 'time in core', 'rate k = N/T', '95% CI', 'CI from', 'exact k'],
      r.transitions.map((t) => [
        String(t.from),
        String(t.to),
        String(t.count),
        formatNumber(t.residence, 6),
        // Nothing counted: no estimate, only the interval's upper end bounds the rate.
        t.rate === null
          ? Number.isFinite(t.rateCI95[1])
            ? `< ${formatNumber(t.rateCI95[1], 4)}`
            : '—'
          : formatNumber(t.rate, 6),
        `[${formatNumber(t.rateCI95[0], 4)}, ${formatNumber(t.rateCI95[1], 4)}]`,
        t.errorModel === 'spread' ? 'spread' : 'Poisson',
        t.exactRate === null ? '' : formatNumber(t.exactRate, 6),
      ]),
    ),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

type Method = SimulateMethod;

/** What a method's progress counts, and its cheaper alternatives. */
const SIMULATE_PLAN: Record<Method, SessionPlan> = {
  direct: {
    unit: 'walkers',
    hint: 'use --method ams over a high barrier, fewer --walkers, a larger --dt, or a --tmax to censor at',
  },
  ams: { unit: 'runs', hint: 'use fewer --replicas or --runs, or a larger --dt' },
  transitions: {
    unit: 'trajectories',
    hint: 'use fewer --trajectories, a shorter --duration or a larger --dt',
  },
};

/** One `kramers simulate` invocation inside its pool session: what every method shares. */
interface SimulateRun {
  readonly positional: string | undefined;
  readonly options: SimulateOptions;
  readonly session: PoolSession;
  readonly io: CliIO;
  readonly setExit: (code: number) => void;
}

/** The checked `--dynamics` and `--method` (`--ams` is `--method ams`). */
function methodOf(options: SimulateOptions): Method {
  if (options.ams) {
    if (options.method !== 'direct' && options.method !== 'ams') {
      throw new KramersError('usage', `--ams and --method ${options.method} disagree`);
    }
    options.method = 'ams';
  }
  if (options.dynamics !== 'overdamped' && options.dynamics !== 'underdamped') {
    throw new KramersError(
      'invalid_parameter',
      `--dynamics must be overdamped or underdamped; got '${options.dynamics}'`,
    );
  }
  if (!['direct', 'ams', 'transitions'].includes(options.method)) {
    throw new KramersError(
      'invalid_parameter',
      `--method must be direct, ams or transitions; got '${options.method}'`,
    );
  }
  return options.method as Method;
}

/** The library's run options from the session: the pool's runner, Ctrl-C, the progress bar. */
function runOptionsOf(session: PoolSession) {
  return { runner: session.runner, signal: session.signal, ...session.progress };
}

/** Clears the progress line, prints the report (JSON with the worker count) and sets the exit code. */
function finish<R extends { readonly retcode: RetCode }>(
  run: SimulateRun,
  report: R,
  render: (report: R) => string,
): void {
  run.session.endProgress();
  run.io.stdout(
    run.options.json ? toJson({ ...report, workers: run.session.workers }) : render(report),
  );
  run.setExit(exitCodeOf(report.retcode));
}

/** --from, --from-x, --to and --to-x, as given. */
function passageOf(options: SimulateOptions) {
  return {
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.fromX !== undefined ? { fromX: numberOption('from-x', options.fromX) } : {}),
    ...(options.to !== undefined ? { to: parseTarget(options.to) } : {}),
    ...(options.toX !== undefined ? { toX: numberOption('to-x', options.toX) } : {}),
  };
}

/** --method transitions: counting between all wells in long trajectories. */
async function simulateTransitionsMethod(run: SimulateRun): Promise<void> {
  const { positional, options } = run;
  const report = await simulateTransitions(
    {
      ...problemFromOptions(positional, options),
      dynamics: options.dynamics as 'overdamped' | 'underdamped',
      ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
      ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
      ...(options.duration !== undefined
        ? { duration: numberOption('duration', options.duration) }
        : {}),
      ...(options.burnIn !== undefined ? { burnIn: numberOption('burn-in', options.burnIn) } : {}),
      ...(options.coreWidth !== undefined
        ? { coreWidth: numberOption('core-width', options.coreWidth) }
        : {}),
      trajectories: indexOption('trajectories', options.trajectories),
      seed: indexOption('seed', options.seed),
    },
    runOptionsOf(run.session),
  );
  finish(run, report, renderTransitions);
}

/** --method ams: adaptive multilevel splitting over a high barrier (overdamped). */
async function simulateAmsMethod(run: SimulateRun): Promise<void> {
  const { positional, options } = run;
  if (options.dynamics !== 'overdamped') {
    throw new KramersError('usage', '--method ams covers overdamped dynamics only');
  }
  const report = await simulateAms(
    {
      ...problemFromOptions(positional, options),
      ...passageOf(options),
      ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
      replicas: indexOption('replicas', options.replicas),
      runs: indexOption('runs', options.runs),
      seed: indexOption('seed', options.seed),
    },
    runOptionsOf(run.session),
  );
  finish(run, report, renderAms);
}

/** --method direct: walkers to the target, resumable from a --checkpoint of the same problem. */
async function simulateDirectMethod(run: SimulateRun): Promise<void> {
  const { positional, options } = run;
  const problem = {
    ...problemFromOptions(positional, options),
    dynamics: options.dynamics as 'overdamped' | 'underdamped',
    ...passageOf(options),
    walkers: indexOption('walkers', options.walkers),
    ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
    ...(options.tmax !== undefined ? { tMax: numberOption('tmax', options.tmax) } : {}),
    seed: indexOption('seed', options.seed),
    ...(options.extrapolate ? { extrapolate: true } : {}),
  };
  const fingerprint = JSON.stringify(problem);
  if (options.checkpoint) requireWritable('checkpoint', options.checkpoint);
  const completed = options.checkpoint ? loadCheckpoint(options.checkpoint, fingerprint) : [];
  const saved = [...completed];
  const report = await simulate(problem, {
    ...runOptionsOf(run.session),
    completed,
    ...(options.checkpoint
      ? {
          onChunkDone: (chunk: CompletedChunk) => {
            saved.push(chunk);
            saveCheckpoint(options.checkpoint!, fingerprint, saved);
          },
        }
      : {}),
  });
  finish(run, report, renderSimulation);
}

const METHODS: Record<Method, (run: SimulateRun) => Promise<void>> = {
  direct: simulateDirectMethod,
  ams: simulateAmsMethod,
  transitions: simulateTransitionsMethod,
};

/** The options of `kramers simulate` beyond the shared problem options. */
function addSimulateOptions(command: Command): Command {
  return command
    .option(
      '--coords <names>',
      'coordinates of a potential in several dimensions, e.g. x,y (default: x, y and z as the expression uses them); --domain then takes one a:b per coordinate',
    )
    .option(
      '--drift <b>',
      'walkers driven by a drift field dX = b dt + √(2D) dW, one expression per coordinate, e.g. "x - x^3 - 10*x*y^2, -(1+x^2)*y" (needs --domain; --to-region or --to STABLE)',
    )
    .option('--dynamics <kind>', 'overdamped or underdamped', 'overdamped')
    .option('--from <well>', 'start well (or minimum) index; default 0')
    .option(
      '--from-x <x>',
      'start position instead of a well (a point -1,0 in several coordinates)',
    )
    .option(
      '--to <target>',
      'target well index, -inf or +inf; in several coordinates a minimum (its core absorbs); default the first neighbour',
    )
    .option('--to-x <x>', 'absorbing point instead of a target well')
    .option('--to-region <inequalities>', 'several coordinates: absorbing region, e.g. "x >= 1"')
    .option(
      '--reaction-coordinate <expr>',
      'several coordinates, AMS: the reaction coordinate ξ, e.g. "x" (default for --to WELL: the projection on the line from the start to that minimum)',
    )
    .option('--ams', 'same as --method ams')
    .option('--walkers <n>', 'number of independent walkers', '1000')
    .option('--dt <dt>', 'time step (default from the curvatures)')
    .option('--tmax <t>', 'censoring time (default 20× the exact MFPT)')
    .option('--seed <s>', 'master seed (same seed ⇒ same numbers for any worker count)', '1')
    .option('--workers <w>', 'worker threads (default: all cores)')
    .option(...ENGINE_OPTION)
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    )
    .option('--extrapolate', 'also run at dt/2 and extrapolate the MFPT to dt → 0')
    .option(
      '--method <method>',
      'direct (walkers), ams (multilevel splitting, high barriers) or transitions (counting in long runs)',
      'direct',
    )
    .option('--duration <t>', 'transitions: length of each trajectory (default: ~400 transitions)')
    .option(
      '--burn-in <t>',
      'transitions: time run before counting (default 2/k, k the slowest escape rate; at most --duration)',
    )
    .option('--trajectories <n>', 'transitions: independent trajectories', '8')
    .option('--core-width <w>', 'transitions: half-width of the core sets (default √(D/U″))')
    .option('--replicas <n>', 'AMS replicas per run', '500')
    .option('--runs <n>', 'independent AMS runs (their spread gives the error bar)', '10')
    .option(
      '--checkpoint <file>',
      'save finished walkers to FILE and resume from it after an interrupt',
    )
    .option(
      '--plot <file>',
      'in two coordinates: write the contour map with minima, saddles, minimum-energy paths and 5 of the walkers (file.svg or file.png)',
    );
}

/**
 * `kramers simulate`: Langevin first-passage times (direct), AMS or transition counting, on a
 * worker pool of --workers threads (all cores by default); Ctrl-C keeps results.
 */
export function registerSimulate(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('simulate')
    .description(
      'first-passage times by Langevin simulation (all cores), with standard errors and 95% CIs',
    );
  addSimulateOptions(addProblemOptions(command)).action(
    async (positional: string | undefined, options: SimulateOptions, self: Command) => {
      if (options.drift !== undefined) {
        // Walkers only: AMS's and counting's options would be dropped without a word.
        refuseMethodOptions(
          ['ams', 'transitions'],
          self,
          '--drift runs walkers (--method direct) only',
        );
        await simulateWithDrift(positional, options, io, setExit);
        return;
      }
      const method = methodOf(options);
      if (await simulateInSeveralCoordinates(positional, options, method, io, setExit, self))
        return;
      requireMethodOptions(method, self);
      // A potential in one coordinate has no map to draw: refused before any walker runs.
      if (options.plot !== undefined) requireTwoCoordinates(null);
      await withPoolSession(io, options, SIMULATE_PLAN[method], (session) =>
        METHODS[method]({ positional, options, session, io, setExit }),
      );
    },
  );
}
