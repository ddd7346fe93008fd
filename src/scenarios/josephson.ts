import { KramersError } from '../core/index.js';
import { cubicTunnellingRate, depopulationFactor } from '../rates/index.js';
import { constants, formatIn } from '../units/index.js';
import { logCell, presetTable, resultFromLog, timeFromLog } from './logged.js';
import { NON_NEGATIVE, POSITIVE } from './resolve.js';
import type { Preset, PresetOutcome, PresetResult, PresetValues, ReducedProblem } from './types.js';

const { BOLTZMANN, ELEMENTARY_CHARGE, HBAR } = constants;

/** Josephson energy E_J = ħI_c/2e (J), plasma frequency ω_p0 = √(2eI_c/ħC) (rad/s), Q0 = ω_p0RC. */
export function junctionScales(v: PresetValues) {
  const energy = (HBAR * v['Ic']!) / (2 * ELEMENTARY_CHARGE);
  const omega0 = Math.sqrt((2 * ELEMENTARY_CHARGE * v['Ic']!) / (HBAR * v['C']!));
  return { energy, omega0, quality: omega0 * v['R']! * v['C']! };
}

/** Barrier of the tilted washboard in units of E_J: 2[√(1−i²) − i arccos i] (docs/conventions.md §6). */
export function washboardBarrier(i: number): number {
  if (i >= 1) return 0;
  return 2 * (Math.sqrt(1 - i * i) - i * Math.acos(i));
}

/**
 * The Kramers moderate-to-strong damping factor a_t = √(1 + 1/4Q²) − 1/2Q (Kramers 1940), written
 * as 1/(√(1 + 1/4Q²) + 1/2Q): the difference of two nearly equal terms loses every digit as Q → 0
 * (Q = 1e-8 kept only 7.45e-9 of a_t ≈ Q, and a negative a_t gave NaN), the sum loses none.
 * a_t → Q (the overdamped limit) as Q → 0 and → 1 (TST) as Q → ∞; 0 for Q ≤ 0.
 */
export function dampingFactor(q: number): number {
  if (!(q > 0)) return 0;
  const half = 1 / (2 * q);
  // hypot: 1/2Q squared overflows below Q ≈ 1e-154, where a_t is still Q.
  return 1 / (Math.hypot(1, half) + half);
}

/**
 * Thermal escape rate (1/s) at bias i: Γ = A(Δ)·a_t (ω_p/2π) e^{−ΔU/k_BT} with ω_p = ω_p0(1−i²)^{1/4},
 * the Kramers moderate-to-strong damping factor a_t = √(1 + 1/4Q²) − 1/2Q, Q = ω_pRC (Kramers 1940;
 * Büttiker, Harris & Landauer 1983; Devoret, Martinis & Clarke 1985) and, when `depopulation` is
 * given, the Mel'nikov–Meshkov factor A(Δ) for escape into the running state (Mel'nikov & Meshkov
 * 1986), Δ = 36ΔU/(5Q k_BT) the energy lost per oscillation at the barrier energy in the cubic
 * approximation of the washboard (Büttiker, Harris & Landauer 1983; exact as i → 1, where the
 * junction switches). Without it the rate is the spatial-diffusion one, which overestimates an
 * underdamped junction (Δ ≲ 1, i.e. Q ≳ 7ΔU/k_BT). The well and barrier curvatures of the
 * washboard are equal (±√(1−i²) E_J), so ω_s = ω_a = ω_p.
 */
export function junctionEscapeRate(
  v: PresetValues,
  i: number,
  depopulation?: (energyLoss: number) => number,
): number {
  return Math.exp(junctionLogEscapeRate(v, i, depopulation));
}

/** ln Γ of {@link junctionEscapeRate}: finite where Γ underflows (deep below the crossover). */
export function junctionLogEscapeRate(
  v: PresetValues,
  i: number,
  depopulation?: (energyLoss: number) => number,
): number {
  const { energy, omega0 } = junctionScales(v);
  const omega = omega0 * Math.max(0, 1 - i * i) ** 0.25;
  const q = omega * v['R']! * v['C']!;
  const transmission = dampingFactor(q);
  const barrier = (washboardBarrier(i) * energy) / (BOLTZMANN * v['T']!);
  const factor = depopulation && q > 0 && barrier > 0 ? depopulation((36 * barrier) / (5 * q)) : 1;
  return Math.log(factor * transmission * (omega / (2 * Math.PI))) - barrier;
}

/**
 * Macroscopic quantum tunnelling out of the washboard well at bias i (1/s): Caldeira & Leggett's
 * zero-temperature cubic-well rate at weak Ohmic damping (see `cubicTunnellingRate`), with the
 * washboard's exact ΔU and ω_p = ω_p0(1−i²)^{1/4} and Q = ω_pRC, as Devoret, Martinis & Clarke
 * (1985) compared with experiment. In the reduced units (energy E_J, time 1/ω_p0, mass 1) ħ is
 * ħω_p0/E_J and the friction 1/Q0.
 */
export function junctionTunnelling(v: PresetValues, i: number) {
  const { energy, omega0, quality } = junctionScales(v);
  const estimate = cubicTunnellingRate({
    wellCurvature: Math.sqrt(Math.max(0, 1 - i * i)),
    deltaU: washboardBarrier(i),
    gamma: 1 / quality,
    hbar: (HBAR * omega0) / energy,
  });
  return {
    estimate,
    rate: (estimate.rate ?? Number.NaN) * omega0,
    logRate: (estimate.logRate ?? Number.NaN) + Math.log(omega0),
  };
}

/**
 * The crossover temperature between thermal activation and tunnelling, T_cr = ħμ/(2πk_B), with
 * μ = √(ω_b² + (1/2RC)²) − 1/2RC = a_t ω_p the damped barrier frequency (Grabert & Weiss, PRL 53,
 * 1787, 1984; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990, §VII): ω_b = ω_p here.
 */
export function crossoverTemperature(v: PresetValues, i: number): number {
  const { omega0 } = junctionScales(v);
  const omega = omega0 * Math.max(0, 1 - i * i) ** 0.25;
  const q = omega * v['R']! * v['C']!;
  const transmission = dampingFactor(q);
  return (HBAR * transmission * omega) / (2 * Math.PI * BOLTZMANN);
}

/**
 * The temperature where the thermal rate (with its Mel'nikov–Meshkov factor) equals the
 * tunnelling rate, by bisection on ln T (ln Γ_th rises with T; Γ_q does not depend on it):
 * below it tunnelling dominates. NaN when they do not cross in [T_cr/1000, 1000 T_cr].
 */
export function equalRateTemperature(v: PresetValues, i: number, logTunnelling: number): number {
  const cr = crossoverTemperature(v, i);
  const excess = (t: number) =>
    junctionLogEscapeRate({ ...v, T: t }, i, depopulationFactor) - logTunnelling;
  let lo = Math.log(cr / 1000);
  let hi = Math.log(cr * 1000);
  if (!(excess(Math.exp(lo)) < 0 && excess(Math.exp(hi)) > 0)) return Number.NaN;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (excess(Math.exp(mid)) < 0) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The switching-current distribution for a linear current ramp dI/dt (Fulton & Dunkleberger
 * 1974): P(I) = Γ(I)/İ · exp(−∫^I Γ(I′) dI′/İ), on a grid in i = I/I_c starting where the
 * barrier is 40 k_BT (or at i = 0 if it is lower), by the trapezoid rule on the survival
 * exponent. Returns the grid, the density (per unit i), the mean and the standard deviation of i.
 */
export function switchingDistribution(
  v: PresetValues,
  points = 4000,
  depopulation?: (energyLoss: number) => number,
) {
  const { energy } = junctionScales(v);
  const kT = BOLTZMANN * v['T']!;
  // Start where ΔU = 40 k_BT: below it Γ·(I_c/İ) is ≲ ω_p·e^{−40}·I_c/İ, negligible for any
  // ramp slower than ~1e6 I_c/s.
  let start = 0;
  if (washboardBarrier(0) * energy > 40 * kT) {
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 100; k++) {
      const mid = (lo + hi) / 2;
      if ((washboardBarrier(mid) * energy) / kT > 40) lo = mid;
      else hi = mid;
    }
    start = lo;
  }
  const perUnitI = v['Ic']! / v['ramp']!; // time to sweep Δi = 1 (s)
  const i = new Float64Array(points + 1);
  const density = new Float64Array(points + 1);
  let exponent = 0;
  let previous = 0;
  let mean = 0;
  let second = 0;
  let norm = 0;
  for (let k = 0; k <= points; k++) {
    const x = start + ((1 - start) * k) / points;
    const g = junctionEscapeRate(v, x, depopulation) * perUnitI;
    if (k > 0) exponent += (((g + previous) / 2) * (1 - start)) / points;
    previous = g;
    i[k] = x;
    density[k] = g * Math.exp(-exponent);
  }
  const h = (1 - start) / points;
  for (let k = 0; k <= points; k++) {
    const w = k === 0 || k === points ? h / 2 : h;
    norm += w * density[k]!;
    mean += w * density[k]! * i[k]!;
  }
  mean /= norm;
  for (let k = 0; k <= points; k++) {
    const w = k === 0 || k === points ? h / 2 : h;
    second += w * density[k]! * (i[k]! - mean) ** 2;
  }
  return {
    i,
    density,
    mean,
    std: Math.sqrt(second / norm),
    norm,
    survivalAtIc: Math.exp(-exponent),
  };
}

function build(v: PresetValues): ReducedProblem {
  const { energy, omega0, quality } = junctionScales(v);
  const i = v['I']! / v['Ic']!;
  return {
    potential: '-cos(x) - i*x',
    parameters: { i },
    D: (BOLTZMANN * v['T']!) / energy,
    gamma: 1 / quality,
    mass: 1,
    // One well (at arcsin i) and the barrier it escapes over (at π − arcsin i) for 0 ≤ i < 1.
    domain: { min: -2, max: 4 },
    from: 0,
    to: '+inf',
    units: {
      dynamics: 'underdamped',
      energyUnit: 'J',
      energy,
      length: 1,
      lengthUnit: 'rad',
      time: 1 / omega0,
      description: 'energy E_J, phase φ in rad, time unit 1/ω_p0 (mass C(ħ/2e)² = 1), γ = 1/Q0',
    },
    coordinate: 'superconducting phase difference φ (rad)',
  };
}

/** Temperatures of the thermal-vs-tunnelling table, in units of T_cr. */
const CROSSOVER_SCAN = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];

/** What dominates at ln(Γ_q/Γ_th) = `log`, in words. */
function dominance(log: number, t: number, cr: number): string {
  const side = t < cr ? 'T < T_cr' : 'T > T_cr';
  return log > 0 ? `tunnelling dominates (${side})` : `thermal escape dominates (${side})`;
}

/**
 * The tunnelling side of the junction (Devoret, Martinis & Clarke 1985): the crossover
 * temperature, the T = 0 tunnelling rate beside the thermal one, which dominates, the temperature
 * where they are equal, and a scan in T/T_cr. Nothing but the crossover when the well holds no
 * level to tunnel from (the reason in the warnings).
 */
function quantumEscape(v: PresetValues, i: number) {
  const cr = crossoverTemperature(v, i);
  const crossover = {
    name: 'crossover',
    label: 'quantum crossover T_cr = ħa_tω_p/2πk_B',
    value: cr,
    unit: 'K',
    text: `${formatIn(cr, 'K')} (T/T_cr = ${formatIn(v['T']! / cr, '', 3)})`,
    method: 'Grabert & Weiss 1984 (damped barrier frequency a_tω_p)',
  };
  const q = junctionTunnelling(v, i);
  const { estimate } = q;
  const warnings = estimate.warnings.map((w) => `tunnelling rate: ${w}`);
  if (estimate.retcode !== 'success') return { results: [crossover], tables: [], warnings };
  const ratio = (junctionLogEscapeRate(v, i, depopulationFactor) - q.logRate) * -Math.LOG10E;
  const equal = equalRateTemperature(v, i, q.logRate);
  const results = [
    crossover,
    resultFromLog(
      {
        name: 'tunnelling',
        label: 'tunnelling rate Γ_q (T = 0)',
        method: `Caldeira–Leggett cubic well, weak damping: B/ħ = ${formatIn(estimate.exponent, '', 4)}, ΔU/ħω_p = ${formatIn(estimate.barrierToQuantum, '', 3)}`,
      },
      q.logRate,
      '1/s',
    ),
    {
      name: 'quantumToThermal',
      label: 'log₁₀(Γ_q/Γ_thermal)',
      value: ratio,
      unit: '',
      text: `${formatIn(ratio, '', 3)}: ${dominance(ratio, v['T']!, cr)}`,
    },
    ...(Number.isFinite(equal)
      ? [
          {
            name: 'equalRates',
            label: 'Γ_thermal = Γ_q at',
            value: equal,
            unit: 'K',
            text: `${formatIn(equal, 'K')} (${formatIn(equal / cr, '', 3)} T_cr)`,
            method: 'below it tunnelling dominates',
          },
        ]
      : []),
  ];
  const rows = CROSSOVER_SCAN.map((x) => {
    const t = x * cr;
    const log = junctionLogEscapeRate({ ...v, T: t }, i, depopulationFactor);
    return [t, x, logCell(log), logCell(q.logRate), (q.logRate - log) * Math.LOG10E];
  });
  const table = presetTable(
    'Thermal escape and tunnelling vs temperature (T/T_cr = 1 is the crossover)',
    ['T (K)', 'T/T_cr', 'Γ thermal (1/s)', 'Γ_q (1/s)', 'log₁₀(Γ_q/Γ_th)'],
    rows,
  );
  return { results, tables: [table], warnings };
}

/** The junction's scales, barrier, thermal rate and lifetime (from ln Γ), switching current. */
function thermalResults(
  v: PresetValues,
  i: number,
  sw: ReturnType<typeof switchingDistribution>,
): PresetResult[] {
  const { energy, omega0, quality } = junctionScales(v);
  const kT = BOLTZMANN * v['T']!;
  const barrier = washboardBarrier(i) * energy;
  const omega = omega0 * (1 - i * i) ** 0.25;
  const logRate = junctionLogEscapeRate(v, i, depopulationFactor);
  const energyLoss = (36 * (barrier / kT)) / (5 * omega * v['R']! * v['C']!);
  return [
    {
      name: 'EJ',
      label: 'E_J = ħI_c/2e',
      value: energy / BOLTZMANN,
      unit: 'K',
      text: `${formatIn(energy, 'meV')} = k_B·${formatIn(energy / BOLTZMANN, 'K')}`,
    },
    {
      name: 'plasma',
      label: 'ω_p0/2π',
      value: omega0 / (2 * Math.PI) / 1e9,
      unit: 'GHz',
      text: formatIn(omega0 / (2 * Math.PI), 'GHz'),
    },
    { name: 'Q0', label: 'Q0 = ω_p0 RC', value: quality, unit: '', text: formatIn(quality, '') },
    { name: 'i', label: 'bias i = I/I_c', value: i, unit: '', text: formatIn(i, '', 6) },
    {
      name: 'barrier',
      label: 'ΔU = 2E_J[√(1−i²) − i arccos i]',
      value: barrier / kT,
      unit: 'kT',
      text: `${formatIn(barrier / kT, '')} k_BT = ${formatIn(barrier, 'µeV')}`,
    },
    resultFromLog(
      {
        name: 'rate',
        label: 'escape rate Γ = A(Δ)·a_t (ω_p/2π) e^{−ΔU/k_BT}',
        method: "Mel'nikov–Meshkov (all damping); asymptotic in ΔU/k_BT",
      },
      logRate,
      '1/s',
    ),
    {
      name: 'energyLoss',
      label: 'energy loss Δ = 36ΔU/(5Qk_BT) (≲ 1: underdamped)',
      value: energyLoss,
      unit: '',
      text: `${formatIn(energyLoss, '')} (A(Δ) = ${formatIn(depopulationFactor(energyLoss), '')})`,
    },
    timeFromLog({ name: 'lifetime', label: 'lifetime 1/Γ' }, -logRate, 's'),
    {
      name: 'switchingMean',
      label: `mean switching current (ramp ${formatIn(v['ramp']!, 'A/s')})`,
      value: sw.mean * v['Ic']! * 1e6,
      unit: 'uA',
      text: formatIn(sw.mean * v['Ic']!, 'uA', 6),
    },
    {
      name: 'switchingWidth',
      label: 'width σ_I of the switching distribution',
      value: sw.std * v['Ic']! * 1e9,
      unit: 'nA',
      text: formatIn(sw.std * v['Ic']!, 'nA'),
    },
  ];
}

/** Barrier, escape rate (from its log) and switching density across the switching peak. */
function switchingTable(v: PresetValues, sw: ReturnType<typeof switchingDistribution>) {
  const { energy } = junctionScales(v);
  const kT = BOLTZMANN * v['T']!;
  const rows = [];
  const lo = Math.max(0, sw.mean - 5 * sw.std);
  const hi = Math.min(1, sw.mean + 4 * sw.std);
  for (let k = 0; k <= 12; k++) {
    const x = lo + ((hi - lo) * k) / 12;
    const j = Math.min(
      sw.i.length - 1,
      Math.max(0, Math.round(((x - sw.i[0]!) / (1 - sw.i[0]!)) * (sw.i.length - 1))),
    );
    rows.push([
      x * v['Ic']! * 1e6,
      (washboardBarrier(x) * energy) / kT,
      logCell(junctionLogEscapeRate(v, x, depopulationFactor)),
      (sw.density[j]! / v['Ic']!) * 1e-6,
    ]);
  }
  return presetTable(
    'Escape rate and switching-current density near the switching current',
    ['I (uA)', 'ΔU/k_BT', 'Γ (1/s)', 'P(I) (1/uA)'],
    rows,
  );
}

function evaluate(v: PresetValues): PresetOutcome {
  const i = v['I']! / v['Ic']!;
  if (!(i >= 0 && i < 1)) {
    throw new KramersError(
      'invalid_parameter',
      `the bias I = ${formatIn(v['I']!, 'uA')} must lie in [0, I_c) (I_c = ${formatIn(v['Ic']!, 'uA')})`,
      { issues: [{ path: 'I', message: 'outside [0, I_c)' }] },
    );
  }
  const barrierToKT = (washboardBarrier(i) * junctionScales(v).energy) / (BOLTZMANN * v['T']!);
  const sw = switchingDistribution(v, 4000, depopulationFactor);
  const quantum = quantumEscape(v, i);
  const crossover = crossoverTemperature(v, i);
  const warnings: string[] = [...quantum.warnings];
  if (v['T']! < 2 * crossover) {
    warnings.push(
      `T = ${formatIn(v['T']!, 'K')} is below 2·T_cr = ${formatIn(2 * crossover, 'K')}: quantum corrections to the thermal rate are not small, and near T_cr neither the thermal nor the T = 0 tunnelling formula holds (Grabert, Olschowski & Weiss 1987)`,
    );
  }
  if (barrierToKT < 5)
    warnings.push(
      `ΔU/k_BT = ${formatIn(barrierToKT, '')} < 5: the rate formula is unreliable at this bias`,
    );
  return {
    // Closed forms only (and the depopulation quadrature): no route with an outcome of its own.
    retcode: 'success',
    results: [...thermalResults(v, i, sw), ...quantum.results],
    tables: [switchingTable(v, sw), ...quantum.tables],
    notes: [
      'Γ_q is the zero-temperature tunnelling rate (Caldeira & Leggett 1983, weak Ohmic damping 1/Q, the DMC 1985 form); Γ_thermal the thermal rate above. Well below T_cr the junction tunnels at Γ_q, well above it escapes thermally; in between (roughly 0.5–2 T_cr) thermally assisted tunnelling makes the true rate larger than both (not modelled). The switching-current distribution above uses the thermal rate only.',
      "At Q ≫ 1 the junction is underdamped and a_t → 1 (TST); at weak damping (energy loss Δ ≲ 1, i.e. Q ≳ 7ΔU/k_BT) energy diffusion lowers Γ further, which the factor A(Δ) of Mel'nikov & Meshkov (1986) in Γ, the switching distribution and the tables accounts for (Δ from the cubic approximation of the washboard, exact as i → 1). The reduced problem is underdamped: its `kramers rate` line runs the inertial routes (TST, spatial and energy diffusion, Mel'nikov–Meshkov).",
    ],
    warnings,
  };
}

export const josephson: Preset = {
  name: 'josephson',
  title: 'Current-biased Josephson junction',
  field: 'superconducting circuits',
  summary: 'thermal escape from the tilted washboard vs bias current; switching-current histogram',
  context:
    'In the RCSJ model the phase difference φ of a current-biased junction moves like a particle ' +
    'of mass C(ħ/2e)² with friction (ħ/2e)²/R in the tilted washboard U = −E_J(cos φ + iφ), ' +
    'i = I/I_c. Escape from a well is the switch to the voltage state. Near i → 1 the barrier ' +
    'is ΔU = 2E_J[√(1−i²) − i arccos i] ≈ (4√2/3)E_J(1−i)^{3/2} and the attempt frequency ' +
    'ω_p = ω_p0(1−i²)^{1/4}. Ramping the current, the junction switches at a random current whose ' +
    'distribution (Fulton & Dunkleberger 1974) narrows as T^{2/3} (Kurkijärvi 1972); its width ' +
    'measured escape temperatures in the classic tests of macroscopic quantum tunnelling ' +
    '(Devoret, Martinis & Clarke 1985). Thermal escape only: below T_cr = ħω_p/(2πk_B) tunnelling ' +
    'takes over.',
  references: [
    'T. A. Fulton, L. N. Dunkleberger, Phys. Rev. B 9, 4760 (1974)',
    'J. Kurkijärvi, Phys. Rev. B 6, 832 (1972)',
    'M. Büttiker, E. P. Harris, R. Landauer, Phys. Rev. B 28, 1268 (1983)',
    'M. H. Devoret, J. M. Martinis, J. Clarke, Phys. Rev. Lett. 55, 1908 (1985)',
  ],
  parameters: [
    {
      name: 'Ic',
      symbol: 'I_c',
      kind: 'current',
      default: '10uA',
      unit: 'uA',
      range: [0.1, 100],
      domain: POSITIVE,
      scale: 'log',
      description: 'critical current',
    },
    {
      name: 'C',
      symbol: 'C',
      kind: 'capacitance',
      default: '1pF',
      unit: 'pF',
      range: [0.01, 50],
      domain: POSITIVE,
      scale: 'log',
      description: 'junction capacitance',
    },
    {
      name: 'R',
      symbol: 'R',
      kind: 'resistance',
      default: '100ohm',
      unit: 'ohm',
      range: [1, 10000],
      domain: POSITIVE,
      scale: 'log',
      description: 'shunt resistance (damping Q = ω_pRC)',
    },
    {
      name: 'T',
      symbol: 'T',
      kind: 'temperature',
      default: '1K',
      unit: 'K',
      range: [0.01, 10],
      domain: POSITIVE,
      scale: 'log',
      description: 'temperature',
    },
    {
      name: 'I',
      symbol: 'I',
      kind: 'current',
      default: '9uA',
      unit: 'uA',
      range: [0, 100],
      domain: NON_NEGATIVE,
      scale: 'linear',
      description: 'bias current (below I_c)',
    },
    {
      name: 'ramp',
      symbol: 'dI/dt',
      kind: 'currentRate',
      default: '1mA/s',
      unit: 'A/s',
      range: [1e-6, 1],
      domain: POSITIVE,
      scale: 'log',
      description: 'current ramp rate of the switching measurement',
    },
  ],
  reducedParameters: [
    { name: 'i', symbol: 'i', description: 'bias i = I/I_c; fixes I = i·I_c', sets: 'I' },
  ],
  applyReduced(v, name, value) {
    if (name !== 'i' || !(value >= 0 && value < 1)) {
      throw new KramersError('invalid_parameter', `i = I/I_c must be in [0, 1); got ${value}`);
    }
    return { ...v, I: value * v['Ic']! };
  },
  build,
  evaluate,
};
