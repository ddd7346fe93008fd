import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineCount, startCli, storeLines, until } from './sweepHelpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-sweep-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

/** A million closed-form rates (audit F4): listing them all took ~25 s and 1.8 GB before any ran. */
const MILLION = {
  command: 'rate',
  options: { expr: 'x^4/4 - x^2/2', method: 'kramers' },
  axes: { D: { log: [0.02, 0.5], points: 1000 }, gamma: { log: [0.1, 10], points: 1000 } },
};
writeFileSync(file('million.json'), JSON.stringify(MILLION));

const sweep = (out: string) =>
  startCli(['sweep', 'million.json', '--out', out, '--yes', '--workers', '1', '--json'], dir);

// Each run starts a CLI and a thread on a loaded 2-core machine.
describe('kramers sweep streams its points', { timeout: 120_000 }, () => {
  it('a Ctrl-C as soon as the store exists ends with the report; a rerun resumes, losing nothing', async () => {
    // The store is opened before the first point: under the listing route this was the moment
    // the million points were being listed, and a Ctrl-C then killed the run without a report.
    const first = sweep('million.jsonl');
    await until(() => existsSync(file('million.jsonl')), 'the store to be opened');
    first.child.kill('SIGINT');
    expect(await first.done, first.stderr).toBe(3);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      retcode: 'interrupted',
      points: 1_000_000,
      alreadyDone: 0,
      failed: 0,
      warnings: ['interrupted by Ctrl-C: rerun the same command to resume'],
    });
    // One thread: at most the point it held when the signal came.
    expect(report.computed).toBeLessThanOrEqual(1);
    expect(report.stored).toBe(report.computed);
    expect(first.stderr).toMatch(/interrupted: keeping the points finished so far/);

    // Stopped again after a few points: the first run's points are skipped, none is lost.
    const done = lineCount(file('million.jsonl'));
    const before = readFileSync(file('million.jsonl'));
    const second = sweep('million.jsonl');
    await until(() => lineCount(file('million.jsonl')) >= done + 3, 'three more points');
    second.child.kill('SIGINT');
    expect(await second.done, second.stderr).toBe(3);
    const resumed = JSON.parse(second.stdout);
    const records = storeLines(file('million.jsonl'));
    expect(resumed).toMatchObject({ retcode: 'interrupted', alreadyDone: done });
    expect(resumed.stored).toBe(records.length);
    expect(records.length).toBe(done + resumed.computed);
    expect(readFileSync(file('million.jsonl')).subarray(0, before.length).equals(before)).toBe(
      true,
    );
    expect(new Set(records.map((r) => r.key)).size).toBe(records.length);
    // The points run in the spec's order, the last axis fastest: the first ones, each once.
    const gamma = (i: number) =>
      Number(Math.exp(Math.log(0.1) + (i / 999) * (Math.log(10) - Math.log(0.1))).toPrecision(12));
    expect(records.map((r) => r.inputs)).toEqual(
      records.map((_, i) => ({ D: 0.02, gamma: gamma(i) })),
    );
  });

  it('refuses a sweep whose point indices a double cannot hold, before any work', async () => {
    // 1000⁶ = 10¹⁸ points: past 2⁵³ an index no longer names one point (indices place the values).
    const axis = { log: [0.1, 1], points: 1000 };
    const names = ['D', 'gamma', 'mass', 'param.a', 'param.b', 'param.c'];
    writeFileSync(
      file('vast.json'),
      JSON.stringify({ command: 'rate', axes: Object.fromEntries(names.map((n) => [n, axis])) }),
    );
    const run = startCli(['sweep', 'vast.json', '--out', 'vast.jsonl', '--yes'], dir);
    expect(await run.done).toBe(2);
    expect(run.stderr).toMatch(/the sweep has 1\.00e\+18 points, more than 2\^53/);
    expect(existsSync(file('vast.jsonl'))).toBe(false);
  });
});
