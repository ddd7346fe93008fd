import type { Command } from 'commander';
import { KramersError, parseSweepSpec, pointCount, type SweepSpec } from '../index.js';
import { locatingSpecErrors } from './specLocation.js';
import { checkSpecAgainstCli, readSpecFile } from './sweepSpecFile.js';
import { PACKAGE_VERSION } from './version.js';

/** Sweeps above this many points run only with --yes (a typo in a range should not run for days). */
export const LARGE_SWEEP = 100_000;

/** A sweep ready to run: its checked spec, which points are this shard's, how a point runs. */
export interface SweepPlan {
  readonly spec: SweepSpec;
  readonly version: string;
  readonly total: number;
  readonly shard: readonly [number, number];
  /** Added to each point's arguments when it runs, never part of its key (`--workers=1`). */
  readonly threadArgs: readonly string[];
}

function parseShard(text: string | undefined): [number, number] {
  if (text === undefined) return [0, 1];
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const [i, n] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(n >= 1 && i >= 0 && i < n)) {
    throw new KramersError(
      'invalid_parameter',
      `--shard '${text}': expected i/n with 0 ≤ i < n, e.g. 0/4`,
      {
        issues: [{ path: 'shard', message: 'expected i/n' }],
        hint: 'Slurm: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT (array 0-based)',
      },
    );
  }
  return [i, n];
}

/** Reads, checks and sizes a sweep before any work: everything a point needs but its values. */
export async function planSweep(
  program: Command,
  specPath: string,
  options: { out: string; shard?: string; yes?: boolean },
): Promise<SweepPlan> {
  const file = await readSpecFile(specPath);
  const { spec, threadArgs } = await locatingSpecErrors(file.path, file.text, () => {
    const checked = parseSweepSpec(file.data);
    return { spec: checked, ...checkSpecAgainstCli(program, checked) };
  });
  const total = pointCount(spec);
  // A point's index must be a whole number a double holds exactly (it places the point's values).
  if (total > Number.MAX_SAFE_INTEGER) {
    throw new KramersError(
      'usage',
      `the sweep has ${total.toExponential(2)} points, more than 2^53 (no run could finish it)`,
      { hint: 'check the ranges: points per axis multiply' },
    );
  }
  if (total > LARGE_SWEEP && !options.yes) {
    throw new KramersError(
      'usage',
      `the sweep has ${total.toExponential(2)} points; above ${LARGE_SWEEP} points give --yes`,
      {
        hint: 'check the ranges (points per axis multiply), or run it with --yes',
      },
    );
  }
  return { spec, version: PACKAGE_VERSION, total, shard: parseShard(options.shard), threadArgs };
}

/** What a running sweep gets: threads, an abort signal (Ctrl-C), a progress hook. */
export interface SweepSession {
  readonly workers: number;
  readonly signal: AbortSignal;
  readonly onProgress: (done: number, total: number, note?: string) => void;
  /** A line for the user on stderr, between progress updates (`kramers: ` is prefixed). */
  readonly notice: (text: string) => void;
}
