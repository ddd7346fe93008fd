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
} from '../index.js';
import { formatFromLog, formatNumber, table } from './format.js';
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
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `kramers rate`: one escape by every route, side by side, with accuracy and regime warnings. */
export function registerRate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('rate')
    .description(
      'escape rate from a well by every route (Kramers, corrected Kramers, exact MFPT, spectral) side by side',
    );
  addProblemOptions(command, false)
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
