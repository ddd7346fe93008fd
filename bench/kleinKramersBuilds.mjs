// A/B of two builds of kramers: one Klein–Kramers point (tilted well, D = 0.025, γ = 0.05, the
// CLI's interval) solved twice in a fresh process, wall and CPU seconds and λ1 of each build.
// Run: node bench/kleinKramersBuilds.mjs <repo dir with dist/> [helper] [U] [D] [γ] (under
// /usr/bin/time -f %R for the page faults). bench/README.md, "packed factors".
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? '.');
const at = (file) => pathToFileURL(`${dist}/dist/${file}`).href;
const { kleinKramersSpectrum, potentialFromExpression } = await import(at('index.js'));
const { createKleinKramersHelper } = await import(at('node/index.js'));
const helper = process.argv[3] === 'helper' ? createKleinKramersHelper() : undefined;
const [expr, D, gamma] = [
  process.argv[4] ?? 'x^4/4 - x^2/2 + 0.1*x',
  Number(process.argv[5] ?? 0.025),
  Number(process.argv[6] ?? 0.05),
];
const problem = {
  potential: potentialFromExpression(expr),
  D,
  gamma,
  searchDomain: { min: -2.04, max: 1.94 },
  helper,
};
const out = [];
for (let i = 0; i < 2; i++) {
  const c = process.cpuUsage();
  const t0 = performance.now();
  const r = kleinKramersSpectrum(problem);
  const u = process.cpuUsage(c);
  out.push(
    `${((performance.now() - t0) / 1000).toFixed(2)}w ${((u.user + u.system) / 1e6).toFixed(2)}c`,
  );
  if (i === 1)
    out.push(`λ1=${r.eigenvalues[1].toPrecision(13)} ±${r.errors[1].toPrecision(2)} ${r.retcode}`);
}
console.log(dist.split('/').pop(), out.join(' | '));
await helper?.close();
