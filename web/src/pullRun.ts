/**
 * The Pulling panel's one door to the library: the `pull()` problem for its settings (theory and
 * walkers alike), and the walkers' column of a `pull()` report as the page shows it. No physics
 * here: the lower bound, its interval, the warnings and the retcode are the library's, as
 * `kramers pull --simulate` prints them.
 */
import type { PullProblem, PullReport, RetCode, SimulatedRupture } from 'kramers';
import type { LabProblem } from './protocol.js';
import type { PullSettings } from './pullState.js';

/** The `pull()` problem of the panel's bond (a model, or the sidebar's expression) at `rates`. */
export function pullProblemOf(
  s: PullSettings,
  p: LabProblem,
  loadingRates: readonly number[],
): PullProblem {
  if (s.model === 'expression') {
    return {
      potential: p.potential,
      parameters: p.parameters,
      D: p.D,
      gamma: p.gamma,
      ...(p.domain ? { domain: p.domain } : {}),
      from: p.from,
      loadingRates,
    };
  }
  return { model: s.model, deltaG: s.deltaG, xb: s.xb, k0: s.k0, D: s.D, loadingRates };
}

/**
 * The simulated rupture forces of the last run: `pull()`'s simulated column at one rate (its
 * fields as the library defines them), with the histogram flattened for the page.
 */
export type PullSimulation = Pick<
  SimulatedRupture,
  | 'meanForce'
  | 'meanForceIsLowerBound'
  | 'meanForceStdErr'
  | 'meanForceCI95'
  | 'sdForce'
  | 'walkers'
  | 'censored'
  | 'dt'
  | 'retcode'
> & {
  readonly loadingRate: number;
  readonly edges: number[];
  readonly counts: number[];
  /** The whole run's outcome (the CLI's `retcode:` line and exit code). */
  readonly reportRetcode: RetCode;
  readonly warnings: readonly string[];
};

/**
 * The walkers' column of a one-rate `pull()` report with `simulate`, or null when the run was
 * stopped before any walker finished (the report then says `interrupted`).
 */
export function simulationOf(report: PullReport): PullSimulation | null {
  const row = report.rows[0];
  const s = row?.simulated;
  if (!row || !s) return null;
  return {
    loadingRate: row.loadingRate,
    meanForce: s.meanForce,
    meanForceIsLowerBound: s.meanForceIsLowerBound,
    meanForceStdErr: s.meanForceStdErr,
    meanForceCI95: [s.meanForceCI95[0], s.meanForceCI95[1]],
    sdForce: s.sdForce,
    walkers: s.walkers,
    censored: s.censored,
    dt: s.dt,
    edges: [...s.histogram.edges],
    counts: [...s.histogram.counts],
    retcode: s.retcode,
    reportRetcode: report.retcode,
    warnings: [...new Set([...report.warnings, ...s.warnings])],
  };
}

/** ⟨F⟩ as `kramers pull` prints it: `≥` before a lower bound. */
export function simulatedMeanText(s: PullSimulation, format: (x: number) => string): string {
  return `${s.meanForceIsLowerBound ? '≥' : ''}${format(s.meanForce)}`;
}
