// Synthetic rupture forces for the README's `kramers pull --fit` example: a cusp bond (DHS ν = 1/2)
// with ΔG‡ = 12 k_BT, x‡ = 0.8, k0 = 0.1, pulled at r = 1, 10, 100 and 1000, 100 bonds each,
// drawn by inverting the DHS survival (seed 2026). Run after `npm run build`:
//   node examples/rupture-forces.mjs > examples/rupture-forces.csv
import { drawDhsRuptureForces } from '../dist/index.js';
import { openUniform, Xoshiro128 } from '../dist/simulation/index.js';

const bond = { deltaG: 12, xb: 0.8, k0: 0.1, D: 1 };
const rng = Xoshiro128.fromSeed(2026);
const lines = ['loading_rate,force'];
for (const r of [1, 10, 100, 1000]) {
  for (const F of drawDhsRuptureForces(bond, 0.5, r, 100, () => openUniform(rng.s))) {
    lines.push(`${r},${F.toPrecision(6)}`);
  }
}
console.log(lines.join('\n'));
