import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireFinite,
  requirePositive,
} from '../core/index.js';

/**
 * The Klein–Kramers (Fokker–Planck) operator of inertial Langevin dynamics in phase space,
 * dx = v dt, m dv = −U′ dt − γ v dt + √(2γD) dW (docs/conventions.md §0, §3):
 * ∂t W = −v ∂x W + (U′/m) ∂v W + η_c ∂v (v W + (D/m) ∂v W),  η_c = γ/m.
 *
 * With W = e^{−Φ/2} ψ_0(v) Σ_n c_n(x) ψ_n(v), Φ = U/D, ψ_n the Hermite functions of the Maxwellian
 * (thermal speed s = √(D/m)), the operator becomes the hierarchy (Risken, The Fokker–Planck
 * Equation, 1989, §10.3–10.4; we re-derived it)
 *   ∂t c_n = −n η_c c_n − √(n+1) D̂⁻ c_{n+1} − √n D̂ c_{n−1},
 *   D̂ = s(∂x + Φ′/2) = s e^{−Φ/2} ∂x e^{Φ/2},  D̂⁻ = s(∂x − Φ′/2) = s e^{Φ/2} ∂x e^{−Φ/2} = −D̂†,
 * i.e. −η_c N plus a skew-symmetric streaming part, with equilibrium c_0 = e^{−Φ/2}.
 *
 * Discretisation: even n on the nodes x_i of a uniform grid, odd n on the midpoints x_{i+1/2} (a
 * staggered grid: no odd–even decoupling), and D̂, D̂⁻ as differences of e^{±Φ/2}-weighted values
 * between neighbours. The discrete operator keeps both properties exactly: the streaming part
 * stays skew-symmetric and the discrete Boltzmann vector c_0 = e^{−Φ_i/2} is its null vector, so
 * λ = 0 is exact and the slow λ1 ~ e^{−ΔU/D} is not a difference of large numbers. For large γ
 * it reduces to the detailed-balance (square-root) Smoluchowski discretisation. Second order in h;
 * Hermite truncation at n = N − 1.
 *
 * λ1 is found by inverse iteration with the Boltzmann vector projected out (it is the left and the
 * right null vector), on a banded LU with partial pivoting: ordered by position, each node or
 * midpoint holding its N/2 Hermite coefficients, the matrix has bandwidth ≈ N/2.
 */

export interface KleinKramersProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity). */
  readonly gamma: number;
  /** Mass m (default 1). */
  readonly mass?: number;
  /**
   * An interval holding every stationary point: widened on each side until the Boltzmann weight
   * e^{−(U−U_min)/D} is below e^{−30} (natural boundaries).
   */
  readonly searchDomain: { readonly min: number; readonly max: number };
  /** Grid cells of the coarse level (default: chosen from the local length scale D/|U′|). */
  readonly cells?: number;
  /** Hermite functions to start the ladder with (default: from the friction). */
  readonly hermite?: number;
  /** Cap on the Hermite functions (default 320). */
  readonly maxHermite?: number;
  /** Relative accuracy wanted for λ1 (default 1e-4). */
  readonly tolerance?: number;
}

export interface KleinKramersLevel {
  readonly cells: number;
  readonly hermite: number;
  readonly lambda1: number;
  readonly iterations: number;
  /** ‖L̄y + λ1 y‖/‖y‖ of the converged vector. */
  readonly residual: number;
}

export interface KleinKramersResult {
  /**
   * λ1, the slowest non-zero decay rate of the Klein–Kramers operator: the population relaxation
   * rate (λ1 = 2k for a symmetric double well). Richardson-extrapolated in the grid spacing.
   */
  readonly lambda1: number;
  /**
   * Estimated absolute error: the Richardson correction at the last Hermite truncation plus the
   * change of the extrapolated λ1 from the truncation before (infinite with a single truncation).
   */
  readonly error: number;
  /** Each solve: (cells, Hermite functions) → λ1. */
  readonly levels: readonly KleinKramersLevel[];
  readonly domain: { readonly min: number; readonly max: number };
  readonly retcode: RetCode;
  readonly warnings: string[];
}

/** Natural boundary: Boltzmann weight below e^{−30}. */
const CUTOFF = 30;

/**
 * The interval the Klein–Kramers reference works on: the search interval widened on each side
 * until the Boltzmann weight e^{−(U−U_min)/D} is below e^{−30}, with that U_min.
 */
export function kleinKramersDomain(
  potential: Potential1D,
  D: number,
  search: { min: number; max: number },
): { min: number; max: number; uMin: number } {
  let { min, max } = search;
  const span = max - min;
  // U_min over the search interval (the wells lie inside it).
  let uMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 400; i++) {
    const u = potential.U(min + (span * i) / 400);
    if (u < uMin) uMin = u;
  }
  const out = (x: number) => (potential.U(x) - uMin) / D > CUTOFF;
  let step = span / 64;
  for (let k = 0; k < 200 && !out(min); k++) {
    min -= step;
    step *= 1.25;
  }
  step = span / 64;
  for (let k = 0; k < 200 && !out(max); k++) {
    max += step;
    step *= 1.25;
  }
  if (!out(min) || !out(max)) {
    throw new KramersError(
      'invalid_parameter',
      'the Klein–Kramers reference needs a confining potential: U does not rise 30 D above its minimum on both sides',
      { issues: [{ path: 'potential', message: 'not confining' }] },
    );
  }
  return { min, max, uMin };
}

/** A banded matrix in row storage: row i holds columns i − kl … i + ku + kl (room for pivoting). */
class BandMatrix {
  readonly width: number;
  readonly data: Float64Array;
  constructor(
    readonly n: number,
    readonly kl: number,
    readonly ku: number,
  ) {
    this.width = 2 * kl + ku + 1;
    this.data = new Float64Array(n * this.width);
  }
  add(i: number, j: number, value: number) {
    this.data[i * this.width + (j - i + this.kl)]! += value;
  }
}

/**
 * In-place banded LU with partial pivoting (the algorithm of LAPACK dgbtf2). Returns the pivot
 * rows; throws on an exactly singular matrix.
 */
function factorBand(A: BandMatrix): Int32Array {
  const { n, kl, ku, width, data } = A;
  const piv = new Int32Array(n);
  const last = (k: number) => Math.min(n - 1, k + kl + ku);
  for (let k = 0; k < n; k++) {
    // Pivot search in column k, rows k … k + kl.
    let p = k;
    let best = Math.abs(data[k * width + kl]!);
    const rowEnd = Math.min(n - 1, k + kl);
    for (let i = k + 1; i <= rowEnd; i++) {
      const v = Math.abs(data[i * width + (k - i + kl)]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (best === 0) throw new KramersError('not_finite', 'singular Klein–Kramers matrix');
    const colEnd = last(k);
    if (p !== k) {
      for (let j = k; j <= colEnd; j++) {
        const a = k * width + (j - k + kl);
        const b = p * width + (j - p + kl);
        const t = data[a]!;
        data[a] = data[b]!;
        data[b] = t;
      }
    }
    const pivot = data[k * width + kl]!;
    const kBase = k * width - k + kl;
    for (let i = k + 1; i <= rowEnd; i++) {
      const iBase = i * width - i + kl;
      const l = data[iBase + k]! / pivot;
      if (l === 0) continue;
      data[iBase + k] = l;
      for (let j = k + 1; j <= colEnd; j++) data[iBase + j]! -= l * data[kBase + j]!;
    }
  }
  return piv;
}

/** Solves with the factors of factorBand, overwriting b. */
function solveBand(A: BandMatrix, piv: Int32Array, b: Float64Array) {
  const { n, kl, ku, width, data } = A;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
    const bk = b[k]!;
    if (bk === 0) continue;
    const rowEnd = Math.min(n - 1, k + kl);
    for (let i = k + 1; i <= rowEnd; i++) b[i]! -= data[i * width - i + kl + k]! * bk;
  }
  for (let k = n - 1; k >= 0; k--) {
    const base = k * width - k + kl;
    const colEnd = Math.min(n - 1, k + kl + ku);
    let s = b[k]!;
    for (let j = k + 1; j <= colEnd; j++) s -= data[base + j]! * b[j]!;
    b[k] = s / data[base + k]!;
  }
}

interface Operator {
  readonly size: number;
  readonly kl: number;
  readonly ku: number;
  /** Entries (row, column, value) of L̄, the operator acting on the coefficients. */
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly values: Float64Array;
  /** Unit Boltzmann vector (the null vector). */
  readonly ground: Float64Array;
  /** Start vector: antisymmetric about the centre of mass, for the population mode. */
  readonly start: Float64Array;
}

/** The operator L̄ on one grid (the discretisation above), its null vector and a start vector. */
function buildOperator(
  potential: Potential1D,
  D: number,
  gamma: number,
  mass: number,
  domain: { min: number; max: number; uMin: number },
  cells: number,
  hermite: number,
): Operator {
  const h = (domain.max - domain.min) / cells;
  const layout = staggeredLayout(cells, hermite);
  const phi = halfPhi(potential, D, domain, h, 2 * cells + 1);
  const entries = operatorEntries(phi, layout, gamma / mass, Math.sqrt(D / mass) / h);
  const { ground, start } = boltzmannVectors(phi, layout, cells);
  return {
    size: layout.size,
    kl: entries.kl,
    ku: entries.kl,
    rows: Int32Array.from(entries.rows),
    cols: Int32Array.from(entries.cols),
    values: Float64Array.from(entries.values),
    ground,
    start,
  };
}

/**
 * Where each position's Hermite coefficients sit in the vector, ordered by position: a node (even
 * p) holds the `nEven` even levels, a midpoint (odd p) the `nOdd` odd ones.
 */
interface StaggeredLayout {
  readonly hermite: number;
  readonly nEven: number;
  readonly nOdd: number;
  readonly size: number;
}

/** The staggered layout of `hermite` levels on a grid of `cells` cells. */
function staggeredLayout(cells: number, hermite: number): StaggeredLayout {
  const nEven = Math.ceil(hermite / 2);
  const nOdd = Math.floor(hermite / 2);
  return { hermite, nEven, nOdd, size: (cells + 1) * nEven + cells * nOdd };
}

/** Index of the first coefficient held at position p. */
function offsetOf({ nEven, nOdd }: StaggeredLayout, p: number): number {
  return (p >> 1) * (nEven + nOdd) + (p & 1 ? nEven : 0);
}

/** Φ/2 = (U − U_min)/(2D) at the nodes and midpoints, x = min + p·h/2; U must be finite there. */
function halfPhi(
  potential: Potential1D,
  D: number,
  domain: { min: number; uMin: number },
  h: number,
  positions: number,
): Float64Array {
  const phi = new Float64Array(positions);
  for (let p = 0; p < positions; p++) {
    const u = potential.U(domain.min + 0.5 * p * h);
    if (!Number.isFinite(u)) {
      throw new KramersError('not_finite', `U is not finite at x = ${domain.min + 0.5 * p * h}`, {
        issues: [{ path: 'potential', message: 'not finite on the Klein–Kramers grid' }],
      });
    }
    phi[p] = (u - domain.uMin) / (2 * D);
  }
  return phi;
}

/**
 * The entries of L̄: −η_c n on the diagonal, and the streaming couplings √(n+1) D̂⁻, √n D̂ between
 * neighbouring positions as e^{±Φ/2}-weighted differences (skew-symmetric); `kl` is the bandwidth.
 */
function operatorEntries(
  phi: Float64Array,
  layout: StaggeredLayout,
  eta: number,
  scale: number,
): { rows: number[]; cols: number[]; values: number[]; kl: number } {
  const positions = phi.length;
  const { hermite, nEven, nOdd } = layout;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  let kl = 0;
  const push = (r: number, c: number, v: number) => {
    rows.push(r);
    cols.push(c);
    values.push(v);
    if (Math.abs(r - c) > kl) kl = Math.abs(r - c);
  };
  for (let p = 0; p < positions; p++) {
    const parity = p & 1;
    for (let q = 0; q < (parity ? nOdd : nEven); q++) {
      const n = 2 * q + parity;
      const row = offsetOf(layout, p) + q;
      push(row, row, -eta * n);
      if (p + 1 >= positions) continue;
      // Couplings to the right neighbour p + 1 (levels n ± 1) and, by skew symmetry, back.
      const up = Math.exp(phi[p]! - phi[p + 1]!);
      const down = 1 / up;
      for (const m of [n + 1, n - 1]) {
        if (m < 0 || m >= hermite) continue;
        const col = offsetOf(layout, p + 1) + (m >> 1);
        const v = m > n ? -Math.sqrt(m) * scale * up : -Math.sqrt(n) * scale * down;
        push(row, col, v);
        push(col, row, -v);
      }
    }
  }
  return { rows, cols, values, kl };
}

/**
 * The unit Boltzmann vector c_0 = e^{−Φ/2} on the nodes (the null vector), and the start of the
 * inverse iteration: that vector times a tanh step about its centre of mass (the population mode).
 */
function boltzmannVectors(
  phi: Float64Array,
  layout: StaggeredLayout,
  cells: number,
): { ground: Float64Array; start: Float64Array } {
  const { size } = layout;
  const ground = new Float64Array(size);
  const start = new Float64Array(size);
  let norm = 0;
  let mean = 0;
  for (let i = 0; i <= cells; i++) {
    const w = Math.exp(-phi[2 * i]!);
    ground[offsetOf(layout, 2 * i)] = w;
    norm += w * w;
    mean += w * w * i;
  }
  mean /= norm;
  norm = Math.sqrt(norm);
  for (let i = 0; i <= cells; i++) {
    const k = offsetOf(layout, 2 * i);
    ground[k]! /= norm;
    start[k] = ground[k]! * Math.tanh((i - mean) / (0.05 * cells));
  }
  // A small deterministic admixture of every component, so no mode is missed by symmetry.
  for (let k = 0; k < size; k++) start[k]! += 1e-3 * Math.sin(1 + 7.3 * k) * Math.sqrt(1 / size);
  return { ground, start };
}

function dot(a: Float64Array, b: Float64Array) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function project(y: Float64Array, ground: Float64Array) {
  const c = dot(y, ground);
  for (let i = 0; i < y.length; i++) y[i]! -= c * ground[i]!;
}

/** λ1 on one grid by shifted inverse iteration with the Boltzmann vector deflated. */
export function kleinKramersLevel(
  potential: Potential1D,
  D: number,
  gamma: number,
  mass: number,
  domain: { min: number; max: number; uMin: number },
  cells: number,
  hermite: number,
): KleinKramersLevel {
  const op = buildOperator(potential, D, gamma, mass, domain, cells, hermite);
  const A = new BandMatrix(op.size, op.kl, op.ku);
  // Shift σ > 0 just off 0: L̄ − σ is regular (every eigenvalue of L̄ has Re ≤ 0) and the
  // eigenvalue of smallest modulus after deflation is −λ1. The null vector's amplification
  // 1/σ only costs ~ε λ1/σ ≈ 1e-7 relative at σ = 1e-9·(η + s/h)... once projected.
  const sigma = 1e-12 * (gamma / mass + Math.sqrt(D / mass) / ((domain.max - domain.min) / cells));
  for (let k = 0; k < op.values.length; k++) A.add(op.rows[k]!, op.cols[k]!, op.values[k]!);
  for (let i = 0; i < op.size; i++) A.add(i, i, -sigma);
  const piv = factorBand(A);
  const y = op.start.slice();
  project(y, op.ground);
  let ny = Math.sqrt(dot(y, y));
  for (let i = 0; i < y.length; i++) y[i]! /= ny;
  let lambda = Number.NaN;
  let iterations = 0;
  for (; iterations < 300; iterations++) {
    const z = y.slice();
    solveBand(A, piv, z);
    project(z, op.ground);
    const zz = dot(z, z);
    // y = (−λ − σ) z for an eigenvector.
    const next = -sigma - dot(y, z) / zz;
    ny = Math.sqrt(zz);
    for (let i = 0; i < y.length; i++) y[i] = z[i]! / ny;
    const converged = Math.abs(next - lambda) <= 1e-13 * Math.abs(next);
    lambda = next;
    if (converged && iterations > 2) break;
  }
  // Residual ‖L̄y + λy‖ from the unfactored entries.
  const r = new Float64Array(op.size);
  for (let k = 0; k < op.values.length; k++) r[op.rows[k]!]! += op.values[k]! * y[op.cols[k]!]!;
  for (let i = 0; i < op.size; i++) r[i]! += lambda * y[i]!;
  return { cells, hermite, lambda1: lambda, iterations, residual: Math.sqrt(dot(r, r)) };
}

/** The grid, the first Hermite truncation and its cap (the sizes that set the cost). */
function kleinKramersSizes(problem: KleinKramersProblem) {
  const { potential, D, gamma } = problem;
  const mass = problem.mass ?? 1;
  const maxHermite = problem.maxHermite ?? 320;
  const domain = kleinKramersDomain(potential, D, problem.searchDomain);
  const span = domain.max - domain.min;
  // Default resolution: the Boltzmann factor changes by e^{1/2} over D/|U′|; the steepest place
  // (the domain edge) gets about one cell for that, which Richardson then corrects.
  let maxSlope = 0;
  for (let i = 0; i <= 400; i++) {
    const s = Math.abs(potential.dU(domain.min + (span * i) / 400));
    if (Number.isFinite(s) && s > maxSlope) maxSlope = s;
  }
  const cells =
    problem.cells ?? Math.min(600, Math.max(48, Math.ceil((span * maxSlope) / (2 * D))));
  const eta = gamma / mass;
  const omega = Math.sqrt(D / mass) / (span / 4);
  const hermite =
    problem.hermite ?? Math.min(maxHermite, Math.max(16, Math.ceil(16 * Math.sqrt(omega / eta))));
  return { domain, cells, maxHermite, hermite, omegaOverEta: omega / eta };
}

/**
 * Seconds per unit of cells·N³ (a banded LU of bandwidth ~N on cells·N unknowns), measured on an
 * idle core: the default 25-point `kramers turnover --exact` curve (γ 0.01…100, D = 0.1) took 52 s
 * where 3e-9 (first measured under a load average of ~15) predicted 216 s. A heavily loaded machine
 * runs slower than this guide by the load factor.
 */
const SECONDS_PER_UNIT = 7.5e-10;

/**
 * The estimated time of `kleinKramersLambda1`, before it runs: Σ cells·N³ over the Hermite ladder
 * it will climb, N ×3/2 from the first truncation until N ≈ 64 ω/η (where the measured ladders
 * for the double well stopped: η = ω·5 at N = 24, ω/2 at 122, ω·6 at the cap of 320), plus the
 * doubled grid at the last two N. A guide to within a factor of a few.
 */
export function kleinKramersSeconds(problem: KleinKramersProblem): number {
  const { cells, maxHermite, hermite, omegaOverEta } = kleinKramersSizes(problem);
  const needed = Math.min(maxHermite, 64 * omegaOverEta);
  let n = hermite;
  let previous = 0;
  let units = cells * n ** 3;
  while (n < needed && n < maxHermite) {
    previous = n;
    n = Math.min(maxHermite, Math.ceil((3 * n) / 2));
    units += cells * n ** 3;
  }
  units += 2 * cells * (n ** 3 + previous ** 3);
  return units * SECONDS_PER_UNIT;
}

type LevelSolve = (cells: number, hermite: number) => KleinKramersLevel;

/**
 * The Hermite ladder on the coarse grid: N ×3/2 from the friction-based start until λ1 changes by
 * less than a third of the tolerance or N reaches the cap. Returns the last two levels (the
 * previous one is absent when the start is already at the cap).
 */
function hermiteLadder(
  solve: LevelSolve,
  cells: number,
  firstHermite: number,
  maxHermite: number,
  tolerance: number,
  levels: KleinKramersLevel[],
): { last: KleinKramersLevel; previous: KleinKramersLevel | undefined } {
  let hermite = firstHermite;
  let last = solve(cells, hermite);
  levels.push(last);
  let previous: KleinKramersLevel | undefined;
  while (hermite < maxHermite) {
    hermite = Math.min(maxHermite, Math.ceil((3 * hermite) / 2));
    previous = last;
    last = solve(cells, hermite);
    levels.push(last);
    if (Math.abs(last.lambda1 - previous.lambda1) <= (tolerance / 3) * Math.abs(last.lambda1))
      break;
  }
  return { last, previous };
}

/**
 * The grid step at the last two Hermite truncations of the ladder: λ1 Richardson-extrapolated in
 * h² at each (λ_h/2 + (λ_h/2 − λ_h)/3), the finest N's extrapolation as the value, and as the
 * error the Richardson correction at that N plus the change of the extrapolated value from the
 * previous N. The grid step must be taken at the finest N, not the first: the two truncations are
 * coupled (the high Hermite coefficients oscillate in x on a scale ∝ 1/√n, kleinKramersSpectrum.ts),
 * so the grid error grows with N — tilted well x⁴ − 2x² + 0.3x, D = 0.15, γ = 0.3, m = 2.5: 324 →
 * 648 cells moves λ1 by 6.3e-8 at N = 23 and by 3.7e-7 at N = 180, and the step at N = 23 left an
 * error 19× the reported one. Comparing extrapolated values, not coarse-grid ones, makes the
 * Hermite change one of the continuum problem rather than of a grid that under-resolves the high
 * coefficients.
 */
function gridExtrapolation(
  solve: LevelSolve,
  cells: number,
  ladder: { last: KleinKramersLevel; previous: KleinKramersLevel | undefined },
  levels: KleinKramersLevel[],
): { lambda1: number; error: number } {
  const extrapolate = (coarse: KleinKramersLevel) => {
    const fine = solve(2 * cells, coarse.hermite);
    levels.push(fine);
    const correction = (fine.lambda1 - coarse.lambda1) / 3;
    return { value: fine.lambda1 + correction, correction };
  };
  const last = extrapolate(ladder.last);
  if (!ladder.previous) return { lambda1: last.value, error: Number.POSITIVE_INFINITY };
  const previous = extrapolate(ladder.previous);
  // |correction| over-states the O(h⁴) remainder of the extrapolated value in the asymptotic
  // range (it is the h² term itself), and the Hermite change of the extrapolated values bounds the
  // truncation error once N converges geometrically with ratio ≤ 1/2 per ×3/2 step.
  return {
    lambda1: last.value,
    error: Math.abs(last.value - previous.value) + Math.abs(last.correction),
  };
}

/**
 * λ1 of the Klein–Kramers operator, the exact population-relaxation rate of inertial Langevin
 * dynamics at any friction (for a symmetric double well λ1 = 2k).
 *
 * Hermite truncation: N grows by 3/2 from a friction-based start until λ1 changes by less than a
 * third of the tolerance (or N reaches `maxHermite`). Grid: one Richardson step in h² at each of
 * the last two N of that ladder (the grid error grows with N, so it is measured where the value
 * is taken). The error estimate is the change of the extrapolated λ1 between those two N plus the
 * Richardson correction at the last; a result whose estimate exceeds the tolerance says
 * `not_converged`.
 *
 * A historical route, superseded by `kleinKramersSpectrum` (spectral in x, both truncations refined
 * together, relative 1e-8, several modes), which every route and study uses; kept as an
 * independent second-order discretisation of the same operator.
 *
 * Cost grows like cells·N³: weak friction needs many Hermite functions (the depleted layer near
 * the barrier energy is thin), so it is the expensive end (seconds at η_c = 0.05 ω_a, ΔU/D = 5).
 */
export function kleinKramersLambda1(problem: KleinKramersProblem): KleinKramersResult {
  const { potential } = problem;
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma, 'friction coefficient γ');
  const mass = requirePositive('mass', problem.mass ?? 1, 'm');
  requireFinite('searchDomain.min', problem.searchDomain.min);
  requireFinite('searchDomain.max', problem.searchDomain.max);
  const tolerance = problem.tolerance ?? 1e-4;
  const { domain, cells, maxHermite, ...start } = kleinKramersSizes(problem);
  const solve = (c: number, n: number) =>
    kleinKramersLevel(potential, D, gamma, mass, domain, c, n);
  const levels: KleinKramersLevel[] = [];
  const ladder = hermiteLadder(solve, cells, start.hermite, maxHermite, tolerance, levels);
  const { lambda1, error } = gridExtrapolation(solve, cells, ladder, levels);
  const relative = error / Math.abs(lambda1);
  const converged = relative <= tolerance;
  const warnings: string[] = [];
  if (!converged) {
    warnings.push(
      `Klein–Kramers λ1 converged only to a relative ${Number(relative.toPrecision(2))} > ${tolerance} (${cells}/${2 * cells} cells, up to ${ladder.last.hermite} Hermite functions)`,
    );
  }
  return {
    lambda1,
    error,
    levels,
    domain: { min: domain.min, max: domain.max },
    retcode: converged ? 'success' : 'not_converged',
    warnings,
  };
}
