import { KramersError } from '../core/index.js';
import { uniaxialRelaxation } from '../spectral/index.js';
import { constants, formatIn, formatTime } from '../units/index.js';
import { logCell, presetTable, timeFromLog } from './logged.js';
import { POSITIVE } from './resolve.js';
import type { Preset, PresetValues, ReducedProblem } from './types.js';

const { BOLTZMANN, ELECTRON_GYROMAGNETIC_RATIO } = constants;

/** σ = KV/k_BT and Brown's free diffusion time τ_N (s) at the values' temperature. */
export function neelBrownScales(v: PresetValues, temperature = v['T']!) {
  const d = v['d']!;
  const volume = (Math.PI * d * d * d) / 6;
  const kT = BOLTZMANN * temperature;
  const sigma = (v['K']! * volume) / kT;
  const alpha = v['alpha']!;
  // τ_N = M_s V (1 + α²)/(2 γ_e α k_BT) (Brown 1963, SI form: M_s V the moment in J/T).
  const tauN =
    (v['Ms']! * volume * (1 + alpha * alpha)) / (2 * ELECTRON_GYROMAGNETIC_RATIO * alpha * kT);
  return { volume, sigma, tauN };
}

/** Brown's high-barrier asymptote τ ≈ τ_N (√π/2) σ^{−3/2} e^{σ} (Brown 1963). */
export function brownAsymptote(sigma: number, tauN: number): number {
  return Math.exp(brownLogAsymptote(sigma, tauN));
}

/** ln of {@link brownAsymptote}: finite where e^{σ} overflows (σ past 709). */
function brownLogAsymptote(sigma: number, tauN: number): number {
  return Math.log(tauN * (Math.sqrt(Math.PI) / 2)) - 1.5 * Math.log(sigma) + sigma;
}

/**
 * The largest σ the exact eigenvalue takes (uniaxialRelaxation refuses past it: λ1τ_N ~ e^{−σ}
 * leaves double range). The temperature table reaches T/2, twice the σ of the report.
 */
const MAX_EXACT_SIGMA = 700;

/** Exact relaxation time τ = 1/λ1 (s) at temperature T. */
function exactTime(v: PresetValues, temperature: number) {
  const { sigma, tauN } = neelBrownScales(v, temperature);
  const eig = uniaxialRelaxation(sigma);
  return { tau: tauN / eig.value, sigma, tauN, relativeError: eig.relativeError };
}

/**
 * The blocking temperature: τ(T_B) = τ_m, by bisection on ln τ (τ falls monotonically with T).
 */
export function blockingTemperature(
  v: PresetValues,
  tauOf: (temperature: number) => number,
  bracket: readonly [number, number] = [1e-3, 1e5],
): number {
  const target = Math.log(v['tm']!);
  let [lo, hi] = bracket;
  if (!(Math.log(tauOf(hi)) < target && Math.log(tauOf(lo)) > target)) return Number.NaN;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
    const mid = Math.sqrt(lo * hi);
    if (Math.log(tauOf(mid)) > target) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

function build(v: PresetValues): ReducedProblem {
  const { sigma, tauN } = neelBrownScales(v);
  // The density in θ, W sin θ, obeys a Smoluchowski equation with constant diffusion 1/(2τ_N)
  // in the potential σ sin²θ − ln sin θ (in k_BT): the sphere's area element as an entropy.
  return {
    potential: 's*sin(x)^2 - log(sin(x))',
    parameters: { s: sigma },
    D: 1,
    gamma: 1,
    domain: { min: 1e-4, max: Math.PI - 1e-4 },
    units: {
      dynamics: 'overdamped',
      energy: BOLTZMANN * v['T']!,
      energyUnit: 'J',
      length: 1,
      lengthUnit: 'rad',
      time: 2 * tauN,
      description: 'energy k_BT, angle θ in rad, time unit 2τ_N (constant diffusion in θ)',
    },
    coordinate: 'polar angle θ of the moment from the easy axis (rad)',
  };
}

/** The blocking temperature by Brown's formula, then by the exact τ near it, and σ there. */
function blockingTemperatures(v: PresetValues) {
  const brownAt = (t: number) => {
    const s = neelBrownScales(v, t);
    return brownAsymptote(s.sigma, s.tauN);
  };
  const tBBrown = blockingTemperature(v, brownAt);
  // Brown's T_B is within a few per cent of the exact one: bisect the exact τ near it (Brown's
  // past σ = 700, where the eigenvalue leaves double range: only for τ_m beyond ~1e290 s).
  const exactOrBrown = (t: number) =>
    neelBrownScales(v, t).sigma <= MAX_EXACT_SIGMA ? exactTime(v, t).tau : brownAt(t);
  const tB = Number.isFinite(tBBrown)
    ? blockingTemperature(v, exactOrBrown, [tBBrown / 1.5, tBBrown * 1.5])
    : Number.NaN;
  const sigmaB = Number.isFinite(tB) ? neelBrownScales(v, tB).sigma : Number.NaN;
  return { tB, tBBrown, sigmaB };
}

/** τ_N, exact τ and Brown's τ (from logs) from T_B/2 to 2T_B (or around T without a T_B). */
function temperatureRows(v: PresetValues, tB: number) {
  const rows = [];
  const tLo = Number.isFinite(tB) ? tB / 2 : v['T']! / 2;
  const tHi = Math.max(2 * (Number.isFinite(tB) ? tB : v['T']!), v['T']!);
  for (let j = 0; j <= 8; j++) {
    const t = tLo * (tHi / tLo) ** (j / 8);
    const s = neelBrownScales(v, t);
    // Past σ = 700 the exact τ has no number (the cell prints —, the note says why).
    const exact = s.sigma <= MAX_EXACT_SIGMA ? Math.log(exactTime(v, t).tau) : Number.NaN;
    rows.push([t, s.sigma, s.tauN, logCell(exact), logCell(brownLogAsymptote(s.sigma, s.tauN))]);
  }
  return rows;
}

export const neelBrown: Preset = {
  name: 'neel-brown',
  title: 'Magnetic nanoparticle (Néel–Brown)',
  field: 'magnetism',
  summary: 'superparamagnetic relaxation time vs temperature and the blocking temperature',
  context:
    'A single-domain particle with uniaxial anisotropy K and volume V has two stable directions ' +
    'of its moment, separated by the barrier KV. Néel (1949) gave the Arrhenius law τ = τ0 e^{KV/k_BT}; ' +
    'Brown (1963) derived the Fokker-Planck equation for the moment from the Gilbert equation with ' +
    'thermal noise and found, for high barriers σ = KV/k_BT, τ ≈ τ_N (√π/2) σ^{−3/2} e^{σ}, with ' +
    'τ_N = M_sV(1+α²)/(2γα k_BT) the free diffusion time. Here τ = 1/λ1 comes exactly from the ' +
    'lowest eigenvalue of that axially symmetric equation, beside Brown’s asymptote; the blocking ' +
    'temperature is where τ equals the measurement time (KV ≈ 25 k_BT_B for τ_m = 100 s; Bean & ' +
    'Livingston 1959).',
  references: [
    'L. Néel, Ann. Géophys. 5, 99 (1949)',
    'W. F. Brown, Jr., Phys. Rev. 130, 1677 (1963)',
    'W. T. Coffey, D. S. F. Crothers, Yu. P. Kalmykov et al., Phys. Rev. E 49, 1869 (1994)',
    'C. P. Bean, J. D. Livingston, J. Appl. Phys. 30, S120 (1959)',
  ],
  parameters: [
    {
      name: 'K',
      symbol: 'K',
      kind: 'energyDensity',
      default: '1.35e4J/m^3',
      unit: 'J/m^3',
      range: [1e3, 1e6],
      domain: POSITIVE,
      scale: 'log',
      description: 'uniaxial anisotropy constant (magnetite-like default)',
    },
    {
      name: 'd',
      symbol: 'd',
      kind: 'length',
      default: '20nm',
      unit: 'nm',
      range: [3, 40],
      domain: POSITIVE,
      scale: 'linear',
      description: 'particle diameter (V = πd³/6)',
    },
    {
      name: 'T',
      symbol: 'T',
      kind: 'temperature',
      default: '300K',
      unit: 'K',
      range: [4, 400],
      domain: POSITIVE,
      scale: 'linear',
      description: 'temperature',
    },
    {
      name: 'Ms',
      symbol: 'M_s',
      kind: 'magnetization',
      default: '480kA/m',
      unit: 'kA/m',
      range: [50, 1500],
      domain: POSITIVE,
      scale: 'linear',
      description: 'saturation magnetisation',
    },
    {
      name: 'alpha',
      symbol: 'α',
      kind: 'dimensionless',
      default: '0.1',
      unit: '',
      range: [0.001, 1],
      domain: POSITIVE,
      scale: 'log',
      description: 'Gilbert damping',
    },
    {
      name: 'tm',
      symbol: 'τ_m',
      kind: 'time',
      default: '100s',
      unit: 's',
      range: [1e-8, 1e4],
      domain: POSITIVE,
      scale: 'log',
      description: 'measurement time (100 s for DC magnetometry, ~1e-8 s for Mössbauer)',
    },
  ],
  reducedParameters: [
    // V before sigma: sigma fixes T from the volume in force.
    {
      name: 'V',
      symbol: 'V',
      kind: 'volume',
      description: 'particle volume instead of the diameter; fixes d = (6V/π)^{1/3}',
      sets: 'd',
    },
    {
      name: 'sigma',
      symbol: 'σ',
      description: 'barrier in k_BT, σ = KV/k_BT; fixes the temperature T = KV/(k_B σ)',
      sets: 'T',
    },
  ],
  applyReduced(v, name, value) {
    if (!(value > 0)) {
      throw new KramersError('invalid_parameter', `${name} must be > 0; got ${value}`);
    }
    if (name === 'V') return { ...v, d: Math.cbrt((6 * value) / Math.PI) };
    const { volume } = neelBrownScales(v);
    return { ...v, T: (v['K']! * volume) / (BOLTZMANN * value) };
  },
  build,
  evaluate(v) {
    const here = exactTime(v, v['T']!);
    const brown = brownLogAsymptote(here.sigma, here.tauN);
    const { tB, tBBrown, sigmaB } = blockingTemperatures(v);
    const results = [
      {
        name: 'sigma',
        label: 'σ = KV/k_BT',
        value: here.sigma,
        unit: '',
        text: formatIn(here.sigma, ''),
      },
      {
        name: 'tauN',
        label: 'free diffusion time τ_N',
        value: here.tauN,
        unit: 's',
        text: formatTime(here.tauN),
      },
      {
        name: 'tau',
        label: 'relaxation time τ = 1/λ1 (exact)',
        value: here.tau,
        unit: 's',
        text: formatTime(here.tau),
        method: `lowest eigenvalue of Brown's Fokker-Planck equation, relative error ${here.relativeError.toExponential(1)}`,
      },
      timeFromLog(
        {
          name: 'tauBrown',
          label: 'Brown high-barrier τ ≈ τ_N (√π/2) σ^{−3/2} e^{σ}',
          method: `asymptotic (σ ≫ 1): ${formatIn(Math.expm1(brown - Math.log(here.tau)) * 100, '', 3)}% from exact`,
        },
        brown,
        's',
      ),
      {
        name: 'blockingTemperature',
        label: `blocking temperature T_B (τ = τ_m = ${formatTime(v['tm']!)})`,
        value: Number.isFinite(tB) ? tB : null,
        unit: 'K',
        text: Number.isFinite(tB) ? formatIn(tB, 'K') : 'none',
        method: Number.isFinite(tB)
          ? `exact τ; σ_B = KV/k_BT_B = ${formatIn(sigmaB, '')}; Brown's formula gives ${formatIn(tBBrown, 'K')}`
          : 'τ does not cross τ_m (see warnings)',
      },
    ];
    const rows = temperatureRows(v, tB);
    const warnings =
      here.sigma < 2
        ? [`σ = ${formatIn(here.sigma, '')} < 2: Brown's asymptote does not hold; use the exact τ`]
        : [];
    if (!Number.isFinite(tB)) {
      warnings.push(
        `no blocking temperature between 1 mK and 1e5 K for τ_m = ${formatTime(v['tm']!)}: τ never crosses τ_m there (τ_m below the free diffusion time τ_N, or beyond any τ reached)`,
      );
    }
    return {
      // uniaxialRelaxation has no convergence test to fail: its error estimate is printed instead.
      retcode: 'success',
      results,
      tables: [
        presetTable(
          'Relaxation time vs temperature',
          ['T (K)', 'σ', 'τ_N (s)', 'τ exact (s)', 'τ Brown (s)'],
          rows,
        ),
      ],
      notes: [
        ...(rows.some((r) => (r[1] as number) > MAX_EXACT_SIGMA)
          ? [
              `The exact τ is not computed past σ = ${MAX_EXACT_SIGMA} (—): the eigenvalue λ1τ_N ~ e^{−σ} leaves double range; Brown's asymptote, within ~1/σ of it there, is printed from its logarithm.`,
            ]
          : []),
        "Brown's asymptote errs by about 1/σ (it is the leading term of a series in 1/σ): ~10% at σ = 10, ~2% at σ = 50.",
      ],
      warnings,
    };
  },
};
