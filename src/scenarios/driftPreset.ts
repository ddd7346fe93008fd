import { combineRetcodes, type RetCode } from '../core/index.js';
import { DRIFT_ROUTES, exactDriftRoute } from '../routes/index.js';
import { formatIn, formatInFromLog, formatValue, quantity } from '../units/index.js';
import {
  type DriftLandscape,
  type DriftSpec,
  driftWalkers,
  simulateDriftPreset,
} from './driftEscape.js';
import { resultFromLog } from './logged.js';
import type { PresetResult, PresetValues, ReducedProblem } from './types.js';

/**
 * How a preset driven by a drift names its escape: the toggle switch "switches" in hours, the
 * neuron "fires" in seconds. The three columns (quasi-potential, exact, walkers) are the same.
 */
export interface DriftPresetTerms {
  /** Stem of the result names: `switching` gives switchingTime, switchingTimeExact, switchingRate. */
  readonly stem: string;
  /** The event in words, for labels: `switching`, `firing`. */
  readonly event: string;
  /** Unit the times are shown in (`h`, `s`); rates in its inverse. */
  readonly unit: string;
  /** Seconds per reduced time unit of the field. */
  readonly secondsPerTime: number;
  /** The reduced time unit in words, for the scale's label (`lifetime`, `ms`). */
  readonly timeWords: string;
  /** Label of the states result, with the coordinates: `stable states and saddle (u, v)`. */
  readonly statesLabel: string;
  /** What reaching the target region means, in a word: `switched`, `fired`. */
  readonly reached: string;
  /** The preset's own notes, first in the report. */
  readonly notes: readonly string[];
}

/** How a drift preset's walkers run and what its reduced units mean. */
export interface DriftRunSettings {
  readonly dt: number;
  readonly walkers: number;
  /** Seconds per reduced time unit. */
  readonly time: number;
  /** The reduced units in words (coordinates and time). */
  readonly description: string;
  /** The coordinates in words. */
  readonly coordinate: string;
}

/**
 * A drift preset's reduced problem: the field, box and passage of `spec`, and walkers sized from
 * gMAM's escape scale within the step budget (seed 1), as `kramers simulate --drift` takes them.
 */
export function reducedDriftProblem(
  spec: DriftSpec,
  l: DriftLandscape,
  run: DriftRunSettings,
): ReducedProblem {
  const sized = driftWalkers(l.scale, run.dt, run.walkers);
  return {
    potential: '',
    parameters: spec.parameters,
    D: spec.D,
    gamma: 1,
    drift: {
      drift: spec.drift,
      coordinates: spec.coordinates,
      domain: spec.domain,
      from: spec.from,
      toRegion: spec.toRegion!,
      walkers: sized.walkers ?? run.walkers,
      seed: 1,
      dt: run.dt,
      ...(sized.tMax !== undefined ? { tMax: sized.tMax } : {}),
    },
    units: {
      dynamics: 'overdamped',
      energyUnit: '1',
      energy: 1,
      length: 1,
      lengthUnit: '1',
      time: run.time,
      description: run.description,
    },
    coordinate: run.coordinate,
  };
}

const point = (x: readonly number[]) => `(${x.map((c) => formatValue(c, 4)).join(', ')})`;

/** ΔΦ, the e^{−ΔΦ/D} scale and the states: the quasi-potential's answers. */
function theoryResults(D: number, l: DriftLandscape, terms: DriftPresetTerms): PresetResult[] {
  const states = l.fixedPoints.filter((p) => p.kind === 'stable node' || p.kind === 'saddle');
  return [
    {
      name: 'states',
      label: terms.statesLabel,
      value: states[0]!.x[0]!,
      unit: '',
      text: states.map((p) => point(p.x)).join(', '),
    },
    {
      name: 'quasiPotential',
      label: 'quasi-potential barrier ΔΦ (gMAM)',
      value: l.quasiPotential,
      unit: '',
      text: `${formatValue(l.quasiPotential, 7)} ± ${formatValue(l.error, 2)}`,
      method: `ΔΦ/D = ${formatValue(l.quasiPotential / D, 4)}; not a gradient: the path is the minimum action path`,
    },
    // By its logarithm: e^{−ΔΦ/D} leaves double range at ΔΦ/D = 745.
    resultFromLog(
      {
        name: 'arrheniusScale',
        label: `${terms.event}-rate scale e^{−ΔΦ/D} per ${terms.timeWords}`,
        method: 'the exponential factor alone; the Bouchet–Reygner rate adds the prefactor',
      },
      -l.quasiPotential / D - Math.log(terms.secondsPerTime),
      `1/${terms.unit}`,
    ),
  ];
}

/**
 * The exact mean time: the 2-D backward equation with the drift on a ladder of grids (the
 * library's exact drift route, the same passage as the walkers), by its logarithm.
 */
function exactResults(l: DriftLandscape, terms: DriftPresetTerms) {
  const e = exactDriftRoute.run(l.passage, { tolerance: 1e-3 });
  const exact = 'mfpt' in e ? e : null;
  const fields = {
    name: `${terms.stem}TimeExact`,
    label: `mean ${terms.event} time, exact (2-D backward equation)`,
    method: `D∆T + b·∇T = −1 on grids of the box (walls reflecting, T = 0 past ${l.passage.target.description}), Richardson-extrapolated; ${exact ? `± ${formatValue(exact.mfptError / exact.mfpt, 2)} relative; ` : ''}${e.retcode}`,
  };
  const results: PresetResult[] = [
    exact
      ? resultFromLog(fields, exact.logMfpt + Math.log(terms.secondsPerTime), terms.unit)
      : { ...fields, value: null, unit: terms.unit, text: '—' },
  ];
  return {
    results,
    retcode: e.retcode,
    warnings: e.warnings,
    mfpt: exact?.mfpt ?? Number.NaN,
    logMfpt: exact?.logMfpt ?? Number.NaN,
  };
}

/**
 * The rate with its prefactor: the Bouchet–Reygner route on the preset's escape (ΔΦ and the path
 * integral of gMAM's path), by its logarithm, and how far 1/MFPT of the exact column is from it.
 * Where the route gives no number the result is — with its reason.
 */
function prefactorResults(l: DriftLandscape, terms: DriftPresetTerms, logExact: number) {
  const route = DRIFT_ROUTES.bouchetReygner;
  const br = route.run(l.passage.escape!);
  const fields = {
    name: `${terms.stem}RateTheory`,
    label: `${terms.event} rate, Bouchet–Reygner (ΔΦ with its prefactor)`,
  };
  const unit = `1/${terms.unit}`;
  if (br.logRate === null || br.retcode !== 'success') {
    const why = br.warnings.find((w) => w.startsWith(route.info.label)) ?? br.retcode;
    return [{ ...fields, value: null, unit, text: '—', method: `no number: ${why}` }];
  }
  const off = Number.isFinite(logExact)
    ? `; k·MFPT(exact) − 1 = ${formatValue(100 * Math.expm1(br.logRate + logExact), 3)}%`
    : '';
  const method = `± ${formatValue(br.relativeError ?? Number.NaN, 2)} relative from the numerics${off}; asymptotic in ΔΦ/D (its own error O(D/ΔΦ))`;
  return [resultFromLog({ ...fields, method }, br.logRate - Math.log(terms.secondsPerTime), unit)];
}

function simulatedResults(
  D: number,
  l: DriftLandscape,
  problem: ReducedProblem,
  terms: DriftPresetTerms,
) {
  const { unit, secondsPerTime: seconds } = terms;
  const inUnit = seconds / quantity(1, unit).value;
  const s = simulateDriftPreset(l, problem.drift!);
  const results: PresetResult[] = [
    {
      name: `${terms.stem}Time`,
      label: `mean ${terms.event} time, simulated (${s.walkers} walkers)`,
      value: s.mfpt * inUnit,
      unit,
      text: `${formatIn(s.mfpt * seconds, unit)} ± ${formatIn(s.mfptStdErr * seconds, unit, 2)}`,
      method: `walkers of kramers simulate --drift from the stable state until ${problem.drift!.toRegion} (${terms.reached}); 95% CI ${formatValue(s.mfptCI95[0] * inUnit)}–${formatValue(s.mfptCI95[1] * inUnit)} ${unit}`,
    },
    {
      name: `${terms.stem}Rate`,
      label: `${terms.event} rate 1/MFPT, simulated`,
      value: s.rate / inUnit,
      unit: `1/${unit}`,
      text: formatIn(s.rate / seconds, `1/${unit}`),
      method: `e^{−ΔΦ/D}/(rate × ${terms.timeWords}) = ${formatValue(Math.exp(-l.quasiPotential / D) / s.rate, 3)}: the prefactor the scale leaves out`,
    },
  ];
  return { results, retcode: s.retcode, warnings: s.warnings, mfpt: s.mfpt, se: s.mfptStdErr };
}

/** The simulated time against the exact one, in standard errors (a note). */
function agreement(sim: { mfpt: number; se: number }, exactMfpt: number): string[] {
  if (!Number.isFinite(exactMfpt) || !(sim.se > 0)) return [];
  const z = (sim.mfpt - exactMfpt) / sim.se;
  return [`simulated − exact = ${formatValue(z, 2)} standard errors of the walkers' mean`];
}

/**
 * A drift preset's report: the quasi-potential and its e^{−ΔΦ/D} scale, the exact mean time, and
 * the walkers of `kramers simulate --drift` where they fit the step budget (`dt`, `wanted`).
 */
export function evaluateDriftPreset(
  v: PresetValues,
  l: DriftLandscape,
  problem: ReducedProblem,
  terms: DriftPresetTerms,
) {
  const D = v['D']!;
  const exact = exactResults(l, terms);
  const notes = [...terms.notes];
  const drift = problem.drift!;
  const sized = driftWalkers(l.scale, drift.dt, drift.walkers);
  const retcodeOfTheory: RetCode = l.converged ? 'success' : 'not_converged';
  const results = [
    ...theoryResults(D, l, terms),
    ...prefactorResults(l, terms, exact.logMfpt),
    ...exact.results,
  ];
  const warnings = [...l.warnings, ...exact.warnings];
  if (sized.walkers === null) {
    notes.push(
      `not simulated: about ${formatInFromLog(l.logScale + Math.log(terms.secondsPerTime), terms.unit)} per event would take more than the step budget; raise D to see walkers escape`,
    );
    const retcode = combineRetcodes([retcodeOfTheory, exact.retcode]);
    return { retcode, results, tables: [], notes, warnings };
  }
  const sim = simulatedResults(D, l, problem, terms);
  notes.push(...agreement(sim, exact.mfpt));
  return {
    retcode: combineRetcodes([retcodeOfTheory, exact.retcode, sim.retcode]),
    results: [...results, ...sim.results],
    tables: [],
    notes,
    warnings: [...warnings, ...sim.warnings],
  };
}
