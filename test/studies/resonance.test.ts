/**
 * Stochastic resonance of the seed's double well U = x⁴/4 − x²/2 − A x cos Ωt (ΔU = 1/4).
 * Theory curves are checked in test/drive; here the facade's scan, its maxima and the simulated
 * points against linear response (exact to order A) within 3 standard errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The pool as built: its worker threads load dist/ (the jobs are plain data either way).
import { createSimulationPool } from '../../dist/node/index.js';
import {
  engineRunner,
  inProcessRunner,
  KramersError,
  type Runner,
  stochasticResonance,
} from '../../src/index.js';
import { WASM_LANES } from '../../src/simulation/index.js';

describe('stochasticResonance', () => {
  it('deep wells: η against a direct Fokker–Planck solve within its bound; past the eigenfunctions’ accuracy no number', async () => {
    // test/fixtures/linear_response_direct.py, `deep`: χ(Ω = 0.01) with no eigenmodes at D = 0.01
    // and 0.005 (ΔU/D = 25, 50). At D = 0.01 the resonance once printed η = 5.6e6 against 0.271:
    // the slowest mode's eigenfunction lost its barrier step (a tail cut-off in the Smoluchowski
    // spectrum) and a cluster of intrawell modes repeated its vector.
    const { deep } = JSON.parse(
      readFileSync(new URL('../fixtures/linear_response_direct.json', import.meta.url), 'utf8'),
    ) as { deep: { D: number; amplification: number; chiError: number }[] };
    for (const c of deep) {
      const r = await stochasticResonance({ amplitude: 0.001, omega: 0.01, D: c.D });
      const lr = r.rows[0]!.linearResponse;
      expect(lr.reliable, `D = ${c.D}`).toBe(true);
      expect(r.retcode).toBe('success');
      // The bound covers the actual error (the fixture's own error is ~1e-10 of η).
      expect(Math.abs(lr.amplification - c.amplification), `D = ${c.D}`).toBeLessThanOrEqual(
        lr.amplificationError,
      );
    }
    // D = 0.01: within 1e-6 of the direct solve (measured 6e-7 relative).
    const at01 = await stochasticResonance({ amplitude: 0.001, omega: 0.01, D: 0.01 });
    expect(at01.rows[0]!.linearResponse.amplification / deep[0]!.amplification - 1).toBeLessThan(
      1e-5,
    );
    // D = 0.003 (ΔU/D = 83): the eigenfunctions are lost to rounding; the bound says so, so the
    // row is unreliable, the report `not_converged` with a warning naming D, and a scan's
    // linear-response maximum leaves the row out.
    const deepest = await stochasticResonance({ amplitude: 0.001, omega: 0.01, D: 0.003 });
    expect(deepest.rows[0]!.linearResponse.reliable).toBe(false);
    expect(deepest.retcode).toBe('not_converged');
    expect(deepest.warnings.join(' ')).toMatch(/linear response is not reliable at D = 0\.003/);
    const scan = await stochasticResonance({
      amplitude: 0.001,
      omega: 0.01,
      Dmin: 0.003,
      Dmax: 0.2,
      points: 8,
    });
    expect(scan.rows[0]!.linearResponse.reliable).toBe(false);
    expect(scan.maximum.linearResponse!.D).toBeGreaterThan(0.01);
    expect(scan.maximum.linearResponse!.amplification).toBeLessThan(200);
  });

  it('theory: η peaks at a noise D*; two-state and linear response agree on D* within (D*/ΔU)²', async () => {
    const r = await stochasticResonance({ amplitude: 0.01, omega: 0.05, points: 16 });
    const lr = r.maximum.linearResponse!;
    const two = r.maximum.twoState!;
    // A resonance: the peak lies inside the scanned range, well above both ends.
    const first = r.rows[0]!.linearResponse.amplification;
    const last = r.rows[r.rows.length - 1]!.linearResponse.amplification;
    expect(lr.amplification).toBeGreaterThan(3 * Math.max(first, last));
    // Two-state D* errs through the Kramers prefactor (relative error ~D/ΔU), which shifts
    // D* by ~(D/ΔU)·D²/ΔU: the claim is |ΔD*|/D* ≤ (D*/ΔU)² (≈ 0.23 here; measured 0.013).
    expect(Math.abs(two.D / lr.D - 1)).toBeLessThan((lr.D / 0.25) ** 2);
    // Two-state overestimates η at ΔU/D ≈ 2 (Kramers' rate is too fast there).
    expect(two.amplification).toBeGreaterThan(lr.amplification);
    // Each row carries η's own truncation bound beside χ's: ||χ + δ|² − |χ|²| ≤ 2|χ|b + b² for
    // |δ| ≤ b (checked against a direct solve in test/drive/response.test.ts).
    for (const row of r.rows) {
      const { amplification: eta, truncationError: b } = row.linearResponse;
      expect(row.linearResponse.amplificationTruncationError).toBe(2 * Math.sqrt(eta) * b + b * b);
    }
  });

  it('simulated η matches linear response within 3 SE (D = 0.15 … 0.25, Ω = 0.1)', async () => {
    const r = await stochasticResonance({
      amplitude: 0.05,
      omega: 0.1,
      Dmin: 0.15,
      Dmax: 0.25,
      points: 3,
      simulate: { periods: 32, trajectories: 32, seed: 3 },
    });
    expect(r.retcode).toBe('success');
    for (const row of r.rows) {
      const s = row.simulated!;
      // A = 0.05 against D ≥ 0.15 (A·Δx/D ≤ 0.67): the O(A²) nonlinear correction to η is
      // below the ~10% SE of these runs (measured at D = 0.2: 11.63 ± 1.23 vs 11.16).
      expect(Math.abs(s.amplification - row.linearResponse.amplification)).toBeLessThan(
        3 * s.amplificationStdErr,
      );
      expect(s.amplificationCI95[0]).toBeLessThan(s.amplification);
      expect(s.snr).toBeGreaterThan(0);
    }
  });

  it('noise PSD at Ω: 16 samples a period read the aliased spectrum, 128 the continuous one (3 SE)', async () => {
    // Independent route: test/fixtures/resonance_aliasing.py (finite-difference Smoluchowski modes):
    // S(Ω) continuous, and S_Δ(Ω), the spectrum of point samples Δ apart that the periodogram
    // estimates. At D = 0.24 the wells' relaxation (rate ~2 against Δ = 7.9 at 16 a period)
    // raises S_Δ 20% above S; at 128 a period, 0.4%.
    const { cases } = JSON.parse(
      readFileSync(new URL('../fixtures/resonance_aliasing.json', import.meta.url), 'utf8'),
    ) as { cases: { D: number; continuous: number; sampled: Record<string, number> }[] };
    const ref = cases.find((c) => c.D === 0.24)!;
    const A = 0.02;
    const run = (samplesPerPeriod: number) =>
      stochasticResonance({
        amplitude: A,
        omega: 0.05,
        D: ref.D,
        simulate: { periods: 32, trajectories: 64, samplesPerPeriod, seed: 21 },
      });
    const [coarse, fine] = [await run(16), await run(128)];
    const lr = fine.rows[0]!.linearResponse;
    // Linear response's noise (Fokker–Planck modes, ours) against the fixture's: two
    // discretisations of the same modes, each good to ~1e-5.
    expect(Math.abs((A * A * lr.amplification) / (2 * lr.snr) / ref.continuous - 1)).toBeLessThan(
      1e-3,
    );
    // The drive (A = 0.02, A/A_c = 0.05) changes the noise at O(A²), far below the ~3% SE.
    for (const [report, expected] of [
      [coarse, ref.sampled['16']!],
      [fine, ref.sampled['128']!],
    ] as const) {
      const s = report.rows[0]!.simulated!;
      expect(Math.abs(s.noisePsd - expected)).toBeLessThan(3 * s.noisePsdStdErr);
      expect(s.snrCI95[0]).toBeLessThan(s.snr);
      expect(s.snrCI95[1]).toBeGreaterThan(s.snr);
    }
    // The coarse run is told why its noise is high; the default-sized one is not.
    expect(coarse.warnings.some((w) => w.includes('alias'))).toBe(true);
    expect(fine.warnings.some((w) => w.includes('alias'))).toBe(false);
    // The bias the default leaves is well inside the noise estimate's own error.
    expect(ref.sampled['128']! / ref.continuous - 1).toBeLessThan(
      fine.rows[0]!.simulated!.noisePsdStdErr / ref.continuous,
    );
  });

  it('warns where a simulated SNR has no upper bound, naming exactly those noise levels', async () => {
    // The audit's run: 8 trajectories × 16 periods (seed 1) at the Lab's default drive. At low
    // noise the PSD at Ω comes from rare hops, and at D = 0.0402 and 0.0517 the SNR's CI was
    // [0, ∞] with no word (the CLI plot drew those points without a bar, as if precise).
    const r = await stochasticResonance({
      amplitude: 0.05,
      omega: 0.1,
      simulate: { periods: 16, trajectories: 8, seed: 1 },
    });
    // Independent of the interval's algebra: Fieller's interval for Û/(2Ŝ) is unbounded above
    // exactly when the noise is not resolved from zero, Ŝ ≤ t·SE(Ŝ), with t the 97.5% Student
    // quantile for 7 degrees of freedom (scipy.stats.t.ppf(0.975, 7)).
    const t7 = 2.364624251592784;
    const unresolved = r.rows.filter(
      (row) => row.simulated!.noisePsd <= t7 * row.simulated!.noisePsdStdErr,
    );
    const unbounded = r.rows.filter(
      (row) => row.simulated!.snrCI95[1] === Number.POSITIVE_INFINITY,
    );
    expect(unbounded.map((row) => row.D)).toEqual(unresolved.map((row) => row.D));
    // The case is the audit's (two levels, not all: the warning must name which).
    expect(unbounded.map((row) => Number(row.D.toPrecision(3)))).toEqual([0.0402, 0.0517]);
    const warning = r.warnings.find((w) => w.includes("SNR's 95% CI is unbounded"));
    expect(warning).toContain('at D = 0.0402, 0.0517:');
    expect(warning).toContain('more trajectories or periods resolve it');
    // A run whose noise is resolved everywhere says nothing of it.
    const resolved = await stochasticResonance({
      amplitude: 0.05,
      omega: 0.1,
      Dmin: 0.1,
      Dmax: 0.3,
      points: 3,
      simulate: { periods: 16, trajectories: 16, seed: 1 },
    });
    expect(resolved.rows.every((row) => Number.isFinite(row.simulated!.snrCI95[1]))).toBe(true);
    expect(resolved.warnings.some((w) => w.includes("SNR's 95% CI"))).toBe(false);
  });

  it('reports each noise level as soon as it is done (onRow), with the same rows and a PSD peak at Ω', async () => {
    const seen: [number, unknown][] = [];
    const periods = 64;
    const r = await stochasticResonance(
      {
        amplitude: 0.05,
        omega: 0.1,
        Dmin: 0.12,
        Dmax: 0.2,
        points: 3,
        simulate: { periods, trajectories: 8, seed: 9, spectrum: true },
      },
      { onRow: (i, row) => seen.push([i, row]) },
    );
    // Each row once (in-process runner: in order), identical to the final report's row.
    expect(seen.map(([i]) => i)).toEqual([0, 1, 2]);
    for (const [i, row] of seen) expect(row).toEqual(r.rows[i]);
    for (const row of r.rows) {
      const { omega, psd } = row.simulated!.spectrum!;
      // Bins 0 … 3P (up to 3Ω), the signal in bin P at Ω exactly.
      expect(psd).toHaveLength(3 * periods + 1);
      expect(omega[periods]).toBeCloseTo(0.1, 12);
      // The signal peak: the periodogram puts T_rec·a²/(4π) into bin P (a² = ηA², T_rec = 64
      // periods ≈ 4000): 6–9 at η ≈ 8–11, over a noise PSD of ~3 at Ω (two-state Lorentzian of
      // width λ1 ≈ 0.05–0.13 and ⟨x²⟩ ≈ 1), so ≥ 3× the mean of the 16 neighbouring bins, whose
      // average over 8 trajectories scatters by ~10%. Threshold 2×.
      const neighbours = [
        ...psd.slice(periods - 8, periods),
        ...psd.slice(periods + 1, periods + 9),
      ];
      const noise = neighbours.reduce((a, b) => a + b, 0) / neighbours.length;
      expect(psd[periods]!).toBeGreaterThan(2 * noise);
    }
    // Without `spectrum` the rows stay small.
    const plain = await stochasticResonance({
      amplitude: 0.05,
      omega: 0.1,
      Dmin: 0.12,
      Dmax: 0.2,
      points: 3,
      simulate: { periods, trajectories: 2, seed: 9 },
    });
    expect(plain.rows[0]!.simulated!.spectrum).toBeUndefined();
  });

  it('simulated rows are the same in process and on 1 or 2 worker threads (same seed)', async () => {
    // Trajectory j of every level draws from stream j and the runner returns results in request
    // order, so the rows must be equal to the last bit; each level reaches onRow exactly once.
    const problem = {
      amplitude: 0.05,
      omega: 0.1,
      Dmin: 0.12,
      Dmax: 0.2,
      points: 3,
      simulate: { periods: 16, trajectories: 4, seed: 5 },
    };
    const inProcess = await stochasticResonance(problem);
    for (const workers of [1, 2]) {
      const pool = createSimulationPool(workers);
      try {
        const seen: number[] = [];
        const r = await stochasticResonance(problem, {
          runner: pool.runner,
          onRow: (i) => seen.push(i),
        });
        expect(r.rows, `${workers} workers`).toEqual(inProcess.rows);
        expect(r.maximum).toEqual(inProcess.maximum);
        expect(seen.sort()).toEqual([0, 1, 2]);
      } finally {
        await pool.close();
      }
    }
  });

  it('batches the trajectories of a level into jobs that fill the lanes: the same rows on either engine', async () => {
    const problem = {
      amplitude: 0.05,
      omega: 0.1,
      Dmin: 0.12,
      Dmax: 0.2,
      points: 3,
      // 10 trajectories a level: jobs of 4, 4 and 2.
      simulate: { periods: 16, trajectories: 10, seed: 5 },
    };
    const sizes: number[] = [];
    const counting: Runner = (jobs, options) => {
      for (const job of jobs) if (job.kind === 'trajectory') sizes.push(job.request.trajectories);
      return inProcessRunner(jobs, options);
    };
    const progress: [number, number][] = [];
    const wasm = await stochasticResonance(problem, {
      runner: counting,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(WASM_LANES).toBe(4);
    expect(sizes).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
    // Progress counts trajectories (all levels), one call per job.
    expect(progress).toHaveLength(9);
    expect(progress.at(-1)).toEqual([30, 30]);
    expect(wasm.simulation?.engine).toBe('wasm');
    // --engine js: the JavaScript kernels, the same samples bit for bit, so the same rows.
    const js = await stochasticResonance(problem, { runner: engineRunner(inProcessRunner, 'js') });
    expect(js.simulation?.engine).toBe('js');
    expect(js.rows).toEqual(wasm.rows);
    expect(js.maximum).toEqual(wasm.maximum);
  });

  it('names bad drive parameters', async () => {
    await expect(stochasticResonance({ amplitude: 0, omega: 1 })).rejects.toThrow(KramersError);
    await expect(stochasticResonance({ amplitude: 0.1, omega: -1 })).rejects.toThrow(/omega/);
    await expect(
      stochasticResonance({ amplitude: 0.1, omega: 1, simulate: { periods: 20 } }),
    ).rejects.toThrow(/power of two/);
  });
});
