import { describe, expect, it } from 'vitest';
// The pool as built: its worker threads load dist/ (the jobs are plain data either way).
import { createSimulationPool } from '../../dist/node/index.js';
import { bellEvansMeanForce, pull, pullPlotSeries } from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

const linearCubic = { model: 'linear-cubic', deltaG: 8, xb: 1, k0: 1 } as const;
/** The exact column's mean and SD integrated up to F_c (test/fixtures/pull_exact_tail.py). */
const tail = readFixture<{
  cases: {
    model: string;
    loadingRate: number;
    forceEnd: number;
    meanForce: number;
    sdForce: number;
    survivalAtEnd: number;
    meanForceTailBound: number;
  }[];
}>('pull_exact_tail.json');
/** Bell–Evans (ν = 1) and DHS moments by mpmath (test/fixtures/rupture_forces_rates.py). */
const closedForms = readFixture<{
  cases: {
    nu: number;
    deltaG: number;
    xb: number;
    k0: number;
    D: number;
    loadingRate: number;
    sdForce: number;
    survivalAtCritical: number;
  }[];
}>('rupture_forces_rates.json');

/**
 * How far the fixture's SD, which counts the bonds intact at its end c as rupturing there, can
 * sit below the uncut SD: past c the rate only rises (k ≥ k(c)), so with a = S_c·r/k(c) (its
 * `meanForceTailBound`) and τ = a/S_c, Var F ≤ V0 + 2a(c − m0) + 2aτ (src/drive/ruptureForces.ts,
 * boundedTail), and the SD rises by at most that over 2 SD.
 */
function sdTailBound(c: (typeof tail.cases)[number]): number {
  const a = c.meanForceTailBound;
  const tau = c.survivalAtEnd > 0 ? a / c.survivalAtEnd : 0;
  return Math.sqrt(c.sdForce ** 2 + 2 * a * (c.forceEnd - c.meanForce + tau)) - c.sdForce;
}

describe('pull: force spectroscopy of one bond', () => {
  it('simulated mean rupture forces agree with the exact quasi-static route within 3 SE', async () => {
    // Linear-cubic bond, ΔG‡ = 8 k_BT; at r = 30 and 100 the bond breaks with 6 and 4 k_BT of
    // barrier left and the well relaxes ~100× faster than the rate changes, so the quasi-static
    // rate holds. Fixed seed: the statistic is deterministic; 3 SE from its own standard error.
    const report = await pull({
      ...linearCubic,
      loadingRates: [30, 100],
      simulate: { walkers: 600, seed: 3 },
    });
    for (const row of report.rows) {
      const sim = row.simulated!;
      expect(sim.retcode).toBe('success');
      expect(sim.censored).toBe(0);
      const exact = row.meanForce.exact!;
      expect(
        Math.abs(sim.meanForce - exact),
        `r = ${row.loadingRate}: simulated ${sim.meanForce} ± ${sim.meanForceStdErr}, exact ${exact}`,
      ).toBeLessThan(3 * sim.meanForceStdErr!);
      expect(row.survivalAtCut!).toBeLessThan(1e-3);
    }
  });

  it('simulated ruptures are the same in process and on a pool of 2 workers (same seed)', async () => {
    // Walker i draws from stream i and chunks come back in walker order: equal to the last bit.
    const problem = {
      ...linearCubic,
      loadingRates: [30, 100],
      simulate: { walkers: 300, seed: 4 },
    };
    const inProcess = await pull(problem);
    const pool = createSimulationPool(2);
    try {
      const progress: [number, number][] = [];
      const pooled = await pull(problem, {
        runner: pool.runner,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(pooled.rows).toEqual(inProcess.rows);
      expect(pooled.retcode).toBe(inProcess.retcode);
      // Progress counts one step per loading rate's theory and one per walker.
      expect(progress.at(-1)).toEqual([2 * 301, 2 * 301]);
    } finally {
      await pool.close();
    }
  });

  it('an abort keeps the walkers done and reports the later loading rates as not simulated', async () => {
    // In process the walkers run in chunks of 128: the abort after 300 stops the first rate at
    // 384 of 600, and the second rate is not started (it used to throw "no walker finished").
    // r = 10 and 30, where every theory column resolves: the report's retcode is the abort's.
    const controller = new AbortController();
    const report = await pull(
      { ...linearCubic, loadingRates: [10, 30], simulate: { walkers: 600, seed: 3 } },
      {
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 300) controller.abort();
        },
      },
    );
    expect(report.retcode).toBe('interrupted');
    expect(report.rows[0]!.simulated!.walkers).toBe(384);
    expect(report.rows[0]!.simulated!.retcode).toBe('interrupted');
    expect(report.rows[1]!.simulated).toBeUndefined();
    expect(report.rows[1]!.meanForce.exact).toBeGreaterThan(0);
    expect(report.warnings.join(' ')).toMatch(/no simulated ruptures at r = 30/);
  });

  it('an expression is pulled too: simulated mean within 3 SE of its exact route', async () => {
    // The seed's double well at D = 0.1 (ΔU/D = 2.5), pulled from the left well towards the
    // right one at r = 1e-3: the bond breaks with ~1.5 D of barrier left; the exact column stops
    // at ΔU = 1 D with 0.4% of bonds intact there, which moves ⟨F⟩ by < 0.1 SE.
    const report = await pull({
      potential: 'x^4/4 - x^2/2',
      D: 0.1,
      loadingRates: [1e-3],
      simulate: { walkers: 400, seed: 2 },
    });
    const row = report.rows[0]!;
    expect(report.brokenX).toBeCloseTo(1, 6); // U(x) = U(−1) at the right well's bottom (a double root)
    expect(row.survivalAtCut!).toBeLessThan(0.01);
    const sim = row.simulated!;
    expect(Math.abs(sim.meanForce - row.meanForce.exact!)).toBeLessThan(3 * sim.meanForceStdErr!);
  });

  it('walkers intact at the ramp’s end give a lower bound on ⟨F⟩ and not_converged, not censored', async () => {
    // The seed's double well at D = 0.05 pulled at r = 0.1 and 0.4: the ramp ends at 2 F_c = 0.77
    // (t = 7.7 and 1.9), before many walkers (all at r = 0.4) have slid to x = 1. Before, the
    // report said `censored` (exit 0) with ⟨F⟩ = 0.906 ± 0.041 at r = 0.1 from the censored-MFPT
    // estimator's exponential tail (which a ramp never has) and ∞ ± ∞ at r = 0.4.
    const report = await pull({
      potential: 'x^4/4 - x^2/2',
      loadingRates: [0.1, 0.4],
      simulate: { walkers: 200, seed: 1 },
    });
    const end = 2 * report.criticalForce!;
    expect(report.retcode).toBe('not_converged');
    for (const row of report.rows) {
      const sim = row.simulated!;
      expect(sim.censored).toBeGreaterThan(0);
      expect(sim.retcode).toBe('not_converged');
      expect(row.retcode.simulated).toBe('not_converged');
      expect(sim.meanForceIsLowerBound).toBe(true);
      expect(sim.meanForceStdErr).toBeNull();
      expect(sim.sdForce).toBeNull();
      expect(row.sdForce.simulated).toBeNull();
      expect(sim.meanForceCI95[1]).toBe(Number.POSITIVE_INFINITY);
      expect(sim.meanForceCI95[0]).toBeLessThanOrEqual(sim.meanForce);
      // The bound counts each intact bond at F_end: at least their share of F_end, at most F_end.
      expect(sim.meanForce).toBeGreaterThanOrEqual((sim.censored / sim.walkers) * end);
      expect(sim.meanForce).toBeLessThanOrEqual(end * (1 + 1e-12));
      expect(row.meanForce.simulated).toBe(sim.meanForce);
      const share = ((100 * sim.censored) / sim.walkers).toPrecision(3);
      expect(sim.warnings.join(' ')).toContain(
        `${sim.censored} of ${sim.walkers} walkers (${share}%)`,
      );
      expect(sim.warnings.join(' ')).toMatch(/lower bound.*pull more slowly/);
      expect(sim.warnings.join(' ')).not.toMatch(/censored MFPT/);
    }
    // Nobody ruptured at r = 0.4: the bound is F_end itself (every walker counted there), to
    // rounding (a mean of 200 equal doubles).
    const fast = report.rows[1]!.simulated!;
    expect(fast.censored).toBe(fast.walkers);
    expectClose(fast.meanForce, end, 1e-12, 'all intact: ⟨F⟩ ≥ F_end');
  });

  it("a model's exact rate at zero force is its k0 (γ chosen so), and the Kramers route reproduces DHS ν = 2/3", async () => {
    // Kramers on the tilted linear-cubic potential is the DHS ν = 2/3 rate (DHS 2006): the two
    // columns differ only by where they stop (ΔU = 1 D against F_c), negligible at this r.
    const report = await pull({ ...linearCubic, rateRoute: 'kramers', loadingRates: [1, 30] });
    for (const row of report.rows) {
      expectClose(row.meanForce.exact, row.meanForce.dhs, 1e-8, `r = ${row.loadingRate}`);
      expectClose(row.sdForce.exact, row.sdForce.dhs, 1e-6, `sd r = ${row.loadingRate}`);
    }
    expect(report.nu).toBeCloseTo(2 / 3, 15);
    expectClose(report.criticalForce, 12, 1e-12, 'F_c = 3ΔG/(2x‡)');
  });

  it('an expression gives the same exact column as the model it spells out', async () => {
    const model = await pull({ ...linearCubic, loadingRates: [10] });
    const expression = await pull({
      potential: '1.5*8*(x - 0.5) - 2*8*(x - 0.5)^3 + 4',
      D: 1,
      gamma: model.gamma!,
      loadingRates: [10],
    });
    // Same potential, same γ: the same numbers up to the landscape's root finding (~1e-12 in x).
    expectClose(
      expression.rows[0]!.meanForce.exact,
      model.rows[0]!.meanForce.exact!,
      1e-8,
      'exact',
    );
    expectClose(expression.bond.deltaG, 8, 1e-9, 'ΔG‡ from the landscape');
    expectClose(expression.bond.xb, 1, 1e-9, 'x‡ from the landscape');
    expectClose(expression.bond.k0, 1, 1e-8, 'k0 = exact rate at F = 0');
    // U(1.5) = U(0): the broken state is found by root finding where U is back at the well level.
    expectClose(expression.brokenX, 1.5, 1e-12, 'broken state');
  });

  it('the smooth cusp: its barrier vanishes where the closed form says, and DHS ν = 1/2 is near', async () => {
    // g(s) = (s² − (2/n)sⁿ)/(1 − 2/n), n = 21: U′ peaks at g″ = 0, s_i = (n − 1)^{−1/(n−2)}, so
    // F_c = (ΔG/x‡)(2s_i − 2s_i^{n−1})/(1 − 2/n) ≈ 1.79 ΔG/x‡ (the ideal cusp: 2 ΔG/x‡).
    const n = 21;
    const si = (n - 1) ** (-1 / (n - 2));
    const report = await pull({ model: 'cusp', deltaG: 10, xb: 1, k0: 1, loadingRates: [10] });
    expectClose(
      report.criticalForce,
      (10 * (2 * si - 2 * si ** (n - 1))) / (1 - 2 / n),
      1e-10,
      'F_c',
    );
    expectClose(report.brokenX, (n / 2) ** (1 / (n - 2)), 1e-12, 'U back at 0');
    // DHS's ideal cusp and the smooth one differ in shape near the top: a few percent in ⟨F⟩.
    const row = report.rows[0]!;
    expectClose(row.meanForce.exact, row.meanForce.dhs, 0.05, 'exact vs DHS ν = 1/2');
  });

  it('flags a ramp too fast for the quasi-static rate', async () => {
    // r·|d ln k/dF|·γ/U″: ~1e-3 at r = 30 (where simulation agrees with the exact route), ~0.4
    // at r = 1e4, where the well cannot follow the force and a warning says so.
    const report = await pull({ ...linearCubic, loadingRates: [30, 1e4] });
    const [slow, fast] = report.rows;
    expect(slow!.adiabaticity!).toBeLessThan(0.01);
    expect(fast!.adiabaticity!).toBeGreaterThan(0.1);
    expect(slow!.warnings.join(' ')).not.toMatch(/quasi-static/);
    expect(fast!.warnings.join(' ')).toMatch(/not quasi-static/);
  });

  it('Bell model: DHS with ν = 1 is Bell–Evans, and there is no potential to be exact about', async () => {
    const report = await pull({
      model: 'bell',
      deltaG: 10,
      xb: 0.5,
      k0: 0.1,
      loadingRates: [1, 100],
    });
    for (const row of report.rows) {
      expectClose(row.meanForce.dhs, row.meanForce.bellEvans, 1e-12, 'mean');
      expect(row.meanForce.exact).toBeNull();
    }
    expect(report.warnings.join(' ')).toMatch(/no potential/);
  });

  it('slow pulls (r ≪ k0): every column resolves the distribution, ⟨F⟩ ≈ r/k0', async () => {
    // The audit's case: at r = 1e-7 Bell–Evans printed 1.2247e-8 ± 8e-10 (closed form 9.99999e-8).
    const bell = await pull({ model: 'bell', deltaG: 8, xb: 1, k0: 1, loadingRates: [1e-9, 1e-7] });
    expect(bell.retcode).toBe('success');
    for (const row of bell.rows) {
      const closed = bellEvansMeanForce(bell.bond, row.loadingRate);
      // e^a E1(a) is good to ~1e-15: the reported bound must cover the quadrature's error.
      expect(Math.abs(row.meanForce.bellEvans - closed)).toBeLessThanOrEqual(
        row.meanForceError.bellEvans,
      );
      expectClose(row.meanForce.bellEvans, closed, 1e-8, `Bell–Evans r = ${row.loadingRate}`);
      expectClose(row.meanForce.dhs, closed, 1e-8, `DHS ν = 1 r = ${row.loadingRate}`);
      expect(row.retcode).toEqual({ bellEvans: 'success', dhs: 'success', exact: null });
    }
    // The linear-cubic bond printed means of 1e-263 at r = 1e-9. The bond escapes at the zero-force
    // rate k0 long before the force matters: ⟨F⟩ = (r/k0)(1 + O(r/k0 · x‡/k_BT)), and the exact
    // table's ln k(0) carries ~1e-9 (its logRateError): 1e-6 relative covers both with margin.
    const lc = await pull({ ...linearCubic, loadingRates: [1e-9] });
    expect(lc.retcode).toBe('success');
    const row = lc.rows[0]!;
    for (const m of ['bellEvans', 'dhs', 'exact'] as const) {
      expectClose(row.meanForce[m]!, 1e-9, 1e-6, m);
      expectClose(row.sdForce[m]!, 1e-9, 1e-6, `sd ${m}`); // exponential law: SD = mean
    }
    expect(row.warnings.join(' ')).not.toMatch(/integrates to/);
  });

  it('bonds intact at the cut: the exact column is a value ± error that covers the uncut mean', async () => {
    // Reference: the same quasi-static rate followed up to F_c, far past the cut (test/fixtures/
    // pull_exact_tail.py: Pontryagin's double integral by scipy quad, S by an ODE in F), where
    // the bonds still intact number below 2e-6 (its own tail bound ≤ 3e-7 is added). At the
    // cut (1 D of barrier left) 3.7e-5 (linear-cubic) and 7e-7 (cusp) of the bonds are intact at
    // r = 100, 3% and 1% at r = 300. Before: ⟨F⟩ ≥ the lower bound, NaN error, not_converged.
    for (const model of ['linear-cubic', 'cusp'] as const) {
      const report = await pull({ model, deltaG: 8, xb: 1, k0: 1, loadingRates: [100, 300] });
      for (const row of report.rows) {
        const ref = tail.cases.find((c) => c.model === model && c.loadingRate === row.loadingRate)!;
        const what = `${model}, r = ${row.loadingRate}`;
        expect(row.survivalAtCut!, what).toBeGreaterThan(1e-7);
        const error = row.meanForceError.exact!;
        expect(Math.abs(row.meanForce.exact! - ref.meanForce), what).toBeLessThanOrEqual(
          error + ref.meanForceTailBound,
        );
        // The SD's error bounds its distance from the reference as it stands (the reference's
        // own tail below 1e-6 added), and is no empty bound where the column succeeds.
        const sdError = row.sdForceError.exact!;
        expect(Math.abs(row.sdForce.exact! - ref.sdForce), `SD ${what}`).toBeLessThanOrEqual(
          sdError + sdTailBound(ref),
        );
        // success only when the error is within a thousandth of ⟨F⟩, and the SD's of the SD.
        if (error > 1e-3 * row.meanForce.exact!) expect(row.retcode.exact).toBe('not_converged');
        if (sdError > 1e-3 * row.sdForce.exact!) expect(row.retcode.exact).toBe('not_converged');
        if (row.retcode.exact === 'success') {
          expect(error, what).toBeLessThanOrEqual(1e-3 * row.meanForce.exact!);
          expect(sdError, `SD ${what}`).toBeLessThanOrEqual(1e-3 * row.sdForce.exact!);
        }
        if (row.loadingRate === 100) expect(row.retcode.exact, what).toBe('success');
      }
    }
  });

  it('the closed-form columns carry an SD error that bounds their distance from mpmath', async () => {
    // The linear-cubic bond (ΔG‡ = 8, x‡ = 1, k0 = 1, k_BT = 1) at the fixture's rates where both
    // columns resolve: Bell–Evans is DHS's ν = 1, DHS the model's ν = 2/3. The bound is asked to
    // hold as it stands, with no margin, and to be no empty bound (1e-6 of the SD: the quadrature
    // is good to 1e-8 relative on these cases, test/drive/ruptureForces.test.ts).
    const rates = [1e-3, 1, 10, 100];
    const report = await pull({ ...linearCubic, loadingRates: rates });
    for (const row of report.rows) {
      for (const [column, nu] of [
        ['bellEvans', 1],
        ['dhs', 2 / 3],
      ] as const) {
        const ref = closedForms.cases.find(
          (c) =>
            c.deltaG === 8 &&
            c.k0 === 1 &&
            Math.abs(c.nu - nu) < 1e-12 &&
            c.loadingRate === row.loadingRate,
        )!;
        const what = `${column}, r = ${row.loadingRate}`;
        const error = row.sdForceError[column];
        expect(Math.abs(row.sdForce[column] - ref.sdForce), what).toBeLessThanOrEqual(error);
        expect(error, what).toBeLessThan(1e-6 * ref.sdForce);
      }
    }
  });

  it('many bonds intact at the cut: value ± error, not_converged, and a wider cut agrees', async () => {
    // r = 1000: 36% of bonds are intact where the exact rate stops (ΔU = 1 D), 5% at DHS's F_c.
    // Past the cut the exact rate only rises: the mean is bounded, but loosely (not_converged,
    // with the remedy); DHS's rate falls to 0 at its F_c, so its column stays a lower bound.
    const report = await pull({ ...linearCubic, loadingRates: [1000] });
    const row = report.rows[0]!;
    expect(row.survivalAtCut!).toBeGreaterThan(0.3);
    expect(Number.isFinite(row.meanForceError.exact)).toBe(true);
    expect(row.retcode.exact).toBe('not_converged');
    expect(row.meanForceError.dhs).toBeNaN();
    expect(row.warnings.join(' ')).toMatch(/exact: .*only rises.*not converged: .*--min-barrier/);
    expect(row.warnings.join(' ')).toMatch(/DHS: .*lower bound/);
    // A cut at 0.1 D (4.7% intact there) narrows the bound: the two intervals must overlap.
    const wider = (await pull({ ...linearCubic, loadingRates: [1000], minBarrier: 0.1 })).rows[0]!;
    expect(wider.meanForceError.exact!).toBeLessThan(row.meanForceError.exact!);
    expect(Math.abs(row.meanForce.exact! - wider.meanForce.exact!)).toBeLessThanOrEqual(
      row.meanForceError.exact! + wider.meanForceError.exact!,
    );
    // The SD likewise: bounded, the wider cut tighter, the two intervals overlapping; DHS's SD
    // counts its survivors at F_c, a lower bound (Var F ≥ that of min(F, F_c)) with no ±.
    expect(wider.sdForceError.exact!).toBeLessThan(row.sdForceError.exact!);
    expect(Math.abs(row.sdForce.exact! - wider.sdForce.exact!)).toBeLessThanOrEqual(
      row.sdForceError.exact! + wider.sdForceError.exact!,
    );
    expect(row.sdForceError.dhs).toBeNaN();
    expect(JSON.parse(JSON.stringify(row)).sdForceError.dhs).toBeNull();
    // Bell's rate never stops: its error stays a bound against the closed form.
    const closed = bellEvansMeanForce(report.bond, 1000);
    expect(Math.abs(row.meanForce.bellEvans - closed)).toBeLessThanOrEqual(
      row.meanForceError.bellEvans,
    );
    expect(JSON.parse(JSON.stringify(row)).meanForceError.exact).toBe(row.meanForceError.exact);
  });

  it('the Kramers route cannot bound bonds intact at the cut: its column stays a lower bound', async () => {
    // Its prefactor vanishes at F_c, so its rate falls past the cut (test/drive/tiltedRate).
    const report = await pull({ ...linearCubic, loadingRates: [1000], rateRoute: 'kramers' });
    const row = report.rows[0]!;
    expect(row.meanForceError.exact).toBeNaN();
    expect(row.retcode.exact).toBe('not_converged');
    expect(row.warnings.join(' ')).toMatch(/exact: .*lower bound/);
  });

  it('plot-ready series: p(F) per rate and method, ⟨F⟩ against ln r', async () => {
    const report = await pull({ ...linearCubic, loadingRates: [1, 10, 100] });
    const series = pullPlotSeries(report);
    expect(series.densities).toHaveLength(9);
    for (const d of series.densities) {
      // the density integrates to ~1 on its grid (trapezoid on the subsample: 1e-3)
      let s = 0;
      for (let i = 1; i < d.force.length; i++)
        s += 0.5 * (d.density[i]! + d.density[i - 1]!) * (d.force[i]! - d.force[i - 1]!);
      expect(Math.abs(s - 1)).toBeLessThan(1e-3);
    }
    const exact = series.meanForceVsLogRate.find((s) => s.method === 'exact')!;
    expect(exact.logLoadingRate).toEqual([0, Math.log(10), Math.log(100)]);
    // ⟨F⟩ grows with the loading rate
    expect(exact.meanForce[2]!).toBeGreaterThan(exact.meanForce[1]!);
  });

  it('rejects bad input with clear errors', async () => {
    await expect(pull({ ...linearCubic, loadingRates: [0] })).rejects.toThrow(/loadingRates\[0\]/);
    await expect(pull({ ...linearCubic, loadingRates: [-1] })).rejects.toThrow(/loading rate/);
    await expect(pull({ ...linearCubic, loadingRates: [] })).rejects.toThrow(/at least one/);
    await expect(pull({ ...linearCubic, xb: 0, loadingRates: [1] })).rejects.toThrow(/xb/);
    await expect(pull({ ...linearCubic, xb: -2, loadingRates: [1] })).rejects.toThrow(/xb/);
    await expect(pull({ potential: 'x^2', loadingRates: [1] })).rejects.toThrow(/barrier/);
    await expect(
      pull({ model: 'zipper' as 'cusp', deltaG: 1, xb: 1, k0: 1, loadingRates: [1] }),
    ).rejects.toThrow(/unknown model/);
    await expect(pull({ potential: 'x^4/4 - x^2/2', D: 1, loadingRates: [1] })).rejects.toThrow(
      /barrier/,
    );
  });
});
