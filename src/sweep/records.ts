import type { RetCode } from '../core/index.js';
import type { SweepPoint } from './points.js';
import type { OptionValue } from './spec.js';

/** What running one point gave: the command's --json output parsed, its exit code, its time. */
export interface PointOutcome {
  /** The report (or the `{ error }` object of bad input); null when the output was not JSON. */
  readonly report: unknown;
  readonly exit: number;
  readonly seconds: number;
  /** What the command wrote to stderr (an internal error's message). */
  readonly stderr: string;
  readonly host: string;
}

/**
 * One finished point as a store keeps it. `report` is exactly what `kramers ARGS --json` printed
 * (the `{ error }` object for bad input), `retcode` its outcome (`error` for bad input), `exit`
 * the command's exit code, `args` what ran.
 */
export interface SweepRecord {
  readonly key: string;
  readonly inputs: Readonly<Record<string, OptionValue>>;
  readonly args: readonly string[];
  readonly seed?: number;
  readonly report: unknown;
  readonly retcode: string;
  readonly exit: number;
  readonly seconds: number;
  readonly host: string;
}

/** Where finished points go: `add` keeps a record once per key and says whether it was new. */
export interface SweepSink {
  add(record: SweepRecord): boolean;
}

/**
 * A record from a point and what running it gave; null for an internal failure (exit 1, or no
 * JSON), which is never stored, so that a rerun retries it. `runArgs` are added to the point's
 * arguments when it runs without being part of its key (`--workers=1`, which changes no number).
 */
export function recordOf(
  point: SweepPoint,
  outcome: PointOutcome,
  runArgs: readonly string[],
): SweepRecord | null {
  if (outcome.exit === 1 || outcome.report === null) return null;
  const report = outcome.report as { retcode?: unknown };
  return {
    key: point.key,
    inputs: point.inputs,
    args: [...point.args, ...runArgs],
    ...(point.seed !== undefined ? { seed: point.seed } : {}),
    report: outcome.report,
    retcode: typeof report.retcode === 'string' ? report.retcode : 'error',
    exit: outcome.exit,
    seconds: Number(outcome.seconds.toFixed(4)),
    host: outcome.host,
  };
}

/** What a run of a sweep did: points stored by retcode, points that failed inside kramers. */
export class SweepTally {
  computed = 0;
  duplicates = 0;
  failed = 0;
  readonly retcodes: Record<string, number> = {};
  /** The first internal failure's message, to show once. */
  firstFailure: string | undefined;

  /** Stores a finished point (once per key: a duplicate delivery is counted apart) and counts it. */
  store(sink: SweepSink, record: SweepRecord): void {
    if (!sink.add(record)) {
      this.duplicates++;
      return;
    }
    this.computed++;
    this.retcodes[record.retcode] = (this.retcodes[record.retcode] ?? 0) + 1;
  }

  fail(point: SweepPoint, message: string): void {
    this.failed++;
    this.firstFailure ??= `${point.args.join(' ')}: ${message.trim()}`;
  }
}

/** A run's outcome as a report: `success` when every point of this shard is stored. */
export interface SweepRunReport {
  retcode: RetCode;
  warnings: string[];
  command: string;
  /** This shard's points (all of them without --shard). */
  points: number;
  shard: string | null;
  alreadyDone: number;
  computed: number;
  failed: number;
  retcodes: Record<string, number>;
  out: string;
  stored: number;
}

/** What a finished (or stopped) run knows: the sweep's size, its shard, what it did. */
export interface SweepRun {
  readonly command: readonly string[];
  readonly total: number;
  readonly shard: readonly [number, number];
  /** Points of this shard that were not stored when the run began. */
  readonly pending: number;
  readonly tally: SweepTally;
  /** Why the run stopped early (Ctrl-C, a lost queue), or null. */
  readonly stopped: string | null;
  readonly out: string;
  readonly stored: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The report of a run. Points whose command gave another retcode than success or censored are
 * stored results, not failures of the sweep: a warning names them. Only a run that stored every
 * pending point succeeds; one stopped early is `interrupted`, and a rerun resumes it.
 */
export function sweepRunReport(run: SweepRun): SweepRunReport {
  const [i, n] = run.shard;
  const mine = n === 1 ? run.total : Math.ceil((run.total - i) / n);
  const { tally } = run;
  const warnings: string[] = [];
  const bad = Object.entries(tally.retcodes).filter(([r]) => r !== 'success' && r !== 'censored');
  if (bad.length > 0) {
    const count = bad.reduce((s, [, k]) => s + k, 0);
    const which = bad.map(([r, k]) => `${r}: ${k}`).join(', ');
    warnings.push(
      `${plural(count, 'point')} did not succeed (${which}): kramers sweep report ${run.out} marks them`,
    );
  }
  if (tally.failed > 0)
    warnings.push(
      `${plural(tally.failed, 'point')} failed inside kramers and are not stored (a rerun retries them); first: ${tally.firstFailure}`,
    );
  if (run.stopped) warnings.push(run.stopped);
  const complete = run.pending === tally.computed && !run.stopped;
  return {
    retcode: complete ? 'success' : 'interrupted',
    warnings,
    command: run.command.join(' '),
    points: mine,
    shard: n === 1 ? null : `${i}/${n}`,
    alreadyDone: mine - run.pending,
    computed: tally.computed,
    failed: tally.failed,
    retcodes: tally.retcodes,
    out: run.out,
    stored: run.stored,
  };
}
