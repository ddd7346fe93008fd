/**
 * Responses to a periodic drive. Independent routes: the Ornstein–Uhlenbeck closed forms
 * (χ = 1/(k − iγΩ), S(ω) = (2D/πk)·k²/(k² + γ²ω²)/k … see below), the fluctuation–dissipation
 * static limit χ(0) = Cov(x, φ)/D by quadrature, the two-state limit at a high barrier with the
 * exact (spectral) relaxation rate, and synthetic records with a known signal and white noise.
 */
import { describe, expect, it } from 'vitest';
import { linearResponse, periodicResponse, twoStateResponse } from '../../src/drive/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { deriveStreamSeed, Xoshiro128 } from '../../src/simulation/index.js';
import { smoluchowskiSpectrum } from '../../src/spectral/index.js';
import { readFixture } from '../support/fixtures.js';

interface DirectCase {
  readonly D: number;
  readonly omega: number;
  readonly chiRe: number;
  readonly chiIm: number;
  readonly amplification: number;
  readonly chiError: number;
}

describe('linearResponse (Fokker–Planck modes)', () => {
  it.each([
    [0.05, 0.1],
    [0.05, 5],
    [0.5, 1],
  ])('Ornstein–Uhlenbeck U = x²/2, D = %s, Ω = %s: closed forms', (D, omega) => {
    const potential = potentialFromExpression('x^2/2');
    const spec = smoluchowskiSpectrum({
      potential,
      D,
      n: 50,
      searchDomain: { min: -1, max: 1 },
    });
    const r = linearResponse(
      spec,
      spec.x.map((x) => x),
      D,
      omega,
    );
    // γẋ = −x + A cos Ωt: amplitude A/√(1 + Ω²) ⇒ η = 1/(1 + Ω²); the noise x has the one-sided
    // PSD (1/π)·2D/(1 + ω²) (Lorentzian with ∫₀^∞ S dω = D = Var x). The grid spectrum is
    // accurate to ~1e-9 here (measured 2.4e-10 relative).
    expect(r.amplification).toBeCloseTo(1 / (1 + omega * omega), 8);
    expect(r.noisePsd / ((2 * D) / (Math.PI * (1 + omega * omega))) - 1).toBeLessThan(1e-8);
    expect(r.staticSusceptibility).toBeCloseTo(1, 10);
    expect(r.truncationError).toBeLessThan(1e-8);
  });

  it('double well: static limit equals Cov(x, x)/D and the slow response is two-state-like', () => {
    const potential = potentialFromExpression('x^4/4 - x^2/2');
    const D = 0.025; // ΔU/D = 10
    const spec = smoluchowskiSpectrum({ potential, D, n: 50, searchDomain: { min: -2, max: 2 } });
    const x = spec.x.map((v) => v);
    const slow = linearResponse(spec, x, D, 1e-9);
    // Fluctuation–dissipation: χ(0) = Var x / D, summed over the modes vs direct quadrature.
    expect(slow.susceptibility.re / slow.staticSusceptibility - 1).toBeLessThan(1e-9);
    // Ω = λ1: the interwell mode dominates; two-state with K = λ1 (exact), x_m = ±⟨|x|⟩ of a
    // well, agrees up to the intrawell share, O(D/ΔU): measured −5.4% at ΔU/D = 10 and −2.6% at
    // ΔU/D = 20 (halving with D, as it should).
    const lambda1 = spec.eigenvalues[1]!;
    const lr = linearResponse(spec, x, D, lambda1);
    const two = twoStateResponse({
      x1: -1,
      x2: 1,
      xs: 0,
      k12: lambda1 / 2,
      k21: lambda1 / 2,
      phi1: -1,
      phis: 0,
      phi2: 1,
      D,
      omega: lambda1,
    });
    expect(Math.abs(lr.amplification / two.amplification - 1)).toBeLessThan(D / 0.25);
  });
});

describe('linearResponse truncation bounds vs a direct solve (no modes)', () => {
  // χ(Ω) of the double well solved directly from the first-order Fokker–Planck equation by finite
  // volumes (test/fixtures/linear_response_direct.py): no eigenmodes, so no truncation.
  const { potential: expression, cases } = readFixture<{
    potential: string;
    cases: DirectCase[];
  }>('linear_response_direct.json');
  const potential = potentialFromExpression(expression);
  // The bounds cover the modes left out, not the grid the modes live on: with all 50 modes the
  // spectrum's own discretisation differs from the direct solve by ≤ 2.0e-5·|χ| (measured over
  // these nine cases, 5.8e-6 absolute at most), so χ may sit 3e-5·|χ| off besides the truncation,
  // and η = |χ|² then 2·3e-5·η (+ its square), plus the fixture's Richardson error (≤ 1e-8).
  const GRID = 3e-5;
  const measured = cases.flatMap((c) =>
    [2, 4, 8].map((n) => {
      const spec = smoluchowskiSpectrum({
        potential,
        D: c.D,
        n,
        searchDomain: { min: -2.5, max: 2.5 },
      });
      const r = linearResponse(
        spec,
        spec.x.map((v) => v),
        c.D,
        c.omega,
      );
      return { c, n, r };
    }),
  );

  it.each(cases.map((c) => [c.D, c.omega, c] as const))(
    'D = %s, Ω = %s: |Δχ| ≤ truncationError and |Δη| ≤ amplificationTruncationError with 2, 4, 8 modes',
    (_D, _omega, c) => {
      const chiRef = Math.hypot(c.chiRe, c.chiIm);
      const chiTol = GRID * chiRef + c.chiError;
      const etaTol = 2 * chiRef * chiTol + chiTol * chiTol;
      for (const { r, n } of measured.filter((m) => m.c === c)) {
        const dChi = Math.hypot(r.susceptibility.re - c.chiRe, r.susceptibility.im - c.chiIm);
        const dEta = Math.abs(r.amplification - c.amplification);
        expect(dChi, `χ with ${n} modes`).toBeLessThanOrEqual(r.truncationError + chiTol);
        expect(dEta, `η with ${n} modes`).toBeLessThanOrEqual(
          r.amplificationTruncationError + etaTol,
        );
        const chi = Math.hypot(r.susceptibility.re, r.susceptibility.im);
        const b = r.truncationError;
        expect(r.amplificationTruncationError).toBeCloseTo(2 * chi * b + b * b, 12);
      }
    },
  );

  it("χ's bound is not η's: where |χ| ≫ 1 the error of η exceeds truncationError many times", () => {
    // D = 0.1, Ω = 0.01, 4 modes: |χ| ≈ 8.4, so |Δη| ≈ 2|χ|·|Δχ| ≈ 17·truncationError (measured
    // 0.66 against 0.041). Labelling truncationError as η's error, as the Lab did, understates it.
    const m = measured.find((x) => x.c.D === 0.1 && x.c.omega === 0.01 && x.n === 4)!;
    const dEta = Math.abs(m.r.amplification - m.c.amplification);
    expect(dEta).toBeGreaterThan(10 * m.r.truncationError);
    expect(dEta).toBeLessThanOrEqual(m.r.amplificationTruncationError);
  });
});

describe("linearResponse's grid error: η's change from the grid one level coarser", () => {
  // The modes' own grid is second order: η on the grid of spacing 2h differs from η on h by about
  // three times h's own error, so |η_h − η_2h| bounds it with room (measured over these nine
  // cases with 50 modes: actual/grid error 0.0001–0.39). With it the bound needs no allowance for
  // the grid (the test above allows 3e-5·|χ|): truncation + grid ≥ actual − the fixture's error.
  const { potential: expression, cases } = readFixture<{
    potential: string;
    cases: DirectCase[];
  }>('linear_response_direct.json');
  const potential = potentialFromExpression(expression);
  const etaAt = (
    modes: Parameters<typeof linearResponse>[0],
    c: DirectCase,
  ): ReturnType<typeof linearResponse> =>
    linearResponse(
      modes,
      modes.x.map((v) => v),
      c.D,
      c.omega,
    );
  const measured = cases.flatMap((c) =>
    [8, 50].map((n) => {
      const spec = smoluchowskiSpectrum({
        potential,
        D: c.D,
        n,
        searchDomain: { min: -2.5, max: 2.5 },
        coarserModes: true,
      });
      const fine = etaAt(spec, c);
      const grid = Math.abs(fine.amplification - etaAt(spec.coarser!, c).amplification);
      return { c, n, fine, grid, spec };
    }),
  );

  it('the coarser grid has half the points and its own eigenvalues', () => {
    for (const { spec } of measured) {
      const coarse = spec.coarser!;
      expect(Math.abs(coarse.x.length - spec.x.length / 2)).toBeLessThanOrEqual(1);
      expect(coarse.eigenvalues[0]).toBe(0);
      // λ1 on 2h is within its second-order error of the extrapolated λ1, not equal to it.
      expect(Math.abs(coarse.eigenvalues[1]! / spec.eigenvalues[1]! - 1)).toBeLessThan(1e-3);
      expect(coarse.eigenvalues[1]).not.toBe(spec.eigenvalues[1]);
    }
  });

  it.each(cases.map((c) => [c.D, c.omega, c] as const))(
    'D = %s, Ω = %s: |Δη| ≤ amplificationTruncationError + grid error with 8 and 50 modes',
    (_D, _omega, c) => {
      const chiRef = Math.hypot(c.chiRe, c.chiIm);
      // Only the fixture's own Richardson error is allowed besides the two bounds.
      const etaTol = 2 * chiRef * c.chiError + c.chiError ** 2;
      for (const { fine, grid, n } of measured.filter((m) => m.c === c)) {
        const dEta = Math.abs(fine.amplification - c.amplification);
        expect(dEta, `η with ${n} modes`).toBeLessThanOrEqual(
          fine.amplificationTruncationError + grid + etaTol,
        );
      }
    },
  );

  it('with 50 modes the grid, not the truncation, is the error: the truncation bound alone fails', () => {
    // D = 0.1, Ω = 3: actual 3.3e-5·η against a truncation bound of 3.4e-11·η (measured).
    const m = measured.find((x) => x.c.D === 0.1 && x.c.omega === 3 && x.n === 50)!;
    const dEta = Math.abs(m.fine.amplification - m.c.amplification);
    expect(dEta).toBeGreaterThan(1e3 * m.fine.amplificationTruncationError);
    expect(dEta).toBeLessThanOrEqual(m.grid);
  });
});

describe('twoStateResponse', () => {
  it('symmetric well: η = (x_m²/D)² 4r²/(4r² + Ω²) and SNR = πA²x_m²r/(2D²)', () => {
    const r = twoStateResponse({
      x1: -1.2,
      x2: 1.2,
      xs: 0,
      k12: 0.01,
      k21: 0.01,
      phi1: -1.2,
      phis: 0,
      phi2: 1.2,
      D: 0.1,
      omega: 0.03,
    });
    const xm2 = 1.44;
    expect(r.amplification).toBeCloseTo((xm2 / 0.1) ** 2 * (4e-4 / (4e-4 + 9e-4)), 10);
    expect(r.snrPerAmplitudeSquared).toBeCloseTo((Math.PI * xm2 * 0.01) / (2 * 0.01), 10);
  });
});

describe('periodicResponse (measured from records)', () => {
  it('recovers a known signal in white noise within its CI, and the noise PSD σ²Δ/π', () => {
    const M = 1024;
    const P = 32;
    const spacing = 0.1;
    const N = 40;
    const a = 0.3;
    const rng = new Xoshiro128(deriveStreamSeed(5, 0));
    const data = new Float64Array(N * M);
    const omega = (2 * Math.PI * P) / (M * spacing);
    // Uniform noise on [−√3, √3]: variance 1, white.
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < M; k++) {
        const noise = (2 * rng.nextFloat() - 1) * Math.sqrt(3);
        data[j * M + k] = a * Math.cos(omega * (k + 1) * spacing + 0.7) + noise;
      }
    }
    const m = periodicResponse(data, N, spacing, P, 0.5);
    const eta = (a / 0.5) ** 2;
    expect(m.amplificationCI95[0]).toBeLessThan(eta);
    expect(m.amplificationCI95[1]).toBeGreaterThan(eta);
    // The estimator is a linear combination Σ g_m |Y_m|² of tapered bins (Y_m = ½X_m −
    // ¼X_{m±1}); for white noise the X_m are independent, so Cov(Y_m, Y_m') is 3/8, −1/4, 1/16 of
    // E|X|² at lags 0, 1, 2 and Var = Σ g g' |Cov|² (circular Gaussian). Relative SE over 40 records:
    const rel = Math.sqrt(taperedRelativeVariance(P) / N);
    expect(Math.abs(m.noisePsd / (spacing / Math.PI) - 1)).toBeLessThan(3 * rel);
    // Its standard error from the records' spread, itself estimated from 40 records (relative
    // spread ~1/√78 = 11%, so within 35% at 3 of those).
    expect(m.noisePsdStdErr / (m.noisePsd * rel)).toBeGreaterThan(0.65);
    expect(m.noisePsdStdErr / (m.noisePsd * rel)).toBeLessThan(1.35);
    expect(Math.abs(m.noisePsd - spacing / Math.PI)).toBeLessThan(3 * m.noisePsdStdErr);
    // The SNR's CI covers the true a²/2 over σ²Δ/π.
    const snr = (a * a) / 2 / (spacing / Math.PI);
    expect(m.snrCI95[0]).toBeLessThan(snr);
    expect(m.snrCI95[1]).toBeGreaterThan(snr);
  });

  it.each([
    // |a|² = 0.6 and 5 times tr Σ/n, the noise of the mean amplitude: weak, where |c̄|² was mostly
    // noise, and strong. White noise of variance 1: tr Σ = 4/M per record (c = 2X_P/M).
    { ratio: 0.6, seed: 11 },
    { ratio: 5, seed: 12 },
  ])(
    'η and SNR over 400 replicates of 8 records, |a|² = $ratio·trΣ/n: unbiased, CIs cover 95%',
    ({ ratio, seed }) => {
      const M = 256;
      const P = 16;
      const N = 8;
      const spacing = 0.1;
      const a = Math.sqrt((ratio * 4) / M / N);
      const omega = (2 * Math.PI * P) / (M * spacing);
      const rng = new Xoshiro128(deriveStreamSeed(seed, 0));
      const eta = (a / 0.5) ** 2;
      const snr = (a * a) / 2 / (spacing / Math.PI);
      const reps = 400;
      let etaCovered = 0;
      let snrCovered = 0;
      const etas: number[] = [];
      const snrs: number[] = [];
      for (let r = 0; r < reps; r++) {
        const data = new Float64Array(N * M);
        for (let k = 0; k < N * M; k++) {
          data[k] = a * Math.cos(omega * ((k % M) + 1) * spacing + 0.7) + rng.normal();
        }
        const m = periodicResponse(data, N, spacing, P, 0.5);
        etas.push(m.amplification);
        snrs.push(m.snr);
        if (m.amplificationCI95[0] <= eta && eta <= m.amplificationCI95[1]) etaCovered++;
        if (m.snrCI95[0] <= snr && snr <= m.snrCI95[1]) snrCovered++;
      }
      // Coverage counts are Binomial(400, 0.95) for honest CIs: mean 380, SD 4.36; 367…393 is
      // ±3 SD (the seed is fixed, so the test is deterministic).
      for (const covered of [etaCovered, snrCovered]) {
        expect(covered).toBeGreaterThanOrEqual(367);
        expect(covered).toBeLessThanOrEqual(393);
      }
      // Unbiased: the mean over replicates within 3 standard errors of the spread over them.
      for (const [values, exact] of [
        [etas, eta],
        [snrs, snr],
      ] as const) {
        const mean = values.reduce((x, y) => x + y, 0) / reps;
        const sd = Math.sqrt(values.reduce((x, y) => x + (y - mean) ** 2, 0) / (reps - 1));
        expect(Math.abs(mean - exact)).toBeLessThan((3 * sd) / Math.sqrt(reps));
      }
    },
  );

  it('a red spectrum (slow AR(1), as slow hopping): the noise at Ω within 3 SE of the exact one', () => {
    // The audit's case (its psd_leak.py): relaxation rate λ = 8.6e-4 (the hopping 2k at D = 0.04)
    // sampled 128 times a period of Ω = 0.05, 32 periods. The plain periodogram over P ± 1…8 read
    // 1.28 × (leakage) 1.075 (curvature of S ∝ 1/ω² over the bins) times the exact value.
    const Omega = 0.05;
    const P = 32;
    const M = 128 * P;
    const spacing = (2 * Math.PI) / Omega / 128;
    const rho = Math.exp(-8.6e-4 * spacing);
    const N = 400;
    const rng = new Xoshiro128(deriveStreamSeed(13, 0));
    const data = new Float64Array(N * M);
    const innovation = Math.sqrt(1 - rho * rho);
    for (let j = 0; j < N; j++) {
      let x = rng.normal();
      for (let k = 0; k < M; k++) {
        x = rho * x + innovation * rng.normal();
        data[j * M + k] = x;
      }
    }
    const m = periodicResponse(data, N, spacing, P, 1);
    // The spectrum of the sampled AR(1) sequence (variance 1), one-sided per angular frequency:
    // (Δ/π)(1 − ρ²)/|1 − ρe^{−iΩΔ}|² (Priestley 1981, §4.12).
    const c = Math.cos(Omega * spacing);
    const exact = ((spacing / Math.PI) * (1 - rho * rho)) / (1 - 2 * rho * c + rho * rho);
    // 400 records: the SE is ~2.5% of the value, so the 7.5% curvature or 28% leakage bias would
    // show at ≥ 3 SE.
    expect(m.noisePsdStdErr / exact).toBeLessThan(0.03);
    expect(Math.abs(m.noisePsd - exact)).toBeLessThan(3 * m.noisePsdStdErr);
  });

  it('refuses records without fluctuation (no noise: the SNR would be 0/0)', () => {
    const flat = new Float64Array(4 * 256).fill(0.5);
    expect(() => periodicResponse(flat, 4, 0.1, 16, 0.5)).toThrow(/do not fluctuate/);
  });
});

/**
 * Relative variance of one record's noise estimate for white noise, derived from the method (not
 * the code): the mean of the 16 tapered bins P ± 2…9 (their fitted shape factors are 1 for a flat
 * spectrum, up to the fit's noise), Σ g_m |Y_m|² with g = 1/16.
 */
function taperedRelativeVariance(P: number): number {
  const bins = [2, 3, 4, 5, 6, 7, 8, 9].flatMap((d) => [P - d, P + d]);
  const cov = [3 / 8, -1 / 4, 1 / 16];
  let mean = 0;
  let variance = 0;
  for (const m of bins) {
    mean += cov[0]! / bins.length;
    for (const k of bins) variance += (cov[Math.abs(m - k)] ?? 0) ** 2 / bins.length ** 2;
  }
  return variance / (mean * mean);
}
