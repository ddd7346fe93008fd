// Issue 13's done-when matrix: γ ∈ {0.01 … 100} × ΔU/D ∈ {2.5, 5, 10} × {symmetric, tilted 0.1x},
// U = x⁴/4 − x²/2 [+ 0.1x], m = 1. For each cell the Klein–Kramers solver at its default 1e-8
// against the independent solve (test/fixtures/klein_kramers_reference.json and
// klein_kramers_weak.json: plain Chebyshev × Hermite, ARPACK; its own error in the last column):
// retcode, reported and actual relative error of λ1, and whether the report is honest (actual ≤
// reported + the reference's own error). Weak cells (γ ≤ 0.02) run at `weakCap` of K³·N (default:
// the solver's own cap) and are reported, not required, to converge.
// Run: npm run build && node bench/kleinKramersMatrix.mjs [weakCap] [gammas] [Ds] [tilts]
import { readFileSync } from 'node:fs';
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const weakCap = process.argv[2] ? Number(process.argv[2]) : undefined;
const list = (arg, fallback) => (arg ?? fallback).split(',').map(Number);
const gammas = list(process.argv[3], '0.01,0.02,0.05,0.1,0.2,1,10,100');
const Ds = list(process.argv[4], '0.1,0.05,0.025');
const tilts = list(process.argv[5], '0,0.1');

const read = (name) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')).cases;
// klein_kramers_weak.json first: it supersedes the other where both hold a case (the tilted
// D = 0.025 pair on the e^{−44} interval; klein_kramers_reference.py's docstring).
const references = [...read('klein_kramers_weak.json'), ...read('klein_kramers_reference.json')];
const referenceOf = (tilt, D, gamma) =>
  references.find((c) => c.tilt === tilt && c.D === D && c.gamma === gamma);

const e = (x) => (Number.isFinite(x) ? x.toExponential(1) : String(x));
const rows = [];
for (const tilt of tilts) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  for (const D of Ds) {
    for (const gamma of gammas) {
      const ref = referenceOf(tilt, D, gamma);
      const c0 = process.cpuUsage();
      const r = kleinKramersSpectrum({
        potential,
        D,
        gamma,
        searchDomain: { min: -1.5, max: 1.5 },
        ...(gamma <= 0.02 && weakCap !== undefined ? { maxWork: weakCap } : {}),
      });
      const cpu = process.cpuUsage(c0);
      const lambda1 = r.eigenvalues[1];
      const reported = r.errors[1] / lambda1;
      const actual = ref ? Math.abs(lambda1 - ref.lambda1) / ref.lambda1 : Number.NaN;
      const honest = ref ? actual <= reported + ref.relativeError : null;
      const last = r.levels[r.levels.length - 1];
      const row = {
        wells: tilt === 0 ? 'symmetric' : `tilted ${tilt}x`,
        ratio: 0.25 / D,
        gamma,
        retcode: r.retcode,
        reported,
        actual,
        own: ref ? ref.relativeError : Number.NaN,
        honest,
        goal: gamma >= 0.05 ? actual < 1e-8 : null,
        level: `${last.points}×${last.hermite}`,
        cpu: (cpu.user + cpu.system) / 1e6,
        lambda1,
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  }
}

const mark = (x) => (x === null ? '—' : x ? 'yes' : '**NO**');
console.log(
  '| wells | ΔU/D | γ | retcode | last K×N | CPU s | reported | actual | reference own | honest | 1e-8 |',
);
console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.wells} | ${r.ratio} | ${r.gamma} | ${r.retcode} | ${r.level} | ${r.cpu.toFixed(2)} | ${e(r.reported)} | ${e(r.actual)} | ${e(r.own)} | ${r.honest === null ? 'no reference' : mark(r.honest)} | ${mark(r.goal)} |`,
  );
}
const withRef = rows.filter((r) => r.honest !== null);
console.log(
  `\n${withRef.filter((r) => r.honest).length}/${withRef.length} honest; 1e-8 met in ${rows.filter((r) => r.goal).length}/${rows.filter((r) => r.goal !== null).length} cells with γ ≥ 0.05; ${rows.length - withRef.length} without a reference; ${rows.reduce((s, r) => s + r.cpu, 0).toFixed(0)} CPU s`,
);
