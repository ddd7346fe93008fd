import { type Box, KramersError, requireCount as requireCountWithin } from '../core/index.js';
import {
  differentiate,
  type ExprNode,
  type GeneratedSource,
  generateVectorSource,
  simplify,
} from '../expr/index.js';
import { symmetricEigen } from '../multid/index.js';
import {
  type PreparedProblemND,
  type PreparedTransitionND,
  remember,
  type TargetND,
  type TargetRegion,
} from '../problem/index.js';
import {
  type ChunkRequestND,
  type ChunkResultND,
  type FirstPassageStatistics,
  type FrictionEigen,
  firstPassageStatistics,
  type PathsResultND,
  runJobs,
  type SimulationConfigND,
  type TargetConditionsND,
} from '../simulation/index.js';
import { kramersLangerRoute } from './kramersLanger.js';
import { langerRoute } from './langer.js';
import type { SimulationResult, SimulationRunOptions, SimulationSettings } from './simulation.js';
import {
  outcomeOf,
  type Pass,
  pointEstimateOf,
  requireCount,
  requireFeasibleRun,
  requireSeed,
  simulationInfo,
} from './simulation.js';

/** Walkers per job, as in one coordinate. */
export const CHUNK_ND = 128;

const num = (value: number): ExprNode => ({ kind: 'num', value });
const bin = (op: '+' | '-' | '*', left: ExprNode, right: ExprNode): ExprNode =>
  ({ kind: 'binary', op, left, right }) as ExprNode;

/**
 * The thermal core of a minimum, ½(x − c)ᵀH(x − c) ≤ ε (transitionOf's `basinTarget`), as the
 * condition g = ε − ½(x − c)ᵀH(x − c) ≥ 0 written as a tree, so that it is compiled like a region.
 */
function ellipsoidCondition(
  region: Extract<TargetRegion, { kind: 'ellipsoid' }>,
  coordinates: readonly string[],
): ExprNode {
  const n = coordinates.length;
  const d = coordinates.map((c, i) =>
    bin('-', { kind: 'var', name: c } as ExprNode, num(region.center[i]!)),
  );
  let quadratic: ExprNode = num(0);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const h = region.matrix[a * n + b]!;
      if (h !== 0) quadratic = bin('+', quadratic, bin('*', num(0.5 * h), bin('*', d[a]!, d[b]!)));
    }
  }
  return simplify(bin('-', num(region.level), quadratic));
}

/** The target as conditions g_k ≥ 0 with their gradients, compiled into one vector source. */
export function targetConditionsOf(t: PreparedTransitionND): TargetConditionsND {
  return conditionsOfRegion(t.geometry.target.region, t.problem.coordinates);
}

/** A target region (conditions or an ellipsoid) as one generated vector source of g_k and ∇g_k. */
export function conditionsOfRegion(
  region: TargetRegion,
  coordinates: readonly string[],
): TargetConditionsND {
  const asts =
    region.kind === 'ellipsoid' ? [ellipsoidCondition(region, coordinates)] : [...region.asts];
  const strict = region.kind === 'ellipsoid' ? [false] : [...region.strict];
  const gradients = asts.flatMap((g) => coordinates.map((c) => simplify(differentiate(g, c))));
  const source: GeneratedSource = generateVectorSource([...asts, ...gradients], coordinates);
  return { count: asts.length, strict, source };
}

/**
 * Refuses a target region with no point in the box, checked on a grid of about 2·10⁴ points (a
 * region thinner than the grid spacing is refused too, and the message says so).
 */
export function requireRegionInBox(t: PreparedTransitionND): void {
  requireTargetInBox(t.problem.box, t.geometry.target);
}

/** As {@link requireRegionInBox}, for any target in any box. */
export function requireTargetInBox(box: Box, target: TargetND): void {
  const n = box.length;
  if (target.region.kind !== 'conditions') return;
  const per = Math.max(2, Math.floor(20000 ** (1 / n)));
  const p = new Float64Array(n);
  const index = new Array<number>(n).fill(0);
  for (let k = 0; k < per ** n; k++) {
    let r = k;
    for (let i = 0; i < n; i++) {
      index[i] = r % per;
      r = Math.floor(r / per);
      p[i] = box[i]!.min + ((box[i]!.max - box[i]!.min) * index[i]!) / (per - 1);
    }
    if (target.contains(p)) return;
  }
  throw new KramersError(
    'invalid_parameter',
    `the target region ${target.region.source} holds no point of the box (searched on a ${per}-point grid per coordinate): no walker can reach it`,
    {
      issues: [{ path: 'to-region', message: 'empty inside the box' }],
      hint: 'check the inequality and the --domain',
    },
  );
}

/** Γ as γ when isotropic, else by its eigen-decomposition. */
export function frictionOf(p: PreparedProblemND): number | FrictionEigen {
  const n = p.dimension;
  const g = p.friction;
  const isotropic = Array.from(g).every((v, k) => (k % (n + 1) === 0 ? v === g[0] : v === 0));
  if (isotropic) return g[0]!;
  const e = symmetricEigen(g, n);
  return { values: Array.from(e.values), vectors: Array.from(e.vectors) };
}

/** A scalar mass: the walkers take m·I (a mass matrix is refused, not approximated). */
function massOf(p: PreparedProblemND): number {
  const n = p.dimension;
  const m = p.massMatrix;
  const scalar = Array.from(m).every((v, k) => (k % (n + 1) === 0 ? v === m[0] : v === 0));
  if (!scalar && p.dynamics === 'underdamped') {
    throw new KramersError(
      'usage',
      'underdamped walkers in several coordinates take a scalar mass; a mass matrix is not simulated',
      {
        issues: [{ path: 'mass', message: 'expected a number' }],
        hint: 'give --mass as one number',
      },
    );
  }
  return m[0]!;
}

/** The stiffest Hessian eigenvalue at the stationary points, and the smallest friction eigenvalue. */
function stiffnessOf(p: PreparedProblemND) {
  const { minima, saddles } = p.landscape;
  let max = 1e-12;
  for (const q of [...minima, ...saddles]) {
    for (const v of q.hessianEigenvalues) max = Math.max(max, Math.abs(v));
  }
  const gammaMin = Math.min(...symmetricEigen(p.friction, p.dimension).values);
  return { max, gammaMin, mass: p.massMatrix[0]! };
}

/** Where the walkers of a run go, for the step check: their start and their target. */
export interface WalkerReach {
  readonly start?: readonly number[];
  readonly target?: TargetND;
}

/** How far above the passage's energy, in D, the step is checked: Boltzmann weight e^{−10}. */
const REACH_D = 10;

/** The box as a grid of about 2·10⁴ points (as requireTargetInBox searches it). */
function boxGrid(box: Box): number[][] {
  const n = box.length;
  const per = Math.max(2, Math.floor(20000 ** (1 / n)));
  const points: number[][] = [];
  for (let k = 0; k < per ** n; k++) {
    let r = k;
    const x: number[] = [];
    for (let i = 0; i < n; i++) {
      x.push(box[i]!.min + ((box[i]!.max - box[i]!.min) * (r % per)) / (per - 1));
      r = Math.floor(r / per);
    }
    points.push(x);
  }
  return points;
}

/**
 * The stiffest |Hessian eigenvalue| where the walkers go: at the stationary points, and at the box
 * points below U_r + 10 D, U_r the highest of U at the start, at the highest saddle and the lowest
 * U inside the target (walkers climb to the passage's energy; 10 D above it they spend a fraction
 * ~e^{−10} of their time). The stationary points alone missed the walls of a well: on
 * (x² − 1)² + y² the minima give λ = 8, the walkers see U_xx = 12x² − 4 up to ~30, and dt = 0.2
 * passed with the MFPT 72% low (audit, nddt.mjs), where checkTimeStep, which scans the interval
 * the walkers visit in one coordinate, refuses it.
 */
function visitedStiffness(p: PreparedProblemND, reach: WalkerReach) {
  const { minima, saddles } = p.landscape;
  const grid = remember(p, 'boxGrid', () => {
    const points = boxGrid(p.box);
    return { points, U: points.map((x) => p.potential.U(x)) };
  });
  let level = Math.max(...[...saddles, ...minima].map((q) => q.U));
  if (reach.start) level = Math.max(level, p.potential.U(reach.start));
  if (reach.target) {
    let inside = Number.POSITIVE_INFINITY;
    grid.points.forEach((x, k) => {
      if (reach.target!.contains(x)) inside = Math.min(inside, grid.U[k]!);
    });
    if (Number.isFinite(inside)) level = Math.max(level, inside);
  }
  const cap = level + REACH_D * p.D;
  let max = stiffnessOf(p).max;
  let where: readonly number[] | null = null;
  const h = new Float64Array(p.dimension * p.dimension);
  grid.points.forEach((x, k) => {
    if (!(grid.U[k]! <= cap)) return;
    p.potential.hessian(x, h);
    for (const v of symmetricEigen(h, p.dimension).values) {
      if (Math.abs(v) > max) {
        max = Math.abs(v);
        where = x;
      }
    }
  });
  return { max, where: where as readonly number[] | null, cap };
}

/**
 * The default step, as in one coordinate: 1e-3 bounded by 0.02·γ_min/λ_max (overdamped) or
 * 0.05/ω_max, ω_max = √(λ_max/m) (underdamped), λ_max the stiffest Hessian eigenvalue at the
 * minima and saddles, γ_min Γ's smallest eigenvalue.
 */
export function defaultStepND(p: PreparedProblemND): number {
  const s = stiffnessOf(p);
  return p.dynamics === 'overdamped'
    ? Math.min(1e-3, (0.02 * s.gammaMin) / s.max)
    : Math.min(1e-3, 0.05 / Math.sqrt(s.max / s.mass));
}

/**
 * The stability limit of the explicit step over the region the walkers visit (as checkTimeStep
 * in one coordinate, which scans their interval): refused past 2, a warning past 0.2.
 */
export function stepWarnings(p: PreparedProblemND, dt: number, reach: WalkerReach = {}): string[] {
  const s = stiffnessOf(p);
  const v = visitedStiffness(p, reach);
  const stiffness =
    p.dynamics === 'overdamped' ? (dt * v.max) / s.gammaMin : dt * Math.sqrt(v.max / s.mass);
  const label = p.dynamics === 'overdamped' ? 'dt·λ_max/γ_min' : 'dt·ω_max';
  const fmt = (x: number) => String(Number(x.toPrecision(3)));
  const at = `λ_max = ${v.max.toPrecision(4)}${v.where ? ` at (${v.where.map(fmt).join(', ')})` : ''}, the stiffest Hessian eigenvalue where walkers go (stationary points and box points with U ≤ ${v.cap.toPrecision(4)}, 10 D above the passage)`;
  if (stiffness > 2) {
    throw new KramersError(
      'invalid_parameter',
      `dt = ${dt} is unstable: ${label} = ${stiffness.toPrecision(3)} > 2 (${at}); reduce dt below ${(dt * (1.9 / stiffness)).toPrecision(2)}`,
      { issues: [{ path: 'dt', message: 'beyond the stability limit' }], hint: 'reduce dt' },
    );
  }
  return stiffness > 0.2
    ? [
        `dt = ${dt}: ${label} = ${stiffness.toPrecision(3)} > 0.2 (${at}); the time-step bias may be large, reduce dt`,
      ]
    : [];
}

/**
 * The time scale of the passage from the harmonic rates: 1/k over the passage's saddle, or 1/(total
 * rate out of the start minimum) for a region; null when no rate applies.
 */
function harmonicTimeOf(t: PreparedTransitionND): number | null {
  const route = t.problem.dynamics === 'overdamped' ? langerRoute : kramersLangerRoute;
  const direct = route.run(t);
  if (direct.rate !== null && direct.rate > 0) return 1 / direct.rate;
  const from = t.geometry.fromMinimum;
  if (from === null) return null;
  const network = route.network(t.problem);
  const out = network.rates[from]!.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return out > 0 ? 1 / out : null;
}

export function requireExpressionND(p: PreparedProblemND) {
  if (p.expression === null) {
    throw new KramersError(
      'usage',
      'walkers in several coordinates run generated kernels: give the potential as an expression',
    );
  }
  return p.expression;
}

/** The kernel configuration of an N-D first-passage run (no work done yet). */
export function configOfND(t: PreparedTransitionND, settings: SimulationSettings) {
  const p = t.problem;
  const expression = requireExpressionND(p);
  requireRegionInBox(t);
  const walkers = requireCount('walkers', settings.walkers ?? 1000);
  const seed = requireSeed(settings.seed ?? 1);
  const dt = settings.dt ?? defaultStepND(p);
  const warnings = stepWarnings(p, dt, { start: t.geometry.start, target: t.geometry.target });
  const scale = harmonicTimeOf(t);
  let tMax = settings.tMax;
  if (tMax === undefined) {
    tMax = scale !== null && Number.isFinite(scale) ? 20 * scale : 1e4;
    if (scale === null)
      warnings.push('no harmonic rate sizes this passage: censored at t = 1e4 (give tMax)');
  }
  requireFeasibleRun(tMax, dt, settings.tMax !== undefined);
  const config: SimulationConfigND = {
    dimension: p.dimension,
    dynamics: p.dynamics,
    gradient: generateVectorSource(expression.gradientAsts, p.coordinates),
    target: targetConditionsOf(t),
    box: p.box.map((d) => ({ min: d.min, max: d.max })),
    D: p.D,
    friction: frictionOf(p),
    mass: massOf(p),
    dt,
    tMax,
    start: [...t.geometry.start],
    seed,
    ...(scale !== null && Number.isFinite(scale)
      ? { expectedTime: settings.expectedTime ?? scale }
      : {}),
  };
  return { config, walkers, warnings };
}

export function assembleND(results: readonly (ChunkResultND | undefined)[], walkers: number): Pass {
  const ran = results.filter((r): r is ChunkResultND => r !== undefined);
  const n = ran.reduce((s, r) => s + r.times.length, 0);
  const times = new Float64Array(n);
  const censored = new Uint8Array(n);
  let offset = 0;
  let steps = 0;
  const failures: string[] = [];
  for (const r of ran) {
    times.set(r.times, offset);
    censored.set(r.censored, offset);
    offset += r.times.length;
    steps += r.steps;
    if (r.failure) {
      failures.push(
        `walker ${r.failure.walker} stopped at t = ${r.failure.t}, x = (${r.failure.x.join(', ')}): ${r.failure.reason}`,
      );
    }
  }
  return { times, censored, steps, failures, interrupted: n < walkers };
}

/**
 * The walkers of one N-D configuration on a runner, in jobs of CHUNK_ND, as the simulation
 * route's result: the gradient and the drift routes differ only in the configuration and the
 * words of `definition`.
 */
export async function walkersND(
  config: SimulationConfigND,
  walkers: number,
  options: SimulationRunOptions,
  definition: (stats: FirstPassageStatistics) => string,
  warnings: readonly string[],
): Promise<SimulationResult> {
  const requests: ChunkRequestND[] = [];
  for (let first = 0; first < walkers; first += CHUNK_ND) {
    requests.push({ config, firstWalker: first, walkers: Math.min(CHUNK_ND, walkers - first) });
  }
  let done = 0;
  const results = await runJobs(options.runner, 'chunkND', requests, {
    signal: options.signal,
    onDone: (_, r) => options.onProgress?.((done += r.times.length), walkers),
  });
  // Interrupted before any walker finished: a report of none, `interrupted` (not bad input).
  const pass = assembleND(results, walkers);
  const stats = firstPassageStatistics(pass.times, pass.censored, config.tMax);
  const outcome = outcomeOf(stats, pass, walkers, '');
  return {
    ...stats,
    ...pointEstimateOf(stats),
    retcode: outcome.retcode,
    definition: definition(stats),
    warnings: [...new Set([...warnings, ...outcome.warnings])],
    dt: config.dt,
    tMax: config.tMax,
    seed: config.seed,
    steps: pass.steps,
    exactMfpt: null,
    engine: results.every((r) => r === undefined || r.engine === 'wasm') ? 'wasm' : 'js',
  };
}

/**
 * First-passage times by Langevin simulation in several coordinates (overdamped Heun or
 * underdamped BAOAB, reflecting box walls) from the passage's start into its target (a region or
 * the thermal core of a minimum), on any runner; the same numbers for any worker count from one
 * seed. The result has the shape of the 1-D simulation route's (`SimulationResult`); `exactMfpt`
 * is null here (the exact N-D MFPT is another route's).
 */
export async function runSimulationND(
  t: PreparedTransitionND,
  settings: SimulationSettings = {},
  options: SimulationRunOptions = {},
): Promise<SimulationResult> {
  if (settings.extrapolate) {
    throw new KramersError(
      'usage',
      'dt extrapolation is not offered for walkers in several coordinates yet',
    );
  }
  const { config, walkers, warnings } = configOfND(t, settings);
  return walkersND(
    config,
    walkers,
    options,
    (stats) =>
      `1/MFPT from ${stats.walkers} simulated ${config.dynamics} walkers in ${config.dimension} coordinates into ${t.geometry.target.description} (dt = ${config.dt}, seed ${config.seed}); error is one standard error`,
    [...t.geometry.warnings, ...warnings],
  );
}

/** The simulation route in several coordinates: the catalogue's `simulation` entry. */
export const simulationNDRoute = { info: simulationInfo, run: runSimulationND } as const;

/** How many paths and how finely `samplePathsOfND` records them. */
export interface PathSamplingND {
  /** Walkers 0 … paths − 1 of the run (default 5, at most 100). */
  readonly paths?: number;
  /** Time steps between recorded points (default 1; doubled while a path outgrows maxPoints). */
  readonly every?: number;
  /** The most points kept per path (default 2000). */
  readonly maxPoints?: number;
}

/**
 * The sampled paths of the first walkers of the run `runSimulationND` makes with the same
 * settings (the same configuration, seed and streams): walker i's path ends at the first-passage
 * time the simulation records for walker i, or at the censoring time.
 */
export async function samplePathsOfND(
  t: PreparedTransitionND,
  settings: SimulationSettings & PathSamplingND = {},
  options: SimulationRunOptions = {},
): Promise<{ config: SimulationConfigND; result: PathsResultND; warnings: string[] }> {
  const { config, warnings } = configOfND(t, settings);
  const paths = requireCountWithin('paths', settings.paths ?? 5, {
    max: 100,
    why: 'sampled paths are for drawing a few walkers; simulate for statistics',
  });
  const every = requireCountWithin('every', settings.every ?? 1, {
    max: 2 ** 40,
    why: 'steps between recorded points',
  });
  const maxPoints = requireCountWithin('maxPoints', settings.maxPoints ?? 2000, {
    min: 16,
    max: 100_000,
    why: 'points kept per path',
  });
  const [result] = await runJobs(
    options.runner,
    'pathsND',
    [{ config, firstWalker: 0, walkers: paths, every, maxPoints }],
    { signal: options.signal },
  );
  if (result === undefined)
    throw new KramersError('usage', 'interrupted before any path was drawn');
  return { config, result, warnings };
}
