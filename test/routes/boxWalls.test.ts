import { describe, expect, it } from 'vitest';
import {
  budgetedRunner,
  DRIFT_ROUTES,
  KramersError,
  ND_ROUTES,
  passageOfDrift,
  prepare,
  prepareDrift,
  type Runner,
  rateDrift,
  simulateDrift,
  spectrumND,
  transitionOfDrift,
  transitionOfND,
} from '../../src/index.js';
import { lowestOnWalls, outflowOnWalls, partingPointsOnWalls } from '../../src/multid/index.js';
import { configOfDrift } from '../../src/routes/index.js';

// Where the box's reflecting walls, not the saddle, set the answer (audit N, item 1). Every
// expected number below is a closed form of the potential or drift on a wall.
const box = (x: number, y: number) => [
  { min: -x, max: x },
  { min: -y, max: y },
];
const nd = (potential: string, domain: ReturnType<typeof box>, D = 0.1) =>
  prepare({ potential, coordinates: ['x', 'y'], domain, D });

// x⁴/4 − x²/2 + c(y²/2 − y⁴/2): minima (±1, 0) at U = −1/4, saddle (0, 0) at U = 0; in y the
// potential falls outward beyond |y| = 1/√2, so a wall there leaks.
const LEAKY = 'x^4/4 - x^2/2 + y^2/2 - y^4/2';
const wallU = (c: number, y: number) => -0.25 + c * (y ** 2 / 2 - y ** 4 / 2);

describe('the lowest U and the strongest outflow on the walls', () => {
  it('the audit potential: U = −1/4 + 9/8 − 81/32 at (±1, ±1.5)', () => {
    const p = nd(LEAKY, box(2, 1.5));
    const w = lowestOnWalls(p.potential.U, p.box);
    // The lattice holds x = −1 and the golden-section pass stays at a flat minimum: rounding only.
    expect(w.U).toBeCloseTo(wallU(1, 1.5), 12);
    expect(Math.abs(w.x[0]!)).toBeCloseTo(1, 6);
    expect(Math.abs(w.x[1]!)).toBe(1.5);
  });

  it('a minimum between lattice points is found by the refinement', () => {
    // (x − 0.123456)² + y: lowest on the wall y = −1 at x = 0.123456, U = −1. Lattice spacing
    // 0.005; 40 golden-section steps shrink it by 0.618⁴⁰ ≈ 4e-9, so x to 1e-7 is generous.
    const U = (p: ArrayLike<number>) => (p[0]! - 0.123456) ** 2 + p[1]!;
    const w = lowestOnWalls(U, box(1, 1));
    expect(w.x[0]).toBeCloseTo(0.123456, 7);
    expect(w.x[1]).toBe(-1);
    expect(w.U).toBeCloseTo(-1, 12);
  });

  it('the drift (x − x³, −y + y³) on ±2 leaves through y = ±2 at b·n = −2 + 8 = 6', () => {
    const b = (p: ArrayLike<number>, out: Float64Array) => {
      out[0] = p[0]! - p[0]! ** 3;
      out[1] = -p[1]! + p[1]! ** 3;
    };
    const flow = outflowOnWalls(b, box(2, 2));
    expect(flow.outward).toBeCloseTo(6, 12);
    expect(Math.abs(flow.x[1]!)).toBe(2);
  });
});

describe('a passage warns where the walls set the answer', () => {
  it('walls below the start minimum: warned with the place; the harmonic routes refuse', () => {
    const t = transitionOfND(nd(LEAKY, box(2, 1.5)), { from: 0, to: 1 });
    expect(t.geometry.walls?.belowStart).toBe(true);
    const [warning] = t.geometry.warnings;
    expect(warning).toMatch(/walls comes down to -1\.656 at \(-?1, -?1\.5\), below the start/);
    for (const key of ['tst', 'langer'] as const) {
      const r = ND_ROUTES[key].run(t);
      expect(r.retcode).toBe('not_applicable');
      expect(r.rate).toBeNull();
      expect(r.warnings.join(' ')).toMatch(/lies below the start minimum, so escape over the sa/);
    }
  });

  it('the spectral route: a target population outside [0, 1] is not_applicable, never a rate', () => {
    // The audit found p_b = 5.88 on the default grids: λ1's eigenfunction is no two plateaus.
    const t = transitionOfND(nd(LEAKY, box(2, 1.5)), { from: 0, to: 1 });
    const r = ND_ROUTES.spectral.run(t, { grid: 60 });
    expect(r.retcode).toBe('not_applicable');
    expect(r.rate).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/target population .* outside \[0, 1\]/);
  });

  it('walls below the saddle with U falling outward: warned, Langer still runs', () => {
    // |y| = 0.85 > 1/√2: U = −1/4 + 0.36125 − 0.26100 = −0.1498 on the wall, below the saddle.
    const t = transitionOfND(nd(LEAKY, box(2, 0.85)), { from: 0, to: 1 });
    expect(t.geometry.walls?.U).toBeCloseTo(wallU(1, 0.85), 10);
    expect(t.geometry.warnings.join(' ')).toMatch(/below the saddle's 0 and still falling outward/);
    const langer = ND_ROUTES.langer.run(t);
    expect(langer.retcode).toBe('success');
    expect(langer.warnings.join(' ')).toMatch(/reflecting walls, not the saddle, set this answer/);
  });

  it('the threshold is the saddle + D: U = 0.2108 on the walls warns at D = 0.25, not at 0.1', () => {
    // c = 4, |y| = 0.8: U = −1/4 + 4(0.32 − 0.2048) = 0.2108 on the wall, falling outward.
    const potential = 'x^4/4 - x^2/2 + 4*(y^2/2 - y^4/2)';
    expect(wallU(4, 0.8)).toBeCloseTo(0.2108, 12);
    const at = (D: number) => transitionOfND(nd(potential, box(2, 0.8), D), { from: 0, to: 1 });
    expect(at(0.1).geometry.walls).toBeNull();
    expect(at(0.25).geometry.warnings.join(' ')).toMatch(/within D of the saddle's 0 and still/);
  });

  it('U rising at the walls: warned only within D of the start minimum (the well cut off)', () => {
    const U = 'x^4/4 - x^2/2 + y^2';
    // U(1.1, 0) = 0.3660 − 0.605 = −0.2390 < −0.25 + 0.1; U(1.3, 0) = −0.1310 > −0.15.
    const tight = transitionOfND(nd(U, box(1.1, 1.5)), { from: 0, to: 1 });
    expect(tight.geometry.warnings.join(' ')).toMatch(/-0\.239 at .*within D of the start/);
    expect(tight.geometry.walls?.belowStart).toBe(false);
    expect(ND_ROUTES.langer.run(tight).retcode).toBe('success');
    expect(transitionOfND(nd(U, box(1.3, 1.5)), { from: 0, to: 1 }).geometry.walls).toBeNull();
    expect(transitionOfND(nd(U, box(2, 1.5)), { from: 0, to: 1 }).geometry.warnings).toEqual([]);
  });

  it('spectrum in two coordinates carries the same warning, against the deepest minimum', () => {
    const r = spectrumND(nd(LEAKY, box(2, 1.5)), { n: 3, grid: 40 } as never);
    expect(r.warnings.join(' ')).toMatch(/-1\.656 at .*below the deepest minimum's -0\.25/);
  });

  it('a drift that points out of the box: warned with the place; one that points in: not', () => {
    const warned = transitionOfDrift(
      prepareDrift({ drift: 'x - x^3, -y + y^3', domain: box(2, 2), D: 0.1 }),
    );
    expect(warned.warnings.join(' ')).toMatch(/drift points out of the box at .*b·n = 6 outward/);
    const confined = transitionOfDrift(
      prepareDrift({ drift: 'x - x^3, -y', domain: box(2, 2), D: 0.1 }),
    );
    expect(confined.warnings.join(' ')).not.toMatch(/out of the box/);
  });
});

// Case (c) of the audit: b = (x − x³, −y + 2y³) = −∇U, U = −x²/2 + x⁴/4 + y²/2 − y⁴/2, in
// −2:2, −1.5:1.5. Beyond |y| = 1/√2 the drift points out, so the saddles (±1, ±1/√2) (ΔU = 1/8)
// lead from the start to the walls y = ±1.5, where U = −1.656 lies below the start's −1/4: the
// box's lowest states. The saddle formulas over (0, 0) said k = 0.0185 (`success`); the box's exact
// 1/MFPT into the core of (1, 0) is 1.2e-6 (1.09e-6 into the disc (x − 1)² + y² ≤ 0.05 on the
// 126- and 251-node ladders and by the potential's own 2-D route).
const CASE_C = 'x - x^3, -y + 2*y^3';
const ROTATED = '-(x^3 - x + 0.5*(y - 2*y^3)), -(-0.5*(x^3 - x) + y - 2*y^3)';

describe('a drift whose box walls, not the saddle, hold the walkers', () => {
  const drift = (d: string, y: number, potential?: string) =>
    prepareDrift({ drift: d, domain: box(2, y), D: 0.1, ...(potential ? { potential } : {}) });

  it('case (c): the saddle routes are not_applicable and name the walls', () => {
    for (const potential of [undefined, '-x^2/2 + x^4/4 + y^2/2 - y^4/2']) {
      const t = transitionOfDrift(drift(CASE_C, 1.5, potential));
      expect(t.saddle.x.map(Math.abs)).toEqual([0, 0]);
      for (const key of ['eyringKramersGibbs', 'bouchetReygner'] as const) {
        const r = DRIFT_ROUTES[key].run(t);
        expect(r.retcode, `${key}, potential ${potential}`).toBe('not_applicable');
        expect(r.rate).toBeNull();
        // U on the walls: −1.656 given, −1.406 from the start's U = 0 (the same, shifted by 1/4).
        expect(r.warnings.join(' ')).toMatch(
          /walls comes down to -1\.(656|406) at \(-?1, -?1\.5\), below the start's .*the exact route/,
        );
      }
    }
  });

  it('a drift with a curl: the saddle out to the walls is cheaper (gMAM) than the passage', () => {
    // b = −(I + M)∇U with m = 0.5 given alone: no potential to compare, so ΔΦ decides: 1/8 over
    // (−1, ±1/√2), whose flow leaves the box, against 1/4 over (0, 0). gMAM has them to ~1e-6.
    const t = transitionOfDrift(drift(ROTATED, 1.5));
    const r = DRIFT_ROUTES.bouchetReygner.run(t);
    expect(r.retcode).toBe('not_applicable');
    expect(r.warnings.join(' ')).toMatch(
      /saddle \d at \(-1, -?0\.7071\), whose flow runs from the start out of the box, costs ΔΦ = 0\.125 .*less than the passage's saddle \d \(0\.25\)/,
    );
  });

  it('the same drifts in −2:2, −0.6:0.6 (the walls point in): the saddle governs, unchanged', () => {
    // Langer over (0, 0): |λ₋|/(2π)·√(det H_a/|det H_s|)·e^{−ΔU/D} = √2/(2π) e^{−2.5}; gMAM's
    // ΔΦ = 1/4 to ~1e-6, over D = 0.1: 1e-4 leaves room and fails a dropped or doubled channel.
    const k = (Math.SQRT2 / (2 * Math.PI)) * Math.exp(-2.5);
    const t = transitionOfDrift(drift(CASE_C, 0.6));
    for (const key of ['eyringKramersGibbs', 'bouchetReygner'] as const) {
      const r = DRIFT_ROUTES[key].run(t);
      expect(r.retcode).toBe('success');
      expect(Math.abs(r.rate! / k - 1)).toBeLessThan(1e-4);
    }
    // With the rotation the drift keeps e^{−U/D}: m = 0.5 speeds the escape by √(1 + m²).
    const rotated = DRIFT_ROUTES.bouchetReygner.run(transitionOfDrift(drift(ROTATED, 0.6)));
    expect(rotated.retcode).toBe('success');
  });

  it("case (c)'s exact route against walkers: the box's MFPT into x ≥ 1, not the saddle's 1/k", async () => {
    // 66.27 (exact, ± 4e-4) against 1/k = 54.1 over (0, 0). The walkers (fixed seed; 3 SE plus the
    // 0.5% time-step bias of bench/driftTimeStep.mjs) are an independent route: 65.8 ± 1.4.
    const problem = { drift: CASE_C, domain: box(2, 1.5), D: 0.1, toRegion: 'x >= 1' };
    const exact = rateDrift(problem).methods.exact as { mfpt: number; mfptError: number };
    const sim = await simulateDrift({ ...problem, walkers: 2000, seed: 1 });
    // Walkers escaped, so there is an estimate (null only where none did).
    const [mfpt, se] = [sim.mfpt!, sim.mfptStdErr!];
    const slack = 3 * se + 0.005 * exact.mfpt + exact.mfptError;
    expect(Math.abs(mfpt - exact.mfpt), `${mfpt} ± ${se}`).toBeLessThan(slack);
    // And the saddle's 1/k lies outside the walkers' reach: more than 5 SE away.
    const k = (Math.SQRT2 / (2 * Math.PI)) * Math.exp(-2.5);
    expect(Math.abs(mfpt - 1 / k)).toBeGreaterThan(5 * se);
  }, 120_000);
});

// Case (c) into the disc (x − 1)² + y² ≤ 0.05 around the far stable point: the walls govern, and
// the box's MFPT is 9.2e5 against the saddle scale's 76.5 that once sized the walkers' run.
const DISC = '(x-1)^2 + y^2 <= 0.05';

describe("the walkers' default censoring time where the walls govern (case (c))", () => {
  const passage = () =>
    passageOfDrift(prepareDrift({ drift: CASE_C, domain: box(2, 1.5), D: 0.1 }), {
      toRegion: DISC,
    });
  // One prepared passage for the first two tests: the exact solve (seconds) is remembered on it.
  const shared = passage();

  it("is 20 times the box's exact MFPT, checked against the potential's own 2-D route", () => {
    const { config, exactMfpt } = configOfDrift(shared, { walkers: 200 });
    // Independent: the gradient route's grid of U = −x²/2 + x⁴/4 + y²/2 − y⁴/2 (its own edge
    // rates and ladder) into the same disc. Each grid states its error (~3e-3 relative, not
    // converged); 3 times their sum bounds the gap between the two.
    const nd = prepare({
      potential: '-x^2/2 + x^4/4 + y^2/2 - y^4/2',
      coordinates: ['x', 'y'],
      domain: box(2, 1.5),
      D: 0.1,
    });
    const gradient = ND_ROUTES.exact.run(transitionOfND(nd, { from: 0, toRegion: DISC })) as {
      mfpt: number;
      mfptError: number;
    };
    const t = config.expectedTime!;
    expect(Math.abs(t - gradient.mfpt)).toBeLessThan(3 * (gradient.mfptError + 0.003 * t));
    expect(config.tMax).toBe(20 * t);
    // The MFPT that sized the run is reported beside the walkers.
    expect(exactMfpt).toBe(t);
  }, 120_000);

  it('a run past the work budget is refused before any step, never silently censored', async () => {
    // The old default (t = 1531) fitted the budget and censored nearly every walker: a censored
    // MFPT of ~4e4 with a 95% CI far below 9.2e5. Jobs are counted, never run.
    const seen: unknown[] = [];
    const counting: Runner = async (jobs) => {
      seen.push(...jobs);
      return jobs.map(() => undefined);
    };
    const runner = budgetedRunner(counting, { seconds: 120, workers: 2 });
    const run = simulateDrift(shared, { runner });
    await expect(run).rejects.toMatchObject({ code: 'over_budget' });
    expect(seen).toEqual([]);
  }, 120_000);

  it('with no credible time (the exact solve past its budget) the run asks for tMax', () => {
    // The exact ladder's estimate is seconds; a budget of 1 ms refuses it before it starts (a
    // fresh passage: the shared one remembers its solve).
    const refused = () => configOfDrift(passage(), { walkers: 200 }, 1e-3);
    expect(refused).toThrow(KramersError);
    expect(refused).toThrow(/no credible time sizes the default censoring time: the box's walls/);
    // A tMax given needs no default: the same passage runs, without the exact solve.
    const given = configOfDrift(passage(), { walkers: 200, tMax: 100 }, 1e-3);
    expect(given.config.tMax).toBe(100);
    expect(given.exactMfpt).toBeNull();
  });
});

// A drift with a curl whose ridge saddles lie outside the box: b = (x − x³ − 10y², −y + 2y³) in
// −1.8:1.8, −1.5:1.5. The ridge y² = 1/2 meets x − x³ = 5 at x = −1.90, so the box holds only
// (±1, 0) and the saddle (0, 0); yet beyond |y| = 1/√2 the drift points out, and on the wall
// x = −1.8 (b_x = 4.032 − 10y² < 0, outward, for y² > 0.4032) walkers slide away from y = ±1/√2
// (b_y = −y + 2y³) into the corners, where the walls hold them.
const OUTSIDE = 'x - x^3 - 10*y^2, -y + 2*y^3';
const OUTSIDE_BOX = [
  { min: -1.8, max: 1.8 },
  { min: -1.5, max: 1.5 },
];

describe('a curl drift whose walls hold walkers with no saddle in the box on the way', () => {
  it('the parting points of the walls: (−1.8, ±1/√2), and the edge of an outflow slid into', () => {
    const field = prepareDrift({ drift: OUTSIDE, domain: OUTSIDE_BOX, D: 0.1 }).drift;
    const found = partingPointsOnWalls((x, out) => field.b(x, out), OUTSIDE_BOX);
    expect(found).toHaveLength(2);
    // One on each side; bisection to rounding of a simple root (b_y′ = 6y² − 1 = 2 there).
    expect(found.map((w) => Math.sign(w[1]!)).sort()).toEqual([-1, 1]);
    for (const w of found) {
      expect(w[0]).toBe(-1.8);
      expect(Math.abs(w[1]!)).toBeCloseTo(Math.SQRT1_2, 12);
    }
    // b = (y, 1) on −1:1²: the wall x = 1 lets out for y > 0 and b_y = 1 slides walkers from its
    // edge (1, 0) into that stretch; x = −1 lets out for y < 0, but b_y slides them out of it.
    const edge = partingPointsOnWalls(
      (x, out) => {
        out[0] = x[1]!;
        out[1] = 1;
      },
      box(1, 1),
    );
    expect(edge).toHaveLength(1);
    expect(edge[0]![0]).toBe(1);
    expect(edge[0]![1]).toBeCloseTo(0, 12);
  });

  it('the saddle routes are not_applicable and name the wall (Bouchet–Reygner said 1.2e-4)', () => {
    // The exact 1/MFPT is 1.41e-9 (± 0.3%): walkers that reach the corners climb back over
    // ΔU_y = 1.53 (U_y = y²/2 − y⁴/2 from y = 1.5 to the ridge) before they can cross.
    const t = transitionOfDrift(prepareDrift({ drift: OUTSIDE, domain: OUTSIDE_BOX, D: 0.1 }));
    expect(t.saddle.x.map((v) => Math.abs(v) < 1e-9)).toEqual([true, true]);
    for (const key of ['eyringKramersGibbs', 'bouchetReygner'] as const) {
      const r = DRIFT_ROUTES[key].run(t);
      expect(r.retcode, key).toBe('not_applicable');
      expect(r.rate).toBeNull();
    }
    // ΔΦ to the wall 0.1363 (gMAM; 0.136247 by the full barrier), against 1/4 over (0, 0).
    expect(DRIFT_ROUTES.bouchetReygner.run(t).warnings.join(' ')).toMatch(
      /walls hold walkers past \(-1\.8, -?0\.7071\), .*ΔΦ = 0\.136\d? \(gMAM\), less than the passage's saddle \d \(0\.25\)/,
    );
  }, 60_000);

  it('a wall dearer than the saddle leaves the saddle routes their number', () => {
    // −y + y³/2: the ridge at |y| = √2, ΔΦ ≈ 1.3 to the parting points (−1.8, ±√2), above 1/4.
    const drift = 'x - x^3 - 10*y^2, -y + 0.5*y^3';
    const t = transitionOfDrift(prepareDrift({ drift, domain: OUTSIDE_BOX, D: 0.05 }));
    expect(DRIFT_ROUTES.bouchetReygner.run(t).retcode).toBe('success');
  }, 60_000);

  it("walkers agree with the exact route, not with the saddle's 1/k (D = 0.35)", async () => {
    // Exact MFPT 4342 (± 6e-5 rel.) into the core of (1, 0); Bouchet–Reygner’s 1/k was 1373. 40
    // walkers (seed 5, dt = 0.002): 3 SE plus 1% for the step (first order in dt, twice the 0.5%
    // bench/driftTimeStep.mjs measured at dt = 1e-3) plus the grid's error.
    const problem = { drift: OUTSIDE, domain: OUTSIDE_BOX, D: 0.35 };
    const exact = rateDrift(problem).methods.exact as { mfpt: number; mfptError: number };
    const sim = await simulateDrift({ ...problem, walkers: 40, seed: 5, dt: 0.002 });
    const [mfpt, se] = [sim.mfpt!, sim.mfptStdErr!];
    expect(sim.censored).toBe(0);
    const slack = 3 * se + 0.01 * exact.mfpt + exact.mfptError;
    expect(Math.abs(mfpt - exact.mfpt), `${mfpt} ± ${se}`).toBeLessThan(slack);
    expect(Math.abs(mfpt - 1373)).toBeGreaterThan(3 * se);
  }, 180_000);
});
