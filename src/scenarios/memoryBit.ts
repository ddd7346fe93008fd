import { KramersError } from '../core/index.js';
import { constants, formatIn, formatTime } from '../units/index.js';
import { escapeOutcome, reducedEscape } from './escape.js';
import type { Preset, PresetValues, ReducedProblem } from './types.js';

const { BOLTZMANN } = constants;

/** Thermal stability Δ = ΔU/k_BT and the Néel–Arrhenius flip rate f0 e^{−Δ} (1/s). */
export function bitFlip(v: PresetValues, temperature = v['T']!) {
  const stability = v['dU']! / (BOLTZMANN * temperature);
  const rate = v['f0']! * Math.exp(-stability);
  return { stability, rate };
}

function build(v: PresetValues): ReducedProblem {
  const { stability } = bitFlip(v);
  // U = Δ(x⁴ − 2x²) in k_BT: wells at ±1, barrier Δ, √(U″_a|U″_s|) = √32 Δ. The time unit makes
  // the overdamped Kramers prefactor √32Δ/2π equal to the attempt frequency f0.
  return {
    potential: 'b*(x^4 - 2*x^2)',
    parameters: { b: stability },
    D: 1,
    gamma: 1,
    from: 0,
    to: 1,
    units: {
      dynamics: 'overdamped',
      energyUnit: 'J',
      energy: BOLTZMANN * v['T']!,
      length: 1,
      lengthUnit: '1',
      time: (Math.sqrt(32) * stability) / (2 * Math.PI * v['f0']!),
      description:
        'energy k_BT, state x = ±1, time unit chosen so that the Kramers prefactor is f0',
    },
    coordinate: 'state variable (−1 = bit 0, +1 = bit 1)',
  };
}

export const memoryBit: Preset = {
  name: 'memory-bit',
  title: 'Memory bit: thermal bit flips',
  field: 'information storage',
  summary: 'bit-flip rate and retention vs barrier and temperature; the seed’s noise doubling',
  context:
    'A bit stored in one of two wells (a magnetic tunnel junction, a nanomagnet, a charge trap) ' +
    'flips at the Néel–Arrhenius rate f0 e^{−Δ}, Δ = ΔU/k_BT the thermal stability factor and f0 ' +
    '≈ 1 GHz the attempt frequency. Retention for a time t needs Δ ≳ ln(f0 t): about 40 for ten ' +
    'years, the design rule of spin-transfer-torque MRAM. The exponential is the whole story: ' +
    'doubling the noise (the temperature) at Δ = 20 multiplies the flip rate by e^{10} ≈ 22026 ' +
    '(the seed’s example). The reduced problem is a symmetric quartic double well whose time unit ' +
    'makes its Kramers prefactor equal to f0; its exact rate shows the finite-barrier correction.',
  references: [
    'L. Néel, Ann. Géophys. 5, 99 (1949)',
    'A. V. Khvalkovskiy et al., J. Phys. D 46, 074001 (2013)',
    'seed: the noise-doubling example, ΔU = 20 D0 ⇒ ×e^10',
  ],
  parameters: [
    {
      name: 'dU',
      symbol: 'ΔU',
      kind: 'energy',
      default: '1eV',
      unit: 'eV',
      range: [0.1, 3],
      scale: 'linear',
      description: 'barrier between the two states',
    },
    {
      name: 'T',
      symbol: 'T',
      kind: 'temperature',
      default: '300K',
      unit: 'K',
      range: [200, 500],
      scale: 'linear',
      description: 'temperature',
    },
    {
      name: 'f0',
      symbol: 'f0',
      kind: 'rate',
      default: '1GHz',
      unit: 'GHz',
      range: [0.01, 100],
      scale: 'log',
      description: 'attempt frequency',
    },
    {
      name: 'tret',
      symbol: 't_ret',
      kind: 'time',
      default: '10yr',
      unit: 'yr',
      range: [1e-3, 100],
      scale: 'log',
      description: 'required retention time',
    },
  ],
  reducedParameters: [
    {
      name: 'Delta',
      symbol: 'Δ',
      description: 'thermal stability Δ = ΔU/k_BT; fixes ΔU = Δ·k_BT',
      sets: 'dU',
    },
  ],
  applyReduced(v, name, value) {
    if (name !== 'Delta' || !(value > 0)) {
      throw new KramersError('invalid_parameter', `Delta must be > 0; got ${value}`);
    }
    return { ...v, dU: value * BOLTZMANN * v['T']! };
  },
  build,
  evaluate(v) {
    const { stability, rate } = bitFlip(v);
    const problem = build(v);
    const exact = reducedEscape(problem);
    const exactRate = exact.exact / problem.units.time;
    const failure = -Math.expm1(-rate * v['tret']!);
    const needed = Math.log(v['f0']! * v['tret']!);
    const doubling = Math.exp(stability / 2);
    const results = [
      {
        name: 'Delta',
        label: 'thermal stability Δ = ΔU/k_BT',
        value: stability,
        unit: '',
        text: formatIn(stability, ''),
      },
      {
        name: 'rate',
        label: 'flip rate f0 e^{−Δ}',
        value: rate,
        unit: '1/s',
        text: formatIn(rate, '1/s'),
        method: 'Néel–Arrhenius',
      },
      {
        name: 'flipTime',
        label: 'mean time to a flip',
        value: 1 / rate,
        unit: 's',
        text: formatTime(1 / rate),
      },
      {
        name: 'failure',
        label: `probability of a flip within t_ret = ${formatTime(v['tret']!)}`,
        value: failure,
        unit: '',
        text: formatIn(failure, ''),
      },
      {
        name: 'DeltaNeeded',
        label: 'Δ for a mean flip time t_ret: ln(f0·t_ret)',
        value: needed,
        unit: '',
        text: formatIn(needed, ''),
      },
      {
        name: 'noiseDoubling',
        label: 'rate factor when T doubles: e^{Δ/2}',
        value: doubling,
        unit: '',
        text: formatIn(doubling, '', 10),
      },
      {
        name: 'exact',
        label: 'exact rate of the double-well model',
        value: exactRate,
        unit: '1/s',
        text: formatIn(exactRate, '1/s'),
        method: `1/MFPT well to well; ${formatIn((exactRate / rate - 1) * 100, '', 3)}% from f0 e^{−Δ} (finite-barrier correction)`,
      },
    ];
    const rows: number[][] = [];
    for (let t = 250; t <= 450; t += 25) {
      const b = bitFlip(v, t);
      rows.push([
        t,
        b.stability,
        b.rate,
        1 / b.rate / (365.25 * 86400),
        -Math.expm1(-b.rate * v['tret']!),
      ]);
    }
    const outcome = escapeOutcome([exact]);
    return {
      retcode: outcome.retcode,
      results,
      tables: [
        {
          title: 'Flip rate vs temperature',
          columns: ['T (K)', 'Δ', 'rate (1/s)', 'mean flip time (yr)', 'P(flip in t_ret)'],
          rows,
        },
      ],
      notes: [],
      warnings: [
        ...(stability < 5
          ? [
              `Δ = ${formatIn(stability, '')} < 5: the two states are not stable; rates are only indicative`,
            ]
          : []),
        ...outcome.warnings,
      ],
    };
  },
};
