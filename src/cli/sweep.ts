import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import {
  KramersError,
  recordOf,
  type SweepRunReport,
  type SweepSpec,
  SweepTally,
  sweepRunReport,
} from '../index.js';
import { countOf, table, warningLines } from './format.js';
import { type CliIO, exitCodeOf, indexOption, numberOption, toJson } from './options.js';
import { createPointPool } from './pointPool.js';
import { progressOf } from './poolSession.js';
import { SweepLedger } from './sweepLedger.js';
import { LARGE_SWEEP, planSweep, type SweepPlan, type SweepSession } from './sweepPlan.js';
import { registerSweepReport } from './sweepReport.js';

interface SweepOptions {
  out: string;
  workers?: string;
  queue?: string;
  shard?: string;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
}

/**
 * Runs the pending points on a pool of threads, taking them one at a time from the ledger's
 * generator (the sweep is never listed), storing each as it finishes; stops early on the signal.
 */
async function runLocal(
  plan: SweepPlan,
  ledger: SweepLedger,
  session: SweepSession,
): Promise<SweepTally> {
  const tally = new SweepTally();
  const total = ledger.pending;
  const points = ledger.pendingPoints();
  const pool = createPointPool(session.workers);
  let done = 0;
  const lane = async () => {
    while (!session.signal.aborted) {
      const next = points.next();
      if (next.done) return;
      const point = next.value;
      try {
        const outcome = await pool.run([...point.args, ...plan.threadArgs], session.signal);
        const record = recordOf(point, outcome, plan.threadArgs);
        if (record) tally.store(ledger, record);
        else tally.fail(point, outcome.stderr || 'no JSON report');
      } catch (error) {
        if (session.signal.aborted) return;
        tally.fail(point, String(error));
      }
      session.onProgress(++done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(session.workers, total) }, lane));
  } finally {
    await pool.close();
  }
  return tally;
}

/**
 * Runs `work` with a Ctrl-C handler that stops the sweep and keeps the points finished (a second
 * Ctrl-C quits at once). It is set before anything else: reading a large spec or store, or
 * connecting to Redis, takes seconds, and a Ctrl-C then still ends with the run's report.
 */
async function interruptible<T>(io: CliIO, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const onSignal = () => {
    io.stderr('\ninterrupted: keeping the points finished so far (Ctrl-C again to quit)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/** The checked --workers (default: all cores). */
function sweepWorkers(options: SweepOptions): number {
  const workers =
    options.workers !== undefined
      ? indexOption('workers', options.workers)
      : availableParallelism();
  if (workers < 1) throw new KramersError('invalid_parameter', '--workers must be at least 1');
  return workers;
}

/**
 * Runs `work` with progress on stderr: a bar with ETA on a terminal (not under --json), a line
 * every KRAMERS_PROGRESS_SECONDS otherwise.
 */
async function withSweepSession<T>(
  io: CliIO,
  options: SweepOptions,
  session: { workers: number; signal: AbortSignal },
  work: (s: SweepSession) => Promise<T>,
): Promise<T> {
  // As simulate does (progressOf): a bar on a terminal, else a line every few seconds, which a
  // Slurm log keeps; --json on a terminal draws no bar over the object.
  const bar = process.stderr.isTTY && options.json ? null : progressOf(io, 'points');
  try {
    return await work({
      ...session,
      onProgress: (d, t) => bar?.update(d, t),
      // On a terminal the bar's line is cleared first; the next update draws it again below.
      notice: (text) =>
        io.stderr(`${bar && process.stderr.isTTY ? '\r\x1b[K' : ''}kramers: ${text}\n`),
    });
  } finally {
    bar?.stop();
  }
}

function axesText(spec: SweepSpec): string {
  const sizes = spec.axes.map((a) => `${a.name}: ${a.values.length}`).join(', ');
  return spec.axes.length > 1
    ? `${sizes}; ${spec.combine === 'zip' ? 'zipped' : 'crossed'}`
    : sizes;
}

/** The run's report from what the plan and the ledger know. */
function summaryOf(
  plan: SweepPlan,
  ledger: SweepLedger,
  tally: SweepTally,
  stopped: string | null,
): SweepRunReport {
  return sweepRunReport({
    command: plan.spec.command,
    total: plan.total,
    shard: plan.shard,
    pending: ledger.pending,
    tally,
    stopped,
    out: ledger.path,
    stored: ledger.stored,
  });
}

function renderSummary(plan: SweepPlan, r: SweepRunReport): string {
  const retcodes = Object.entries(r.retcodes)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const lines = [
    `kramers ${r.command}: ${countOf(plan.total, 'point')} (${axesText(plan.spec)})${r.shard ? `, shard ${r.shard}: ${countOf(r.points, 'point')}` : ''} → ${r.out}`,
    '',
    table(
      ['points', 'count'],
      [
        ['already stored', String(r.alreadyDone)],
        ['computed now', `${r.computed}${retcodes ? ` (${retcodes})` : ''}`],
        ['failed', String(r.failed)],
        ['still to do', String(r.points - r.alreadyDone - r.computed)],
      ],
    ),
    '',
    `retcode: ${r.retcode}`,
    ...warningLines(r.warnings),
  ];
  return `${lines.join('\n')}\n`;
}

async function runSweep(
  program: Command,
  io: CliIO,
  specPath: string,
  options: SweepOptions,
): Promise<{ plan: SweepPlan; report: SweepRunReport }> {
  return interruptible(io, async (signal) => {
    const plan = await planSweep(program, specPath, options);
    const workers = sweepWorkers(options);
    // Loaded only with --queue: BullMQ and ioredis cost start-up time the local run skips.
    const queue = options.queue !== undefined ? await import('./sweepQueue.js') : null;
    const connection = queue ? await queue.connectRedis(options.queue!) : null;
    const ledger = new SweepLedger(plan);
    try {
      await ledger.open(options.out, options.force === true, (message) =>
        io.stderr(`kramers: ${message}\n`),
      );
      return await withSweepSession(io, options, { workers, signal }, async (session) => {
        if (queue && connection) {
          const { tally, stopped } = await queue.runOnQueue(
            connection,
            plan,
            ledger,
            session,
            options.force === true,
          );
          return { plan, report: summaryOf(plan, ledger, tally, stopped) };
        }
        const tally = await runLocal(plan, ledger, session);
        const stopped = session.signal.aborted
          ? 'interrupted by Ctrl-C: rerun the same command to resume'
          : null;
        return { plan, report: summaryOf(plan, ledger, tally, stopped) };
      });
    } finally {
      ledger.close();
      await connection?.close();
    }
  });
}

/** `kramers sweep SPEC`, `kramers sweep report FILE…` and `kramers worker --queue URL`. */
export function registerSweep(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const sweep = program
    .command('sweep')
    .description(
      'run one command over a grid of options (a spec in JSON or YAML), locally or across machines through Redis; `sweep report` tabulates and plots the results',
    );
  sweep
    .command('run', { isDefault: true })
    .description(
      'run a sweep spec: `kramers sweep spec.json --out results.jsonl` (the default subcommand)',
    )
    .argument('<spec>', 'sweep spec: .json, .yaml or .yml')
    .option(
      '--out <file>',
      'store of the results: JSON Lines, or SQLite for .sqlite/.sqlite3/.db (a rerun resumes)',
      'results.jsonl',
    )
    .option('--workers <n>', 'worker threads of a local run (default: all cores)')
    .option(
      '--queue <url>',
      'run on BullMQ workers through Redis (redis://host:port) instead of locally',
    )
    .option('--shard <i/n>', 'run only the points with index % n = i (array jobs without Redis)')
    .option('--force', "recompute this sweep's points that are stored already")
    .option('--yes', `run a sweep of more than ${LARGE_SWEEP} points`)
    .option('--json', 'print one JSON object instead of tables')
    .action(async (specPath: string, options: SweepOptions) => {
      const { plan, report } = await runSweep(program, io, specPath, options);
      io.stdout(options.json ? toJson(report) : renderSummary(plan, report));
      setExit(exitCodeOf(report.retcode));
    });
  registerSweepReport(sweep, io, setExit);
  registerWorker(program, io, setExit);
}

/** `kramers worker --queue URL`: a BullMQ worker running sweep points until stopped. */
function registerWorker(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description(
      'run sweep points from a Redis queue (BullMQ) until Ctrl-C or SIGTERM; start one per machine, as many as you like',
    )
    .requiredOption('--queue <url>', 'the Redis the sweep was queued on: redis://host:port')
    .option('--concurrency <n>', 'points run at once, one thread each (default: all cores)')
    .option(
      '--lock <seconds>',
      'a job whose worker stops renewing its lock this long is given to another worker',
      '30',
    )
    .action(async (options: { queue: string; concurrency?: string; lock: string }) => {
      const concurrency =
        options.concurrency !== undefined
          ? indexOption('concurrency', options.concurrency)
          : availableParallelism();
      if (concurrency < 1)
        throw new KramersError('invalid_parameter', '--concurrency must be at least 1');
      const lockSeconds = numberOption('lock', options.lock);
      if (!(lockSeconds >= 1))
        throw new KramersError('invalid_parameter', '--lock must be at least 1 second');
      // Loaded only here: BullMQ and ioredis cost start-up time the other commands skip.
      const { runWorker } = await import('./sweepQueue.js');
      setExit(await runWorker(io, options.queue, { concurrency, lockSeconds }));
    });
}
