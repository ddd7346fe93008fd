import { KramersError, type RetCode, requirePositive } from '../core/index.js';
import { requireLoadingRate, requireNu } from './bondParameters.js';
import { dhsIntegratedHazard, dhsLogRateUnchecked } from './dudkoHummerSzabo.js';

/** One measured rupture: the loading rate it was pulled at and the force it broke at. */
export interface RuptureObservation {
  readonly loadingRate: number;
  readonly force: number;
}

export interface DhsFitProblem {
  readonly observations: readonly RuptureObservation[];
  /** ν: 1/2 cusp, 2/3 linear-cubic (default), 1 Bell. */
  readonly nu?: number;
  /** k_B T in the energy unit of ΔG‡ (default 1: ΔG‡ in k_BT). */
  readonly D?: number;
}

export interface FittedValue {
  readonly value: number;
  /** One standard error from the observed information (delta method from ln-parameters). */
  readonly stdErr: number;
  /**
   * 95% profile-likelihood interval: where 2[ln L_max − max over the others of ln L] = 3.84
   * (Wilks). Asymmetric where the likelihood is; an end at 0 or Infinity means the data do not
   * bound the parameter on that side (ΔG‡ → ∞ is Bell's limit).
   */
  readonly profileCI95: [number, number];
}

export interface DhsFit {
  /** null for ν = 1: Bell's rate does not depend on ΔG‡. */
  readonly deltaG: FittedValue | null;
  readonly xb: FittedValue;
  readonly k0: FittedValue;
  readonly nu: number;
  readonly D: number;
  readonly logLikelihood: number;
  /** Covariance of (ln ΔG‡, ln x‡, ln k0) (without ln ΔG‡ for ν = 1): the inverse observed information. */
  readonly logCovariance: readonly (readonly number[])[];
  readonly observations: number;
  readonly loadingRates: readonly number[];
  readonly evaluations: number;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

const EULER_GAMMA = 0.5772156649015329;

/** −ln L of the DHS density (Dudko, Hummer & Szabo 2006) at θ = (ln ΔG‡, ln x‡, ln k0). */
function negativeLogLikelihood(
  theta: readonly number[],
  forces: Float64Array,
  rates: Float64Array,
  nu: number,
  D: number,
): number {
  const bond = { deltaG: Math.exp(theta[0]!), xb: Math.exp(theta[1]!), k0: Math.exp(theta[2]!), D };
  if (!Number.isFinite(bond.deltaG) || !Number.isFinite(bond.xb) || !Number.isFinite(bond.k0)) {
    return Number.POSITIVE_INFINITY;
  }
  let sum = 0;
  for (let i = 0; i < forces.length; i++) {
    const lk = dhsLogRateUnchecked(bond, nu, forces[i]!);
    if (!Number.isFinite(lk)) return Number.POSITIVE_INFINITY; // a rupture beyond F_c: impossible
    sum += lk - Math.log(rates[i]!) - dhsIntegratedHazard(bond, nu, rates[i]!, forces[i]!);
  }
  return Number.isFinite(sum) ? -sum : Number.POSITIVE_INFINITY;
}

/** Nelder–Mead simplex (Nelder & Mead 1965; Lagarias et al. 1998 coefficients). */
function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step: number,
  maxEvaluations: number,
  valueTolerance = 1e-11,
  spreadTolerance = 1e-9,
): { x: number[]; value: number; evaluations: number; converged: boolean } {
  const n = start.length;
  const simplex: { x: number[]; v: number }[] = [];
  let evaluations = 0;
  const F = (x: number[]) => {
    evaluations++;
    return f(x);
  };
  simplex.push({ x: [...start], v: F([...start]) });
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i]! += step;
    simplex.push({ x, v: F(x) });
  }
  let converged = false;
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    let spread = 0;
    for (const p of simplex)
      for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs(p.x[j]! - best.x[j]!));
    if (
      Math.abs(worst.v - best.v) < valueTolerance * (1 + Math.abs(best.v)) &&
      spread < spreadTolerance
    ) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = along(-1);
    const vr = F(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = F(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: reflected, v: vr };
      continue;
    }
    const contracted = vr < worst.v ? along(-0.5) : along(0.5);
    const vc = F(contracted);
    if (vc < Math.min(vr, worst.v)) {
      simplex[n] = { x: contracted, v: vc };
      continue;
    }
    for (let i = 1; i <= n; i++) {
      const x = simplex[i]!.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!));
      simplex[i] = { x, v: F(x) };
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evaluations, converged };
}

/** Inverse of a symmetric matrix by Cholesky; null when it is not positive definite. */
function inversePositiveDefinite(m: number[][]): number[][] | null {
  const n = m.length;
  const L = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / L[j]![j]!;
      }
    }
  }
  // inverse = L⁻ᵀ L⁻¹, column by column
  const inv = m.map(() => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= L[i]![k]! * y[k]!;
      y[i] = sum / L[i]![i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < n; k++) sum -= L[k]![i]! * inv[k]![c]!;
      inv[i]![c] = sum / L[i]![i]!;
    }
  }
  return inv;
}

/** Evaluations of −ln L, counted across the fit, the information matrix and the profiles. */
interface Tally {
  n: number;
}

/** Step 1: ν, k_BT and the observations as two arrays (loading rate and force of each). */
function requireObservations(problem: DhsFitProblem) {
  const nu = requireNu(problem.nu ?? 2 / 3);
  const D = requirePositive('D', problem.D ?? 1, 'k_B T');
  const obs = problem.observations;
  if (!Array.isArray(obs) || obs.length < 3) {
    throw new KramersError(
      'usage',
      'a fit of three parameters needs at least three rupture forces',
      {
        issues: [
          { path: 'observations', message: `got ${Array.isArray(obs) ? obs.length : 'none'}` },
        ],
      },
    );
  }
  const forces = new Float64Array(obs.length);
  const rates = new Float64Array(obs.length);
  obs.forEach((o, i) => {
    rates[i] = requireLoadingRate(o.loadingRate, `observations[${i}].loadingRate`);
    forces[i] = requirePositive(`observations[${i}].force`, o.force, 'rupture force');
  });
  return { nu, D, forces, rates };
}

/** Mean and spread of the forces at each distinct loading rate, against ln r. */
function groupsByRate(forces: Float64Array, rates: Float64Array, distinct: readonly number[]) {
  return distinct.map((r) => {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let i = 0; i < forces.length; i++) {
      if (rates[i] === r) {
        s += forces[i]!;
        s2 += forces[i]! ** 2;
        n++;
      }
    }
    return { lnr: Math.log(r), mean: s / n, sd: Math.sqrt(Math.max(s2 / n - (s / n) ** 2, 0)) };
  });
}

/**
 * Step 2, the Bell–Evans start: ⟨F⟩ ≈ (k_BT/x‡)[ln(r x‡/(k0 k_BT)) − γ_E], a line in ln r
 * (least squares over the rates; with one rate the slope from the Gumbel spread sd·√6/π).
 */
function bellEvansStart(
  forces: Float64Array,
  rates: Float64Array,
  distinct: readonly number[],
  D: number,
) {
  const groups = groupsByRate(forces, rates, distinct);
  const gumbelSlope = (groups[0]!.sd * Math.sqrt(6)) / Math.PI;
  let slope: number;
  let intercept: number;
  if (groups.length >= 2) {
    const mx = groups.reduce((t, g) => t + g.lnr, 0) / groups.length;
    const my = groups.reduce((t, g) => t + g.mean, 0) / groups.length;
    let sxy = 0;
    let sxx = 0;
    for (const g of groups) {
      sxy += (g.lnr - mx) * (g.mean - my);
      sxx += (g.lnr - mx) ** 2;
    }
    slope = sxy / sxx;
    intercept = my - slope * mx;
  } else {
    slope = gumbelSlope;
    intercept = groups[0]!.mean - slope * groups[0]!.lnr;
  }
  if (!(slope > 0)) slope = gumbelSlope || 1;
  const xb0 = D / slope;
  return { xb0, lnk0: Math.log(xb0 / D) - intercept / slope - EULER_GAMMA };
}

type Simplex = ReturnType<typeof nelderMead>;

/**
 * Step 3: the maximum of ln L by Nelder–Mead from starts with the barrier vanishing at 1.5, 3
 * and 10 times the largest force (DHS needs F < F_c), each restarted once from its optimum
 * (the simplex can stall on a flat valley). Bell (ν = 1) fits (ln x‡, ln k0) only.
 */
function maximise(
  f: (p: readonly number[]) => number,
  start: { readonly xb0: number; readonly lnk0: number; readonly maxForce: number },
  nu: number,
  D: number,
  tally: Tally,
): Simplex {
  const bell = nu === 1;
  const { xb0, lnk0, maxForce } = start;
  let best: Simplex | null = null;
  for (const margin of bell ? [1] : [1.5, 3, 10]) {
    const dG0 = Math.max(nu * xb0 * maxForce * margin, 2 * D);
    const from = bell ? [Math.log(xb0), lnk0] : [Math.log(dG0), Math.log(xb0), lnk0];
    let run = nelderMead(f, from, 0.3, 4000);
    tally.n += run.evaluations;
    const again = nelderMead(f, run.x, 0.05, 4000);
    tally.n += again.evaluations;
    if (again.value <= run.value) run = again;
    if (!best || run.value < best.value) best = run;
  }
  return best!;
}

/**
 * Step 4, the observed information: central differences of −ln L in the ln-parameters (step h;
 * the diagonal uses f(θ ± 2h), hence 4h² throughout).
 */
function observedInformation(
  f: (p: readonly number[]) => number,
  theta: readonly number[],
  tally: Tally,
): number[][] {
  const h = 1e-4;
  const m = theta.length;
  const H: number[][] = theta.map(() => new Array<number>(m).fill(0));
  const at = (di: number, si: number, dj: number, sj: number) => {
    const x = [...theta];
    x[di]! += si * h;
    x[dj]! += sj * h;
    tally.n++;
    return f(x);
  };
  const f0 = f(theta);
  for (let i = 0; i < m; i++) {
    H[i]![i] = (at(i, 1, i, 1) - 2 * f0 + at(i, -1, i, -1)) / (4 * h * h);
    for (let j = i + 1; j < m; j++) {
      H[i]![j] =
        (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[j]![i] = H[i]![j]!;
    }
  }
  return H;
}

/** χ²₁(0.95): the deviance at the ends of a 95% profile-likelihood interval (Wilks). */
const CHI2 = 3.841458820694124;

/**
 * Step 5, one end of the 95% profile-likelihood interval of parameter i: fix it at ln p,
 * maximise over the others (Nelder–Mead from the optimum), and find where the deviance reaches
 * χ²₁(0.95) by bisection after bracketing outwards (steps of ~1σ, or 0.1 in ln p without one).
 * 0 or Infinity when the data do not bound the parameter on that side.
 */
function profileEnd(
  f: (p: readonly number[]) => number,
  best: Simplex,
  cov: number[][] | null,
  i: number,
  direction: 1 | -1,
  tally: Tally,
): number {
  const theta = best.x;
  const deviance = (lnp: number): number => {
    const g = (q: readonly number[]) => {
      const x = [...q];
      x.splice(i, 0, lnp);
      return f(x);
    };
    // the deviance is needed to ~1e-4 only: a looser simplex than the fit's own
    const run = nelderMead(
      g,
      theta.filter((_, j) => j !== i),
      0.05,
      2000,
      1e-9,
      1e-6,
    );
    tally.n += run.evaluations;
    return 2 * (run.value - best.value);
  };
  const sigma = cov ? Math.sqrt(cov[i]![i]!) : Number.NaN;
  let step = Number.isFinite(sigma) && sigma > 0 ? Math.min(sigma, 2) : 0.1;
  let inside = theta[i]!;
  let outside = Number.NaN;
  for (let k = 0; k < 40; k++) {
    const trial = inside + direction * step;
    if (deviance(trial) >= CHI2) {
      outside = trial;
      break;
    }
    inside = trial;
    step *= 2;
    if (Math.abs(inside - theta[i]!) > 50) break; // e^50: unbounded on this side
  }
  if (Number.isNaN(outside)) return direction > 0 ? Number.POSITIVE_INFINITY : 0;
  for (let k = 0; k < 30 && Math.abs(outside - inside) > 2e-3; k++) {
    const mid = 0.5 * (inside + outside);
    if (deviance(mid) >= CHI2) outside = mid;
    else inside = mid;
  }
  return Math.exp(0.5 * (inside + outside));
}

/** Doubts about the fitted ΔG‡: barely identifiable against Bell, or too low for DHS. */
function barrierWarnings(deltaG: FittedValue | null, cov: number[][] | null, D: number): string[] {
  const warnings: string[] = [];
  if (deltaG && cov && Math.sqrt(cov[0]![0]!) > 0.5) {
    warnings.push(
      `ΔG‡ is poorly determined (relative error ${(deltaG.stdErr / deltaG.value).toPrecision(2)}): as ΔG‡ → ∞ DHS tends to Bell's rate, and these forces barely show the curvature of ⟨F⟩ against ln r that separates them; pull over more decades of r or at faster rates`,
    );
  }
  if (deltaG && deltaG.value / D < 5) {
    warnings.push(
      `fitted ΔG‡ = ${(deltaG.value / D).toPrecision(3)} k_BT < 5: DHS is a high-barrier theory; treat the fit with care`,
    );
  }
  return warnings;
}

/**
 * Maximum-likelihood fit of ΔG‡, x‡ and k0 to rupture forces measured at several loading rates,
 * with the Dudko–Hummer–Szabo density p(F) = (k(F)/r) exp(−∫0^F k/r) for a chosen ν (Dudko,
 * Hummer & Szabo, PRL 2006 and PNAS 2008 fit this way). The likelihood is the product of p over
 * all forces, each at its own r (closed form, so the fit is exact to rounding); it is maximised
 * over (ln ΔG‡, ln x‡, ln k0) by Nelder–Mead from a Bell–Evans start (⟨F⟩ linear in ln r), and
 * the standard errors come from the observed information (the numerical Hessian of −ln L at the
 * optimum, inverted), mapped to the parameters by the delta method, with 95% profile-likelihood
 * intervals beside them (asymmetric, and open-ended where the data do not bound a parameter).
 * The standard errors are asymptotic: trust
 * them for tens of forces per rate and several decades of r; with one rate ΔG‡ is barely
 * identifiable (large errors say so).
 */
export function fitDhs(problem: DhsFitProblem): DhsFit {
  const { nu, D, forces, rates } = requireObservations(problem);
  const distinct = [...new Set(Array.from(rates))].sort((a, b) => a - b);
  const warnings: string[] = [];
  if (distinct.length < 2) {
    warnings.push(
      'one loading rate only: ΔG‡ and x‡ are nearly degenerate (see their errors); pull at several rates',
    );
  }
  const start = {
    ...bellEvansStart(forces, rates, distinct, D),
    maxForce: forces.reduce((m, f) => Math.max(m, f), 0),
  };
  // Bell (ν = 1) has no ΔG‡ in its rate: it fits (ln x‡, ln k0) only.
  const bell = nu === 1;
  const full = (p: readonly number[]) => (bell ? [0, p[0]!, p[1]!] : p);
  const f = (p: readonly number[]) => negativeLogLikelihood(full(p), forces, rates, nu, D);
  const tally: Tally = { n: 0 };
  const best = maximise(f, start, nu, D, tally);
  const theta = best.x;
  const H = observedInformation(f, theta, tally);
  const cov = inversePositiveDefinite(H);
  let retcode: RetCode = best.converged ? 'success' : 'not_converged';
  if (!best.converged) warnings.push('the simplex did not converge within its evaluation budget');
  if (!cov) {
    retcode = 'not_converged';
    warnings.push(
      'the observed information is not positive definite: the parameters are not identifiable from these data',
    );
  }
  const value = (i: number): FittedValue => ({
    value: Math.exp(theta[i]!),
    stdErr: Math.exp(theta[i]!) * (cov ? Math.sqrt(cov[i]![i]!) : Number.NaN),
    profileCI95: [profileEnd(f, best, cov, i, -1, tally), profileEnd(f, best, cov, i, 1, tally)],
  });
  const deltaG = bell ? null : value(0);
  const xb = value(bell ? 0 : 1);
  const k0 = value(bell ? 1 : 2);
  warnings.push(...barrierWarnings(deltaG, cov, D));
  return {
    deltaG,
    xb,
    k0,
    nu,
    D,
    logLikelihood: -best.value,
    logCovariance: cov ?? H.map((row) => row.map(() => Number.NaN)),
    observations: forces.length,
    loadingRates: distinct,
    evaluations: tally.n,
    retcode,
    warnings,
  };
}
