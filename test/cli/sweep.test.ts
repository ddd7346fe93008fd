import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSweepSpec, recordOf, sweepPoints } from '../../src/index.js';
import { runCliAsync } from './run.js';
import { lineCount, startCli, storeLines, until } from './sweepHelpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const cli = (args: readonly string[], timeoutMs = 60_000, env: Record<string, string> = {}) =>
  runCliAsync(args, { cwd: dir, timeoutMs, env });

/** 12 exact rates: 4 noise levels × 3 frictions (≈ 0.1 s each). */
const EXACT = {
  command: 'rate',
  options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
  axes: { D: { log: [0.05, 0.4], points: 4 }, gamma: [0.5, 1, 2] },
};
writeFileSync(file('exact.json'), JSON.stringify(EXACT));
writeFileSync(
  file('exact.yaml'),
  'command: rate\noptions:\n  expr: x^4/4 - x^2/2\n  method: exact\naxes:\n  D: { log: [0.05, 0.4], points: 4 }\n  gamma: [0.5, 1, 2]\n',
);

// Each test spawns several CLI runs; on a loaded 2-core machine one took up to 25 s.
describe('kramers sweep (local pool)', { timeout: 180_000 }, () => {
  it('stores each point once, as exactly what `kramers rate … --json` prints', async () => {
    const run = await cli(['sweep', 'exact.json', '--out', 'exact.jsonl', '--workers', '2']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/computed now\s+12 \(success 12\)/);
    const records = storeLines(file('exact.jsonl'));
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => r.key)).size).toBe(12);
    for (const record of [records[0]!, records[7]!]) {
      const direct = await cli([...record.args, '--json']);
      expect(record.report).toEqual(JSON.parse(direct.stdout));
      expect(record).toMatchObject({ retcode: 'success', exit: 0 });
      expect(record.seconds).toBeGreaterThan(0);
    }
  });

  it('resumes: a rerun computes nothing; --force recomputes the same numbers in place', async () => {
    const before = readFileSync(file('exact.jsonl'), 'utf8');
    const again = await cli(['sweep', 'exact.json', '--out', 'exact.jsonl', '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      retcode: 'success',
      alreadyDone: 12,
      computed: 0,
    });
    expect(readFileSync(file('exact.jsonl'), 'utf8')).toBe(before);
    const forced = await cli(['sweep', 'exact.json', '--out', 'exact.jsonl', '--force', '--json']);
    expect(JSON.parse(forced.stdout)).toMatchObject({ alreadyDone: 0, computed: 12, stored: 12 });
    const reports = (text: string) =>
      new Map(
        text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .map((r) => [r.key, r.report]),
      );
    expect(reports(readFileSync(file('exact.jsonl'), 'utf8'))).toEqual(reports(before));
  });

  it('reads YAML to the same points, and --shard i/n splits them without overlap', async () => {
    const [a, b] = await Promise.all([
      cli(['sweep', 'exact.yaml', '--out', 'shard0.jsonl', '--shard', '0/2', '--workers', '1']),
      cli(['sweep', 'exact.yaml', '--out', 'shard1.jsonl', '--shard', '1/2', '--workers', '1']),
    ]);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(a.stdout).toMatch(/shard 0\/2: 6 points/);
    const keys = [...storeLines(file('shard0.jsonl')), ...storeLines(file('shard1.jsonl'))].map(
      (r) => r.key,
    );
    expect(keys).toHaveLength(12);
    expect(new Set(keys)).toEqual(new Set(storeLines(file('exact.jsonl')).map((r) => r.key)));
    const report = await cli(['sweep', 'report', 'shard0.jsonl', 'shard1.jsonl', '--json']);
    const parsed = JSON.parse(report.stdout);
    expect(parsed).toMatchObject({ quantity: 'methods.exact.rate', axes: ['D', 'gamma'] });
    expect(parsed.points).toHaveLength(12);
    // Sorted by the axes, first axis first.
    expect(parsed.points[0].inputs).toEqual({ D: 0.05, gamma: 0.5 });
  });

  it('prints progress lines when stderr is not a terminal (a Slurm log), as simulate does', async () => {
    // 12 points of ≈ 0.1 s; a line at most every 0.01 s, so several appear before the last point.
    const run = await cli(
      ['sweep', 'exact.json', '--out', 'progress.jsonl', '--workers', '1', '--json'],
      60_000,
      { KRAMERS_PROGRESS_SECONDS: '0.01' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^progress: \d+\/12 points after .*left\)$/m);
    expect(JSON.parse(run.stdout)).toMatchObject({ computed: 12 });
  });

  it('zip: a value may repeat on one axis; a whole point repeated is refused at its place', async () => {
    // The audit's spec (F8), refused before with "the value 1 appears twice"; three points.
    const spec = {
      command: 'rate',
      options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
      axes: { D: [0.1, 0.2, 0.3], gamma: [1, 1, 2] },
      combine: 'zip',
    };
    writeFileSync(file('zip.json'), JSON.stringify(spec));
    const run = await cli(['sweep', 'zip.json', '--out', 'zip.jsonl', '--workers', '1']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/computed now\s+3 \(success 3\)/);
    expect(storeLines(file('zip.jsonl')).map((r) => r.inputs)).toHaveLength(3);
    // One point: "1 point", not "1 points".
    writeFileSync(file('one.json'), JSON.stringify({ ...spec, axes: { D: [0.1] } }));
    const one = await cli(['sweep', 'one.json', '--out', 'one.jsonl', '--workers', '1']);
    expect(one.stdout).toMatch(/^kramers rate: 1 point \(D: 1\) → /m);
    expect((await cli(['sweep', 'report', 'one.jsonl'])).stdout).toMatch(
      /^kramers rate: 1 point;/m,
    );
    // D 0.1 written again as "1e-1" beside gamma 1: point 2 is point 0; the caret is under it.
    const text =
      '{"command": "rate", "axes": {"D": [0.1, 0.2, "1e-1"], "gamma": [1, 1, 1]}, "combine": "zip"}';
    writeFileSync(file('zip-again.json'), text);
    const again = await cli(['sweep', 'zip-again.json', '--out', 'zip-again.jsonl']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(
      `zip: point 2 (D "1e-1", gamma 1) is point 0 again\nzip-again.json:1:46\n  ${text}\n${' '.repeat(47)}^^^^^^`,
    );
    expect(existsSync(file('zip-again.jsonl'))).toBe(false);
  });

  it('sweep report sorts values with units by what they are worth, not as text', async () => {
    // Records as a store holds them (no computing: the report reads only inputs and report).
    const spec = parseSweepSpec({
      command: 'preset josephson',
      axes: { 'set.T': ['300K', '0.2', 'abc', '300mK', '0.5K', '4000mK', 1] },
    });
    const lines = [...sweepPoints(spec, 'v')].map((p) =>
      JSON.stringify(
        recordOf(
          p,
          { report: { retcode: 'success', rate: 1 }, exit: 0, seconds: 0, stderr: '', host: 'h' },
          [],
        ),
      ),
    );
    writeFileSync(file('units.jsonl'), `${lines.join('\n')}\n`);
    const run = await cli(['sweep', 'report', 'units.jsonl', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const order = JSON.parse(run.stdout).points.map(
      (p: { inputs: Record<string, unknown> }) => p.inputs['set.T'],
    );
    // Pure numbers by value first, then kelvin by value (300 mK < 0.5 K < 4 K < 300 K), text last.
    expect(order).toEqual(['0.2', 1, '300mK', '0.5K', '4000mK', '300K', 'abc']);
  });

  it('refuses bad input before any work, writing no store', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['command', { command: 'rat', axes: { D: [0.1] } }, /unknown command 'rat'/],
      [
        'option',
        { command: 'rate', options: { gama: 1 }, axes: { D: [0.1] } },
        /'gama' is not an option of kramers rate/,
      ],
      ['empty', { command: 'rate', axes: { D: [] } }, /axes\.D: the axis is empty/],
      ['points', { command: 'rate', axes: { D: { log: [0.1, 1], points: 0 } } }, /axes\.D: points/],
      [
        'reserved',
        { command: 'simulate', options: { workers: 4 }, axes: { D: [0.1] } },
        /--workers cannot be set/,
      ],
      [
        'flag',
        { command: 'rate', options: { simulate: 1 }, axes: { D: [0.1] } },
        /--simulate takes true or false/,
      ],
      ['preset', { command: 'preset nope', axes: { 'set.T': ['300K'] } }, /expected preset NAME/],
      [
        'huge',
        {
          command: 'rate',
          axes: { D: { log: [0.01, 1], points: 10_000 }, gamma: { log: [0.1, 10], points: 1000 } },
        },
        /1\.00e\+7 points; above 100000 points give --yes/,
      ],
    ];
    await Promise.all(
      cases.map(async ([name, spec, message]) => {
        writeFileSync(file(`bad-${name}.json`), JSON.stringify(spec));
        const run = await cli(['sweep', `bad-${name}.json`, '--out', `bad-${name}.jsonl`]);
        expect(run.status, name).toBe(2);
        expect(run.stderr, name).toMatch(message);
        expect(existsSync(file(`bad-${name}.jsonl`)), name).toBe(false);
      }),
    );
    // The error points at the place in the file: line, column and a caret under the key.
    expect((await cli(['sweep', 'bad-option.json'])).stderr).toContain(
      `bad-option.json:1:30\n  ${JSON.stringify(cases[1]![1])}\n${' '.repeat(31)}^^^^^^`,
    );
    writeFileSync(file('comma.json'), '{"command": "rate" "axes": {}}');
    const comma = await cli(['sweep', 'comma.json']);
    expect([comma.status, comma.stderr]).toEqual([
      2,
      expect.stringMatching(/comma\.json:1:20\n.*\n {21}\^\n {2}hint: JSON wants/),
    ]);
    const shard = await cli(['sweep', 'exact.json', '--out', 'bad-shard.jsonl', '--shard', '2/2']);
    expect(shard.stderr).toMatch(/--shard '2\/2'/);
    const missing = await cli(['sweep', 'nope.json']);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/nope.json: no such file/),
    ]);
    writeFileSync(file('broken.yaml'), 'command: [rate\n');
    expect((await cli(['sweep', 'broken.yaml'])).stderr).toMatch(/not valid YAML/);
    const queue = await cli([
      'sweep',
      'exact.json',
      '--out',
      'bad-queue.jsonl',
      '--queue',
      'redis://127.0.0.1:1',
    ]);
    expect([queue.status, queue.stderr]).toEqual([
      2,
      expect.stringMatching(/cannot reach Redis at redis:\/\/127.0.0.1:1: connect ECONNREFUSED/),
    ]);
    expect(existsSync(file('bad-queue.jsonl'))).toBe(false);
  });

  it('stores a point its command refuses as that command’s error report, and marks it failed', async () => {
    writeFileSync(
      file('mixed.json'),
      JSON.stringify({
        command: 'rate',
        options: { method: 'exact' },
        axes: { D: [0.2, -0.1, 0.3] },
      }),
    );
    const run = await cli(['sweep', 'mixed.json', '--out', 'mixed.jsonl', '--json']);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.retcodes).toEqual({ success: 2, error: 1 });
    expect(summary.warnings[0]).toMatch(/1 point did not succeed \(error: 1\)/);
    const bad = storeLines(file('mixed.jsonl')).find((r) => r.inputs['D'] === -0.1)!;
    const direct = await cli([...bad.args, '--json']);
    expect(direct.status).toBe(2);
    expect(bad).toMatchObject({ retcode: 'error', exit: 2, report: JSON.parse(direct.stdout) });
    const report = await cli(['sweep', 'report', 'mixed.jsonl', '--plot', 'mixed.svg']);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/-0\.1\s+—\s+✗ error/);
    expect(readFileSync(file('mixed.svg'), 'utf8')).toMatch(/<svg/);
  });

  it('Ctrl-C keeps the finished points; a rerun computes only the rest, losing nothing', async () => {
    // 8 simulated points of ~0.3 s on one thread, each with a seed from the master seed.
    writeFileSync(
      file('sim.json'),
      JSON.stringify({
        command: 'simulate',
        options: { walkers: 800 },
        axes: { D: { linear: [0.3, 0.44], points: 8 } },
        seed: 11,
      }),
    );
    const first = startCli(['sweep', 'sim.json', '--out', 'sim.jsonl', '--workers', '1'], dir);
    await until(() => lineCount(file('sim.jsonl')) >= 2, 'two stored points');
    first.child.kill('SIGINT');
    expect(await first.done).toBe(3);
    expect(first.stdout).toMatch(/retcode: interrupted/);
    const kept = storeLines(file('sim.jsonl'));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(8);
    // A torn last line (a kill during a write) is dropped on the next run, not an error.
    appendFileSync(file('sim.jsonl'), '{"key":"abc","inpu');
    const second = await cli(
      ['sweep', 'sim.json', '--out', 'sim.jsonl', '--workers', '2', '--json'],
      120_000,
    );
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/last line was cut short/);
    expect(JSON.parse(second.stdout)).toMatchObject({
      alreadyDone: kept.length,
      computed: 8 - kept.length,
    });
    const all = storeLines(file('sim.jsonl'));
    expect(new Set(all.map((r) => r.key)).size).toBe(8);
    expect(all).toHaveLength(8);
    // A resumed point equals the same command run on its own: its seed is the point's, not the run's.
    const last = all.at(-1)!;
    expect(last.args).toContain(`--seed=${last.seed}`);
    const direct = await cli([...last.args, '--json']);
    expect(last.report).toEqual(JSON.parse(direct.stdout));
  });

  it("sweep report defaults to the exact route's rate, the column `kramers rate` compares against", async () => {
    // Every default route (kramers, corrected, exact, spectral): the first key, Kramers' formula,
    // was the default (audit F9). The reference is the one the rate table's "vs" column names.
    writeFileSync(
      file('all.json'),
      JSON.stringify({
        command: 'rate',
        options: { expr: 'x^4/4 - x^2/2' },
        axes: { D: [0.1, 0.2] },
      }),
    );
    const run = await cli(['sweep', 'all.json', '--out', 'all.jsonl', '--workers', '1']);
    expect(run.status, run.stderr).toBe(0);
    const table = await cli(['rate', '--D', '0.1']);
    expect(table.stdout).toMatch(/vs exact/);
    const report = await cli(['sweep', 'report', 'all.jsonl', '--json']);
    const parsed = JSON.parse(report.stdout);
    expect(parsed.quantity).toBe('methods.exact.rate');
    const stored = storeLines(file('all.jsonl'));
    type Methods = Record<string, { rate: number }>;
    const methodsOf = (r: (typeof stored)[number]) => r.report['methods'] as Methods;
    expect(Object.keys(methodsOf(stored[0]!))[0]).toBe('kramers');
    for (const point of parsed.points) {
      const record = stored.find((r) => r.key === point.key)!;
      expect(point.value).toBe(methodsOf(record)['exact']!.rate);
    }
    const help = await cli(['sweep', 'report', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
      /default: its rate; for `kramers rate` the exact route's/,
    );
  });

  it('draws a line for one axis and a heat map for two', async () => {
    const line = await cli(['sweep', 'report', 'sim.jsonl', '--plot', 'sim.png']);
    expect(line.status, line.stderr).toBe(0);
    expect(line.stdout).toMatch(/quantity|rate over D/);
    expect(readFileSync(file('sim.png')).subarray(1, 4).toString()).toBe('PNG');
    const map = await cli(['sweep', 'report', 'exact.jsonl', '--plot', 'exact.svg']);
    expect(map.status, map.stderr).toBe(0);
    expect(readFileSync(file('exact.svg'), 'utf8')).toMatch(/methods\.exact\.rate over D × gamma/);
  });
});
