import { describe, expect, it } from 'vitest';
import { potentialFromExpression } from '../../src/expr/index.js';
import { rateMatrixFromProjections, smoluchowskiSpectrum } from '../../src/spectral/index.js';
import { type SpectrumReport, spectrum } from '../../src/studies/index.js';
import { readFixture } from '../support/fixtures.js';

interface Case {
  expression: string;
  D: number;
  gamma: number;
  barriers: number[];
  eigenvalues: number[];
  eigenvalueErrors: number[];
  matrix: number[][];
  matrixErrors: number[][];
  populations: number[];
}

/** test/fixtures/klein_kramers_wells.py: finite differences in x, ARPACK shift-invert. */
const cases = readFixture<{ cases: Case[] }>('klein_kramers_wells.json').cases;
const EXPRESSION = cases[0]!.expression;
const D = 0.2;

/** The eigenvalues of a 3×3 matrix with rows summing to 0: 0 and the roots of μ² − tr μ + Σ minors. */
function nonZeroEigenvalues(K: readonly (readonly number[])[]): [number, number] {
  const trace = K[0]![0]! + K[1]![1]! + K[2]![2]!;
  const minor = (i: number, j: number) => K[i]![i]! * K[j]![j]! - K[i]![j]! * K[j]![i]!;
  const sum = minor(0, 1) + minor(0, 2) + minor(1, 2);
  const root = Math.sqrt(trace * trace - 4 * sum);
  return [(trace + root) / 2, (trace - root) / 2];
}

function underdamped(gamma: number, tolerance: number): SpectrumReport {
  return spectrum({ potential: EXPRESSION, D, gamma, dynamics: 'underdamped', tolerance });
}

describe('underdamped rate matrix of a triple well (ΔU/D ≈ 5) against an independent solve', () => {
  // γ = 0.5 at 1e-4 (seven seconds; 1e-8 takes a minute here), γ = 2 at 1e-6.
  it.each([
    [0.5, 1e-4],
    [2, 1e-6],
  ])(
    'γ = %s (tolerance %s): eigenvalues and every element within the reported error',
    (gamma, tolerance) => {
      const ref = cases.find((c) => c.gamma === gamma)!;
      const r = underdamped(gamma, tolerance);
      expect(r.retcode).toBe('success');
      expect(r.eigenvalues).toHaveLength(3);
      // Actual ≤ reported: the reference's own error (≤ 4e-13, 1e-10 relative) is added, as the
      // actual error is only known to that precision.
      for (let k = 1; k < 3; k++) {
        const actual = Math.abs(r.eigenvalues[k]! - ref.eigenvalues[k]!);
        expect(actual, `λ${k}`).toBeLessThanOrEqual(r.errors[k]! + ref.eigenvalueErrors[k]!);
        expect(r.errors[k]! / r.eigenvalues[k]!).toBeLessThanOrEqual(tolerance);
      }
      const m = r.rateMatrix!;
      // The underdamped matrix holds no nulls (only the overdamped one marks elements that are not rates).
      const matrix = m.matrix as readonly (readonly number[])[];
      expect(m.wells).toHaveLength(3);
      for (let i = 0; i < 3; i++) {
        expect(m.populations[i]).toBeCloseTo(ref.populations[i]!, 12);
        for (let j = 0; j < 3; j++) {
          const actual = Math.abs(matrix[i]![j]! - ref.matrix[i]![j]!);
          const reported = m.errors![i]![j]!;
          expect(actual, `K[${i}][${j}]`).toBeLessThanOrEqual(reported + ref.matrixErrors[i]![j]!);
          // Not vacuous: the error is a small part of the row's rate.
          expect(reported).toBeLessThanOrEqual(10 * tolerance * Math.abs(matrix[i]![i]!));
        }
        // Rows sum to 0 (to rounding of the diagonal's sum).
        expect(Math.abs(matrix[i]!.reduce((s, v) => s + v, 0))).toBeLessThan(1e-15);
      }
      // K's eigenvalues are −λ1, −λ2 by construction (K = (−QΛQ⁻¹)ᵀ), to rounding of the 3×3 algebra.
      const [mu1, mu2] = nonZeroEigenvalues(matrix);
      expect(Math.abs(mu1 + r.eigenvalues[1]!)).toBeLessThan(1e-12 * r.eigenvalues[1]!);
      expect(Math.abs(mu2 + r.eigenvalues[2]!)).toBeLessThan(1e-12 * r.eigenvalues[2]!);
      // Detailed balance holds to the weight of the barrier regions (see matrixWarnings), the same
      // in the reference: within 1e-3 of the largest flux, and ours matches the reference's defect.
      const flux = (K: readonly (readonly number[])[], i: number, j: number) =>
        m.populations[i]! * K[i]![j]!;
      const scale = m.populations[0]! * matrix[0]![1]!;
      for (const [i, j] of [
        [0, 1],
        [1, 2],
        [0, 2],
      ] as const) {
        const defect = flux(matrix, i, j) - flux(matrix, j, i);
        const refDefect = flux(ref.matrix, i, j) - flux(ref.matrix, j, i);
        expect(Math.abs(defect)).toBeLessThan(1e-3 * scale);
        expect(Math.abs(defect - refDefect)).toBeLessThan(1e-6 * scale);
      }
      // The direct rate between the outer wells: positive at weak friction (a particle with energy
      // to spare crosses the middle well without stopping), ≈ 0 of either sign at γ = 2, where the
      // warning says so.
      if (gamma === 0.5) expect(matrix[0]![2]! / matrix[0]![1]!).toBeGreaterThan(0.05);
      else expect(r.warnings.join(' ')).toMatch(/negative rates beyond their errors: K\[0\]\[2\]/);
    },
  );
});

/**
 * The overdamped matrix by the same construction (basin integrals of the right eigenvectors
 * ρ_eq φ_k, trapezoid on the Smoluchowski grid), so that the comparison isolates the dynamics.
 */
function overdampedMatrix(gamma: number, splits: readonly number[]) {
  const s = smoluchowskiSpectrum({
    potential: potentialFromExpression(EXPRESSION),
    D,
    gamma,
    n: 3,
    tolerance: 1e-10,
    searchDomain: { min: -3, max: 3 },
    boundaries: { left: 'reflecting', right: 'reflecting' },
  });
  const { x, equilibriumDensity: rho } = s;
  const cuts = [Number.NEGATIVE_INFINITY, ...splits, Number.POSITIVE_INFINITY];
  const modes = s.eigenfunctions.slice(0, 3).map((phi) => {
    const q = [0, 0, 0];
    for (let j = 0; j + 1 < x.length; j++) {
      const mid = (x[j]! + x[j + 1]!) / 2;
      const basin = cuts.findIndex((c, b) => mid > c && mid <= cuts[b + 1]!);
      q[basin]! += ((rho[j]! * phi[j]! + rho[j + 1]! * phi[j + 1]!) / 2) * (x[j + 1]! - x[j]!);
    }
    return q;
  });
  const total = modes[0]!.reduce((a, b) => a + b, 0);
  const populations = modes[0]!.map((q) => q / total);
  const zero = [0, 0, 0];
  return rateMatrixFromProjections(
    { base: modes, refined: [], complete: true },
    s.eigenvalues,
    zero,
    populations,
  ).matrix;
}

describe('underdamped rate matrix → overdamped as γ → ∞ (Smoluchowski limit)', () => {
  // In our units both matrices are rates per unit time with the same γ (docs/conventions.md §0):
  // Kramers (1940) k_KK/k_Smol = (√(1/4 + ω_b²/γ²) − 1/2)·γ²/ω_b² → 1 − ω_b²/γ², so 1 − ratio
  // falls ~16× from γ = 10 to 40. Asked for: at least 8× (the finite-barrier corrections bend
  // the law a little), and below 1% at γ = 40.
  it('K_ij(underdamped)/K_ij(overdamped) → 1 like 1/γ² for neighbouring wells', () => {
    const splits = cases[0]!.barriers;
    const gaps = [10, 40].map((gamma) => {
      const u = underdamped(gamma, 1e-6).rateMatrix!.matrix;
      const o = overdampedMatrix(gamma, splits);
      const pairs = [
        [0, 1],
        [1, 0],
        [1, 2],
        [2, 1],
      ] as const;
      return pairs.map(([i, j]) => 1 - u[i]![j]! / o[i]![j]!);
    });
    for (let q = 0; q < 4; q++) {
      expect(gaps[0]![q]!).toBeGreaterThan(0);
      expect(gaps[1]![q]!).toBeGreaterThan(0);
      expect(gaps[1]![q]!).toBeLessThan(gaps[0]![q]! / 8);
      expect(gaps[1]![q]!).toBeLessThan(0.01);
    }
  });
});
