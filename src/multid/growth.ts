import { KramersError } from '../core/index.js';
import { cholesky, congruence, symmetricEigen } from './linalg.js';

/**
 * The growth rates κ of the unstable mode at an index-1 saddle that enter Langer's prefactor
 * (docs/conventions.md §5). Matrices are row-major n·n; a friction or mass given as a number is
 * that multiple of the identity.
 */
export type MatrixInput = number | readonly number[] | Float64Array;

/** A symmetric positive definite n·n matrix from a number (a multiple of I) or a flat array. */
export function spdMatrix(name: string, value: MatrixInput, n: number): Float64Array {
  const m = new Float64Array(n * n);
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new KramersError(
        'invalid_parameter',
        `${name} must be a positive number or an ${n}×${n} symmetric positive definite matrix; got ${value}`,
        {
          issues: [{ path: name, message: 'not positive' }],
        },
      );
    }
    for (let i = 0; i < n; i++) m[i * n + i] = value;
    return m;
  }
  if (value.length !== n * n || Array.from(value).some((v) => !Number.isFinite(v))) {
    throw new KramersError(
      'invalid_parameter',
      `${name}: expected ${n * n} finite numbers (an ${n}×${n} matrix row by row); got ${value.length}`,
      { issues: [{ path: name, message: 'wrong size or not finite' }] },
    );
  }
  m.set(value);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(m[i * n + j]! - m[j * n + i]!) > 1e-12 * (Math.abs(m[i * n + j]!) + 1e-300)) {
        throw new KramersError(
          'invalid_parameter',
          `${name} must be symmetric: entry (${i + 1}, ${j + 1}) is ${m[i * n + j]}, (${j + 1}, ${i + 1}) is ${m[j * n + i]}`,
          {
            issues: [{ path: name, message: 'not symmetric' }],
          },
        );
      }
    }
  }
  if (!cholesky(m, n)) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be positive definite (a friction or mass matrix dissipates in every direction)`,
      {
        issues: [{ path: name, message: 'not positive definite' }],
      },
    );
  }
  return m;
}

/**
 * Overdamped: κ = the positive eigenvalue of −Γ⁻¹H_s. With Γ = LLᵀ this is minus the negative
 * eigenvalue of the symmetric L⁻¹H_sL⁻ᵀ (same inertia as H_s, Sylvester), so it is computed with
 * a symmetric eigensolver. For Γ = γI it is |λ₋|/γ.
 */
export function overdampedGrowthRate(
  saddleHessian: ArrayLike<number>,
  friction: Float64Array,
  n: number,
): number {
  const l = cholesky(friction, n)!;
  const values = symmetricEigen(congruence(saddleHessian, l, n), n).values;
  return -values[0]!;
}

/** The smallest eigenvalue of κ²M + κΓ + H (increasing in κ > 0: its κ-derivative 2κM + Γ is positive definite). */
function lowestPencilEigenvalue(
  kappa: number,
  h: ArrayLike<number>,
  m: Float64Array,
  g: Float64Array,
  n: number,
) {
  const a = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) a[k] = kappa * kappa * m[k]! + kappa * g[k]! + h[k]!;
  return symmetricEigen(a, n).values[0]!;
}

/**
 * Inertial (Kramers–Langer): the κ > 0 with det(κ²M + κΓ + H_s) = 0. For an index-1 saddle there
 * is exactly one; it is the root of the increasing function λ_min(κ²M + κΓ + H_s), negative at
 * κ = 0 and positive once κ²λ_min(M) exceeds |λ₋(H_s)|. Found by bisection refined with the secant
 * (Illinois) rule to 1e-14 relative. In one coordinate it is √(γ²/4m² + ω_s²) − γ/2m (Kramers'
 * spatial-diffusion frequency); with Γ = 0 it is ω_u, the harmonic-TST limit.
 */
export function inertialGrowthRate(
  saddleHessian: ArrayLike<number>,
  mass: Float64Array,
  friction: Float64Array,
  n: number,
): number {
  const lambdaMinus = -symmetricEigen(saddleHessian, n).values[0]!;
  const massMin = symmetricEigen(mass, n).values[0]!;
  let lo = 0;
  let hi = Math.sqrt(lambdaMinus / massMin) * 1.000001;
  let fLo = lowestPencilEigenvalue(lo, saddleHessian, mass, friction, n);
  let fHi = lowestPencilEigenvalue(hi, saddleHessian, mass, friction, n);
  let side = 0;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const x = (lo * fHi - hi * fLo) / (fHi - fLo);
    const mid = Number.isFinite(x) && x > lo && x < hi ? x : 0.5 * (lo + hi);
    const f = lowestPencilEigenvalue(mid, saddleHessian, mass, friction, n);
    if (f === 0) return mid;
    if (f < 0) {
      lo = mid;
      fLo = f;
      if (side === -1) fHi /= 2;
      side = -1;
    } else {
      hi = mid;
      fHi = f;
      if (side === 1) fLo /= 2;
      side = 1;
    }
  }
  return 0.5 * (lo + hi);
}

/** ω_u: the unstable frequency √|λ₋(M⁻¹H_s)| (the harmonic-TST growth rate, Γ = 0). */
export function unstableFrequency(
  saddleHessian: ArrayLike<number>,
  mass: Float64Array,
  n: number,
): number {
  const l = cholesky(mass, n)!;
  return Math.sqrt(-symmetricEigen(congruence(saddleHessian, l, n), n).values[0]!);
}
