// Issue 13: one Klein–Kramers point on one thread and with the helper thread the CLI sets
// (createKleinKramersHelper of kramers/node: a full step's check level solved beside it), side
// by side in one process, on the tilted and symmetric wells at γ = 0.05, 0.1 and ΔU/D = 2.5, 5,
// 10. Each cell is run twice each way (the first of each is a warm-up), wall and CPU seconds of
// the second, and the eigenvalues and errors of the two ways compared bit for bit.
// Run: npm run build && node bench/kleinKramersHelper.mjs [gammas] [Ds] [tilts]
// `node bench/kleinKramersHelper.mjs cold [runs]`: the CLI's case instead, a point in a fresh
// process (tilted well, D = 0.025, γ = 0.05, the CLI's interval): its first solve and a second
// one in the same process, total and the check level (the helper thread's first job).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';
import { createKleinKramersHelper } from '../dist/node/index.js';

if (process.argv[2] === 'cold' || process.argv[2] === 'cold-child') {
  await cold(process.argv[2] === 'cold-child', Number(process.argv[3] ?? 5));
  process.exit(0);
}

async function cold(child, runs) {
  if (!child) {
    console.log('| run | first: total s | first: check s | second: total s | second: check s |');
    console.log('| ---: | ---: | ---: | ---: | ---: |');
    const self = fileURLToPath(import.meta.url);
    for (let i = 1; i <= runs; i++) {
      const out = spawnSync(process.execPath, [self, 'cold-child'], { encoding: 'utf8' });
      console.log(`| ${i} | ${out.stdout.trim()} |`);
    }
    return;
  }
  const helper = createKleinKramersHelper();
  const problem = {
    potential: potentialFromExpression('x^4/4 - x^2/2 + 0.1*x'),
    D: 0.025,
    gamma: 0.05,
    searchDomain: { min: -2.04, max: 1.94 },
    helper,
  };
  const cells = [];
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const r = kleinKramersSpectrum(problem);
    const check = r.levels[r.levels.length - 1].seconds;
    cells.push(((performance.now() - t0) / 1000).toFixed(2), check.toFixed(2));
  }
  console.log(cells.join(' | '));
  await helper.close();
}

const list = (arg, fallback) => (arg ?? fallback).split(',').map(Number);
const gammas = list(process.argv[2], '0.05,0.1');
const Ds = list(process.argv[3], '0.1,0.05,0.025');
const tilts = list(process.argv[4], '0.1,0');
const thread = createKleinKramersHelper();

function timed(problem) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = kleinKramersSpectrum(problem);
  const cpu = process.cpuUsage(c0);
  return { r, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

console.log(
  '| wells | ΔU/D | γ | levels | one thread: wall s | with helper: wall s | CPU s | speed-up | same bits |',
);
console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |');
const ratios = [];
for (const tilt of tilts) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  for (const gamma of gammas) {
    for (const D of Ds) {
      const base = { potential, D, gamma, searchDomain: { min: -1.5, max: 1.5 } };
      const once = () => timed({ ...base, helper: null });
      const twice = () => timed({ ...base, helper: thread });
      once();
      twice();
      const [a, b] = [once(), twice()];
      const same =
        JSON.stringify([a.r.eigenvalues, a.r.errors]) ===
        JSON.stringify([b.r.eigenvalues, b.r.errors]);
      const levels = a.r.levels.map((l) => `${l.points}×${l.hermite}`).join(', ');
      ratios.push(a.wall / b.wall);
      console.log(
        `| ${tilt === 0 ? 'symmetric' : `tilted ${tilt}x`} | ${0.25 / D} | ${gamma} | ${levels} | ${a.wall.toFixed(2)} | ${b.wall.toFixed(2)} | ${b.cpu.toFixed(2)} | ${(a.wall / b.wall).toFixed(2)} | ${same ? 'yes' : '**NO**'} |`,
      );
    }
  }
}
console.log(`\nspeed-up ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
await thread.close();
