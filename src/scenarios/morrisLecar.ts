import { KramersError } from '../core/index.js';
import { type DriftLandscape, type DriftSpec, driftLandscape } from './driftEscape.js';
import { type DriftPresetTerms, evaluateDriftPreset, reducedDriftProblem } from './driftPreset.js';
import { ANY_FINITE, POSITIVE } from './resolve.js';
import type { Preset, PresetValues, ReducedProblem } from './types.js';

/**
 * Morris & Lecar's (1981) membrane in reduced coordinates x = V/(10 mV), y = w/0.01, time in ms,
 * with the type I parameters of Rinzel & Ermentrout (1989): g_Ca = 4, g_K = 8, g_L = 2 mS/cm²,
 * V_Ca = 120, V_K = −84, V_L = −60 mV, V1 = −1.2, V2 = 18, V3 = 12, V4 = 17.4 mV, φ = 1/15,
 * C = 20 µF/cm²: 10 dx/dt = dV/dt = [I − g_L(V − V_L) − g_Ca m∞(V)(V − V_Ca) − g_K w(V − V_K)]/C,
 * dy/dt = 100 dw/dt = 100 φ (w∞(V) − w) cosh((V − V3)/(2V4)).
 */
const DRIFT =
  '(I - 2*(10*x + 60) - 2*(1 + tanh((10*x + 1.2)/18))*(10*x - 120) - 0.08*y*(10*x + 84))/200, ' +
  '(100/15)*(0.5*(1 + tanh((10*x - 12)/17.4)) - y/100)*cosh((10*x - 12)/34.8)';
/**
 * The current (µA/cm²) where rest and threshold meet in a saddle-node on the invariant circle:
 * the maximum of the steady-state I–V curve on its lower branch, at V = −29.39 mV (Newton on
 * dI/dV = 0; test/fixtures/morris_lecar_mfpt.py's model). Above it the neuron fires repetitively.
 */
export const MORRIS_LECAR_ONSET = 39.963;
/** Firing: V past −10 mV, on the upstroke well beyond the threshold saddle (V ≈ −22 mV at I = 35). */
const FIRED = 'x >= -1';
/** Walkers and their step (ms): dt·|Jacobian| ≤ 0.022 over the box (the stiffest rate 0.44/ms, at x = 0). */
const WALKERS = 48;
const DT = 0.05;

function specOf(v: PresetValues): DriftSpec {
  const I = v['I']!;
  if (!(I < MORRIS_LECAR_ONSET)) {
    throw new KramersError(
      'invalid_parameter',
      `I = ${I} µA/cm²: at and above ${MORRIS_LECAR_ONSET} the rest state and the threshold have merged (saddle-node on the invariant circle) and the neuron fires repetitively; there is no rest state to escape from`,
      {
        issues: [{ path: 'I', message: `expected I < ${MORRIS_LECAR_ONSET}` }],
        hint: 'give I between 30 and 39.5',
      },
    );
  }
  return {
    drift: DRIFT,
    coordinates: ['x', 'y'],
    parameters: { I },
    D: v['D']!,
    // From −50 mV (below rest at every I of the range) to the firing line; w from −0.005 to
    // 0.05. The walls reflect; moving them out (to −60 mV, −0.02, 0.08) changes the exact MFPT
    // by 1e-6 relative at the defaults, below its error.
    domain: [
      { min: -5, max: 0 },
      { min: -0.5, max: 5 },
    ],
    from: 0,
    toRegion: FIRED,
  };
}

/** The reduced problem, with the walkers' settings sized from gMAM's escape scale. */
function reducedOf(v: PresetValues, l: DriftLandscape): ReducedProblem {
  return reducedDriftProblem(specOf(v), l, {
    dt: DT,
    walkers: WALKERS,
    time: 1e-3,
    description: 'x = V/(10 mV), y = w/0.01 (open K⁺ fraction in %), time in ms',
    coordinate: 'membrane potential x = V/(10 mV) and K⁺ activation y = w/0.01',
  });
}

function build(v: PresetValues): ReducedProblem {
  return reducedOf(v, driftLandscape(specOf(v)));
}

const TERMS: DriftPresetTerms = {
  stem: 'firing',
  event: 'firing',
  unit: 's',
  secondsPerTime: 1e-3,
  timeWords: 'ms',
  statesLabel: 'rest state and threshold saddle (x = V/10 mV, y = w/0.01)',
  reached: 'fired: V past −10 mV',
  notes: [
    'The Morris–Lecar membrane is not a gradient system: the threshold is a saddle of a two-variable field with a curl, and the barrier to the first spike is the Freidlin–Wentzell quasi-potential ΔΦ (geometric minimum action method); spontaneous firing goes as e^{−ΔΦ/D}.',
  ],
};

/** Spontaneous firing of the resting neuron: quasi-potential, exact mean time, walkers. */
function evaluate(v: PresetValues) {
  const l = driftLandscape(specOf(v));
  return evaluateDriftPreset(v, l, reducedOf(v, l), TERMS);
}

export const morrisLecar: Preset = {
  name: 'morris-lecar',
  title: 'Noisy Morris–Lecar neuron below its firing onset (type I)',
  field: 'neuroscience',
  summary:
    'spontaneous firing of a resting two-variable neuron: escape from rest over the threshold saddle',
  context:
    'Below its onset current the Morris–Lecar neuron (Morris & Lecar 1981) with the type I ' +
    'parameters of Rinzel & Ermentrout (1989) has a stable rest state and, a few millivolts above ' +
    'it, a saddle: the firing threshold. At I = 39.96 µA/cm² the two meet on the invariant circle ' +
    'and the neuron starts to fire periodically. Below it, noise makes it fire at random: the ' +
    'first spike is an escape from rest over the saddle. The field (V, w) has a curl, so the ' +
    'barrier is the quasi-potential ΔΦ, not a potential difference. Noise here is one intensity D ' +
    'in x = V/(10 mV) and y = w/0.01: membrane-current noise of intensity 100·D mV²/ms and a weaker ' +
    'gating noise on w (10⁻⁴·D per ms), which keeps the problem non-degenerate; D = 0.004 gives ' +
    'resting fluctuations of V of about 2.8 mV (standard deviation).',
  references: [
    'C. Morris, H. Lecar, Biophys. J. 35, 193 (1981)',
    'J. Rinzel, G. B. Ermentrout, in Methods in Neuronal Modeling, eds. Koch & Segev (MIT Press, 1989)',
    'M. Heymann, E. Vanden-Eijnden, Commun. Pure Appl. Math. 61, 1052 (2008)',
  ],
  parameters: [
    {
      name: 'I',
      symbol: 'I',
      kind: 'dimensionless',
      default: '35',
      unit: '',
      range: [30, 39.5],
      domain: ANY_FINITE,
      scale: 'linear',
      description: 'applied current density in µA/cm² (onset of firing at 39.96)',
    },
    {
      name: 'D',
      symbol: 'D',
      kind: 'dimensionless',
      default: '0.004',
      unit: '',
      range: [0.002, 0.02],
      domain: POSITIVE,
      scale: 'log',
      description: 'noise intensity in (10 mV)²/ms, the same in y = w/0.01',
    },
  ],
  reducedParameters: [],
  build,
  evaluate,
};
