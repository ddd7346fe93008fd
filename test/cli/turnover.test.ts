import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-turnover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  gamma: number;
  rates: Record<string, number | null | [number, number]>;
}

describe('kramers turnover', () => {
  it('prints every theory per friction value and the maximum as JSON', () => {
    const run = runCli(['turnover', '--points', '7', '--json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { rows: Row[]; maximum: { gamma: number; rate: number } };
    expect(out.rows).toHaveLength(7);
    for (const row of out.rows) {
      for (const key of [
        'tst',
        'spatialDiffusion',
        'energyDiffusion',
        'kramers',
        'melnikovMeshkov',
      ]) {
        expect(row.rates[key]).toBeGreaterThan(0);
      }
    }
    expect(out.rows[0]!.gamma).toBeCloseTo(0.01, 12);
    expect(out.rows[6]!.gamma).toBeCloseTo(100, 10);
    const best = Math.max(...out.rows.map((r) => r.rates['melnikovMeshkov'] as number));
    expect(out.maximum.rate).toBeGreaterThanOrEqual(best);
  });

  it('--exact adds the Klein–Kramers column; the table names each column', () => {
    // γ = 0.05 … 2.4 in 5 points: two on either side of the largest (0.346), so the maximum is
    // bounded (`success`) and γ* and k* each carry a ±.
    const run = runCli([
      'turnover',
      '--gamma-min',
      '0.05',
      '--gamma-max',
      '2.4',
      '--points',
      '5',
      '--exact',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/exact/);
    expect(run.stdout).toMatch(
      /maximum \(exact\): γ\* = [\d.]+ ± [\de.-]+, k\* = [\d.e-]+ ± [\de.-]+/,
    );
    expect(run.stdout).toMatch(/λ1 = 2k/);
  });

  it('--exact with 3 points: a maximum nothing bounds is ≈, without ±, and exits 3', () => {
    const run = runCli(['turnover', '--gamma-min', '0.1', '--gamma-max', '1.2', '--points', '3']);
    const exact = runCli([
      'turnover',
      '--gamma-min',
      '0.1',
      '--gamma-max',
      '1.2',
      '--points',
      '3',
      '--exact',
    ]);
    // The theory's maximum is a search of the closed form: success whatever the points.
    expect(run.status).toBe(0);
    expect(exact.status, exact.stderr).toBe(3);
    expect(exact.stdout).toMatch(
      /maximum \(exact, not converged\): γ\* ≈ [\d.]+, k\* ≈ [\d.e-]+\n/,
    );
    expect(exact.stdout).toMatch(/fewer than two on either side of the largest/);
  });

  it('a range that misses the maximum prints none ("—" and why), exit 0, and warns', () => {
    // The maximum of the default problem is near γ = 0.35 (the JSON test above over 0.01–100).
    const run = runCli(['turnover', '--gamma-min', '5', '--gamma-max', '100', '--points', '6']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /maximum: — \(the Mel'nikov–Meshkov maximum: k rises towards γ = 5 /,
    );
    expect(run.stdout).not.toMatch(/γ\* = 5/);
    const json = JSON.parse(
      runCli(['turnover', '--gamma-min', '5', '--gamma-max', '100', '--points', '6', '--json'])
        .stdout,
    ) as { maximum: unknown; warnings: string[] };
    expect(json.maximum).toBeNull();
    expect(json.warnings.join('\n')).toMatch(/outside the range; widen it/);
  });

  it('--simulate gives the same relaxation column on --engine js as on the default (wasm)', () => {
    const RUN = ['turnover', '--simulate', '--points', '1', '--gamma-min', '1', '--gamma-max', '1'];
    const args = [...RUN, '--walkers', '400', '--workers', '1', '--json'];
    const wasm = runCli(args);
    const js = runCli([...args, '--engine', 'js']);
    expect(wasm.status, wasm.stderr).toBe(0);
    expect(js.status, js.stderr).toBe(0);
    const column = (out: string) =>
      JSON.parse(out).rows.map((r: { rates: { relaxation: number } }) => r.rates.relaxation);
    const rates = column(wasm.stdout);
    expect(rates[0]).toBeGreaterThan(0);
    // The same walker paths on both engines: equal, not close.
    expect(column(js.stdout)).toEqual(rates);
  });

  it('writes the log-log plot as SVG and PNG', () => {
    const svg = join(dir, 'turnover.svg');
    const png = join(dir, 'turnover.png');
    expect(runCli(['turnover', '--points', '9', '--plot', svg]).status).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(readFileSync(svg, 'utf8')).toMatch(/Mel'nikov–Meshkov/);
    expect(runCli(['turnover', '--points', '9', '--plot', png]).status).toBe(0);
    expect(existsSync(png)).toBe(true);
    // PNG signature.
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('explains γ = 0 and refuses m ≤ 0 and unknown plot types', () => {
    const zero = runCli(['turnover', '--gamma-min', '0']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/never escapes/);
    const mass = runCli(['turnover', '--mass', '-1']);
    expect(mass.status).toBe(2);
    expect(mass.stderr).toMatch(/mass/);
    const plot = runCli(['turnover', '--points', '3', '--plot', join(dir, 'x.pdf')]);
    expect(plot.status).toBe(2);
    expect(plot.stderr).toMatch(/\.svg or \.png/);
  });
});

describe('kramers rate --dynamics underdamped', () => {
  it('gives every inertial theory and the exact rate at one friction', () => {
    const run = runCli(['rate', '--dynamics', 'underdamped', '--gamma', '1', '--json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as {
      dynamics: string;
      retcode: string;
      methods: Record<string, { rate: number; relativeToExact?: number }>;
    };
    expect(out.dynamics).toBe('underdamped');
    expect(out.retcode).toBe('success');
    expect(out.methods['kleinKramers']!.rate).toBeGreaterThan(0);
    // Spatial diffusion at γ = 1, ΔU/D = 5 is within its O(D/ΔU) error of exact.
    expect(Math.abs(out.methods['spatialDiffusion']!.relativeToExact!)).toBeLessThan(0.2);
  });
  it('between two of three wells: the element of the Klein–Kramers rate matrix', () => {
    const ref = readFixture<{
      cases: { gamma: number; expression: string; matrix: number[][]; matrixErrors: number[][] }[];
    }>('klein_kramers_wells.json').cases.find((c) => c.gamma === 2)!;
    const run = runCli([
      'rate',
      ref.expression,
      '--D',
      '0.2',
      '--gamma',
      '2',
      '--dynamics',
      'underdamped',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const exact = JSON.parse(run.stdout).methods.kleinKramers;
    expect(exact.retcode).toBe('success');
    // Well 0 → well 1 over the left barrier: K[0][1], within the reported error (default 1e-4)
    // of the finite-difference reference.
    const actual = Math.abs(exact.rate - ref.matrix[0]![1]!);
    expect(actual).toBeLessThanOrEqual(exact.error + ref.matrixErrors[0]![1]!);
    expect(exact.error / exact.rate).toBeLessThan(1e-4);
  });
  it('explains γ = 0 and unknown dynamics', () => {
    const zero = runCli(['rate', '--dynamics', 'underdamped', '--gamma', '0']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/never escapes/);
    const bad = runCli(['rate', '--dynamics', 'sideways']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/overdamped or underdamped/);
  });
});
