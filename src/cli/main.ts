import { Command, CommanderError, Option } from 'commander';
import {
  type AnalysisReport,
  analyze,
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
  isKramersError,
  KramersError,
  parseDomain,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
} from '../index.js';
import { expressionTokensToOption } from './argv.js';
import { formatFromLog, formatNumber, table } from './format.js';

/** Exit codes: distinct for success, misuse and a numerical outcome other than success. */
export const EXIT_SUCCESS = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_NUMERICAL = 3;

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A strict decimal number: '', '0x10', '1,5' and 'abc' are errors naming the option. */
function numberOption(name: string, text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) {
    throw new KramersError('invalid_parameter', `--${name}: '${text}' is not a number`, {
      issues: [{ path: name, message: `not a number: '${text}'` }],
    });
  }
  return Number(trimmed);
}

function parameterOption(text: string, previous: Record<string, number>): Record<string, number> {
  const match = /^\s*([^=\s]+)\s*=\s*(.*)$/.exec(text);
  if (!match) {
    throw new KramersError(
      'invalid_parameter',
      `--param '${text}': write it as name=value, e.g. --param a=1`,
      {
        issues: [{ path: 'param', message: `expected name=value, got '${text}'` }],
      },
    );
  }
  const name = match[1]!;
  if (Object.hasOwn(previous, name)) {
    throw new KramersError('invalid_parameter', `--param ${name} is given twice`, {
      issues: [{ path: name, message: 'given twice' }],
    });
  }
  const result: Record<string, number> = Object.create(null);
  Object.assign(result, previous);
  result[name] = numberOption(`param ${name}`, match[2]!);
  return result;
}

interface AnalyzeOptions {
  expr?: string;
  D: string;
  gamma: string;
  mass?: string;
  domain?: string;
  param: Record<string, number>;
  json?: boolean;
}

function resolveExpression(positional: string | undefined, option: string | undefined): string {
  if (positional !== undefined && option !== undefined) {
    throw new KramersError(
      'usage',
      'give the expression once: as an argument or with --expr, not both',
    );
  }
  return positional ?? option ?? DEFAULT_POTENTIAL;
}

function targetName(to: number | '-inf' | '+inf'): string {
  return to === '-inf' ? '−∞' : to === '+inf' ? '+∞' : String(to);
}

function renderAnalysis(report: AnalysisReport): string {
  const lines: string[] = [];
  lines.push(`U(x) = ${report.potential.expression}`);
  const params = Object.entries(report.potential.parameters);
  if (params.length > 0) lines.push(`  with ${params.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  lines.push(
    `D = ${formatNumber(report.D)}   γ = ${formatNumber(report.gamma)}   m = ${formatNumber(report.mass)}   domain ${formatNumber(report.domain.min)}:${formatNumber(report.domain.max)} (${report.domainSource})`,
  );
  const pointRows = (points: AnalysisReport['wells']) =>
    points.map((p) => [
      String(p.index),
      formatNumber(p.x, 8),
      formatNumber(p.U, 8),
      formatNumber(p.d2U, 8),
      formatNumber(p.omega, 6),
      p.degenerate ? 'degenerate (U″ ≈ 0)' : '',
    ]);
  lines.push('', 'Wells (local minima)');
  lines.push(table(['#', 'x_a', 'U', 'U″', 'ω_a', ''], pointRows(report.wells)));
  lines.push('', 'Barriers (local maxima)');
  lines.push(
    report.barriers.length > 0
      ? table(['#', 'x_s', 'U', 'U″', 'ω_s', ''], pointRows(report.barriers))
      : '  none',
  );
  lines.push('', 'Transitions: one-way escape rates k (1/time)');
  if (report.transitions.length > 0) {
    lines.push(
      table(
        ['from', 'to', 'barrier', 'ΔU', 'ΔU/D', 'e^(−ΔU/D)', 'TST k', 'Kramers k (overdamped)'],
        report.transitions.map((t) => [
          String(t.from),
          targetName(t.to),
          String(t.barrier),
          formatNumber(t.deltaU, 8),
          formatNumber(t.barrierToNoise, 6),
          formatFromLog(t.logArrheniusFactor),
          formatFromLog(t.logRates.tst),
          formatFromLog(t.logRates.kramers),
        ]),
      ),
    );
  } else {
    lines.push('  none');
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('kramers')
    .description('Thermally activated escape over barriers: landscapes and Kramers rates')
    .version('0.1.0', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('analyze')
    .description(
      `wells, barriers, curvatures and closed-form escape rates of U(x) (default: ${DEFAULT_POTENTIAL} at D = ${DEFAULT_NOISE})`,
    )
    .argument('[expr]', `potential U(x), e.g. "${DEFAULT_POTENTIAL}"; may start with a minus sign`)
    .option('--expr <expr>', 'potential U(x), as an option')
    .option('--D <kT>', 'noise intensity D = k_B T (energy units of U)', String(DEFAULT_NOISE))
    .option('--gamma <γ>', 'friction coefficient γ', '1')
    .option('--mass <m>', 'mass m (TST and frequencies; default 1)')
    .option('--domain <a:b>', 'search domain (default: found automatically)')
    .addOption(
      new Option('--param <name=value>', 'a named parameter of the expression (repeatable)')
        .argParser(parameterOption)
        .default({}, 'none'),
    )
    .option('--json', 'print one JSON object instead of tables')
    .action((positional: string | undefined, options: AnalyzeOptions) => {
      const expression = resolveExpression(positional, options.expr);
      const report = analyze({
        potential: expression,
        parameters: options.param,
        D: numberOption('D', options.D),
        gamma: numberOption('gamma', options.gamma),
        ...(options.mass !== undefined ? { mass: numberOption('mass', options.mass) } : {}),
        ...(options.domain !== undefined ? { domain: parseDomain(options.domain) } : {}),
      });
      io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderAnalysis(report));
      setExit(EXIT_SUCCESS);
    });

  program
    .command('ratio')
    .description(
      'how much a rate changes when the noise (--D0 → --D1) or the barrier (--deltaU0 → --deltaU1) changes',
    )
    .option('--deltaU <ΔU>', 'barrier height (noise-change form)')
    .option('--D0 <D>', 'initial noise intensity')
    .option('--D1 <D>', 'new noise intensity')
    .option('--D <D>', 'noise intensity (barrier-change form)')
    .option('--deltaU0 <ΔU>', 'initial barrier height')
    .option('--deltaU1 <ΔU>', 'new barrier height')
    .option('--json', 'print one JSON object')
    .action((options: Record<string, string | boolean | undefined>) => {
      const get = (name: string) => {
        const v = options[name];
        return typeof v === 'string' ? numberOption(name, v) : undefined;
      };
      const deltaU = get('deltaU');
      const D0 = get('D0');
      const D1 = get('D1');
      const D = get('D');
      const deltaU0 = get('deltaU0');
      const deltaU1 = get('deltaU1');
      let result: Record<string, unknown>;
      let text: string;
      if (deltaU !== undefined && D0 !== undefined && D1 !== undefined && D === undefined) {
        const r = rateRatioForNoiseChange(deltaU, D0, D1);
        result = { kind: 'noise', deltaU, D0, D1, ratio: r.ratio, logRatio: r.logRatio };
        text = `k(D1)/k(D0) = exp(ΔU/D0 − ΔU/D1) = exp(${formatNumber(r.logRatio, 10)}) = ${formatFromLog(r.logRatio, 10)}\n  (ΔU = ${formatNumber(deltaU)}, D0 = ${formatNumber(D0)}, D1 = ${formatNumber(D1)}; exact for a D-independent prefactor: Arrhenius, TST, overdamped Kramers)\n`;
      } else if (
        D !== undefined &&
        deltaU0 !== undefined &&
        deltaU1 !== undefined &&
        deltaU === undefined
      ) {
        const r = rateRatioForBarrierChange(deltaU0, deltaU1, D);
        result = { kind: 'barrier', D, deltaU0, deltaU1, ratio: r.ratio, logRatio: r.logRatio };
        text = `k(ΔU1)/k(ΔU0) = exp(−(ΔU1 − ΔU0)/D) = exp(${formatNumber(r.logRatio, 10)}) = ${formatFromLog(r.logRatio, 10)}\n  (D = ${formatNumber(D)}, ΔU0 = ${formatNumber(deltaU0)}, ΔU1 = ${formatNumber(deltaU1)}; same prefactor assumed)\n`;
      } else {
        throw new KramersError(
          'usage',
          'ratio needs either --deltaU, --D0 and --D1 (noise change) or --D, --deltaU0 and --deltaU1 (barrier change)',
          { hint: 'e.g. kramers ratio --deltaU 20 --D0 1 --D1 2' },
        );
      }
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : text);
      setExit(EXIT_SUCCESS);
    });
  return program;
}

function reportError(error: KramersError, json: boolean, io: CliIO): void {
  io.stderr(`kramers: error: ${error.message}\n`);
  if (error.hint) io.stderr(`  hint: ${error.hint}\n`);
  if (json) {
    const { code, message, issues, hint } = error;
    io.stdout(`${JSON.stringify({ error: { code, message, issues, hint } }, null, 2)}\n`);
  }
}

/** Runs the CLI on `args` (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let exitCode = EXIT_SUCCESS;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const json = args.includes('--json');
  const sub = program.commands.find((c) => c.name() === args[0]);
  let argv = [...args];
  if (sub) {
    const all = [...sub.options, ...program.options];
    const taking = new Set(all.filter((o) => o.required || o.optional).map((o) => o.long ?? ''));
    const known = new Set(
      all.flatMap((o) => [o.long ?? '', o.short ?? '']).concat(['-h', '--help']),
    );
    argv = [args[0]!, ...expressionTokensToOption(args.slice(1), taking, known)];
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT_SUCCESS;
      if (error.code === 'commander.help') return EXIT_SUCCESS;
      if (error.code === 'commander.unknownOption' && /'-[^-]/.test(error.message)) {
        io.stderr('  hint: an expression starting with a minus sign can be given as --expr=-x\n');
      }
      return EXIT_USAGE;
    }
    if (isKramersError(error)) {
      reportError(error, json, io);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kramers: internal error: ${message}\n  please report it with the command you ran\n`);
    if (process.env['KRAMERS_DEBUG'] && error instanceof Error) io.stderr(`${error.stack}\n`);
    return EXIT_INTERNAL;
  }
}
