import {
  constants,
  DIMENSIONS,
  formatIn,
  overdampedUnits,
  stokesFriction,
  toReduced,
} from '../units/index.js';
import { type EscapeNumbers, escapeOutcome, reducedEscape } from './escape.js';
import { logCell, presetTable, relativeErrorText, resultFromLog, timeFromLog } from './logged.js';
import { POSITIVE } from './resolve.js';
import type {
  Preset,
  PresetOutcome,
  PresetResult,
  PresetTable,
  PresetValues,
  ReducedProblem,
} from './types.js';

const { AVOGADRO, BOLTZMANN, PLANCK } = constants;

const WATER_VISCOSITY = 1e-3; // Pa s, the reference of the k·η column

/** The rate theories of the preset, all in 1/s, from SI values; `log` holds their natural logs. */
export function reactionRates(v: PresetValues) {
  const kT = BOLTZMANN * v['T']!;
  const barrier = v['dG']! / kT;
  // U = ΔG‡ [3(x/a)² − 2(x/a)³]: U″ = ±6ΔG‡/a² at the well (x = 0) and the barrier (x = a).
  const curvature = (6 * v['dG']!) / (v['a']! * v['a']!);
  const omega = Math.sqrt(curvature / v['m']!);
  const friction = stokesFriction(v['eta']!, v['r']!);
  const collisionRate = friction / v['m']!;
  // Each rate is a prefactor times e^{−ΔG‡/RT}: carried as logs, which stay finite where the
  // rate itself underflows (ΔG‡/RT past 745).
  const log = {
    /** Eyring (1935), transmission coefficient 1: (k_BT/h) e^{−ΔG‡/RT}. */
    eyring: Math.log(kT / PLANCK) - barrier,
    /** TST, harmonic well: (ω_a/2π) e^{−ΔU/k_BT}. */
    tst: Math.log(omega / (2 * Math.PI)) - barrier,
    /**
     * Kramers (1940) spatial-diffusion rate at moderate-to-strong friction (Grote-Hynes with
     * Markovian friction): (ω_a/2πω_s)[√(η_c²/4 + ω_s²) − η_c/2] e^{−ΔU/k_BT}; here ω_s = ω_a.
     * The bracket is written ω_s²/[√(η_c²/4 + ω_s²) + η_c/2], free of cancellation at large η_c.
     */
    kramers:
      Math.log(
        (omega * omega) /
          (2 *
            Math.PI *
            (Math.sqrt((collisionRate * collisionRate) / 4 + omega * omega) + collisionRate / 2)),
      ) - barrier,
    /** Overdamped Kramers: ω_a ω_s/(2π η_c) e^{−ΔU/k_BT} ∝ 1/η. */
    overdamped: Math.log((omega * omega) / (2 * Math.PI * collisionRate)) - barrier,
  };
  return {
    kT,
    barrier,
    omega,
    friction,
    collisionRate,
    log,
    eyring: Math.exp(log.eyring),
    tst: Math.exp(log.tst),
    kramers: Math.exp(log.kramers),
    overdamped: Math.exp(log.overdamped),
  };
}

function build(v: PresetValues): ReducedProblem {
  const { kT, barrier, friction } = reactionRates(v);
  const units = overdampedUnits({ energy: kT, length: v['a']!, friction });
  return {
    potential: 'b*(3*x^2 - 2*x^3)',
    parameters: { b: barrier },
    D: 1,
    gamma: 1,
    mass: toReduced(v['m']!, DIMENSIONS.mass, units),
    from: 0,
    to: '+inf',
    units,
    coordinate: 'reaction coordinate x in units of a (reactant well at 0, barrier top at 1)',
  };
}

/** The exact overdamped rate (1/s), or — with the route's outcome where it has none. */
function exactResult(exact: EscapeNumbers, logTimeUnit: number): PresetResult {
  const converged = !Number.isNaN(exact.logExact);
  return resultFromLog(
    {
      name: 'exact',
      label: 'exact overdamped k = 1/MFPT',
      method: converged
        ? `Pontryagin MFPT quadrature, relative error ${relativeErrorText(exact.exactRelativeError)}; valid for η_c ≫ ω_s`
        : `Pontryagin MFPT quadrature: ${exact.retcode.replace('_', ' ')} (see warnings)`,
    },
    exact.logExact - logTimeUnit,
    '1/s',
  );
}

function results(v: PresetValues, exact: EscapeNumbers, logTimeUnit: number): PresetResult[] {
  const k = reactionRates(v);
  const perSecond = (name: string, label: string, log: number, method: string) =>
    resultFromLog({ name, label, method }, log, '1/s');
  return [
    {
      name: 'barrier',
      label: 'ΔG‡/RT',
      value: k.barrier,
      unit: '',
      text: formatIn(k.barrier, ''),
      method: `ΔG‡ = ${formatIn(v['dG']! * AVOGADRO, 'kJ/mol')} at T = ${formatIn(v['T']!, 'K')}`,
    },
    perSecond('eyring', 'Eyring k = (k_BT/h) e^{−ΔG‡/RT}', k.log.eyring, 'Eyring 1935, κ = 1'),
    perSecond('tst', 'TST k = (ω_a/2π) e^{−ΔG‡/RT}', k.log.tst, 'harmonic TST'),
    perSecond(
      'kramers',
      'Kramers k (moderate-to-strong friction)',
      k.log.kramers,
      'Kramers 1940 spatial diffusion, asymptotic in ΔG‡/RT',
    ),
    perSecond('overdamped', 'overdamped Kramers k ∝ 1/η', k.log.overdamped, 'valid for η_c ≫ ω_s'),
    exactResult(exact, logTimeUnit),
    timeFromLog(
      { name: 'halfLife', label: 'half-life ln2/k (Kramers)' },
      Math.log(Math.LN2) - k.log.kramers,
      's',
    ),
    {
      name: 'collisionRate',
      label: 'collision rate η_c = 6πηr/m vs ω_s',
      value: k.collisionRate / k.omega,
      unit: '',
      text: `η_c/ω_s = ${formatIn(k.collisionRate / k.omega, '')} (ω_s = ${formatIn(k.omega, '1/s')})`,
    },
  ];
}

/**
 * TST, Kramers and exact overdamped rates vs viscosity (the exact one ∝ 1/η), from logs; and the
 * viscosities whose overdamped column exceeds Kramers' (inertial) rate by more than 5 %: there the
 * collision rate is not ≫ ω_s, the overdamped limit does not hold, and at the lowest viscosities
 * it runs far above TST, the upper bound (34× at 0.01 mPa·s for the defaults).
 */
function viscosityTable(
  v: PresetValues,
  logExact: number,
): { table: PresetTable; inertial: InertialRow[] } {
  const k = reactionRates(v);
  const rows = [];
  const inertial: InertialRow[] = [];
  for (let e = -2; e <= 4; e++) {
    const eta = 10 ** e * 1e-3;
    const r = reactionRates({ ...v, eta });
    const logOverdamped = logExact + Math.log(k.friction / r.friction);
    if (logOverdamped - r.log.kramers > Math.log(1.05)) {
      const aboveTst = logOverdamped > r.log.tst;
      inertial.push({ eta: eta * 1e3, ratio: r.collisionRate / r.omega, aboveTst });
    }
    rows.push([
      eta * 1e3,
      r.collisionRate,
      logCell(r.log.tst),
      logCell(r.log.kramers),
      logCell(logOverdamped),
      logCell(r.log.kramers + Math.log(eta / 1e-3)),
    ]);
  }
  const table = presetTable(
    'Rate vs solvent viscosity (Kramers 1940)',
    [
      'η (mPa*s)',
      'η_c (1/s)',
      'TST (1/s)',
      'Kramers (1/s)',
      'exact overdamped (1/s)',
      `k·η/${WATER_VISCOSITY * 1e3}mPa*s (1/s)`,
    ],
    rows,
  );
  return { table, inertial };
}

/** A viscosity of the table outside the overdamped limit (mPa·s), η_c/ω_s there. */
interface InertialRow {
  readonly eta: number;
  readonly ratio: number;
  /** Whether the overdamped column there is above TST, the upper bound of any friction. */
  readonly aboveTst: boolean;
}

/** One warning for the table's rows outside the overdamped limit (none when there are none). */
function inertialRowsWarning(inertial: readonly InertialRow[]): string[] {
  if (inertial.length === 0) return [];
  const list = (rows: readonly InertialRow[]) => rows.map((r) => formatIn(r.eta, '')).join(', ');
  const ratios = inertial.map((r) => formatIn(r.ratio, '')).join(', ');
  const above = inertial.filter((r) => r.aboveTst);
  const tst = above.length > 0 ? `; at ${list(above)} it is even above TST, the upper bound` : '';
  return [
    `Rate vs solvent viscosity: at η = ${list(inertial)} mPa*s (η_c/ω_s = ${ratios}) the exact overdamped column exceeds the Kramers rate by more than 5%: the collision rate is not ≫ ω_s there${tst}; read the Kramers column`,
  ];
}

function evaluate(v: PresetValues): PresetOutcome {
  const k = reactionRates(v);
  const problem = build(v);
  const exact = reducedEscape(problem);
  const logTimeUnit = Math.log(problem.units.time);
  const notes = [
    'k·η is constant at high viscosity: the rate is ∝ 1/η (Kramers 1940). At low viscosity the Kramers rate tends to TST; below η_c ≈ (k_BT/ΔG‡)ω_s the energy-diffusion regime (turnover) lowers it again, which this preset does not model.',
  ];
  const warnings =
    k.collisionRate < 2 * k.omega
      ? [
          `η_c/ω_s = ${formatIn(k.collisionRate / k.omega, '')} is not ≫ 1: the overdamped rates (and the reduced problem) overstate recrossing; read the Kramers column`,
        ]
      : [];
  const scan = viscosityTable(v, exact.logExact - logTimeUnit);
  return {
    retcode: escapeOutcome([exact]).retcode,
    results: results(v, exact, logTimeUnit),
    tables: [scan.table],
    notes,
    warnings: [...warnings, ...inertialRowsWarning(scan.inertial), ...exact.warnings],
  };
}

export const chemicalReaction: Preset = {
  name: 'reaction',
  title: 'Chemical reaction in a solvent',
  field: 'chemistry',
  summary: 'Eyring and TST vs Kramers as the solvent viscosity grows: k ∝ 1/η at high viscosity',
  context:
    'A unimolecular reaction A → B crosses a free-energy barrier ΔG‡ along a reaction coordinate ' +
    'that feels the solvent as friction. Transition-state theory (Eyring 1935) counts every ' +
    'crossing of the barrier top as a reaction; Kramers (1940) showed that friction makes the ' +
    'trajectory recross, lowering the rate by the factor [√(η_c²/4 + ω_s²) − η_c/2]/ω_s, which ' +
    'becomes ω_s/η_c ∝ 1/η in a viscous solvent — the viscosity dependence seen in ' +
    'isomerisations such as stilbene photo-isomerisation in alkanes (Rothenberger, Negus & ' +
    'Hochstrasser 1983). Friction is Stokes 6πηr on the moving group. The reduced problem is ' +
    'the overdamped one (valid at high friction); at very low viscosity the energy-diffusion ' +
    'regime (the Kramers turnover) is not modelled here.',
  references: [
    'H. Eyring, J. Chem. Phys. 3, 107 (1935)',
    'H. A. Kramers, Physica 7, 284 (1940)',
    'P. Hänggi, P. Talkner, M. Borkovec, Rev. Mod. Phys. 62, 251 (1990)',
  ],
  parameters: [
    {
      name: 'dG',
      symbol: 'ΔG‡',
      kind: 'energy',
      default: '50kJ/mol',
      unit: 'kJ/mol',
      range: [10, 120],
      domain: POSITIVE,
      scale: 'linear',
      description: 'activation free energy (barrier height)',
    },
    {
      name: 'T',
      symbol: 'T',
      kind: 'temperature',
      default: '300K',
      unit: 'K',
      range: [250, 400],
      domain: POSITIVE,
      scale: 'linear',
      description: 'temperature',
    },
    {
      name: 'eta',
      symbol: 'η',
      kind: 'viscosity',
      default: '1mPa*s',
      unit: 'mPa*s',
      range: [0.01, 10000],
      domain: POSITIVE,
      scale: 'log',
      description: 'solvent viscosity (water ≈ 0.89 mPa·s at 25 °C)',
    },
    {
      name: 'r',
      symbol: 'r',
      kind: 'length',
      default: '0.2nm',
      unit: 'nm',
      range: [0.05, 1],
      domain: POSITIVE,
      scale: 'linear',
      description: 'Stokes radius of the moving group (friction 6πηr)',
    },
    {
      name: 'm',
      symbol: 'm',
      kind: 'mass',
      default: '20Da',
      unit: 'Da',
      range: [1, 200],
      domain: POSITIVE,
      scale: 'log',
      description: 'effective mass along the reaction coordinate',
    },
    {
      name: 'a',
      symbol: 'a',
      kind: 'length',
      default: '0.1nm',
      unit: 'nm',
      range: [0.02, 0.5],
      domain: POSITIVE,
      scale: 'log',
      description: 'distance from the reactant well to the barrier top',
    },
  ],
  reducedParameters: [],
  build,
  evaluate,
};
