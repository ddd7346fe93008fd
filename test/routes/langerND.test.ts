import { describe, expect, it } from 'vitest';
import {
  langerRate,
  methodInfo,
  ND_ROUTES,
  prepare,
  prepareTransition,
  ROUTES,
  transitionOf,
} from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

// A separable potential U = x⁴/4 − x²/2 + k y²/2 is the seed double well (docs/conventions.md §1:
// U″ = 2 at the wells, −1 at the top, ΔU = 1/4) times a harmonic y mode whose curvature cancels
// from Langer's ratio of determinants: every 2-D harmonic rate must equal its 1-D counterpart,
// computed by the 1-D routes from a 1-D problem (another code path: its landscape is found by the
// 1-D search, its curvatures by the 1-D derivatives).
const BOX = [
  { min: -2, max: 2 },
  { min: -1.5, max: 1.5 },
];
const separable = (extra: Record<string, unknown> = {}) =>
  prepare({
    potential: 'x^4/4 - x^2/2 + 3*y^2/2',
    coordinates: ['x', 'y'],
    domain: BOX,
    ...extra,
  });

describe('a separable 2-D double well reduces to the 1-D routes', () => {
  it('Langer (overdamped, scalar γ) = Kramers: √2/(2πγ) e^{−ΔU/D}, to rounding', () => {
    for (const gamma of [1, 3]) {
      const t = transitionOf(separable({ D: 0.05, gamma }), { from: 0, to: 1 });
      const langer = ND_ROUTES.langer.run(t);
      const kramers = ROUTES.kramers.run(prepareTransition({ D: 0.05, gamma, from: 0, to: 1 }));
      expect(langer.retcode).toBe('success');
      // Both are one closed form of exact stationary points (found to ~1e-16): 1e-12 is rounding.
      expectClose(langer.rate, kramers.rate!, 1e-12, `Langer vs Kramers at γ = ${gamma}`);
      expectClose(langer.growthRate, 1 / gamma, 1e-12, 'κ = |λ₋|/γ');
      expect(langer.saddle).toBe(0);
      expect(langer.viaNetwork).toBe(false);
    }
  });

  it('harmonic TST = the 1-D TST with a mass (Vineyard reduces to ω_a/2π)', () => {
    const t = transitionOf(separable({ D: 0.05, mass: 0.5 }), { from: 0, to: 1 });
    const tst = ND_ROUTES.tst.run(t);
    const oneD = ROUTES.tst.run(prepareTransition({ D: 0.05, mass: 0.5, from: 0, to: 1 }));
    expectClose(tst.rate, oneD.rate!, 1e-12, 'TST');
    expect(tst.definition).toMatch(/det H_a/);
  });

  it('Kramers–Langer (inertial) = the 1-D spatial-diffusion rate, √(γ²/4m² + ω_s²) − γ/2m', () => {
    for (const [gamma, mass] of [
      [2, 0.5],
      [0.3, 2],
    ] as const) {
      const t = transitionOf(separable({ D: 0.05, gamma, mass, dynamics: 'underdamped' }), {
        from: 0,
        to: 1,
      });
      const kl = ND_ROUTES.kramersLanger.run(t);
      const oneD = ROUTES.spatialDiffusion.run(
        prepareTransition({ D: 0.05, gamma, mass, dynamics: 'underdamped', from: 0, to: 1 }),
      );
      // κ by bracketed secant to 1e-14 relative: 1e-11 leaves room for the eigen-solves inside.
      expectClose(kl.rate, oneD.rate!, 1e-11, `Kramers–Langer at γ = ${gamma}, m = ${mass}`);
      const kappa = Math.sqrt((gamma * gamma) / (4 * mass * mass) + 1 / mass) - gamma / (2 * mass);
      expectClose(kl.growthRate, kappa, 1e-11, 'κ');
    }
  });

  it('Langer → exact 1/MFPT as D/ΔU → 0, the ratio tending to 1 linearly in D/ΔU', () => {
    // The 1-D exact route (quadrature of the MFPT, 1e-10) on the same double well is the exact
    // overdamped answer of the separable 2-D problem (the y motion is independent of x).
    const deltaU = 0.25;
    const ratios = [10, 20, 40].map((b) => {
      const D = deltaU / b;
      const langer = ND_ROUTES.langer.run(transitionOf(separable({ D }), { from: 0, to: 1 }));
      const exact = ROUTES.exact.run(prepareTransition({ D, from: 0, to: 1 }));
      return { eps: 1 / b, excess: langer.rate! / exact.rate! - 1 };
    });
    // Linear: (ratio − 1)/(D/ΔU) settles to a constant (first-order asymptotics; the next term
    // is O((D/ΔU)²), so halving D/ΔU changes the slope by a few per cent of itself).
    const slopes = ratios.map((r) => r.excess / r.eps);
    for (const r of ratios) expect(Math.abs(r.excess)).toBeLessThan(2 * r.eps);
    expect(Math.abs(slopes[2]! - slopes[1]!)).toBeLessThan(0.5 * Math.abs(slopes[1]! - slopes[0]!));
    expect(Math.abs(ratios[2]!.excess)).toBeLessThan(0.6 * Math.abs(ratios[1]!.excess));
  });
});

// (x² − 1)² + 2(y − 0.3x)²: minima at ±(1, 0.3), a saddle at the origin, ΔU = 1; by hand
// H_a = [[8.36, −1.2], [−1.2, 4]] (det 32), H_s = [[−3.64, −1.2], [−1.2, 4]] (det −16).
const coupled = (extra: Record<string, unknown> = {}) =>
  prepare({
    potential: '(x^2 - 1)^2 + 2*(y - 0.3*x)^2',
    coordinates: ['x', 'y'],
    domain: [
      { min: -2, max: 2 },
      { min: -1.5, max: 1.5 },
    ],
    D: 0.1,
    ...extra,
  });
const HS = [-3.64, -1.2, -1.2, 4];
const PREFACTOR_RATIO = Math.sqrt(32 / 16);

/** Eigenvalues of a real 2×2 matrix with real spectrum, ascending (closed form). */
function eigen2(m: readonly number[]): [number, number] {
  const tr = m[0]! + m[3]!;
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  const root = Math.sqrt(tr * tr - 4 * det);
  return [(tr - root) / 2, (tr + root) / 2];
}

describe('a coupled 2-D well: Langer with a friction matrix against the 2×2 closed forms', () => {
  it('scalar γ: κ = |λ₋(H_s)|/γ, k = (κ/2π)√(det H_a/|det H_s|) e^{−ΔU/D}', () => {
    const t = transitionOf(coupled({ gamma: 2 }), { from: 0, to: 1 });
    const r = ND_ROUTES.langer.run(t);
    const kappa = -eigen2(HS)[0] / 2;
    // The search's stationary points are exact to ~1e-15; the Hessian entries are exact numbers.
    expectClose(r.growthRate, kappa, 1e-12, 'κ');
    expectClose(r.rate, (kappa / (2 * Math.PI)) * PREFACTOR_RATIO * Math.exp(-10), 1e-12, 'k');
  });

  it('a friction matrix Γ: κ the positive eigenvalue of −Γ⁻¹H_s (explicit 2×2 inverse)', () => {
    const G = [2, 0.5, 0.5, 1];
    const det = G[0]! * G[3]! - G[1]! * G[2]!;
    const inv = [G[3]! / det, -G[1]! / det, -G[2]! / det, G[0]! / det];
    const A = [0, 1, 2, 3].map((k) => {
      const i = Math.floor(k / 2);
      const j = k % 2;
      return -(inv[2 * i]! * HS[j]! + inv[2 * i + 1]! * HS[2 + j]!);
    });
    const kappa = eigen2(A)[1];
    const r = ND_ROUTES.langer.run(transitionOf(coupled({ gamma: G }), { from: 0, to: 1 }));
    expectClose(r.growthRate, kappa, 1e-12, 'κ with Γ');
    expectClose(r.rate, (kappa / (2 * Math.PI)) * PREFACTOR_RATIO * Math.exp(-10), 1e-12, 'k');
    expect(r.definition).toMatch(/over saddle 0 from minimum 0 to 1/);
  });

  it('Kramers–Langer with M and Γ: κ > 0 solves det(κ²M + κΓ + H_s) = 0', () => {
    const M = [1, 0, 0, 2];
    const G = [2, 0.5, 0.5, 1];
    const r = ND_ROUTES.kramersLanger.run(
      transitionOf(coupled({ gamma: G, mass: M, dynamics: 'underdamped' }), { from: 0, to: 1 }),
    );
    const k = r.growthRate!;
    const P = [0, 1, 2, 3].map((i) => k * k * M[i]! + k * G[i]! + HS[i]!);
    const residual = P[0]! * P[3]! - P[1]! * P[2]!;
    // det scales like |det H_s| = 16: a root to 1e-14 leaves a residual ~1e-12 of it.
    expect(k).toBeGreaterThan(0);
    expect(Math.abs(residual)).toBeLessThan(1e-9 * 16);
    // Inertia slows the unstable mode: κ below the overdamped κ with the same Γ.
    const over = ND_ROUTES.langer.run(transitionOf(coupled({ gamma: G }), { from: 0, to: 1 }));
    expect(k).toBeLessThan(over.growthRate!);
  });

  it('not applicable to a target region (a harmonic rate runs between minima)', () => {
    const t = transitionOf(coupled(), { from: 0, toRegion: 'x >= 0.5' });
    const r = ND_ROUTES.langer.run(t);
    expect(r.retcode).toBe('not_applicable');
    expect(r.rate).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/the region x >= 0.5/);
  });
});

describe('Müller–Brown: minima that no saddle joins go through the rate network', () => {
  const mb = readFixture<{ expression: string }>('mueller_brown.json');
  const p = prepare({
    potential: mb.expression,
    coordinates: ['x', 'y'],
    domain: [
      { min: -1.5, max: 1.2 },
      { min: -0.2, max: 2 },
    ],
    D: 8,
  });
  // The chain's one-way rates over each saddle: the network's edges. (The route's C → A is itself
  // 1/MFPT of the chain, B holding the walker on its way, so it is not k_CA.)
  const k = (from: number, to: number) => ND_ROUTES.langer.network(p).rates[from]![to]!;

  it('A → B = 1/MFPT of the three-state chain A ⇄ C ⇄ B (closed form of the chain)', () => {
    const [kAC, kCA, kCB] = [k(0, 2), k(2, 0), k(2, 1)];
    // A's only neighbour is C: the route's A → C is the direct saddle's rate, k_AC itself.
    expectClose(
      ND_ROUTES.langer.run(transitionOf(p, { from: 0, to: 2 })).rate,
      kAC,
      1e-12,
      'A → C',
    );
    // T_A = 1/k_AC + T_C, T_C = 1/(k_CA + k_CB) + k_CA/(k_CA + k_CB)·T_A.
    const out = kCA + kCB;
    const mfpt = ((1 / kAC + 1 / out) * out) / kCB;
    const r = ND_ROUTES.langer.run(transitionOf(p, { from: 0, to: 1 }));
    expect(r.viaNetwork).toBe(true);
    expectClose(r.rate, 1 / mfpt, 1e-10, 'A → B through C');
  });

  it('the network balances harmonic populations: π_i k_ij = π_j k_ji over each saddle', () => {
    const net = ND_ROUTES.langer.network(p);
    for (const [i, j] of [
      [0, 2],
      [1, 2],
    ] as const) {
      const forward = net.populations[i]! * net.rates[i]![j]!;
      expectClose(forward, net.populations[j]! * net.rates[j]![i]!, 1e-10, `balance ${i}–${j}`);
    }
    expect(net.rates[0]![1]).toBe(0);
    expect(net.relaxationRates).toHaveLength(2);
  });
});

describe('the catalogue holds the N-D methods', () => {
  it('langer and kramersLanger have entries; the N-D TST is the catalogue’s tst', () => {
    expect(methodInfo('langer')?.label).toBe(ND_ROUTES.langer.info.label);
    expect(methodInfo('kramersLanger')?.dynamics).toBe('underdamped');
    expect(ND_ROUTES.tst.info.key).toBe('tst');
  });
});

describe('langerRate: where the harmonic formula does not apply', () => {
  const base = { growthRate: 1, deltaU: 1, D: 0.1 };
  it('an index-2 saddle, a degenerate well, a degenerate saddle: not_applicable with the reason', () => {
    const two = langerRate({ ...base, wellEigenvalues: [1, 1], saddleEigenvalues: [-1, -1] });
    expect(two.retcode).toBe('not_applicable');
    expect(two.warnings.join(' ')).toMatch(/2 unstable directions/);
    const soft = langerRate({ ...base, wellEigenvalues: [1, 0], saddleEigenvalues: [-1, 1] });
    expect(soft.retcode).toBe('not_applicable');
    const flat = langerRate({ ...base, wellEigenvalues: [1, 1], saddleEigenvalues: [-1, 1e-12] });
    expect(flat.retcode).toBe('not_applicable');
    expect(flat.warnings.join(' ')).toMatch(/degenerate/);
  });
});
