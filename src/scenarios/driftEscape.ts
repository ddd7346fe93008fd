import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import type { FixedPointND } from '../multid/index.js';
import {
  type PreparedPassageDrift,
  passageOfDrift,
  prepareDrift,
  quasiPotentialOf,
} from '../problem/index.js';
import { configOfDrift } from '../routes/index.js';
import { firstPassageStatistics, runChunkND } from '../simulation/index.js';
import type { ReducedDrift } from './types.js';

/** Walker-steps a preset's simulated column may take (about a second on one thread). */
export const DRIFT_STEP_BUDGET = 3e7;
/** The fewest walkers worth a simulated column. */
const MIN_WALKERS = 16;

/** What a drift preset needs before it simulates: the field, the passage and its quasi-potential. */
export interface DriftLandscape {
  readonly passage: PreparedPassageDrift;
  readonly fixedPoints: readonly FixedPointND[];
  readonly saddle: FixedPointND;
  /** ΔΦ over the saddle by gMAM, with its error and whether the path has split. */
  readonly quasiPotential: number;
  readonly error: number;
  readonly bifurcation: boolean;
  readonly converged: boolean;
  /** The escape scale (2π/√(λ_a μ_s)) e^{ΔΦ/D} (docs/drift.md), in reduced time. */
  readonly scale: number;
  /** Its natural log: finite where the scale itself leaves double range (ΔΦ/D past 709). */
  readonly logScale: number;
  readonly warnings: readonly string[];
}

export interface DriftSpec {
  readonly drift: string;
  readonly coordinates: readonly string[];
  readonly parameters: Readonly<Record<string, number>>;
  readonly D: number;
  readonly domain: ReducedDrift['domain'];
  readonly from: number;
  readonly to?: number;
  readonly toRegion?: string;
}

/** The last landscape computed: build() and evaluate() of one preset run share one gMAM. */
let last: { key: string; landscape: DriftLandscape } | undefined;

/**
 * The drift preset's landscape: fixed points, the passage from stable point `from` and the
 * quasi-potential over the lowest saddle joining it to the target (gMAM), computed once per field, parameters and D.
 */
export function driftLandscape(spec: DriftSpec): DriftLandscape {
  const key = JSON.stringify(spec);
  if (last?.key === key) return last.landscape;
  const p = prepareDrift({
    drift: spec.drift,
    coordinates: spec.coordinates,
    parameters: spec.parameters,
    D: spec.D,
    domain: spec.domain,
  });
  const passage = passageOfDrift(p, {
    from: spec.from,
    ...(spec.to !== undefined ? { to: spec.to } : {}),
    ...(spec.toRegion !== undefined ? { toRegion: spec.toRegion } : {}),
  });
  const over = passage.escape;
  if (over === null) {
    throw new KramersError(
      'no_barrier',
      'the drift has no saddle in the box: nothing to escape over',
      {
        issues: [{ path: 'domain', message: 'no saddle' }],
      },
    );
  }
  const qp = quasiPotentialOf(over);
  const decay = Math.min(...over.from.eigenvalues.map((v) => Math.abs(v.re)));
  const growth = over.saddle.eigenvalues[0]!.re;
  const logScale = Math.log((2 * Math.PI) / Math.sqrt(decay * growth)) + qp.quasiPotential / spec.D;
  const landscape: DriftLandscape = {
    passage,
    fixedPoints: p.fixedPoints,
    saddle: over.saddle,
    quasiPotential: qp.quasiPotential,
    error: qp.error,
    bifurcation: qp.bifurcation,
    converged: qp.converged,
    scale: Math.exp(logScale),
    logScale,
    warnings: [...passage.warnings, ...qp.warnings],
  };
  last = { key, landscape };
  return landscape;
}

/** Walkers and censoring time within the step budget; null walkers when too few fit. */
export function driftWalkers(scale: number, dt: number, wanted: number) {
  const fit = Math.floor(DRIFT_STEP_BUDGET / (scale / dt));
  const walkers = Math.min(wanted, fit);
  const tMax = 20 * scale;
  return {
    walkers: walkers >= MIN_WALKERS ? walkers : null,
    ...(Number.isFinite(tMax) ? { tMax } : {}),
  };
}

/** A simulated passage of a drift preset, in reduced time. */
export interface DriftSimulation {
  readonly mfpt: number;
  readonly mfptStdErr: number;
  readonly mfptCI95: readonly [number, number];
  readonly rate: number;
  readonly rateCI95: readonly [number, number];
  readonly walkers: number;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

/**
 * The walkers of `kramers simulate --drift` on this thread, with the preset's own settings: the
 * same kernel, streams and statistics as `simulateDrift` (so the printed command reproduces the
 * numbers bit for bit on any worker count).
 */
export function simulateDriftPreset(l: DriftLandscape, r: ReducedDrift): DriftSimulation {
  const { config, warnings } = configOfDrift(l.passage, {
    walkers: r.walkers,
    seed: r.seed,
    dt: r.dt,
    tMax: r.tMax,
  });
  const run = runChunkND({ config, firstWalker: 0, walkers: r.walkers });
  const stats = firstPassageStatistics(run.times, run.censored, config.tMax);
  const failed = run.failure ? [`walker ${run.failure.walker}: ${run.failure.reason}`] : [];
  return {
    mfpt: stats.mfpt,
    mfptStdErr: stats.mfptStdErr,
    mfptCI95: stats.mfptCI95,
    rate: stats.rate,
    rateCI95: stats.rateCI95,
    walkers: r.walkers,
    retcode: combineRetcodes([stats.retcode, failed.length > 0 ? 'not_converged' : 'success']),
    warnings: [...warnings, ...stats.warnings, ...failed],
  };
}
