import type { Command } from 'commander';
import { KramersError } from '../index.js';

/** The methods of `kramers simulate`. */
export type SimulateMethod = 'direct' | 'ams' | 'transitions';

/**
 * The options each method reads beyond the problem and the passage; any other method's option
 * given on the command line is refused, never silently ignored (`--method ams --walkers 50`
 * used to run 500 replicas × 10 runs and write no `--checkpoint`).
 */
export const METHOD_OPTIONS: Record<SimulateMethod, readonly string[]> = {
  direct: ['walkers', 'tmax', 'extrapolate', 'checkpoint'],
  ams: ['replicas', 'runs'],
  transitions: ['trajectories', 'duration', 'burnIn', 'coreWidth'],
};

const FLAG: Record<string, string> = {
  tmax: '--tmax',
  burnIn: '--burn-in',
  coreWidth: '--core-width',
};

const flagOf = (name: string) => FLAG[name] ?? `--${name}`;

/** Refuses an option of another method (given on the command line, not a default). */
export function requireMethodOptions(method: SimulateMethod, command: Command): void {
  const others = Object.entries(METHOD_OPTIONS).filter(([m]) => m !== method);
  for (const [owner, names] of others) {
    for (const name of names) {
      if (METHOD_OPTIONS[method].includes(name)) continue;
      if (command.getOptionValueSource(name) !== 'cli') continue;
      const flag = flagOf(name);
      throw new KramersError(
        'usage',
        `${flag} is an option of --method ${owner}; --method ${method} does not read it`,
        {
          issues: [{ path: name, message: `not used by --method ${method}` }],
          hint: `drop ${flag}, or use --method ${owner}`,
        },
      );
    }
  }
}

/**
 * Refuses the options of `methods` given on the command line, where no branch reads them at all
 * (transition counting in several coordinates, AMS or counting with --drift): `why` says so.
 */
export function refuseMethodOptions(
  methods: readonly SimulateMethod[],
  command: Command,
  why: string,
): void {
  for (const owner of methods) {
    for (const name of METHOD_OPTIONS[owner]) {
      if (command.getOptionValueSource(name) !== 'cli') continue;
      const flag = flagOf(name);
      throw new KramersError('usage', `${flag} is an option of --method ${owner}; ${why}`, {
        issues: [{ path: name, message: why }],
        hint: `drop ${flag}`,
      });
    }
  }
}
