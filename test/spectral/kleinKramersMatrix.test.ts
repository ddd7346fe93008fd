import { describe, expect, it } from 'vitest';
import { potentialFromExpression } from '../../src/expr/index.js';
import { kleinKramersSpectrum, wasmDenseAvailable } from '../../src/spectral/index.js';
import { readFixture } from '../support/fixtures.js';

/**
 * Issue 13's done-when matrix, γ ≥ 0.05 × ΔU/D = 2.5, 5, 10 × {x⁴/4 − x²/2, + 0.1x}: λ1 at the
 * default 1e-8 against the independent solve (plain Chebyshev × Hermite, ARPACK), actual error ≤
 * reported and 1e-8 agreement. The cells already checked this way in kleinKramersSpectrum.test.ts
 * are left out here; the weak cells (γ = 0.01, 0.02) are checked there under a work cap (honesty
 * holds at any cap), and the whole matrix at the default cap is bench/kleinKramersMatrix.mjs.
 */
interface Case {
  tilt: number;
  D: number;
  gamma: number;
  lambda1: number;
  /** The reference's own convergence estimate (relative). */
  relativeError: number;
}

// klein_kramers_weak.json supersedes klein_kramers_reference.json where both hold a case: its
// tilted D = 0.025 entries are solved on the e^{−44} interval, where the reference's e^{−36} one
// (28 D above the shallow well) moved λ1 by up to 5e-9 at γ ≥ 1 (klein_kramers_weak.py).
const weak = readFixture<{ cases: Case[] }>('klein_kramers_weak.json').cases;
const strong = readFixture<{ cases: Case[] }>('klein_kramers_reference.json').cases;
const referenceOf = (tilt: number, D: number, gamma: number) => {
  const same = (c: Case) => c.tilt === tilt && c.D === D && c.gamma === gamma;
  const c = weak.find(same) ?? strong.find(same);
  if (!c) throw new Error(`no reference for tilt ${tilt}, D ${D}, γ ${gamma}`);
  return c;
};

/** Checked at 1e-8 in kleinKramersSpectrum.test.ts ("tilt …: λ1 to 1e-8" and "tilted well …"). */
const elsewhere = [
  ...['0 0.1 100', '0 0.025 100', '0.1 0.05 100'],
  ...['0.1 0.1 0.05', '0.1 0.05 0.1', '0.1 0.025 0.1'],
];
/**
 * The tilted well at ΔU/D = 10, γ = 0.05 needs 8.8e9 of K³·N: within the WebAssembly engine's work
 * cap (1.2e10, `success`, ±3.7e-9 reported, 6e-12 actual) but not the JavaScript one's (6e9,
 * `not_converged`, ±8.7e-8 reported). Either way its value must be within 1e-8 and honest.
 */
const capped = '0.1 0.025 0.05';

const cells = [0, 0.1].flatMap((tilt) =>
  [0.1, 0.05, 0.025].flatMap((D) =>
    [0.05, 0.1, 0.2, 1, 10, 100]
      .filter((gamma) => !elsewhere.includes(`${tilt} ${D} ${gamma}`))
      .map((gamma) => [tilt, D, gamma] as const),
  ),
);

describe('Klein–Kramers done-when matrix, γ ≥ 0.05 (issue 13)', () => {
  it.each(cells)(
    'tilt %s, D = %s, γ = %s: within 1e-8 of the independent solve, error honest',
    (tilt, D, gamma) => {
      const ref = referenceOf(tilt, D, gamma);
      const r = kleinKramersSpectrum({
        potential: potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`),
        D,
        gamma,
        searchDomain: { min: -1.5, max: 1.5 },
      });
      const lambda1 = r.eigenvalues[1]!;
      const actual = Math.abs(lambda1 - ref.lambda1);
      // Honest: the reported error covers the actual one, up to the reference's own estimate
      // (1e-13 … 4e-9 relative, the largest at ΔU/D = 10, γ = 100 where λ1 ≈ 2e-7).
      expect(actual).toBeLessThanOrEqual(r.errors[1]! + ref.relativeError * ref.lambda1);
      // The goal, met by the value in every cell (the reference is good to ≤ 4e-9 here).
      expect(actual / ref.lambda1).toBeLessThan(1e-8);
      if (`${tilt} ${D} ${gamma}` === capped && !wasmDenseAvailable()) {
        expect(r.retcode).toBe('not_converged');
        expect(r.warnings.join(' ')).toMatch(/converged only to a relative/);
      } else {
        expect(r.retcode).toBe('success');
        expect(r.errors[1]! / lambda1).toBeLessThanOrEqual(1e-8);
      }
    },
    60_000,
  ); // 0.03–4 s a cell on a loaded core, ~15 s in all

  it("a search interval past the natural boundaries is cut in to them (the CLI's automatic one)", () => {
    // The CLI's automatic interval for the tilted well at D = 0.025 reaches 88·D above the higher
    // well; before the cut the ladder stopped at its caps there, `not_converged` at 2e-8.
    const ref = referenceOf(0.1, 0.025, 0.05);
    const potential = potentialFromExpression('x^4/4 - x^2/2 + 0.1*x');
    const r = kleinKramersSpectrum({
      potential,
      D: 0.025,
      gamma: 0.05,
      searchDomain: { min: -2.04, max: 1.94 },
      helper: null,
    });
    const uWell = potential.U(0.94564927); // the higher well's bottom (Newton on U′)
    for (const end of [r.domain.min, r.domain.max]) {
      // At the e^{−30} crossing: just outside it, not left where it was. The well's height is
      // taken on 801 samples of the search interval (h = 0.005, U″ ≈ 1.7: ~1e-5 of D above it).
      expect((potential.U(end) - uWell) / 0.025).toBeGreaterThan(30);
      expect((potential.U(end) - uWell) / 0.025).toBeLessThan(30.001);
    }
    expect(r.retcode).toBe('success');
    const actual = Math.abs(r.eigenvalues[1]! - ref.lambda1);
    expect(actual).toBeLessThanOrEqual(r.errors[1]! + ref.relativeError * ref.lambda1);
    expect(actual / ref.lambda1).toBeLessThan(1e-8);
  }, 60_000); // ~1.5 s
});
