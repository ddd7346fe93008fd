import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  lowestBirthDeathEigenvalue,
  rateMatrixFromModes,
  type Spectrum,
  type SpectrumProblem,
  smoluchowskiSpectrum,
} from '../../src/spectral/index.js';
import { expectClose, readFixture, relativeError } from '../support/fixtures.js';

interface ReferenceCases {
  cases: { id: string; potential: string; D: number; gamma: number; lambda1: string }[];
}
interface ReferenceCase {
  id: string;
  expression: string;
  D: number;
  gamma: number;
  domain: [number, number] | null;
  searchDomain: [number, number] | null;
  boundaries: { left: 'reflecting' | 'absorbing'; right: 'reflecting' | 'absorbing' };
  eigenvalues: string[];
  agreement: number;
}
const doubleWell = readFixture<ReferenceCases>('reference_cases.json');
const { cases } = readFixture<{ cases: ReferenceCase[] }>('spectral_reference.json');
const reference = (id: string) => cases.find((c) => c.id === id)!;

// The issue's requirement: λ1 to 1e-6 relative. We ask for (and get) far more; 1e-6 is the
// contract asserted here, the honesty of `errors` is asserted separately.
const ISSUE_TOL = 1e-6;

const quartic = potentialFromExpression('x^4/4 - x^2/2');
const around = { min: -1.5, max: 1.5 };

function problemFor(c: ReferenceCase, n: number): SpectrumProblem {
  // A natural end (searchDomain given) extends outward; an absorbing end stays at its edge.
  const [min, max] = (c.searchDomain ?? c.domain)!;
  return {
    potential: potentialFromExpression(c.expression),
    D: c.D,
    gamma: c.gamma,
    n,
    ...(c.searchDomain ? { searchDomain: { min, max } } : { domain: { min, max } }),
    boundaries: c.boundaries,
  };
}

/** The non-zero eigenvalues (reflecting ends: drop λ0 = 0) and their error estimates. */
function decayRates(s: Spectrum, c: ReferenceCase) {
  const reflecting = c.boundaries.left === 'reflecting' && c.boundaries.right === 'reflecting';
  return reflecting
    ? { values: s.eigenvalues.slice(1), errors: s.errors.slice(1) }
    : { values: s.eigenvalues, errors: s.errors };
}

const nearest = (x: Float64Array, p: number) => {
  let best = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - p) < Math.abs(x[best]! - p)) best = i;
  return best;
};

describe('λ1 against test/fixtures/reference_cases.json (x⁴/4 − x²/2, γ = 1)', () => {
  it.each(doubleWell.cases)('$id', (c) => {
    const s = smoluchowskiSpectrum({
      potential: quartic,
      D: c.D,
      gamma: c.gamma,
      n: 3,
      searchDomain: around,
    });
    const expected = Number(c.lambda1);
    expectClose(s.eigenvalues[1]!, expected, ISSUE_TOL, `${c.id} λ1`);
    // Honest error estimate: the true error is within it (the reference has 15 digits, hence the
    // 1e-15 relative allowance for its own rounding).
    expect(Math.abs(s.eigenvalues[1]! - expected)).toBeLessThanOrEqual(
      s.errors[1]! + 1e-15 * expected,
    );
    expect(s.eigenvalues[0]).toBe(0);
    expect(s.retcode).toBe('success');
  });
});

describe('eigenvalues against mpmath (test/fixtures/spectral_reference.py, Green operator)', () => {
  it.each(cases)('$id: $expression at D = $D', (c) => {
    const s = smoluchowskiSpectrum(problemFor(c, c.eigenvalues.length + 1));
    const { values, errors } = decayRates(s, c);
    expect(s.retcode).toBe('success');
    // λ_{k+1} flagged as part of a near-degenerate pair (an avoided crossing between grids).
    const flagged = (k: number) =>
      s.warnings.some((w) => w.includes(`λ${k + 1} and`) || w.includes(`and λ${k + 1} are`));
    c.eigenvalues.forEach((text, k) => {
      const expected = Number(text);
      // Every listed eigenvalue (λ1 and, for several wells, λ2 too) to the issue's 1e-6, unless
      // the solver itself flagged it (then only the widened error estimate is promised).
      if (!flagged(k)) expectClose(values[k]!, expected, ISSUE_TOL, `${c.id} eigenvalue ${k + 1}`);
      // The reference agrees with itself (P vs 2P panels) to c.agreement ≪ 1e-15.
      expect(Math.abs(values[k]! - expected)).toBeLessThanOrEqual(errors[k]! + 1e-15 * expected);
    });
  });

  it('keeps relative accuracy where λ1/λ_max < 1e-20 (D = 0.005, ΔU/D = 50)', () => {
    const c = reference('quartic_D0.005');
    const s = smoluchowskiSpectrum(problemFor(c, 3));
    const h = s.x[1]! - s.x[0]!;
    // λ_max ≥ the largest diagonal entry a_i + b_i ≥ 2D/(γh²) (AM-GM), so this bounds λ1/λ_max.
    expect((s.eigenvalues[1]! * h * h) / (2 * c.D)).toBeLessThan(1e-20);
    expectClose(s.eigenvalues[1]!, Number(c.eigenvalues[0]), 1e-10, 'λ1 at ΔU/D = 50');
    expectClose(s.eigenvalues[2]!, Number(c.eigenvalues[1]), 1e-8, 'λ2 at ΔU/D = 50');
  });

  it('flags the near-degenerate λ2 ≈ λ3 of the metastable cubic at D = 0.04 and stays honest', () => {
    // λ2 (intrawell) and λ3 (a mode on the sink side of the barrier) differ by ~5e-5 relative,
    // less than their discretisation error on coarse grids: per-index extrapolation mixes them.
    const c = reference('cubic_absorbing_D0.04');
    const s = smoluchowskiSpectrum(problemFor(c, 3));
    expect(s.warnings.some((w) => w.startsWith('λ2 and λ3 are nearly degenerate'))).toBe(true);
    expectClose(s.eigenvalues[0]!, Number(c.eigenvalues[0]), 1e-10, 'escape rate');
    expect(Math.abs(s.eigenvalues[1]! - Number(c.eigenvalues[1]))).toBeLessThanOrEqual(
      s.errors[1]!,
    );
    expect(s.errors[1]! / s.eigenvalues[1]!).toBeLessThan(1e-3);
  });

  it('scales every eigenvalue as 1/γ', () => {
    const a = smoluchowskiSpectrum({ potential: quartic, D: 0.05, n: 3, searchDomain: around });
    const b = smoluchowskiSpectrum({
      potential: quartic,
      D: 0.05,
      gamma: 2,
      n: 3,
      searchDomain: around,
    });
    expectClose(b.eigenvalues[1]!, a.eigenvalues[1]! / 2, 1e-12, 'λ1(γ = 2)');
  });
});

describe('physics checks', () => {
  it('λ1 → 2k_Kramers with the O(D) finite-barrier correction as D → 0', () => {
    // k = √2/(2π) e^{−1/(4D)} (docs/conventions.md §1);
    // λ1/(2k) = 1 − (c_a + c_s) D + O(D²), c_a = c_s = 3/4.
    const ratios = [0.05, 0.025, 0.0125, 0.005, 0.002, 0.0005].map((D) => {
      const k = (Math.SQRT2 / (2 * Math.PI)) * Math.exp(-1 / (4 * D));
      const s = smoluchowskiSpectrum({ potential: quartic, D, n: 2, searchDomain: around });
      const ratio = s.eigenvalues[1]! / (2 * k);
      // The O(D²) remainder is about −5D² here; 10D² bounds it.
      expect(Math.abs(ratio - (1 - 1.5 * D))).toBeLessThan(10 * D * D);
      return ratio;
    });
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThan(ratios[i - 1]!);
    // ΔU/D = 500: λ1 ≈ 3e-218, still to the asymptotic formula's O(D²).
    expect(1 - ratios[ratios.length - 1]!).toBeLessThan(1e-3);
  });

  it('converges as O(h²) before extrapolation (error ratio ≈ 4 on halving h)', () => {
    // The square-root partner chain on cell-centred nodes of [−2.5, 2.5] (the natural domain at
    // D = 0.1 reaches weight ≈ 1e-25 near |x| = 2.4), solved by the kernel on 200, 400, 800 nodes.
    const D = 0.1;
    const exact = Number(doubleWell.cases.find((c) => c.D === D)!.lambda1);
    const errors = [200, 400, 800].map((nodes) => {
      const h = 5 / nodes;
      const u = Float64Array.from({ length: nodes }, (_, i) => quartic.U(-2.5 + (i + 0.5) * h));
      const toLeft = new Float64Array(nodes - 1);
      const toRight = new Float64Array(nodes - 1);
      for (let e = 0; e < nodes - 1; e++) {
        const half = (u[e + 1]! - u[e]!) / (2 * D);
        toLeft[e] = (D / (h * h)) * Math.exp(-half);
        toRight[e] = (D / (h * h)) * Math.exp(half);
      }
      const lambda = lowestBirthDeathEigenvalue(toLeft, toRight, new Float64Array(5 * nodes));
      return lambda - exact;
    });
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1]! / errors[i]!;
      expect(ratio).toBeGreaterThan(3.8);
      expect(ratio).toBeLessThan(4.2);
    }
  });

  it('φ1 of the symmetric double well is odd, with φ1(∓1) ≈ ±1', () => {
    const s = smoluchowskiSpectrum({ potential: quartic, D: 0.05, n: 3, searchDomain: around });
    const { x } = s;
    const phi1 = s.eigenfunctions[1]!;
    const n = x.length;
    for (let i = 0; i < n; i++) {
      expect(x[i]! + x[n - 1 - i]!).toBeCloseTo(0, 12);
      expect(Math.abs(phi1[i]! + phi1[n - 1 - i]!)).toBeLessThan(1e-9);
    }
    // Positive at the left end; flat across each well to O(λ1/λ2) ≈ 3e-3 after the max-scaling.
    expect(phi1[nearest(x, -1)]!).toBeGreaterThan(0.99);
    expect(phi1[nearest(x, 1)]!).toBeLessThan(-0.99);
    expect(s.eigenfunctions[0]!.every((v) => v === 1)).toBe(true);
    expect(Math.max(...phi1.map(Math.abs))).toBe(1);
  });

  it('eigenfunctions are orthogonal in the equilibrium-weighted inner product', () => {
    const s = smoluchowskiSpectrum({ potential: quartic, D: 0.05, n: 5, searchDomain: around });
    const h = s.x[1]! - s.x[0]!;
    const inner = (f: Float64Array, g: Float64Array) =>
      f.reduce((acc, v, i) => acc + s.equilibriumDensity[i]! * v * g[i]! * h, 0);
    const fs = s.eigenfunctions;
    expect(inner(fs[0]!, fs[0]!)).toBeCloseTo(1, 12); // the density integrates to 1
    for (let a = 0; a < fs.length; a++) {
      for (let b = a + 1; b < fs.length; b++) {
        const cos =
          inner(fs[a]!, fs[b]!) / Math.sqrt(inner(fs[a]!, fs[a]!) * inner(fs[b]!, fs[b]!));
        expect(Math.abs(cos)).toBeLessThan(1e-9);
      }
    }
  });

  it('backward eigenfunctions solve L†φ = −λφ on the grid (interior residual)', () => {
    // D φ″ − U′ φ′ = −γ λ φ by central differences: residual O(h²) relative to λ.
    const D = 0.1;
    const s = smoluchowskiSpectrum({ potential: quartic, D, n: 3, searchDomain: around });
    const { x } = s;
    const h = x[1]! - x[0]!;
    for (const k of [1, 2]) {
      const f = s.eigenfunctions[k]!;
      const lambda = s.eigenvalues[k]!;
      for (const p of [-1.2, -0.5, 0.3, 1]) {
        const i = nearest(x, p);
        const d2 = (f[i + 1]! - 2 * f[i]! + f[i - 1]!) / (h * h);
        const d1 = (f[i + 1]! - f[i - 1]!) / (2 * h);
        const residual = D * d2 - quartic.dU(x[i]!) * d1 + lambda * f[i]!;
        expect(Math.abs(residual)).toBeLessThan(2e-3 * lambda);
      }
    }
  });
});

describe('rateMatrixFromModes', () => {
  it('symmetric double well: K01 = K10 = λ1/2, populations 1/2 each', () => {
    const s = smoluchowskiSpectrum({ potential: quartic, D: 0.05, n: 3, searchDomain: around });
    const { matrix, populations } = rateMatrixFromModes(s, [1, -1], [0]);
    expectClose(matrix[0]![1]!, s.eigenvalues[1]! / 2, 1e-10, 'K01');
    expectClose(matrix[1]![0]!, s.eigenvalues[1]! / 2, 1e-10, 'K10');
    expectClose(matrix[0]![0]!, -s.eigenvalues[1]! / 2, 1e-10, 'K00');
    expectClose(populations[0]!, 0.5, 1e-12, 'p0');
    expectClose(populations[1]!, 0.5, 1e-12, 'p1');
  });

  it('tilted double well: K01 + K10 = λ1 and detailed balance p0 K01 = p1 K10', () => {
    // x⁴/4 − x²/2 + 0.1x: wells at −1.0466805318046, 0.9479574949355, barrier top 0.1010312578.
    const s = smoluchowskiSpectrum({
      potential: potentialFromExpression('x^4/4 - x^2/2 + 0.1*x'),
      D: 0.025,
      n: 3,
      searchDomain: around,
    });
    const { matrix, populations } = rateMatrixFromModes(
      s,
      [-1.0466805318046, 0.9479574949355],
      [0.1010312578],
    );
    // K10 comes from the shallow well's row, K01 from detailed balance with the basin populations:
    // their sum is λ1 up to the difference between the basin populations and the ratio fixed by
    // φ1 (the weight near the barrier, φ1's variation inside the wells): O(e^{−ΔU/D}) ≈ e^{−6.3}
    // ≈ 1.8e-3 for the shallow well (measured 4.6e-5).
    expectClose(matrix[0]![1]! + matrix[1]![0]!, s.eigenvalues[1]!, 2e-3, 'K01 + K10 ≈ λ1');
    // Detailed balance holds by construction, to rounding.
    expect(
      relativeError(populations[0]! * matrix[0]![1]!, populations[1]! * matrix[1]![0]!),
    ).toBeLessThan(1e-14);
    expect(populations[0]!).toBeGreaterThan(0.99);
    for (const row of matrix)
      expect(Math.abs(row[0]! + row[1]!)).toBeLessThan(1e-15 * s.eigenvalues[1]! * 100);
  });

  it('three wells x²(x²−1)²: λ1, λ2 small, K between neighbours, rows sum to 0', () => {
    const c = reference('triple_D0.02');
    const s = smoluchowskiSpectrum(problemFor(c, 4));
    const b = Math.sqrt(1 / 3);
    const { matrix, populations } = rateMatrixFromModes(s, [-1, 0, 1], [-b, b]);
    // K = Φ diag(−λ) Φ⁻¹ has the eigenvalues 0, −λ1, −λ2 exactly; with each pair taken from the
    // shallow row and detailed balance (basin populations) the trace keeps −(λ1 + λ2) up to the
    // O(e^{−ΔU/D}) ≈ e^{−7.4} ≈ 6e-4 difference of the populations (measured 1.8e-4).
    const trace = matrix[0]![0]! + matrix[1]![1]! + matrix[2]![2]!;
    expectClose(-trace, s.eigenvalues[1]! + s.eigenvalues[2]!, 2e-3, 'trace');
    // Symmetric landscape: k_out = rate outer → middle, k_in = middle → each outer; a nearest-
    // neighbour chain has modes λ_a = k_out and λ_s = k_out + 2k_in. The projection on the well
    // bottoms leaves O(e^{−ΔU/D}) ≈ e^{−7.4} ≈ 6e-4 of the rate outside that structure.
    const kOut = matrix[0]![1]!;
    const kIn = matrix[1]![0]!;
    expectClose(kOut, s.eigenvalues[1]!, 2e-3, 'λ1 ≈ k_out');
    expectClose(kOut + 2 * kIn, s.eigenvalues[2]!, 2e-3, 'λ2 ≈ k_out + 2 k_in');
    expectClose(matrix[1]![2]!, kIn, 1e-9, 'K12 = K10 (mirror symmetry)');
    expectClose(matrix[2]![1]!, kOut, 1e-9, 'K21 = K01 (mirror symmetry)');
    // Outer to outer directly: not neighbours, so 0 (on a line the passage runs through well 1).
    expect(matrix[0]![2]!).toBe(0);
    for (const row of matrix) expect(Math.abs(row.reduce((a, v) => a + v, 0))).toBeLessThan(1e-15);
    expectClose(populations[0]! * kOut, populations[1]! * kIn, 1e-14, 'detailed balance');
    expect(s.warnings.some((w) => w.includes('λ2/λ1'))).toBe(true);
  });

  it('rejects fewer modes than wells and wells without a barrier between them', () => {
    const s = smoluchowskiSpectrum({ potential: quartic, D: 0.1, n: 2, searchDomain: around });
    expect(() => rateMatrixFromModes(s, [-1, 0, 1], [-0.5, 0.5])).toThrow(KramersError);
    expect(() => rateMatrixFromModes(s, [-1, 1], [2])).toThrow(/no barrier between/);
  });
});

describe('absorbing ends', () => {
  it('metastable cubic well: escape rate, φ and density vanish at the sink', () => {
    const c = reference('cubic_absorbing_D0.1');
    const s = smoluchowskiSpectrum(problemFor(c, 2));
    expectClose(s.eigenvalues[0]!, Number(c.eigenvalues[0]), 1e-8, 'escape rate');
    expect(s.x[0]).toBe(-2);
    expect(s.eigenfunctions[0]![0]).toBe(0);
    expect(s.equilibriumDensity[0]).toBe(0);
    // φ (the survival-like backward mode) is flat ≈ 1 in the well, positive everywhere.
    expect(s.eigenfunctions[0]![nearest(s.x, 1)]!).toBeGreaterThan(0.999);
    expect(s.eigenfunctions[0]!.every((v) => v >= 0)).toBe(true);
    expect(s.gap).toBeGreaterThan(1e5);
  });

  it('both ends absorbing (node chain): no zero mode, symmetric, φ zero at both walls', () => {
    const s = smoluchowskiSpectrum({
      potential: quartic,
      D: 0.1,
      n: 3,
      domain: { min: -1.5, max: 1.5 },
      boundaries: { left: 'absorbing', right: 'absorbing' },
    });
    expect(s.eigenvalues[0]!).toBeGreaterThan(0);
    const phi = s.eigenfunctions[0]!;
    expect(phi[0]).toBe(0);
    expect(phi[phi.length - 1]).toBe(0);
    for (let i = 0; i < phi.length; i++)
      expect(phi[i]! - phi[phi.length - 1 - i]!).toBeCloseTo(0, 9);
    expect(s.errors[0]! / s.eigenvalues[0]!).toBeLessThan(1e-8);
  });
});

describe('warnings and retcodes', () => {
  it('warns when λ2/λ1 < 10 (D = 0.25) and not at D = 0.05', () => {
    const low = smoluchowskiSpectrum({ potential: quartic, D: 0.25, n: 2, searchDomain: around });
    expect(low.gap).toBeCloseTo(8.02, 2);
    expect(low.warnings).toContain(
      'λ2/λ1 = 8.0: no clean separation of time scales; a single rate is not meaningful',
    );
    const high = smoluchowskiSpectrum({ potential: quartic, D: 0.05, n: 2, searchDomain: around });
    expect(high.warnings).toEqual([]);
  });

  it('reports a tolerance below the rounding level instead of refining forever', () => {
    const s = smoluchowskiSpectrum({
      potential: quartic,
      D: 0.1,
      n: 2,
      searchDomain: around,
      tolerance: 1e-15,
    });
    expect(s.warnings.some((w) => w.includes('rounding') || w.includes('grid cap'))).toBe(true);
    expectClose(s.eigenvalues[1]!, Number(doubleWell.cases[1]!.lambda1), 1e-12, 'λ1');
  });

  it('says when λ1 underflows double precision (ΔU/D ≈ 1250) and returns no NaN', () => {
    const s = smoluchowskiSpectrum({ potential: quartic, D: 0.0002, n: 3, searchDomain: around });
    expect(s.retcode).toBe('not_converged');
    expect(s.warnings.join(' ')).toMatch(/double-precision range/);
    expect(s.eigenvalues.every(Number.isFinite)).toBe(true);
    expect(s.eigenfunctions.every((f) => f.every(Number.isFinite))).toBe(true);
  });
});

describe('kernel: lowestBirthDeathEigenvalue', () => {
  it('2×2 closed form and no throws on bad input', () => {
    const work = new Float64Array(10);
    // M = [[2, −1], [−1, 2]]: eigenvalues 1, 3.
    expect(
      lowestBirthDeathEigenvalue(new Float64Array([1, 1]), new Float64Array([1, 1]), work),
    ).toBe(1);
    // [[ℓ0 + r0, −√(r0 ℓ1)], [.., ℓ1 + r1]] with ℓ = (2, 3), r = (5, 0.5): closed form.
    const [a, b, c] = [7, Math.sqrt(15), 3.5];
    const exact = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b);
    expectClose(
      lowestBirthDeathEigenvalue(new Float64Array([2, 3]), new Float64Array([5, 0.5]), work),
      exact,
      1e-14,
      '2×2',
    );
    expect(
      lowestBirthDeathEigenvalue(new Float64Array([0, 1]), new Float64Array([1, 0]), work),
    ).toBeNaN();
    expect(
      lowestBirthDeathEigenvalue(new Float64Array([Number.NaN, 1]), new Float64Array([1, 1]), work),
    ).toBeNaN();
    expect(
      lowestBirthDeathEigenvalue(
        new Float64Array([1, 1]),
        new Float64Array([1, 1]),
        new Float64Array(3),
      ),
    ).toBeNaN();
  });
});

describe('bad input throws KramersError naming the parameter', () => {
  const base: SpectrumProblem = { potential: quartic, D: 0.1, searchDomain: around };
  it.each([
    ['D = 0', { ...base, D: 0 }, 'invalid_parameter', 'D'],
    ['D < 0', { ...base, D: -1 }, 'invalid_parameter', 'D'],
    ['D NaN', { ...base, D: Number.NaN }, 'invalid_parameter', 'D'],
    ['gamma NaN', { ...base, gamma: Number.NaN }, 'invalid_parameter', 'gamma'],
    ['n = 1', { ...base, n: 1 }, 'invalid_parameter', 'n'],
    ['n = 2.5', { ...base, n: 2.5 }, 'invalid_parameter', 'n'],
    ['tolerance 0', { ...base, tolerance: 0 }, 'invalid_parameter', 'tolerance'],
    [
      'inverted domain',
      { ...base, searchDomain: undefined, domain: { min: 1, max: -1 } },
      'invalid_domain',
      'domain',
    ],
    [
      'inverted searchDomain',
      { ...base, searchDomain: { min: 2, max: -2 } },
      'invalid_domain',
      'searchDomain',
    ],
    [
      'NaN domain end',
      { ...base, domain: { min: Number.NaN, max: 1 } },
      'invalid_domain',
      'domain',
    ],
    ['no domain at all', { potential: quartic, D: 0.1 }, 'invalid_parameter', 'domain'],
    [
      'unknown boundary',
      { ...base, boundaries: { left: 'sticky' as 'absorbing' } },
      'invalid_parameter',
      'boundaries.left',
    ],
    [
      'U unbounded below, natural boundary',
      {
        ...base,
        potential: potentialFromExpression('x^3/3 - x'),
        searchDomain: { min: -2, max: 2 },
      },
      'unbounded_below',
      'searchDomain',
    ],
  ] as const)('%s', (_name, problem, code, path) => {
    let error: unknown;
    try {
      smoluchowskiSpectrum(problem as SpectrumProblem);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KramersError);
    expect((error as KramersError).code).toBe(code);
    expect((error as KramersError).issues[0]!.path).toBe(path);
  });

  it('the unbounded case suggests a wall or an absorbing end', () => {
    expect(() =>
      smoluchowskiSpectrum({
        potential: potentialFromExpression('x^3/3 - x'),
        D: 0.1,
        searchDomain: { min: -2, max: 2 },
      }),
    ).toThrow(/no stationary density/);
    try {
      smoluchowskiSpectrum({
        potential: potentialFromExpression('x^3/3 - x'),
        D: 0.1,
        searchDomain: { min: -2, max: 2 },
      });
    } catch (e) {
      expect((e as KramersError).hint).toMatch(/absorbing/);
    }
  });
});

describe('eigenfunctions on a wide natural-boundary domain (regression)', () => {
  it('φ1 of three equal wells is (−1, 0, 1) at the wells even where the grid reaches U − U_min = 45', async () => {
    const { potentialFromExpression } = await import('../../src/expr/index.js');
    const { smoluchowskiSpectrum } = await import('../../src/spectral/index.js');
    const s = smoluchowskiSpectrum({
      potential: potentialFromExpression('x^6 - 2*x^4 + x^2'),
      D: 0.02,
      n: 3,
      searchDomain: { min: -2, max: 2 },
    });
    const at = (x: number) => s.eigenfunctions[1]![s.x.findIndex((v) => v >= x)]!;
    // φ1 is flat to within e^{−ΔU/D}-small terms across each basin; 1e-3 is generous.
    expect(Math.abs(Math.abs(at(-1)) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(at(0))).toBeLessThan(1e-3);
    expect(at(1)).toBeCloseTo(-at(-1), 3);
  });
});

describe('smoluchowskiSpectrum: eigenfunctions of deep double wells', () => {
  // Backward eigenfunctions of a reversible operator are orthogonal in the equilibrium-weighted
  // inner product; a loss of it is a wrong eigenfunction (the eigenvalues may still be right).
  // x⁴/4 − x²/2 at D = 0.01 (ΔU/D = 25): φ1 once lost its step at the barrier (a tail cut-off
  // that fired at the barrier top once (U − U_min)/4D > 12) and φ5 equalled φ1 (overlap 1.0); at
  // D = 0.005 the twisted factorisation mixed a cluster member into φ5 (overlap 5e-2).
  const worstOverlap = (D: number) => {
    const s = smoluchowskiSpectrum({
      potential: potentialFromExpression('x^4/4 - x^2/2'),
      D,
      n: 12,
      searchDomain: { min: -1.5, max: 1.5 },
    });
    const { x, equilibriumDensity: rho, eigenfunctions: F } = s;
    const inner = (f: Float64Array, g: Float64Array) => {
      let a = 0;
      for (let i = 1; i < x.length; i++) {
        a +=
          0.5 *
          (x[i]! - x[i - 1]!) *
          (rho[i]! * f[i]! * g[i]! + rho[i - 1]! * f[i - 1]! * g[i - 1]!);
      }
      return a;
    };
    let worst = 0;
    for (let i = 0; i < F.length; i++) {
      for (let j = 0; j < i; j++) {
        const c =
          Math.abs(inner(F[i]!, F[j]!)) / Math.sqrt(inner(F[i]!, F[i]!) * inner(F[j]!, F[j]!));
        worst = Math.max(worst, c);
      }
    }
    return worst;
  };

  it('stay orthogonal: to 1e-6 at ΔU/D = 25 and 1e-2 at ΔU/D = 50', () => {
    // Measured 6.6e-9 and 7.9e-4; the rounding of the barrier-top partner entries, amplified by
    // e^{ΔU/2D}, is what is left (resonance's error bound carries it, test/studies/resonance).
    expect(worstOverlap(0.01)).toBeLessThan(1e-6);
    expect(worstOverlap(0.005)).toBeLessThan(1e-2);
  });
});
