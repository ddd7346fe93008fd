import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodInfo } from '../../src/index.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-resonance-'));

describe('kramers resonance', () => {
  it('--json keeps rows with two-state and linear-response η and SNR, and the maxima', () => {
    const run = runCli([
      'resonance',
      '--amplitude',
      '0.01',
      '--omega',
      '0.05',
      '--points',
      '6',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.rows).toHaveLength(6);
    for (const row of r.rows) {
      expect(row.D).toBeGreaterThan(0);
      expect(row.twoState.amplification).toBeGreaterThan(0);
      expect(row.twoState.snr).toBeGreaterThan(0);
      expect(row.linearResponse.amplification).toBeGreaterThan(0);
    }
    expect(r.maximum.twoState.D).toBeGreaterThan(0);
    expect(r.maximum.linearResponse.D).toBeGreaterThan(0);
  });

  it('prints each maximum with its ±, ≈ and exit 3 where nothing bounds it, and no D* at an end of the range', () => {
    // 5 levels: each theory maximum is located by evaluating the theory (its ± is checked against
    // an independent maximum in test/studies/resonanceMaximum.test.ts); here that the text shows
    // it. The Fokker–Planck maximum is 0.1189, 26.48; the grid's parabola said D* = 0.1314 ± 0.5,
    // η* = 26.37 ± 25 and asked for more --points.
    const inside = runCli(['resonance', '--amplitude', '0.01', '--omega', '0.05', '--points', '5']);
    expect(inside.status, inside.stderr).toBe(0);
    expect(inside.stdout).toMatch(
      / {2}linearResponse: D\* = 0\.1189 ± 0\.0015, η\* = 26\.48 ± 0\.0042\n/,
    );
    expect(inside.stdout).not.toMatch(/use more --points/);
    // The simulated curve keeps the grid's parabola: 3 levels leave one on either side of its
    // largest η, so nothing bounds it: ≈, no ±, retcode not_converged in the table and in --json
    // (null errors), exit 3; the theory curves beside it have their ±.
    const three = [
      ...[
        'resonance',
        '--amplitude',
        '0.05',
        '--omega',
        '0.1',
        '--D-min',
        '0.12',
        '--D-max',
        '0.2',
      ],
      ...[
        '--points',
        '3',
        '--simulate',
        '--periods',
        '16',
        '--trajectories',
        '4',
        '--workers',
        '1',
      ],
    ];
    const coarse = runCli(three);
    expect(coarse.status, coarse.stderr).toBe(3);
    expect(coarse.stdout).toMatch(/ {2}simulated \(not converged\): D\* ≈ [\d.]+, η\* ≈ [\d.]+\n/);
    expect(coarse.stdout).toMatch(/ {2}linearResponse: D\* = [\d.]+ ± [\d.]+, η\* = /);
    expect(coarse.stdout).toContain('retcode: not_converged');
    expect(coarse.stdout).toMatch(
      /the simulated maximum is interpolated from 3 noise levels with fewer than two on either side of the largest η: .*use more --points/,
    );
    const json = runCli([...three, '--json']);
    expect(json.status, json.stderr).toBe(3);
    const report = JSON.parse(json.stdout);
    expect(report.retcode).toBe('not_converged');
    expect(report.maximum.simulated).toMatchObject({
      DError: null,
      amplificationError: null,
      interpolationError: null,
      retcode: 'not_converged',
    });
    // Ω = 1e-12: η falls with D; the largest value is D-min, which is no maximum.
    const edge = runCli(['resonance', '--amplitude', '0.01', '--omega', '1e-12', '--points', '3']);
    expect(edge.status, edge.stderr).toBe(0);
    expect(edge.stdout).not.toMatch(/D\* = /);
    expect(edge.stdout).toContain(
      '  linearResponse: — (the linear-response maximum: η rises towards D = 0.03125 (the smallest noise of the range): the maximum lies outside the range; widen it (a smaller --D-min))',
    );
  });

  it('asks for the drive', () => {
    const run = runCli(['resonance']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--amplitude A --omega Ω');
  });

  it('--simulate --json: retcode first (not_converged: exit 3), same rows on 1 and 2 workers and either engine', () => {
    // Three levels leave no two on either side of any largest η: every maximum is unbounded, so
    // the report is not_converged and the exit code 3 (the codes follow retcode).
    const args = [
      'resonance',
      '--amplitude',
      '0.05',
      '--omega',
      '0.1',
      '--D-min',
      '0.12',
      '--D-max',
      '0.2',
      '--points',
      '3',
      '--simulate',
      '--periods',
      '16',
      '--trajectories',
      '4',
      '--json',
    ];
    const one = runCli([...args, '--workers', '1', '--engine', 'js']);
    const two = runCli([...args, '--workers', '2']);
    expect(one.status, one.stderr).toBe(3);
    expect(two.status, two.stderr).toBe(3);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(Object.keys(a).slice(0, 2)).toEqual(['retcode', 'warnings']);
    expect(a.retcode).toBe('not_converged');
    expect([a.workers, b.workers]).toEqual([1, 2]);
    // Trajectory j draws from stream j at every level: the pool's runner gives the same numbers,
    // and the WebAssembly lanes (the default) the JavaScript kernel's samples bit for bit.
    expect([a.simulation.engine, b.simulation.engine]).toEqual(['js', 'wasm']);
    expect(b.rows).toEqual(a.rows);
    expect(a.rows.every((row: { simulated?: unknown }) => row.simulated)).toBe(true);
  });

  it('--simulate as text names the engine that ran the trajectories', () => {
    const args = ['resonance', '--amplitude', '0.05', '--omega', '0.1', '--D', '0.15'];
    const sim = ['--simulate', '--periods', '16', '--trajectories', '2', '--workers', '1'];
    const run = runCli([...args, ...sim, '--engine', 'js']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /simulated: 2 trajectories × 16 periods per D, 128 samples a period, dt = .*, seed 1 \(js engine\)/,
    );
    expect(runCli([...args, ...sim]).stdout).toContain('(wasm engine)');
  });

  it('--plot takes each curve label and colour from the method catalogue', () => {
    const file = join(dir, 'resonance.svg');
    const run = runCli([
      'resonance',
      '--amplitude',
      '0.01',
      '--omega',
      '0.05',
      '--points',
      '4',
      '--plot',
      file,
    ]);
    // 4 levels: each theory maximum is located by evaluating the theory, so bounded (exit 0), and
    // the plot marks each D* with = (≈ is for a maximum nothing bounds: the simulated curve's).
    expect(run.status, run.stderr).toBe(0);
    const svg = readFileSync(file, 'utf8');
    for (const key of ['twoState', 'linearResponse'] as const) {
      const { label, colour, short } = methodInfo(key)!;
      expect(svg, key).toContain(label);
      expect(svg, key).toContain(colour);
      // The maxima are named as the catalogue names the curves, not by the report's keys.
      expect(svg, key).toMatch(new RegExp(`D\\* \\(${short}\\) = \\d`));
    }
    expect(svg).not.toMatch(/D\*\((twoState|linearResponse)\)/);
  });

  it('an SNR interval without an upper end: [lo, ∞) in the table, a warning, an open point with a bar to the edge', () => {
    // The audit's run (8 trajectories × 16 periods, seed 1): at D = 0.0402 and 0.0517 the noise
    // PSD is not resolved and the SNR's CI is [0, ∞) (test/studies/resonance.test.ts checks
    // which levels from the noise and its error). The table printed "[0, ∞]" with no word, and
    // the plot drew those points as filled dots without a bar, as if precise.
    const file = join(dir, 'unbounded.svg');
    const run = runCli([
      'resonance',
      '--amplitude',
      '0.05',
      '--omega',
      '0.1',
      '--simulate',
      '--trajectories',
      '8',
      '--periods',
      '16',
      '--workers',
      '1',
      '--plot',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const open = run.stdout
      .split('\n')
      .filter((line) => /^ {2}0\.\d/.test(line) && line.includes('∞'));
    expect(open.map((line) => line.trim().split(/\s+/)[0])).toEqual(['0.04021', '0.05173']);
    for (const line of open) expect(line).toMatch(/\[0, ∞\)$/);
    expect(run.stdout).not.toContain('∞]');
    expect(run.stdout).toContain(
      "the simulated SNR's 95% CI is unbounded above, [lower end, ∞), at D = 0.0402, 0.0517",
    );
    const svg = readFileSync(file, 'utf8');
    // One dashed bar with an arrow per open point, up to the frame's top (marginTop 44), and a
    // legend line saying what the open marker means.
    const bars = [
      ...svg.matchAll(
        /<path marker-end="url\(#plot-marker-\d+\)" d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/g,
      ),
    ];
    expect(bars).toHaveLength(2);
    for (const [, x1, , x2, y2] of bars) {
      expect(x1).toBe(x2);
      expect(Number(y2)).toBe(44);
    }
    expect(svg).toContain('○ 95% CI unbounded above ↑');
    const openDots =
      /<g stroke-width="1.8" stroke="#[0-9a-f]+" fill="white" aria-label="dot">(.*?)<\/g>/.exec(
        svg,
      );
    expect((openDots?.[1] ?? '').match(/<circle /g)).toHaveLength(2);
  });
});
