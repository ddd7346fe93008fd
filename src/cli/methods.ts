import type { Command } from 'commander';
import { methodCatalogue } from '../index.js';
import { table } from './format.js';
import { type CliIO, EXIT_SUCCESS, toJson } from './options.js';

interface MethodsOptions {
  json?: boolean;
  dynamics?: string;
}

/** `kramers methods`: the method catalogue (what every route computes, where it holds, whence). */
export function registerMethods(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  program
    .command('methods')
    .description(
      'the method catalogue: every route by key, with its definition, regime, reference and dynamics',
    )
    .option('--dynamics <kind>', 'only the methods for overdamped or underdamped dynamics')
    .option(
      '--json',
      'print { methods: [{ key, label, definition, regime, reference, dynamics, … }] }',
    )
    .action((options: MethodsOptions) => {
      const methods = methodCatalogue().filter(
        (m) =>
          options.dynamics === undefined ||
          m.dynamics === 'both' ||
          m.dynamics === options.dynamics,
      );
      if (options.json) {
        io.stdout(toJson({ methods }));
      } else {
        const rows = methods.map((m) => [m.key, m.label, m.kind, m.dynamics]);
        const details = methods.flatMap((m) => [
          '',
          `${m.key}: ${m.label}`,
          `  what:   ${m.definition}`,
          `  holds:  ${m.regime}`,
          `  source: ${m.reference}`,
        ]);
        io.stdout(
          `${[table(['key', 'label', 'kind', 'dynamics'], rows), ...details].join('\n')}\n`,
        );
      }
      setExit(EXIT_SUCCESS);
    });
}
