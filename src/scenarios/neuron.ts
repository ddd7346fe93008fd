import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { generateSource, simplify } from '../expr/index.js';
import { prepare, prepareTransition, requireExpression } from '../problem/index.js';
import { guarded, ROUTES } from '../routes/index.js';
import {
  checkTimeStep,
  firstPassageStatistics,
  runChunk,
  type SimulationConfig,
} from '../simulation/index.js';
import { formatFromLog, formatIn, formatTime, LOG_DOUBLE_RANGE } from '../units/index.js';
import { convergedLog } from './escape.js';
import { logCell, presetTable, relativeErrorText, resultFromLog, timeFromLog } from './logged.js';
import { ANY_FINITE, NON_NEGATIVE, POSITIVE } from './resolve.js';
import type { Preset, PresetValues, ReducedProblem } from './types.js';

/** mV per V: the reduced problem is written in millivolts. */
const MV = 1e3;

/** Spikes (interspike intervals) in the simulated train, and the fewest worth reporting. */
export const TRAIN_SPIKES = 400;
const MIN_TRAIN_SPIKES = 100;
/** Walker-steps the simulated train may take (under a second): beyond it, fewer spikes. */
const TRAIN_BUDGET = 1e7;
/**
 * dt·max|U″| on the way from reset to peak, below the 0.2 where checkTimeStep warns; the
 * stiffest point is the deterministic run-up to the peak, while in the well and over the
 * barrier, where the rate is decided, dt·|U″| is 30 times smaller at the defaults.
 */
const TRAIN_STIFFNESS = 0.15;

/** In mV, rounded to 12 digits: −40 mV − (−60 mV) is 20, not 19.999999999999996. */
const mV = (volts: number) => Number((volts * MV).toPrecision(12));

/**
 * Izhikevich's (2007, §8.1.4) quadratic membrane, C dV/dt = k(V − V_r)(V − V_t) + I, written as
 * the saddle-node normal form C dV/dt = k(V − V_sn)² − (I_rh − I): k = g/(V_t − V_r) with g the
 * slope conductance at rest, V_sn = (V_r + V_t)/2, rheobase I_rh = g(V_t − V_r)/4. Below I_rh the
 * neuron rests at V_sn − a and its threshold (the saddle) is V_sn + a, a = √((V_t − V_r)·m),
 * m = (I_rh − I)/g. All in SI (V, A, s).
 */
export function neuronScales(v: PresetValues) {
  const width = v['Vt']! - v['Vr']!;
  const rheobase = (v['g']! * width) / 4;
  const tau = v['C']! / v['g']!;
  const midpoint = (v['Vr']! + v['Vt']!) / 2;
  const m = (rheobase - v['I']!) / v['g']!;
  const half = Math.sqrt(Math.max(0, width * m));
  return {
    width,
    rheobase,
    tau,
    midpoint,
    m,
    half,
    rest: midpoint - half,
    threshold: midpoint + half,
    /** ΔU/D: ΔU = (4/3)a·m (V²), D = σ²/2 (the noise in the units of τ dV/dt). */
    barrier: ((4 / 3) * half * m) / (v['sigma']! ** 2 / 2),
    /** U″ at rest and at threshold, ±2a/(V_t − V_r), per τ. */
    curvature: (2 * half) / width,
  };
}

function build(v: PresetValues): ReducedProblem {
  const s = neuronScales(v);
  const vs = mV(s.midpoint);
  const w = mV(s.width);
  return {
    potential: 'm*(x - vs) - (x - vs)^3/(3*w)',
    parameters: { m: mV(s.m), vs, w },
    D: (v['sigma']! * MV) ** 2 / 2,
    gamma: 1,
    // Rest, threshold and the sink 40 D past it lie well inside (a ≤ w/2 for I ≥ 0).
    domain: { min: vs - 4 * w, max: vs + 4 * w },
    from: 0,
    to: '+inf',
    units: {
      dynamics: 'overdamped',
      energyUnit: 'mV^2',
      energy: 1,
      length: 1,
      lengthUnit: 'mV',
      time: s.tau,
      description:
        'x is the membrane potential V in mV; time unit τ = C/g; U and D in mV² (D = σ²/2)',
    },
    coordinate: 'membrane potential V (mV); a spike is the escape to +∞',
  };
}

/**
 * The two passages of the reduced problem, prepared once: rest → over the threshold (Kramers)
 * and reset → peak, one interspike interval (exact MFPT, Pontryagin's quadrature).
 */
function passagesOf(problem: ReducedProblem, v: PresetValues, tolerance?: number) {
  const prepared = prepare({
    potential: problem.potential,
    parameters: problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
    domain: { min: problem.domain!.min, max: Math.max(problem.domain!.max, v['Vpeak']! * MV) },
  });
  const kramers = ROUTES.kramers.run(prepareTransition(prepared, { from: 0, to: '+inf' }));
  const interval = prepareTransition(prepared, { fromX: v['Vreset']! * MV, toX: v['Vpeak']! * MV });
  const exact = guarded('exact', () =>
    ROUTES.exact.run(interval, tolerance !== undefined ? { tolerance } : {}),
  );
  // Logs: a rate e^{−ΔU/D} underflows at small σ; a route with no number gives NaN (its
  // outcome in `retcode`).
  return {
    logKramers: convergedLog(kramers),
    logExact: convergedLog(exact),
    relativeError: exact.relativeError ?? Number.NaN,
    retcode: combineRetcodes([kramers.retcode, exact.retcode]),
    warnings: [...new Set([...kramers.warnings, ...exact.warnings])],
  };
}

export interface SpikeTrain {
  readonly spikes: number;
  /** Firing rate 1/⟨ISI⟩ and its 95% interval, per τ. */
  readonly rate: number;
  readonly rateCI95: readonly [number, number];
  /** Total simulated time, in τ. */
  readonly duration: number;
  readonly dt: number;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

/** The train's time step (τ): TRAIN_STIFFNESS over the stiffest U″ between reset and peak. */
function trainStep(problem: ReducedProblem, v: PresetValues): number {
  const { vs, w } = problem.parameters as { vs: number; w: number };
  const reset = v['Vreset']! * MV;
  const peak = v['Vpeak']! * MV;
  return TRAIN_STIFFNESS / ((2 * Math.max(Math.abs(reset - vs), Math.abs(peak - vs))) / w);
}

/** Why a train of rare spikes is not simulated, from ln of the mean interval (τ): any size. */
function budgetReason(logMeanInterval: number, dt: number): string {
  const logSteps = Math.log(MIN_TRAIN_SPIKES) + logMeanInterval - Math.log(dt);
  return `not simulated: ${MIN_TRAIN_SPIKES} intervals of ${formatFromLog(logMeanInterval, 3)} τ would take ${formatFromLog(logSteps, 2)} steps (budget ${TRAIN_BUDGET})`;
}

/**
 * The spike train at the preset's bias, or why there is none: no train without a known mean
 * interval (the exact rate did not converge), none past the step budget.
 */
function trainAt(here: ReturnType<typeof ratesAt>, v: PresetValues) {
  const logMean = -here.passages.logExact;
  if (Number.isNaN(logMean)) {
    return {
      reason: `not simulated: the mean interval is unknown (the exact rate is ${here.passages.retcode.replace('_', ' ')})`,
    };
  }
  if (logMean > LOG_DOUBLE_RANGE)
    return { reason: budgetReason(logMean, trainStep(here.problem, v)) };
  return spikeTrain(here.problem, v, Math.exp(logMean));
}

/**
 * A simulated spike train of the noisy neuron: each interspike interval is a Langevin passage
 * from the reset to the peak (overdamped Heun with Brownian-bridge crossing checks, fixed seed),
 * and the train is those intervals laid end to end, as the reset makes it a renewal process.
 * `null` with the reason when the train would exceed the step budget (a rare spike).
 */
export function spikeTrain(
  problem: ReducedProblem,
  v: PresetValues,
  meanInterval: number,
  seed = 1,
): SpikeTrain | { readonly reason: string } {
  const prepared = prepare({
    potential: problem.potential,
    parameters: problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
  });
  const expression = requireExpression(prepared, 'the spike train');
  const reset = v['Vreset']! * MV;
  const peak = v['Vpeak']! * MV;
  const dt = trainStep(problem, v);
  const spikes = Math.min(TRAIN_SPIKES, Math.floor(TRAIN_BUDGET / (meanInterval / dt)));
  if (!(spikes >= MIN_TRAIN_SPIKES)) return { reason: budgetReason(Math.log(meanInterval), dt) };
  // Exponential-like intervals: none outlives 40 means (probability e^{−40}).
  const tMax = 40 * meanInterval;
  const config: SimulationConfig = {
    dynamics: 'overdamped',
    force: generateSource(expression.derivativeAsts[0]!, ['x']),
    potential: generateSource(simplify(expression.ast), ['x']),
    D: problem.D,
    gamma: 1,
    dt,
    tMax,
    start: { x: reset },
    absorbing: { above: peak },
    seed,
  };
  const warnings = checkTimeStep(config);
  const run = runChunk({ config, firstWalker: 0, walkers: spikes });
  const stats = firstPassageStatistics(run.times, run.censored, tMax);
  let sum = 0;
  for (const t of run.times) sum += t;
  return {
    spikes,
    rate: stats.rate,
    rateCI95: stats.rateCI95,
    duration: sum,
    dt,
    retcode: stats.retcode,
    warnings: [...warnings, ...stats.warnings],
  };
}

function validate(v: PresetValues) {
  const positive = ['C', 'g', 'sigma'] as const;
  for (const name of positive) {
    if (!(v[name]! > 0)) {
      throw new KramersError('invalid_parameter', `${name} must be positive; got ${v[name]}`, {
        issues: [{ path: name, message: 'expected > 0' }],
      });
    }
  }
  if (!(v['Vt']! > v['Vr']!)) {
    throw new KramersError(
      'invalid_parameter',
      `the threshold Vt = ${formatIn(v['Vt']!, 'mV')} must lie above the rest Vr = ${formatIn(v['Vr']!, 'mV')}`,
      { issues: [{ path: 'Vt', message: 'expected Vt > Vr' }] },
    );
  }
  const s = neuronScales(v);
  if (!(s.m > 0)) {
    throw new KramersError(
      'invalid_parameter',
      `I = ${formatIn(v['I']!, 'pA')} is at or above the rheobase I_rh = ${formatIn(s.rheobase, 'pA')}: the rest state is gone (saddle-node) and the neuron fires tonically, not by escape`,
      {
        issues: [{ path: 'I', message: 'at or above rheobase' }],
        hint: 'give I below I_rh, or i < 1',
      },
    );
  }
  if (!(v['Vpeak']! > s.threshold) || !(v['Vreset']! < v['Vpeak']!)) {
    throw new KramersError(
      'invalid_parameter',
      `the spike peak Vpeak = ${formatIn(v['Vpeak']!, 'mV')} must lie above the threshold ${formatIn(s.threshold, 'mV')} and the reset Vreset = ${formatIn(v['Vreset']!, 'mV')} below the peak`,
      { issues: [{ path: 'Vpeak', message: 'expected Vreset < threshold < Vpeak' }] },
    );
  }
  return s;
}

/** Firing rates at bias current I (Hz): Kramers over the cubic barrier and exact 1/⟨ISI⟩. */
function ratesAt(v: PresetValues, tolerance?: number) {
  const s = neuronScales(v);
  const problem = build(v);
  const passages = passagesOf(problem, v, tolerance);
  return {
    s,
    problem,
    passages,
    /** ln of the Kramers and exact firing rates (Hz). */
    logKramers: passages.logKramers - Math.log(s.tau),
    logRate: passages.logExact - Math.log(s.tau),
  };
}

/** The bias scan leaves out currents where ΔU/D exceeds this. */
const MAX_SCAN_BARRIER = 40;
/** Relative tolerance of the exact rates in the bias scan. */
const SCAN_TOLERANCE = 1e-7;

function scanRows(v: PresetValues) {
  const rheobase = neuronScales(v).rheobase;
  const rows = [];
  const retcodes: RetCode[] = [];
  for (const i of [0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95]) {
    const at = { ...v, I: i * rheobase };
    const scales = neuronScales(at);
    // Past ΔU/D = 40 the neuron is silent (rates below e^{−40} of ~10 Hz) and the quadrature slow.
    if (!(v['Vpeak']! > scales.threshold) || scales.barrier > MAX_SCAN_BARRIER) continue;
    // The table prints five digits: a 1e-7 quadrature is plenty and much cheaper at small D.
    const r = ratesAt(at, SCAN_TOLERANCE);
    retcodes.push(r.passages.retcode);
    rows.push([
      Number((at['I']! * 1e12).toPrecision(12)),
      r.s.barrier,
      logCell(r.logKramers),
      logCell(r.logRate),
      Math.exp(r.logRate - r.logKramers),
    ]);
  }
  return { rows, retcode: combineRetcodes(retcodes) };
}

function trainResults(train: ReturnType<typeof spikeTrain>, tau: number) {
  if ('reason' in train) return [];
  const [lo, hi] = train.rateCI95;
  return [
    {
      name: 'rateSimulated',
      label: `firing rate, simulated spike train (${train.spikes} spikes)`,
      value: train.rate / tau,
      unit: 'Hz',
      text: `${formatIn(train.rate / tau, 'Hz')} (95% CI ${formatIn(lo / tau, '', 3)}–${formatIn(hi / tau, 'Hz', 3)})`,
      method: `Langevin (Heun), dt = ${formatIn(train.dt, '', 2)} τ, ${formatTime(train.duration * tau)} of spikes, fixed seed`,
    },
  ];
}

/** The answers at the preset's own bias: the cell's scales and its firing rate three ways. */
function rateResults(
  s: ReturnType<typeof neuronScales>,
  here: ReturnType<typeof ratesAt>,
  train: ReturnType<typeof spikeTrain>,
) {
  const firstOrder = (5 / 18) * (1 / s.barrier);
  return [
    {
      name: 'rheobase',
      label: 'rheobase I_rh = g(V_t − V_r)/4',
      value: s.rheobase * 1e12,
      unit: 'pA',
      text: formatIn(s.rheobase, 'pA'),
    },
    {
      name: 'tau',
      label: 'time unit τ = C/g',
      value: s.tau * 1e3,
      unit: 'ms',
      text: formatTime(s.tau),
    },
    {
      name: 'rest',
      label: 'rest V_sn − a (node)',
      value: s.rest * MV,
      unit: 'mV',
      text: formatIn(s.rest, 'mV'),
    },
    {
      name: 'threshold',
      label: 'threshold V_sn + a (saddle)',
      value: s.threshold * MV,
      unit: 'mV',
      text: formatIn(s.threshold, 'mV'),
    },
    {
      name: 'barrier',
      label: 'ΔU/D = (4/3)a(I_rh − I)/g / (σ²/2)',
      value: s.barrier,
      unit: '',
      text: formatIn(s.barrier, ''),
    },
    resultFromLog(
      {
        name: 'rateKramers',
        label: 'firing rate, Kramers (ω/2πτ) e^{−ΔU/D}',
        method: `escape over the cubic barrier, asymptotic in ΔU/D (first correction −${formatIn(100 * firstOrder, '', 2)}%)`,
      },
      here.logKramers,
      'Hz',
    ),
    resultFromLog(
      {
        name: 'rate',
        label: 'firing rate 1/⟨ISI⟩ (exact)',
        method: Number.isNaN(here.logRate)
          ? `MFPT reset → peak: ${here.passages.retcode.replace('_', ' ')} (see warnings)`
          : `MFPT reset → peak, relative error ${relativeErrorText(here.passages.relativeError)}`,
      },
      here.logRate,
      'Hz',
    ),
    ...trainResults(train, s.tau),
    timeFromLog(
      { name: 'interval', label: 'mean interspike interval (exact)' },
      -here.logRate,
      's',
    ),
  ];
}

function evaluate(v: PresetValues) {
  const s = validate(v);
  const here = ratesAt(v);
  const train = trainAt(here, v);
  const scan = scanRows(v);
  const results = rateResults(s, here, train);
  const warnings: string[] = [...here.passages.warnings];
  if ('reason' in train) warnings.push(`spike train ${train.reason}`);
  else if (train.retcode !== 'success') warnings.push(...train.warnings);
  if (s.barrier < 3) {
    warnings.push(
      `ΔU/D = ${formatIn(s.barrier, '')} < 3: spikes are not rare escapes; the Kramers rate is unreliable (the exact rate holds)`,
    );
  }
  return {
    retcode: combineRetcodes([
      here.passages.retcode,
      scan.retcode,
      'reason' in train ? 'success' : train.retcode,
    ]),
    results,
    tables: [
      presetTable(
        `Firing rate vs bias current (the rheobase is the saddle-node; ΔU/D ≤ ${MAX_SCAN_BARRIER})`,
        ['I (pA)', 'ΔU/D', 'Kramers (Hz)', 'exact (Hz)', 'exact/Kramers'],
        scan.rows,
      ),
    ],
    notes: [
      'The spike is the escape over the threshold (the saddle) to +∞, where the quadratic membrane blows up in finite time; the peak V_peak stops it, the reset V_reset restarts it, so the intervals are independent first passages reset → peak. Kramers counts the escapes from rest; the exact rate adds the time to relax from the reset and to run up to the peak, a small part of a long interval.',
      'No adaptation current (Izhikevich’s u) and no refractory period: the model is the saddle-node normal form of a class-1 neuron, valid near spike onset.',
    ],
    warnings,
  };
}

export const neuron: Preset = {
  name: 'neuron',
  title: 'Neuron near spike onset (noisy saddle-node)',
  field: 'neuroscience',
  summary: 'spontaneous firing rate as escape over the threshold: Kramers, exact and a spike train',
  context:
    'A class-1 neuron (a cortical pyramidal cell) starts firing through a saddle-node bifurcation: ' +
    'below the rheobase current its membrane potential rests at a stable node, and the threshold ' +
    'is the saddle beside it. Near onset every such neuron reduces to the quadratic membrane ' +
    'C dV/dt = k(V − V_r)(V − V_t) + I (Izhikevich 2007), the potential U(V) = m(V − V_sn) − ' +
    '(V − V_sn)³/3(V_t − V_r) in mV with a cubic barrier ΔU = (4/3)a·m between rest and threshold. ' +
    'Synaptic noise of amplitude σ (τ dV/dt = … + σ√τ ξ) makes it fire spontaneously below ' +
    'rheobase: each spike is a noise-driven escape over the barrier, at the Kramers rate ' +
    '(Lindner, Longtin & Bulsara 2003), and the spike train is nearly Poisson. The defaults are ' +
    'Izhikevich’s regular-spiking cell (C = 100 pF, k = 0.7 nS/mV, V_r = −60 mV, V_t = −40 mV, ' +
    'V_peak = 35 mV) biased at 55 pA, below its 70 pA rheobase.',
  references: [
    'E. M. Izhikevich, Dynamical Systems in Neuroscience (MIT Press, 2007), §8.1.4',
    'B. Lindner, A. Longtin, A. Bulsara, Neural Computation 15, 1761 (2003)',
    'N. Brunel, V. Hakim, Neural Computation 11, 1621 (1999)',
    'B. Ermentrout, N. Kopell, SIAM J. Appl. Math. 46, 233 (1986)',
  ],
  parameters: [
    {
      name: 'C',
      symbol: 'C',
      kind: 'capacitance',
      default: '100pF',
      unit: 'pF',
      range: [10, 1000],
      domain: POSITIVE,
      scale: 'log',
      description: 'membrane capacitance',
    },
    {
      name: 'g',
      symbol: 'g',
      kind: 'conductance',
      default: '14nS',
      unit: 'nS',
      range: [1, 100],
      domain: POSITIVE,
      scale: 'log',
      description: 'slope conductance at rest, k(V_t − V_r) (k = 0.7 nS/mV)',
    },
    {
      name: 'Vr',
      symbol: 'V_r',
      kind: 'voltage',
      default: '-60mV',
      unit: 'mV',
      range: [-80, -50],
      domain: ANY_FINITE,
      scale: 'linear',
      description: 'resting potential at I = 0',
    },
    {
      name: 'Vt',
      symbol: 'V_t',
      kind: 'voltage',
      default: '-40mV',
      unit: 'mV',
      range: [-50, -30],
      domain: ANY_FINITE,
      scale: 'linear',
      description: 'instantaneous threshold at I = 0',
    },
    {
      name: 'I',
      symbol: 'I',
      kind: 'current',
      default: '55pA',
      unit: 'pA',
      range: [0, 69],
      domain: NON_NEGATIVE,
      scale: 'linear',
      description: 'bias current (below the rheobase)',
    },
    {
      name: 'sigma',
      symbol: 'σ',
      kind: 'voltage',
      default: '2mV',
      unit: 'mV',
      range: [0.5, 10],
      domain: POSITIVE,
      scale: 'log',
      description: 'synaptic noise amplitude (τ dV/dt = … + σ√τ ξ; D = σ²/2)',
    },
    {
      name: 'Vreset',
      symbol: 'V_reset',
      kind: 'voltage',
      default: '-60mV',
      unit: 'mV',
      range: [-80, -45],
      domain: ANY_FINITE,
      scale: 'linear',
      description: 'reset after a spike',
    },
    {
      name: 'Vpeak',
      symbol: 'V_peak',
      kind: 'voltage',
      default: '35mV',
      unit: 'mV',
      range: [-20, 50],
      domain: ANY_FINITE,
      scale: 'linear',
      description: 'spike peak (cut-off of the blow-up)',
    },
  ],
  reducedParameters: [
    { name: 'i', symbol: 'i', description: 'bias i = I/I_rh; fixes I = i·I_rh', sets: 'I' },
  ],
  applyReduced(v, name, value) {
    if (name !== 'i' || !(value >= 0 && value < 1)) {
      throw new KramersError('invalid_parameter', `i = I/I_rh must be in [0, 1); got ${value}`);
    }
    return { ...v, I: value * neuronScales(v).rheobase };
  },
  build,
  evaluate,
};
