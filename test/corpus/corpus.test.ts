import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CorpusCase, generateCorpus } from './generate.js';

/**
 * The bad-input corpus (issue 14, item 8): every case must end in exit 2 with a message, or in a
 * report (exit 0, or 3 for a numerical non-success) whose numbers are finite; never exit 1, a
 * stack trace, a crash, or a run over its time budget. Cases run through `main(args, io)` in two
 * child processes (`runner.mjs`); a case over budget gets its process killed and replaced.
 * Counts of the 640 cases before issue 14's fixes: 465 usage errors, 153 successes, 5 exit 3,
 * 6 NaN/Infinity, 1 internal error, 10 over budget; after: 490 usage errors, 143 successes,
 * 7 exit 3 with finite numbers, none bad.
 */

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));

/**
 * The time budget of one case. Simulating commands run under a cost budget of 1 s
 * (KRAMERS_BUDGET, below): what the estimate lets through must end well inside this, even on a
 * machine shared with other test runs; everything else (parsing, landscapes, quadratures,
 * eigenvalues) takes milliseconds.
 */
const CASE_MS = Number(process.env['KRAMERS_CORPUS_CASE_MS'] ?? 15_000);
const CHILDREN = 2;

type Outcome =
  | 'usage error (exit 2, message)'
  | 'success (exit 0, finite)'
  | 'numerical non-success (exit 3, finite)'
  | 'non-finite number in a report'
  | 'exit 2 without a message'
  | 'internal error (exit 1)'
  | 'stack trace'
  | 'crash'
  | 'over time budget';

const GOOD: ReadonlySet<Outcome> = new Set([
  'usage error (exit 2, message)',
  'success (exit 0, finite)',
  'numerical non-success (exit 3, finite)',
]);

interface Result {
  readonly id: number;
  readonly args: readonly string[];
  readonly outcome: Outcome;
  readonly ms: number;
  readonly detail: string;
}

function classify(code: number, stdout: string, stderr: string): Outcome {
  if (/\bat .+\.(js|ts|mjs):\d+/.test(stderr + stdout)) return 'stack trace';
  if (code === 1) return 'internal error (exit 1)';
  if (code === 2)
    return /error/i.test(stderr) ? 'usage error (exit 2, message)' : 'exit 2 without a message';
  if (/\bNaN\b|\bInfinity\b/.test(stdout + stderr)) return 'non-finite number in a report';
  return code === 0 ? 'success (exit 0, finite)' : 'numerical non-success (exit 3, finite)';
}

/** Runs the cases on `CHILDREN` runner processes, restarting one whose case ran over budget. */
function runCorpus(cases: readonly CorpusCase[], scratch: string): Promise<Result[]> {
  const queue = [...cases];
  const results: Result[] = [];
  const env = { ...process.env, KRAMERS_CORPUS_TMP: scratch, KRAMERS_BUDGET: '1', NO_COLOR: '1' };
  const lane = (): Promise<void> =>
    new Promise((resolve) => {
      let child: ChildProcess;
      let current: CorpusCase | undefined;
      let timer: NodeJS.Timeout | undefined;
      let started = 0;
      const record = (outcome: Outcome, ms: number, detail: string) => {
        results.push({ id: current!.id, args: current!.args, outcome, ms, detail });
        current = undefined;
      };
      const next = () => {
        current = queue.shift();
        if (!current) {
          child.kill('SIGKILL');
          resolve();
          return;
        }
        started = performance.now();
        timer = setTimeout(() => {
          record('over time budget', performance.now() - started, '');
          child.removeAllListeners();
          child.kill('SIGKILL');
          spawnChild();
        }, CASE_MS);
        child.send(current);
      };
      const spawnChild = () => {
        child = fork(RUNNER, [], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        let stray = '';
        child.stderr?.on('data', (chunk) => {
          stray += String(chunk);
        });
        child.on('message', (message: Record<string, unknown>) => {
          if (message['ready']) return next();
          clearTimeout(timer);
          if (message['crash']) {
            record('crash', performance.now() - started, String(message['crash']));
            return;
          }
          const { code, stdout, stderr, ms } = message as {
            code: number;
            stdout: string;
            stderr: string;
            ms: number;
          };
          const outcome = classify(code, stdout, stderr + stray);
          stray = '';
          record(outcome, ms, (stderr || stdout).split('\n').slice(0, 3).join(' | '));
          next();
        });
        child.on('exit', () => {
          if (current) {
            clearTimeout(timer);
            record('crash', performance.now() - started, stray.slice(0, 500));
            child.removeAllListeners();
            spawnChild();
          }
        });
      };
      spawnChild();
    });
  return Promise.all(Array.from({ length: CHILDREN }, lane)).then(() =>
    results.sort((a, b) => a.id - b.id),
  );
}

describe('the bad-input corpus', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kramers-corpus-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives exit 2 with a message or finite numbers for each generated case', async () => {
    const cases = generateCorpus();
    const results = await runCorpus(cases, scratch);
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    const bad = results.filter((r) => !GOOD.has(r.outcome));
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 10);
    const byCommand: Record<string, { cases: number; seconds: number }> = {};
    for (const r of results) {
      const entry = (byCommand[r.args[0] ?? ''] ??= { cases: 0, seconds: 0 });
      entry.cases += 1;
      entry.seconds += r.ms / 1000;
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      join(ARTIFACTS, 'outcomes.json'),
      `${JSON.stringify({ cases: results.length, counts, byCommand, bad, slowest }, null, 2)}\n`,
    );
    expect(results).toHaveLength(cases.length);
    expect(
      bad.map((r) => `#${r.id} ${r.outcome}: kramers ${r.args.join(' ')} → ${r.detail}`),
    ).toEqual([]);
  }, 600_000);
});
