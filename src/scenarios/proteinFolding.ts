import { dhsLogRate } from '../drive/index.js';
import { SINK_DEPTH } from '../landscape/index.js';
import { constants, formatIn, overdampedUnits } from '../units/index.js';
import { type EscapeNumbers, escapeOutcome, lowBarrierRows, reducedEscape } from './escape.js';
import { logCell, presetTable, relativeErrorText, resultFromLog, timeFromLog } from './logged.js';
import { NON_NEGATIVE, POSITIVE } from './resolve.js';
import type { Preset, PresetOutcome, PresetResult, PresetValues, ReducedProblem } from './types.js';

const { BOLTZMANN } = constants;

const WATER = 1e-3; // Pa s: the viscosity at which the diffusion coefficient Dx is given

/** Friction along the coordinate: γ(η) = (k_BT/Dx)(η + σ)/(η_w + σ) (Ansari et al. 1992). */
export function proteinFriction(v: PresetValues, eta = v['eta']!): number {
  const kT = BOLTZMANN * v['T']!;
  return (kT / v['Dx']!) * ((eta + v['sig']!) / (WATER + v['sig']!));
}

/**
 * ln k0, the zero-force overdamped Kramers rate (1/s) of the linear-cubic surface: U″ = ±6ΔG‡/x‡²
 * at the well (−x‡/2) and the barrier (+x‡/2), so k0 = (6ΔG‡/x‡²)/(2πγ) e^{−ΔG‡/k_BT} (Kramers
 * 1940). In logs: a barrier of hundreds of k_BT must not underflow k0 to 0.
 */
function logZeroForceRate(v: PresetValues): number {
  const curvature = (6 * v['dG']!) / (v['xb']! * v['xb']!);
  return (
    Math.log(curvature / (2 * Math.PI * proteinFriction(v))) - v['dG']! / (BOLTZMANN * v['T']!)
  );
}

/**
 * The force-spectroscopy rate k(F) (1/s) of drive/'s Dudko–Hummer–Szabo formula (PRL 96, 108101,
 * 2006; docs/conventions.md §6) with k0 the surface's own zero-force rate: ν = 2/3 is the exact
 * Kramers rate of the linear-cubic surface, ν = 1 Bell's k0 e^{Fx‡/k_BT} (1978). Defined below
 * the critical force ΔG‡/(νx‡) only, where the reduced problem still has a well.
 */
function logForceRate(v: PresetValues, force: number, nu: number): number {
  // dhsLogRate returns ln k0 + (its force terms): with k0 = 1 those terms alone.
  const bond = { deltaG: v['dG']!, xb: v['xb']!, k0: 1, D: BOLTZMANN * v['T']! };
  return logZeroForceRate(v) + dhsLogRate(bond, nu, force);
}

function build(v: PresetValues): ReducedProblem {
  const kT = BOLTZMANN * v['T']!;
  const units = overdampedUnits({ energy: kT, length: v['xb']!, friction: proteinFriction(v) });
  return {
    // Linear-cubic free energy (Dudko, Hummer & Szabo 2006): well at −1/2, barrier ΔG‡ at +1/2.
    potential: 'b*(1.5*x - 2*x^3) - f*x',
    parameters: { b: v['dG']! / kT, f: (v['F']! * v['xb']!) / kT },
    D: 1,
    gamma: 1,
    from: 0,
    to: '+inf',
    units,
    coordinate: 'extension along the pulling direction in units of x‡',
  };
}

/** The exact rate's method text: its accuracy, or why it has no number. */
function exactMethod(exact: EscapeNumbers): string {
  return Number.isNaN(exact.logExact)
    ? `1/MFPT: ${exact.retcode.replace('_', ' ')} (see warnings)`
    : `1/MFPT to a sink ${SINK_DEPTH} k_BT below the barrier top, relative error ${relativeErrorText(exact.exactRelativeError)}`;
}

function results(v: PresetValues, exact: EscapeNumbers, logTimeUnit: number): PresetResult[] {
  const logRate = exact.logExact - logTimeUnit;
  return [
    resultFromLog(
      { name: 'rate', label: 'unfolding rate k (exact)', method: exactMethod(exact) },
      logRate,
      '1/s',
    ),
    timeFromLog({ name: 'lifetime', label: 'folded lifetime 1/k' }, -logRate, 's'),
    resultFromLog(
      {
        name: 'dhs',
        label: 'Dudko–Hummer–Szabo ν = 2/3',
        method: 'Kramers on the linear-cubic surface',
      },
      logForceRate(v, v['F']!, 2 / 3),
      '1/s',
    ),
    resultFromLog(
      { name: 'bell', label: 'Bell k0 e^{Fx‡/k_BT}' },
      logForceRate(v, v['F']!, 1),
      '1/s',
    ),
    {
      name: 'criticalForce',
      label: 'force where the barrier vanishes, 3ΔG‡/2x‡',
      value: ((1.5 * v['dG']!) / v['xb']!) * 1e12,
      unit: 'pN',
      text: formatIn((1.5 * v['dG']!) / v['xb']!, 'pN'),
    },
  ];
}

/** Exact, DHS and Bell rates at forces up to 0.6 of the critical one, from logs. */
function forceTable(v: PresetValues, problem: ReducedProblem, escapes: EscapeNumbers[]) {
  const kT = BOLTZMANN * v['T']!;
  const fMax = (1.5 * v['dG']!) / v['xb']!;
  const rows = [];
  for (let j = 0; j <= 6; j++) {
    const force = (fMax * 0.6 * j) / 6;
    const e = reducedEscape(problem, { ...problem.parameters, f: (force * v['xb']!) / kT });
    escapes.push(e);
    rows.push([
      force * 1e12,
      e.deltaU, // in k_BT: the reduced problem's D is 1
      logCell(e.logExact - Math.log(problem.units.time)),
      logCell(logForceRate(v, force, 2 / 3)),
      logCell(logForceRate(v, force, 1)),
    ]);
  }
  return presetTable(
    'Rate vs force',
    ['F (pN)', 'ΔU/k_BT', 'exact (1/s)', 'DHS ν=2/3 (1/s)', 'Bell (1/s)'],
    rows,
  );
}

/** The force table's rows whose barrier is too low for DHS and Bell (its `escapes` after the first). */
function forceWarnings(v: PresetValues, escapes: readonly EscapeNumbers[]): string[] {
  const fMax = (1.5 * v['dG']!) / v['xb']!;
  const rows = escapes.map((e, j) => ({
    row: `F = ${formatIn((fMax * 0.6 * j) / 6, 'pN', 3)}`,
    deltaU: e.deltaU,
    D: 1,
  }));
  return lowBarrierRows('Rate vs force', rows, 'the DHS and Bell columns are', 'ΔU/k_BT');
}

/** The exact rate scaled to other viscosities (k ∝ 1/(η + σ)), from its log. */
function viscosityTable(v: PresetValues, logRate: number) {
  const rows = [0.5e-3, 1e-3, 2e-3, 5e-3, 10e-3, 20e-3].map((eta) => {
    const logK = logRate + Math.log(proteinFriction(v) / proteinFriction(v, eta));
    return [eta * 1e3, logCell(logK), logCell(logK + Math.log((eta + v['sig']!) / 1e-3))];
  });
  return presetTable(
    'Rate vs viscosity (k ∝ 1/(η + σ))',
    ['η (mPa*s)', 'k (1/s)', 'k·(η+σ)/1mPa*s (1/s)'],
    rows,
  );
}

function evaluate(v: PresetValues): PresetOutcome {
  const problem = build(v);
  const exact = reducedEscape(problem);
  const logTimeUnit = Math.log(problem.units.time);
  const escapes: EscapeNumbers[] = [exact];
  const tables = [forceTable(v, problem, escapes), viscosityTable(v, exact.logExact - logTimeUnit)];
  const outcome = escapeOutcome(escapes);
  return {
    retcode: outcome.retcode,
    results: results(v, exact, logTimeUnit),
    tables,
    notes: [
      `The exact rate is 1/MFPT from the folded well to an absorbing point ${SINK_DEPTH} k_BT below the barrier top on the far side (the exact route's escape to +inf, as \`kramers rate\` computes it), and its relative error is that of this number. It exceeds 1/MFPT to x = +∞ by the time to slide on from that point, which is negligible at high barriers and grows as the force lowers the barrier (a fraction of a per cent at ΔU/k_BT ≈ 2.5).`,
      'Forces are constant here; for force ramps and rupture-force distributions see the pulling command when it lands.',
    ],
    warnings: [
      ...(exact.deltaU < 5
        ? [
            `ΔU/k_BT = ${formatIn(exact.deltaU, '')} < 5 at this force: the formulas are unreliable; the exact rate stands`,
          ]
        : []),
      ...forceWarnings(v, escapes.slice(1)),
      ...outcome.warnings,
    ],
  };
}

export const proteinFolding: Preset = {
  name: 'protein',
  title: 'Protein unfolding under viscosity and force',
  field: 'biophysics',
  summary:
    'k ∝ 1/(η + σ) with internal friction σ; force-dependent rates (Bell, Dudko–Hummer–Szabo)',
  context:
    'Folding and unfolding are diffusive barrier crossings on a free-energy surface: the rate ' +
    'follows Kramers’ high-friction law k ∝ 1/η when the solvent viscosity is raised ' +
    '(Kramers 1940), with an offset σ for friction internal to the chain, k ∝ 1/(η + σ) ' +
    '(Ansari et al. 1992). A force F pulling the ends tilts the surface: Bell (1978) gives ' +
    'k0 e^{Fx‡/k_BT}; for a linear-cubic surface the Kramers rate is exactly the ' +
    'Dudko–Hummer–Szabo formula with ν = 2/3 (2006), whose barrier vanishes at F = 3ΔG‡/2x‡. ' +
    'The rate here is the exact overdamped one (mean first-passage time) beside those formulas.',
  references: [
    'H. A. Kramers, Physica 7, 284 (1940)',
    'A. Ansari et al., Science 256, 1796 (1992)',
    'G. I. Bell, Science 200, 618 (1978)',
    'O. K. Dudko, G. Hummer, A. Szabo, Phys. Rev. Lett. 96, 108101 (2006)',
  ],
  parameters: [
    {
      name: 'dG',
      symbol: 'ΔG‡',
      kind: 'energy',
      default: '10kT',
      unit: 'kT',
      range: [3, 40],
      domain: POSITIVE,
      scale: 'linear',
      description: 'unfolding barrier at zero force',
    },
    {
      name: 'T',
      symbol: 'T',
      kind: 'temperature',
      default: '298.15K',
      unit: 'K',
      range: [270, 340],
      domain: POSITIVE,
      scale: 'linear',
      description: 'temperature',
    },
    {
      name: 'xb',
      symbol: 'x‡',
      kind: 'length',
      default: '1nm',
      unit: 'nm',
      range: [0.1, 5],
      domain: POSITIVE,
      scale: 'log',
      description: 'distance from the folded well to the barrier',
    },
    {
      name: 'F',
      symbol: 'F',
      kind: 'force',
      default: '0pN',
      unit: 'pN',
      range: [0, 50],
      domain: NON_NEGATIVE,
      scale: 'linear',
      description: 'pulling force',
    },
    {
      name: 'eta',
      symbol: 'η',
      kind: 'viscosity',
      default: '1mPa*s',
      unit: 'mPa*s',
      range: [0.5, 20],
      domain: POSITIVE,
      scale: 'log',
      description: 'solvent viscosity',
    },
    {
      name: 'sig',
      symbol: 'σ',
      kind: 'viscosity',
      default: '0.5mPa*s',
      unit: 'mPa*s',
      range: [0, 5],
      domain: NON_NEGATIVE,
      scale: 'linear',
      description: 'internal friction, in viscosity units',
    },
    {
      name: 'Dx',
      symbol: 'D_x',
      kind: 'diffusion',
      default: '1e5nm^2/s',
      unit: 'nm^2/s',
      range: [1e3, 1e8],
      domain: POSITIVE,
      scale: 'log',
      description: 'diffusion coefficient along x in water (η = 1 mPa·s)',
    },
  ],
  reducedParameters: [],
  build,
  evaluate,
};
