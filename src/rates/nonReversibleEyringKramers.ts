import { requireFinite } from '../core/index.js';
import { langerRate } from './langer.js';
import { notApplicable, type RateEstimate } from './rateEstimate.js';

export interface NonReversibleInput {
  /** The Hessian of U at the stable point, row by row (2×2). */
  readonly wellHessian: readonly number[];
  /** The Hessian of U at the saddle, row by row (2×2, one negative eigenvalue). */
  readonly saddleHessian: readonly number[];
  /** m of the antisymmetric M = [[0, m], [−m, 0]] in b = −(I + M)∇U. */
  readonly rotation: number;
  /** ΔU = U(saddle) − U(stable point). */
  readonly deltaU: number;
  readonly D: number;
}

function symmetricEigenvalues2(h: readonly number[]): [number, number] {
  const mean = 0.5 * (h[0]! + h[3]!);
  const radius = Math.hypot(0.5 * (h[0]! - h[3]!), h[1]!);
  return [mean - radius, mean + radius];
}

/**
 * μ_s, the positive eigenvalue of the linearised drift −(I + M)H_s at the saddle: with
 * A = −(I + M)H_s, μ_s = tr A/2 + √(tr²A/4 − det A); det A = (1 + m²) det H_s < 0 at an index-1
 * saddle, so the two eigenvalues are real and of opposite sign.
 */
export function unstableEigenvalueGibbs(
  saddleHessian: readonly number[],
  rotation: number,
): number {
  const [h11, h12, h21, h22] = saddleHessian as [number, number, number, number];
  const m = rotation;
  // A = −[[1, m], [−m, 1]]·H.
  const a11 = -(h11 + m * h21);
  const a12 = -(h12 + m * h22);
  const a21 = -(-m * h11 + h21);
  const a22 = -(-m * h12 + h22);
  const tr = a11 + a22;
  const det = a11 * a22 - a12 * a21;
  return tr / 2 + Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
}

/**
 * The Eyring–Kramers rate of a non-reversible drift that keeps the Gibbs density e^{−U/D},
 * b = −(I + M)∇U with M constant and antisymmetric (Bouchet & Reygner, Ann. Henri Poincaré 17,
 * 3499, 2016, eq. 1.8; Landim, Mariani & Seo 2019; Lee & Seo, Probab. Theory Relat. Fields 182,
 * 849, 2022, Thm 2.5):
 *
 *   k = (μ_s/2π) √(det H_m / |det H_s|) e^{−ΔU/D},
 *
 * μ_s the positive eigenvalue of −(I + M)H_s. The Hessians and ΔU are the reversible ones (the
 * rotation leaves the invariant density and the quasi-potential U unchanged); only μ_s grows. For
 * H_s = diag(−λ, λ), μ_s = λ√(1 + m²): the rotation speeds escape by √(1 + m²).
 *
 * @example
 * nonReversibleEyringKramersRate({ wellHessian: [2, 0, 0, 1], saddleHessian: [-1, 0, 0, 1], rotation: 1, deltaU: 0.25, D: 0.05 }).rate;
 * // => 0.0021447551423913096 (√2 times the reversible 0.0015165709051696142)
 */
export function nonReversibleEyringKramersRate(input: NonReversibleInput): RateEstimate {
  const m = requireFinite('rotation', input.rotation);
  const well = symmetricEigenvalues2(input.wellHessian);
  const saddle = symmetricEigenvalues2(input.saddleHessian);
  const mu = unstableEigenvalueGibbs(input.saddleHessian, m);
  if (!(mu > 0)) {
    return notApplicable(
      input.deltaU,
      input.D,
      'non-reversible Eyring–Kramers not applicable: the linearised drift at the saddle has no unstable direction',
    );
  }
  return langerRate({
    wellEigenvalues: well,
    saddleEigenvalues: saddle,
    growthRate: mu,
    deltaU: input.deltaU,
    D: input.D,
    name: 'non-reversible Eyring–Kramers',
  });
}
