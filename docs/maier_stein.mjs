#!/usr/bin/env node
// Draws docs/maier_stein.svg: the Maier–Stein minimum action paths at β = 10 from the CLI's own
// output (`kramers path --drift … --method gmam --json`): the two bent minimisers (mirror images)
// and the on-axis curve, now a saddle of the action. Run after `npm run build`:
//   node docs/maier_stein.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const json = execFileSync(
  process.execPath,
  [
    'dist/cli.js',
    'path',
    '--drift',
    'x - x^3 - 10*x*y^2, -(1+x^2)*y',
    '--method',
    'gmam',
    '--domain',
    '-1.6:1.6,-1:1',
    '--json',
  ],
  { encoding: 'utf8' },
);
const report = JSON.parse(json);
const [bent, axis] = report.branches;
const W = 640;
const H = 360;
const X = (x) => 60 + ((x + 1.1) / 1.2) * (W - 90);
const Y = (y) => H / 2 - (y / 0.45) * (H / 2 - 40);
const line = (points, flip, colour, dash = '') =>
  `<polyline fill="none" stroke="${colour}" stroke-width="2.5" ${dash} points="${points
    .map((p) => `${X(p.x[0]).toFixed(2)},${Y(flip * p.x[1]).toFixed(2)}`)
    .join(' ')}"/>`;
// The flow field on a coarse grid, as short arrows along b.
const arrows = [];
for (let i = 0; i <= 12; i++) {
  for (let j = 0; j <= 8; j++) {
    const x = -1.1 + (1.2 * i) / 12;
    const y = -0.45 + (0.9 * j) / 8;
    const bx = x - x ** 3 - 10 * x * y * y;
    const by = -(1 + x * x) * y;
    const size = Math.hypot(bx, by) || 1;
    const dx = (12 * bx) / size;
    const dy = (-12 * by) / size;
    arrows.push(
      `<line x1="${X(x).toFixed(1)}" y1="${Y(y).toFixed(1)}" x2="${(X(x) + dx).toFixed(1)}" y2="${(Y(y) + dy).toFixed(1)}" stroke="#adb5bd" stroke-width="1" marker-end="url(#a)"/>`,
    );
  }
}
const f = (v) => v.toFixed(6);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="12">
<title>Maier–Stein at β = 10: the bent minimum action paths and the on-axis curve</title>
<rect width="100%" height="100%" fill="white"/>
<defs><marker id="a" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#adb5bd"/></marker></defs>
${arrows.join('\n')}
<line x1="${X(-1.1)}" y1="${Y(0)}" x2="${X(0.1)}" y2="${Y(0)}" stroke="#ced4da"/>
${line(axis.path, 1, '#1c7ed6', 'stroke-dasharray="6 4"')}
${line(bent.path, 1, '#c92a2a')}
${line(bent.path, -1, '#c92a2a')}
<circle cx="${X(-1)}" cy="${Y(0)}" r="5" fill="#2b8a3e"/><text x="${X(-1) - 20}" y="${Y(0) + 22}">stable (−1, 0)</text>
<circle cx="${X(0)}" cy="${Y(0)}" r="5" fill="#e67700"/><text x="${X(0) - 40}" y="${Y(0) + 22}">saddle (0, 0)</text>
<text x="60" y="22" font-size="14">Maier–Stein, β = 10: minimum action paths (gMAM)</text>
<text x="60" y="${H - 14}" fill="#c92a2a">bent pair: ΔΦ = ${f(bent.quasiPotential)}</text>
<text x="330" y="${H - 14}" fill="#1c7ed6">on the axis: ΔΦ = ${f(axis.quasiPotential)} (a saddle of the action)</text>
</svg>
`;
writeFileSync('docs/maier_stein.svg', svg);
console.log(
  `docs/maier_stein.svg: bent ΔΦ = ${bent.quasiPotential}, axis ΔΦ = ${axis.quasiPotential}`,
);
