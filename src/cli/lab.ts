import type { Command } from 'commander';
import { type CliIO, EXIT_SUCCESS, numberOption } from './options.js';

/** `kramers lab`: serve the built Lab on 127.0.0.1 until Ctrl-C. */
export function registerLab(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('lab')
    .description('serve the interactive Lab (web page) on 127.0.0.1 and print its URL')
    .option('--port <n>', 'TCP port (0: any free port)', '5177')
    .action(async (options: { port: string }) => {
      const port = numberOption('port', options.port);
      // Loaded lazily: the other commands do not pay for node:http.
      const { serveLab } = await import('../node/index.js');
      const server = await serveLab({ port });
      io.stdout(`kramers Lab: ${server.url}\n(serving on loopback only; Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(EXIT_SUCCESS);
    });
}
