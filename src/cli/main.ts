import { Command, CommanderError } from 'commander';
import { isKramersError, type KramersError } from '../index.js';
import { registerAnalyze } from './analyze.js';
import { expressionTokensToOption } from './argv.js';
import { registerLab } from './lab.js';
import { registerMethods } from './methods.js';
import { type CliIO, EXIT_INTERNAL, EXIT_SUCCESS, EXIT_USAGE } from './options.js';
import { registerPath } from './path.js';
import { registerPreset } from './preset.js';
import { registerPull } from './pull.js';
import { registerRate } from './rate.js';
import { registerRatio } from './ratio.js';
import { registerResonance } from './resonance.js';
import { registerSimulate } from './simulate.js';
import { registerSpectrum } from './spectrum.js';
import { registerSweep } from './sweep.js';
import { registerTurnover } from './turnover.js';

export { EXIT_INTERNAL, EXIT_NUMERICAL, EXIT_SUCCESS, EXIT_USAGE } from './options.js';

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('kramers')
    .description('Thermally activated escape over barriers: landscapes and Kramers rates')
    .version('0.1.0', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  registerAnalyze(program, io, setExit);
  registerPath(program, io, setExit);
  registerRate(program, io, setExit);
  registerSpectrum(program, io, setExit);
  registerSimulate(program, io, setExit);
  registerTurnover(program, io, setExit);
  registerRatio(program, io, setExit);
  registerPull(program, io, setExit);
  registerResonance(program, io, setExit);
  registerLab(program, io, setExit);
  registerPreset(program, io, setExit);
  registerMethods(program, io, setExit);
  registerSweep(program, io, setExit);
  return program;
}

function reportError(error: KramersError, json: boolean, io: CliIO): void {
  io.stderr(`kramers: error: ${error.message}\n`);
  // Past the work budget the run is still possible: say how (the library does not know --yes).
  const yes = error.code === 'over_budget' && !error.hint?.includes('--yes');
  const hint = yes ? `${error.hint ?? 'a smaller run'}; or --yes to run it anyway` : error.hint;
  if (hint) io.stderr(`  hint: ${hint}\n`);
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
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT_SUCCESS;
      }
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
