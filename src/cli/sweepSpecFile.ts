import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command, Option } from 'commander';
import { KramersError, optionNames, presetCatalog, type SweepSpec } from '../index.js';
import { syntaxError } from './specLocation.js';

/** The commands a sweep may run: each prints one JSON report with --json. */
export const SWEEPABLE = [
  'rate',
  'spectrum',
  'simulate',
  'turnover',
  'resonance',
  'pull',
  'analyze',
  'preset',
];

/** Options the sweep sets itself or that write files: never in a spec. */
const RESERVED: Readonly<Record<string, string>> = {
  json: 'every point runs with --json; its report is what the store keeps',
  workers: 'the sweep spreads points over its --workers; each point runs on one thread',
  plot: 'a point writes no figure; draw the sweep with `kramers sweep report --plot`',
  checkpoint: 'points are the checkpoints of a sweep: a rerun resumes',
  help: 'not an option of a computation',
};

/** Options that take name=value pairs (given as an object in a spec). */
const NAMED = new Set(['param', 'set']);

/** A spec file's text and what it holds. */
export interface SpecFile {
  readonly path: string;
  readonly text: string;
  readonly data: unknown;
}

/** Reads a spec file: JSON, or YAML (.yaml, .yml; the parser loads only for YAML). */
export async function readSpecFile(path: string): Promise<SpecFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new KramersError('usage', `sweep spec ${path}: ${reason}`, {
      hint: 'give the path of a .json, .yaml or .yml spec',
    });
  }
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  try {
    if (!yaml) return { path, text, data: JSON.parse(text) };
    const { parse } = await import('yaml');
    return { path, text, data: parse(text) };
  } catch (error) {
    throw syntaxError(path, text, yaml, error);
  }
}

function unknownOption(command: string, name: string, sub: Command): never {
  const known = sub.options
    .map((o) => o.long?.slice(2) ?? '')
    .filter((n) => n !== '' && !(n in RESERVED));
  throw new KramersError(
    'invalid_parameter',
    `sweep spec: '${name}' is not an option of kramers ${command}`,
    {
      issues: [{ path: `options.${name}`, message: 'unknown option' }],
      hint: `its options: ${known.join(', ')}`,
    },
  );
}

/** Checks one option's value against its kind: a flag takes true/false, name=value an object. */
function checkKind(spec: SweepSpec, name: string, option: Option): void {
  const values = [
    spec.options[name],
    ...spec.axes.filter((a) => a.name === name).flatMap((a) => a.values),
  ].filter((v) => v !== undefined);
  const flag = !option.required && !option.optional;
  for (const value of values) {
    const wrong = flag
      ? typeof value !== 'boolean'
      : typeof value === 'boolean' || (typeof value === 'object') !== NAMED.has(name);
    if (wrong) {
      const want = flag
        ? 'true or false'
        : NAMED.has(name)
          ? 'an object of name: value'
          : 'a number or a string';
      throw new KramersError('invalid_parameter', `sweep spec: --${name} takes ${want}`, {
        issues: [{ path: `options.${name}`, message: `expected ${want}` }],
      });
    }
  }
  if (NAMED.has(name) && spec.axes.some((a) => a.name === name)) {
    throw new KramersError(
      'invalid_parameter',
      `sweep spec: sweep one name of --${name} as "${name}.NAME"`,
      {
        issues: [{ path: `axes.${name}`, message: `expected ${name}.NAME` }],
      },
    );
  }
}

/** The command's words: a known command, and for `preset` one known preset name. */
function commandOf(program: Command, words: readonly string[]): Command {
  const [name, ...rest] = words;
  const sub = program.commands.find((c) => c.name() === name);
  if (!sub || !SWEEPABLE.includes(name!)) {
    throw new KramersError(
      'invalid_parameter',
      `sweep spec: unknown command '${words.join(' ')}'`,
      {
        issues: [{ path: 'command', message: 'unknown command' }],
        hint: `a sweep runs one of: ${SWEEPABLE.join(', ')} (preset with a preset name)`,
      },
    );
  }
  if (name === 'preset') {
    const names = presetCatalog().map((p) => p.name);
    if (rest.length !== 1 || !names.includes(rest[0]!)) {
      throw new KramersError(
        'invalid_parameter',
        `sweep spec: '${words.join(' ')}': expected preset NAME`,
        {
          issues: [{ path: 'command', message: 'unknown preset' }],
          hint: `presets: ${names.join(', ')}`,
        },
      );
    }
  } else if (rest.length > 0) {
    throw new KramersError(
      'invalid_parameter',
      `sweep spec: kramers ${name} takes no words after it in a spec`,
      {
        issues: [{ path: 'command', message: 'extra words' }],
        hint: 'give the expression as an option: "options": { "expr": "…" }',
      },
    );
  }
  return sub;
}

/**
 * A spec checked against the CLI's own commands: the command exists and can be swept, every
 * option (fixed or swept) is one of its options and of the right kind. The values themselves are
 * checked by the command, point by point, as on the command line.
 */
export function checkSpecAgainstCli(program: Command, spec: SweepSpec): { threadArgs: string[] } {
  const sub = commandOf(program, spec.command);
  for (const name of optionNames(spec)) {
    if (name in RESERVED) {
      throw new KramersError(
        'invalid_parameter',
        `sweep spec: --${name} cannot be set in a sweep`,
        {
          issues: [{ path: `options.${name}`, message: 'set by the sweep' }],
          hint: RESERVED[name],
        },
      );
    }
    const option = sub.options.find((o) => o.long === `--${name}`);
    if (!option) unknownOption(spec.command.join(' '), name, sub);
    if (name !== 'seed') checkKind(spec, name, option);
  }
  // Each point runs on one thread: the sweep spreads the points over the cores.
  const threaded = sub.options.some((o) => o.long === '--workers');
  return { threadArgs: threaded ? ['--workers=1'] : [] };
}
