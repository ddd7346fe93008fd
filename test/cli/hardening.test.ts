import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The built CLI with extra environment (the budget, the progress interval). */
function run(args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const NOT_A_NUMBER = /\bNaN\b|\bInfinity\b/;

describe('cost before work (issue 14, item 2): refused with the estimate, exit 2', () => {
  // The examples, under the default budget of 120 s: each estimate is days or more.
  const EXAMPLES: [string, string[], RegExp][] = [
    ['ΔU/D = 20', ['simulate', '(x^2-1)^2'], /≈ \d.* (days|years)/],
    ['a tilted washboard', ['simulate', '-cos(x)-0.5*x', '--domain', '-4:8'], /≈ \d+ (h|days)/],
    [
      'underdamped at γ = 1e-9',
      ['simulate', '--dynamics', 'underdamped', '--gamma', '1e-9'],
      /years/,
    ],
    ['rate --simulate at ΔU/D = 20', ['rate', '(x^2-1)^2', '--simulate'], /walker-steps/],
    [
      'turnover --exact down to γ = 1e-6',
      ['turnover', '--exact', '--gamma-min', '1e-6'],
      /Klein–Kramers column would take about \d/,
    ],
    [
      'pull at ΔG = 1e6',
      [
        'pull',
        '--model',
        'linear-cubic',
        '--dG',
        '1e6',
        '--xb',
        '1',
        '--k0',
        '1',
        '--rates',
        '1,10',
      ],
      /k\(F\) table would take about \d+ (min|h)/,
    ],
  ];
  it.each(EXAMPLES)('%s', (_name, args, estimate) => {
    const r = run(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(estimate);
    expect(r.stderr).toMatch(/past the budget of 2 min[\s\S]*hint: .*--yes to run it anyway/);
  });

  it('the simulated studies refuse past a small budget (KRAMERS_BUDGET) and run with --yes', () => {
    const tiny = { KRAMERS_BUDGET: '0.001' };
    for (const args of [
      ['turnover', '--simulate', '--points', '3', '--workers', '1'],
      ['resonance', '--amplitude', '0.02', '--omega', '0.05', '--simulate', '--workers', '1'],
      ['pull', '--rates', '1', '--simulate', '--walkers', '200', '--workers', '1'],
      ['simulate', '--method', 'transitions', '--workers', '1'],
      ['simulate', '--method', 'ams', '--workers', '1'],
    ]) {
      const r = run(args, tiny);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/would take about .*past the budget of 0\.001 s/);
    }
    const yes = run(['simulate', '--walkers', '64', '--workers', '1', '--yes'], tiny);
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/rate 1\/MFPT/);
  });

  it('progress lines on stderr when it is not a terminal, also under --json', () => {
    const r = run(['simulate', '--walkers', '1024', '--workers', '1', '--json', '--D', '0.1'], {
      KRAMERS_PROGRESS_SECONDS: '0.01',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^progress: \d+\/1024 walkers after .*left\)$/m);
    expect(JSON.parse(r.stdout).retcode).toBe('success');
  });
});

describe('limits are bad input (issue 14, item 3): exit 2 with a message before work', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kramers-hardening-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const CASES: [string, string[], RegExp][] = [
    [
      'AMS runs 1e12',
      ['simulate', '--method', 'ams', '--runs', '1e12'],
      /runs = 1000000000000 is past the limit/,
    ],
    [
      '2^32 trajectories',
      ['simulate', '--method', 'transitions', '--trajectories', '4294967296'],
      /past the limit of 100000/,
    ],
    ['1e9 walkers', ['simulate', '--walkers', '1e9'], /walkers = 1000000000 is past the limit/],
    [
      'AMS replicas 1e9',
      ['simulate', '--method', 'ams', '--replicas', '1e9'],
      /replicas = 1000000000 is past/,
    ],
    [
      '4096 periods',
      ['resonance', '--amplitude', '0.02', '--omega', '0.05', '--simulate', '--periods', '4096'],
      /would take about/,
    ],
    [
      'a record past 2^27 samples',
      [
        'resonance',
        '--amplitude',
        '0.02',
        '--omega',
        '0.05',
        '--simulate',
        '--periods',
        '16777216',
        '--yes',
      ],
      /exceed 2\^27 per trajectory/,
    ],
    [
      'a plot in a missing directory',
      ['turnover', '--plot', '/no/such/dir/x.svg'],
      /--plot: cannot write '\/no\/such\/dir\/x.svg' \(ENOENT\)/,
    ],
    // An empty name is no file: turnover took it as "no plot" and exited 0 having drawn nothing.
    ...(
      [
        ['turnover', '--points', '3'],
        ['resonance', '--amplitude', '0.02', '--omega', '0.05', '--points', '3'],
        ['pull', '--model', 'bell', '--dG', '8', '--xb', '1', '--k0', '1', '--rates', '1'],
      ] as const
    ).map((args): [string, string[], RegExp] => [
      `an empty plot name (${args[0]})`,
      [...args, '--plot', ''],
      /--plot: '' must end in \.svg or \.png/,
    ]),
    [
      'a plot in /proc',
      ['resonance', '--amplitude', '0.02', '--omega', '0.05', '--plot', '/proc/x.svg'],
      /--plot: cannot write/,
    ],
    [
      'a checkpoint in a missing directory',
      ['simulate', '--checkpoint', '/no/such/dir/c.json'],
      /--checkpoint: cannot write/,
    ],
    ['1000 workers', ['simulate', '--workers', '1000'], /more than 256 threads/],
  ];
  it.each(CASES)('%s', (_name, args, message) => {
    const r = run(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|at .+\.js:\d+/);
  });

  it('a writable plot path is checked and left as it was until the figure is written', () => {
    const file = join(scratch, 'ok.svg');
    const r = run(['turnover', '--points', '3', '--plot', file]);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('no NaN or Infinity in any output (issue 14, item 4)', () => {
  it('rate on a rippled well: every route a number or a reason', () => {
    const r = run(['rate', 'x^2+sin(100*x)/100']);
    expect([0, 3]).toContain(r.status);
    expect(r.stdout + r.stderr).not.toMatch(NOT_A_NUMBER);
  });

  it('simulate at D = 1e-6: refused, the exact MFPT given as a power of e', () => {
    const r = run(['simulate', '--D', '1e-6']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exact MFPT is e\^250000/);
  });

  it('simulate with every walker censored: a lower bound, not Infinity, and exit 3', () => {
    const r = run(['simulate', '--walkers', '10', '--tmax', '1', '--workers', '1']);
    // No escape seen is no estimate (not_converged): MFPT > 1·0.05^(1/10) = 0.74113.
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/MFPT\s+> 0\.7411\d* \(no escape\)/);
    expect(r.stdout).toMatch(/rate 1\/MFPT\s+< 1\.349\d* \(no escape\)/);
    expect(r.stdout).not.toMatch(NOT_A_NUMBER);
    // --json: no estimate is null (rate was 0 before, mfpt ∞ printed as null), the bound a field.
    const json = run(['simulate', '--walkers', '10', '--tmax', '1', '--workers', '1', '--json']);
    expect(json.status).toBe(3);
    const report = JSON.parse(json.stdout);
    expect(report.retcode).toBe('not_converged');
    expect(report).toMatchObject({ mfpt: null, rate: null, logRate: null, error: null });
    expect(report.mfptLowerBound).toBeCloseTo(0.05 ** (1 / 10), 12);
    expect(report.mfptLowerBound).toBe(report.mfptCI95[0]);
  });

  it('analyze at γ = 1e308: Kramers k = √2/(2πγ)·e^{−5}, a denormal, not 0', () => {
    const r = run(['analyze', '--gamma', '1e308', '--json']);
    expect(r.status).toBe(0);
    const t = JSON.parse(r.stdout).transitions[0];
    // √2/(2π)·e^{−5}/1e308 = 1.5166e-311: a denormal carries ~10 significant bits here.
    expect(t.logRates.kramers).toBeCloseTo(
      Math.log(Math.SQRT2 / (2 * Math.PI)) - 5 - 308 * Math.LN10,
      10,
    );
    expect(run(['analyze', '--gamma', '1e308']).stdout).not.toMatch(NOT_A_NUMBER);
  });

  it('a Néel–Brown particle of 1 mm: refused (σ past double range) instead of NaN', () => {
    const r = run(['preset', 'neel-brown', '--set', 'd=1e6nm']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/σ = KV\/k_BT = .* is past ±700/);
  });
});

describe('resonance at a single noise level (issue 14, item 5)', () => {
  const drive = ['resonance', '--amplitude', '0.02', '--omega', '0.05', '--json'];
  it('--D alone, --points 1 with --D-min = --D-max, and the same row in a scan', () => {
    const single = JSON.parse(run([...drive, '--D', '0.06']).stdout);
    const pinned = JSON.parse(
      run([...drive, '--D-min', '0.06', '--D-max', '0.06', '--points', '1']).stdout,
    );
    const scan = JSON.parse(
      run([...drive, '--D-min', '0.06', '--D-max', '0.24', '--points', '3']).stdout,
    );
    expect(single.rows).toHaveLength(1);
    expect(single.rows[0].D).toBe(0.06);
    // A scan's first level is D-min itself: the same spectrum, the same numbers to the last bit.
    expect(single.rows[0].linearResponse).toEqual(scan.rows[0].linearResponse);
    expect(pinned.rows).toEqual(single.rows);
    expect(single.maximum).toEqual({});
  });

  it('--points 1 over a range is refused, saying what one level needs', () => {
    const r = run([...drive, '--points', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/one noise level needs one D/);
  });
});
