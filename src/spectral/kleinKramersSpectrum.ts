import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireCount,
  requireFinite,
  requirePositive,
} from '../core/index.js';
import { basinIntegrals, smallEigenvector } from './basinProjections.js';
import { PANEL, packedSize } from './denseLu.js';
import {
  type DenseEngine,
  type DenseKernels,
  denseArena,
  denseEngine,
  type Hessenberg,
  lendArena,
} from './denseWasm.js';
import { type GridMap, lobatto, mapToX } from './lobatto.js';
import { type Complex, decayRate, dominantEigenvalues } from './ritzValues.js';
import { MIN_TIME_SCALE_SEPARATION } from './separationWarnings.js';
import { prolong, type SolvedBasis } from './warmStart.js';

/**
 * The slowest eigenvalues of the Klein–Kramers operator, dx = v dt, m dv = −U′ dt − γ v dt +
 * √(2γD) dW (docs/conventions.md §0), to a relative 1e-8 with an error estimate.
 *
 * **Hierarchy.** With W = e^{−Φ/2} ψ_0(v) Σ_n c_n(x) ψ_n(v), Φ = U/D, ψ_n the Hermite functions of
 * the Maxwellian (thermal speed s = √(D/m)) the operator −L (decay rates ≥ 0) is block-tridiagonal
 * in the Hermite index n (Risken, The Fokker–Planck Equation, 1989, §10.4):
 *   (−L c)_n = n η c_n + √(n+1) D̂⁻ c_{n+1} + √n D̂ c_{n−1},   η = γ/m,
 *   D̂ = s(∂x + Φ′/2),  D̂⁻ = s(∂x − Φ′/2).
 *
 * **x.** Legendre–Gauss–Lobatto collocation (lobatto.ts) on the interval where the Boltzmann
 * weight exceeds e^{−30} of the highest well bottom's (c_n = 0 at both ends, natural boundaries),
 * through the Kosloff–Tal-Ezer map x ∝ arcsin(α t)/arcsin(α) (Kosloff & Tal-Ezer, J. Comput.
 * Phys. 104, 457, 1993), which spreads the nodes more evenly than plain Lobatto points (the wells
 * fill the interval; nothing happens at its ends), with α = sech(ln(1e16)/K) (Don & Solomonoff,
 * SIAM J. Sci. Comput. 18, 1997) so the map keeps spectral accuracy to rounding. The unknowns are
 * scaled by the square roots of the quadrature weights, c̃ = √w·c: the Lobatto derivative is
 * summation-by-parts, so in these unknowns D̂⁻ = −D̂ᵀ exactly, as the continuum D̂⁻ = −D̂† (the
 * streaming part of −L stays skew-symmetric and −L's symmetric part is diag(nη) ≥ 0). The blocks
 * D̂, D̂⁻ are dense K×K. (Chebyshev collocation, used before, is as accurate per point — tilted
 * well, D = 0.025, γ = 0.05, N = 518: K = 144, 160, 180 give 1.4e-8, 4.8e-10, 4.4e-11 against
 * Lobatto's 1.1e-8, 1.1e-9, 3.1e-11 — but has no such norm.)
 *
 * **Shift-invert.** −L + δ is factored by block elimination over n from the top (Risken's matrix
 * continued fraction): M_{N−1} = a_{N−1}, M_n = a_n − (n+1) D̂⁻ M_{n+1}⁻¹ D̂, a_n = nη + δ,
 * O(N K³) work and N K²/2 storage; each solve is then O(N K²). With D̂⁻ = −D̂ᵀ (the x grid) every
 * M_n = a_n + (n+1) D̂ᵀ M_{n+1}⁻¹ D̂ is symmetric positive definite (by induction from
 * M_{N−1} = a_{N−1} > 0), so it is factored without pivoting, M = L̂ Δ L̂ᵀ (stable for SPD
 * matrices: Golub & Van Loan 2013, §4.2; ldltFactor, from M's lower triangle), and with
 * Z = L̂⁻¹ D̂ the next block is a_n + (n+1) Zᵀ Δ⁻¹ Z: a forward solve and half a product. On the
 * full grid the unknowns are first turned by one orthogonal Q (couplingBlocks) that makes D̂
 * lower Hessenberg; then Z is lower Hessenberg too and the solve and product skip its zeros:
 * K³/3 flops each, with the LDLᵀ's K³/3, against 2.67 K³ for the dense forms and 4.67 K³ for a
 * pivoted LU (bench/README.md). Each M_n is made and factored in one K×K block and only its L̂
 * and Δ are kept (packLdlt: K²/2 + 2K doubles, as U = Δ L̂ᵀ repeats them), so a level's memory,
 * and the pages a fresh process must touch first, are half those of full blocks (129 → 65 MB for
 * the tilted well at D = 0.025, γ = 0.05); the solves read L̂ for Lᵀ too (packedSolvePanel).
 * Orthogonal iteration with
 * Rayleigh–Ritz (Stewart, Matrix Algorithms II, 2001, §6.1) on (−L + δ)⁻¹ with p + 2 vectors
 * finds the p slowest modes (λ0 ≈ 0, λ1, …, one per well). δ is set near λ1 (from a coarse
 * solve), so 1/μ − δ loses no digits and λ1 converges at the rate (λ1 + δ)/(λ_{p+2} + δ) per step.
 *
 * **Why it converges, and the error estimate.** For fixed γ > 0 the c_n decay in n (the
 * eigenfunction is smooth in v; Hermite coefficients of a smooth function fall faster than any
 * power), and each c_n is analytic in x, so both truncations converge geometrically: the error at
 * basis size (K, N) is ≈ C ρ^{−K} + C′ ρ′^{−N}. The two are not independent: the high Hermite
 * coefficients oscillate in x on a scale ∝ 1/√n, so N Hermite functions want K ∝ √N points, and a
 * refinement of N alone at a fixed K adds blocks the grid under-resolves (the change then measures
 * that pollution, not the N truncation). The ladder therefore refines both together, K → 1.25K
 * and N → 1.5N (K ∝ √N), from a predicted start: along that diagonal the error falls
 * geometrically, λ_j − λ* ≈ C r^j, and once two successive changes show r ≤ 1/2 the last change
 * |λ_J − λ_{J−1}| bounds the last level's error (it is |Δ|·r/(1 − r) ≤ |Δ|). That change, the
 * iterations' last changes and a rounding floor are the error (ladder()). Each full step costs
 * 2.9 times the level before; once a level is predicted within the tolerance the next is a check
 * step of 1.4 times (checkK, FALL), whose change is then the error: a converged ladder is a start,
 * a full step and a check, about 2.8 times its middle level (4.3 times with a full last step).
 * Weak friction is the hard end: the eigenfunction has a layer of width ∝ √γ about the
 * separatrix energy, so N grows like 1/γ and K like √N; where the caps on N and K·K·N storage or
 * the work cap stop the ladder the result says `not_converged` with the accuracy it reached.
 *
 * **Cost** (issue 13, measured in bench/README.md). Four iteration vectors share each level's
 * factors as one k×4 panel (denseLu.ts); each level starts from the Ritz basis of the level solved
 * before it (warmStart.ts: 3–4 iterations instead of ~9 from a cold start) and settles at 1e-3 of
 * the tolerance (slowestModes): none of this changes a level's answer beyond its iteration change,
 * which is part of the error as before, so the ladder and its estimate are the same. A
 * mirror-symmetric pair of wells solves only the odd parity sector (paritySector): the same
 * discretisation restricted exactly to the subspace that holds λ1, at (K/2)³·N work (its two D̂,
 * one per parity of n, have no common Hessenberg basis: it keeps the dense forms). All levels
 * share one memory, kept for the thread's next solve (lendArena), so only pages past the largest
 * level solved before are touched fresh. The dense kernels run on WebAssembly SIMD where it validates (denseWasm.ts; `engine: 'js'` for the
 * JavaScript reference): the same operations up to the order of the sums, λ1 equal to rounding.
 */

export interface KleinKramersSpectrumProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T. */
  readonly D: number;
  /** Friction coefficient γ. */
  readonly gamma: number;
  /** Mass m (default 1). */
  readonly mass?: number;
  /** An interval holding every stationary point; widened to natural boundaries (e^{−30}). */
  readonly searchDomain: { readonly min: number; readonly max: number };
  /** Modes wanted, λ0 included: the number of wells (default 2). */
  readonly modes?: number;
  /** Relative accuracy wanted for λ1 … λ_{p−1} (default 1e-8). */
  readonly tolerance?: number;
  /** Cap on the Hermite functions (default 3000). */
  readonly maxHermite?: number;
  /** Cap on the collocation points (default 320). */
  readonly maxPoints?: number;
  /**
   * Cap on the work of all solves, Σ K³·N (Σ (K/2)³·N for mirror-symmetric wells; default 1.2e10
   * on the WebAssembly kernels, 6e9 on the JavaScript ones: about 15 s on an idle core either way,
   * up to 30 s for mirror-symmetric wells): past it the result is the best reached,
   * `not_converged` with its error.
   */
  readonly maxWork?: number;
  /**
   * The dense kernels of the block elimination: WebAssembly SIMD (the default where it validates)
   * or the JavaScript reference; the same discretisation and ladder either way, the eigenvalues
   * equal to rounding.
   */
  readonly engine?: DenseEngine;
  /**
   * Basin boundaries (barrier tops between neighbouring wells, ascending): with them each solve
   * also projects its slow modes' position marginals on the basins (for the rate matrix).
   */
  readonly splits?: readonly number[];
  /**
   * A second thread for the ladder's check level, solved alongside the level it checks
   * (`createKleinKramersHelper` of `kramers/node`); default: the one `useKleinKramersHelper`
   * set, if any; null for none. The eigenvalues are the same to the bit either way.
   */
  readonly helper?: KleinKramersHelper | null;
}

export interface KleinKramersSpectrumLevel {
  readonly points: number;
  readonly hermite: number;
  readonly eigenvalues: readonly number[];
  readonly iterations: number;
  /** Wall time of this solve (factorisation and iteration), seconds. */
  readonly seconds: number;
  /** The part of `seconds` spent on the block factorisation (the rest is the iteration). */
  readonly factorSeconds: number;
}

export interface KleinKramersSpectrum {
  /** Ascending decay rates: λ0 ≈ 0 (equilibrium), then λ1 (population relaxation), … */
  readonly eigenvalues: number[];
  /** Absolute error estimates (basis-refinement changes plus the iteration's last change). */
  readonly errors: number[];
  /** The (points, Hermite) solves behind the result, in the order they were made. */
  readonly levels: KleinKramersSpectrumLevel[];
  readonly domain: { readonly min: number; readonly max: number };
  readonly retcode: RetCode;
  readonly warnings: string[];
  /** With `splits`: the basin projections of the slow modes behind the result (see below). */
  readonly basinProjections?: BasinProjections;
}

/**
 * Q[j][i] = ∫_{basin i} ρ_j dx, ρ_j(x) = ∫ W_j dv = e^{−Φ/2} c_0^{(j)}(x) the position marginal of
 * the j-th slow right eigenvector (the Hermite functions ψ_n, n ≥ 1, integrate to 0 over v against
 * ψ_0), each mode in its own arbitrary scale and sign: at the level behind the eigenvalues (`base`)
 * and at the levels refined from it (their differences are the projections' error).
 */
export interface BasinProjections {
  readonly base: number[][];
  readonly refined: number[][][];
  /** False where the caps left a refinement out (its change is then not among `refined`). */
  readonly complete: boolean;
}

/**
 * The collocation grid: K interior points of a mapped Legendre–Lobatto grid and ∂x on them, or
 * (paritySector) the half of it that carries one parity sector of a mirror-symmetric problem.
 * The unknowns are scaled, c̃_n(x_i) = √w_i·c_n(x_i) with w_i the quadrature weights, so that
 * D̂⁻ = −D̂ᵀ exactly (summation by parts, lobatto.ts).
 */
export interface Grid {
  /** Unknowns per Hermite block: K, or K/2 in a parity sector. */
  readonly k: number;
  readonly x: Float64Array;
  /**
   * D̂ = s(∂x + Φ′/2) and D̂⁻ = s(∂x − Φ′/2), k×k row-major, acting on c_m: index m & 1 (in a
   * parity sector c_m's parity alternates with m, and so does the reduced matrix).
   */
  readonly ups: readonly [Float64Array, Float64Array];
  readonly downs: readonly [Float64Array, Float64Array];
  /** e^{−Φ/2} on the grid (Φ from the domain's minimum), the equilibrium c_0 (unscaled). */
  readonly ground: Float64Array;
  /** √w_i, the scale of the unknowns: c̃ = √w·c. */
  readonly root: Float64Array;
  /** The full grid's map (K points). */
  readonly map: GridMap;
  /** 0: the full problem; σ = ±1: the parity sector where c_m has x-parity σ(−1)^m. */
  readonly sector: number;
}

function mappedGrid(
  potential: Potential1D,
  D: number,
  mass: number,
  domain: { min: number; max: number; uMin: number },
  k: number,
): Grid {
  const n = k + 1;
  const { t, pn, w } = lobatto(n);
  const alpha = 1 / Math.cosh(Math.log(1e16) / k);
  const map: GridMap = {
    k,
    mid: (domain.min + domain.max) / 2,
    half: (domain.max - domain.min) / 2,
    alpha,
  };
  const x = new Float64Array(k);
  const root = new Float64Array(k);
  const ground = new Float64Array(k);
  const halfForce = new Float64Array(k);
  for (let i = 1; i <= k; i++) {
    const at = mapToX(map, t[i]!);
    x[i - 1] = at.x;
    // The quadrature weight in x: w_i·dx/dt (the map keeps summation by parts: W_x D_x = W_t D_t).
    root[i - 1] = Math.sqrt(w[i]! * at.dxdt);
    const force = potential.dU(at.x);
    const u = potential.U(at.x);
    if (!Number.isFinite(force) || !Number.isFinite(u)) {
      throw new KramersError('not_finite', `U or U′ is not finite at x = ${at.x}`, {
        issues: [{ path: 'potential', message: 'not finite on the Klein–Kramers grid' }],
      });
    }
    ground[i - 1] = Math.exp(-(u - domain.uMin) / (2 * D));
    halfForce[i - 1] = force / (2 * D);
  }
  const s = Math.sqrt(D / mass);
  const up = new Float64Array(k * k);
  const down = new Float64Array(k * k);
  const scale = (2 * s) / (n * (n + 1));
  for (let i = 1; i <= k; i++) {
    const row = (i - 1) * k;
    for (let j = 1; j <= k; j++) {
      if (j === i) continue;
      // S_ij = w_i D_ij = 2/(n(n+1) P_n(t_i) P_n(t_j) (t_i − t_j)): skew-symmetric to the bit,
      // as fl(t_i − t_j) = −fl(t_j − t_i); then W^{−1/2} S W^{−1/2} in the scaled unknowns.
      const v = scale / (pn[i]! * pn[j]! * (t[i]! - t[j]!) * root[i - 1]! * root[j - 1]!);
      up[row + j - 1] = v;
      down[row + j - 1] = v;
    }
    up[row + i - 1] = s * halfForce[i - 1]!;
    down[row + i - 1] = -s * halfForce[i - 1]!;
  }
  return { k, x, ups: [up, up], downs: [down, down], ground, root, map, sector: 0 };
}

/**
 * One parity sector of a mirror-symmetric problem, U(mid + y) = U(mid − y). The Klein–Kramers
 * operator commutes with (x, v) → (2·mid − x, −v); ψ_m(−v) = (−1)^m ψ_m(v), so in the sector of
 * parity σ each c_m has x-parity σ(−1)^m (Risken 1989, §10.4.3 uses the same split). On the
 * mirror-symmetric nodes x_{K−1−i} = 2·mid − x_i, c_m is fixed by its values on the right half,
 * and a K×K operator on c_m of parity s restricts to the K/2×K/2 block A_r[i][j] = A[h+i][h+j] +
 * s·A[h+i][h−1−j] (h = K/2): exactly the full discretisation on that subspace, at an eighth of
 * the factorisation's work. λ1 (the population difference, odd c_0) is the slowest mode of σ = −1;
 * λ0 = 0 lives in σ = +1 and is not solved for.
 */
function paritySector(full: Grid, sigma: number): Grid {
  const { k } = full;
  const h = k / 2;
  const reduce = (A: Float64Array, parity: number) => {
    const R = new Float64Array(h * h);
    for (let i = 0; i < h; i++) {
      const row = (h + i) * k;
      for (let j = 0; j < h; j++) R[i * h + j] = A[row + h + j]! + parity * A[row + h - 1 - j]!;
    }
    return R;
  };
  const up = full.ups[0];
  const down = full.downs[0];
  return {
    k: h,
    x: full.x.slice(h),
    ups: [reduce(up, sigma), reduce(up, -sigma)],
    downs: [reduce(down, sigma), reduce(down, -sigma)],
    ground: full.ground.slice(h),
    root: full.root.slice(h),
    map: full.map,
    sector: sigma,
  };
}

/** The one of a grid's D̂ (or D̂⁻) pair that acts on c_m. */
const ofIndex = (pair: readonly [Float64Array, Float64Array], m: number) =>
  m % 2 === 0 ? pair[0] : pair[1];

/** Kernels for one factor at a time (denseArena): each call gives up the arrays of the last. */
type Arena = (doubles: number) => DenseKernels;

/** (−L + δ) factored by block elimination over the Hermite index. */
export interface Factor {
  readonly grid: Grid;
  readonly hermite: number;
  readonly eta: number;
  readonly delta: number;
  /** LDLᵀ of M_n, n = 0 … N−1, each packed (packLdlt: packedSize(k) doubles), consecutive. */
  readonly lu: Float64Array;
  /** The kernels and their copies of D̂, D̂⁻ (by parity of n), and panels for solveShifted. */
  readonly kernels: DenseKernels;
  readonly ups: readonly [Float64Array, Float64Array];
  readonly downs: readonly [Float64Array, Float64Array];
  readonly X: Float64Array;
  readonly tmp: Float64Array;
  /** Q and Qᵀ of the coupling's Hessenberg basis (couplingBlocks), in the kernels' memory. */
  readonly basis: { readonly Q: Float64Array; readonly Qt: Float64Array } | null;
}

/**
 * The coupling blocks in the factor's memory, in the basis that makes them Hessenberg where one
 * exists: a grid whose D̂ is the same at every n (the full grid; a parity sector alternates two,
 * which no one basis makes Hessenberg, and keeps the dense forms). Qᵀ D̂ᵀ Q = H upper Hessenberg
 * (hessenberg.ts), so in the unknowns Qᵀc_n, D̂ → Hᵀ (lower Hessenberg) and D̂⁻ = −D̂ᵀ → −H: an
 * orthogonal change of basis in x, the same at every n, so −L keeps its eigenvalues, a_n·I its
 * diagonal and every M_n its symmetry. With D̂ lower Hessenberg, Z = L̂⁻¹D̂ is too (a product of
 * lower triangles, one superdiagonal), and factorShifted's forward solve and product skip Z's
 * zeros: K³/3 flops each for K³. The reduction costs 4.7 K³ once a level, against N ≈ 2.5 K
 * blocks.
 */
function couplingBlocks(grid: Grid, kernels: DenseKernels) {
  const { k } = grid;
  const kk = k * k;
  const copy = (m: Float64Array) => {
    const c = kernels.array(kk);
    c.set(m);
    return c;
  };
  if (grid.ups[0] !== grid.ups[1]) {
    const ups = [copy(grid.ups[0]), copy(grid.ups[1])] as const;
    return { ups, downs: [copy(grid.downs[0]), copy(grid.downs[1])] as const, basis: null };
  }
  // D̂ᵀ = −D̂⁻ to the bit (mappedGrid); reduced in place to H.
  const H = copy(grid.downs[0]);
  for (let q = 0; q < kk; q++) H[q] = -H[q]!;
  const Q = kernels.array(kk);
  kernels.hessenbergReduce(H, k, Q, kernels.array(3 * k));
  const [T, Qt] = [kernels.array(kk), kernels.array(kk)];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      T[j * k + i] = H[i * k + j]!;
      Qt[j * k + i] = Q[i * k + j]!;
    }
  }
  for (let q = 0; q < kk; q++) H[q] = -H[q]!;
  return { ups: [T, T] as const, downs: [H, H] as const, basis: { Q, Qt } };
}

/**
 * Doubles of one level's memory: the packed factors, D̂ and D̂⁻, work blocks and the iteration's
 * panels (hermite·packedSize(k) and 13·k²: eight k×k work arrays and room for prolong's two).
 */
function levelDoubles(k: number, hermite: number): number {
  return hermite * packedSize(k) + 13 * k * k + (hermite + 1) * k * PANEL;
}

function factorShifted(
  grid: Grid,
  eta: number,
  hermite: number,
  delta: number,
  arena: Arena,
): Factor {
  const { k } = grid;
  const kk = k * k;
  const kernels = arena(levelDoubles(k, hermite));
  // Each M_n is made and factored in one k×k block W (it stays in cache), then its L̂ and Δ are
  // packed away: half of W, as U = Δ L̂ᵀ repeats them (packLdlt). W holds M_{n+1}'s factor
  // until Z is formed from it. Every packed block is written before it is read.
  const size = packedSize(k);
  const lu = kernels.array(hermite * size, false);
  const W = kernels.array(kk);
  const { ups, downs, basis } = couplingBlocks(grid, kernels);
  const kernel = bound(kernels);
  const { ldltFactor, packLdlt } = kernel;
  const forwardSolveMatrix = basis ? kernel.forwardSolveHessenberg : kernel.forwardSolveMatrix;
  const lowerProduct = basis ? kernel.lowerProductHessenberg : kernel.lowerProduct;
  const [Z, Zt, scaled] = [kernels.array(kk), kernels.array(kk), kernels.array(kk)];
  for (let n = hermite - 1; n >= 0; n--) {
    if (n < hermite - 1) {
      // M_n = a_n + (n+1) D̂ᵀ M_{n+1}⁻¹ D̂ (D̂⁻ = −D̂ᵀ), and with M_{n+1} = L̂ Δ L̂ᵀ (its no-pivot
      // LU, U = Δ L̂ᵀ) and Z = L̂⁻¹ D̂: M_n = a_n + (n+1) Zᵀ Δ⁻¹ Z, symmetric positive definite.
      Z.set(ofIndex(ups, n));
      forwardSolveMatrix(W, k, Z, 0);
      transposeScaled(Z, k, W, 0, Zt, scaled, basis !== null);
      lowerProduct(Zt, scaled, k, W, 0, n + 1);
    }
    for (let i = 0; i < k; i++) W[i * k + i]! += n * eta + delta;
    ldltFactor(W, k, 0);
    packLdlt(W, k, 0, lu, n * size);
  }
  const [X, tmp] = [kernels.array(hermite * k * PANEL), kernels.array(k * PANEL)];
  return { grid, hermite, eta, delta, lu, kernels, ups, downs, X, tmp, basis };
}

/**
 * Zt ← Zᵀ and scaled ← Δ⁻¹Z, Δ the diagonal of the factor at `offset` (its U's diagonal). For a
 * lower Hessenberg Z only its nonzeros: the zeros of Zt and scaled, in the same places for every
 * n, are left from when the arrays were made.
 */
function transposeScaled(
  Z: Float64Array,
  k: number,
  lu: Float64Array,
  offset: number,
  Zt: Float64Array,
  scaled: Float64Array,
  hessenberg: boolean,
): void {
  for (let i = 0; i < k; i++) {
    const inv = 1 / lu[offset + i * k + i]!;
    const row = i * k;
    const end = hessenberg ? Math.min(k, i + 2) : k;
    for (let j = 0; j < end; j++) {
      const z = Z[row + j]!;
      Zt[j * k + i] = z;
      scaled[row + j] = z * inv;
    }
  }
}

/** The kernels' methods as functions (the WebAssembly ones are a class's). */
function bound(kernels: DenseKernels) {
  return {
    ldltFactor: kernels.ldltFactor.bind(kernels),
    forwardSolveMatrix: kernels.forwardSolveMatrix.bind(kernels),
    forwardSolveHessenberg: kernels.forwardSolveHessenberg.bind(kernels),
    lowerProduct: kernels.lowerProduct.bind(kernels),
    lowerProductHessenberg: kernels.lowerProductHessenberg.bind(kernels),
    packLdlt: kernels.packLdlt.bind(kernels),
    packedSolvePanel: kernels.packedSolvePanel.bind(kernels),
    matPanel: kernels.matPanel.bind(kernels),
    matPanelHessenberg: kernels.matPanelHessenberg.bind(kernels),
  };
}

/**
 * rs ← (−L + δ)⁻¹ rs for several vectors at once: eliminate upward in n, then substitute
 * downward. The vectors go four at a time as k×4 panels (denseLu's panel kernels), so each
 * level's factors are read once for four vectors.
 */
function solveShifted(f: Factor, rs: readonly Float64Array[], out: Float64Array[]): void {
  for (let g = 0; g < rs.length; g += PANEL) {
    solvePanels(f, rs.slice(g, g + PANEL), out.slice(g, g + PANEL));
  }
}

/** solveShifted for up to four vectors, gathered into panels X[(n·k + i)·4 + c]. */
function solvePanels(f: Factor, rs: readonly Float64Array[], out: Float64Array[]): void {
  const { grid, hermite, lu, ups, downs, X, tmp } = f;
  const { packedSolvePanel } = bound(f.kernels);
  const [down, up] = [couplingPanel(f, 'upper'), couplingPanel(f, 'lower')];
  const { k } = grid;
  const size = packedSize(k);
  gather(X, rs);
  const block = k * PANEL;
  for (let n = hermite - 1; n >= 0; n--) {
    if (n < hermite - 1) {
      down(ofIndex(downs, n + 1), (n + 1) * block, X, n * block, -Math.sqrt(n + 1));
    }
    packedSolvePanel(lu, k, n * size, X, n * block);
  }
  for (let n = 1; n < hermite; n++) {
    tmp.fill(0);
    up(ofIndex(ups, n - 1), (n - 1) * block, tmp, 0, 1);
    packedSolvePanel(lu, k, n * size, tmp, 0);
    const sq = Math.sqrt(n);
    const base = n * block;
    for (let q = 0; q < block; q++) X[base + q]! -= sq * tmp[q]!;
  }
  scatter(X, out);
}

/**
 * out += scale·A·(X's panel at xOffset) for a coupling block A: in the Hessenberg basis D̂ is
 * lower and D̂⁻ upper Hessenberg (couplingBlocks), and their zeros are skipped.
 */
function couplingPanel(f: Factor, shape: Hessenberg) {
  const { k } = f.grid;
  const { matPanel, matPanelHessenberg } = bound(f.kernels);
  return (A: Float64Array, xOffset: number, out: Float64Array, outOffset: number, scale: number) =>
    f.basis
      ? matPanelHessenberg(A, k, f.X, xOffset, out, outOffset, scale, shape)
      : matPanel(A, k, f.X, xOffset, out, outOffset, scale);
}

/** Up to four vectors into the panels X[(n·k + i)·4 + c] (the rest of X zero). */
function gather(X: Float64Array, vectors: readonly Float64Array[]): void {
  X.fill(0);
  vectors.forEach((r, c) => {
    for (let q = 0; q < r.length; q++) X[q * PANEL + c] = r[q]!;
  });
}

/** gather's inverse. */
function scatter(X: Float64Array, vectors: readonly Float64Array[]): void {
  vectors.forEach((r, c) => {
    for (let q = 0; q < r.length; q++) r[q] = X[q * PANEL + c]!;
  });
}

/**
 * Vectors of c̃_n, n < N, in place: each c̃_n ← R·c̃_n (R = Qᵀ into the factor's Hessenberg
 * basis, Q back). The iteration runs in that basis, so the solves need no change of basis.
 */
function rotateVectors(f: Factor, vectors: readonly Float64Array[], R: Float64Array): void {
  const { k } = f.grid;
  const block = k * PANEL;
  const { matPanel } = bound(f.kernels);
  for (let g = 0; g < vectors.length; g += PANEL) {
    const group = vectors.slice(g, g + PANEL);
    gather(f.X, group);
    for (let n = 0; n < f.hermite; n++) {
      f.tmp.fill(0);
      matPanel(R, k, f.X, n * block, f.tmp, 0, 1);
      f.X.set(f.tmp, n * block);
    }
    scatter(f.X, group);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Modified Gram–Schmidt, twice (Giraud et al., Numer. Math. 101, 2005: "twice is enough"). */
function orthonormalise(vectors: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < vectors.length; j++) {
      const v = vectors[j]!;
      for (let i = 0; i < j; i++) {
        const q = vectors[i]!;
        const c = dot(q, v);
        for (let l = 0; l < v.length; l++) v[l]! -= c * q[l]!;
      }
      const norm = Math.sqrt(dot(v, v));
      for (let l = 0; l < v.length; l++) v[l]! /= norm;
    }
  }
}

export interface ModeSolve {
  readonly eigenvalues: number[];
  /** The last change of each eigenvalue in the iteration. */
  readonly changes: number[];
  readonly iterations: number;
  /** With basin cuts: Q[j][i], the j-th mode's position marginal integrated over basin i. */
  readonly projections?: number[][];
  /** The last Ritz basis: a warm start for the next level (warmStart.ts). */
  readonly basis: SolvedBasis;
  /** The decay rate of the first mode after the p wanted (its real part), for the gap. */
  readonly next?: number;
  /** Set where the slowest non-zero modes are a complex pair λ = re ± i·im: no rate. */
  readonly oscillatory?: Complex;
}

function startVectors(grid: Grid, hermite: number, count: number): Float64Array[] {
  const { k, ground, root } = grid;
  const vectors: Float64Array[] = [];
  for (let j = 0; j < count; j++) {
    const v = new Float64Array(k * hermite);
    for (let i = 0; i < k; i++) {
      v[i] = root[i]! * ground[i]! * Math.cos((j * Math.PI * (i + 0.5)) / k);
    }
    // A small deterministic admixture of every component, so no mode is missed by symmetry.
    for (let q = 0; q < v.length; q++) v[q]! += 1e-3 * Math.sin(1 + 7.3 * q + 2.1 * j);
    vectors.push(v);
  }
  return vectors;
}

/**
 * The p slowest modes of one discretisation, by orthogonal iteration with Rayleigh–Ritz. The
 * iteration stops at a relative change of 1e-13, or earlier at `settle` (a fraction of the
 * ladder's tolerance) once the changes fall at least twofold a step: then the steps left would
 * move λ by less than the last change (a geometric tail of ratio ≤ 1/2), which enters the error.
 */
function slowestModes(
  f: Factor,
  p: number,
  cuts?: readonly number[],
  settle = 1e-13,
  start?: SolvedBasis,
  floor = 0,
): ModeSolve {
  const b = p + 2;
  const { grid, hermite } = f;
  // A warm start is carried straight into the Hessenberg basis; orthonormal either way (the
  // turn is orthogonal block by block).
  let Q = start
    ? prolong(start, grid, hermite, f.kernels, f.basis?.Qt)
    : startVectors(grid, hermite, b);
  orthonormalise(Q);
  if (f.basis && !start) rotateVectors(f, Q, f.basis.Qt);
  let previous: number[] = [];
  let changes: number[] = new Array(p).fill(Number.POSITIVE_INFINITY);
  let lastWorst = Number.POSITIVE_INFINITY;
  let iterations = 0;
  let ritz = { basis: Q, T: [] as number[][], mu: [] as number[] };
  const watch = modeWatch(f.delta);
  // Two sets of vectors, Q and Z = (−L + δ)⁻¹ Q, swapped each step (no allocation in the loop).
  let Z: Float64Array[] = Q.map((q) => new Float64Array(q.length));
  for (; iterations < 200; iterations++) {
    solveShifted(f, Q, Z);
    const T = Q.map((_, i) => Z.map((z) => dot(Q[i]!, z)));
    // In the parity sector σ = −1 the slowest mode is λ1; λ0 = 0 exactly (the equilibrium).
    const values = dominantEigenvalues(T, grid.sector ? p - 1 : p);
    const mu = values.values;
    ritz = { basis: Q, T, mu };
    const lambda = mu.map((m) => 1 / m - f.delta).sort((x, y) => x - y);
    if (grid.sector) lambda.unshift(0);
    if (watch.see(values)) {
      previous = lambda;
      break;
    }
    if (previous.length === p) {
      changes = lambda.map((l, j) => Math.abs(l - previous[j]!));
      // Relative to each λ_j (λ0 ≈ 0: relative to λ1). Converged at 1e-13, or stalled at the
      // rounding level (no longer halving, below 1e-10): the last change is part of the error.
      const worst = Math.max(...changes.map((c, j) => c / Math.abs(lambda[Math.max(j, 1)]!)));
      // Or at the ladder's absolute rounding floor, where λ itself is rounding noise (ΔU/D = 80:
      // λ1 ≈ 2e-14 of noise for 5e-36, relative changes of order 1 that ran the 200 steps).
      const noise = changes.every((c) => c <= 2 * floor);
      const stalled = iterations >= 8 && (worst <= 1e-10 || noise) && worst > lastWorst / 2;
      const settled = worst <= settle && worst <= lastWorst / 2;
      lastWorst = worst;
      if (((worst <= 1e-13 || settled) && iterations >= 2) || stalled) {
        previous = lambda;
        break;
      }
    }
    previous = lambda;
    orthonormalise(Z);
    [Q, Z] = [Z, Q];
  }
  if (f.basis) rotateVectors(f, ritz.basis, f.basis.Q);
  const basis = {
    map: grid.map,
    root: grid.root,
    hermite,
    sector: grid.sector,
    vectors: ritz.basis,
  };
  const found = {
    eigenvalues: previous,
    changes,
    iterations,
    basis,
    ...(watch.next !== undefined ? { next: watch.next } : {}),
    ...(watch.oscillatory ? { oscillatory: watch.oscillatory } : {}),
  };
  if (!cuts || watch.oscillatory) return found;
  return { ...found, projections: projectModes(f, ritz, cuts) };
}

/**
 * What slowestModes watches beside the wanted eigenvalues, step by step. The mode after them
 * (`next`, for the gap) converges more slowly: kept only once its decay rate has settled to 1e-3.
 * A complex pair among the slowest modes has no real rate to converge to (the loop ran its 200
 * steps at every level: over a minute at ΔU/D = 0.1): steady to 1e-3 for three steps in a row (a
 * poor start shows passing pairs: symmetric well, D = 1, γ = 1, whose slowest mode is real, gave
 * 0.60 ± 0.07i then 0.58 ± 0.07i), `see` returns true and `oscillatory` holds it.
 */
function modeWatch(delta: number) {
  let [lastNext, lastPair]: (Complex | undefined)[] = [undefined, undefined];
  let steady = 0;
  const settled = (a: Complex | undefined, b: Complex | undefined) =>
    a !== undefined && b !== undefined && Math.abs(a.re - b.re) <= 1e-3 * Math.abs(a.re);
  const watch = {
    next: undefined as number | undefined,
    oscillatory: undefined as Complex | undefined,
    see(values: ReturnType<typeof dominantEigenvalues>): boolean {
      const next = values.next ? decayRate(values.next, delta) : undefined;
      watch.next = settled(next, lastNext) ? next!.re : undefined;
      lastNext = next;
      const pair = values.complexPair ? decayRate(values.complexPair, delta) : undefined;
      steady = settled(pair, lastPair) ? steady + 1 : 0;
      lastPair = pair;
      if (steady >= 3) watch.oscillatory = pair;
      return steady >= 3;
    },
  };
  return watch;
}

/**
 * Basin integrals of the Ritz vectors' position marginals, in ascending order of λ: the Ritz
 * vector of μ_j is Σ_i y_i q_i with y the eigenvector of the Rayleigh quotient T (Stewart 2001,
 * §6.1); only its Hermite-index-0 block c_0 enters the marginal e^{−Φ/2} c_0.
 */
function projectModes(
  f: Factor,
  ritz: { basis: Float64Array[]; T: number[][]; mu: number[] },
  cuts: readonly number[],
): number[][] {
  const { k, ground, root, map } = f.grid;
  const modes = ritz.mu.map((mu) => {
    const y = smallEigenvector(ritz.T, mu);
    const marginal = new Float64Array(k);
    for (let i = 0; i < ritz.basis.length; i++) {
      const q = ritz.basis[i]!;
      for (let l = 0; l < k; l++) marginal[l]! += y[i]! * q[l]!;
    }
    // c_0 = c̃_0/√w (the scaled unknowns), and the marginal is e^{−Φ/2}·c_0.
    for (let l = 0; l < k; l++) marginal[l]! *= ground[l]! / root[l]!;
    return { lambda: 1 / mu - f.delta, integrals: basinIntegrals(map, marginal, cuts) };
  });
  return modes.sort((a, b) => a.lambda - b.lambda).map((m) => m.integrals);
}

/** Boltzmann weight at the ends, relative to the highest well bottom: e^{−CUT}. */
const CUT = 30;

/**
 * The interval of natural boundaries: the search interval widened until U is CUT·D above the
 * *highest* well bottom on each side, so that every well, the shallow one of a tilted pair too,
 * sees a weight below e^{−30} at the ends (a cut relative to the global minimum leaves the shallow
 * well of x⁴/4 − x²/2 + 0.1x at D = 0.025 only e^{−22}: a 2e-9 error in λ1).
 */
function slowModeDomain(
  potential: Potential1D,
  D: number,
  search: { min: number; max: number },
): { min: number; max: number; uMin: number } {
  let { min, max } = search;
  const span = max - min;
  const u = Array.from({ length: 801 }, (_, i) => potential.U(min + (span * i) / 800));
  const uMin = Math.min(...u);
  let uWell = uMin;
  for (let i = 1; i < 800; i++) {
    if (u[i]! <= u[i - 1]! && u[i]! <= u[i + 1]!) uWell = Math.max(uWell, u[i]!);
  }
  const out = (x: number) => (potential.U(x) - uWell) / D > CUT;
  ({ min, max } = cutInward({ min, max }, out));
  for (const side of [-1, 1]) {
    let step = span / 64;
    for (let k = 0; k < 200; k++) {
      if (side < 0 ? out(min) : out(max)) break;
      if (side < 0) min -= step;
      else max += step;
      step *= 1.25;
    }
  }
  if (!out(min) || !out(max) || !Number.isFinite(uMin)) {
    throw new KramersError(
      'invalid_parameter',
      'the Klein–Kramers spectrum needs a confining potential: U does not rise 30 D above its wells on both sides',
      { issues: [{ path: 'potential', message: 'not confining' }] },
    );
  }
  return { min, max, uMin };
}

/**
 * A search interval wider than the natural boundaries, cut in to them: where U is already CUT·D
 * above the highest well at sample i of the 801, the ends move in to the CUT crossing between the
 * outermost samples inside and outside (bisection). The region beyond holds less than e^{−30} of
 * the weight, as at a widened end, and the grid then spends no points on it: the CLI's automatic
 * interval for x⁴/4 − x²/2 + 0.1x at D = 0.025 reaches 88·D above the higher well, and its
 * ladder stopped at the caps (`not_converged`, 2e-8 at γ = 0.05); cut to the crossings, it ends
 * at 196 points within 1e-8.
 */
function cutInward(
  search: { min: number; max: number },
  out: (x: number) => boolean,
): { min: number; max: number } {
  const at = (i: number) => search.min + ((search.max - search.min) * i) / 800;
  const inside = Array.from({ length: 801 }, (_, i) => !out(at(i)));
  const first = inside.indexOf(true);
  const last = inside.lastIndexOf(true);
  if (first < 0) return search;
  const crossing = (a: number, b: number) => {
    // a inside, b outside: keep b outside while halving the gap.
    for (let k = 0; k < 60 && Math.abs(b - a) > 1e-15 * Math.abs(b); k++) {
      const mid = (a + b) / 2;
      if (out(mid)) b = mid;
      else a = mid;
    }
    return b;
  };
  const min = first > 0 ? crossing(at(first), at(first - 1)) : search.min;
  const max = last < 800 ? crossing(at(last), at(last + 1)) : search.max;
  return { min, max };
}

interface Scales {
  readonly omega: number;
  readonly width: number;
}

/** The well frequency √(U″/m) and thermal width √(D/U″) at the lowest point of the domain. */
function scales(
  potential: Potential1D,
  D: number,
  mass: number,
  domain: { min: number; max: number },
): Scales {
  let xMin = domain.min;
  let uMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 800; i++) {
    const x = domain.min + ((domain.max - domain.min) * i) / 800;
    const u = potential.U(x);
    if (u < uMin) {
      uMin = u;
      xMin = x;
    }
  }
  const h = 1e-3 * (domain.max - domain.min);
  const curvature = Math.max(
    (potential.U(xMin + h) - 2 * uMin + potential.U(xMin - h)) / (h * h),
    1e-12,
  );
  return { omega: Math.sqrt(curvature / mass), width: Math.sqrt(D / curvature) };
}

interface Caps {
  readonly maxHermite: number;
  readonly maxPoints: number;
  /** Cap on N·K² (the factors take half of it in doubles: packed L̂ and Δ). */
  readonly maxStorage: number;
  /** Work of all solves together, Σ K³·N (the block elimination's flops over ~5). */
  readonly maxWork: number;
}

/**
 * N·K² at most: 120 MB of packed factors. The cap predates the packing (it was 240 MB of full
 * blocks) and is kept, so every ladder runs as before; the work cap binds first in practice.
 */
const MAX_STORAGE = 3e7;

/**
 * Default cap on Σ K³·N over the ladder, per engine of the dense kernels: about 15 s on an idle
 * core for the full grid, up to twice that in the parity sector's smaller blocks
 * (SECONDS_PER_WORK). JavaScript 6e9 (3e9 until the panel kernels and warm starts halved the
 * seconds per unit); WebAssembly 1.2e10, the same seconds at its ~0.3 of the JavaScript time per
 * unit, which takes the tilted well at ΔU/D = 10, γ = 0.05 to 1e-8 (three levels, 8.8e9; the
 * JavaScript engine stops there at 9e-8, `not_converged`). It bounds the time of the weakest
 * friction, where K³·N grows like γ^{−5/2} (N ∝ 1/γ, K ∝ √N): γ = 0.01 at ΔU/D = 2.5 would take
 * minutes to converge; capped, it says how far it got.
 */
const MAX_WORK: Record<DenseEngine, number> = { js: 6e9, wasm: 1.2e10 };

/**
 * Seconds per unit of K³·N (factorisation and iteration) of a whole ladder at 1e-8, per engine and
 * for the full grid or the parity sector's (K/2)³ blocks: CPU seconds of
 * `node bench/kleinKramersLadder.mjs 1e-8 0.05,0.2,1 0.1,0.05,0.025 0,0.1 js,wasm` (Node 20,
 * 2026-12-07, load average 10–12 on two cores; bench/README.md), the largest of each kind with a
 * margin: JavaScript 1.8–2.3e-9 full, 2.3–4.8e-9 parity; WebAssembly 5.2–6.8e-10 full (1.3e-9 at
 * the smallest ladder, γ = 1, D = 0.1, where the fixed costs weigh), 0.95–3.2e-9 parity (the
 * largest on ladders of 0.1 s). JavaScript's 5e-9 for both (before the per-engine model) made the
 * wasm estimate 3–8 times the time taken on the full grid.
 */
const SECONDS_PER_WORK: Record<DenseEngine, { full: number; parity: number }> = {
  js: { full: 3e-9, parity: 5e-9 },
  wasm: { full: 1.5e-9, parity: 3.5e-9 },
};

/** The problem's checked numbers, the interval of natural boundaries and the first bases. */
function setUp(problem: KleinKramersSpectrumProblem) {
  const { potential } = problem;
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma, 'friction coefficient γ');
  const mass = requirePositive('mass', problem.mass ?? 1, 'm');
  requireFinite('searchDomain.min', problem.searchDomain.min);
  requireFinite('searchDomain.max', problem.searchDomain.max);
  const p = problem.modes ?? 2;
  if (!Number.isInteger(p) || p < 2 || p > 12) {
    throw new KramersError('invalid_parameter', `modes must be an integer from 2 to 12; got ${p}`, {
      issues: [{ path: 'modes', message: 'out of range' }],
    });
  }
  const tolerance = requirePositive('tolerance', problem.tolerance ?? 1e-8, 'relative accuracy');
  const engine = denseEngine(problem.engine);
  const caps = capsOf(problem, engine);
  const domain = slowModeDomain(potential, D, problem.searchDomain);
  // Two wells mirror images of each other (no basin projections asked): λ1 from the odd parity
  // sector alone, its blocks K/2 × K/2, so a solve costs (K/2)³·N (paritySector).
  const mirror = p === 2 && problem.splits === undefined && mirrorSymmetric(potential, D, domain);
  const eta = gamma / mass;
  const { omega, width } = scales(potential, D, mass, domain);
  const span = domain.max - domain.min;
  const first = (parity: boolean, estimate = false) =>
    startingBases({ tolerance, omega, eta, width, span, caps, parity, estimate });
  return { D, eta, mass, p, tolerance, caps, domain, omega, mirror, first, engine };
}

/** The caller's caps, checked, or the defaults; points a multiple of 4 (the grids' sizes). */
function capsOf(problem: KleinKramersSpectrumProblem, engine: DenseEngine): Caps {
  const why = 'the factors take N·K²/2 doubles, and maxWork bounds the time';
  const maxWork = problem.maxWork ?? MAX_WORK[engine];
  if (typeof maxWork !== 'number' || !(maxWork > 0)) {
    throw new KramersError(
      'invalid_parameter',
      `maxWork must be a positive number (a cap on Σ K³·N); got ${String(maxWork)}`,
      { issues: [{ path: 'maxWork', message: 'expected a number > 0' }] },
    );
  }
  return {
    maxHermite: requireCount('maxHermite', problem.maxHermite ?? 3000, { min: 4, max: 1e5, why }),
    maxPoints:
      4 *
      Math.floor(
        requireCount('maxPoints', problem.maxPoints ?? 320, { min: 8, max: 4096, why }) / 4,
      ),
    maxStorage: MAX_STORAGE,
    maxWork,
  };
}

/** The first ladder level (K, N), K a multiple of 4, with or without the parity split's work. */
function startingBases(s: {
  tolerance: number;
  omega: number;
  eta: number;
  width: number;
  span: number;
  caps: Caps;
  parity: boolean;
  /** For the time estimate: the start the ladder climbs to at a loose tolerance (see below). */
  estimate: boolean;
}) {
  const { tolerance, omega, eta, width, span, caps } = s;
  const cube = (size: number) => (s.parity ? (size / 2) ** 3 : size ** 3);
  // Starting bases, the first of the three levels the estimate needs (ladder()): 8ω/η Hermite
  // functions at 1e-8 (its second level is then right to about 1e-9 at γ = 0.05–0.2), and fewer
  // for a looser tolerance, by effort² below 1e-8: a start too small costs only cheap levels
  // (each level is 2.9 times the work of the one before), one too large costs three levels of its
  // size (symmetric well, D = 0.5, γ = 0.01 at 1e-2: 45 s from N = 296 where N = 100 is right to
  // 1e-5). About 3 points per thermal width but at least 6√N: the Hermite coefficients c_n(x)
  // oscillate on a scale ∝ 1/√n (ψ_n spans velocities up to √n s), which sets K at weak friction
  // whatever the tolerance (measured: N = 104 wanted K = 72–88, N = 146 K = 68–88, N = 188
  // K = 92–116); the ladder refines K from there.
  const effort = Math.min(1.5, Math.max(0.25, Math.log10(1 / tolerance) / 8));
  // The time estimate starts from effort·8ω/η: a loose tolerance's ladder climbs from the smaller
  // start to about there (symmetric well, D = 0.1, γ = 0.01 at 1e-4: 8.9 s CPU where three levels
  // from the smaller start predicted under 1 s).
  const nEffort = s.estimate ? effort : effort * Math.min(1, effort);
  let n = Math.min(caps.maxHermite, Math.ceil((8 * nEffort * omega) / eta) + 12);
  // The √N rule's factor grows with span/width (≈ √(ΔU/D)): the coefficients' oscillation scale
  // is a fraction of the thermal width (measured on the tilted well at N = 400: D = 0.1 wants
  // K ≈ 120 for 1e-9, D = 0.05 K ≈ 150; 0.285·span/width is 6 at D = 0.1, 7.5 at D = 0.05).
  const perRoot = Math.max(6, (0.285 * span) / width);
  let points = Math.max(24, (3 * effort * span) / width, perRoot * Math.sqrt(n));
  // The smallest estimate needs three levels (ladder()): where they would not fit in the caps
  // (the weakest friction, or caps set by the caller), start smaller, so that the refinements the
  // error estimate rests on are affordable: a coarser answer with a finite, honest error rather
  // than one solve and no error.
  const kOf = (size: number) => 4 * Math.ceil(size / 4);
  const twice = (f: (x: number) => number, x: number) => f(f(x));
  while (twice(refineN, n) > caps.maxHermite && n > 4) n = Math.max(4, Math.floor(0.8 * n));
  while (twice(refineK, kOf(points)) > caps.maxPoints && points > 24) {
    points = Math.max(24, 0.9 * points);
  }
  const fits = () => {
    const [k2, n2] = [twice(refineK, kOf(points)), twice(refineN, n)];
    return (
      (cube(k2) / k2) * n2 <= caps.maxStorage &&
      threeLevelsWork(kOf(points), n, cube) <= caps.maxWork
    );
  };
  // A fine shrink (0.95 N, 0.975 K) keeps the start as large as the cap allows: with 0.8 N, 0.9 K
  // the tilted well at ΔU/D = 10, γ = 0.05 fell to a start whose third level stopped at 7e-7
  // (`not_converged`, 5e-10 actual); with this one it reaches 1e-8 within the cap.
  while (!fits() && (points > 24 || n > 4)) {
    points = Math.max(24, 0.975 * points);
    // At least one function fewer: ⌈0.95·n⌉ = n for every n < 20, which hung small caps.
    n = Math.max(4, Math.min(n - 1, Math.ceil(0.95 * n)));
  }
  const k = Math.min(caps.maxPoints, kOf(points));
  return { k, n, cube };
}

/**
 * The odd sector's slowest mode is the population relaxation; it is λ1 only if no even mode
 * (intra-well energy relaxation, ∝ γ at weak friction) is slower, which a low barrier at weak
 * friction could allow. Checked on the coarse grid, where the full λ1 and the odd sector's are
 * the same discretisation's eigenvalue and agree to rounding when the slowest mode is odd; where
 * they do not, the full problem is solved.
 */
function oddSectorHoldsLambda1(
  coarse: Grid,
  eta: number,
  omega: number,
  lambda1: number,
  arena: Arena,
) {
  const sector = paritySector(coarse, -1);
  const odd = slowestModes(factorShifted(sector, eta, 32, 1e-4 * omega, arena), 2);
  return Math.abs(odd.eigenvalues[1]! - lambda1) <= 1e-6 * lambda1;
}

/**
 * U(mid + y) = U(mid − y) and U′(mid + y) = −U′(mid − y) on the domain (mid its centre), to
 * rounding: a mirror asymmetry ε·D moves λ1 only at second order in ε (the odd part couples the
 * two parity sectors), so 1e-12 of D is far inside the 1e-11 rounding floor.
 */
function mirrorSymmetric(
  potential: Potential1D,
  D: number,
  domain: { min: number; max: number },
): boolean {
  const mid = (domain.min + domain.max) / 2;
  const half = (domain.max - domain.min) / 2;
  for (let i = 1; i <= 97; i++) {
    const y = (half * i) / 97;
    const [a, b] = [potential.U(mid + y), potential.U(mid - y)];
    const [fa, fb] = [potential.dU(mid + y), potential.dU(mid - y)];
    if (!(Math.abs(a - b) <= 1e-12 * D)) return false;
    if (!(Math.abs(fa + fb) <= (1e-12 * D) / half)) return false;
  }
  return true;
}

/**
 * The estimated seconds of kleinKramersSpectrum, before it runs: the rough solve and three ladder
 * levels (K, N), (5K/4, 3N/2) and its check step (1.075·5K/4, 1.15·3N/2) from the start at 1e-8
 * (the ladder ends there down to γ ≈ 0.05·ω; below, at the work cap), or from the larger start a
 * looser tolerance's ladder climbs to, never more than the work cap. A guide to within a factor of a few on an idle core;
 * a loaded machine runs slower by its load factor.
 */
export function kleinKramersSpectrumSeconds(problem: KleinKramersSpectrumProblem): number {
  const { caps, mirror, first, engine } = setUp(problem);
  const { k, n, cube } = first(mirror, true);
  const perUnit = SECONDS_PER_WORK[engine][mirror ? 'parity' : 'full'];
  const [k1, n1] = [refineK(k), refineN(n)];
  const ladderWork = cube(k) * n + cube(k1) * n1 + cube(checkK(k1)) * checkN(n1);
  return (32 ** 4 + Math.min(caps.maxWork, ladderWork)) * perUnit;
}

/**
 * The slowest p eigenvalues of the Klein–Kramers operator with errors (p = number of wells; λ0 ≈
 * 0, λ1 the population relaxation rate, λ1 = k_ab + k_ba for two wells).
 * @example
 * kleinKramersSpectrum({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.1, gamma: 1, searchDomain: { min: -1.5, max: 1.5 } }).eigenvalues[1]; // => 0.02251921198361535
 */
export function kleinKramersSpectrum(problem: KleinKramersSpectrumProblem): KleinKramersSpectrum {
  // One memory for every factor, each solved before the next is made, kept for the next call.
  const lease = lendArena(denseEngine(problem.engine));
  try {
    return spectrumIn(problem, lease.arena);
  } finally {
    lease.giveBack();
  }
}

/** kleinKramersSpectrum with its memory given. */
function spectrumIn(problem: KleinKramersSpectrumProblem, arena: Arena): KleinKramersSpectrum {
  const { potential } = problem;
  const { D, eta, mass, p, tolerance, caps, domain, omega, mirror, first, engine } = setUp(problem);
  const cuts = splitsOf(problem.splits, domain, p);
  const helper = helperOf(problem);
  // The helper thread loads its code during the coarse solve (no memory yet: doubles 0).
  helper?.prepare?.({ engine, doubles: 0 });
  // δ near λ1 (see the header): a coarse solve first, its λ1 then shifts every level.
  const coarse = mappedGrid(potential, D, mass, domain, 32);
  const rough = slowestModes(factorShifted(coarse, eta, 32, 1e-4 * omega, arena), p);
  const delta = Math.max(rough.eigenvalues[1]!, 1e-300);
  const parity = mirror && oddSectorHoldsLambda1(coarse, eta, omega, delta, arena);
  const { k, n, cube } = first(parity);
  const grids = new Map<number, Grid>();
  const gridOf = (size: number) => {
    let g = grids.get(size);
    if (!g) {
      g = mappedGrid(potential, D, mass, domain, size);
      if (parity) g = paritySector(g, -1);
      grids.set(size, g);
    }
    return g;
  };
  // The helper's first job is the check of the first full step: its factors are made ahead,
  // while this thread solves the start level, if the ladder can afford that check at all.
  const [kc, nc] = [checkK(refineK(k)), checkN(refineN(n))];
  const firstThree = cube(k) * n + cube(refineK(k)) * refineN(n) + cube(kc) * nc;
  if (withinCaps(caps, cube, kc, nc, firstThree)) {
    const level = { grid: gridOf(kc), eta, hermite: nc, delta, engine };
    helper?.prepare?.({ engine, doubles: levelDoubles(level.grid.k, nc), level });
  }
  // Each level's iteration settles at 1e-3 of the tolerance: its change (which enters the error)
  // stays 1000 times below the ladder's goal, so it does not blur the refinements.
  const settle = Math.max(1e-13, 1e-3 * tolerance);
  const rounding = 1e-14 * Math.min(omega, (5 * omega * omega) / eta);
  const job = (size: number, hermite: number, start: SolvedBasis | undefined) =>
    ({
      grid: gridOf(size),
      eta,
      hermite,
      delta,
      p,
      cuts,
      settle,
      start,
      engine,
      floor: rounding,
    }) as const;
  const levels: KleinKramersSpectrumLevel[] = [];
  const solver = levelSolver({ job, arena, cube, caps, levels, helper });
  try {
    return ladder({
      solveAt: solver.solveAt,
      affordable: solver.affordable,
      k,
      n,
      tolerance,
      domain,
      levels,
      rounding,
      notes: [],
      intrawell: intrawellRate(potential, mass, eta, domain),
    });
  } finally {
    solver.release();
  }
}

/**
 * One ladder level's solve as plain data (structured-cloneable), so that another thread can run
 * it: solveKleinKramersLevel(job) gives the same result to the bit on any thread.
 */
export interface KleinKramersLevelJob {
  readonly grid: Grid;
  readonly eta: number;
  readonly hermite: number;
  readonly delta: number;
  readonly p: number;
  readonly cuts: readonly number[] | undefined;
  readonly settle: number;
  readonly start: SolvedBasis | undefined;
  readonly engine: DenseEngine;
  /** The ladder's absolute rounding floor: changes below twice it end the iteration (stalled). */
  readonly floor: number;
}

export interface KleinKramersLevelSolved {
  readonly modes: ModeSolve;
  /**
   * Wall time of the factorisation and iteration, and of the factorisation alone, seconds (with
   * factors made ahead, their time is counted in both).
   */
  readonly seconds: number;
  readonly factorSeconds: number;
  /** Whether the factors were made ahead (prepareKleinKramersLevel) and used. */
  readonly factoredAhead: boolean;
}

/** What a level's factors depend on: its job without the start, cuts and stopping rules. */
export type KleinKramersLevelFactors = Pick<
  KleinKramersLevelJob,
  'grid' | 'eta' | 'hermite' | 'delta' | 'engine'
>;

/** A level factored ahead of its job (prepareKleinKramersLevel), in its arena's memory. */
export interface KleinKramersPreparedLevel {
  readonly level: KleinKramersLevelFactors;
  readonly factor: Factor;
  readonly factorSeconds: number;
}

/**
 * Factors −L + δ of a level before its job is known: a helper thread does it while the caller
 * solves the level whose basis the job will start from (the factors do not depend on it). Valid
 * only for the next solveKleinKramersLevel in the same arena: anything else made there
 * overwrites it.
 */
export function prepareKleinKramersLevel(
  level: KleinKramersLevelFactors,
  arena: Arena = denseArena(level.engine),
): KleinKramersPreparedLevel {
  const t0 = performance.now();
  const factor = factorShifted(level.grid, level.eta, level.hermite, level.delta, arena);
  return { level, factor, factorSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Factors −L + δ at the job's bases and finds its slowest modes (factorShifted, slowestModes).
 * With `prepared` factors of the same level (equal grid, η, N, δ and engine, compared value by
 * value) made in this arena just before, those are used: the same factors, so the same result to
 * the bit; otherwise they are ignored.
 */
export function solveKleinKramersLevel(
  job: KleinKramersLevelJob,
  arena: Arena = denseArena(job.engine),
  prepared?: KleinKramersPreparedLevel | null,
): KleinKramersLevelSolved {
  const t0 = performance.now();
  const ahead = prepared && samePlainData(factorsOf(prepared.level), factorsOf(job));
  const factor = ahead
    ? prepared.factor
    : factorShifted(job.grid, job.eta, job.hermite, job.delta, arena);
  const t1 = performance.now();
  const modes = slowestModes(factor, job.p, job.cuts, job.settle, job.start, job.floor);
  const before = ahead ? prepared.factorSeconds : 0;
  return {
    modes,
    seconds: before + (performance.now() - t0) / 1000,
    factorSeconds: before + (t1 - t0) / 1000,
    factoredAhead: Boolean(ahead),
  };
}

const factorsOf = (j: KleinKramersLevelFactors): KleinKramersLevelFactors => ({
  grid: j.grid,
  eta: j.eta,
  hermite: j.hermite,
  delta: j.delta,
  engine: j.engine,
});

/** Equal numbers (Object.is), strings, typed arrays, arrays and plain objects, key by key. */
function samePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    const [x, y] = [a as Float64Array, b as Float64Array];
    if (x.constructor !== y.constructor || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return keys.every((key) => Object.hasOwn(y, key) && samePlainData(x[key], y[key]));
}

/**
 * A second thread that solves one ladder level while this thread solves another: `kramers/node`'s
 * createKleinKramersHelper runs it on a worker thread, waited for synchronously.
 */
export interface KleinKramersHelper {
  /**
   * Starts the job; the function returned waits for its result, or gives null where the helper
   * failed (the level is then solved on this thread, to the same result).
   */
  start(job: KleinKramersLevelJob): () => KleinKramersLevelSolved | null;
  /** The job last started will not be waited for. */
  abandon(): void;
  /**
   * Optional: gets ready for a first job of `memory.doubles` (levelDoubles) on `memory.engine`,
   * while this thread solves the start level: a thread loads its code and touches that much
   * memory, which the first job would otherwise wait for (a first touch of 129 MB took 313–340 ms
   * on an idle core of the VM the benches ran on, 0.6–0.9 s at a load of 10). With `level`, the
   * first job's level, it factors that level too (prepareKleinKramersLevel): the job, sent once
   * the start level it starts from is solved, then only iterates. kleinKramersSpectrum first
   * calls it with 0 doubles (a thread then only loads its code), then with the level.
   */
  prepare?(memory: {
    readonly engine: DenseEngine;
    readonly doubles: number;
    readonly level?: KleinKramersLevelFactors;
  }): void;
}

let registeredHelper: KleinKramersHelper | null = null;

/**
 * Sets the helper thread every kleinKramersSpectrum uses unless its problem names one (null: none).
 * The CLI sets one; a worker of a pool that already spreads points over the cores should not.
 */
export function useKleinKramersHelper(helper: KleinKramersHelper | null): void {
  if (helper !== null && !isHelper(helper)) throw notAHelper();
  registeredHelper = helper;
}

function isHelper(h: unknown): h is KleinKramersHelper {
  const o = h as { start?: unknown; abandon?: unknown; prepare?: unknown } | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.start === 'function' &&
    typeof o.abandon === 'function' &&
    (o.prepare === undefined || typeof o.prepare === 'function')
  );
}

const notAHelper = () =>
  new KramersError(
    'invalid_parameter',
    'helper must be null or an object with start(job), abandon() and optionally prepare(memory) (createKleinKramersHelper of kramers/node)',
    {
      issues: [{ path: 'helper', message: 'not a Klein–Kramers helper' }],
    },
  );

function helperOf(problem: KleinKramersSpectrumProblem): KleinKramersHelper | null {
  if (problem.helper === undefined) return registeredHelper;
  if (problem.helper !== null && !isHelper(problem.helper)) throw notAHelper();
  return problem.helper;
}

/**
 * The ladder's levels, each solved once. A full step's level starts from the basis of the level
 * before it, a check from the start of the level it checks (warmStart.ts): two levels back, it
 * takes a step or two more (tilted well, γ = 0.05, ΔU/D = 2.5, 5, 10: 4, 3 and 2 steps against
 * 2, 2 and 2; a few per cent of the ladder's time on one thread). In exchange, with a helper,
 * a full step's check is started on it alongside the full step: from the same basis on either
 * thread it is the same solve to the bit, and the ladder takes it (or, where the ladder goes on
 * in full steps instead, abandons it) as if it were solved here. The ladder's time is then its
 * start plus the larger of the last two levels, not their sum. The first check's factors do not
 * depend on its start, so the helper makes them while this thread solves the start level
 * (prepare with the level; most of a level's time is its factors: 0.28 of 0.47 s for the check
 * of the tilted well at D = 0.025, γ = 0.05), and the check then only iterates beside the full
 * step: the ladder's time is nearer the start plus the full step.
 */
function levelSolver(s: {
  job: (size: number, hermite: number, start: SolvedBasis | undefined) => KleinKramersLevelJob;
  arena: Arena;
  cube: (size: number) => number;
  caps: Caps;
  levels: KleinKramersSpectrumLevel[];
  helper: KleinKramersHelper | null;
}) {
  const { caps, helper } = s;
  const memo = new Map<string, ModeSolve>();
  const startOf = new Map<string, SolvedBasis | undefined>();
  let last: string | undefined;
  let pending: { key: string; join: () => KleinKramersLevelSolved | null } | null = null;
  let used = 0;
  const keyOf = (size: number, hermite: number) => `${size}|${hermite}`;
  const cost = (size: number, hermite: number) =>
    memo.has(keyOf(size, hermite)) ? 0 : s.cube(size) * hermite;
  const fits = (size: number, hermite: number, spent: number) =>
    withinCaps(caps, s.cube, size, hermite, spent + cost(size, hermite));
  /** The helper's answer for this check level, if it was solving it; any other job is abandoned. */
  const take = (key: string, step: Step | 'first') => {
    const ahead = pending;
    pending = null;
    const wanted = ahead !== null && ahead.key === key && step === 'check';
    if (ahead && !wanted) helper!.abandon();
    return wanted ? ahead.join() : null;
  };
  const solveAt = (size: number, hermite: number, step: Step | 'first') => {
    const key = keyOf(size, hermite);
    const known = memo.get(key);
    if (known) return known;
    const start =
      last === undefined ? undefined : step === 'check' ? startOf.get(last) : memo.get(last)!.basis;
    const ahead = take(key, step);
    // The check this level may get, if the work cap leaves room for both.
    const [kc, nc] = [checkK(size), checkN(hermite)];
    if (helper && step === 'full' && fits(kc, nc, used + cost(size, hermite))) {
      pending = { key: keyOf(kc, nc), join: helper.start(s.job(kc, nc, start)) };
    }
    const solved = ahead ?? solveKleinKramersLevel(s.job(size, hermite, start), s.arena);
    memo.set(key, solved.modes);
    startOf.set(key, start);
    last = key;
    used += s.cube(size) * hermite;
    s.levels.push({
      points: size,
      hermite,
      eigenvalues: solved.modes.eigenvalues,
      iterations: solved.modes.iterations,
      seconds: solved.seconds,
      factorSeconds: solved.factorSeconds,
    });
    return solved.modes;
  };
  const release = () => {
    if (pending) helper!.abandon();
    pending = null;
  };
  return {
    solveAt,
    affordable: (size: number, hermite: number) => fits(size, hermite, used),
    release,
  };
}

/** Whether a level (K, N) keeps to the caps on size and storage, and the ladder's `work` with it. */
function withinCaps(
  caps: Caps,
  cube: (size: number) => number,
  size: number,
  hermite: number,
  work: number,
): boolean {
  return (
    size <= caps.maxPoints &&
    hermite <= caps.maxHermite &&
    (cube(size) / size) * hermite <= caps.maxStorage &&
    work <= caps.maxWork
  );
}

/** [domain.min, …splits, domain.max], checked: p − 1 ascending splits inside the domain. */
function splitsOf(
  splits: readonly number[] | undefined,
  domain: { min: number; max: number },
  p: number,
): number[] | undefined {
  if (splits === undefined) return undefined;
  const cuts = [domain.min, ...splits, domain.max];
  const ordered = cuts.every((c, i) => Number.isFinite(c) && (i === 0 || c > cuts[i - 1]!));
  if (splits.length !== p - 1 || !ordered) {
    throw new KramersError(
      'invalid_parameter',
      `splits must be ${p - 1} ascending basin boundaries inside [${domain.min}, ${domain.max}] (one between each pair of neighbouring wells)`,
      { issues: [{ path: 'splits', message: 'not one ascending boundary per pair of wells' }] },
    );
  }
  return cuts;
}

/** A ladder level's answer: its eigenvalues, their errors, the worst relative error. */
interface Estimate {
  eigenvalues: number[];
  errors: number[];
  relative: number;
  /** The last two changes fell geometrically (at least halving) in every eigenvalue. */
  geometric: boolean;
  projections?: BasinProjections;
  /** The decay rate of the first mode after the p wanted, at this level (for the gap). */
  next?: number;
}

interface LadderState {
  readonly solveAt: (k: number, n: number, step: Step | 'first') => ModeSolve;
  /** Within the caps on size, storage and the work left. */
  readonly affordable: (k: number, n: number) => boolean;
  readonly k: number;
  readonly n: number;
  readonly tolerance: number;
  readonly domain: { min: number; max: number };
  readonly levels: KleinKramersSpectrumLevel[];
  /** Absolute rounding floor of every eigenvalue, 1e-14·min(ω, 5ω²/η) (see ladder()). */
  readonly rounding: number;
  /** Warnings the ladder adds to the result. */
  readonly notes: string[];
  /**
   * The slowest intrawell decay rate of the wells as damped harmonic oscillators, Re λ₋ =
   * η/2 − Re √(η²/4 − ω²) at the smallest well frequency ω (Risken 1989, §10.2): the modes after
   * the p slow ones start about there, including those a parity sector leaves out.
   */
  readonly intrawell: number;
}

/** Relative rounding floor of every eigenvalue: see ladder(). */
const ROUNDING = 1e-11;

/**
 * One ladder step refines both bases together: about 25% more points (a multiple of 4, the
 * product kernel's block) and 50% more Hermite functions, so K grows like √N as the high Hermite
 * coefficients want (they oscillate in x on a scale ∝ 1/√n).
 */
const refineK = (k: number) => 4 * Math.ceil((1.25 * k) / 4);
const refineN = (n: number) => Math.ceil(1.5 * n);

/**
 * The check step: 7.5% more points and 15% more Hermite functions (K still ∝ √N), 1.43 times the
 * work of the level it checks where a full step costs 2.93 times. Taken once a level is predicted
 * within the tolerance (wantsCheck): its only job is then to show that level's change, and a full
 * step would spend most of the ladder's work re-solving an answer already good enough (tilted
 * well, D = 0.025, γ = 0.05: levels 144×230, 180×345, 228×518 moved λ1 by 8.4e-7 and 1.8e-9
 * relative; the last, 65% of the time, only showed that 180×345 was right to 2e-9).
 */
const checkK = (k: number) => 4 * Math.ceil((1.075 * k) / 4);
const checkN = (n: number) => Math.ceil(1.15 * n);

/**
 * How much a change must fall to count as geometric, per kind of step (ladder()). A full step
 * after a full step: by half (the ratio r ≤ 1/2 itself). A check step after a full one: spectral
 * convergence gains a fixed factor per added point (and per added Hermite function), and a check
 * adds h = 0.375 (points) and 0.45 (Hermite functions) of what the full step before it added (0.075
 * of K_{J−1} against 0.25 of K_{J−2} = K_{J−1}/1.25; 0.15·N_{J−1} against 0.5·N_{J−1}/1.5), at
 * least 0.35 after the rounding to multiples of 4, so its ratio is r_c = r^h. With errors ε_{J−1}
 * = r·ε_{J−2}, ε_J = r_c·ε_{J−1}, the two changes are ε_{J−2}(1 − r) and r·ε_{J−2}(1 − r_c), and
 * their quotient q = r(1 − r^h)/(1 − r) grows with r: q ≤ 1/10 means r ≤ 0.18, r_c ≤ 0.55 (at the
 * smallest h, the worst case), and the check level's error r_c/(1 − r_c)·Δ_check ≤ 1.22·Δ_check,
 * inside the reported 2·Δ_check. (It was q ≤ 1/20, r ≤ 0.08, 0.7·Δ_check: at weak friction checks
 * fall by q ≈ 0.05 — symmetric well, D = 0.05, γ = 0.01 at 1e-3: 0.046 and 0.0505 on two
 * intervals — and the one that missed 1/20 by a hair cost a full step, 1.6 s of the default exact
 * turnover's 4 s. With 1/10: every cell honest at 1e-3, 1e-4, 1e-6 and 1e-8 as before, the worst
 * actual error 0.24 of the reported, and 23–30 % less CPU; bench/README.md.)
 */
const FALL: Record<Step, number> = { full: 1 / 2, check: 1 / 10 };

type Step = 'full' | 'check';

/**
 * A check step next: the last level's error predicted within a quarter of the tolerance, its last
 * change times a ratio — of the two changes before where both were full steps (at most 1/2; the
 * next step's ratio is smaller still, as spectral convergence speeds up), or with one change only
 * 4.3·Δ^0.53, the full-step ratios of converged ladders against their change (bench/
 * kleinKramersMatrix.mjs and the default turnover at 1e-4: 0.1–0.2 after changes of 1e-3, 3e-4 to
 * 2e-3 after 1e-7 to 1e-6). Never after a change above SETTLED, which no check can confirm.
 * A check confirms wherever its level's error is up to twice the quarter predicted (tilted well,
 * ΔU/D = 10, γ = 0.05: a change of 8.4e-7, predicted 2.2e-9, then 1.8e-9); one that does not costs
 * one cheap level, and the ladder goes on in full steps from it.
 */
function wantsCheck(solved: readonly ModeSolve[], steps: readonly Step[], tolerance: number) {
  const j = solved.length - 1;
  if (j < 1 || steps[j - 1] !== 'full') return false;
  const change = relativeChange(solved[j]!, solved[j - 1]!);
  if (!(change <= SETTLED)) return false;
  const ratio =
    j >= 2 && steps[j - 2] === 'full'
      ? change / relativeChange(solved[j - 1]!, solved[j - 2]!)
      : 4.3 * change ** 0.53;
  return change * Math.min(1 / 2, ratio) <= tolerance / 4;
}

/** The largest change of λ1 … λ_{p−1} between two levels, relative to each λ. */
function relativeChange(a: ModeSolve, b: ModeSolve): number {
  let worst = 0;
  for (let j = 1; j < a.eigenvalues.length; j++) {
    const change = Math.abs(a.eigenvalues[j]! - b.eigenvalues[j]!);
    worst = Math.max(worst, change / Math.abs(a.eigenvalues[j]!));
  }
  return worst;
}

/**
 * Work of the three levels the smallest estimate needs, from (K, N), in full steps (a check that
 * does not confirm leaves a full step to take): about 1 + 2.93 + 2.93² ≈ 12.5 times the first
 * ((5K/4)³·(3N/2) ≈ 2.93 K³·N), more where K is small and rounding up to a multiple of 4 takes a
 * step of 1.3 (52 → 68 → 88: 13.9 times). Counted level by level, so a start
 * chosen to fit three levels in the work cap gets three (with the factor 12.5 a capped start could
 * get only two, and two levels carry no evidence that they converge).
 */
function threeLevelsWork(k: number, n: number, cube: (size: number) => number): number {
  const [k1, n1] = [refineK(k), refineN(n)];
  return cube(k) * n + cube(k1) * n1 + cube(refineK(k1)) * refineN(n1);
}

/**
 * The diagonal ladder: levels (K_j, N_j), each refined from the one before in both bases at once
 * (refineK, refineN; or the smaller check step, checkK, checkN, once wantsCheck predicts the level
 * within the tolerance), until a level's change from the one before is below the tolerance and at
 * most FALL (1/2 after a full step, 1/10 after a check) times the change before it. Reported: the
 * last level's λ_J with error 2|λ_J − λ_{J−1}| (per eigenvalue), plus the iterations' last
 * changes and a rounding floor of 1e-11·λ + 1e-14·min(ω, 5ω²/η) (ω²/η the slowest intra-well
 * rate at strong friction): two independent
 * solvers (this one and test/fixtures/klein_kramers_reference.py) differ by up to 5e-11·λ at
 * converged bases, and at strong friction the levels of a converged ladder jitter by up to
 * 4.5e-14·ω²/η (tilted well, D = 0.025, γ = 100: 2e-16 to 9e-16 between levels of the unpivoted
 * LDLᵀ elimination, where a floor of 1e-14·ω²/η made the ladder climb three levels past
 * convergence, to 316×102).
 *
 * Why the last change bounds the last level's error: along the diagonal both truncation errors
 * fall geometrically (the header), so λ_j − λ* ≈ C r^j; with r ≤ 1/2, shown by the changes
 * |λ_J − λ_{J−1}| ≤ |λ_{J−1} − λ_{J−2}|/2, the error of λ_J is |Δ_{J−1}|·r/(1 − r) ≤ |Δ_{J−1}|;
 * the error reported is twice that (rounding noise of the change's size, estimateAt).
 * Refining one basis at a time (the ladder before, with K → 1.25K and N → 1.5N separately and the
 * sum of both changes as the error) spent most of its work on the N refinement at a fixed K, where
 * the new high Hermite blocks are under-resolved in x: the change then measures that pollution, not
 * the N truncation (tilted well, D = 0.1, γ = 0.05: at K = 120 N = 400 is right to 8e-10, N = 600
 * wrong by 3e-8), and the ladder kept refining N (bench/README.md). Where the last two changes do
 * not fall geometrically (the caps stopped the ladder before the regime), or fall from a change
 * still above SETTLED (pre-asymptotic levels), the error is 3|Δ_{J−1}| + |Δ_{J−2}|, the result
 * `not_converged`: a chance agreement of two levels is not taken for convergence (symmetric well,
 * D = 0.1, γ = 0.02 claimed 6.6e-5 with the error 6.6e-4).
 */
function ladder(state: LadderState): KleinKramersSpectrum {
  const { solveAt, affordable, tolerance } = state;
  let { k, n } = state;
  const solved: ModeSolve[] = [solveAt(k, n, 'first')];
  if (solved[0]!.oscillatory) return oscillating(state, solved[0]!);
  const steps: Step[] = [];
  let best: Estimate | null = null;
  let bestAt = 0;
  for (;;) {
    const step: Step = wantsCheck(solved, steps, tolerance) ? 'check' : 'full';
    const [k1, n1] = step === 'check' ? [checkK(k), checkN(n)] : [refineK(k), refineN(n)];
    if (!affordable(k1, n1)) break;
    [k, n] = [k1, n1];
    const level = solveAt(k, n, step);
    if (level.oscillatory) return oscillating(state, level);
    solved.push(level);
    steps.push(step);
    const estimate = estimateAt(solved, state.rounding, FALL[step]);
    if (!best || estimate.geometric || estimate.relative < best.relative) {
      best = { ...estimate, ...(level.next !== undefined ? { next: level.next } : {}) };
      bestAt = solved.length - 1;
    }
    if (estimate.geometric && estimate.relative <= tolerance) break;
    // Refining below the rounding floor only spends work: a tolerance under it ends the ladder
    // there, and the result says `not_converged` with the floor in its error.
    if (estimate.geometric && estimate.relative <= 4 * ROUNDING) break;
  }
  if (!best) {
    // The caps left no refined level: λ with no error estimate (infinite), `not_converged`.
    state.notes.push(
      `the caps left no refined level to compare with (${k} points, ${n} Hermite functions), so the eigenvalues carry no error estimate`,
    );
    const only = solved[0]!;
    best = {
      eigenvalues: only.eigenvalues,
      errors: only.eigenvalues.map(() => Number.POSITIVE_INFINITY),
      relative: Number.POSITIVE_INFINITY,
      geometric: false,
    };
  }
  return finish(state, coverLater(best, solved.slice(bestAt + 1)));
}

/**
 * A kept estimate's error cannot honestly be smaller than its distance to a finer level solved
 * after it (kkref, bench/README.md: tilted well, ΔU/D = 5, γ = 0.01 kept ±4.5e-3 from its second
 * level while the third moved 37%): each error grows by the largest such distance.
 */
function coverLater(best: Estimate, later: readonly ModeSolve[]): Estimate {
  if (later.length === 0) return best;
  const errors = best.errors.map(
    (e, j) => e + Math.max(...later.map((l) => Math.abs(l.eigenvalues[j]! - best.eigenvalues[j]!))),
  );
  let relative = 0;
  for (let j = 1; j < errors.length; j++) {
    relative = Math.max(relative, errors[j]! / Math.abs(best.eigenvalues[j]!));
  }
  return { ...best, errors, relative };
}

/**
 * The largest relative change of the level before the last that a geometric fall may start from.
 * The geometric regime of the header begins once the bases resolve the eigenfunction (at weak
 * friction, its layer about the separatrix energy); below that the K and N truncation errors are
 * of either sign and comparable, and a small change can be their chance cancellation, not
 * convergence. Measured on the capped weak cells (kleinKramersSpectrum.test.ts, "weak friction …
 * capped at …"), every under-covering 2|Δ| came from a fall after a change of 7.9e-3 to 7.6e-2
 * relative: symmetric
 * well, ΔU/D = 10, γ = 0.01 at a 4e8 cap, changes 1.7e-2 then 3.0e-3, the next level 7.7e-3 from
 * the reference; tilted, ΔU/D = 10, γ = 0.02 at 1.6e9, changes 7.9e-3 then 2e-4, actual 2.4e-3.
 * A level that still moves λ by more than 1e-3 is taken as pre-asymptotic: its error is the
 * non-geometric 3|Δ_{J−1}| + |Δ_{J−2}|, and the ladder goes on. Converged ladders fall from changes
 * of 1e-8 to 1e-6 at 1e-8 and of under 1e-3 at 1e-4 (the matrix of bench/kleinKramersMatrix.mjs
 * at 1e-8 and 1e-4 gave the same values, errors and retcodes with and without this rule, only the
 * capped cells' errors grew), so they are not affected.
 */
const SETTLED = 1e-3;

/** The estimate at the last of the solved levels (see ladder()). */
function estimateAt(solved: readonly ModeSolve[], absolute: number, fall: number): Estimate {
  const last = solved[solved.length - 1]!;
  const before = solved[solved.length - 2]!;
  const earlier = solved.length >= 3 ? solved[solved.length - 3]! : null;
  const eigenvalues: number[] = [];
  const errors: number[] = [];
  let relative = 0;
  let geometric = earlier !== null;
  for (let j = 0; j < last.eigenvalues.length; j++) {
    const value = last.eigenvalues[j]!;
    const change = Math.abs(value - before.eigenvalues[j]!);
    const previous = earlier ? Math.abs(before.eigenvalues[j]! - earlier.eigenvalues[j]!) : null;
    // λ0 = 0 exactly (the equilibrium), so its error is what the discretisation leaves of it.
    const floor = (j === 0 ? Math.abs(value) : ROUNDING * Math.abs(value)) + absolute;
    // A fall counts only once the ladder is past the pre-asymptotic levels (SETTLED).
    const settled = j === 0 || (previous !== null && previous <= SETTLED * Math.abs(value));
    const falls = previous !== null && (change <= floor || (change <= previous * fall && settled));
    if (j > 0 && !falls) geometric = false;
    const iteration = last.changes[j]! + before.changes[j]!;
    // Twice the change: r ≤ 1/2 makes the change a bound (ladder()); the factor 2 covers rounding
    // noise of the change's own size, where the changes reach it (tilted well, ΔU/D = 10, γ = 0.1:
    // a change of 2.2e-10·λ, 2.5e-10·λ from the independent reference).
    const truncation = falls ? 2 * change : 3 * change + (previous ?? 0);
    // A λ within ten rounding floors of 0 is not told apart from 0 (ΔU/D = 80: λ1 ≈ 2e-14 of
    // noise where 1.4e-14 is the floor): its interval reaches 0 whatever its levels' changes say.
    const unresolved = j > 0 && Math.abs(value) <= 10 * absolute;
    const error = Math.max(
      truncation + iteration + floor,
      unresolved ? Math.abs(value) + floor : 0,
    );
    eigenvalues.push(value);
    errors.push(error);
    if (j > 0) relative = Math.max(relative, error / Math.abs(value));
  }
  const estimate: Estimate = { eigenvalues, errors, relative, geometric };
  if (last.projections && before.projections) {
    // The projections' error is their change from the level before, as the eigenvalues'.
    estimate.projections = {
      base: last.projections,
      refined: [before.projections],
      complete: geometric,
    };
  }
  return estimate;
}

/**
 * The slowest non-zero modes are a complex pair (a damped oscillation of the populations, not a
 * relaxation): no rate describes the passage, so the result is `not_applicable`, λ1 … its real
 * part with an infinite error, and a warning that says so (symmetric well at ΔU/D = 0.1, γ = 1: the
 * pair 0.8654 ± 1.3387i, then real modes 1.4447, 1.4625; an independent Hermite × Chebyshev solve).
 */
function oscillating(state: LadderState, level: ModeSolve): KleinKramersSpectrum {
  const { re, im } = level.oscillatory!;
  const digits = (x: number) => Number(x.toPrecision(2));
  return {
    eigenvalues: level.eigenvalues.map((l, j) => (j === 0 ? l : re)),
    errors: level.eigenvalues.map((_, j) => (j === 0 ? Math.abs(level.eigenvalues[0]!) : Infinity)),
    levels: state.levels,
    domain: { min: state.domain.min, max: state.domain.max },
    retcode: 'not_applicable',
    warnings: [
      ...state.notes,
      `the slowest Klein–Kramers modes are a complex pair (roughly λ ≈ ${digits(re)} ± ${digits(im)}i, from the first bases): the populations oscillate as they decay, so no rate describes the passage between the wells (the barrier is too low against D for a rate process)`,
    ],
  };
}

/**
 * Where the mode after the p slow ones is not a decade faster than the slowest of them, no rate
 * (matrix) describes the wells (separationWarnings.ts, as for the overdamped spectrum): symmetric
 * well at ΔU/D = 0.5, γ = 0.05 has λ2/λ1 = 1.12. The next mode is the last level's Ritz value
 * after the p wanted (real part, a complex pair's too); in the parity sector the nearer of the odd
 * sector's next and the rough full solve's (the even intrawell mode the sector leaves out, coarse
 * but far from the threshold where it matters).
 */
function gapWarnings(state: LadderState, result: Estimate): string[] {
  const candidates = [result.next, state.intrawell].filter(
    (x): x is number => x !== undefined && Number.isFinite(x) && x > 0,
  );
  if (candidates.length === 0) return [];
  const next = Math.min(...candidates);
  const p = result.eigenvalues.length;
  const slow = result.eigenvalues[p - 1]!;
  if (!(slow > 0) || next / slow >= MIN_TIME_SCALE_SEPARATION) return [];
  const source =
    next === result.next ? 'the solve’s next mode' : 'the wells as damped oscillators, Re λ₋';
  const what =
    p <= 2
      ? 'a single rate is not meaningful'
      : `the ${p} slow modes are not well separated from the intrawell ones; rates between wells are not meaningful`;
  return [
    `λ${p}/λ${p - 1} ≈ ${Number((next / slow).toPrecision(2))} (λ${p} ≈ ${Number(next.toPrecision(2))} from ${source}): no clean separation of time scales; ${what}`,
  ];
}

/** LadderState.intrawell: the wells' frequencies from an 801-point scan of U on the domain. */
function intrawellRate(
  potential: Potential1D,
  mass: number,
  eta: number,
  domain: { min: number; max: number },
): number {
  const h = (domain.max - domain.min) / 800;
  const u = Array.from({ length: 801 }, (_, i) => potential.U(domain.min + h * i));
  let rate = Number.POSITIVE_INFINITY;
  for (let i = 1; i < 800; i++) {
    if (!(u[i]! <= u[i - 1]! && u[i]! < u[i + 1]!)) continue;
    const omega2 = Math.max((u[i - 1]! - 2 * u[i]! + u[i + 1]!) / (h * h), 0) / mass;
    const disc = (eta * eta) / 4 - omega2;
    rate = Math.min(rate, disc > 0 ? eta / 2 - Math.sqrt(disc) : eta / 2);
  }
  return rate;
}

/**
 * Why the tolerance was not reached: the rounding floor, where λ1 is so small against the
 * intrawell rates that 1e-14 of them is more than the tolerance of λ1 (ΔU/D = 80: λ1 ≈ 5e-36 and
 * the floor 1e-16; more refinement cannot help), or else the caps on the bases or the work.
 */
function notConvergedWarning(state: LadderState, result: Estimate | null, reached: number) {
  const last = state.levels[state.levels.length - 1];
  const reachedText = `Klein–Kramers eigenvalues converged only to a relative ${Number(reached.toPrecision(2))} > ${state.tolerance}`;
  const lambda1 = result ? Math.abs(result.eigenvalues[1]!) : Number.NaN;
  if (state.rounding > (state.tolerance * lambda1) / 2) {
    return `${reachedText}: λ1 ≈ ${Number(lambda1.toPrecision(2))} is below the rounding floor of this solve (${Number(state.rounding.toPrecision(2))}, 1e-14 of the intrawell rates), which no refinement lowers: the barrier is too high against D for the Klein–Kramers eigenvalue (use an asymptotic route)`;
  }
  return `${reachedText}: the basis or work caps stopped the refinement at ${last?.points} points, ${last?.hermite} Hermite functions (the weakest friction needs N ∝ 1/γ Hermite functions)`;
}

function finish(state: LadderState, result: Estimate | null): KleinKramersSpectrum {
  const warnings: string[] = [...state.notes, ...(result ? gapWarnings(state, result) : [])];
  const reached = result?.relative ?? Number.POSITIVE_INFINITY;
  const converged = result !== null && reached <= state.tolerance;
  if (!converged) warnings.push(notConvergedWarning(state, result, reached));
  const order = result ? result.eigenvalues.map((_, j) => j) : [];
  return {
    eigenvalues: order.map((j) => result!.eigenvalues[j]!),
    errors: order.map((j) => result!.errors[j]!),
    levels: state.levels,
    domain: { min: state.domain.min, max: state.domain.max },
    retcode: converged ? 'success' : 'not_converged',
    warnings,
    ...(result?.projections ? { basinProjections: result.projections } : {}),
  };
}
