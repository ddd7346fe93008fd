import { KramersError } from '../core/index.js';

/** The slowest Fokker–Planck modes on a grid (plain data, e.g. from `smoluchowskiSpectrum`). */
export interface FokkerPlanckModes {
  /** Ascending eigenvalues, λ₀ = 0 first (both ends reflecting or natural). */
  readonly eigenvalues: readonly number[];
  /** Backward eigenfunctions φ_n on `x` (any normalisation). */
  readonly eigenfunctions: readonly Float64Array[];
  readonly x: Float64Array;
  /** Equilibrium density on `x`, ∫ρ dx = 1. */
  readonly equilibriumDensity: Float64Array;
}

export interface LinearResponse {
  /** χ(Ω) = Re + i Im: ⟨x⟩ responds to −A φ cos Ωt as A·Re[χ e^{−iΩt}]. */
  readonly susceptibility: { readonly re: number; readonly im: number };
  /** η = |χ(Ω)|². */
  readonly amplification: number;
  /** One-sided noise PSD of x at Ω per unit angular frequency (∫₀^∞ S dω = Var x). */
  readonly noisePsd: number;
  /** (η/2)/S(Ω) per unit A²: mean-square signal over noise PSD, weak-drive order. */
  readonly snrPerAmplitudeSquared: number;
  /** |Var x − Σ_n ⟨xφ_n⟩²| over the modes used: the sum-rule residual (modes left out, rounding). */
  readonly missingWeight: number;
  /**
   * Bound on |Δχ|, the error of the susceptibility χ(Ω) from the modes left out (Cauchy–Schwarz on
   * the sum-rule remainders). Not the error of η: see `amplificationTruncationError`.
   */
  readonly truncationError: number;
  /**
   * Bound on |Δη|, the error of the amplification η = |χ|² from the same modes:
   * ||χ + δ|² − |χ|²| ≤ 2|χ|·b + b² for |δ| ≤ b = `truncationError`. Where |χ| ≫ 1 (low noise,
   * slow drive) it is far larger than b.
   */
  readonly amplificationTruncationError: number;
  /** Static limit χ(0) = Cov(x, φ)/D (fluctuation–dissipation), by quadrature. */
  readonly staticSusceptibility: number;
}

function trapezoid(x: Float64Array, f: (i: number) => number): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i]! - x[i - 1]!) * (f(i) + f(i - 1));
  return s;
}

/**
 * Linear response of ⟨x⟩ to the drive −A φ(x) cos Ωt from the Fokker–Planck spectrum (Risken,
 * The Fokker–Planck Equation, 1989, §7.5; Jung & Hänggi, Phys. Rev. A 44, 8032 (1991)):
 *   χ(Ω) = (1/D) Σ_{n≥1} ⟨x φ_n⟩⟨φ φ_n⟩ λ_n/(λ_n − iΩ),
 * with φ_n the backward eigenfunctions normalised ⟨φ_n²⟩ = 1 (⟨·⟩ the equilibrium average), and
 * the unperturbed noise PSD S(ω) = (1/π) Σ_n ⟨x φ_n⟩² 2λ_n/(λ_n² + ω²). Exact to linear order
 * in A for every Ω and D (intrawell modes included), unlike the two-state picture. Modes left out
 * are bounded through the sum rule Σ_n ⟨x φ_n⟩² = Var x.
 *
 * @throws KramersError if the modes are not a reflecting spectrum (λ₀ ≠ 0) or sizes disagree.
 */
export function linearResponse(
  modes: FokkerPlanckModes,
  coupling: Float64Array,
  D: number,
  omega: number,
): LinearResponse {
  const { x, equilibriumDensity: rho, eigenvalues, eigenfunctions } = modes;
  const n = x.length;
  if (rho.length !== n || coupling.length !== n || eigenfunctions.some((f) => f.length !== n)) {
    throw new KramersError('invalid_parameter', 'modes, density and coupling must share the grid');
  }
  if (!(Math.abs(eigenvalues[0] ?? 1) <= 1e-12 * Math.max(1, Math.abs(eigenvalues[1] ?? 1)))) {
    throw new KramersError(
      'invalid_parameter',
      'linear response needs the equilibrium mode λ₀ = 0 (reflecting or natural boundaries)',
    );
  }
  if (!(D > 0) || !(omega >= 0)) {
    throw new KramersError('invalid_parameter', 'D must be positive and Ω non-negative');
  }
  const mean = (f: (i: number) => number) => trapezoid(x, (i) => rho[i]! * f(i));
  const xMean = mean((i) => x[i]!);
  const phiMean = mean((i) => coupling[i]!);
  const varX = mean((i) => (x[i]! - xMean) ** 2);
  const varPhi = mean((i) => (coupling[i]! - phiMean) ** 2);
  const covXPhi = mean((i) => (x[i]! - xMean) * (coupling[i]! - phiMean));
  let re = 0;
  let im = 0;
  let psd = 0;
  let weightX = 0;
  let weightPhi = 0;
  for (let k = 1; k < eigenvalues.length; k++) {
    const f = eigenfunctions[k]!;
    const lambda = eigenvalues[k]!;
    const norm = Math.sqrt(mean((i) => f[i]! * f[i]!));
    const cx = mean((i) => x[i]! * f[i]!) / norm;
    const cphi = mean((i) => coupling[i]! * f[i]!) / norm;
    // λ/(λ − iΩ) = λ(λ + iΩ)/(λ² + Ω²).
    const d = lambda * lambda + omega * omega;
    re += (cx * cphi * lambda * lambda) / d;
    im += (cx * cphi * lambda * omega) / d;
    psd += (cx * cx * 2 * lambda) / d;
    weightX += cx * cx;
    weightPhi += cphi * cphi;
  }
  re /= D;
  im /= D;
  const amplification = re * re + im * im;
  const noisePsd = psd / Math.PI;
  const missingX = Math.abs(varX - weightX);
  const missingPhi = Math.abs(varPhi - weightPhi);
  // Cauchy–Schwarz over the modes left out: |Σ' c_x c_φ λ/(λ−iΩ)| ≤ √(Σ'c_x² Σ'c_φ²), since
  // |λ/(λ−iΩ)| ≤ 1.
  const chiBound = Math.sqrt(missingX * missingPhi) / D;
  return {
    susceptibility: { re, im },
    amplification,
    noisePsd,
    snrPerAmplitudeSquared: amplification / 2 / noisePsd,
    missingWeight: missingX,
    truncationError: chiBound,
    amplificationTruncationError: 2 * Math.sqrt(amplification) * chiBound + chiBound * chiBound,
    staticSusceptibility: covXPhi / D,
  };
}
