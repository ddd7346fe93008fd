import type { Command } from 'commander';
import {
  KramersError,
  methodInfo,
  type ResonanceProblem,
  type ResonanceReport,
  stochasticResonance,
} from '../index.js';
import { formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  exitCodeOf,
  indexOption,
  numberOption,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';
import { checkPlotFile } from './plotFile.js';
import { ENGINE_OPTION, exactBudget, type SessionPlan, withPoolSession } from './poolSession.js';
import { writeResonancePlot } from './resonancePlot.js';

/** What the simulation's progress counts, and its cheaper alternatives past the budget. */
const RESONANCE_PLAN: SessionPlan = {
  unit: 'trajectories',
  hint: 'use fewer --trajectories, --periods or --points, or the linear-response curve without --simulate',
};
interface ResonanceOptions extends ProblemOptions {
  amplitude?: string;
  omega?: string;
  coupling?: string;
  DMin?: string;
  DMax?: string;
  points: string;
  simulate?: boolean;
  periods: string;
  samplesPerPeriod: string;
  trajectories: string;
  seed: string;
  workers?: string;
  plot?: string;
}

/** How the simulated column was made: trajectories, record, step, seed and the engine that ran. */
function simulationLine(r: ResonanceReport): string[] {
  const s = r.simulation;
  if (!s) return [];
  return [
    `simulated: ${s.trajectories} trajectories × ${s.periods} periods per D, ${s.samplesPerPeriod} samples a period, dt = ${formatNumber(s.dt, 4)}, seed ${s.seed}${s.engine ? ` (${s.engine} engine)` : ''}`,
  ];
}

/**
 * Each maximum with its ± (two digits), which bounds how far it may be off: a theory curve's is
 * located by evaluating the theory, the simulated one interpolated between noise levels; a curve
 * whose largest η is at an end of the range has none, and the note says why. Where nothing bounds
 * it (too few simulated levels about the largest η): ≈ and no ±; the warning says why.
 */
function maximumLines(r: ResonanceReport): string[] {
  const pm = (e: number | null) => (e !== null && e > 0 ? ` ± ${formatNumber(e, 2)}` : '');
  return [
    ...Object.entries(r.maximum).map(([curve, m]) => {
      const [is, state] = m.retcode === 'success' ? ['=', ''] : ['≈', ' (not converged)'];
      return `  ${curve}${state}: D* ${is} ${formatNumber(m.D, 4)}${pm(m.DError)}, η* ${is} ${formatNumber(m.amplification, 4)}${pm(m.amplificationError)}`;
    }),
    ...Object.entries(r.maximumNote).map(([curve, note]) => `  ${curve}: — (${note})`),
  ];
}

function render(r: ResonanceReport): string {
  const sim = r.rows.some((row) => row.simulated);
  const [two, lr] = [methodInfo('twoState')!.short, methodInfo('linearResponse')!.short];
  const head = ['D', `η ${two}`, `η ${lr}`, `SNR ${two}`, `SNR ${lr}`];
  if (sim) head.push('η simulated', '95% CI', 'SNR simulated', '95% CI');
  const rows = r.rows.map((row) => {
    const cells = [
      formatNumber(row.D, 4),
      row.twoState ? formatNumber(row.twoState.amplification, 4) : '',
      // An unreliable row (its error bound not small against η) shows no number; the JSON has it.
      row.linearResponse.reliable ? formatNumber(row.linearResponse.amplification, 4) : '—',
      row.twoState ? formatNumber(row.twoState.snr, 3) : '',
      row.linearResponse.reliable ? formatNumber(row.linearResponse.snr, 3) : '—',
    ];
    if (sim) {
      const s = row.simulated;
      cells.push(
        s ? formatNumber(s.amplification, 4) : '',
        s
          ? `[${formatNumber(s.amplificationCI95[0], 3)}, ${formatNumber(s.amplificationCI95[1], 3)}]`
          : '',
        s ? formatNumber(s.snr, 3) : '',
        // An SNR interval without an upper end is half open (a warning names those levels).
        s
          ? Number.isFinite(s.snrCI95[1])
            ? `[${formatNumber(s.snrCI95[0], 3)}, ${formatNumber(s.snrCI95[1], 3)}]`
            : `[${formatNumber(s.snrCI95[0], 3)}, ∞)`
          : '',
      );
    }
    return cells;
  });
  const maxima = maximumLines(r);
  const lines = [
    `U(x, t) = ${r.potential.expression} − A·(${r.coupling})·cos(Ωt)   A = ${formatNumber(r.amplitude)}   Ω = ${formatNumber(r.omega)}   γ = ${formatNumber(r.gamma)}`,
    'η = (amplitude of ⟨x⟩ at Ω / A)²;  SNR = mean-square signal / one-sided noise PSD (per angular frequency) at Ω',
    ...(r.criticalAmplitude !== null
      ? [
          `critical amplitude (barrier erased at the drive's extremes): A_c = ${formatNumber(r.criticalAmplitude, 4)}`,
        ]
      : []),
    '',
    table(head, rows),
    ...simulationLine(r),
    '',
    'Maximum of η (stochastic resonance)',
    ...(maxima.length > 0
      ? maxima
      : ['  none: a maximum needs a scan of at least three noise levels']),
    '',
    `retcode: ${r.retcode}`,
  ];
  lines.push(...warningLines(r.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers resonance`: stochastic resonance, theory and simulation, over a range of noise. */
export function registerResonance(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('resonance')
    .description(
      'stochastic resonance of U(x) − A·φ(x)·cos(Ωt): spectral amplification and SNR vs noise D',
    );
  addResonanceOptions(addProblemOptions(command, false)).action(
    (positional: string | undefined, options: ResonanceOptions, cmd: Command) =>
      runResonance(positional, options, cmd, io, setExit),
  );
}

/** The drive, the noise range and the simulation options of `kramers resonance`. */
function addResonanceOptions(command: Command): Command {
  return command
    .option('--amplitude <A>', 'drive amplitude A (required)')
    .option('--omega <Ω>', 'drive angular frequency Ω (required)')
    .option('--coupling <phi>', 'drive coupling φ(x) as an expression', 'x')
    .option(
      '--D-min <D>',
      'smallest noise (default ΔU/8); --D alone, or --D-min = --D-max, for one D',
    )
    .option('--D-max <D>', 'largest noise (default 2ΔU)')
    .option('--points <n>', 'noise levels (log-spaced)', '12')
    .option('--simulate', 'also measure η and SNR by Langevin simulation at each D')
    .option('--periods <n>', 'simulation: recorded drive periods (power of two)', '64')
    .option(
      '--samples-per-period <n>',
      'simulation: samples per drive period (power of two; fewer alias the intrawell motion into the noise)',
      '128',
    )
    .option('--trajectories <n>', 'simulation: trajectories per noise level', '16')
    .option('--seed <s>', 'simulation: master seed', '1')
    .option('--workers <w>', 'simulation: worker threads (default: all cores)')
    .option(...ENGINE_OPTION)
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    )
    .option('--plot <file>', 'write η and SNR vs D to FILE (.svg or .png)');
}

/** Options with the drive given: --amplitude and --omega are required. */
type DrivenOptions = ResonanceOptions & { amplitude: string; omega: string };

/** Refuses a run without the drive (--amplitude and --omega) as a usage error. */
function requireDrive(options: ResonanceOptions): asserts options is DrivenOptions {
  if (options.amplitude === undefined || options.omega === undefined) {
    throw new KramersError('usage', 'give the drive: --amplitude A --omega Ω');
  }
}

/** The library problem of `kramers resonance`: the shared options, the drive and the noise range. */
function resonanceProblemOf(
  positional: string | undefined,
  options: DrivenOptions,
  cmd: Command,
): ResonanceProblem {
  const base = problemFromOptions(positional, options);
  const { D, ...problem } = base;
  // --D alone asks about one noise level; its default (the other commands') is no range.
  const single = cmd.getOptionValueSource('D') === 'cli' ? { D } : {};
  return {
    ...problem,
    ...single,
    amplitude: numberOption('amplitude', options.amplitude),
    omega: numberOption('omega', options.omega),
    coupling: options.coupling ?? 'x',
    ...(options.DMin !== undefined ? { Dmin: numberOption('D-min', options.DMin) } : {}),
    ...(options.DMax !== undefined ? { Dmax: numberOption('D-max', options.DMax) } : {}),
    points: 'D' in single ? 1 : indexOption('points', options.points),
    ...(options.simulate
      ? {
          simulate: {
            periods: indexOption('periods', options.periods),
            samplesPerPeriod: indexOption('samples-per-period', options.samplesPerPeriod),
            trajectories: indexOption('trajectories', options.trajectories),
            seed: indexOption('seed', options.seed),
          },
        }
      : {}),
  };
}

/** Runs `kramers resonance`: the theory curves, and with --simulate the simulated points too. */
async function runResonance(
  positional: string | undefined,
  options: ResonanceOptions,
  cmd: Command,
  io: CliIO,
  setExit: (code: number) => void,
): Promise<void> {
  requireDrive(options);
  if (options.plot !== undefined) checkPlotFile(options.plot);
  const request = resonanceProblemOf(positional, options, cmd);
  if (!options.simulate) {
    const report = await stochasticResonance(request, exactBudget(options));
    if (options.plot !== undefined) await writeResonancePlot(report, options.plot);
    io.stdout(options.json ? toJson(report) : render(report));
    setExit(exitCodeOf(report.retcode));
    return;
  }
  await withPoolSession(io, options, RESONANCE_PLAN, async (session) => {
    const report = await stochasticResonance(request, {
      runner: session.runner,
      signal: session.signal,
      ...session.progress,
      ...session.budget,
    });
    session.endProgress();
    if (options.plot !== undefined) await writeResonancePlot(report, options.plot);
    io.stdout(options.json ? toJson({ ...report, workers: session.workers }) : render(report));
    setExit(exitCodeOf(report.retcode));
  });
}
