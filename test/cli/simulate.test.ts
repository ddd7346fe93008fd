import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

// D = 0.25 on the seed double well: the exact MFPT from −1 to +1 is 14.2777366365081
// (test/fixtures/reference_cases.json), cheap enough to simulate in a test.
const BASE = ['simulate', '--D', '0.25', '--walkers', '400', '--seed', '7', '--json'];

describe('kramers simulate', () => {
  it('same seed ⇒ identical numbers with 1 and 2 workers', () => {
    const one = runCli([...BASE, '--workers', '1']);
    const two = runCli([...BASE, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.mfptStdErr).toBe(a.mfptStdErr);
    expect(b.steps).toBe(a.steps);
  });

  it('--json keeps the documented keys, and the CI covers the exact MFPT', () => {
    const run = runCli([...BASE, '--workers', '2']);
    const r = JSON.parse(run.stdout);
    for (const key of [
      'mfpt',
      'mfptStdErr',
      'mfptCI95',
      'rate',
      'rateCI95',
      'walkers',
      'censored',
      'steps',
      'seed',
      'retcode',
    ]) {
      expect(r, key).toHaveProperty(key);
    }
    expect(r.walkers).toBe(400);
    expect(r.seed).toBe(7);
    // 400 walkers: SE ≈ 14.3/√400 ≈ 0.7; the dt bias at the default dt is ≲ 1% (0.14).
    // |sim − exact| ≤ 3 SE + 0.2 holds with probability > 99.7% for this fixed seed by design.
    expect(Math.abs(r.mfpt - 14.2777366365081)).toBeLessThan(3 * r.mfptStdErr + 0.2);
  });

  it('every walker censored: an MFPT bound below the exact one, no rate, exit 3', () => {
    // tMax = 0.3 ≪ the lag before escape starts on the seed double well: nobody escapes. The rule
    // of three claimed MFPT > 2000·0.3/3 = 200 (exact 14.28) with exit 0; the data support only
    // MFPT > tMax·0.05^(1/2000) (statistics.ts noEscapeBound), which never passes tMax.
    const run = runCli(['simulate', '--D', '0.25', '--walkers', '2000', '--tmax', '0.3', '--json']);
    expect(run.status, run.stderr).toBe(3);
    const r = JSON.parse(run.stdout);
    expect(r.censored).toBe(2000);
    expect(r.retcode).toBe('not_converged');
    expect(r.mfptCI95[0]).toBeLessThan(0.3);
    expect(r.mfptCI95[0]).toBeGreaterThan(0.299);
    expect(r.mfptCI95[0]).toBeLessThan(14.2777366365081);
    expect(r.rateCI95[1]).toBeCloseTo(1 / r.mfptCI95[0], 12);
    expect(r.warnings.join(' ')).toMatch(/no MFPT or rate estimate/);
  });

  it.each([
    ['walkers 0', ['simulate', '--walkers', '0'], /walkers|whole number/],
    ['dt negative', ['simulate', '--dt', '-0.1'], /dt/],
    ['dt too large', ['simulate', '--D', '0.25', '--dt', '2'], /dt/],
    ['bad dynamics', ['simulate', '--dynamics', 'quantum'], /overdamped or underdamped/],
  ])('bad input: %s', (_what, args, message) => {
    const run = runCli(args);
    expect(run.status, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('kramers rate --simulate', () => {
  it('adds methods.simulation beside the exact route', () => {
    const run = runCli(['rate', '--D', '0.25', '--simulate', '--walkers', '400', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { methods } = JSON.parse(run.stdout);
    const sim = methods.simulation;
    expect(sim.mfptCI95).toHaveLength(2);
    // Same definition as exact (1/MFPT to the other well's bottom): within 3 SE plus dt bias.
    expect(Math.abs(sim.mfpt - methods.exact.mfpt)).toBeLessThan(3 * sim.mfptStdErr + 0.2);
  });
});

describe('kramers simulate: Ctrl-C and checkpoint/resume', () => {
  it('an interrupted run resumes from its checkpoint to the same numbers as an uninterrupted one', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'kramers-ck-'));
    const checkpoint = join(dir, 'run.json');
    const args = [
      'simulate',
      '--D',
      '0.25',
      '--walkers',
      '20000',
      '--seed',
      '11',
      '--workers',
      '2',
      '--json',
    ];
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    try {
      const interrupted = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args, '--checkpoint', checkpoint]);
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        // Interrupt once the first chunk is checkpointed: the SIGINT handler is installed by then,
        // and 20000 walkers (~1.5 s on 2 cores) are far from done.
        const poll = setInterval(() => {
          if (existsSync(checkpoint)) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 10);
        child.on('close', (code) => resolve({ code, out }));
      });
      const partial = JSON.parse(interrupted.out);
      // Interrupted mid-run: fewer walkers, retcode says so, exit code 3 (numerical non-success).
      expect(partial.retcode).toBe('interrupted');
      expect(partial.walkers).toBeLessThan(20000);
      expect(interrupted.code).toBe(3);
      const resumed = JSON.parse(runCli([...args, '--checkpoint', checkpoint]).stdout);
      const fresh = JSON.parse(runCli(args).stdout);
      expect(resumed.walkers).toBe(20000);
      expect(resumed.mfpt).toBe(fresh.mfpt);
      expect(resumed.steps).toBe(fresh.steps);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kramers simulate --method ams', () => {
  // ΔU/D = 20 (D = 0.0125), −1 → 0: exact MFPT 1.0993e9 (Pontryagin quadrature, printed beside).
  // Direct simulation would need ~10⁹ time units per walker; AMS takes about a second.
  const AMS = [
    'simulate',
    '--method',
    'ams',
    '--D',
    '0.0125',
    '--to-x',
    '0',
    '--replicas',
    '200',
    '--runs',
    '6',
    '--seed',
    '3',
    '--json',
  ];

  it('matches the exact MFPT within 3 SE and gives the same numbers on 1 and 2 workers and either engine', () => {
    const one = runCli([...AMS, '--workers', '1', '--engine', 'js']);
    const two = runCli([...AMS, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    // --engine reaches AMS; the default is the WebAssembly excursion kernel.
    expect([a.engine, b.engine]).toEqual(['js', 'wasm']);
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.steps).toBe(a.steps);
    for (const key of ['mfpt', 'mfptStdErr', 'mfptCI95', 'rate', 'rateCI95', 'seed', 'retcode']) {
      expect(a, key).toHaveProperty(key);
    }
    expect(a.retcode).toBe('success');
    expect(a.exactMfpt).toBeCloseTo(1.0993222e9, -3);
    // 3 SE plus the dt = 1e-3 bias, which reads ≤ 5% low at ΔU/D = 20 (bench/README.md).
    expect(Math.abs(a.mfpt - a.exactMfpt)).toBeLessThan(3 * a.mfptStdErr + 0.05 * a.exactMfpt);
    expect(a.mfptStdErr / a.mfpt).toBeLessThan(0.3);
  });

  it('underdamped: no row says "exact MFPT"; the overdamped one is labelled as not this dynamics', () => {
    const args = ['simulate', '--dynamics', 'underdamped', '--gamma', '0.5', '--D', '0.25'];
    const run = runCli([...args, '--walkers', '64']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/^\s*exact MFPT/m);
    // 0.5 × 14.2777366 (the overdamped MFPT scales with γ; reference_cases.json at γ = 1).
    expect(run.stdout).toMatch(/overdamped MFPT \(not this dynamics\)\s+7\.138868/);
    const json = JSON.parse(runCli([...args, '--walkers', '64', '--json']).stdout);
    expect(json.exactMfpt).toBeNull();
    expect(json.overdampedMfpt).toBeCloseTo(7.13886832, 6);
  });

  it('names a bad method and refuses AMS for underdamped dynamics', () => {
    const bad = runCli(['simulate', '--method', 'magic']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--method must be direct, ams or transitions');
    const under = runCli(['simulate', '--method', 'ams', '--dynamics', 'underdamped']);
    expect(under.status).toBe(2);
    expect(under.stderr).toContain('overdamped dynamics only');
  });
});

describe('kramers simulate --method transitions', () => {
  const RUN = [
    'simulate',
    'x^4/4 - x^2/2 + 0.15*x',
    '--method',
    'transitions',
    '--D',
    '0.2',
    '--dt',
    '0.005',
    '--seed',
    '2',
    '--json',
  ];

  it('counts core-to-core transitions; rates within 3 SE of exact, same for 1 and 2 workers and either engine', () => {
    const one = runCli([...RUN, '--workers', '1']);
    const two = runCli([...RUN, '--workers', '2']);
    const js = runCli([...RUN, '--workers', '2', '--engine', 'js']);
    expect(one.status, one.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(b.transitions).toEqual(a.transitions);
    // The default engine is wasm (Node 20 has SIMD); the JS kernels walk the same paths.
    expect(JSON.parse(js.stdout).transitions).toEqual(a.transitions);
    expect(a.transitions).toHaveLength(2);
    for (const t of a.transitions) {
      // ~400 transitions each way by default: SE ≈ 5%; dt = 0.005 bias ≲ 0.5% (Heun + bridge).
      expect(t.count).toBeGreaterThan(300);
      expect(Math.abs(t.rate - t.exactRate)).toBeLessThan(3 * t.rateStdErr + 0.005 * t.exactRate);
      expect(t.rateCI95[0]).toBeLessThan(t.rate);
    }
  });

  it('nothing counted: no rate, only its Garwood upper bound, not_converged and exit 3', () => {
    // D = 0.05 on the seed double well: exact core-to-core k = 0.00138, so 8 runs of 50 expect
    // 0.55 transitions in all (none with probability e^{−0.55} = 0.58); this seed counts none. The
    // rate was printed as 0 with retcode success.
    const args = ['simulate', '--method', 'transitions', '--D', '0.05', '--duration', '50'];
    const run = runCli([...args, '--json']);
    expect(run.status, run.stderr).toBe(3);
    const r = JSON.parse(run.stdout);
    expect(r.retcode).toBe('not_converged');
    for (const t of r.transitions) {
      expect(t.count).toBe(0);
      expect(t.rate).toBeNull();
      expect(t.rateStdErr).toBeNull();
      // Garwood's 95% upper end for a count of 0 is χ²_0.975(2)/2 = −ln 0.025 = 3.68888 per
      // unit exposure (closed form; 1e-9 is the χ² quantile's bisection).
      expect(t.rateCI95[0]).toBe(0);
      expect(t.rateCI95[1] * t.residence).toBeCloseTo(-Math.log(0.025), 9);
      expect(t.exactRate).toBeLessThan(t.rateCI95[1]);
    }
    expect(r.warnings.join(' ')).toMatch(
      /no transition 0 → 1 counted .* no rate estimate, only k </,
    );
    const text = runCli(args);
    expect(text.status).toBe(3);
    expect(text.stdout).toMatch(/^ {2}0 +1 +0 +350 +< 0\.01054 +\[0, 0\.01054\]/m);
    // Too short to leave the start well at all: no time in well 1, no bound either.
    const brief = JSON.parse(
      runCli(['simulate', '--method', 'transitions', '--D', '0.25', '--duration', '0.01', '--json'])
        .stdout,
    );
    expect(brief.retcode).toBe('not_converged');
    const back = brief.transitions.find((t: { from: number }) => t.from === 1);
    expect(back.residence).toBe(0);
    expect(back.rate).toBeNull();
    expect(brief.warnings.join(' ')).toMatch(/no time spent in well 1/);
  });

  it('refuses a potential with one well and one that escapes to infinity', () => {
    const single = runCli(['simulate', 'x^2/2', '--method', 'transitions']);
    expect(single.status).toBe(2);
    expect(single.stderr).toContain('at least two wells');
    const open = runCli(['simulate', 'x^4/4 - x^2/2 - x^5/50', '--method', 'transitions']);
    expect(open.status).toBe(2);
    expect(open.stderr).toContain('confining potential');
  });
});
