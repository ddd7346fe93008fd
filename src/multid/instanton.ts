import type { DriftField } from '../core/index.js';
import { nearFocus } from './nearFocus.js';
import { curvatureTerm, type Mat2, riccati } from './riccati.js';

/** The Bouchet–Reygner quantities along one minimum action path in two coordinates. */
export interface InstantonPrefactor {
  /** ∫ div ℓ(φ(t)) dt along the path, ℓ = b + ∇V (Richardson over the gMAM ladder). */
  readonly integral: number;
  /** Estimated absolute error of `integral`: the ladder's last difference plus the stride's. */
  readonly integralError: number;
  /** Hess V at the saddle on the branch the path arrives on (row-major 2×2). */
  readonly saddleHessian: readonly number[];
  /** |Δ ln|det Hess V(x_s)|| between the two finest paths: its error. */
  readonly saddleLogDetError: number;
  /** Why there is no number (a caustic, a spiral, a path not resolved), or null. */
  readonly breakdown: string | null;
  /**
   * Where the path arrives along the saddle's stable eigenvector (Hess V(x_s) = 0, `integral`
   * NaN): ln lim e^{−∫div ℓ dt}/√|det Hess V| along the path, which stays finite, with its error.
   */
  readonly limit?: { readonly logFactor: number; readonly error: number };
  /** Hess V across the path on the finest path (see `TransverseCurvature`); absent with `limit`. */
  readonly transverse?: TransverseCurvature;
}

/**
 * The curvature h = ν·Hess V ν of the quasi-potential across the path (ν its normal) at the
 * interior nodes of the finest path, from where the march starts to the last node before the
 * saddle. The prefactor treats V as quadratic across a tube of width √(D/h) around the path and
 * h as constant across it; that holds while the width is small against h/|dh/ds|, the length on
 * which h changes: √(D/h)·|h′|/h ≪ 1, i.e. D ≪ h³/h′² at every node. `crossoverD` is the least
 * h³/h′² (0 where h ≤ 0 somewhere), the D at which the width reaches that length.
 */
export interface TransverseCurvature {
  readonly min: number;
  /** The node where h is least. */
  readonly at: readonly number[];
  readonly crossoverD: number;
}

/** What the drift and the path's geometry fix at one interior node. */
interface Node {
  readonly speed: number; // |b| = |φ̇|
  readonly tangent: [number, number];
  readonly normal: [number, number];
  readonly jacobian: Float64Array;
  readonly curvature: Mat2; // Σ p_k ∇²b_k
  readonly hTangent: [number, number]; // Hτ = −Jᵀp/|b|, exact from ṗ = −Jᵀp
  readonly divergence: number; // div b
}

function nodeAt(drift: DriftField, points: readonly (readonly number[])[], k: number): Node {
  const x = points[k]!;
  const d = [points[k + 1]![0]! - points[k - 1]![0]!, points[k + 1]![1]! - points[k - 1]![1]!];
  const length = Math.hypot(d[0]!, d[1]!);
  const tangent: [number, number] = [d[0]! / length, d[1]! / length];
  const b = new Float64Array(2);
  const jacobian = new Float64Array(4);
  drift.b(x, b);
  drift.jacobian(x, jacobian);
  const speed = Math.hypot(b[0]!, b[1]!);
  // φ̇ = b + 2p runs along the path with speed |b| (H(x, p) = b·p + |p|² = 0 on it).
  const p = [(speed * tangent[0] - b[0]!) / 2, (speed * tangent[1] - b[1]!) / 2];
  const hTangent: [number, number] = [
    -(jacobian[0]! * p[0]! + jacobian[2]! * p[1]!) / speed,
    -(jacobian[1]! * p[0]! + jacobian[3]! * p[1]!) / speed,
  ];
  return {
    speed,
    tangent,
    normal: [-tangent[1], tangent[0]],
    jacobian,
    curvature: curvatureTerm(drift, x, p),
    hTangent,
    divergence: jacobian[0]! + jacobian[3]!,
  };
}

/** H from its known column Hτ and its normal–normal entry a. */
function assemble(node: Node, a: number): Mat2 {
  const [t0, t1] = node.tangent;
  const [n0, n1] = node.normal;
  const htt = t0 * node.hTangent[0] + t1 * node.hTangent[1];
  const htn = n0 * node.hTangent[0] + n1 * node.hTangent[1];
  const e = (u: number[], v: number[]) => [
    u[0]! * v[0]!,
    u[0]! * v[1]!,
    u[1]! * v[0]!,
    u[1]! * v[1]!,
  ];
  const tt = e([t0, t1], [t0, t1]);
  const tn = e([t0, t1], [n0, n1]);
  const nt = e([n0, n1], [t0, t1]);
  const nn = e([n0, n1], [n0, n1]);
  return [0, 1, 2, 3].map((i) => htt * tt[i]! + htn * (tn[i]! + nt[i]!) + a * nn[i]!) as Mat2;
}

const quadratic = (h: Mat2, u: readonly number[]) =>
  u[0]! * (h[0] * u[0]! + h[1] * u[1]!) + u[1]! * (h[2] * u[0]! + h[3] * u[1]!);

/**
 * The implicit step for the normal–normal entry a of H at a node: a = a0 − q·R_νν(a), R = JᵀH +
 * HJ + 2H² + M with Hν = H_τν τ + a ν, so R_νν = 2a² + 2(ν·Jν)a + 2H_τν(τ·Jν) + 2H_τν² + M_νν.
 * The root nearest a0 (the branch the solution is on); null when there is none (it blows up).
 */
function implicitNormal(node: Node, a0: number, q: number): number | null {
  const [n0, n1] = node.normal;
  const j = node.jacobian;
  const jn = [j[0]! * n0 + j[1]! * n1, j[2]! * n0 + j[3]! * n1];
  const njn = n0 * jn[0]! + n1 * jn[1]!;
  const tjn = node.tangent[0] * jn[0]! + node.tangent[1] * jn[1]!;
  const htn = n0 * node.hTangent[0] + n1 * node.hTangent[1];
  const A = 2 * q;
  const B = 1 + 2 * q * njn;
  const C = q * (2 * htn * tjn + 2 * htn * htn + quadratic(node.curvature, node.normal)) - a0;
  const disc = B * B - 4 * A * C;
  if (!(disc >= 0)) return null;
  // Both roots without cancellation; the step keeps the one nearest a0 (the branch it is on).
  const big = (-B - (B >= 0 ? 1 : -1) * Math.sqrt(disc)) / (2 * A);
  const small = big !== 0 ? C / (A * big) : 0;
  return Math.abs(big - a0) < Math.abs(small - a0) ? big : small;
}

/** div ℓ = div b + ΔV at an interior node. */
const divergenceOfL = (node: Node, h: Mat2) => node.divergence + h[0] + h[3];

/** Where the march along the nodes starts: the stable point, or a node the near-focus part reached. */
interface MarchStart {
  readonly index: number;
  readonly hessian: Mat2;
  readonly integral: number;
}

/**
 * The Riccati equation along the nodes k = start, start + stride, …, last (the saddle last), by
 * the trapezoid rule in arc length (backward Euler on the first step from the stable point,
 * where |b| = 0). Returns the integral of div ℓ/|b| (ends extrapolated linearly where both it
 * and |b| vanish), H at each node marched, and ln(e^{−∫div ℓ dt}/√|det H|) at every stride-th node
 * (NaN before the start).
 */
function alongPath(
  nodes: readonly Node[],
  last: number,
  stride: number,
  start: MarchStart,
  step: number,
): { integral: number; hessians: Mat2[]; logRatio: number[]; breakdown: number | null } {
  const hessians: Mat2[] = [start.hessian];
  const first = start.index > 0 ? nodes[start.index]! : null;
  const integrand: number[] = [
    first ? divergenceOfL(first, start.hessian) / first.speed : Number.NaN,
  ];
  let previous: { h: Mat2; rate: Mat2 | null } = {
    h: start.hessian,
    rate: first
      ? (riccati(first.jacobian, start.hessian, first.curvature).map(
          (v) => v / first.speed,
        ) as Mat2)
      : null,
  };
  const h = step * stride;
  for (let k = start.index + stride; k < last; k += stride) {
    const node = nodes[k]!;
    const explicit = previous.rate
      ? previous.h.map((v, i) => v - 0.5 * h * previous.rate![i]!)
      : previous.h;
    const q = (previous.rate ? 0.5 * h : h) / node.speed;
    const a = implicitNormal(node, quadratic(explicit as Mat2, node.normal), q);
    if (a === null) return { integral: Number.NaN, hessians, logRatio: [], breakdown: k };
    const hk = assemble(node, a);
    const r = riccati(node.jacobian, hk, node.curvature);
    previous = { h: hk, rate: r.map((v) => v / node.speed) as Mat2 };
    hessians.push(hk);
    integrand.push(divergenceOfL(node, hk) / node.speed);
  }
  const n = integrand.length;
  if (!first) integrand[0] = 2 * integrand[1]! - integrand[2]!;
  // The saddle node: the last interior node is `last − stride` only when stride divides `last`.
  const tail = last - start.index - (n - 1) * stride;
  integrand.push(integrand[n - 1]! + (tail / stride) * (integrand[n - 1]! - integrand[n - 2]!));
  let integral = start.integral;
  const logDetAt = (i: number) => {
    const hi = hessians[i]!;
    return 0.5 * Math.log(Math.abs(hi[0] * hi[3] - hi[1] * hi[2]));
  };
  // ln(e^{−∫div ℓ dt}/√|det H|) up to each node: finite at the saddle even where H_s = 0.
  const logRatio: number[] = Array.from({ length: start.index / stride }, () => Number.NaN);
  logRatio.push(first ? -integral - logDetAt(0) : Number.NaN);
  for (let i = 0; i + 1 < n; i++) {
    integral += 0.5 * h * (integrand[i]! + integrand[i + 1]!);
    logRatio.push(-integral - logDetAt(i + 1));
  }
  integral += 0.5 * tail * step * (integrand[n - 1]! + integrand[n]!);
  return { integral, hessians, logRatio, breakdown: null };
}

/**
 * In which directions e the path can arrive at the saddle: there x − x_s = −εe, b = −εJe and
 * p = ε(|Je|e + Je)/2, and ṗ = −Jᵀp gives H_s e = −Jᵀ(e + Je/|Je|)/2 (Node.hTangent in the
 * limit); the path arrives along an eigenvector of J + 2H_s, so e ∥ Je − Jᵀe − JᵀJe/|Je|. The
 * roots of that cross product within 0.5 rad of the path's own last direction θ0 (scan, bisect).
 */
function arrivalDirections(j: readonly number[], theta0: number): number[] {
  const cross = (theta: number) => {
    const e = [Math.cos(theta), Math.sin(theta)];
    const je = [j[0]! * e[0]! + j[1]! * e[1]!, j[2]! * e[0]! + j[3]! * e[1]!];
    const size = Math.hypot(je[0]!, je[1]!);
    const v = [0, 1].map(
      (i) =>
        je[i]! - (j[i]! * e[0]! + j[2 + i]! * e[1]!) - (j[i]! * je[0]! + j[2 + i]! * je[1]!) / size,
    );
    return e[0]! * v[1]! - e[1]! * v[0]!;
  };
  // Where J² ∝ I (a resonant saddle, e.g. Maier–Stein's J = diag(1, −1)) every direction solves
  // it and the cross product is rounding noise: then only the path's direction can say.
  const scale = Math.max(...j.map(Math.abs));
  let largest = 0;
  for (let i = 0; i <= 64; i++) largest = Math.max(largest, Math.abs(cross((Math.PI * i) / 64)));
  if (largest <= 1e-12 * scale) return [theta0];
  const roots: number[] = [];
  const steps = 400;
  for (let i = 0; i < steps; i++) {
    let a = theta0 - 0.5 + i / steps;
    let b = a + 1 / steps;
    let fa = cross(a);
    if (fa === 0) b = a;
    else if (fa * cross(b) > 0) continue;
    for (let it = 0; it < 60 && b - a > 1e-15; it++) {
      const m = 0.5 * (a + b);
      const fm = cross(m);
      if (fa * fm <= 0) b = m;
      else [a, fa] = [m, fm];
    }
    roots.push(0.5 * (a + b));
  }
  return roots;
}

/**
 * Hess V at the saddle on the branch the path arrives on: its column along an arrival direction
 * e is fixed (see `arrivalDirections`), and the normal–normal entry a solves the normal part of
 * JᵀH + HJ + 2H² = 0 (p = 0 there), a quadratic whose root nearest the path's extrapolated value
 * is taken. Newton on the whole algebraic Riccati equation would not do: where the eigenvalues of
 * J + 2H_s sum to 0 (div b = 0 at the saddle, as for Maier–Stein and for b = −(I + M)∇U) its
 * solutions form a continuum, and only the arrival picks one. Where several directions solve it
 * near the path's last one (two roots 0.05–0.26 rad apart on Morris–Lecar at I = 35–39, near
 * J's stable eigenvector), the one whose Hess V is nearest the Hessian the march arrives with:
 * the march carries the whole column Hτ, the path's last segment only its direction, to O(h).
 */
function saddleHessianOnArrival(
  j: readonly number[],
  theta0: number,
  arrival: Mat2,
): { hessian: Mat2; residual: number } | null {
  let best: { hessian: Mat2; residual: number; miss: number } | null = null;
  for (const theta of arrivalDirections(j, theta0)) {
    const hessian = hessianAlong(j, theta, arrival);
    if (!hessian) continue;
    const miss = Math.hypot(...hessian.map((v, i) => v - arrival[i]!));
    if (best && best.miss <= miss) continue;
    const r = riccati(j, hessian, [0, 0, 0, 0]);
    best = { hessian, residual: Math.max(...r.map(Math.abs)), miss };
  }
  return best && { hessian: best.hessian, residual: best.residual };
}

/** The candidate Hess V(x_s) for arrival along θ (see saddleHessianOnArrival); null if none. */
function hessianAlong(j: readonly number[], theta: number, arrival: Mat2): Mat2 | null {
  const tangent: [number, number] = [Math.cos(theta), Math.sin(theta)];
  const je = [j[0]! * tangent[0] + j[1]! * tangent[1], j[2]! * tangent[0] + j[3]! * tangent[1]];
  const size = Math.hypot(je[0]!, je[1]!);
  const w = [tangent[0] + je[0]! / size, tangent[1] + je[1]! / size];
  const node: Node = {
    speed: 0,
    tangent,
    normal: [-tangent[1], tangent[0]],
    jacobian: Float64Array.from(j),
    curvature: [0, 0, 0, 0],
    hTangent: [-(j[0]! * w[0]! + j[2]! * w[1]!) / 2, -(j[1]! * w[0]! + j[3]! * w[1]!) / 2],
    divergence: j[0]! + j[3]!,
  };
  const [n0, n1] = node.normal;
  const jn = [j[0]! * n0 + j[1]! * n1, j[2]! * n0 + j[3]! * n1];
  const htn = n0 * node.hTangent[0] + n1 * node.hTangent[1];
  // 2a² + 2(ν·Jν)a + 2H_τν(τ·Jν) + 2H_τν² = 0.
  const B = n0 * jn[0]! + n1 * jn[1]!;
  const C = htn * (tangent[0] * jn[0]! + tangent[1] * jn[1]!) + htn * htn;
  const disc = B * B - 4 * C;
  if (!(disc >= 0)) return null;
  const target = quadratic(arrival, node.normal);
  const roots = [(-B - Math.sqrt(disc)) / 2, (-B + Math.sqrt(disc)) / 2];
  const a = Math.abs(roots[0]! - target) < Math.abs(roots[1]! - target) ? roots[0]! : roots[1]!;
  return assemble(node, a);
}

/** The path quantities on one discretisation of the path (see `instantonPrefactor`). */
interface OnePath {
  readonly integral: number;
  readonly strideError: number;
  readonly saddleHessian: Mat2 | null;
  readonly arrival: Mat2 | null;
  readonly breakdown: string | null;
  /** ln(e^{−∫div ℓ dt}/√|det H|) at every node, when the path arrives on H_s = 0. */
  readonly logRatio?: readonly number[];
  readonly transverse?: TransverseCurvature;
}

/** h = ν·Hν at the interior nodes marched (stride 1), its least value and least h³/h′². */
function transverseOf(
  nodes: readonly Node[],
  points: readonly (readonly number[])[],
  hessians: readonly Mat2[],
  startIndex: number,
  step: number,
): TransverseCurvature {
  const first = Math.max(1, startIndex);
  const h: number[] = [];
  for (let k = first; k < points.length - 1; k++) {
    h.push(quadratic(hessians[k - startIndex]!, nodes[k]!.normal));
  }
  let iMin = 0;
  let crossoverD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < h.length; i++) {
    if (h[i]! < h[iMin]!) iMin = i;
    if (!(h[i]! > 0)) crossoverD = 0;
    if (i === 0 || i + 1 === h.length) continue;
    // Central differences in arc length: second order, smooth away from the ends.
    const slope = (h[i + 1]! - h[i - 1]!) / (2 * step);
    if (slope !== 0) crossoverD = Math.min(crossoverD, h[i]! ** 3 / slope ** 2);
  }
  return { min: h[iMin]!, at: points[first + iMin]!, crossoverD };
}

function onePath(
  drift: DriftField,
  points: readonly (readonly number[])[],
  start: MarchStart,
  saddleJacobian: readonly number[],
): OnePath {
  const last = points.length - 1;
  let length = 0;
  for (let k = 1; k <= last; k++) {
    length += Math.hypot(points[k]![0]! - points[k - 1]![0]!, points[k]![1]! - points[k - 1]![1]!);
  }
  const nodes: Node[] = [];
  for (let k = 1; k < last; k++) nodes[k] = nodeAt(drift, points, k);
  const step = length / last;
  const fine = alongPath(nodes, last, 1, start, step);
  const coarse = alongPath(nodes, last, 2, start, step);
  const broken = fine.breakdown ?? coarse.breakdown;
  if (broken !== null) {
    const x = points[broken]!.map((v) => Number(v.toPrecision(4)));
    return {
      integral: Number.NaN,
      strideError: Number.NaN,
      saddleHessian: null,
      arrival: null,
      breakdown: `the Riccati equation for Hess V blows up along the path near (${x.join(', ')}): a caustic of the quasi-potential (Maier & Stein 1997), where the prefactor of Bouchet & Reygner does not apply`,
    };
  }
  const [h1, h2] = [fine.hessians.at(-1)!, fine.hessians.at(-2)!];
  // Linear extrapolation one step on from the last interior node to the saddle.
  const arrival = h1.map((v, i) => 2 * v - h2[i]!) as Mat2;
  const [a, b] = [points[last - 1]!, points[last]!];
  const theta = Math.atan2(b[1]! - a[1]!, b[0]! - a[0]!);
  const saddle = saddleHessianOnArrival(saddleJacobian, theta, arrival);
  const scale = Math.max(1, ...saddleJacobian.map(Math.abs)) ** 2;
  const solved = saddle !== null && saddle.residual <= 1e-9 * scale;
  if (solved && arrivesAlongStableDirection(saddleJacobian, saddle.hessian)) {
    return {
      integral: Number.NaN,
      strideError: Number.NaN,
      saddleHessian: null,
      arrival: null,
      breakdown: null,
      logRatio: fine.logRatio,
    };
  }
  return {
    // The trapezoid and Riccati steps are second order: Richardson over h and 2h.
    integral: fine.integral + (fine.integral - coarse.integral) / 3,
    strideError: Math.abs(fine.integral - coarse.integral) / 3,
    saddleHessian: solved ? saddle.hessian : null,
    arrival,
    transverse: transverseOf(nodes, points, fine.hessians, start.index, step),
    breakdown: solved
      ? null
      : 'no Hess V at the saddle solves the Riccati equation on the branch the path arrives on (a degenerate saddle?)',
  };
}

/** The saddle's rates: μ_s > 0 and −λ_s < 0, the eigenvalues of its Jacobian (real there). */
function saddleRates(j: readonly number[]): { mu: number; lambda: number } {
  const half = 0.5 * (j[0]! + j[3]!);
  const root = Math.sqrt(Math.max(0, half * half - (j[0]! * j[3]! - j[1]! * j[2]!)));
  return { mu: half + root, lambda: root - half };
}

const ARRIVAL_ALONG_STABLE =
  'the minimum action path arrives at the saddle along its stable eigendirection with ∇V → 0 faster than the distance (μ_s > λ_s, div b(x_s) > 0): Hess V(x_s) = 0 and ∫ div ℓ dt diverges logarithmically, and only their ratio e^{−∫div ℓ dt}/√|det Hess V| has a limit';

/**
 * Whether the path arrives on the degenerate branch H_s = 0. On the stable manifold of the
 * saddle (x_s, p = 0) of the Hamiltonian flow, ẋ = Jx + 2p, ṗ = −Jᵀp, paths approach like
 * c₁e^{−λ_s t}v₁ + c₂e^{−μ_s t}v₂, v₁ = (J's stable eigenvector, p = 0). Where λ_s < μ_s the
 * first term dominates unless c₁ = 0 (as for b = −∇U, whose path is the reversed unstable
 * manifold): the generic path then comes in along J's stable eigenvector with |p| ~ |x|^{μ_s/λ_s},
 * and the only Hess V(x_s) consistent with that arrival is 0 (tr(J + H) → div b(x_s) ≠ 0, so
 * div ℓ/|b| ~ 1/distance). Found on the Morris–Lecar field at I = 35 (issue 16).
 */
function arrivesAlongStableDirection(j: readonly number[], h: Mat2): boolean {
  const scale = Math.max(...j.map(Math.abs));
  return Math.max(...h.map(Math.abs)) <= 1e-9 * scale;
}

/**
 * Where λ_s < 2μ_s the subdominant term of the arrival (see arrivesAlongStableDirection) bends the
 * path like s^α, α = λ_s/μ_s − 1, near the saddle, so div ℓ/|b| ~ s^{α−1} there and the
 * trapezoid's error starts at h^α (Navot 1961: an integrable end singularity s^{α−1} adds h^α to
 * Euler–Maclaurin's h²; the stride's order-2 step keeps it a multiple of h^α). With α known from
 * the saddle's Jacobian alone, the ladder I₁, I₂, I₃ (h, h/2, h/4) is extrapolated at that order:
 * E_k = I_{k+1} + (I_{k+1} − I_k)/(2^α − 1). The terms left are of higher order (h^{2α}, h, …)
 * and shrink by more than 2^α per halving, so the tail past E₂₃ is at most |E₂₃ − E₁₂|/(2^α − 1),
 * which is the error. Only where 0 < α < 1 (below, the order-2 test passes or the error at order
 * ≥ 1 holds), the ladder shows that order (log₂ of the ratio of its differences within 0.15 of
 * α) and the error is at most 0.1; otherwise the reason, for the refusal. Morris–Lecar at I = 38 (α = 0.415) is tested against
 * a ladder twice finer and the exact MFPT.
 */
function knownOrderExtrapolation(
  j: readonly number[],
  [i1, i2, i3]: readonly [number, number, number],
): { integral: number; error: number } | string {
  const { mu, lambda } = saddleRates(j);
  const order = lambda / mu - 1;
  if (!(order > 0 && order < 1)) return '';
  const observed = Math.log2((i1 - i2) / (i2 - i3));
  const words = `; at this saddle λ_s/μ_s = ${(lambda / mu).toPrecision(3)}: the path bends like s^${order.toPrecision(2)} on arrival, so the ladder can only converge at order ${order.toPrecision(2)}`;
  if (!(Math.abs(observed - order) <= 0.15)) {
    return `${words}, and it converges at order ${observed.toPrecision(2)}`;
  }
  const r = 2 ** order - 1;
  const [e12, e23] = [i2 + (i2 - i1) / r, i3 + (i3 - i2) / r];
  const error = Math.abs(e23 - e12) / r;
  // Small α amplifies the ladder's differences by 1/(2^α − 1): Morris–Lecar at I = 37 (α = 0.075)
  // would give ∫div ℓ dt = 4.6 ± 3.3, a factor e^{3.3} either way. Past 0.1 (10% on the
  // prefactor) that is no number.
  if (!(error <= 0.1)) {
    return `${words}; extrapolated at that order it is ${e23.toPrecision(4)} ± ${error.toPrecision(2)}, too uncertain to give`;
  }
  return { integral: e23, error };
}

/**
 * lim e^{−∫div ℓ dt}/√|det H| at the saddle where the path arrives on H_s = 0. Along the path
 * d/dt[−∫div ℓ − ½ ln|det H|] = ½ tr(H⁻¹M) (from the Riccati equation: d ln det H/dt =
 * −2 tr J − 2 tr H − tr(H⁻¹M)), and near the saddle M ~ |p|, H⁻¹ ~ |x|/|p|, dt ~ ds/|x|, so
 * the ratio has a finite slope in arc length s while its two factors diverge: where H_s is not
 * degenerate the limit is e^{−∫div ℓ dt}/√|det H_s|, Bouchet & Reygner's (2016) own factor. The
 * value at the nodes m·L/64 from the saddle (m = 2, 3, 4, 6: the last node, where div ℓ/|b| ~
 * 1/distance, converges at first order only) by Richardson over the two finest paths, then a
 * quadratic in s to the saddle through m = 2, 3, 4; its error adds the spread against the
 * quadratic through 2, 4, 6 and the linear one through 2, 3 to the Richardson differences.
 */
function degenerateLimit(runs: readonly OnePath[]): InstantonPrefactor['limit'] | string {
  const at = (r: OnePath, m: number) => {
    const last = r.logRatio!.length;
    return r.logRatio![last - (m * last) / 64]!;
  };
  if (runs.some((r) => !r.logRatio || r.logRatio.length % 64 !== 0)) {
    return 'the gMAM ladder does not have a multiple of 64 intervals';
  }
  const [coarse, middle, fine] = runs as [OnePath, OnePath, OnePath];
  const ms = [2, 3, 4, 6];
  const value = new Map<number, number>();
  let richardson = 0;
  for (const m of ms) {
    const [l1, l2, l3] = [at(coarse, m), at(middle, m), at(fine, m)];
    // Second order in the spacing away from the saddle: differences shrink by ≈ 4.
    if (!(Math.abs(l1 - l2) >= 2.5 * Math.abs(l2 - l3)) && Math.abs(l2 - l3) > 1e-9) {
      return `e^{−∫div ℓ dt}/√|det Hess V| does not converge at second order over the gMAM ladder at ${m}/64 of the path from the saddle (${[l1, l2, l3].map((v) => v.toPrecision(6)).join(', ')})`;
    }
    value.set(m, l3 + (l3 - l2) / 3);
    richardson = Math.max(richardson, Math.abs(l3 - l2) / 3);
  }
  const r = (m: number) => value.get(m)!;
  const quadratic = 6 * r(2) - 8 * r(3) + 3 * r(4);
  const wider = 3 * r(2) - 3 * r(4) + r(6);
  const linear = 3 * r(2) - 2 * r(3);
  return {
    logFactor: quadratic,
    error: Math.abs(quadratic - wider) + Math.abs(quadratic - linear) + richardson,
  };
}

const logDet = (h: Mat2) => Math.log(Math.abs(h[0] * h[3] - h[1] * h[2]));

/**
 * Whether gMAM's equal-arc nodes cannot resolve how the path leaves the stable point: J + 2H_m has
 * complex eigenvalues κ (the path spirals out), or real ones 0 < κ₁ < κ₂ < 2κ₁. Then the path
 * leaves x_m like c₁e^{κ₁t}v₁ + c₂e^{κ₂t}v₂, i.e. bends like s^{κ₂/κ₁} in arc length s, its
 * curvature ~ s^{κ₂/κ₁−2} unbounded, and the march's central-difference tangent errs by O(1) at the
 * first nodes, where div ℓ/|b| divides by |b| ~ s: ∫div ℓ dt converges at order κ₂/κ₁ − 1 only
 * (the same bend as at a slow arrival, `knownOrderExtrapolation`). Found on b = −(I + M)∇U,
 * U = x⁴/4 − x²/2 + y²/2, m = 0.3 (κ₂/κ₁ = 1.43): the ladder's integral 8.2e-3, 6.5e-3, 5.0e-3,
 * 3.7e-3 against the exact 0, all of the error in the first quarter of the path.
 */
function leavesUnresolved(j: readonly number[], h: readonly number[]): boolean {
  const k = [0, 1, 2, 3].map((i) => j[i]! + 2 * h[i]!);
  const half = (k[0]! + k[3]!) / 2;
  const disc = half * half - (k[0]! * k[3]! - k[1]! * k[2]!);
  if (disc < 0) return true;
  const root = Math.sqrt(disc);
  return half + root < 2 * (half - root);
}

/**
 * Where the march along gMAM's nodes starts. Where its nodes cannot resolve how the path leaves
 * x_m (`leavesUnresolved`: a spiral, or a node bending like s^{κ₂/κ₁} with κ₂/κ₁ < 2) the part up
 * to the node at 1/4 of the path (the same point on every path of the ladder) is integrated in
 * time (nearFocus.ts), where the path is smooth, and the march starts there; otherwise at x_m with
 * H_m. Null if that fails.
 */
function marchStart(
  drift: DriftField,
  points: readonly (readonly number[])[],
  well: { readonly hessian: readonly number[]; readonly jacobian: readonly number[] },
): (MarchStart & { error: number }) | null {
  const hessian = [...well.hessian] as Mat2;
  if (!leavesUnresolved(well.jacobian, well.hessian))
    return { index: 0, hessian, integral: 0, error: 0 };
  const last = points.length - 1;
  const index = 2 * Math.round(last / 8);
  const near = nearFocus(drift, points[0]!, well.hessian, well.jacobian, points[index]!);
  if (!near || index < 2) return null;
  return { index, hessian: near.hessian, integral: near.integral, error: near.error };
}

/**
 * The Bouchet–Reygner path quantities on a minimum action path in two coordinates, given as the
 * refinement ladder of gMAM (the same path at 64, 128, 256 intervals, nodes equally spaced in arc
 * length from the stable point to the saddle), with Hess V and J at the stable point and J at the
 * saddle: ∫ div ℓ dt and Hess V at the saddle, each with an error from the ladder. See
 * src/rates/bouchetReygner.ts for the derivation and the method.
 */
export function instantonPrefactor(
  drift: DriftField,
  ladder: readonly (readonly (readonly number[])[])[],
  well: { readonly hessian: readonly number[]; readonly jacobian: readonly number[] },
  saddleJacobian: readonly number[],
): InstantonPrefactor {
  const fail = (why: string): InstantonPrefactor => ({
    integral: Number.NaN,
    integralError: Number.NaN,
    saddleHessian: [],
    saddleLogDetError: Number.NaN,
    breakdown: why,
  });
  const starts = ladder.map((points) => marchStart(drift, points, well));
  const lost = starts.indexOf(null);
  if (lost >= 0) {
    return fail(
      'the minimum action path spirals out of the stable point or bends there like s^{κ₂/κ₁}, κ₂/κ₁ < 2 (κ the eigenvalues of J + 2 Hess V), and its part near it, integrated in time, does not reach the matching node of gMAM’s path; no number is given',
    );
  }
  const nearError = Math.max(...starts.map((st) => st!.error));
  const runs = ladder.map((points, i) => onePath(drift, points, starts[i]!, saddleJacobian));
  const broken = runs.find((r) => r.breakdown !== null);
  if (broken || runs.length < 3)
    return fail(broken?.breakdown ?? 'the gMAM ladder has fewer than 3 paths');
  const degenerate = runs.filter((r) => r.logRatio !== undefined).length;
  if (degenerate > 0) {
    if (degenerate < runs.length) return fail(ARRIVAL_ALONG_STABLE);
    const limit = degenerateLimit(runs);
    if (typeof limit === 'string') return fail(`${ARRIVAL_ALONG_STABLE}; ${limit}`);
    return {
      integral: Number.NaN,
      integralError: Number.NaN,
      saddleHessian: [0, 0, 0, 0],
      saddleLogDetError: Number.NaN,
      breakdown: null,
      limit,
    };
  }
  const [i1, i2, i3] = runs.map((r) => r.integral) as [number, number, number];
  const [d12, d23] = [i1 - i2, i2 - i3];
  // Second order in the path's spacing: successive differences shrink by ≈ 4 (faster where the
  // stride's extrapolation has already removed the h² term). Shrinking by less than 2.5 (first
  // order, a path not yet resolved near an end) and the ladder cannot vouch for any value, unless
  // its differences are all below the stride's error, which the error then carries, or the
  // saddle itself fixes the order (slowArrival).
  const tiny = 1e-9 * Math.max(1, Math.abs(i3));
  const withinStride = Math.max(Math.abs(d12), Math.abs(d23)) <= runs[2]!.strideError;
  if (!(Math.abs(d23) <= tiny || withinStride || Math.abs(d12) >= 2.5 * Math.abs(d23))) {
    const known = knownOrderExtrapolation(saddleJacobian, [i1, i2, i3]);
    if (typeof known === 'string') {
      return fail(
        `∫ div ℓ dt does not converge at second order over the gMAM ladder (${[i1, i2, i3].map((v) => v.toPrecision(6)).join(', ')}): the path is not resolved where the prefactor integral needs it${known}`,
      );
    }
    return withSaddle(runs, known.integral, known.error + nearError);
  }
  // Differences of alternating sign are not yet asymptotic: then the error is doubled.
  const alternating = d12 * d23 < 0 ? 2 : 1;
  // |I₃ − I₂| bounds the error of I₃ at order ≥ 1, so of the extrapolated value too.
  const error = alternating * Math.abs(d23) + runs[2]!.strideError + nearError;
  return withSaddle(runs, i3 - d23 / 3, error);
}

/** The result with Hess V(x_s) from the finest path and its change from the one before. */
function withSaddle(runs: readonly OnePath[], integral: number, error: number): InstantonPrefactor {
  const fine = runs[2]!;
  const previous = runs[1]!;
  return {
    integral,
    integralError: error,
    saddleHessian: fine.saddleHessian!,
    saddleLogDetError: Math.abs(logDet(fine.saddleHessian!) - logDet(previous.saddleHessian!)),
    breakdown: null,
    ...(fine.transverse ? { transverse: fine.transverse } : {}),
  };
}
