import { KramersError } from '../core/index.js';
import { type DriftLandscape, type DriftSpec, driftLandscape } from './driftEscape.js';
import { type DriftPresetTerms, evaluateDriftPreset, reducedDriftProblem } from './driftPreset.js';
import { POSITIVE } from './resolve.js';
import type { Preset, PresetValues, ReducedProblem } from './types.js';

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
  return reducedDriftProblem(specOf(v), l, {
    dt: DT,
    walkers: WALKERS,
    time: v['life']!,
    description: 'u, v in units of the repression threshold K, time unit the protein lifetime',
    coordinate: 'the two repressors’ concentrations u, v in units of K',
  });
}

function build(v: PresetValues): ReducedProblem {
  return reducedOf(v, driftLandscape(specOf(v)));
}

/** The toggle's words for the drift presets' three columns: it switches, in hours. */
function termsOf(v: PresetValues): DriftPresetTerms {
  return {
    stem: 'switching',
    event: 'switching',
    unit: 'h',
    secondsPerTime: v['life']!,
    timeWords: 'lifetime',
    statesLabel: 'stable states and saddle (u, v)',
    reached: 'switched',
    notes: [
      'The toggle is not a gradient system: its barrier is the Freidlin–Wentzell quasi-potential ΔΦ, found by the geometric minimum action method; rates go as e^{−ΔΦ/D}.',
    ],
  };
}

/**
 * The switching of the toggle: the quasi-potential and its e^{−ΔΦ/D} scale, the exact mean
 * switching time, and walkers of `kramers simulate --drift` where they fit the step budget.
 */
function evaluate(v: PresetValues) {
  const l = driftLandscape(specOf(v));
  return evaluateDriftPreset(v, l, reducedOf(v, l), termsOf(v));
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
      domain: POSITIVE,
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
      domain: POSITIVE,
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
      domain: POSITIVE,
      scale: 'log',
      description: 'protein lifetime (time unit)',
    },
  ],
  reducedParameters: [],
  build,
  evaluate,
};
