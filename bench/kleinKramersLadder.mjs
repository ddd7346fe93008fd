// Where the Klein–Kramers eigen-solver's time goes: for each case the wall and CPU seconds, the
// ladder's levels (K × N, seconds, of which factorisation) and the rough start solve, for each
// engine of the dense kernels (JavaScript, WebAssembly SIMD) one after the other, then a table of
// CPU seconds side by side with the relative difference of λ1 and whether the ladders matched.
// Run: npm run build && node bench/kleinKramersLadder.mjs [tolerance] [gammas] [Ds] [tilts]
//      [engines] (lists comma-separated; engines default js,wasm)
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const tolerance = Number(process.argv[2] ?? 1e-8);
const gammas = (process.argv[3] ?? '0.02,0.05,0.1,0.2,1').split(',').map(Number);
const Ds = (process.argv[4] ?? '0.1,0.05,0.25').split(',').map(Number);
const tilts = (process.argv[5] ?? '0,0.1').split(',').map(Number);
const engines = (process.argv[6] ?? 'js,wasm').split(',');
const table = [];
for (const tilt of tilts) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  for (const D of Ds) {
    for (const gamma of gammas) {
      const row = { tilt, D, gamma, runs: [] };
      table.push(row);
      for (const engine of engines) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = kleinKramersSpectrum({
          potential,
          D,
          gamma,
          tolerance,
          searchDomain: { min: -1.5, max: 1.5 },
          engine,
        });
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(c0);
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        const inLevels = r.levels.reduce((s, l) => s + l.seconds, 0);
        const inFactor = r.levels.reduce((s, l) => s + l.factorSeconds, 0);
        const levels = r.levels
          .map(
            (l) =>
              `${l.points}×${l.hermite}:${l.seconds.toFixed(2)}(${l.factorSeconds.toFixed(2)})i${l.iterations}`,
          )
          .join(' ');
        console.log(
          [
            engine,
            `tilt ${tilt}`,
            `D ${D}`,
            `γ ${gamma}`,
            `wall ${wall.toFixed(2)} s`,
            `cpu ${cpuSeconds.toFixed(2)} s`,
            `factor ${inFactor.toFixed(2)}`,
            `iterate ${(inLevels - inFactor).toFixed(2)}`,
            `other ${(wall - inLevels).toFixed(2)}`,
            r.retcode,
            `λ1 ${r.eigenvalues[1]}`,
            `rel.err ${(r.errors[1] / r.eigenvalues[1]).toExponential(1)}`,
            `levels ${levels}`,
          ].join('  '),
        );
        row.runs.push({
          engine,
          cpuSeconds,
          r,
          shape: r.levels.map((l) => `${l.points}×${l.hermite}`).join(' '),
        });
      }
    }
  }
}
console.log(
  `\n| tilt | D | γ | ${engines.map((e) => `${e} CPU s`).join(' | ')} | ratio | retcode | λ1 rel. diff | same levels |`,
);
console.log(`|---|---|---|${engines.map(() => '---|').join('')}---|---|---|---|`);
for (const { tilt, D, gamma, runs } of table) {
  const [a, b] = [runs[0], runs[runs.length - 1]];
  const diff = Math.abs(a.r.eigenvalues[1] - b.r.eigenvalues[1]) / a.r.eigenvalues[1];
  const retcodes = [...new Set(runs.map((x) => x.r.retcode))].join('/');
  console.log(
    `| ${tilt} | ${D} | ${gamma} | ${runs.map((x) => x.cpuSeconds.toFixed(2)).join(' | ')} | ${(a.cpuSeconds / b.cpuSeconds).toFixed(1)}× | ${retcodes} | ${diff.toExponential(1)} | ${a.shape === b.shape ? 'yes' : 'no'} |`,
  );
}
