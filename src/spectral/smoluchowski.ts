import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireFinite,
  requirePositive,
} from '../core/index.js';
import {
  type ChainFactor,
  eigenvalueByBisection,
  eigenvectorOrthogonalTo,
  factorChain,
  lowestMode,
} from './birthDeath.js';
import { twoStateGapWarnings } from './separationWarnings.js';

/** How the process behaves at an end of the domain. */
export type BoundaryCondition = 'reflecting' | 'absorbing';

/**
 * Input of smoluchowskiSpectrum: γ dx = −U′ dt + √(2γD) dW on an interval (docs/conventions.md §0).
 */
export interface SpectrumProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy, same units as U). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity); default 1. Every eigenvalue scales as 1/γ. */
  readonly gamma?: number;
  /** Eigenvalues wanted, λ0 included (2 to 50); default 5. */
  readonly n?: number;
  /** Walls at these positions (reflecting unless `boundaries` says absorbing). */
  readonly domain?: { readonly min: number; readonly max: number };
  /**
   * Natural boundaries: an interval containing every stationary point of U. A reflecting side is
   * moved outward until the Boltzmann weight e^{−(U−U_min)/D} < 1e-25; an absorbing side stays at
   * this end.
   */
  readonly searchDomain?: { readonly min: number; readonly max: number };
  /** Per side; default reflecting. An absorbing end is a Dirichlet sink (P = 0 there). */
  readonly boundaries?: { readonly left?: BoundaryCondition; readonly right?: BoundaryCondition };
  /** Relative accuracy wanted for λ1 (the slowest non-zero rate); default 1e-8. */
  readonly tolerance?: number;
  /**
   * Also return the modes of the grid one level coarser (`coarser`), so that a quantity built from
   * the eigenfunctions can take its change between the two grids as its discretisation error.
   */
  readonly coarserModes?: boolean;
}

/** The modes of one grid level: its own eigenvalues (λ0 = 0 first when both ends reflect). */
export interface GridModes {
  readonly eigenvalues: readonly number[];
  readonly x: Float64Array;
  readonly eigenfunctions: readonly Float64Array[];
  readonly equilibriumDensity: Float64Array;
}

/** Output of smoluchowskiSpectrum: the slowest modes of the Smoluchowski operator. */
export interface Spectrum {
  /**
   * Ascending decay rates (1/time). With both ends reflecting eigenvalues[0] = 0 (equilibrium)
   * and eigenvalues[1] = λ1, the population relaxation rate; with an absorbing end there is no
   * zero mode and eigenvalues[0] is the slowest decay rate (the escape rate out of a metastable
   * well).
   */
  readonly eigenvalues: number[];
  /** Absolute error estimates of `eigenvalues` (Richardson level differences and rounding). */
  readonly errors: number[];
  /** Ratio of the second to the first non-zero eigenvalue: a single rate needs gap ≫ 1. */
  readonly gap: number;
  /** Grid positions of the finest level (absorbing walls included, where every mode is 0). */
  readonly x: Float64Array;
  /**
   * Backward eigenfunctions φ_k on `x` (L†φ_k = −λ_k φ_k; φ_0 = 1 when both ends reflect),
   * scaled to max |φ_k| = 1 and signed so that φ_k is positive at the left end (at the first
   * grid point where |φ_k| ≥ 1e-3).
   */
  readonly eigenfunctions: Float64Array[];
  /** e^{−(U−U_min)/D} normalised to ∫ρ dx = 1 over the domain (quasi-stationary if absorbing). */
  readonly equilibriumDensity: Float64Array;
  /** Points of the finest grid. */
  readonly gridPoints: number;
  /**
   * With `coarserModes`: the modes on the grid one level coarser (spacing 2h), each with that
   * grid's own (not extrapolated) eigenvalue. The grid is second order, so a quantity's change
   * from this grid to the finest is about three times the finest grid's own error in it.
   */
  readonly coarser?: GridModes;
  readonly retcode: RetCode;
  readonly warnings: string[];
}

/** ln 1e25: a natural boundary is placed where the Boltzmann weight falls below 1e-25. */
const NATURAL_CUTOFF = 25 * Math.LN10;
/** Cap on the finest grid (2^17 nodes): beyond it the accuracy target is reported as missed. */
export const MAX_GRID_POINTS = 2 ** 17;
/** Cells per local length scale on the coarsest level. */
const CELLS_PER_SCALE = 0.25;
const MIN_CELLS = 32;

function invalid(path: string, message: string, hint?: string): KramersError {
  return new KramersError('invalid_parameter', message, {
    issues: [{ path, message }],
    ...(hint ? { hint } : {}),
  });
}

function checkInterval(name: string, d: { min: number; max: number } | undefined) {
  if (d === undefined) return undefined;
  if (typeof d !== 'object' || d === null || !Number.isFinite(d.min) || !Number.isFinite(d.max)) {
    throw new KramersError('invalid_domain', `${name} ends must be finite numbers`, {
      issues: [{ path: name, message: 'non-finite end' }],
    });
  }
  if (!(d.max > d.min)) {
    throw new KramersError(
      'invalid_domain',
      `${name} ${d.min}:${d.max} is ${d.max === d.min ? 'empty' : 'inverted'}: need min < max`,
      { issues: [{ path: name, message: d.max === d.min ? 'empty' : 'inverted' }] },
    );
  }
  return { min: d.min, max: d.max };
}

function checkBoundary(side: 'left' | 'right', value: unknown): BoundaryCondition {
  if (value === undefined || value === 'reflecting') return 'reflecting';
  if (value === 'absorbing') return 'absorbing';
  throw invalid(
    `boundaries.${side}`,
    `boundaries.${side} must be 'reflecting' or 'absorbing'; got ${String(value)}`,
  );
}

function evaluate(potential: Potential1D, x: number): number {
  const u = potential.U(x);
  if (!Number.isFinite(u)) {
    throw new KramersError(
      'not_finite',
      `U(${x}) = ${u}: the potential must be finite on the domain`,
      {
        issues: [{ path: 'potential', message: `not finite at x = ${x}` }],
        hint: 'choose a domain on which U is defined and finite',
      },
    );
  }
  return u;
}

/**
 * Moves a reflecting end outward from `start` until e^{−(U−U_min)/D} < 1e-25 with U rising
 * outward. Throws if U keeps falling (no stationary density exists on that side).
 */
function naturalEnd(
  potential: Potential1D,
  D: number,
  start: number,
  direction: -1 | 1,
  width: number,
  uMin: { value: number },
): number {
  let x = start;
  let step = width / 64;
  let u = evaluate(potential, x);
  for (let i = 1; i <= 2000; i++) {
    const next = x + direction * step;
    const uNext = potential.U(next);
    if (!Number.isFinite(uNext) || !Number.isFinite(next)) break;
    if (uNext < uMin.value) uMin.value = uNext;
    if ((uNext - uMin.value) / D >= NATURAL_CUTOFF && uNext >= u) return next;
    x = next;
    u = uNext;
    if (i % 32 === 0) step *= 2; // reach far ends geometrically
  }
  const side = direction < 0 ? 'left' : 'right';
  throw new KramersError(
    'unbounded_below',
    `U does not rise on the ${side} (searched to x = ${x}): there is no stationary density with a natural boundary there`,
    {
      issues: [{ path: 'searchDomain', message: `U unbounded below or not finite on the ${side}` }],
      hint: `give an explicit domain (a reflecting wall) or boundaries: { ${side}: 'absorbing' } for escape to ${direction < 0 ? '−∞' : '+∞'}`,
    },
  );
}

/** The smallest local length scale D/(|U′| + √(D|U″|)) of e^{−U/D} over [a, b]. */
function localScale(potential: Potential1D, D: number, a: number, b: number): number {
  let scale = Number.POSITIVE_INFINITY;
  const samples = 4096;
  for (let i = 0; i <= samples; i++) {
    const x = a + ((b - a) * i) / samples;
    const d1 = potential.dU(x);
    const d2 = potential.d2U(x);
    if (!Number.isFinite(d1) || !Number.isFinite(d2)) {
      throw new KramersError('not_finite', `U′ or U″ is not finite at x = ${x}`, {
        issues: [{ path: 'potential', message: `derivative not finite at x = ${x}` }],
      });
    }
    const s = D / (Math.abs(d1) + Math.sqrt(D * Math.abs(d2)) + 1e-300);
    if (s < scale) scale = s;
  }
  return scale;
}

/** One grid level: the square-root approximation of L on uniform cells. */
interface Level {
  h: number;
  /** Positions including absorbing walls (cemetery nodes). */
  x: Float64Array;
  u: Float64Array;
  /** Chain whose eigenvalues are the non-zero eigenvalues of −L on this grid. */
  factor: ChainFactor;
  eigenvalues: number[];
}

interface Layout {
  a: number;
  b: number;
  left: BoundaryCondition;
  right: BoundaryCondition;
  D: number;
  gamma: number;
}

/**
 * Square-root approximation (Lie, Fackeldey & Weber, SIAM J. Matrix Anal. Appl. 2013): hop
 * rates a_i = κ e^{−(U_{i+1}−U_i)/(2D)} (i → i+1), b_i = κ e^{+(U_{i+1}−U_i)/(2D)} (i+1 → i),
 * κ = D/(γh²), in detailed balance with π_i ∝ e^{−U_i/D}. A reflecting wall sits on a cell face
 * (first node h/2 inside: the mirror image makes the scheme O(h²) with an even error expansion);
 * an absorbing wall is a node with P = 0 (a cemetery with π = 0).
 *
 * The generator is −Π^{−1/2} BᵀB Π^{1/2} with B (edges × nodes) holding −√a_i, +√b_i on edge row i;
 * its non-zero spectrum is that of the partner BBᵀ: tridiagonal, diagonal a_i + b_i, off-diagonal
 * −√(b_i a_{i+1}), itself a symmetrised birth-death chain on the edges (the discrete supersymmetric
 * partner of Bernstein & Brown, PRL 1984). With both ends absorbing BBᵀ has a zero mode, so the
 * node matrix BᵀB (a chain with killing at both ends) is used instead.
 */
function buildLevel(potential: Potential1D, layout: Layout, cells2: number): Level {
  const { a, b, left, right, D, gamma } = layout;
  const sL = left === 'absorbing' ? 1 : 0.5;
  const sR = right === 'absorbing' ? 1 : 0.5;
  // cells2 = 2 (b − a)/h; the real nodes are a + (sL + i) h, i = 0 … N − 1.
  const h = (2 * (b - a)) / cells2;
  const nReal = Math.round(cells2 / 2 + 1 - sL - sR);
  const extraL = left === 'absorbing' ? 1 : 0;
  const extraR = right === 'absorbing' ? 1 : 0;
  const nExt = nReal + extraL + extraR;
  const x = new Float64Array(nExt);
  const u = new Float64Array(nExt);
  for (let i = 0; i < nReal; i++) x[i + extraL] = a + (sL + i) * h;
  if (extraL) x[0] = a;
  if (extraR) x[nExt - 1] = b;
  for (let i = 0; i < nExt; i++) u[i] = evaluate(potential, x[i]!);
  const kappa = D / (gamma * h * h);
  const both = extraL === 1 && extraR === 1;
  let toLeft: Float64Array;
  let toRight: Float64Array;
  if (!both) {
    // Partner chain on the edges e = (e, e+1) of the extended node list.
    const m = nExt - 1;
    toLeft = new Float64Array(m);
    toRight = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      const half = (u[e + 1]! - u[e]!) / (2 * D);
      toLeft[e] = extraL && e === 0 ? 0 : kappa * Math.exp(-half);
      toRight[e] = extraR && e === m - 1 ? 0 : kappa * Math.exp(half);
    }
  } else {
    // Node chain on the real nodes 1 … nExt − 2: left hop b_{j−1}, right hop a_j.
    const m = nReal;
    toLeft = new Float64Array(m);
    toRight = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const node = j + 1;
      toLeft[j] = kappa * Math.exp((u[node]! - u[node - 1]!) / (2 * D));
      toRight[j] = kappa * Math.exp(-(u[node + 1]! - u[node]!) / (2 * D));
    }
  }
  const factor = factorChain(toLeft, toRight);
  if (factor === null) {
    throw new KramersError(
      'not_finite',
      `the potential changes by more than ~1400 D across one grid cell (h = ${h}); the discretisation overflows`,
      {
        issues: [{ path: 'potential', message: 'too steep for the grid' }],
        hint: 'use a smaller domain or a larger D',
      },
    );
  }
  return { h, x, u, factor, eigenvalues: [] };
}

/**
 * Eigenvalues 0 … count−1 of the level's chain, each to relative accuracy `relTol` by bisection
 * on Sturm counts (λ of index 0 by positive inverse iteration, then certified by bisection).
 */
function levelEigenvalues(
  level: Level,
  count: number,
  guesses: number[],
  relTol: number,
): number[] {
  const f = level.factor;
  const out: number[] = [];
  const lowest = lowestMode(f).value;
  // ρ ≥ λ_min always; bisection from [ρ(1 − 1e-9), ρ(1 + 1e-12)] (widened if needed) certifies it.
  out.push(eigenvalueByBisection(f, 0, lowest * (1 - 1e-9), lowest * (1 + 1e-12), relTol));
  for (let k = 1; k < count; k++) {
    const prev = out[k - 1]!;
    const guess = guesses[k];
    const lo = guess !== undefined && guess > prev ? Math.max(prev, guess * 0.9) : prev;
    const hi = guess !== undefined && guess > prev ? guess * 1.1 : prev * 2;
    out.push(eigenvalueByBisection(f, k, lo, hi, relTol));
  }
  return out;
}

/** Neville extrapolation to h² → 0 of values v_j at t_j = h_j². */
function extrapolate(t: number[], v: number[]): number {
  const p = v.slice();
  const n = p.length;
  for (let k = 1; k < n; k++) {
    for (let i = n - 1; i >= k; i--) {
      p[i] = p[i]! + ((p[i]! - p[i - 1]!) * t[i]!) / (t[i - k]! - t[i]!);
    }
  }
  return p[n - 1]!;
}

/**
 * Extrapolated value and error estimate from the last (up to) three levels: the spread is the
 * difference between the three-level and the two-level extrapolant (an estimate of the error of
 * the latter, so conservative for the former); rounding is 16√m ε |λ| (pivots and Sturm counts
 * carry O(ε) relative errors per step, accumulating like a random walk).
 */
function richardson(levels: Level[], k: number) {
  const use = levels.slice(-3);
  const t = use.map((l) => l.h * l.h);
  const v = use.map((l) => l.eigenvalues[k]!);
  if (use.length === 1) return { value: v[0]!, error: Math.abs(v[0]!), spread: Math.abs(v[0]!) };
  const best = extrapolate(t, v);
  const next = extrapolate(t.slice(-2), v.slice(-2));
  const m = use[use.length - 1]!.factor.m;
  const rounding = 16 * Math.sqrt(m) * Number.EPSILON * Math.abs(best);
  // Two levels only: the difference to the finest unextrapolated value bounds the error.
  const spread = use.length === 2 ? Math.abs(best - v[1]!) : Math.abs(best - next);
  return { value: best, error: spread + rounding, spread };
}

/**
 * Two eigenvalues closer than their discretisation error can swap order between grid levels
 * (an avoided crossing, e.g. a mode inside a metastable well and one on the sink side of its
 * barrier): extrapolating each index then mixes the two branches. Such pairs are detected by
 * a relative gap that changes between levels by more than a tenth of its size (pairs degenerate
 * to rounding on every level, like the intrawell modes of a symmetric double well, extrapolate
 * the same either way and are left alone). Their errors are widened to cover the pair's spread.
 * Chain index k is λ_{k+1} (the (k+1)-th non-zero decay rate) in the warning.
 */
function widenNearDegenerate(
  levels: Level[],
  values: number[],
  errors: number[],
  warnings: string[],
) {
  const use = levels.slice(-3);
  const fine = use[use.length - 1]!.eigenvalues;
  const coarse = use[use.length - 2]!.eigenvalues;
  for (let k = 0; k + 1 < values.length; k++) {
    const gaps = use.map((l) => (l.eigenvalues[k + 1]! - l.eigenvalues[k]!) / l.eigenvalues[k]!);
    if (Math.max(...gaps) < 1e-11) continue;
    let change = 0;
    for (let j = 1; j < gaps.length; j++)
      change = Math.max(change, Math.abs(gaps[j]! - gaps[j - 1]!));
    if (!(Math.min(...gaps) < 10 * change)) continue;
    const spread = fine[k + 1]! - fine[k]!;
    for (const i of [k, k + 1]) {
      const bound = Math.abs(values[i]! - fine[i]!) + Math.abs(fine[i]! - coarse[i]!) + spread;
      errors[i] = Math.max(errors[i]!, errors[i]! + bound);
    }
    warnings.push(
      `λ${k + 1} and λ${k + 2} are nearly degenerate (relative gap ${gaps[gaps.length - 1]!.toExponential(1)}): grid extrapolation may mix them, so their error estimates are widened`,
    );
  }
}

/** Beyond this exponent (U − U_min)/(4D) the eigenfunction is held flat (see below). */
const TAIL_EXPONENT = 12;

/**
 * The grid nodes of the outermost wells: the first node where U stops falling from the left end
 * and the last where it stops falling from the right (the tails are outside them).
 */
function wellSpan(u: Float64Array): [number, number] {
  let first = 0;
  while (first < u.length - 1 && u[first + 1]! < u[first]!) first++;
  let last = u.length - 1;
  while (last > 0 && u[last - 1]! < u[last]!) last--;
  return [first, Math.max(first, last)];
}

/** φ on the extended grid from the level's chain eigenvector (see buildLevel for the maps). */
function backwardEigenfunction(level: Level, layout: Layout, vector: Float64Array, uMin: number) {
  const { left, right, D } = layout;
  const { u } = level;
  const n = u.length;
  const phi = new Float64Array(n);
  const extraL = left === 'absorbing' ? 1 : 0;
  const extraR = right === 'absorbing' ? 1 : 0;
  // A product v·e^{E} is formed as e^{ln|v| + E}: the factor Π^{∓1/2} never appears alone.
  const scaled = (v: number, exponent: number) =>
    v === 0 ? 0 : Math.sign(v) * Math.exp(Math.log(Math.abs(v)) + exponent);
  if (extraL && extraR) {
    // Node chain: u = Π^{1/2} φ.
    for (let j = 1; j < n - 1; j++) phi[j] = scaled(vector[j - 1]!, (u[j]! - uMin) / (2 * D));
  } else {
    // Partner vector v_e = √(c_e/λ)(φ_{e+1} − φ_e), c_e ∝ e^{−(U_e + U_{e+1} − 2U_min)/(2D)}.
    const [first, last] = wellSpan(u);
    for (let e = 0; e < n - 1; e++) {
      // Where the equilibrium weight is below e^{−4·TAIL_EXPONENT} ≈ 1e-21 the partner vector holds
      // only rounding noise, which e^{exponent} would amplify past the signal (seen: φ ~ 1e165 in
      // the tails of x⁶ − 2x⁴ + x² at D = 0.02); the true φ is flat there (φ′ ∝ λ/U′ → 0). That
      // holds in the tails beyond the outermost wells only: between wells the weight is that small
      // at a barrier top once ΔU/D > 24, and the slowest mode's step lives there (x⁴/4 − x²/2 at
      // D = 0.01 lost φ1's step, and η of the resonance came out 5.6e6 instead of 0.271;
      // x⁶/6 − 5x⁴/4 + 2x² + 0.1x at D = 0.04 gave φ2 = 0.99 in the deep right well instead of ≈ 0,
      // and the rate matrix K12 = 8.6e-10 for 6.7e-12).
      const exponent = (u[e]! + u[e + 1]! - 2 * uMin) / (4 * D);
      const tail = e < first || e >= last;
      const step = exponent > TAIL_EXPONENT && tail ? 0 : scaled(vector[e]!, exponent);
      phi[e + 1] = phi[e]! + step;
    }
    let shift = 0;
    if (extraR) shift = phi[n - 1]!;
    else if (!extraL) {
      // Both reflecting: φ_k ⟂ φ_0 = 1 in the equilibrium-weighted inner product.
      let num = 0;
      let den = 0;
      for (let j = 0; j < n; j++) {
        const w = Math.exp(-(u[j]! - uMin) / D);
        num += w * phi[j]!;
        den += w;
      }
      shift = num / den;
    }
    for (let j = 0; j < n; j++) phi[j] = phi[j]! - shift;
    if (extraL) phi[0] = 0;
    if (extraR) phi[n - 1] = 0;
  }
  let max = 0;
  for (let j = 0; j < n; j++) max = Math.max(max, Math.abs(phi[j]!));
  if (!(max > 0) || !Number.isFinite(max)) return phi.fill(0);
  let sign = 1;
  for (let j = 0; j < n; j++) {
    if (Math.abs(phi[j]!) >= 1e-3 * max) {
      sign = phi[j]! > 0 ? 1 : -1;
      break;
    }
  }
  const factor = sign / max;
  for (let j = 0; j < n; j++) phi[j] = phi[j]! * factor;
  return phi;
}

/** The checked input of smoluchowskiSpectrum. */
interface CheckedSpectrumProblem {
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma: number;
  readonly n: number;
  readonly tolerance: number;
  readonly left: BoundaryCondition;
  readonly right: BoundaryCondition;
  readonly domain: { min: number; max: number } | undefined;
  readonly search: { min: number; max: number } | undefined;
}

/** Validates a spectrum problem; each bad parameter is named in the error's `issues`. */
function checkSpectrumProblem(problem: SpectrumProblem): CheckedSpectrumProblem {
  if (typeof problem !== 'object' || problem === null) {
    throw invalid('problem', 'smoluchowskiSpectrum needs a problem object');
  }
  const { potential } = problem;
  if (
    typeof potential !== 'object' ||
    potential === null ||
    typeof potential.U !== 'function' ||
    typeof potential.dU !== 'function' ||
    typeof potential.d2U !== 'function'
  ) {
    throw invalid('potential', 'potential must be a Potential1D (U, dU, d2U functions)');
  }
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const n = problem.n ?? 5;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > 50) {
    throw invalid(
      'n',
      `n must be a whole number from 2 to 50 (eigenvalues including λ0); got ${n}`,
    );
  }
  const tolerance = requirePositive('tolerance', problem.tolerance ?? 1e-8, 'relative target');
  if (!(tolerance < 0.1)) throw invalid('tolerance', `tolerance must be < 0.1; got ${tolerance}`);
  const left = checkBoundary('left', problem.boundaries?.left);
  const right = checkBoundary('right', problem.boundaries?.right);
  const domain = checkInterval('domain', problem.domain);
  const search = checkInterval('searchDomain', problem.searchDomain);
  if (!domain && !search) {
    throw invalid(
      'domain',
      'give domain (reflecting walls) or searchDomain (natural boundaries around every stationary point)',
    );
  }
  return { potential, D, gamma, n, tolerance, left, right, domain, search };
}

/**
 * The ends [a, b] of the grid: a given domain, or natural boundaries found outward from the
 * search domain (an absorbing side stays at its end).
 */
function domainEnds(p: CheckedSpectrumProblem): [number, number] {
  const { potential, D, left, right, domain } = p;
  if (domain) return [domain.min, domain.max];
  const s = p.search!;
  const width = s.max - s.min;
  const uMin = { value: Number.POSITIVE_INFINITY };
  for (let i = 0; i <= 4096; i++) {
    uMin.value = Math.min(uMin.value, evaluate(potential, s.min + (width * i) / 4096));
  }
  let a = left === 'absorbing' ? s.min : naturalEnd(potential, D, s.min, -1, width, uMin);
  const before = uMin.value;
  const b = right === 'absorbing' ? s.max : naturalEnd(potential, D, s.max, 1, width, uMin);
  // U dipped below the first estimate of U_min on the right: the left cutoff moves outward.
  if (left !== 'absorbing' && uMin.value < before) {
    a = naturalEnd(potential, D, s.min, -1, width, uMin);
  }
  return [a, b];
}

/** Cells of the coarsest grid: CELLS_PER_SCALE per local scale of the Boltzmann factor. */
function firstCells(p: CheckedSpectrumProblem, layout: Layout): number {
  const { a, b } = layout;
  const scale = localScale(p.potential, p.D, a, b);
  const cells = Math.max(MIN_CELLS, Math.ceil((b - a) / (scale / CELLS_PER_SCALE)));
  return Math.min(cells, Math.floor((MAX_GRID_POINTS - 2) / 4));
}

/**
 * Seconds per cell and mode of one grid level (Sturm-count bisection), measured on a shared
 * 2-core machine under load: 2.4e-6 for x⁶ − 3x⁴ + 2x² at D = 0.05 (52740 points, 49 modes).
 */
const SECONDS_PER_CELL_MODE = 3e-6;

/**
 * The estimated time of `smoluchowskiSpectrum`, before it runs: its three grid levels (cells,
 * twice and four times as many) times the modes asked for. A guide to within a factor of a few.
 */
export function smoluchowskiSeconds(problem: SpectrumProblem): number {
  const p = checkSpectrumProblem(problem);
  const [a, b] = domainEnds(p);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
  const { left, right, D, gamma } = p;
  const cells = firstCells(p, { a, b, left, right, D, gamma });
  return 7 * cells * p.n * SECONDS_PER_CELL_MODE;
}

/**
 * Grid levels, h halved each time, until the Richardson error estimate of λ1 over the last three
 * meets the tolerance, reaches rounding or the grid cap (then 'not_converged' with a warning).
 * `wanted` chain modes are computed on each level.
 */
function refineLevels(
  p: CheckedSpectrumProblem,
  layout: Layout,
  wanted: number,
  warnings: string[],
): { levels: Level[]; retcode: RetCode } {
  const { potential, n, tolerance } = p;
  const { left, right } = layout;
  const sumS = (left === 'absorbing' ? 1 : 0.5) + (right === 'absorbing' ? 1 : 0.5);
  const cells = firstCells(p, layout);
  const maxCells = MAX_GRID_POINTS - 2;
  // 2(b − a)/h must make the node count whole: odd when sL + sR = 3/2.
  const cells2For = (c: number) => 2 * c + (sumS === 1.5 ? 1 : 0);

  const levels: Level[] = [];
  let guesses: number[] = [];
  for (let level = 0; ; level++) {
    const c = cells * 2 ** level;
    const lv = buildLevel(potential, layout, cells2For(c));
    if (lv.factor.m < wanted + 1) throw invalid('n', `n = ${n} is more modes than the grid holds`);
    lv.eigenvalues = levelEigenvalues(lv, wanted, guesses, 1e-14);
    levels.push(lv);
    if (lv.eigenvalues.some((v) => !Number.isFinite(v) || !(v > 0))) {
      warnings.push(
        'λ1/λ_max is below the double-precision range (barrier ΔU/D ≳ 600): the eigenvalues cannot be represented',
      );
      return { levels, retcode: 'not_converged' };
    }
    guesses = lv.eigenvalues;
    if (levels.length < 3) continue;
    const r1 = richardson(levels, 0);
    if (r1.error <= tolerance * Math.abs(r1.value)) break;
    if (r1.spread <= r1.error - r1.spread) {
      // The level differences are down to rounding: refining further cannot help.
      warnings.push(
        `tolerance ${tolerance} is below the rounding level; λ1 is accurate to ${(r1.error / r1.value).toExponential(1)}`,
      );
      break;
    }
    if (c * 2 > maxCells) {
      warnings.push(
        `grid cap of ${MAX_GRID_POINTS} points reached: λ1 relative error estimate ${(r1.error / r1.value).toExponential(1)} exceeds tolerance ${tolerance}`,
      );
      return { levels, retcode: 'not_converged' };
    }
  }
  return { levels, retcode: 'success' };
}

/**
 * The chain's eigenvalues extrapolated over the levels, with their errors (the finest level's
 * values when fewer than three levels ended in 'not_converged'); near-degenerate pairs widened.
 */
function extrapolatedChain(
  levels: Level[],
  wanted: number,
  retcode: RetCode,
  warnings: string[],
): { values: number[]; errors: number[] } {
  const finest = levels[levels.length - 1]!;
  const values: number[] = [];
  const errors: number[] = [];
  for (let k = 0; k < wanted; k++) {
    if (retcode === 'not_converged' && levels.length < 3) {
      const v = finest.eigenvalues[k]!;
      values.push(Number.isFinite(v) ? v : 0);
      errors.push(Number.isFinite(v) ? Math.abs(v) : 0);
      continue;
    }
    const r = richardson(levels, k);
    values.push(r.value);
    errors.push(r.error);
  }
  if (levels.length >= 2 && retcode === 'success') {
    widenNearDegenerate(levels, values, errors, warnings);
  }
  return { values, errors };
}

/** λ2/λ1 of the chain, with a warning when it is below 10 (no separation of time scales). */
function gapOf(finest: Level, values: number[], retcode: RetCode, warnings: string[]): number {
  // The mode after the last one wanted, for the gap when n = 2 (finest level, 1e-6 is plenty).
  let next = values[1];
  if (next === undefined) {
    next = eigenvalueByBisection(
      finest.factor,
      1,
      finest.eigenvalues[0]!,
      finest.eigenvalues[0]! * 2,
      1e-6,
    );
  }
  const gap = next / values[0]!;
  if (retcode === 'success') warnings.push(...twoStateGapWarnings(gap));
  return gap;
}

/** A coarser level's modes with that level's own eigenvalues (see Spectrum.coarser). */
function coarserModes(
  level: Level,
  layout: Layout,
  wanted: number,
  reflectingBoth: boolean,
): GridModes {
  const { eigenfunctions, density } = levelModes(level, layout, wanted);
  const own = level.eigenvalues.slice(0, wanted);
  return {
    eigenvalues: reflectingBoth ? [0, ...own] : own,
    x: level.x,
    eigenfunctions,
    equilibriumDensity: density,
  };
}

/** Backward eigenfunctions and the equilibrium density on one level's grid (the finest's). */
function levelModes(finest: Level, layout: Layout, wanted: number) {
  const { left, right, D } = layout;
  let uMin = Number.POSITIVE_INFINITY;
  for (const v of finest.u) uMin = Math.min(uMin, v);
  const eigenfunctions: Float64Array[] = [];
  if (left === 'reflecting' && right === 'reflecting') {
    eigenfunctions.push(new Float64Array(finest.x.length).fill(1));
  }
  // The chain's eigenvectors are orthogonal (M is symmetric): each is found orthogonal to those
  // before it, so a cluster of nearly equal eigenvalues does not repeat a vector.
  const found: Float64Array[] = [];
  for (let k = 0; k < wanted; k++) {
    const value = finest.eigenvalues[k]!;
    const vector =
      k === 0
        ? lowestMode(finest.factor).vector
        : eigenvectorOrthogonalTo(finest.factor, value, found);
    found.push(vector);
    eigenfunctions.push(backwardEigenfunction(finest, layout, vector, uMin));
  }
  const density = new Float64Array(finest.x.length);
  let total = 0;
  const firstReal = left === 'absorbing' ? 1 : 0;
  const lastReal = finest.x.length - 1 - (right === 'absorbing' ? 1 : 0);
  for (let j = firstReal; j <= lastReal; j++) {
    density[j] = Math.exp(-(finest.u[j]! - uMin) / D);
    total += density[j]!;
  }
  for (let j = 0; j < density.length; j++) density[j] = density[j]! / (total * finest.h);
  return { eigenfunctions, density };
}

/**
 * The lowest eigenvalues and backward eigenfunctions of the Smoluchowski operator
 * L P = (1/γ) ∂x[U′P + D ∂x P] (Smoluchowski 1906; Risken, The Fokker-Planck Equation, 1989),
 * for γ dx = −U′ dt + √(2γD) dW. λ1 is the population relaxation rate: λ1 = k_ab + k_ba for two
 * wells, 2k for a symmetric double well; an absorbing end makes eigenvalues[0] the escape rate.
 *
 * Method: square-root approximation (Lie, Fackeldey & Weber 2013) on uniform grids, whose
 * symmetrised generator BᵀB has the supersymmetric partner BBᵀ (Bernstein & Brown, PRL 1984) —
 * a positive definite birth-death chain whose L D Lᵀ pivots are computed without cancellation, so
 * bisection on Sturm counts gives every eigenvalue to relative accuracy ~1e-13 even where
 * λ1/λ_max ≈ 1e-20 (high barriers; a generic eigensolver loses all relative accuracy there).
 * Eigenvalues converge as O(h²); three grid levels (h halved each time, refined until the error
 * estimate meets `tolerance` for λ1) are Richardson-extrapolated, and `errors` are the
 * differences between successive extrapolants. Eigenfunctions come from the finest level.
 * Limits: λ1/λ_max must exceed ~1e-290 (ΔU/D ≲ 600); the finest grid has at most 2^17 points
 * (retcode 'not_converged' and a warning if the tolerance was not reached).
 *
 * @param problem potential, D = k_B T (energy), γ (force per velocity), domain or searchDomain
 *   (length), boundaries, n (eigenvalues including λ0), tolerance (relative, for λ1).
 * @returns eigenvalues in 1/time (time unit γ·length²/energy).
 * @throws KramersError 'invalid_parameter' / 'invalid_domain' for bad input (the issue names the
 *   parameter), 'unbounded_below' when a natural boundary is asked for where U falls without
 *   bound, 'not_finite' when U is not finite on the domain.
 * @example
 * smoluchowskiSpectrum({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.25, n: 2, tolerance: 1e-10, searchDomain: { min: -1.5, max: 1.5 } }).eigenvalues[1]; // => 0.187170418087099
 */
export function smoluchowskiSpectrum(problem: SpectrumProblem): Spectrum {
  const p = checkSpectrumProblem(problem);
  const warnings: string[] = [];
  const [a, b] = domainEnds(p);
  requireFinite('domain', a);
  requireFinite('domain', b);
  const { left, right, D, gamma } = p;
  const layout: Layout = { a, b, left, right, D, gamma };
  const reflectingBoth = left === 'reflecting' && right === 'reflecting';
  // Chain modes wanted: the partner has no zero mode, so λ0 = 0 is not among them.
  const wanted = reflectingBoth ? p.n - 1 : p.n;
  const { levels, retcode } = refineLevels(p, layout, wanted, warnings);
  const finest = levels[levels.length - 1]!;
  const chain = extrapolatedChain(levels, wanted, retcode, warnings);
  const gap = gapOf(finest, chain.values, retcode, warnings);
  const { eigenfunctions, density } = levelModes(finest, layout, wanted);
  const coarser =
    problem.coarserModes && levels.length >= 2
      ? coarserModes(levels[levels.length - 2]!, layout, wanted, reflectingBoth)
      : undefined;
  return {
    eigenvalues: reflectingBoth ? [0, ...chain.values] : chain.values,
    errors: reflectingBoth ? [0, ...chain.errors] : chain.errors,
    gap: Number.isFinite(gap) ? gap : 0,
    x: finest.x,
    eigenfunctions,
    equilibriumDensity: density,
    gridPoints: finest.x.length,
    ...(coarser ? { coarser } : {}),
    retcode,
    warnings,
  };
}
