import { KramersError } from '../core/index.js';
import { constants, formatIn, formatTime } from '../units/index.js';
import { type EscapeNumbers, escapeOutcome, reducedEscape } from './escape.js';
import { logCell, presetTable, relativeErrorText, resultFromLog, timeFromLog } from './logged.js';
import { POSITIVE } from './resolve.js';
import type { Preset, PresetOutcome, PresetResult, PresetValues, ReducedProblem } from './types.js';

const { BOLTZMANN } = constants;

/**
 * Thermal stability Δ = ΔU/k_BT and the Néel–Arrhenius flip rate f0 e^{−Δ} (1/s), with its log
 * ln f0 − Δ (the rate itself underflows past Δ ≈ 745).
 */
export function bitFlip(v: PresetValues, temperature = v['T']!) {
  const stability = v['dU']! / (BOLTZMANN * temperature);
  const logRate = Math.log(v['f0']!) - stability;
  return { stability, rate: Math.exp(logRate), logRate };
}

/** ln of the probability 1 − e^{−kt} of a flip within t, from ln k (≈ ln k + ln t when kt ≪ 1). */
function logFailure(logRate: number, t: number): number {
  const logKt = logRate + Math.log(t);
  // −expm1(−kt) is accurate to kt ~ 1e-308; below that the first order is exact to the last digit.
  return logKt < -700 ? logKt : Math.log(-Math.expm1(-Math.exp(logKt)));
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

/** The exact double-well rate (1/s) and its distance from f0 e^{−Δ}, both from logs. */
function exactResult(exact: EscapeNumbers, logTimeUnit: number, logRate: number): PresetResult {
  const logExact = exact.logExact - logTimeUnit;
  const correction = formatIn(Math.expm1(logExact - logRate) * 100, '', 3);
  return resultFromLog(
    {
      name: 'exact',
      label: 'exact rate of the double-well model',
      method: Number.isNaN(logExact)
        ? `1/MFPT well to well: ${exact.retcode.replace('_', ' ')} (see warnings)`
        : `1/MFPT well to well, relative error ${relativeErrorText(exact.exactRelativeError)}; ${correction}% from f0 e^{−Δ} (finite-barrier correction)`,
    },
    logExact,
    '1/s',
  );
}

function results(v: PresetValues, exact: EscapeNumbers, logTimeUnit: number): PresetResult[] {
  const { stability, logRate } = bitFlip(v);
  const needed = Math.log(v['f0']! * v['tret']!);
  const logFail = logFailure(logRate, v['tret']!);
  return [
    {
      name: 'Delta',
      label: 'thermal stability Δ = ΔU/k_BT',
      value: stability,
      unit: '',
      text: formatIn(stability, ''),
    },
    resultFromLog(
      { name: 'rate', label: 'flip rate f0 e^{−Δ}', method: 'Néel–Arrhenius' },
      logRate,
      '1/s',
    ),
    timeFromLog({ name: 'flipTime', label: 'mean time to a flip' }, -logRate, 's'),
    resultFromLog(
      { name: 'failure', label: `probability of a flip within t_ret = ${formatTime(v['tret']!)}` },
      logFail,
      '',
    ),
    {
      name: 'DeltaNeeded',
      label: 'Δ for a mean flip time t_ret: ln(f0·t_ret)',
      value: needed,
      unit: '',
      text: formatIn(needed, ''),
    },
    resultFromLog(
      { name: 'noiseDoubling', label: 'rate factor when T doubles: e^{Δ/2}' },
      stability / 2,
      '',
      10,
    ),
    exactResult(exact, logTimeUnit, logRate),
  ];
}

/** Flip rate, mean flip time (yr) and failure probability vs temperature, from logs. */
function temperatureTable(v: PresetValues) {
  const logYear = Math.log(365.25 * 86400);
  const rows = [];
  for (let t = 250; t <= 450; t += 25) {
    const b = bitFlip(v, t);
    rows.push([
      t,
      b.stability,
      logCell(b.logRate),
      logCell(-b.logRate - logYear),
      logCell(logFailure(b.logRate, v['tret']!)),
    ]);
  }
  return presetTable(
    'Flip rate vs temperature',
    ['T (K)', 'Δ', 'rate (1/s)', 'mean flip time (yr)', 'P(flip in t_ret)'],
    rows,
  );
}

function evaluate(v: PresetValues): PresetOutcome {
  const { stability } = bitFlip(v);
  const problem = build(v);
  const exact = reducedEscape(problem);
  const outcome = escapeOutcome([exact]);
  return {
    retcode: outcome.retcode,
    results: results(v, exact, Math.log(problem.units.time)),
    tables: [temperatureTable(v)],
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
      domain: POSITIVE,
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
      domain: POSITIVE,
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
      domain: POSITIVE,
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
      domain: POSITIVE,
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
  evaluate,
};
