import { KramersError } from '../core/index.js';

/** Input of the two-state (McNamara–Wiesenfeld) theory of a weakly driven bistable system. */
export interface TwoStateProblem {
  /** Well bottoms x₁ < x₂ and the barrier top x_s between them. */
  readonly x1: number;
  readonly x2: number;
  readonly xs: number;
  /** Escape rates k₁₂ (1 → 2) and k₂₁ of the undriven landscape. */
  readonly k12: number;
  readonly k21: number;
  /** Drive coupling φ at x₁, x_s, x₂: the drive is −A φ(x) cos Ωt (φ = x: a rocking force). */
  readonly phi1: number;
  readonly phis: number;
  readonly phi2: number;
  /** Noise intensity D = k_B T. */
  readonly D: number;
  /** Drive angular frequency Ω. */
  readonly omega: number;
}

export interface TwoStateResponse {
  /** Spectral amplification η = (amplitude of ⟨x⟩ at Ω / A)². */
  readonly amplification: number;
  /** One-sided noise PSD of x at Ω per unit angular frequency (∫₀^∞ S dω = Var x). */
  readonly noisePsd: number;
  /** (A²η/2)/S(Ω) for drive amplitude A = 1: multiply by A² (weak-drive, linear order). */
  readonly snrPerAmplitudeSquared: number;
}

/**
 * Linear response of a two-state hopping process to the drive −A φ(x) cos Ωt (McNamara &
 * Wiesenfeld, Phys. Rev. A 39, 4854 (1989); Gammaitoni, Hänggi, Jung & Marchesoni, Rev. Mod.
 * Phys. 70, 223 (1998), §III). The drive modulates each barrier, k₁₂(t) = k₁₂ e^{A(φ_s−φ₁)cos Ωt/D}
 * (and k₂₁ likewise); linearising the master equation with K = k₁₂ + k₂₁ gives the amplitude of
 * ⟨x⟩ at Ω
 *   a = A |x₂ − x₁| |φ₂ − φ₁| k₁₂k₂₁ / (D K √(K² + Ω²)),
 * so η = (a/A)², and the unperturbed telegraph noise has the one-sided PSD
 *   S(ω) = (x₂ − x₁)² n₁n₂ · 2K / (π (K² + ω²)),  n₁ = k₂₁/K, n₂ = k₁₂/K.
 * For a symmetric double well (k₁₂ = k₂₁ = r, x₂ = −x₁ = x_m, φ = x) this is the classic
 * η = (x_m²/D)² 4r²/(4r² + Ω²). SNR here is (a²/2)/S(Ω): mean-square signal over the one-sided
 * PSD per angular frequency; for the symmetric well SNR = π A² x_m² r / (2D²), which is
 * McNamara–Wiesenfeld's π(A x_m/D)² r up to the PSD normalisation (a constant factor).
 *
 * Validity: weak drive (A|φ₂ − φ₁| ≪ D), slow drive (Ω ≪ intrawell relaxation rate U″/γ), and
 * the rates' own accuracy; intrawell motion is neglected, so η is underestimated at high D.
 *
 * @example
 * // Symmetric double well x⁴/4 − x²/2 at D = 0.1 with a rate r = 0.01, Ω = 0.02:
 * twoStateResponse({ x1: -1, x2: 1, xs: 0, k12: 0.01, k21: 0.01, phi1: -1, phis: 0, phi2: 1,
 *   D: 0.1, omega: 0.02 }).amplification
 * // => 50
 */
export function twoStateResponse(p: TwoStateProblem): TwoStateResponse {
  for (const [name, value] of Object.entries(p)) {
    if (!Number.isFinite(value)) {
      throw new KramersError('invalid_parameter', `${name} must be finite; got ${value}`, {
        issues: [{ path: name, message: 'not finite' }],
      });
    }
  }
  if (!(p.D > 0)) throw new KramersError('invalid_parameter', `D must be positive; got ${p.D}`);
  if (!(p.k12 > 0 && p.k21 > 0)) {
    throw new KramersError('invalid_parameter', 'the two-state rates must be positive');
  }
  const K = p.k12 + p.k21;
  const dx = Math.abs(p.x2 - p.x1);
  const dphi = Math.abs(p.phi2 - p.phi1);
  const a = (dx * dphi * p.k12 * p.k21) / (p.D * K * Math.hypot(K, p.omega));
  const n1 = p.k21 / K;
  const n2 = p.k12 / K;
  const noisePsd = (dx * dx * n1 * n2 * 2 * K) / (Math.PI * (K * K + p.omega * p.omega));
  return {
    amplification: a * a,
    noisePsd,
    snrPerAmplitudeSquared: (a * a) / 2 / noisePsd,
  };
}
