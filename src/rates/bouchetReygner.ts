import { requireFinite } from '../core/index.js';
import { langerRate } from './langer.js';
import {
  activatedRate,
  barrierWarnings,
  notApplicable,
  type RateEstimate,
} from './rateEstimate.js';

export interface BouchetReygnerInput {
  /** Hess V of the quasi-potential at the stable point, row by row (2×2, positive definite). */
  readonly wellHessian: readonly number[];
  /** Hess V at the saddle on the branch the minimum action path arrives on (one negative eigenvalue). */
  readonly saddleHessian: readonly number[];
  /** μ_s, the positive eigenvalue of the drift's Jacobian at the saddle. */
  readonly growthRate: number;
  /** ∫ div ℓ(φ(t)) dt along the fluctuation path (0 when the drift keeps a Gibbs density). */
  readonly integral: number;
  /** ΔΦ = V(x_s) − V(x_m), the quasi-potential barrier in the D convention. */
  readonly deltaPhi: number;
  /** gMAM's error on ΔΦ: the low-barrier warning is not given within it of ΔΦ = 5D. */
  readonly deltaPhiError?: number;
  readonly D: number;
  /**
   * ln lim e^{−∫div ℓ dt}/√|det Hess V(φ(t))| at the saddle, used instead of `integral` and
   * `saddleHessian` where the path arrives along the saddle's stable eigenvector (Hess V(x_s) = 0,
   * the integral infinite; see instantonPrefactor).
   */
  readonly logPathFactor?: number;
}

function symmetricEigenvalues2(h: readonly number[]): [number, number] {
  const mean = 0.5 * (h[0]! + h[3]!);
  const radius = Math.hypot(0.5 * (h[0]! - h[3]!), 0.5 * (h[1]! + h[2]!));
  return [mean - radius, mean + radius];
}

/**
 * The escape rate of a general (non-gradient) drift over an index-1 saddle, after Bouchet &
 * Reygner (Ann. Henri Poincaré 17, 3499, 2016, eq. 1.12; their ε is our D):
 *
 *   k = (μ_s/2π) √(det Hess V(x_m)/|det Hess V(x_s)|) e^{−∫ div ℓ(φ(t)) dt} e^{−ΔΦ/D}.
 *
 * Convention: dX = b(X) dt + √(2D) dW; V is the quasi-potential, the solution of the
 * Hamilton–Jacobi equation b·∇V + |∇V|² = 0 (the stationary density is e^{−V/D} to leading
 * order), ΔΦ = V(x_s) − V(x_m), so V = U and ΔΦ = ΔU for b = −∇U. Splitting b = −∇V + ℓ, the
 * equation says exactly ℓ·∇V = 0. The fluctuation path φ runs from x_m (t = −∞) to x_s (t = +∞)
 * with φ̇ = ∇V + ℓ = b + 2∇V, the time reverse of a relaxation path of the adjoint dynamics; it is
 * the minimum action path gMAM finds, and on it |φ̇| = |b| (the Hamiltonian b·p + |p|² vanishes
 * with p = ∇V). μ_s is the positive eigenvalue of the Jacobian J = ∂b/∂x at x_s.
 *
 * Checks of every factor of 2 in this convention: for b = −∇U, ℓ = 0, V = U and the formula is
 * Langer's (langer.ts); for b = −(I + M)∇U with M constant antisymmetric, V = U, ℓ = −M∇U has
 * div ℓ = −Σ M_ij ∂_i∂_jU = 0, and it is the non-reversible Eyring–Kramers rate
 * (nonReversibleEyringKramers.ts). Both are tested, and Maier–Stein (div ℓ ≠ 0) is tested against
 * a scalar Riccati ODE on its axis (test/fixtures/maier_stein_prefactor.py) and exact MFPTs.
 *
 * The Hessians. Differentiating the Hamilton–Jacobi equation twice along the path gives the
 * matrix Riccati equation for H(t) = Hess V(φ(t)):
 *   −dH/dt = JᵀH + HJ + 2H² + Σ_k p_k ∇²b_k,   p = ∇V(φ(t)),
 * so H_m = Hess V(x_m) solves JᵀH + HJ + 2H² = 0, i.e. H_m = Σ⁻¹ with JΣ + ΣJᵀ = −2I (the
 * Lyapunov equation; problem/passageDrift.ts). At a fixed point tr(J + H) = 0, so div ℓ =
 * div b + ΔV vanishes at both ends and the integral converges. The method (src/multid/instanton.ts):
 *   - the path is gMAM's, nodes equally spaced in arc length s; dt = ds/|b|, the tangent τ by
 *     central differences, p = (|b|τ − b)/2;
 *   - the first derivative of the Hamilton–Jacobi equation, ṗ = −Jᵀp, fixes the column Hτ =
 *     −Jᵀp/|b| exactly; only the normal–normal entry of H is integrated (the tangential entry is
 *     unstable forwards near the saddle, and this removes it), by the trapezoid rule in s with
 *     the quadratic implicit equation solved exactly (backward Euler on the first step, where
 *     |b| = 0): near both ends, where t → ±∞, the equation is stiff in s and the implicit step
 *     is what keeps it stable;
 *   - Hess V(x_s) is not taken from Newton on JᵀH + HJ + 2H² = 0: where div b = 0 at the saddle
 *     (Maier–Stein; b = −(I + M)∇U) its solutions form a continuum and only the arrival picks
 *     one. Its column along the arrival direction is the limit of Hτ, its normal entry the root
 *     of that equation's normal part nearest the value the path arrives with;
 *   - the integrand div ℓ/|b| (0/0 at the ends, extrapolated linearly there) by the trapezoid
 *     rule, Richardson over the nodes and every other node, then over gMAM's ladder of three
 *     paths (64, 128, 256 intervals): the value is extrapolated, its error the last difference
 *     of the ladder (which bounds the error at any order ≥ 1) plus the stride's. Where
 *     1 < λ_s/μ_s < 2 (λ_s the saddle's stable rate) the path bends like s^α, α = λ_s/μ_s − 1,
 *     on arrival and the ladder converges at that order only: it is extrapolated at the known
 *     order α, its error the spread of the two extrapolations over 2^α − 1 (Morris–Lecar at
 *     I = 38, tested against a ladder twice finer and exact MFPTs). If the ladder converges at
 *     neither order, there is no number;
 *   - where the path spirals out of x_m (J + 2H_m has complex eigenvalues, so the equal-arc
 *     nodes cannot follow its turns there), or leaves a node bending like s^{κ₂/κ₁} with
 *     1 ≤ κ₂/κ₁ < 2 (κ₁ ≤ κ₂ the eigenvalues of J + 2H_m: its curvature is unbounded at x_m
 *     and the march from x_m converges at order κ₂/κ₁ − 1 only), the first quarter of the path
 *     is integrated in time instead: the instanton's Hamiltonian flow with the Riccati equation
 *     from a small circle around x_m, aimed at gMAM's node a quarter along
 *     (src/multid/nearFocus.ts); the march starts there (tested on b = −(I + M)∇U with
 *     m = 1, 2, 3 (spirals) and m = 0.2–0.35 (nodes, κ₂/κ₁ = 1.1–1.4) against Lee & Seo's rate).
 *
 * Where it does not apply: a degenerate saddle or stable point; a caustic (the Riccati solution
 * blows up along the path); at a bifurcation of the path (Maier–Stein at β = 4, where the axis
 * stops being the minimiser and the prefactor diverges — it grows from 1/π at β = 1 to 1.37 at
 * β = 3.5 — and past it, where two bent paths replace the axis: Maier & Stein, SIAM J. Appl.
 * Math. 57, 752, 1997); where gMAM's ladder does not resolve the path (a strong rotation's
 * turns past the first quarter of the path, b = −(I + M)∇U with m = 3 on some U). Where
 * μ_s > λ_s the path may arrive along the saddle's stable eigenvector with Hess V(x_s) = 0 and the
 * integral infinite: then `logPathFactor`, the finite limit of their ratio, takes their place.
 *
 * @example
 * bouchetReygnerRate({ wellHessian: [2, 0, 0, 2], saddleHessian: [-1, 0, 0, 1], growthRate: 1, integral: -0.4174606960274377, deltaPhi: 0.25, D: 0.05 }).prefactor;
 * // => 0.4832267905777819 (Maier–Stein at β = 2: e^{0.41746}/π)
 */
export function bouchetReygnerRate(input: BouchetReygnerInput): RateEstimate {
  if (input.logPathFactor !== undefined) return degenerateSaddleRate(input, input.logPathFactor);
  const integral = requireFinite('integral', input.integral);
  const base = langerRate({
    wellEigenvalues: symmetricEigenvalues2(input.wellHessian),
    saddleEigenvalues: symmetricEigenvalues2(input.saddleHessian),
    growthRate: input.growthRate,
    deltaU: input.deltaPhi,
    D: input.D,
    name: 'Bouchet–Reygner',
  });
  if (base.prefactor === null) {
    return notApplicable(input.deltaPhi, input.D, base.warnings[0] ?? 'not applicable');
  }
  // Langer's own barrier warning names ΔU and knows no error bar: ΔΦ's replaces it.
  return activatedRate(base.prefactor * Math.exp(-integral), input.deltaPhi, input.D, [
    ...base.warnings.filter((w) => !w.startsWith('rate underflows') && !w.startsWith('ΔU/D = ')),
    ...deltaPhiWarnings(input),
  ]);
}

/**
 * Where Hess V(x_s) = 0 (the path arrives along the saddle's stable eigenvector, μ_s > λ_s):
 * (μ_s/2π) √det Hess V(x_m) · lim e^{−∫div ℓ dt}/√|det Hess V|, the continuation of eq. 1.12 of
 * Bouchet & Reygner (2016), where the two factors of the limit are taken separately.
 */
function degenerateSaddleRate(input: BouchetReygnerInput, logPathFactor: number): RateEstimate {
  const factor = requireFinite('logPathFactor', logPathFactor);
  const [low, high] = symmetricEigenvalues2(input.wellHessian);
  if (!(low > 0) || !(input.growthRate > 0)) {
    return notApplicable(
      input.deltaPhi,
      input.D,
      'Bouchet–Reygner: Hess V at the stable point is not positive definite or μ_s ≤ 0',
    );
  }
  const prefactor = (input.growthRate / (2 * Math.PI)) * Math.sqrt(low * high) * Math.exp(factor);
  return activatedRate(prefactor, input.deltaPhi, input.D, deltaPhiWarnings(input));
}

const deltaPhiWarnings = (input: BouchetReygnerInput) =>
  barrierWarnings(input.deltaPhi, input.D, {
    symbol: 'ΔΦ',
    ...(input.deltaPhiError !== undefined ? { error: input.deltaPhiError } : {}),
  });
