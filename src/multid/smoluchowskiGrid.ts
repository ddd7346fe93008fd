import { type Box, KramersError } from '../core/index.js';
import { addCoupling, type BandedGenerator, bandedGenerator } from './bandedGTH.js';

/** An overdamped problem in two coordinates on a box whose walls reflect. */
export interface GridProblem2D {
  readonly U: (x: number, y: number) => number;
  readonly D: number;
  readonly gamma: number;
  readonly box: Box;
  /** The absorbing set (T = 0 there), for first passages; none for a spectrum. */
  readonly target?: (x: number, y: number) => boolean;
  /**
   * A drift field b in place of −∇U/γ (dX = b dt + √(2D) dW, γ = 1; docs/drift.md): each edge's
   * exponent is then ∫b·dl over the edge by the midpoint rule instead of U_i − U_j, and U is not
   * used by the first-passage solver (give 0). Writes (b_x, b_y) at (x, y) into `out`.
   */
  readonly drift?: (x: number, y: number, out: Float64Array) => void;
}

/**
 * A vertex-centred grid on the box (nodes on the walls), numbered along the shorter side first so
 * that the band of the generator is as narrow as the grid allows.
 */
export interface Grid2D {
  readonly nx: number;
  readonly ny: number;
  readonly hx: number;
  readonly hy: number;
  readonly x0: number;
  readonly y0: number;
  /** True: node (i, j) has index i·ny + j (y fast); false: j·nx + i. */
  readonly yFast: boolean;
  readonly bandwidth: number;
  /** U at each node. */
  readonly U: Float64Array;
  readonly Umin: number;
  /** Nodes inside the target (T = 0). */
  readonly inTarget: Uint8Array;
}

export function grid2D(problem: GridProblem2D, nx: number, ny: number): Grid2D {
  const [bx, by] = problem.box as [Box[0], Box[0]];
  const hx = (bx.max - bx.min) / (nx - 1);
  const hy = (by.max - by.min) / (ny - 1);
  const yFast = ny <= nx;
  const U = new Float64Array(nx * ny);
  const inTarget = new Uint8Array(nx * ny);
  let Umin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const x = bx.min + i * hx;
      const y = by.min + j * hy;
      const k = yFast ? i * ny + j : j * nx + i;
      const u = problem.U(x, y);
      if (!Number.isFinite(u)) notFinite(x, y, u);
      U[k] = u;
      if (u < Umin) Umin = u;
      if (problem.target?.(x, y)) inTarget[k] = 1;
    }
  }
  const bandwidth = yFast ? ny : nx;
  return { nx, ny, hx, hy, x0: bx.min, y0: by.min, yFast, bandwidth, U, Umin, inTarget };
}

function notFinite(x: number, y: number, u: number): never {
  throw new KramersError(
    'not_finite',
    `U(${Number(x.toPrecision(6))}, ${Number(y.toPrecision(6))}) = ${u} on the grid: the potential must be finite everywhere in the box (one unbounded below has no finite mean first-passage time)`,
    {
      issues: [{ path: 'potential', message: 'not finite in the box' }],
      hint: 'shrink the box to where U is finite',
    },
  );
}

export function nodeIndex(g: Grid2D, i: number, j: number): number {
  return g.yFast ? i * g.ny + j : j * g.nx + i;
}

/** One arm of the stencil at a node along one axis: its length, and U and the value at its end. */
interface Arm {
  length: number;
  U: number;
  /**
   * The drop of potential along the arm, U_i − U_end, or for a drift ∫b·dl from the node to the
   * end (the same number when b = −∇U, up to the midpoint rule's O(h³)).
   */
  drop: number;
  /** The neighbour's index, or −1 where the arm ends on the target's boundary (T = 0). */
  node: number;
}

/** The generator on a grid, its row scales and the boundary corrections of its cut arms. */
export interface GridOperator {
  readonly generator: BandedGenerator;
  readonly scale: Float64Array;
  readonly corrections: readonly BoundaryCorrection[];
}

/**
 * A node next to the target along one axis: its arm towards the target is cut short (length
 * θh), the other is a whole h with a second node beyond it. The three-point stencil over
 * unequal arms is only first order there; its leading error 2(h₊ − h₋)B (see
 * {@link boundaryDefect}) is removed by a defect correction from the first solution.
 */
export interface BoundaryCorrection {
  readonly node: number;
  /** The two nodes away from the target: at −h and −2h. */
  readonly near: number;
  readonly far: number;
  readonly h: number;
  readonly cut: number;
  /** U at −2h, −h, 0 and at the cut. */
  readonly U: readonly [number, number, number, number];
}

function correctionAt(
  drift: GridProblem2D['drift'],
  g: Grid2D,
  k: number,
  i: number,
  j: number,
  m: Arm,
  p: Arm,
  axis: number,
): BoundaryCorrection | null {
  const cutMinus = m.node < 0;
  const cutPlus = p.node < 0;
  if (cutMinus === cutPlus) return null;
  const [cut, whole] = cutPlus ? [p, m] : [m, p];
  const step = cutPlus ? -1 : 1;
  const fi = axis === 0 ? i + 2 * step : i;
  const fj = axis === 0 ? j : j + 2 * step;
  if (fi < 0 || fj < 0 || fi >= g.nx || fj >= g.ny) return null;
  const far = nodeIndex(g, fi, fj);
  if (g.inTarget[far]) return null;
  const U0 = g.U[k]!;
  // With a drift, the potential along this one line is −∫b·dl (the derivation of the defect
  // below only sees the drift's component along the line).
  const line: [number, number, number, number] = drift
    ? [U0 - whole.drop - edgeDrop(drift, g, whole.node, far), U0 - whole.drop, U0, U0 - cut.drop]
    : [g.U[far]!, whole.U, U0, cut.U];
  return { node: k, near: whole.node, far, h: whole.length, cut: cut.length, U: line };
}

/** A node's coordinates. */
function nodePoint(g: Grid2D, k: number): [number, number] {
  const [i, j] = g.yFast ? [Math.floor(k / g.ny), k % g.ny] : [k % g.nx, Math.floor(k / g.nx)];
  return [g.x0 + i * g.hx, g.y0 + j * g.hy];
}

const midpointDrift = new Float64Array(2);

/** ∫b·dl along the segment from (ax, ay) to (bx, by) by the midpoint rule (error O(|l|³)). */
function segmentDrop(
  drift: NonNullable<GridProblem2D['drift']>,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  drift(0.5 * (ax + bx), 0.5 * (ay + by), midpointDrift);
  return midpointDrift[0]! * (bx - ax) + midpointDrift[1]! * (by - ay);
}

/** ∫b·dl from node a to node b. */
function edgeDrop(
  drift: NonNullable<GridProblem2D['drift']>,
  g: Grid2D,
  a: number,
  b: number,
): number {
  const [ax, ay] = nodePoint(g, a);
  const [bx, by] = nodePoint(g, b);
  return segmentDrop(drift, ax, ay, bx, by);
}

/** f′, f″, f‴ at 0 of the cubic through (s_a, v_a). */
function cubicDerivatives(s: readonly number[], v: readonly number[]): [number, number, number] {
  // Newton's divided differences, then the derivatives of the Newton form at 0.
  const d = [...v];
  for (let level = 1; level < 4; level++) {
    for (let a = 3; a >= level; a--) d[a] = (d[a]! - d[a - 1]!) / (s[a]! - s[a - level]!);
  }
  const [, c1, c2, c3] = d as [number, number, number, number];
  const [s0, s1, s2] = s as [number, number, number];
  // p(t) = v0 + c1(t−s0) + c2(t−s0)(t−s1) + c3(t−s0)(t−s1)(t−s2), derivatives at t = 0.
  const e1 = -s0 - s1 - s2;
  const e2 = s0 * s1 + s0 * s2 + s1 * s2;
  const d1 = c1 + c2 * (-s0 - s1) + c3 * e2;
  const d2 = 2 * c2 + 2 * c3 * e1;
  return [d1, d2, 6 * c3];
}

/**
 * The leading defect of the cut stencil at a node for the grid function T: with the arm to the
 * target of length h₊ and the other of length h₋, the scheme computes (D/γ)[f″ − U′f′/D] +
 * (D/γ)·2(h₊ − h₋)B with B = f‴/6 − U′f″/(4D) − U″f′/(4D) + U′²f′/(8D²) (a Taylor expansion of
 * the two square-root fluxes), the derivatives taken along the axis towards the target.
 */
export function boundaryDefect(
  c: BoundaryCorrection,
  T: Float64Array,
  D: number,
  gamma: number,
): number {
  const s = [-2 * c.h, -c.h, 0, c.cut];
  const [f1, f2, f3] = cubicDerivatives(s, [T[c.far]!, T[c.near]!, T[c.node]!, 0]);
  const [u1, u2] = cubicDerivatives(s, c.U);
  // Where U changes by more than D/2 over a cell the expansion behind B does not hold: no correction.
  if (Math.abs(u1) * c.h > 0.5 * D) return 0;
  const B = f3 / 6 - (u1 * f2) / (4 * D) - (u2 * f1) / (4 * D) + (u1 * u1 * f1) / (8 * D * D);
  return (D / gamma) * 2 * (c.cut - c.h) * B;
}

/** Where on the segment from a (outside) to b (inside the target) the target begins, as a fraction. */
function cutFraction(
  target: (x: number, y: number) => boolean,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 48; it++) {
    const mid = 0.5 * (lo + hi);
    if (target(ax + mid * (bx - ax), ay + mid * (by - ay))) hi = mid;
    else lo = mid;
  }
  return Math.max(hi, 1e-6);
}

/** The arm from node (i, j) towards (i + di, j + dj); null past a wall. */
function armOf(
  problem: GridProblem2D,
  g: Grid2D,
  i: number,
  j: number,
  di: number,
  dj: number,
): Arm | null {
  const ni = i + di;
  const nj = j + dj;
  if (ni < 0 || nj < 0 || ni >= g.nx || nj >= g.ny) return null;
  const h = di !== 0 ? g.hx : g.hy;
  const k = nodeIndex(g, ni, nj);
  const ax = g.x0 + i * g.hx;
  const ay = g.y0 + j * g.hy;
  const bx = g.x0 + ni * g.hx;
  const by = g.y0 + nj * g.hy;
  const Ui = g.U[nodeIndex(g, i, j)]!;
  const drift = problem.drift;
  if (!g.inTarget[k]) {
    const U = g.U[k]!;
    return { length: h, U, node: k, drop: drift ? segmentDrop(drift, ax, ay, bx, by) : Ui - U };
  }
  // Shortley–Weller: the arm ends where the target begins, with T = 0 there.
  const f = cutFraction(problem.target!, ax, ay, bx, by);
  const cx = ax + f * (bx - ax);
  const cy = ay + f * (by - ay);
  if (drift) return { length: f * h, U: Ui, node: -1, drop: segmentDrop(drift, ax, ay, cx, cy) };
  const U = problem.U(cx, cy);
  return { length: f * h, U, node: -1, drop: Ui - U };
}

/**
 * The generator of γ dX = −∇U dt + √(2γD) dW on the grid, row by row, in the square-root
 * (detailed-balance) form: the rate from node i to a neighbour j at distance h is
 * (D/γh²) e^{−(U_j − U_i)/2D}, so that π_i k_ij = π_j k_ji with π = e^{−U/D} (Lie, Fackeldey &
 * Weber, SIAM J. Matrix Anal. Appl. 34, 738, 2013; Heida, SIAM J. Numer. Anal. 56, 2018). It is
 * second order, symmetric in the π-weighted product, and a reflecting wall is the mirror image of
 * the arm inside. Each row is divided by its largest rate (the solution does not change; nothing
 * overflows); `scale[i]` is that factor, by which a right-hand side is divided too.
 *
 * With a drift b (no potential) the same rate reads (D/h²) e^{β_ij/2D}, β_ij = ∫b·dl from i to j
 * by the midpoint rule: exponential fitting in the square-root form, which is this scheme again
 * when b = −∇U (β_ij = U_i − U_j + O(h³)). Every rate stays positive, so the grid process is a
 * Markov jump process whatever b, h and D, and the solver below needs nothing more. Why it
 * converges, at second order: expanding the rates along one axis, with b± the drift at the two
 * edge midpoints, Σ_j k_ij (T_j − T_i) = D T″ + ½(b₊ + b₋)T′ + O(h²) = D T″ + b T′ + O(h²), and
 * the stencil is unchanged under h → −h, so the error has only even powers of h (what
 * Richardson's extrapolation needs). A generator with positive rates obeys a discrete maximum
 * principle, so the solution error is bounded by the O(h²) consistency error times the discrete
 * MFPT itself (stability in the maximum norm, as for upwinding; Scharfetter & Gummel 1969 and
 * Il'in 1969 fit exponentials per edge in the same way).
 */
export function gridGenerator(problem: GridProblem2D, g: Grid2D): GridOperator {
  const n = g.nx * g.ny;
  const gen = bandedGenerator(n, g.bandwidth);
  const logScale = new Float64Array(n);
  const twoD = 2 * problem.D;
  const c = problem.D / problem.gamma;
  const corrections: BoundaryCorrection[] = [];
  const arms: [Arm | null, Arm | null][] = [
    [null, null],
    [null, null],
  ];
  for (let i = 0; i < g.nx; i++) {
    for (let j = 0; j < g.ny; j++) {
      const k = nodeIndex(g, i, j);
      if (g.inTarget[k]) continue;
      arms[0] = [armOf(problem, g, i, j, -1, 0), armOf(problem, g, i, j, 1, 0)];
      arms[1] = [armOf(problem, g, i, j, 0, -1), armOf(problem, g, i, j, 0, 1)];
      let top = Number.NEGATIVE_INFINITY;
      for (const pair of arms) {
        for (const arm of pair) if (arm) top = Math.max(top, arm.drop / twoD);
      }
      logScale[k] = top;
      const add = (arm: Arm, rate: number) => {
        if (arm.node < 0) gen.absorption[k]! += rate;
        else addCoupling(gen, k, arm.node, rate);
      };
      const rateTo = (arm: Arm, volume: number) =>
        (c / (volume * arm.length)) * Math.exp(arm.drop / twoD - top);
      for (const [m, p] of arms) {
        if (m && p) {
          const volume = 0.5 * (m.length + p.length);
          add(m, rateTo(m, volume));
          add(p, rateTo(p, volume));
          const c2 = correctionAt(problem.drift, g, k, i, j, m, p, m === arms[0]![0] ? 0 : 1);
          if (c2) corrections.push(c2);
        } else if (m || p) {
          // A wall mirrors the arm inside it: twice the rate over a volume of one arm.
          const arm = (m ?? p)!;
          add(arm, 2 * rateTo(arm, arm.length));
        }
      }
    }
  }
  const scale = new Float64Array(n);
  for (let k = 0; k < n; k++) scale[k] = Math.exp(-logScale[k]!);
  return { generator: gen, scale, corrections };
}
