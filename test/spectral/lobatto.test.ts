import { describe, expect, it } from 'vitest';
import { cardinalRow, lobatto, mapToT, mapToX } from '../../src/spectral/lobatto.js';

// Every check is against a closed form, not against the rule itself: ∫_{−1}^{1} t^m dt =
// 2/(m+1) (m even) or 0, the Legendre–Lobatto nodes' defining property P′_n(t_j) = 0, and
// exactness of interpolation for polynomials of degree ≤ n.
describe('lobatto: the Legendre–Gauss–Lobatto rule', () => {
  const sizes = [1, 2, 5, 8, 33, 101, 320];

  it.each(sizes)('n = %i: integrates t^m exactly for m ≤ 2n − 1 (to rounding)', (n) => {
    const { t, w } = lobatto(n);
    for (let m = 0; m <= 2 * n - 1; m += Math.max(1, Math.floor(n / 7))) {
      let sum = 0;
      for (let j = 0; j <= n; j++) sum += w[j]! * t[j]! ** m;
      const exact = m % 2 === 0 ? 2 / (m + 1) : 0;
      // Rounding of a sum of n + 1 terms of size ≤ 2: a few hundred ε.
      expect(Math.abs(sum - exact), `m = ${m}`).toBeLessThan(1e-13);
    }
  });

  it.each(sizes.filter((n) => n >= 2))(
    'n = %i: interior nodes are the roots of P′_n, mirror-symmetric, ascending',
    (n) => {
      const { t } = lobatto(n);
      expect(t[0]).toBe(-1);
      expect(t[n]).toBe(1);
      for (let j = 1; j < n; j++) {
        expect(t[j]!).toBeGreaterThan(t[j - 1]!);
        expect(t[n - j]! + t[j]!).toBe(0);
        // P′_n by the recurrence for P′ (independent of the node finder's formula):
        // P′_{k+1} = P′_{k−1} + (2k+1) P_k.
        let [p0, p1, d0, d1] = [1, t[j]!, 0, 1];
        for (let k = 1; k < n; k++) {
          const p2 = ((2 * k + 1) * t[j]! * p1 - k * p0) / (k + 1);
          const d2 = d0 + (2 * k + 1) * p1;
          [p0, p1, d0, d1] = [p1, p2, d1, d2];
        }
        // |P′_n| reaches n(n+1)/2 at the ends; a root to 1e-15 leaves ≲ n²·1e-15 of it.
        expect(Math.abs(d1), `node ${j}`).toBeLessThan(1e-12 * n * n);
      }
    },
  );

  it('summation by parts: w_i D_ij is skew-symmetric on the interior nodes', () => {
    // D_ij = P_n(t_i)/(P_n(t_j)(t_i − t_j)), the Lobatto differentiation matrix (Canuto et al.
    // 2006, (2.4.9)); check W D + (W D)ᵀ = 0 away from the ends and that D differentiates t³.
    const n = 12;
    const { t, w, pn } = lobatto(n);
    const d = (i: number, j: number) => pn[i]! / (pn[j]! * (t[i]! - t[j]!));
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        if (i !== j) expect(w[i]! * d(i, j) + w[j]! * d(j, i)).toBeCloseTo(0, 13);
      }
      let derivative = 0;
      for (let j = 0; j <= n; j++) if (j !== i) derivative += d(i, j) * (t[j]! ** 3 - t[i]! ** 3);
      // D has zero row sums, so Σ_j D_ij f_j = Σ_{j≠i} D_ij (f_j − f_i).
      expect(derivative).toBeCloseTo(3 * t[i]! ** 2, 11);
    }
  });

  it('the map and its inverse agree; cardinal functions reproduce a polynomial vanishing at ±1', () => {
    const map = { k: 20, mid: 0.3, half: 2, alpha: 1 / Math.cosh(Math.log(1e16) / 20) };
    for (const t of [-0.99, -0.4, 0, 0.7]) {
      expect(mapToT(map, mapToX(map, t).x)).toBeCloseTo(t, 14);
    }
    // f(t) = (1 − t²)(t³ − t/2) has degree 5 ≤ n = 21 and is 0 at both ends: interpolation in t is
    // exact, so at any x the cardinal row applied to f at the interior nodes gives f(t(x)).
    const { t } = lobatto(map.k + 1);
    const f = (s: number) => (1 - s * s) * (s ** 3 - s / 2);
    const values = Array.from({ length: map.k }, (_, j) => f(t[j + 1]!));
    const row = new Float64Array(map.k);
    for (const x of [-1.6, -0.2, 0.31, 2.1]) {
      cardinalRow(map, x, row);
      const interpolated = row.reduce((s, r, j) => s + r * values[j]!, 0);
      expect(interpolated).toBeCloseTo(f(mapToT(map, x)), 13);
    }
    // At a node the row is that node's unit vector.
    cardinalRow(map, mapToX(map, t[5]!).x, row);
    expect(row[4]).toBeCloseTo(1, 12);
  });
});
