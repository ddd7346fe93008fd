import type { SweepPoint } from '../index.js';
import type { SweepRecord, SweepStore } from './sweepStore.js';

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

/** A store record from a point and what running it gave; null for an internal failure. */
export function recordOf(
  point: SweepPoint,
  outcome: PointOutcome,
  threadArgs: readonly string[],
): SweepRecord | null {
  // Exit 1 (an internal error) or no JSON is no result: it is not stored, so a rerun retries it.
  if (outcome.exit === 1 || outcome.report === null) return null;
  const report = outcome.report as { retcode?: unknown };
  return {
    key: point.key,
    inputs: point.inputs,
    // What ran, so that `kramers ARGS --json` prints this report again (the key leaves out
    // --workers=1, which changes no number).
    args: [...point.args, ...threadArgs],
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

  /** Stores a finished point (once per key) and counts it. */
  store(store: SweepStore, record: SweepRecord): void {
    if (!store.add(record)) {
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
