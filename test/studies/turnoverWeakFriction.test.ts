import { describe, expect, it } from 'vitest';
import { rate, turnover } from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';

/**
 * The weak-friction end of the exact Klein–Kramers column (issue 13, item 4).
 *
 * As γ → 0 the energy diffuses slowly over many orbits and λ1/η tends to μ1, the lowest eigenvalue
 * of Kramers' energy-diffusion equation in one well with the separatrix absorbing (Kramers 1940
 * §6; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990, §IV.B): between mirror wells the
 * slow antisymmetric mode vanishes on the orbits above the barrier. μ1 is computed at finite D by
 * test/fixtures/energy_diffusion_limit.py, independently of our code; Kramers' closed form
 * k_ED = (η I_s/D)(ω_a/2π) e^{−ΔU/D}, the `energyDiffusion` route, is its leading order in D/ΔU.
 */
interface Limit {
  D: number;
  mu1: number;
  relativeError: number;
  kramersLeadingOrder: number;
}
const limits = readFixture<{ cases: Limit[] }>('energy_diffusion_limit.json').cases;
const limitAt = (D: number) => limits.find((c) => c.D === D)!;
const references = readFixture<{
  cases: { tilt: number; D: number; gamma: number; lambda1: number }[];
}>('klein_kramers_reference.json').cases;
const reference = (D: number, gamma: number) =>
  references.find((c) => c.tilt === 0 && c.D === D && Math.abs(c.gamma / gamma - 1) < 1e-12)!;

/**
 * The leading finite-Δ correction of Mel'nikov & Meshkov's depopulation factor, A(Δ) = Δ(1 +
 * ζ(1/2)/√π·√Δ + O(Δ)) (Mel'nikov, Phys. Rep. 209, 1, 1991, §3; checked against the mpmath
 * A(Δ) of test/fixtures/depopulation_factor.py to 3e-5 at Δ = 1e-4), so that between mirror wells
 * A(Δ)²/A(2Δ) = (Δ/2)(1 − c√Δ + O(Δ)) with c = (2 − √2)|ζ(1/2)|/√π = 0.4826.
 */
const ZETA_HALF = -1.4603545088095868;
const MM_SQRT_COEFFICIENT = ((2 - Math.SQRT2) * -ZETA_HALF) / Math.sqrt(Math.PI);

describe('turnover at weak friction: the exact curve meets energy diffusion (issue 13, item 4)', () => {
  it('D = 0.1: exact λ1/(η μ1) rises toward 1 as γ falls, short of it by O(√Δ) as the turnover theory says', async () => {
    // γ = 0.05, 0.1, 0.2 (Δ = η I_s/D = 0.67, 1.3, 2.7) at tolerance 1e-3: seconds a point, and
    // each point has an independent reference (klein_kramers_reference.json, ARPACK to 1e-10).
    // At γ = 0.02 the solver's ladder is not yet trustworthy (two search intervals gave values
    // 4e-3 apart, one of them claiming 7e-5: see the report of issue 13), so the limit is
    // approached, not reached: the test is the trend and the size of the remaining distance.
    const D = 0.1;
    const { mu1, kramersLeadingOrder } = limitAt(D);
    const r = await turnover({
      D,
      gammaMin: 0.05,
      gammaMax: 0.2,
      points: 3,
      exact: true,
      exactTolerance: 1e-3,
    });
    const rows = r.rows.map((row) => {
      const exact = row.rates.kleinKramers!;
      expect(row.retcodes.kleinKramers, `γ = ${row.gamma}`).toBe('success');
      const error = row.errors.kleinKramers!;
      expect(error / exact).toBeLessThan(1e-3);
      // The exact column against the independent solve (k = λ1/2), within its own error.
      const ref = reference(D, row.gamma);
      expect(Math.abs(exact - ref.lambda1 / 2), `γ = ${row.gamma}`).toBeLessThanOrEqual(error);
      const delta = row.energyLoss!;
      expect(delta).toBeCloseTo((row.gamma * (4 / 3)) / D, 12);
      return {
        gamma: row.gamma,
        delta,
        // k = λ1/2 against its γ → 0 limit η μ1/2 (m = 1: η = γ).
        toLimit: exact / ((row.gamma * mu1) / 2),
        toEnergyDiffusion: exact / row.rates.energyDiffusion!,
        toMelnikovMeshkov: exact / row.rates.melnikovMeshkov!,
      };
    });
    // Ascending γ: the ratio to the limit falls as γ grows, i.e. rises toward 1 as γ → 0, and
    // stays below 1 (the finite-Δ depletion of the separatrix only slows escape).
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.toLimit).toBeLessThan(rows[i - 1]!.toLimit);
    }
    expect(rows[0]!.toLimit).toBeGreaterThan(0.65);
    expect(rows[0]!.toLimit).toBeLessThan(1);
    // The distance is O(√Δ): (1 − ratio)/√Δ is the same number at every γ (measured 0.36, 0.34,
    // 0.33 over a four-fold range of Δ; ±15% allows for the O(Δ) term), and that number is the
    // turnover theory's c = 0.48 up to the theory's own finite-barrier error, O(D/ΔU) = 40% at
    // ΔU/D = 2.5 (Mel'nikov 1991; bench/README.md: MM is 4–20% off exact at weak friction).
    const slopes = rows.map((x) => (1 - x.toLimit) / Math.sqrt(x.delta));
    const mean = slopes.reduce((s, x) => s + x, 0) / slopes.length;
    for (const s of slopes) expect(Math.abs(s / mean - 1)).toBeLessThan(0.15);
    expect(Math.abs(mean / MM_SQRT_COEFFICIENT - 1)).toBeLessThan(0.4);
    for (const x of rows) {
      // The energyDiffusion route is Kramers' leading order of the same limit, with the double
      // well's factor 1/2: k_ED/2 = η μ_K/2, so exact/ED = (exact/limit)·(μ1/μ_K) to rounding.
      expect(
        Math.abs(x.toEnergyDiffusion / (x.toLimit * (mu1 / kramersLeadingOrder)) - 1),
      ).toBeLessThan(1e-9);
      // Mel'nikov–Meshkov carries the √Δ depletion that energy diffusion lacks: closer to exact.
      expect(Math.abs(x.toMelnikovMeshkov - 1), `γ = ${x.gamma}`).toBeLessThan(
        Math.abs(x.toEnergyDiffusion - 1),
      );
    }
  }, 60_000);

  it('the energy-diffusion formula is the D → 0 limit of the exact weak-friction rate μ1', async () => {
    // Closed forms only (no solve): at γ = 1e-4 (Δ ≤ 0.02) the route's k·2/η against the
    // fixture's μ1. The gap is the finite-barrier correction of energy diffusion; it falls like
    // D/ΔU (≈ 1.7 D/ΔU from ΔU/D = 10 to 40) as the barrier grows (Hänggi, Talkner & Borkovec
    // 1990, §IV.B: the Laplace expansion of the action and the period about the separatrix).
    const gaps: number[] = [];
    for (const { D, mu1, relativeError } of limits.filter((c) => c.D <= 0.025)) {
      const gamma = 1e-4;
      const ed = (
        await rate({
          potential: 'x^4/4 - x^2/2',
          D,
          gamma,
          dynamics: 'underdamped',
          methods: ['energyDiffusion'],
        })
      ).methods.energyDiffusion!;
      const gap = ed.rate! / ((gamma * mu1) / 2) - 1;
      expect(relativeError).toBeLessThan(1e-5);
      expect(gap, `D = ${D}`).toBeGreaterThan(0);
      expect(gap / (D / 0.25), `D = ${D}`).toBeGreaterThan(1);
      expect(gap / (D / 0.25), `D = ${D}`).toBeLessThan(2.5);
      gaps.push(gap);
    }
    // Halving D halves the gap (to within the next order).
    for (let i = 1; i < gaps.length; i++) {
      expect(gaps[i]! / gaps[i - 1]!).toBeGreaterThan(0.4);
      expect(gaps[i]! / gaps[i - 1]!).toBeLessThan(0.65);
    }
  });
});
