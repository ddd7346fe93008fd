import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type BondModel,
  type DhsFit,
  fitDhs,
  KramersError,
  type MethodKey,
  methodInfo,
  type PullProblem,
  type PullReport,
  parseRuptureForcesCsv,
  pull,
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
import {
  ENGINE_OPTION,
  exactBudget,
  progressOf,
  type SessionPlan,
  withPoolSession,
} from './poolSession.js';
import { writePullPlot } from './pullPlot.js';

/** What the simulation's progress counts, and its cheaper alternatives past the budget. */
const PULL_PLAN: SessionPlan = {
  unit: 'steps',
  hint: 'use fewer --walkers, fewer or faster --rates, or a larger --dt',
};
interface PullOptions extends ProblemOptions {
  model?: string;
  dG?: string;
  xb?: string;
  k0?: string;
  nu?: string;
  rates?: string;
  route: string;
  minBarrier: string;
  from?: string;
  brokenX?: string;
  simulate?: boolean;
  walkers: string;
  seed: string;
  dt?: string;
  workers?: string;
  fit?: string;
  plot?: string;
}

const MODELS = ['cusp', 'linear-cubic', 'bell'];

/** `--rates 1,10,1e3`: each a positive number; the error names the entry. */
function parseRates(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  return parts.map((p, i) => {
    const value = numberOption(`rates (entry ${i + 1})`, p);
    if (!(value > 0)) {
      throw new KramersError(
        'invalid_parameter',
        `--rates: entry ${i + 1} is ${p}; loading rates must be > 0`,
        { issues: [{ path: 'rates', message: `entry ${i + 1} not > 0` }] },
      );
    }
    return value;
  });
}

function parseNu(text: string): number {
  const t = text.trim();
  // 0.667 and 0.67 name the linear-cubic ν = 2/3 (CLI shorthand), 2/3 and 1/2 are accepted too.
  if (t === '2/3' || t === '0.667' || t === '0.67') return 2 / 3;
  if (t === '1/2') return 0.5;
  return numberOption('nu', t);
}

/**
 * A value ± its error bound (one digit), the ± left out below the value's sixth printed digit;
 * `≥value` where the error is NaN: bonds still intact where the column stops make ⟨F⟩ (and the
 * SD, which counts them at the stop) a lower bound with no error bar.
 */
function withError(value: number | null, error: number | null | undefined): string {
  if (value === null) return '—';
  if (Number.isNaN(error)) return `≥${formatNumber(value, 6)}`;
  return (
    formatNumber(value, 6) +
    (error && error > 1e-6 * Math.abs(value) ? ` ±${formatNumber(error, 1)}` : '')
  );
}

/** The bond and the landscape the columns were computed on. */
function bondLines(r: PullReport): string[] {
  const lines: string[] = [];
  const b = r.bond;
  if (r.source.kind === 'model') {
    lines.push(
      `${r.source.model} bond: ΔG‡ = ${formatNumber(b.deltaG)}  x‡ = ${formatNumber(b.xb)}  k0 = ${formatNumber(b.k0)}  D = k_BT = ${formatNumber(b.D)}`,
    );
    if (r.source.expression) {
      lines.push(
        `U(x) = ${r.source.expression} (dG = ${formatNumber(b.deltaG)}, xb = ${formatNumber(b.xb)}), γ = ${formatNumber(r.gamma)} so that the exact k(F = 0) = k0`,
      );
    }
  } else {
    lines.push(
      `U(x) = ${r.source.potential.expression}   D = ${formatNumber(b.D)}   γ = ${formatNumber(r.gamma)}`,
      `from the zero-force landscape: ΔG‡ = ${formatNumber(b.deltaG)}  x‡ = ${formatNumber(b.xb)}  k0 = ${formatNumber(b.k0)} (exact 1/MFPT)`,
    );
  }
  if (r.wellX !== null) {
    lines.push(
      `pulled towards +x: well x = ${formatNumber(r.wellX)}, barrier x = ${formatNumber(r.barrierX)}, broken at x = ${formatNumber(r.brokenX)}; the barrier vanishes at F_c = ${formatNumber(r.criticalForce)} (DHS: ${formatNumber(r.dhsCriticalForce)})`,
      `exact: k(F) = ${r.rateRoute === 'kramers' ? 'Kramers formula' : '1/MFPT'} of U(x) − F x up to F = ${formatNumber(r.cutForce)}, where ΔU(F) = ${formatNumber(r.cutBarrier)} D (beyond it k(F) is no escape rate)`,
    );
  }
  return lines;
}

/** A column heading: the method's short name from the catalogue. */
const short = (key: MethodKey) => methodInfo(key)!.short;

const nuText = (nu: number) => (Math.abs(nu - 2 / 3) < 1e-12 ? '2/3' : formatNumber(nu));

/** The simulated ⟨F⟩ ± SE and its 95% CI; walkers intact at the ramp's end: ≥ the bound. */
function simulatedCells(s: NonNullable<PullReport['rows'][number]['simulated']>): string[] {
  const ci = `[${formatNumber(s.meanForceCI95[0], 5)}, ${formatNumber(s.meanForceCI95[1], 5)}]`;
  if (s.meanForceIsLowerBound) return [`≥${formatNumber(s.meanForce)}`, ci];
  return [`${formatNumber(s.meanForce)} ±${formatNumber(s.meanForceStdErr, 2)}`, ci];
}

/** ⟨F⟩ per loading rate and column, with quadrature errors and the simulated 95% CI. */
function meanForceTable(r: PullReport, simulated: boolean): string {
  const header = [
    'loading rate',
    short('bellEvans'),
    `${short('dhs')} ν=${nuText(r.nu)}`,
    `${short('dhs')} approx.`,
    short('exact'),
    ...(simulated ? ['simulated', '95% CI'] : []),
  ];
  const rows = r.rows.map((row) => [
    formatNumber(row.loadingRate),
    withError(row.meanForce.bellEvans, row.meanForceError.bellEvans),
    withError(row.meanForce.dhs, row.meanForceError.dhs),
    formatNumber(row.meanForce.dhsApproximate),
    withError(row.meanForce.exact, row.meanForceError.exact),
    ...(simulated && row.simulated ? simulatedCells(row.simulated) : []),
  ]);
  return table(header, rows);
}

/**
 * The spread of the rupture force per column ± its error bound (`≥` a lower bound, as the means),
 * and the bonds intact where the exact one stops.
 */
function sdForceTable(r: PullReport, simulated: boolean): string {
  const header = [
    'loading rate',
    short('bellEvans'),
    `${short('dhs')} ν=${nuText(r.nu)}`,
    short('exact'),
    ...(simulated ? ['simulated'] : []),
    'intact at cut',
  ];
  const rows = r.rows.map((row) => [
    formatNumber(row.loadingRate),
    withError(row.sdForce.bellEvans, row.sdForceError.bellEvans),
    withError(row.sdForce.dhs, row.sdForceError.dhs),
    withError(row.sdForce.exact, row.sdForceError.exact),
    ...(simulated ? [formatNumber(row.sdForce.simulated ?? null)] : []),
    formatNumber(row.survivalAtCut, 3),
  ]);
  return table(header, rows);
}

function renderPull(r: PullReport): string {
  const simulated = r.rows.some((row) => row.simulated);
  const warnings = [
    ...r.warnings,
    ...r.rows.flatMap((row) =>
      [...row.warnings, ...(row.simulated?.warnings ?? [])].map(
        (w) => `r = ${formatNumber(row.loadingRate)}: ${w}`,
      ),
    ),
  ];
  const lines = [
    ...bondLines(r),
    '',
    'Mean rupture force ⟨F⟩',
    meanForceTable(r, simulated),
    '',
    'Standard deviation of the rupture force',
    sdForceTable(r, simulated),
    '',
    `retcode: ${r.retcode}`,
    ...warningLines(warnings),
  ];
  return `${lines.join('\n')}\n`;
}

function renderFit(f: DhsFit, file: string): string {
  const nu = nuText(f.nu);
  const row = (
    name: string,
    p: { value: number; stdErr: number; profileCI95: [number, number] } | null,
  ) => [
    name,
    p ? formatNumber(p.value) : '— (Bell: no ΔG‡)',
    p ? `± ${formatNumber(p.stdErr, 2)}` : '',
    p
      ? `[${formatNumber(p.profileCI95[0], 5)}, ${p.profileCI95[1] === Number.POSITIVE_INFINITY ? '∞' : formatNumber(p.profileCI95[1], 5)}]`
      : '',
  ];
  const lines = [
    `Dudko–Hummer–Szabo fit (ν = ${nu}, maximum likelihood) to ${f.observations} rupture forces from ${file}`,
    `loading rates: ${f.loadingRates.map((r) => formatNumber(r)).join(', ')}; D = k_BT = ${formatNumber(f.D)}`,
    '',
    table(
      ['parameter', 'value', 'std. error', '95% profile-likelihood CI'],
      [row('ΔG‡', f.deltaG), row('x‡', f.xb), row('k0', f.k0)],
    ),
    '',
    `log-likelihood: ${formatNumber(f.logLikelihood, 10)}; std. errors from the observed information (asymptotic), intervals from the profile likelihood`,
    `retcode: ${f.retcode}`,
  ];
  lines.push(...warningLines(f.warnings));
  return `${lines.join('\n')}\n`;
}

/** The command and its options (the shared problem options first). */
function declarePull(program: Command): Command {
  const command = program
    .command('pull')
    .description(
      'force spectroscopy: rupture forces under a force ramp F = r t (Bell–Evans, DHS, exact, simulated); --fit fits DHS to data',
    );
  return addProblemOptions(command, false)
    .option(
      '--model <m>',
      'a model bond instead of an expression: cusp, linear-cubic or bell (D then defaults to 1: energies in k_BT)',
    )
    .option('--dG <G>', 'model barrier ΔG‡ at zero force (energy)')
    .option('--xb <x>', 'model distance x‡ from the well to the barrier')
    .option('--k0 <k>', 'model escape rate at zero force (1/time)')
    .option('--nu <ν>', 'DHS ν: 0.5 cusp, 0.667 linear-cubic, 1 Bell (default: the model’s; 2/3)')
    .option('--rates <r1,r2,…>', 'loading rates dF/dt, comma-separated, each > 0')
    .option('--route <route>', 'exact column: mfpt (exact 1/MFPT) or kramers', 'mfpt')
    .option('--min-barrier <n>', 'the exact column stops where ΔU(F) = n·D', '1')
    .option(
      '--from <well>',
      'expression: the well to pull from (default: first with a barrier on its right)',
    )
    .option('--broken-x <x>', 'where the bond counts as broken (default: U back at the well level)')
    .option('--simulate', 'also pull Langevin walkers (all cores)')
    .option('--walkers <n>', 'walkers per loading rate', '1000')
    .option('--seed <s>', 'master seed', '1')
    .option('--dt <dt>', 'time step (default from the curvatures)')
    .option('--workers <w>', 'worker threads (default: all cores)')
    .option(...ENGINE_OPTION)
    .option(
      '--yes',
      'run even when the estimated cost is past the budget (KRAMERS_BUDGET s, default 120)',
    )
    .option('--fit <file.csv>', 'fit DHS to rupture forces (CSV: loading_rate,force per line)')
    .option(
      '--plot <file>',
      'write ⟨F⟩ vs loading rate and the densities p(F) to FILE (.svg or .png)',
    );
}

/** `--fit data.csv`: the DHS maximum-likelihood fit, printed; the exit code from its retcode. */
function runFit(file: string, options: PullOptions, D: () => number, io: CliIO): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KramersError(
      'usage',
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const fit = fitDhs({
    observations: parseRuptureForcesCsv(text, file),
    ...(options.nu !== undefined ? { nu: parseNu(options.nu) } : {}),
    D: D(),
  });
  io.stdout(options.json ? toJson(fit) : renderFit(fit, file));
  return exitCodeOf(fit.retcode);
}

/** What every pull problem takes from the options: rates, the exact column, the simulation. */
function commonOf(options: PullOptions) {
  if (options.rates === undefined) {
    throw new KramersError('usage', 'give the loading rates: --rates r1,r2,… (or --fit data.csv)', {
      issues: [{ path: 'rates', message: 'missing' }],
    });
  }
  const loadingRates = parseRates(options.rates);
  if (options.route !== 'mfpt' && options.route !== 'kramers') {
    throw new KramersError(
      'invalid_parameter',
      `--route must be mfpt or kramers; got '${options.route}'`,
    );
  }
  return {
    loadingRates,
    rateRoute: options.route as 'mfpt' | 'kramers',
    minBarrier: numberOption('min-barrier', options.minBarrier),
    ...(options.nu !== undefined ? { nu: parseNu(options.nu) } : {}),
    ...(options.brokenX !== undefined
      ? { brokenX: numberOption('broken-x', options.brokenX) }
      : {}),
    ...(options.simulate
      ? {
          simulate: {
            walkers: indexOption('walkers', options.walkers),
            seed: indexOption('seed', options.seed),
            ...(options.dt !== undefined ? { dt: numberOption('dt', options.dt) } : {}),
          },
        }
      : {}),
  };
}

/** `--model m --dG --xb --k0`: a model bond (D defaults to 1, energies in k_BT). */
function modelProblem(
  positional: string | undefined,
  options: PullOptions,
  common: ReturnType<typeof commonOf>,
  D: () => number,
): PullProblem {
  const model = options.model!;
  if (!MODELS.includes(model)) {
    throw new KramersError(
      'invalid_parameter',
      `--model must be cusp, linear-cubic or bell; got '${model}'`,
      { issues: [{ path: 'model', message: 'unknown model' }] },
    );
  }
  if (positional !== undefined || options.expr !== undefined) {
    throw new KramersError('usage', 'give a model or an expression, not both');
  }
  for (const name of ['dG', 'xb', 'k0'] as const) {
    if (options[name] === undefined) {
      throw new KramersError('usage', `--model ${model} needs --${name}`, {
        issues: [{ path: name, message: 'missing' }],
      });
    }
  }
  return {
    ...common,
    model: model as BondModel,
    deltaG: numberOption('dG', options.dG!),
    xb: numberOption('xb', options.xb!),
    k0: numberOption('k0', options.k0!),
    D: D(),
  };
}

/** An expression U(x) with the shared problem options. */
function expressionProblem(
  positional: string | undefined,
  options: PullOptions,
  common: ReturnType<typeof commonOf>,
): PullProblem {
  if (options.dG !== undefined || options.xb !== undefined || options.k0 !== undefined) {
    throw new KramersError(
      'usage',
      '--dG, --xb and --k0 describe a model: add --model cusp|linear-cubic|bell',
    );
  }
  const base = problemFromOptions(positional, options);
  return {
    ...common,
    potential: base.potential as string,
    ...(base.parameters ? { parameters: base.parameters } : {}),
    ...(base.D !== undefined ? { D: base.D } : {}),
    ...(base.gamma !== undefined ? { gamma: base.gamma } : {}),
    ...(base.domain !== undefined ? { domain: base.domain } : {}),
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
  };
}

/**
 * Runs the study: with `--simulate` on a worker pool (`--workers`, Ctrl-C keeps what is done),
 * else in this thread; a progress bar on a terminal either way.
 */
async function runPull(problem: PullProblem, io: CliIO, options: PullOptions) {
  if (options.simulate) {
    return withPoolSession(io, options, PULL_PLAN, (session) =>
      pull(problem, {
        runner: session.runner,
        signal: session.signal,
        ...session.progress,
        ...session.budget,
      }).finally(session.endProgress),
    );
  }
  const bar = progressOf(io, 'steps');
  try {
    return await pull(problem, {
      onProgress: (done, total) => bar.update(done, total),
      ...exactBudget(options),
    });
  } finally {
    bar.stop();
  }
}

/** `kramers pull`: dynamic force spectroscopy, theory beside simulation; `--fit` fits DHS. */
export function registerPull(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = declarePull(program);
  command.action(async (positional: string | undefined, options: PullOptions) => {
    // A model's energies are in k_BT: D defaults to 1 there (and for a fit), not to 0.05.
    const Dgiven = command.getOptionValueSource('D') !== 'default';
    const modelD = () => (Dgiven ? numberOption('D', options.D) : 1);
    if (options.plot !== undefined) {
      if (options.fit !== undefined) {
        throw new KramersError('usage', '--plot draws a pull run, not a fit: drop one of them');
      }
      checkPlotFile(options.plot);
    }
    if (options.fit !== undefined) {
      setExit(runFit(options.fit, options, modelD, io));
      return;
    }
    const common = commonOf(options);
    const problem =
      options.model !== undefined
        ? modelProblem(positional, options, common, modelD)
        : expressionProblem(positional, options, common);
    const report = await runPull(problem, io, options);
    if (options.plot !== undefined) await writePullPlot(report, options.plot);
    if (options.json) {
      const { curves: _curves, ...rest } = report;
      io.stdout(toJson(rest));
    } else {
      io.stdout(renderPull(report));
    }
    setExit(exitCodeOf(report.retcode));
  });
}
