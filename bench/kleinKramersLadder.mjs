// Where the Klein–Kramers eigen-solver's time goes: for each case the wall and CPU seconds, the
// ladder's levels (K × N, seconds, of which factorisation) and the rough start solve.
// Run: npm run build && node bench/kleinKramersLadder.mjs [tolerance] [gammas, comma-separated]
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const tolerance = Number(process.argv[2] ?? 1e-8);
const gammas = (process.argv[3] ?? '0.02,0.05,0.1,0.2,1').split(',').map(Number);
const Ds = (process.argv[4] ?? '0.1,0.05,0.25').split(',').map(Number);
const tilts = (process.argv[5] ?? '0,0.1').split(',').map(Number);
for (const tilt of tilts) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  for (const D of Ds) {
    for (const gamma of gammas) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = kleinKramersSpectrum({
        potential,
        D,
        gamma,
        tolerance,
        searchDomain: { min: -1.5, max: 1.5 },
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
    }
  }
}
