// Runs corpus cases through the built CLI's `main(args, io)` in this process, one after another,
// and reports each outcome to the parent (corpus.test.ts) over IPC. The parent enforces the time
// budget per case: it kills this process when a case runs over and starts another for the rest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { main } from '../../dist/cli/main.js';

const scratch = process.env.KRAMERS_CORPUS_TMP;
mkdirSync(scratch, { recursive: true });
writeFileSync(`${scratch}/bad.csv`, 'loading_rate,force\n1,abc\n,,\n');
writeFileSync(
  `${scratch}/fit.csv`,
  'loading_rate,force\n1,2.1\n1,2.4\n1,1.9\n10,3.2\n10,3.0\n10,3.6\n100,4.4\n100,4.9\n100,4.1\n',
);
writeFileSync(`${scratch}/garbage.json`, '{"kramersCheckpoint": 1, "chunks": 7}');

process.on('uncaughtException', (error) => {
  process.send?.({ crash: String(error?.stack ?? error) });
  process.exit(70);
});
process.on('unhandledRejection', (error) => {
  process.send?.({ crash: `unhandled rejection: ${String(error?.stack ?? error)}` });
  process.exit(70);
});

process.on('message', async ({ id, args }) => {
  const expanded = args.map((a) => a.replaceAll('<tmp>', scratch));
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const start = performance.now();
  const code = await main(expanded, io);
  process.send({ id, code, stdout, stderr, ms: performance.now() - start });
});
process.send({ ready: true });
