import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { type IndicatorEstimate, MAX_LENGTHENED_STEPS } from '../studies/index.js';
import { constants, formatIn, formatTime } from '../units/index.js';
import {
  type BarrierRow,
  type EscapeNumbers,
  escapeOutcome,
  lowBarrierRows,
  reducedEscape,
  reducedIndicators,
} from './escape.js';
import { logCell, presetTable, relativeErrorText, timeFromLog } from './logged.js';
import { POSITIVE } from './resolve.js';
import type { Preset, PresetOutcome, PresetResult, PresetValues, ReducedProblem } from './types.js';

const { DAY, JULIAN_YEAR } = constants;

/** Resilience μ = 1 − c (the fold is at driver c = 1), barrier (4/3)μ^{3/2}, well curvature 2√μ. */
export function tippingScales(driver: number) {
  const mu = 1 - driver;
  return { mu, barrier: (4 / 3) * mu ** 1.5, curvature: 2 * Math.sqrt(mu) };
}

/**
 * Early-warning indicators from the linearisation about the well (an Ornstein-Uhlenbeck process,
 * Scheffer et al. 2009): variance D/U″(x_a) and lag-1 autocorrelation e^{−U″(x_a)Δt}; both rise
 * as μ → 0 (critical slowing down).
 */
export function earlyWarning(driver: number, D: number, lag: number) {
  const { curvature } = tippingScales(driver);
  return {
    variance: D / curvature,
    autocorrelation: Math.exp(-curvature * lag),
    returnTime: 1 / curvature,
  };
}

function build(v: PresetValues): ReducedProblem {
  const { mu } = tippingScales(v['c']!);
  return {
    potential: 'x^3/3 - mu*x',
    parameters: { mu },
    D: v['D']!,
    gamma: 1,
    from: 0,
    to: '-inf',
    units: {
      dynamics: 'overdamped',
      energyUnit: '1',
      energy: 1,
      length: 1,
      lengthUnit: '1',
      time: v['tau']!,
      description:
        'state x and its potential are unitless; time unit τ, the system’s response time',
    },
    // The normal form runs away to −∞ in a finite time after the fold; collapse is counted where
    // U has fallen 40 D below the tipping point (the exact route's sink, sinkBeyond.ts): from
    // there no return, and the deterministic slide on (0.56 τ at c = 0.95) is the model's, not
    // the ecosystem's.
    coordinate:
      'ecosystem state (e.g. vegetation cover, rescaled); collapse is counted at U = 40 D below the tipping point',
  };
}

/** ln of the mean collapse time (s), exact and Kramers: e^{ΔU/D} leaves double range at small D. */
function collapseTime(v: PresetValues, driver: number) {
  const problem = build({ ...v, c: driver });
  const e = reducedEscape(problem);
  const logTau = Math.log(v['tau']!);
  return { logExact: logTau - e.logExact, logKramers: logTau - e.logKramers, e };
}

/** The exact collapse time's method text: its accuracy, or why it has no number. */
function exactMethod(e: EscapeNumbers): string {
  return Number.isNaN(e.logExact)
    ? `mean first-passage time: ${e.retcode.replace('_', ' ')} (see warnings)`
    : `mean first-passage time, relative error ${relativeErrorText(e.exactRelativeError)}`;
}

/** The collapse times, exact and Kramers, in years. */
function collapseResults(t: ReturnType<typeof collapseTime>): PresetResult[] {
  return [
    timeFromLog(
      { name: 'collapse', label: 'mean time to collapse (exact)', method: exactMethod(t.e) },
      t.logExact,
      'yr',
    ),
    timeFromLog(
      {
        name: 'collapseKramers',
        label: 'mean time to collapse (Kramers)',
        method: 'asymptotic in ΔU/D',
      },
      t.logKramers,
      'yr',
    ),
  ];
}

/** The linearised and simulated early-warning indicators at the present driver. */
function indicatorResults(
  v: PresetValues,
  w: ReturnType<typeof earlyWarning>,
  here: IndicatorEstimate,
): PresetResult[] {
  const plain = (name: string, label: string, value: number, text = formatIn(value, '')) => ({
    name,
    label,
    value,
    unit: '',
    text,
  });
  return [
    plain('variance', 'stationary variance D/U″(x_a)', w.variance),
    plain(
      'autocorrelation',
      `lag-1 autocorrelation (Δt = ${formatTime(v['lag']!)})`,
      w.autocorrelation,
    ),
    {
      ...plain(
        'varianceSimulated',
        `variance, simulated (${here.samples} samples)`,
        here.variance,
        `${formatIn(here.variance, '')} ± ${formatIn(here.varianceError, '', 2)}`,
      ),
      method: `Euler–Maruyama, dt = ${formatIn(here.dt, '', 2)} τ, fixed seed; ${here.restarts} collapses restarted`,
    },
    plain(
      'autocorrelationSimulated',
      'lag-1 autocorrelation, simulated',
      here.autocorrelation,
      `${formatIn(here.autocorrelation, '')} ± ${formatIn(here.autocorrelationError, '', 2)}`,
    ),
    {
      name: 'returnTime',
      label: 'return time 1/U″(x_a)',
      value: (w.returnTime * v['tau']!) / DAY,
      unit: 'd',
      text: formatTime(w.returnTime * v['tau']!),
    },
  ];
}

const DRIVERS = [0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/**
 * Each simulated series spans at least this many autocorrelation times of the linearised walker
 * (τ_int from 1/U″(x_a) at that driver and the lag) and of its own estimate τ̂ (see
 * `simulateIndicators`): the indicators' SEs cover ~95% from ~200
 * (exact AR(1) replicas, CHANGELOG), so a short lag lengthens the series instead of flagging it.
 */
const SERIES_TIMES = 200;

/** The simulated indicators of the tipping problem at `v`, sized to {@link SERIES_TIMES}. */
function indicatorsAt(v: PresetValues, lag: number, seed: number): IndicatorEstimate {
  return reducedIndicators(build(v), { lag, seed, autocorrelationTimes: SERIES_TIMES });
}

/** Collapse times (from logs) and early-warning signals across the driver scan. */
function driverTable(v: PresetValues, lag: number, escapes: EscapeNumbers[]) {
  const logYear = Math.log(JULIAN_YEAR);
  let restarts = 0;
  const untrusted: number[] = [];
  const capped: number[] = [];
  const fewBatches: number[] = [];
  const rows = DRIVERS.map((driver, row) => {
    const tc = collapseTime(v, driver);
    escapes.push(tc.e);
    const ew = earlyWarning(driver, v['D']!, lag);
    const sim = indicatorsAt({ ...v, c: driver }, lag, row + 1);
    restarts += sim.restarts;
    if (sim.samplesWanted !== undefined) capped.push(driver);
    else if (sim.retcode !== 'success') untrusted.push(driver);
    else if (sim.warnings.length > 0) fewBatches.push(driver);
    return [
      driver,
      tippingScales(driver).barrier / v['D']!,
      logCell(tc.logExact - logYear),
      logCell(tc.logKramers - logYear),
      ew.variance,
      ew.autocorrelation,
      sim.variance,
      sim.varianceError,
      sim.autocorrelation,
      sim.autocorrelationError,
    ];
  });
  const columns = [
    'c',
    'ΔU/D',
    'collapse exact (yr)',
    'collapse Kramers (yr)',
    'variance (OU)',
    'lag-1 AC (OU)',
    'variance (sim)',
    '± SE',
    'lag-1 AC (sim)',
    '± SE',
  ];
  const title = 'Collapse time and early-warning signals vs driver';
  const barriers = DRIVERS.map((c) => ({
    row: `c = ${c}`,
    deltaU: tippingScales(c).barrier,
    D: v['D']!,
  }));
  return {
    table: presetTable(title, columns, rows),
    barriers,
    restarts,
    untrusted,
    capped,
    fewBatches,
  };
}

/** The scan's simulated rows whose standard errors are untrustworthy or have few degrees of freedom. */
function scanWarnings(scan: {
  barriers: BarrierRow[];
  untrusted: number[];
  capped: number[];
  fewBatches: number[];
}): string[] {
  const list = (drivers: number[]) => drivers.map((c) => `c = ${c}`).join(', ');
  return [
    ...(scan.capped.length > 0
      ? [
          `simulated indicators at ${list(scan.capped)}: the series would need more than ${MAX_LENGTHENED_STEPS.toExponential(0)} Euler–Maruyama steps to span ${SERIES_TIMES} autocorrelation times, so it is capped shorter and its standard errors are not calibrated; a longer lag samples more of them`,
        ]
      : []),
    ...(scan.untrusted.length > 0
      ? [
          `simulated indicators at ${list(scan.untrusted)}: the series spans too few of its own autocorrelation times for a trustworthy standard error; a longer lag samples more of them`,
        ]
      : []),
    ...lowBarrierRows('Collapse time vs driver', scan.barriers, 'the collapse Kramers column is'),
    ...(scan.fewBatches.length > 0
      ? [
          `simulated indicators at ${list(scan.fewBatches)}: the series spans under ~100 autocorrelation times, so their standard errors rest on few (5–19) jackknife batches; read ±2.3–2.8 SE as the 95% interval`,
        ]
      : []),
  ];
}

function evaluate(v: PresetValues): PresetOutcome {
  const c = v['c']!;
  if (!(c < 1)) {
    throw new KramersError(
      'invalid_parameter',
      `driver c = ${c} is at or past the fold (c = 1): there is no stable state left`,
    );
  }
  const s = tippingScales(c);
  const t = collapseTime(v, c);
  const lag = v['lag']! / v['tau']!;
  const here = indicatorsAt(v, lag, 1);
  const results: PresetResult[] = [
    { name: 'mu', label: 'resilience μ = 1 − c', value: s.mu, unit: '', text: formatIn(s.mu, '') },
    {
      name: 'barrier',
      label: 'ΔU/D = (4/3)μ^{3/2}/D',
      value: s.barrier / v['D']!,
      unit: '',
      text: formatIn(s.barrier / v['D']!, ''),
    },
    ...collapseResults(t),
    ...indicatorResults(v, earlyWarning(c, v['D']!, lag), here),
  ];
  const escapes: EscapeNumbers[] = [t.e];
  const scan = driverTable(v, lag, escapes);
  const outcome = escapeOutcome(escapes);
  const simulated: RetCode[] = [
    here.retcode,
    ...[...scan.untrusted, ...scan.capped].map((): RetCode => 'not_converged'),
  ];
  return {
    retcode: combineRetcodes([outcome.retcode, ...simulated]),
    results,
    tables: [scan.table],
    notes: [
      'Early-warning signals twice: the Ornstein-Uhlenbeck linearisation about the well (OU) and a simulated series sampled every Δt (sim, bias-corrected, ± one standard error from a batched jackknife whose batches span at least five of the series’ own autocorrelation times). Near the fold (ΔU/D ≲ 3) the linearisation fails and the simulated walker collapses within the series; it is put back at the well bottom, which lowers both simulated indicators there: they warn only while collapse is still rare.',
      ...(scan.restarts > 0
        ? [`${scan.restarts} simulated collapses were restarted across the scan`]
        : []),
    ],
    warnings: [
      ...(s.barrier / v['D']! < 3
        ? [
            `ΔU/D = ${formatIn(s.barrier / v['D']!, '')} < 3: collapse is not a rare event; the Kramers time and the linearised signals are unreliable`,
          ]
        : []),
      ...outcome.warnings,
      ...here.warnings.map((w) => `simulated indicators at c = ${c}: ${w}`),
      ...scanWarnings(scan),
    ],
  };
}

export const ecologicalTipping: Preset = {
  name: 'tipping',
  title: 'Ecological tipping point',
  field: 'ecology',
  summary:
    'mean time to collapse as a driver erodes resilience; rising variance and autocorrelation',
  context:
    'Near a fold (saddle-node) bifurcation every bistable ecosystem — a clear lake turning turbid, ' +
    'a savanna turning to desert — reduces to the normal form dx/dt = μ − x², the potential ' +
    'U = x³/3 − μx. The driver c (nutrient load, grazing, aridity) lowers the resilience μ = 1 − c, ' +
    'and with it the barrier ΔU = (4/3)μ^{3/2} against noise-induced collapse, which vanishes at ' +
    'the fold c = 1. Before it, recovery slows: the variance and the lag-1 autocorrelation of the ' +
    'state rise (critical slowing down), the early-warning signals of Scheffer et al. (2009). Here ' +
    'the mean time to collapse is exact (mean first-passage time), the signals come from the ' +
    'linearisation about the well.',
  references: [
    'M. Scheffer et al., Nature 461, 53 (2009)',
    'V. Dakos et al., PNAS 105, 14308 (2008)',
    'C. Kuehn, Physica D 240, 1020 (2011)',
  ],
  parameters: [
    {
      name: 'c',
      symbol: 'c',
      kind: 'dimensionless',
      default: '0.5',
      unit: '',
      range: [0, 0.99],
      domain: { max: 1, maxOpen: true },
      scale: 'linear',
      description: 'driver (the fold is at c = 1)',
    },
    {
      name: 'D',
      symbol: 'D',
      kind: 'dimensionless',
      default: '0.05',
      unit: '',
      range: [0.005, 0.5],
      domain: POSITIVE,
      scale: 'log',
      description: 'noise intensity (environmental variability)',
    },
    {
      name: 'tau',
      symbol: 'τ',
      kind: 'time',
      default: '1yr',
      unit: 'yr',
      range: [0.01, 100],
      domain: POSITIVE,
      scale: 'log',
      description: 'response time of the system (time unit)',
    },
    {
      name: 'lag',
      symbol: 'Δt',
      kind: 'time',
      default: '30d',
      unit: 'd',
      range: [1, 365],
      domain: POSITIVE,
      scale: 'log',
      description: 'sampling interval of the early-warning indicators',
    },
  ],
  reducedParameters: [
    { name: 'mu', symbol: 'μ', description: 'resilience μ = 1 − c; fixes c', sets: 'c' },
  ],
  applyReduced(v, name, value) {
    if (name !== 'mu' || !(value > 0)) {
      throw new KramersError('invalid_parameter', `mu must be > 0; got ${value}`);
    }
    return { ...v, c: 1 - value };
  },
  build,
  evaluate,
};
