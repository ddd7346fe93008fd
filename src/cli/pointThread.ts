import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PointOutcome } from '../index.js';
import { main } from './main.js';

/**
 * Worker-thread entry of the point pool: runs `kramers ARGS --json` in process through the CLI's
 * own `main`, so that every command is swept with its own validation and prints what it prints
 * on the command line.
 */
export default async function runPoint(args: readonly string[]): Promise<PointOutcome> {
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  const exit = await main([...args, '--json'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  let report: unknown = null;
  try {
    report = stdout.trim() === '' ? null : JSON.parse(stdout);
  } catch {
    report = null;
  }
  return { report, exit, seconds, stderr, host: hostname() };
}
