// The Klein–Kramers error estimate at tolerances other than the default 1e-8: for each cell of
// issue 13's matrix with a reference (test/fixtures/klein_kramers_weak.json, then
// klein_kramers_reference.json), λ1 at the given tolerance, and whether the reported error covers
// the actual one (plus the reference's own error). Prints the count of honest cells, the CPU
// seconds, and the five cells whose actual error came closest to their reported one.
// Run: npm run build && node bench/kleinKramersTolerances.mjs [tolerance] [gammas]
import { readFileSync } from 'node:fs';
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const tolerance = Number(process.argv[2] ?? 1e-6);
const gammas = (process.argv[3] ?? '0.05,0.1,0.2,1,10,100').split(',').map(Number);
const read = (name) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')).cases;
// The weak file first: it supersedes the other where both hold a case (kleinKramersMatrix.mjs).
const references = [...read('klein_kramers_weak.json'), ...read('klein_kramers_reference.json')];

let cpuSeconds = 0;
const cells = [];
for (const tilt of [0, 0.1]) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  for (const D of [0.1, 0.05, 0.025]) {
    for (const gamma of gammas) {
      const ref = references.find((c) => c.tilt === tilt && c.D === D && c.gamma === gamma);
      if (!ref) continue;
      const c0 = process.cpuUsage();
      const r = kleinKramersSpectrum({
        potential,
        D,
        gamma,
        tolerance,
        searchDomain: { min: -1.5, max: 1.5 },
      });
      const cpu = process.cpuUsage(c0);
      cpuSeconds += (cpu.user + cpu.system) / 1e6;
      const actual = Math.abs(r.eigenvalues[1] - ref.lambda1);
      const honest = actual <= r.errors[1] + ref.relativeError * ref.lambda1;
      const levels = r.levels.map((l) => `${l.points}×${l.hermite}`).join(' ');
      const rel = (x) => (x / ref.lambda1).toExponential(1);
      cells.push({
        share: actual / r.errors[1],
        honest,
        text: `tilt ${tilt}, D = ${D}, γ = ${gamma}: ${r.retcode}, reported ${rel(r.errors[1])}, actual ${rel(actual)} (reference ±${ref.relativeError.toExponential(1)}), levels ${levels}${honest ? '' : '  **NOT HONEST**'}`,
      });
    }
  }
}
const honest = cells.filter((c) => c.honest).length;
console.log(
  `tolerance ${tolerance}: ${honest}/${cells.length} honest, ${cpuSeconds.toFixed(1)} CPU s`,
);
console.log('closest to their bound (actual / reported):');
for (const c of cells.sort((a, b) => b.share - a.share).slice(0, 5)) {
  console.log(`  ${c.share.toExponential(1)}  ${c.text}`);
}
