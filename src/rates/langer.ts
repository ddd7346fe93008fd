import { requireFinite, requirePositive } from '../core/index.js';
import {
  activatedRate,
  barrierWarnings,
  notApplicable,
  type RateEstimate,
} from './rateEstimate.js';

export interface LangerInput {
  /** Eigenvalues of the Hessian H_a at the minimum being left (all > 0), energy / length². */
  readonly wellEigenvalues: readonly number[];
  /** Eigenvalues of the Hessian H_s at the saddle: exactly one negative. */
  readonly saddleEigenvalues: readonly number[];
  /**
   * κ > 0, the growth rate of the unstable mode at the saddle (1/time): |λ₋|/γ overdamped with
   * scalar friction, the positive eigenvalue of −Γ⁻¹H_s with a friction matrix, the κ > 0 of
   * det(κ²M + κΓ + H_s) = 0 with inertia, ω_u (Γ = 0) for harmonic TST.
   */
  readonly growthRate: number;
  /** ΔU = U(x_s) − U(x_a). */
  readonly deltaU: number;
  /** Noise intensity D = k_B T. */
  readonly D: number;
  /** Name of the theory in warnings (default 'Langer'). */
  readonly name?: string;
}

/** A Hessian eigenvalue this small against the largest is a zero mode (degenerate point). */
export const DEGENERATE_EIGENVALUE = 1e-8;

function degenerate(values: readonly number[]): boolean {
  const scale = Math.max(...values.map(Math.abs));
  return values.some((v) => Math.abs(v) <= DEGENERATE_EIGENVALUE * scale);
}

/** Why the harmonic N-D formula cannot be used at this minimum and saddle, or null. */
function inapplicable(input: LangerInput, name: string): string | null {
  const { wellEigenvalues: a, saddleEigenvalues: s } = input;
  if (a.length === 0 || a.length !== s.length) {
    return `${name} not applicable: the well and saddle Hessians have ${a.length} and ${s.length} eigenvalues`;
  }
  if (a.some((v) => !(v > 0)) || degenerate(a)) {
    return `${name} not applicable: the minimum's Hessian is not positive definite (eigenvalues ${a.map((v) => Number(v.toPrecision(4))).join(', ')}): a degenerate (soft) well has no harmonic partition function; use the exact route`;
  }
  const unstable = s.filter((v) => v < 0).length;
  if (unstable !== 1) {
    return `${name} not applicable: the saddle has ${unstable} unstable directions (Hessian eigenvalues ${s.map((v) => Number(v.toPrecision(4))).join(', ')}); the formula needs an index-1 saddle`;
  }
  if (degenerate(s)) {
    return `${name} not applicable: the saddle's Hessian is degenerate (an eigenvalue ≈ 0): the harmonic prefactor diverges; use the exact route`;
  }
  return null;
}

/**
 * The multidimensional rate of Langer (Ann. Phys. 54, 258, 1969; Hänggi, Talkner & Borkovec,
 * Rev. Mod. Phys. 62, 251, 1990, §IV.C), docs/conventions.md §5:
 *
 *   k = (κ/2π) √(det H_a / |det H_s|) e^{−ΔU/D},
 *
 * the product of the Hessian eigenvalues standing for each determinant. κ selects the dynamics
 * (see {@link LangerInput.growthRate}); in one coordinate it is Kramers' formula (overdamped) or
 * the spatial-diffusion rate (inertial). Leading order in D/ΔU: warns below ΔU/D = 5.
 *
 * @example
 * langerRate({ wellEigenvalues: [2, 1], saddleEigenvalues: [-1, 1], growthRate: 1, deltaU: 0.25, D: 0.05 }).rate;
 * // => 0.0015165709051696142 (√2/(2π) e^{−5}: the seed's Kramers rate, the y mode cancelling)
 */
export function langerRate(input: LangerInput): RateEstimate {
  const name = input.name ?? 'Langer';
  const deltaU = requireFinite('deltaU', input.deltaU, 'barrier height ΔU');
  const D = requirePositive('D', input.D, 'noise intensity k_B T');
  const why = inapplicable(input, name);
  if (why) return notApplicable(deltaU, D, why);
  const kappa = requirePositive('growthRate', input.growthRate, 'κ of the unstable mode');
  // ln √(det H_a/|det H_s|) as a sum of logs: products of n eigenvalues may overflow.
  let logRatio = 0;
  for (const v of input.wellEigenvalues) logRatio += 0.5 * Math.log(v);
  for (const v of input.saddleEigenvalues) logRatio -= 0.5 * Math.log(Math.abs(v));
  const prefactor = (kappa / (2 * Math.PI)) * Math.exp(logRatio);
  return activatedRate(prefactor, deltaU, D, barrierWarnings(deltaU, D));
}
