import { KramersError } from '../core/index.js';
import { type ExprNode, generateVectorSource, potentialFromExpressionND } from '../expr/index.js';
import type { FixedPointND } from '../multid/index.js';
import {
  type PreparedDriftProblem,
  type PreparedPassageDrift,
  quasiPotentialOf,
  remember,
  wallsGovernDrift,
} from '../problem/index.js';
import type { SimulationConfigND } from '../simulation/index.js';
import { bouchetReygnerRoute } from './bouchetReygner.js';
import { exactDriftRoute } from './exactDrift.js';
import { eyringKramersGibbsRoute } from './eyringKramersGibbs.js';
import type { SimulationResult, SimulationRunOptions, SimulationSettings } from './simulation.js';
import { requireCount, requireFeasibleRun, requireSeed } from './simulation.js';
import { conditionsOfRegion, requireTargetInBox, walkersND } from './simulationND.js';

/**
 * The trees of −b, which the N-D kernel steps along as it steps along ∇U: dX = b dt + √(2D) dW is
 * the overdamped dynamics with γ = 1 and "∇U" = −b (docs/conventions.md §5). From the drift's own
 * checked trees, or, for b = −∇U given as a potential alone, from U's gradient trees (the very
 * trees the gradient walkers compile, so the two runs are the same computation).
 */
function minusDriftTrees(p: PreparedDriftProblem): readonly ExprNode[] {
  const field = p.drift as { asts?: readonly ExprNode[] };
  if (field.asts !== undefined && field.asts.length === p.dimension) {
    // Not simplified: the code generator is the one to check a tree it did not parse (a drift
    // object may carry trees built by hand), and it refuses any node or name off its whitelist.
    return field.asts.map((b): ExprNode => ({ kind: 'unary', op: '-', arg: b }));
  }
  if (p.gibbs === null && p.summary.potential !== undefined) {
    return potentialFromExpressionND(p.summary.potential, {
      coordinates: p.coordinates,
      parameters: p.summary.parameters,
    }).gradientAsts;
  }
  throw new KramersError(
    'usage',
    'walkers with a drift run generated kernels: give the drift as expressions (one per coordinate)',
    { hint: 'e.g. drift: "x - x^3 - 10*x*y^2, -(1+x^2)*y"' },
  );
}

/** The largest |λ| of the Jacobian at the stable points and saddles: the stiffness of the step. */
function stiffnessOf(p: PreparedDriftProblem): number {
  let max = 1e-12;
  for (const q of [...p.stable, ...p.saddles]) {
    for (const v of q.eigenvalues) max = Math.max(max, Math.hypot(v.re, v.im));
  }
  return max;
}

/** The default step as for the gradient walkers: 1e-3 bounded by 0.02/λ_max. */
export function defaultStepDrift(p: PreparedDriftProblem): number {
  return Math.min(1e-3, 0.02 / stiffnessOf(p));
}

/** The largest |eigenvalue| of a 2×2 matrix (row by row): √det for a complex pair. */
function spectralRadius2(j: Float64Array): number {
  const tr = j[0]! + j[3]!;
  const det = j[0]! * j[3]! - j[1]! * j[2]!;
  const disc = tr * tr - 4 * det;
  if (disc < 0) return Math.sqrt(det);
  return Math.max(Math.abs(tr + Math.sqrt(disc)), Math.abs(tr - Math.sqrt(disc))) / 2;
}

/**
 * The largest |λ| of the drift's Jacobian over the box (141 × 141 points) and at the fixed points:
 * a drift has no energy to bound where the walkers go, so the whole box is checked, as the 1-D
 * check scans the walkers' whole interval. The fixed points alone missed the walls: on the
 * Maier–Stein field (β = 10, box −1.6:1.5 × −0.8:0.8) they give 2, the box 17.7.
 */
function boxStiffness(p: PreparedDriftProblem): { max: number; where: number[] | null } {
  return remember(p, 'driftBoxStiffness', () => {
    let max = stiffnessOf(p);
    let where: number[] | null = null;
    const j = new Float64Array(4);
    const per = 141;
    const [bx, by] = [p.box[0]!, p.box[1]!];
    for (let a = 0; a < per; a++) {
      for (let b = 0; b < per; b++) {
        const x = [
          bx.min + ((bx.max - bx.min) * a) / (per - 1),
          by.min + ((by.max - by.min) * b) / (per - 1),
        ];
        p.drift.jacobian(x, j);
        const r = spectralRadius2(j);
        if (r > max) [max, where] = [r, x];
      }
    }
    return { max, where };
  });
}

/** Refuses a step past the explicit stability limit dt·λ_max = 2 over the box; warns past 0.2. */
function stepWarningsDrift(p: PreparedDriftProblem, dt: number): string[] {
  const { max, where } = boxStiffness(p);
  const stiffness = dt * max;
  const fmt = (x: number) => String(Number(x.toPrecision(3)));
  const at = `λ_max = ${max.toPrecision(4)}${where ? ` at (${where.map(fmt).join(', ')})` : ''}, the largest |eigenvalue| of the drift's Jacobian over the box and at the fixed points`;
  if (stiffness > 2) {
    throw new KramersError(
      'invalid_parameter',
      `dt = ${dt} is unstable: dt·λ_max = ${stiffness.toPrecision(3)} > 2 (${at}); reduce dt below ${(dt * (1.9 / stiffness)).toPrecision(2)}`,
      { issues: [{ path: 'dt', message: 'beyond the stability limit' }], hint: 'reduce dt' },
    );
  }
  return stiffness > 0.2
    ? [
        `dt = ${dt}: dt·λ_max = ${stiffness.toPrecision(3)} > 0.2 (${at}); the time-step bias may be large`,
      ]
    : [];
}

/** The slowest decay rate of a stable point, or the growth rate of a saddle. */
const slowest = (q: FixedPointND) => Math.min(...q.eigenvalues.map((v) => Math.abs(v.re)));

/**
 * The time scale of the escape over the passage's saddle, to size the censoring time and the work
 * estimate: 1/k of the non-reversible Eyring–Kramers rate where it applies (a drift keeping a Gibbs
 * density), else of the Bouchet–Reygner rate (a general drift, where its path integral converges),
 * else the scale (2π/√(λ_a μ_s)) e^{ΔΦ/D} with ΔΦ from gMAM (a prefactor of Langer's form from the
 * Jacobians' eigenvalues: a scale only, which can be off by the factor e^{−∫div ℓ dt} the others
 * carry).
 */
function saddleTimeOf(e: NonNullable<PreparedPassageDrift['escape']>, D: number): number | null {
  for (const route of [eyringKramersGibbsRoute, bouchetReygnerRoute]) {
    const k = route.run(e).rate;
    if (k !== null && k > 0 && Number.isFinite(k)) return 1 / k;
  }
  const qp = quasiPotentialOf(e);
  const mu = e.saddle.eigenvalues[0]!.re;
  const time = ((2 * Math.PI) / Math.sqrt(slowest(e.from) * mu)) * Math.exp(qp.quasiPotential / D);
  return Number.isFinite(time) && time > 0 ? time : null;
}

/** A default censoring time the run cannot have: nothing credible sizes it, so it asks for one. */
function noCredibleTime(why: string, what: string, code: 'over_budget' | 'invalid_parameter') {
  return new KramersError(
    code,
    `no credible time sizes the default censoring time: ${why}, and ${what}; walkers censored at a guess can give a censored MFPT far below the true one`,
    {
      issues: [{ path: 'tMax', message: 'no default censoring time' }],
      hint: 'give tMax (--tmax) to censor at, or let the exact solve run (--yes, or a larger KRAMERS_BUDGET)',
    },
  );
}

/**
 * Where the box's walls, not the saddle, set the escape (`wallsGovernDrift`), the saddle's time is
 * none of this passage's: in case (c) of the audit (b = (x − x³, −y + 2y³), −2:2 × −1.5:1.5,
 * D = 0.1) its scale was 76.5 against the box's exact MFPT 8.4e5, and walkers censored at 20× it
 * (t = 1531) gave MFPT 3.9e4 with a 95% CI of [2.1e4, 1.0e5], far below. The exact route (the
 * backward equation on the box, the walkers' own dynamics and walls) sizes the run there: its
 * stated error (3e-3 in case (c), not converged) is plenty for a censoring time. Where it has no
 * MFPT (past the budget of exact solves, or not finite) nothing credible does: refused.
 */
function exactTimeOf(t: PreparedPassageDrift, why: string, budgetSeconds?: number): number {
  let r: ReturnType<typeof exactDriftRoute.run>;
  try {
    r = exactDriftRoute.run(t, budgetSeconds !== undefined ? { budgetSeconds } : {});
  } catch (error) {
    if (!(error instanceof KramersError) || error.code !== 'over_budget') throw error;
    throw noCredibleTime(why, `the exact route would size it but ${error.message}`, 'over_budget');
  }
  const mfpt = 'mfpt' in r ? r.mfpt : null;
  if (typeof mfpt === 'number' && Number.isFinite(mfpt) && mfpt > 0) return mfpt;
  const said = r.warnings[0] ?? r.retcode;
  throw noCredibleTime(why, `the exact route has no MFPT (${said})`, 'invalid_parameter');
}

/**
 * The expected passage time that sizes a run without tMax, and the exact MFPT when it was the one:
 * the saddle's time where the saddle governs, the exact route's where the walls do; none (the
 * caller censors at 1e4 and says so) where no saddle joins start and target.
 */
function escapeTimeOf(t: PreparedPassageDrift, budgetSeconds?: number) {
  const e = t.escape;
  if (e === null) return { time: null, exactMfpt: null };
  const why = wallsGovernDrift(e);
  if (why === null) return { time: saddleTimeOf(e, t.problem.D), exactMfpt: null };
  const exactMfpt = exactTimeOf(
    t,
    "the box's walls, not the saddle, set this escape",
    budgetSeconds,
  );
  return { time: exactMfpt, exactMfpt };
}

/** The kernel configuration of a drift first-passage run (no work done yet). */
export function configOfDrift(
  t: PreparedPassageDrift,
  settings: SimulationSettings,
  budgetSeconds?: number,
) {
  const p = t.problem;
  const minusB = minusDriftTrees(p);
  requireTargetInBox(p.box, t.target);
  const walkers = requireCount('walkers', settings.walkers ?? 1000);
  const seed = requireSeed(settings.seed ?? 1);
  const dt = settings.dt ?? defaultStepDrift(p);
  const warnings = stepWarningsDrift(p, dt);
  const sized = settings.tMax === undefined ? escapeTimeOf(t, budgetSeconds) : null;
  const scale = sized?.time ?? null;
  let tMax = settings.tMax;
  if (tMax === undefined) {
    tMax = scale !== null ? 20 * scale : 1e4;
    if (scale === null)
      warnings.push('no saddle sizes this passage: censored at t = 1e4 (give tMax)');
  }
  requireFeasibleRun(tMax, dt, settings.tMax !== undefined);
  const expectedTime = settings.expectedTime ?? scale;
  const config: SimulationConfigND = {
    dimension: p.dimension,
    dynamics: 'overdamped',
    gradient: generateVectorSource(minusB, p.coordinates),
    target: conditionsOfRegion(t.target.region, p.coordinates),
    box: p.box.map((d) => ({ min: d.min, max: d.max })),
    D: p.D,
    friction: 1,
    dt,
    tMax,
    start: [...t.start],
    seed,
    ...(expectedTime !== null ? { expectedTime } : {}),
  };
  return { config, walkers, warnings, exactMfpt: sized?.exactMfpt ?? null };
}

/**
 * First-passage times of walkers driven by a drift, dX = b dt + √(2D) dW (stochastic Heun, the
 * Brownian-bridge check of the target, reflecting box walls), from the passage's start into its
 * target, on any runner: the N-D kernel generated from −b's checked trees, with the gradient
 * walkers' per-walker streams (the same numbers for any worker count from one seed).
 */
export async function runSimulationDrift(
  t: PreparedPassageDrift,
  settings: SimulationSettings = {},
  options: SimulationRunOptions = {},
): Promise<SimulationResult> {
  if (settings.extrapolate) {
    throw new KramersError('usage', 'dt extrapolation is not offered for walkers with a drift');
  }
  const { config, walkers, warnings, exactMfpt } = configOfDrift(
    t,
    settings,
    options.budgetSeconds,
  );
  const result = await walkersND(
    config,
    walkers,
    options,
    (stats) =>
      `1/MFPT from ${stats.walkers} simulated walkers dX = b dt + √(2D) dW into ${t.target.description} (dt = ${config.dt}, seed ${config.seed}); error is one standard error`,
    [...t.warnings, ...warnings],
  );
  return { ...result, exactMfpt };
}
