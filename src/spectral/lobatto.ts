/**
 * The Legendre–Gauss–Lobatto grid of the Klein–Kramers solver (kleinKramersSpectrum.ts): nodes,
 * quadrature weights, the summation-by-parts derivative, the Kosloff–Tal-Ezer map to x and
 * barycentric interpolation on it.
 *
 * Why Legendre and not Chebyshev points: with the Lobatto quadrature weights w_j, the collocation
 * derivative D satisfies W D + (W D)ᵀ = diag(−1, 0, …, 0, 1) (summation by parts: the quadrature
 * is exact for the degree-2n−1 product f g′, Carpenter & Gottlieb, J. Comput. Phys. 129, 1996;
 * Gassner, SIAM J. Sci. Comput. 35, 2013), so on the interior nodes (c = 0 at both ends) S = W D is
 * exactly skew-symmetric. Chebyshev–Lobatto collocation has no diagonal norm with that property.
 */

/** Nodes t_0 = −1 < … < t_n = 1, weights w_j, and P_n(t_j), for n intervals. */
export interface Lobatto {
  readonly t: Float64Array;
  readonly w: Float64Array;
  readonly pn: Float64Array;
  /** Barycentric weights λ_j = 1/Π_{l≠j}(t_j − t_l), scaled by a common factor. */
  readonly bary: Float64Array;
}

/** P_n(x) and P_{n−1}(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, p0];
}

/** An interior node: the root of P′_n near the Chebyshev–Lobatto guess, by Newton's method. */
function interiorNode(n: number, guess: number): number {
  let x = guess;
  for (let it = 0; it < 100; it++) {
    const [p, q] = legendre(n, x);
    // P′_n = n(P_{n−1} − x P_n)/(1 − x²), and (1 − x²)P″_n = 2x P′_n − n(n+1) P_n (Legendre).
    const d1 = (n * (q - x * p)) / (1 - x * x);
    const d2 = (2 * x * d1 - n * (n + 1) * p) / (1 - x * x);
    const step = d1 / d2;
    x -= step;
    if (Math.abs(step) <= 1e-16) break;
  }
  return x;
}

const cache = new Map<number, Lobatto>();

/**
 * The Legendre–Gauss–Lobatto rule of n intervals: nodes ±1 and the n − 1 roots of P′_n, weights
 * 2/(n(n+1) P_n(t_j)²) (Canuto, Hussaini, Quarteroni & Zang, Spectral Methods, 2006, §2.2.3).
 * The nodes are made exactly mirror-symmetric (t_{n−j} = −t_j), as the parity split needs.
 */
export function lobatto(n: number): Lobatto {
  const known = cache.get(n);
  if (known) return known;
  const t = new Float64Array(n + 1);
  for (let j = 0; j <= n / 2; j++) {
    const guess = -Math.cos((Math.PI * j) / n);
    const node = j === 0 ? -1 : 2 * j === n ? 0 : interiorNode(n, guess);
    t[j] = node;
    t[n - j] = 0 - node; // not −0 at the middle node
  }
  const pn = t.map((x) => legendre(n, x)[0]);
  const w = pn.map((p) => 2 / (n * (n + 1) * p * p));
  const bary = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    // Each factor doubled: [−1, 1] has capacity 1/2, so the products stay near 1 in size.
    let product = 1;
    for (let l = 0; l <= n; l++) if (l !== j) product *= 2 * (t[j]! - t[l]!);
    bary[j] = 1 / product;
  }
  const rule = { t, w, pn, bary };
  cache.set(n, rule);
  return rule;
}

/** The Kosloff–Tal-Ezer map of a grid: x = mid + half·arcsin(α t)/arcsin(α), t ∈ [−1, 1]. */
export interface GridMap {
  /** Interior nodes (the rule has k + 1 intervals). */
  readonly k: number;
  readonly mid: number;
  readonly half: number;
  readonly alpha: number;
}

/** x(t) and dx/dt of the map. */
export function mapToX(map: GridMap, t: number): { x: number; dxdt: number } {
  const asin = Math.asin(map.alpha);
  return {
    x: map.mid + (map.half * Math.asin(map.alpha * t)) / asin,
    dxdt: (map.half * map.alpha) / (asin * Math.sqrt(1 - (map.alpha * t) ** 2)),
  };
}

/** t(x), the inverse of the map. */
export function mapToT(map: GridMap, x: number): number {
  return Math.sin((Math.asin(map.alpha) * (x - map.mid)) / map.half) / map.alpha;
}

/**
 * The values at x of the map's k interior cardinal functions (the end nodes carry c = 0), by the
 * barycentric formula of the second kind (Berrut & Trefethen, SIAM Rev. 46, 2004), into `row`.
 */
export function cardinalRow(map: GridMap, x: number, row: Float64Array, rowOffset = 0): void {
  const { t, bary } = lobatto(map.k + 1);
  const n = map.k + 1;
  const s = mapToT(map, x);
  let den = 0;
  for (let j = 0; j <= n; j++) {
    const d = s - t[j]!;
    if (d === 0) {
      for (let l = 0; l < map.k; l++) row[rowOffset + l] = 0;
      if (j > 0 && j < n) row[rowOffset + j - 1] = 1;
      return;
    }
    den += bary[j]! / d;
  }
  for (let j = 1; j < n; j++) row[rowOffset + j - 1] = bary[j]! / (s - t[j]!) / den;
}
