import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { exactDriftRoute } from '../routes/index.js';
import { formatFromLog, formatIn, formatValue } from '../units/index.js';
import {
  type DriftLandscape,
  type DriftSpec,
  driftLandscape,
  driftWalkers,
  simulateDriftPreset,
} from './driftEscape.js';
import { resultFromLog } from './logged.js';
import type { Preset, PresetResult, PresetValues, ReducedProblem } from './types.js';

/** The toggle's field in units of the repression threshold and the protein lifetime (n = 2). */
const DRIFT = 'a/(1 + v^2) - u, a/(1 + u^2) - v';
/** Walkers of the simulated column and their step (Heun; no bias resolved at 0.02, bench/). */
const WALKERS = 48;
const DT = 0.005;

function specOf(v: PresetValues): DriftSpec {
  const a = v['a']!;
  if (!(a > 2)) {
    throw new KramersError(
      'invalid_parameter',
      `a = ${a}: the toggle is bistable only for a > 2 (with Hill coefficient 2, Gardner, Cantor & Collins 2000)`,
      { issues: [{ path: 'a', message: 'expected a > 2' }], hint: 'give a between 2.2 and 6' },
    );
  }
  const top = a + 0.5;
  return {
    ...baseSpec(a, v['D']!, top),
    toRegion: `u >= ${switchedLevel(a)}`,
  };
}

/**
 * The states of the symmetric toggle with n = 2: u + v = a and uv = 1 off the diagonal, so
 * (a ∓ √(a² − 4))/2; the saddle on the diagonal solves u³ + u − a = 0 (Newton from u = a^{1/3},
 * where the cubic is convex and increasing).
 */
export function toggleStates(a: number): { low: number; high: number; saddle: number } {
  const r = Math.sqrt(a * a - 4);
  let u = Math.cbrt(a);
  for (let k = 0; k < 60; k++) u -= (u * u * u + u - a) / (3 * u * u + 1);
  return { low: (a - r) / 2, high: (a + r) / 2, saddle: u };
}

/**
 * "Switched": u past halfway from the saddle to the other state, rounded to 0.1 (a grid line of
 * the exact solve in test/fixtures/toggle_mfpt.py): beyond it the flow carries a walker on into
 * the other state, so the time to get there is the switching time up to a short relaxation.
 */
function switchedLevel(a: number): number {
  const s = toggleStates(a);
  return Math.round(5 * (s.saddle + s.high)) / 10;
}

function baseSpec(a: number, D: number, top: number) {
  return {
    drift: DRIFT,
    coordinates: ['u', 'v'],
    parameters: { a },
    D,
    domain: [
      { min: 0, max: top },
      { min: 0, max: top },
    ],
    from: 0,
  };
}

/** The reduced problem, with the walkers' settings sized from gMAM's escape scale. */
function reducedOf(v: PresetValues, l: DriftLandscape): ReducedProblem {
  const spec = specOf(v);
  const sized = driftWalkers(l.scale, DT, WALKERS);
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
      walkers: sized.walkers ?? WALKERS,
      seed: 1,
      dt: DT,
      ...(sized.tMax !== undefined ? { tMax: sized.tMax } : {}),
    },
    units: {
      dynamics: 'overdamped',
      energyUnit: '1',
      energy: 1,
      length: 1,
      lengthUnit: '1',
      time: v['life']!,
      description: 'u, v in units of the repression threshold K, time unit the protein lifetime',
    },
    coordinate: 'the two repressors’ concentrations u, v in units of K',
  };
}

function build(v: PresetValues): ReducedProblem {
  return reducedOf(v, driftLandscape(specOf(v)));
}

const point = (x: readonly number[]) => `(${x.map((c) => formatValue(c, 4)).join(', ')})`;

/** ΔΦ, the e^{−ΔΦ/D} scale and the states: the quasi-potential's answers. */
function theoryResults(v: PresetValues, l: DriftLandscape): PresetResult[] {
  const D = v['D']!;
  const states = l.fixedPoints.filter((p) => p.kind === 'stable node' || p.kind === 'saddle');
  return [
    {
      name: 'states',
      label: 'stable states and saddle (u, v)',
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
    // By its logarithm: e^{−ΔΦ/D} leaves double range at ΔΦ/D = 745 (D = 1.2e-4 here).
    resultFromLog(
      {
        name: 'arrheniusScale',
        label: 'switching-rate scale e^{−ΔΦ/D} per lifetime',
        method:
          'the exponential factor alone: the non-gradient (Bouchet–Reygner) prefactor is not implemented',
      },
      -l.quasiPotential / D - Math.log(v['life']!),
      '1/h',
    ),
  ];
}

/**
 * The exact mean switching time: the 2-D backward equation with the drift on a ladder of grids
 * (the library's exact drift route, the same passage as the walkers), by its logarithm.
 */
function exactResults(v: PresetValues, l: DriftLandscape) {
  const e = exactDriftRoute.run(l.passage, { tolerance: 1e-3 });
  const life = v['life']!;
  const exact = 'mfpt' in e ? e : null;
  const fields = {
    name: 'switchingTimeExact',
    label: 'mean switching time, exact (2-D backward equation)',
    method: `D∆T + b·∇T = −1 on grids of the box (walls reflecting, T = 0 past ${l.passage.target.description}), Richardson-extrapolated; ${exact ? `± ${formatValue(exact.mfptError / exact.mfpt, 2)} relative; ` : ''}${e.retcode}`,
  };
  const results: PresetResult[] = [
    exact
      ? resultFromLog(fields, exact.logMfpt + Math.log(life), 'h')
      : { ...fields, value: null, unit: 'h', text: '—' },
  ];
  return { results, retcode: e.retcode, warnings: e.warnings, mfpt: exact?.mfpt ?? Number.NaN };
}

function simulatedResults(v: PresetValues, l: DriftLandscape, problem: ReducedProblem) {
  const hours = v['life']! / 3600;
  const s = simulateDriftPreset(l, problem.drift!);
  const results: PresetResult[] = [
    {
      name: 'switchingTime',
      label: `mean switching time, simulated (${s.walkers} walkers)`,
      value: s.mfpt * hours,
      unit: 'h',
      text: `${formatIn(s.mfpt * v['life']!, 'h')} ± ${formatIn(s.mfptStdErr * v['life']!, 'h', 2)}`,
      method: `walkers of kramers simulate --drift from one state until ${problem.drift!.toRegion} (switched); 95% CI ${formatValue(s.mfptCI95[0] * hours)}–${formatValue(s.mfptCI95[1] * hours)} h`,
    },
    {
      name: 'switchingRate',
      label: 'switching rate 1/MFPT, simulated',
      value: s.rate / hours,
      unit: '1/h',
      text: formatIn(s.rate / v['life']!, '1/h'),
      method: `e^{−ΔΦ/D}/(rate × lifetime) = ${formatValue(Math.exp(-l.quasiPotential / v['D']!) / s.rate, 3)}: the prefactor the scale leaves out`,
    },
  ];
  return { results, retcode: s.retcode, warnings: s.warnings, mfpt: s.mfpt, se: s.mfptStdErr };
}

/** The simulated switching time against the exact one, in standard errors (a note). */
function agreement(sim: { mfpt: number; se: number }, exactMfpt: number): string[] {
  if (!Number.isFinite(exactMfpt) || !(sim.se > 0)) return [];
  const z = (sim.mfpt - exactMfpt) / sim.se;
  return [`simulated − exact = ${formatValue(z, 2)} standard errors of the walkers' mean`];
}

/**
 * The switching of the toggle: the quasi-potential and its e^{−ΔΦ/D} scale, the exact mean
 * switching time, and walkers of `kramers simulate --drift` where they fit the step budget.
 */
function evaluate(v: PresetValues) {
  const l = driftLandscape(specOf(v));
  const problem = reducedOf(v, l);
  const theory = theoryResults(v, l);
  const exact = exactResults(v, l);
  const notes = [
    'The toggle is not a gradient system: its barrier is the Freidlin–Wentzell quasi-potential ΔΦ, found by the geometric minimum action method; rates go as e^{−ΔΦ/D}.',
  ];
  const sized = driftWalkers(l.scale, DT, WALKERS);
  const retcodeOfTheory: RetCode = l.converged ? 'success' : 'not_converged';
  const results = [...theory, ...exact.results];
  if (sized.walkers === null) {
    notes.push(
      `not simulated: about ${formatFromLog(l.logScale)} lifetimes per switch would take more than the step budget; raise D to see walkers switch`,
    );
    return {
      retcode: combineRetcodes([retcodeOfTheory, exact.retcode]),
      results,
      tables: [],
      notes,
      warnings: [...l.warnings, ...exact.warnings],
    };
  }
  const sim = simulatedResults(v, l, problem);
  notes.push(...agreement(sim, exact.mfpt));
  return {
    retcode: combineRetcodes([retcodeOfTheory, exact.retcode, sim.retcode]),
    results: [...results, ...sim.results],
    tables: [],
    notes,
    warnings: [...l.warnings, ...exact.warnings, ...sim.warnings],
  };
}

export const toggleSwitch: Preset = {
  name: 'toggle-switch',
  title: 'Genetic toggle switch (two mutually repressing genes)',
  field: 'systems biology',
  summary: 'switching time between the two states of a two-gene toggle, a non-gradient escape',
  context:
    'Two genes whose proteins repress each other form a bistable switch: one gene on and the ' +
    'other off, or the reverse (Gardner, Cantor & Collins 2000). In units of the repression ' +
    'threshold and the protein lifetime, du/dt = a/(1 + v²) − u, dv/dt = a/(1 + u²) − v, ' +
    'bistable for a > 2. The field has a curl: there is no potential, and the barrier is the ' +
    'quasi-potential ΔΦ of Freidlin & Wentzell, the least action of a path from one state to the ' +
    'saddle (computed here by the geometric minimum action method, Heymann & Vanden-Eijnden 2008). ' +
    'Noise is one effective intensity D, dX = b dt + √(2D) dW (a simplification of the ' +
    'state-dependent noise of protein numbers).',
  references: [
    'T. S. Gardner, C. R. Cantor, J. J. Collins, Nature 403, 339 (2000)',
    'M. I. Freidlin, A. D. Wentzell, Random Perturbations of Dynamical Systems (Springer, 1984)',
    'M. Heymann, E. Vanden-Eijnden, Commun. Pure Appl. Math. 61, 1052 (2008)',
  ],
  parameters: [
    {
      name: 'a',
      symbol: 'a',
      kind: 'dimensionless',
      default: '3',
      unit: '',
      range: [2.2, 6],
      scale: 'linear',
      description: 'maximal production in units of K per lifetime (both genes)',
    },
    {
      name: 'D',
      symbol: 'D',
      kind: 'dimensionless',
      default: '0.025',
      unit: '',
      range: [0.01, 0.2],
      scale: 'log',
      description: 'effective noise intensity',
    },
    {
      name: 'life',
      symbol: '1/δ',
      kind: 'time',
      default: '1h',
      unit: 'h',
      range: [0.1, 48],
      scale: 'log',
      description: 'protein lifetime (time unit)',
    },
  ],
  reducedParameters: [],
  build,
  evaluate,
};
