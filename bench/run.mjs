// Runs every benchmark in bench/ in turn (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// turnover.mjs (simulation against the exact Klein–Kramers λ1, ~7 min) runs on its own.
for (const script of [
  'eval.mjs',
  'coldstart.mjs',
  'spectral.mjs',
  'mfpt.mjs',
  'exact2d.mjs',
  'kleinKramersScipy.mjs',
  'simulation.mjs',
  'simulationStudies.mjs',
  'langevinND.mjs',
  'ams.mjs',
  'pull.mjs',
  'resonance.mjs',
  'lab.mjs',
]) {
  console.log(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
