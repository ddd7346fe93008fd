import { gaussLegendreRule } from '../core/index.js';
import { geometricAction, gmam, lowestOnWalls, partingPointsOnWalls } from '../multid/index.js';
import { remember } from './memo.js';
import type { PreparedDriftProblem } from './prepareDrift.js';
import {
  type PreparedTransitionDrift,
  quasiPotentialOf,
  quasiPotentialOver,
  saddleJoins,
} from './transitionDrift.js';

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const point = (x: readonly number[]) => `(${x.map(fmt).join(', ')})`;

/** Where to turn instead: the routes that solve the box itself. */
const INSTEAD =
  'escape over the saddle does not set this rate; the exact route (the grid MFPT of the box) or a simulation gives it';

/**
 * The potential of a curl-free drift, U(x) = −∫ b·dl along the segment from `origin` (U = 0
 * there): path-independent for b = −∇U, and the segment stays in the (convex) box. 24-point
 * Gauss–Legendre: exact for a polynomial drift of degree ≤ 46, and a comparison of U on the walls
 * with U at the start needs far less than that.
 */
function lineIntegralPotential(p: PreparedDriftProblem, origin: readonly number[]) {
  const { nodes, weights } = gaussLegendreRule(24);
  const at = new Float64Array(2);
  const b = new Float64Array(2);
  return (x: ArrayLike<number>) => {
    const dx = [x[0]! - origin[0]!, x[1]! - origin[1]!];
    let sum = 0;
    for (let i = 0; i < nodes.length; i++) {
      const s = 0.5 * (1 + nodes[i]!);
      at[0] = origin[0]! + s * dx[0]!;
      at[1] = origin[1]! + s * dx[1]!;
      p.drift.b(at, b);
      sum += weights[i]! * (b[0]! * dx[0]! + b[1]! * dx[1]!);
    }
    return -0.5 * sum;
  };
}

/**
 * With a potential (the Gibbs one given, or a curl-free drift's own): the walls govern where U on
 * them comes below the start's, as for a potential given alone (problem/boxWallsND.ts): the box's
 * lowest states lie on its walls, and walkers that reach them settle there. Case (c) of the audit,
 * b = (x − x³, −y + 2y³) in −2:2, −1.5:1.5: U on the walls −1.656 against −0.25 at the start.
 */
function wallsBelowStart(t: PreparedTransitionDrift): string | null {
  const p = t.problem;
  const gibbs = p.gibbs?.potential;
  const U = gibbs ? (x: ArrayLike<number>) => gibbs.U(x) : lineIntegralPotential(p, t.from.x);
  const wall = lowestOnWalls(U, p.box);
  const start = U(t.from.x);
  if (!(wall.U < start)) return null;
  const which = gibbs ? 'U' : "the drift's potential (U = −∫b·dl from the start)";
  return `${which} on the box's walls comes down to ${fmt(wall.U)} at ${point(wall.x)}, below the start's ${fmt(start)}: the box's lowest states lie on its walls, and the reflecting walls hold the walkers that reach them, so ${INSTEAD}`;
}

/**
 * Without a potential (a drift with a curl): the walls govern where a saddle whose flow runs
 * from the start out of the box is cheaper to reach than the passage's saddle (least ΔΦ by gMAM):
 * walkers reach the walls before they cross, and the walls, not the saddle, hold them.
 */
function saddleOutCheaper(t: PreparedTransitionDrift, passage: number): string | null {
  const p = t.problem;
  const out = saddleJoins(p).filter((j) => j.ends.includes(t.from.index) && j.ends.includes('out'));
  if (out.length === 0) return null;
  const cheapest = out
    .map((j) => p.fixedPoints[j.saddle]!)
    .map((s) => ({ s, phi: quasiPotentialOver(t, s).quasiPotential }))
    .sort((a, b) => a.phi - b.phi)[0]!;
  if (!(cheapest.phi < passage)) return null;
  return `saddle ${cheapest.s.index} at ${point(cheapest.s.x)}, whose flow runs from the start out of the box, costs ΔΦ = ${fmt(cheapest.phi)} (gMAM), less than the passage's saddle ${t.saddle.index} (${fmt(passage)}): walkers reach the box's walls, where the drift points out and the reflecting walls hold them, before they cross, so ${INSTEAD}`;
}

/**
 * One gMAM run from the start to a point of the walls: 64 intervals from the straight segment, at
 * most 20000 steps (1–3 s on this loaded machine).
 */
const WALL_PATH = { intervals: 64, maxIterations: 20000 } as const;

/**
 * ΔΦ from the start to a point of the walls, bounded from above: half the action of one gMAM
 * path, clamped onto the box (a path the walls forbid proves nothing). Any in-box path's action
 * bounds the in-box least action from above (to the midpoint rule's O(h²)), so "cheaper than the
 * passage's saddle" is a finding, never an artefact; a path stopped before convergence only makes
 * the bound looser, and a wall whose bound stays above the saddle's ΔΦ is left to the saddle. On
 * the case below the run converges to 0.136257 against 0.136247 ± 1e-6 by the full three-curve,
 * three-level barrier (quasiPotentialBarrier); where it does not (parting points (−1.8, ±√2) of
 * −y + y³/2) it stops at 1.32 against that barrier's 1.30 ± 0.12, far above the saddle's 0.25, in
 * 5.7 s for the whole route where the full barrier took 75 s (this machine, loaded).
 */
function quasiPotentialToWall(t: PreparedTransitionDrift, w: readonly number[]): number {
  const p = t.problem;
  return remember(p, `gmamWall|${t.from.x.join(',')}|${w.join(',')}`, () => {
    const run = gmam(p.drift, t.from.x, w, WALL_PATH);
    const clamped = run.points.map((x) =>
      x.map((v, i) => Math.min(p.box[i]!.max, Math.max(p.box[i]!.min, v))),
    );
    return geometricAction(p.drift, clamped) / 2;
  });
}

/**
 * Without a potential, and with no saddle in the box on the way: the walls govern where a point
 * that parts the walkers the walls hold (partingPointsOnWalls: the reflected flow's saddle on a
 * wall where the drift points out) is cheaper to reach than the passage's saddle. Its free-flow
 * saddle can lie outside the box, where no fixed point search looks: b = (x − x³ − 10y², −y +
 * 2y³) in −1.8:1.8, −1.5:1.5 has its ridge saddles at (−1.90, ±0.707), and walkers reach the wall
 * x = −1.8 at (−1.8, ±0.707) for ΔΦ = 0.136 against 0.25 over (0, 0), slide into the corners and
 * are held there: Bouchet–Reygner said k = 1.2e-4 (`success`), the exact 1/MFPT is 1.4e-9.
 */
function wallPartingCheaper(t: PreparedTransitionDrift, passage: number): string | null {
  const p = t.problem;
  const cheapest = partingPointsOnWalls((x, out) => p.drift.b(x, out), p.box)
    .map((w) => ({ w, phi: quasiPotentialToWall(t, w) }))
    .sort((a, b) => a.phi - b.phi)[0];
  if (cheapest === undefined || !(cheapest.phi < passage)) return null;
  return `the walls hold walkers past ${point(cheapest.w)}, where the drift points out of the box and slides them away along the wall, reached for ΔΦ = ${fmt(cheapest.phi)} (gMAM), less than the passage's saddle ${t.saddle.index} (${fmt(passage)}): walkers reach the box's walls before they cross, so ${INSTEAD}`;
}

/** Without a potential: a saddle out of the box, or a wall's parting point, below the passage's. */
function wallsCheaperThanSaddle(t: PreparedTransitionDrift): string | null {
  const passage = quasiPotentialOf(t).quasiPotential;
  return saddleOutCheaper(t, passage) ?? wallPartingCheaper(t, passage);
}

/**
 * Why the box's walls, not the passage's saddle, set the escape from the start (then the saddle
 * formulas give no number: their k can be off by orders of magnitude, 0.0185 against the exact
 * 1.09e-6 in case (c)); null where the saddle does. Kept once per problem, start and saddle.
 */
export function wallsGovernDrift(t: PreparedTransitionDrift): string | null {
  const p = t.problem;
  const key = `wallsGovern|${t.from.index}|${t.saddle.index}`;
  return remember(p, key, () =>
    p.gibbs || p.gradient ? wallsBelowStart(t) : wallsCheaperThanSaddle(t),
  );
}
