import { type Command, Option } from 'commander';
import {
  DEFAULT_NOISE,
  DEFAULT_POTENTIAL,
  type EscapeProblem,
  KramersError,
  parseDomain,
  type RetCode,
} from '../index.js';

/** What a command's action reports back: its exit code. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: distinct for success, misuse and a numerical outcome other than success. */
export const EXIT_SUCCESS = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_NUMERICAL = 3;

/**
 * The exit code a report's outcome gives, from the library's retcode, never from the text of a
 * warning: 0 for `success`, and for `censored` (walkers still running at the censoring time are
 * part of an estimator that passed its checks, measured to cover: a censored estimate that cannot
 * be trusted, or no escape at all, is `not_converged`); 3 for `not_converged`, `interrupted` and `not_applicable` (an
 * answer asked for is missing).
 */
export function exitCodeOf(retcode: RetCode): number {
  return retcode === 'success' || retcode === 'censored' ? EXIT_SUCCESS : EXIT_NUMERICAL;
}

/** A relative tolerance is a fraction in (0, 1): 0 is never reached, 1 or more accepts anything. */
export function relativeTolerance(value: number): number {
  if (!(value > 0 && value < 1)) {
    throw new KramersError(
      'invalid_parameter',
      `--tolerance must be a relative tolerance in (0, 1), e.g. 1e-4; got ${value}`,
      { issues: [{ path: 'tolerance', message: 'expected 0 < tolerance < 1' }] },
    );
  }
  return value;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A strict decimal number: '', '0x10', '1,5' and 'abc' are errors naming the option. */
export function numberOption(name: string, text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) {
    throw new KramersError('invalid_parameter', `--${name}: '${text}' is not a number`, {
      issues: [{ path: name, message: `not a number: '${text}'` }],
    });
  }
  return Number(trimmed);
}

/** A whole number ≥ 0 (well indices, counts). */
export function indexOption(name: string, text: string): number {
  const value = numberOption(name, text);
  if (!Number.isInteger(value) || value < 0) {
    throw new KramersError('invalid_parameter', `--${name}: '${text}' is not a whole number ≥ 0`, {
      issues: [{ path: name, message: 'expected a whole number' }],
    });
  }
  return value;
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

/** The options every problem command shares (as commander hands them over). */
export interface ProblemOptions {
  expr?: string;
  D: string;
  gamma?: string;
  mass?: string;
  domain?: string;
  param: Record<string, number>;
  json?: boolean;
}

/** Adds [expr], --expr, --D, --gamma, --mass, --domain, --param and --json to a command. */
export function addProblemOptions(command: Command, withMass = true, withGamma = true): Command {
  command
    .argument('[expr]', `potential U(x), e.g. "${DEFAULT_POTENTIAL}"; may start with a minus sign`)
    .option('--expr <expr>', 'potential U(x), as an option')
    .option('--D <kT>', 'noise intensity D = k_B T (energy units of U)', String(DEFAULT_NOISE));
  if (withGamma) command.option('--gamma <γ>', 'friction coefficient γ', '1');
  if (withMass) command.option('--mass <m>', 'mass m (TST and frequencies; default 1)');
  return command
    .option('--domain <a:b>', 'search domain (default: found automatically)')
    .addOption(
      new Option('--param <name=value>', 'a named parameter of the expression (repeatable)')
        .argParser(parameterOption)
        .default({}, 'none'),
    )
    .option('--json', 'print one JSON object instead of tables');
}

/** The library problem described by the shared options. */
export function problemFromOptions(
  positional: string | undefined,
  options: ProblemOptions,
): EscapeProblem {
  if (positional !== undefined && options.expr !== undefined) {
    throw new KramersError(
      'usage',
      'give the expression once: as an argument or with --expr, not both',
    );
  }
  return {
    potential: positional ?? options.expr ?? DEFAULT_POTENTIAL,
    parameters: options.param,
    D: numberOption('D', options.D),
    ...(options.gamma !== undefined ? { gamma: numberOption('gamma', options.gamma) } : {}),
    ...(options.mass !== undefined ? { mass: numberOption('mass', options.mass) } : {}),
    ...(options.domain !== undefined ? { domain: parseDomain(options.domain) } : {}),
  };
}

/**
 * JSON for programs: Infinity (an overflowing MFPT) becomes null, beside its finite log. A report
 * opens with its `retcode` and `warnings`, so that a program reads the outcome first.
 */
export function toJson(value: unknown): string {
  let ordered = value;
  if (value !== null && typeof value === 'object' && 'retcode' in value) {
    const { retcode, warnings, ...rest } = value as { retcode: unknown; warnings?: unknown };
    ordered = { retcode, warnings: warnings ?? [], ...rest };
  }
  return `${JSON.stringify(
    ordered,
    (_key, v) => (v instanceof Float64Array ? Array.from(v) : v),
    2,
  )}\n`;
}
