import { KramersError } from '../core/index.js';
import {
  compileVector,
  differentiate,
  type ExprNode,
  generateVectorSource,
  parseExpression,
  simplify,
} from '../expr/index.js';
import { symmetricEigen } from '../multid/index.js';
import type { PreparedTransitionND } from '../problem/index.js';
import { type AmsConfigND, type AmsPartial, combineAmsRuns, runJobs } from '../simulation/index.js';
import { type AmsRouteResult, type AmsSettings, amsInfo } from './ams.js';
import { type RunOptions, requireCount, requireSeed } from './simulation.js';
import {
  defaultStepND,
  frictionOf,
  requireExpressionND,
  requireRegionInBox,
  stepWarnings,
  targetConditionsOf,
} from './simulationND.js';

/** How AMS runs in several coordinates: as in one, with the reaction coordinate ξ. */
export interface AmsSettingsND extends AmsSettings {
  /**
   * ξ(x) as an expression in the coordinates, growing from the start toward the target (e.g.
   * `x`). Default, for a target minimum: the projection on the segment from the start to it.
   */
  readonly reactionCoordinate?: string;
  /** Loops per run that estimate the mean loop duration (default 2000). */
  readonly loopsPerRun?: number;
}

/** ξ as a tree: the expression given, or the projection on start → target minimum. */
function reactionCoordinateOf(t: PreparedTransitionND, text: string | undefined): ExprNode {
  const p = t.problem;
  if (text !== undefined) {
    return simplify(
      parseExpression(text, { variables: p.coordinates, parameters: p.summary.parameters }).ast,
    );
  }
  const { target, start } = t.geometry;
  if (target.region.kind !== 'ellipsoid') {
    throw new KramersError(
      'usage',
      `AMS into ${target.description} needs a reaction coordinate that grows toward it`,
      { hint: 'e.g. --reaction-coordinate "x"' },
    );
  }
  const c = target.region.center;
  const d = c.map((v, i) => v - start[i]!);
  const length = Math.hypot(...d);
  let sum: ExprNode = { kind: 'num', value: 0 };
  p.coordinates.forEach((name, i) => {
    const term = {
      kind: 'binary',
      op: '*',
      left: { kind: 'num', value: d[i]! / length },
      right: { kind: 'var', name },
    } as ExprNode;
    sum = { kind: 'binary', op: '+', left: sum, right: term } as ExprNode;
  });
  return simplify(sum);
}

/**
 * The width of the core A along ξ: the thermal spread of ξ in the harmonic well at the start,
 * √(D ∇ξᵀH⁻¹∇ξ) (so loops last about one relaxation time, as in one coordinate).
 */
function coreWidthOf(t: PreparedTransitionND, xi: ExprNode): number {
  const p = t.problem;
  const n = p.dimension;
  const start = t.geometry.start;
  const grad = compileVector(
    p.coordinates.map((c) => simplify(differentiate(xi, c))),
    p.coordinates,
  );
  const g = new Float64Array(n);
  grad(start, g);
  const h = new Float64Array(n * n);
  p.potential.hessian(start, h);
  const { values, vectors } = symmetricEigen(h, n);
  if (!(values[0]! > 0)) {
    throw new KramersError(
      'usage',
      'AMS starts in a well: the Hessian at the start is not positive definite',
      {
        hint: 'start at a minimum (--from WELL)',
      },
    );
  }
  let quad = 0;
  for (let k = 0; k < n; k++) {
    let proj = 0;
    for (let i = 0; i < n; i++) proj += vectors[i * n + k]! * g[i]!;
    quad += (proj * proj) / values[k]!;
  }
  const width = Math.sqrt(p.D * quad);
  if (!(width > 0) || !Number.isFinite(width)) {
    throw new KramersError(
      'invalid_parameter',
      'the reaction coordinate does not change at the start (∇ξ = 0)',
      {
        issues: [{ path: 'reaction-coordinate', message: '∇ξ = 0 at the start' }],
      },
    );
  }
  return width;
}

/** The AMS configuration of an N-D passage (no work done yet). */
function amsConfigND(t: PreparedTransitionND, settings: AmsSettingsND): AmsConfigND {
  const p = t.problem;
  if (p.dynamics !== 'overdamped') {
    throw new KramersError('usage', 'AMS covers overdamped dynamics only');
  }
  const expression = requireExpressionND(p);
  requireRegionInBox(t);
  const xi = reactionCoordinateOf(t, settings.reactionCoordinate);
  return {
    dimension: p.dimension,
    gradient: generateVectorSource(expression.gradientAsts, p.coordinates),
    target: targetConditionsOf(t),
    box: p.box.map((d) => ({ min: d.min, max: d.max })),
    D: p.D,
    friction: frictionOf(p),
    dt: settings.dt ?? defaultStepND(p),
    start: [...t.geometry.start],
    reactionCoordinate: generateVectorSource([xi], p.coordinates),
    coreWidth: coreWidthOf(t, xi),
    replicas: requireCount('replicas', settings.replicas ?? 500),
    seed: requireSeed(settings.seed ?? 1),
    independentRuns: 1,
    ...(settings.loopsPerRun !== undefined
      ? { loopsPerRun: requireCount('runs', settings.loopsPerRun) }
      : {}),
  };
}

/**
 * First passage in several coordinates by adaptive multilevel splitting along a reaction
 * coordinate (overdamped): one job per independent run, each on its own derived stream, so the
 * numbers are the same for any worker count. The result has the 1-D AMS route's shape.
 */
export async function runAmsND(
  t: PreparedTransitionND,
  settings: AmsSettingsND = {},
  options: RunOptions = {},
): Promise<AmsRouteResult> {
  const base = amsConfigND(t, settings);
  const warnings = stepWarnings(t.problem, base.dt);
  const runs = requireCount('runs', settings.runs ?? 10);
  const jobs = Array.from({ length: runs }, (_, run) => ({ ...base, firstRun: run }));
  let finished = 0;
  const parts = await runJobs(options.runner, 'amsND', jobs, {
    signal: options.signal,
    onDone: () => options.onProgress?.(++finished, runs),
  });
  const r = combineAmsRuns(
    parts.filter((q): q is AmsPartial => q !== undefined),
    runs,
  );
  const rate = 1 / r.mfpt;
  return {
    rate,
    logRate: -r.logMfpt,
    error: rate * (r.mfptStdErr / r.mfpt),
    relativeError: r.mfptStdErr / r.mfpt,
    retcode: r.retcode,
    definition: `${amsInfo.definition}; in ${base.dimension} coordinates into ${t.geometry.target.description}, levels of the reaction coordinate`,
    warnings: [...new Set([...t.geometry.warnings, ...warnings, ...r.warnings])],
    mfpt: r.mfpt,
    logMfpt: r.logMfpt,
    mfptStdErr: r.mfptStdErr,
    mfptCI95: r.mfptCI95,
    rateCI95: [1 / r.mfptCI95[1], 1 / r.mfptCI95[0]],
    probability: r.probability,
    replicas: base.replicas,
    runs,
    dt: base.dt,
    seed: base.seed,
    steps: r.steps,
    exactMfpt: null,
  };
}

/** AMS in several coordinates: the catalogue's `ams` entry. */
export const amsNDRoute = { info: amsInfo, run: runAmsND } as const;
