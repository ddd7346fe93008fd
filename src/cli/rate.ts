import type { Command } from 'commander';
import {
  KramersError,
  type MethodResult,
  RATE_METHODS,
  type RateMethod,
  type RateReport,
  rate,
  simulate,
  simulationAsMethod,
  type TransitionTarget,
  turnover,
} from '../index.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import {
  addProblemOptions,
  type CliIO,
  EXIT_NUMERICAL,
  EXIT_SUCCESS,
  indexOption,
  numberOption,
  type ProblemOptions,
  problemFromOptions,
  toJson,
} from './options.js';

interface RateOptions extends ProblemOptions {
  from?: string;
  fromX?: string;
  to?: string;
  toX?: string;
  reflectX?: string;
  method: string;
  simulate?: boolean;
  walkers: string;
  dynamics: string;
}

const INERTIAL_METHODS = [
  ['tst', 'transition-state theory (ω_a/2π) e^{−ΔU/D}: the upper bound'],
  ['energyDiffusion', 'energy diffusion (η_c I_s/D)(ω_a/2π) e^{−ΔU/D}: weak friction'],
  ['spatialDiffusion', 'Kramers spatial diffusion: moderate-to-strong friction'],
  ['overdamped', 'overdamped Kramers √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D}: strong friction'],
  ['turnover', "Mel'nikov–Meshkov turnover: all friction, error O(D/ΔU)"],
  ['exact', 'exact λ1·p_b from the Klein–Kramers spectrum (population relaxation)'],
] as const;

/** `kramers rate --dynamics underdamped`: the inertial theories and the exact Klein–Kramers rate. */
function underdampedRate(
  positional: string | undefined,
  options: RateOptions,
  io: CliIO,
  setExit: (code: number) => void,
) {
  if (options.fromX !== undefined || options.toX !== undefined || options.reflectX !== undefined) {
    throw new KramersError(
      'usage',
      '--dynamics underdamped works between wells: --from-x, --to-x and --reflect-x are overdamped only',
    );
  }
  if (options.simulate) {
    throw new KramersError(
      'usage',
      '--dynamics underdamped: simulate with kramers turnover --simulate (population relaxation) or kramers simulate --dynamics underdamped (well-to-well passage times)',
    );
  }
  const { gamma, ...problem } = problemFromOptions(positional, options);
  const wanted =
    options.method === 'all' ? ['exact'] : options.method.split(',').map((m) => m.trim());
  const report = turnover({
    ...problem,
    gammaMin: gamma ?? 1,
    gammaMax: gamma ?? 1,
    points: 1,
    ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
    ...(options.to !== undefined ? { to: parseTarget(options.to) } : {}),
    ...(wanted.includes('exact') ? { exact: true } : {}),
  });
  const row = report.rows[0]!;
  const exact = row.rates.exact ?? null;
  if (options.json) {
    io.stdout(toJson({ dynamics: 'underdamped', ...report }));
  } else {
    const lines = [
      `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   γ = ${formatNumber(row.gamma)}   m = ${formatNumber(report.mass)}   (underdamped)`,
      `from well ${report.from} to ${String(report.to)} over the barrier at x = ${formatNumber(report.barrier.x, 8)} (ΔU/D = ${formatNumber(report.barrierToNoise, 6)}); regime: ${row.regime}, Δ = η_c I_s/D = ${formatNumber(row.energyLoss, 4)}`,
      '',
      table(
        ['method', 'rate k (1/time)', 'vs exact'],
        INERTIAL_METHODS.filter(([key]) => key !== 'exact' || exact !== null).map(([key]) => {
          const value = row.rates[key] ?? null;
          return [
            key,
            formatNumber(value, 8),
            key === 'exact'
              ? `± ${formatNumber((row.rates.exactError ?? 0) / (exact ?? 1), 2)} rel.`
              : exact !== null && value !== null
                ? percent(value / exact - 1)
                : '—',
          ];
        }),
      ),
      '',
      `rates: ${report.definition}`,
      'What each number is',
      ...INERTIAL_METHODS.map(([key, text]) => `  ${key}: ${text}`),
    ];
    lines.push(...warningLines(report.warnings));
    io.stdout(`${lines.join('\n')}\n`);
  }
  const unconverged = report.warnings.some((w) => w.includes('converged only'));
  setExit(unconverged ? EXIT_NUMERICAL : EXIT_SUCCESS);
}

function parseTarget(text: string): TransitionTarget {
  const t = text.trim();
  if (t === '-inf' || t === '+inf') return t;
  if (t === 'inf') return '+inf';
  return indexOption('to', t);
}

function parseMethods(text: string): RateMethod[] {
  if (text === 'all') return [...RATE_METHODS];
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(RATE_METHODS as readonly string[]).includes(name)) {
      throw new KramersError(
        'invalid_parameter',
        `--method: unknown method '${name}'; choose from ${RATE_METHODS.join(', ')} or all`,
        { issues: [{ path: 'method', message: 'unknown method' }] },
      );
    }
  }
  return names as RateMethod[];
}

function place(
  where: { well: number | string | null; x: number },
  kind: 'from' | 'to',
  freeStart = false,
): string {
  const x = formatNumber(where.x, 8);
  if (where.well === null) return `x = ${x}`;
  if (freeStart) return `x = ${x} (in the basin of well ${where.well})`;
  if (where.well === '-inf' || where.well === '+inf') {
    return `${where.well === '-inf' ? '−∞' : '+∞'} (sink at x = ${x})`;
  }
  return `${kind === 'from' ? 'well' : 'well'} ${where.well} (x = ${x})`;
}

function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const p = value * 100;
  return `${p >= 0 ? '+' : '−'}${formatNumber(Math.abs(p), 3)}%`;
}

function accuracy(r: MethodResult): string {
  const relative = r.relativeError ?? (r.error !== null && r.rate ? r.error / r.rate : null);
  if (relative !== null && relative !== undefined) return `± ${formatNumber(relative, 2)} rel.`;
  return r.rate === null ? '' : 'asymptotic';
}

function renderRate(report: RateReport, freeStart: boolean): string {
  const lines: string[] = [];
  lines.push(
    `U(x) = ${report.potential.expression}   D = ${formatNumber(report.D)}   γ = ${formatNumber(report.gamma)}`,
  );
  const b = report.barrier;
  lines.push(
    `from ${place(report.from, 'from', freeStart)} to ${place(report.to, 'to')}${b ? ` over barrier ${b.index} (x = ${formatNumber(b.x, 8)}, ΔU = ${formatNumber(b.deltaU, 8)}, ΔU/D = ${formatNumber(b.deltaU / report.D, 6)})` : ''}`,
  );
  const far = report.farSide;
  lines.push(
    `far side: ${far.kind === 'natural' ? 'natural boundary (U confines)' : `${far.kind} at x = ${formatNumber(far.x ?? Number.NaN, 8)}`}`,
  );
  lines.push('');
  const shown = [...RATE_METHODS, 'simulation' as const];
  const rows = shown
    .filter((m) => report.methods[m])
    .map((m) => {
      const r = report.methods[m]!;
      return [
        m,
        formatFromLog(r.logRate),
        accuracy(r),
        m === 'exact' ? '' : percent(r.relativeToExact),
        r.retcode,
      ];
    });
  lines.push(table(['method', 'rate k (1/time)', 'accuracy', 'vs exact', 'retcode'], rows));
  const exact = report.methods.exact;
  if (exact && typeof exact['logMfpt'] === 'number') {
    lines.push(
      '',
      `exact: MFPT = ${formatFromLog(exact['logMfpt'] as number, 10)} (relative error ± ${formatNumber(exact.relativeError ?? null, 2)})`,
    );
  }
  const spectral = report.methods.spectral;
  if (spectral && spectral.rate !== null && typeof spectral['lambda1'] === 'number') {
    lines.push(
      `spectral: λ1 = ${formatNumber(spectral['lambda1'] as number, 10)}, λ2/λ1 = ${formatNumber(spectral['gap'] as number, 4)}`,
    );
  }
  lines.push('', 'What each number is');
  for (const m of shown) {
    const r = report.methods[m];
    if (r) lines.push(`  ${m}: ${r.definition}`);
  }
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers rate`: one escape by every route, side by side, with accuracy and regime warnings. */
export function registerRate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('rate')
    .description(
      'escape rate from a well by every route (Kramers, corrected Kramers, exact MFPT, spectral) side by side',
    );
  addProblemOptions(command, true)
    .option(
      '--dynamics <kind>',
      'overdamped (default) or underdamped: TST, energy diffusion, spatial diffusion, overdamped, turnover and the exact Klein–Kramers rate',
      'overdamped',
    )
    .option('--from <well>', 'start well index (from analyze); default 0')
    .option('--from-x <x>', 'start position instead of a well')
    .option('--to <target>', 'target well index, -inf or +inf; default the first neighbour')
    .option('--to-x <x>', 'absorbing point instead of a target well')
    .option('--reflect-x <x>', 'reflecting wall on the far side (default natural boundary)')
    .option(
      '--method <names>',
      'kramers, corrected, exact, spectral (comma-separated) or all',
      'all',
    )
    .option('--simulate', 'add a Langevin simulation column (methods.simulation)')
    .option('--walkers <n>', 'walkers for --simulate', '1000')
    .action(async (positional: string | undefined, options: RateOptions) => {
      if (options.dynamics === 'underdamped') {
        underdampedRate(positional, options, io, setExit);
        return;
      }
      if (options.dynamics !== 'overdamped') {
        throw new KramersError(
          'invalid_parameter',
          `--dynamics: expected overdamped or underdamped, got '${options.dynamics}'`,
          { issues: [{ path: 'dynamics', message: 'unknown dynamics' }] },
        );
      }
      if (options.from !== undefined && options.fromX !== undefined) {
        throw new KramersError('usage', 'give either --from or --from-x, not both');
      }
      if (options.to !== undefined && options.toX !== undefined) {
        throw new KramersError('usage', 'give either --to or --to-x, not both');
      }
      const problem = {
        ...problemFromOptions(positional, options),
        ...(options.from !== undefined ? { from: indexOption('from', options.from) } : {}),
        ...(options.fromX !== undefined ? { fromX: numberOption('from-x', options.fromX) } : {}),
        ...(options.to !== undefined ? { to: parseTarget(options.to) } : {}),
        ...(options.toX !== undefined ? { toX: numberOption('to-x', options.toX) } : {}),
        ...(options.reflectX !== undefined
          ? { reflectX: numberOption('reflect-x', options.reflectX) }
          : {}),
      };
      const report = rate({ ...problem, methods: parseMethods(options.method) });
      if (options.simulate) {
        const { createSimulationPool } = await import('../node/index.js');
        const pool = createSimulationPool();
        try {
          const sim = await simulate(
            { ...problem, walkers: indexOption('walkers', options.walkers) },
            { runner: pool.runner },
          );
          (report.methods as Record<string, MethodResult>)['simulation'] = simulationAsMethod(
            sim,
            report.methods.exact,
          );
        } finally {
          await pool.close();
        }
      }
      io.stdout(options.json ? toJson(report) : renderRate(report, options.fromX !== undefined));
      // Exit 3 when the reference route (exact) did not converge, or when no numerical route did.
      const numerical = [report.methods.exact, report.methods.spectral].filter(
        (m) => m !== undefined,
      );
      const failed =
        report.methods.exact?.retcode === 'not_converged' ||
        (numerical.length > 0 && numerical.every((m) => m.retcode === 'not_converged'));
      setExit(failed ? EXIT_NUMERICAL : EXIT_SUCCESS);
    });
}
