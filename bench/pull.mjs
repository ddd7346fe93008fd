// Force spectroscopy (issue 7, point 4): the exact quasi-static route against Langevin walkers
// pulled by F = r t, for the linear-cubic and the smooth cusp, and the coverage of the DHS fit's
// error bars over many synthetic data sets. Run after `npm run build`: node bench/pull.mjs
import { drawDhsRuptureForces, fitDhs, pull } from '../dist/index.js';
import { createSimulationPool } from '../dist/node/index.js';
import { openUniform, Xoshiro128 } from '../dist/simulation/index.js';

const fmt = (x, d = 4) => (x === null || x === undefined ? '—' : Number(x.toPrecision(d)));
const only = process.argv[2]; // 'simulation' or 'fit' runs one part
const pool = only === 'fit' ? null : createSimulationPool();

if (pool) {
  console.log('### exact quasi-static ⟨F⟩ vs simulation (seed 1; ΔG‡ = 8 k_BT, x‡ = 1, k0 = 1)\n');
  console.log(
    '| model | walkers | r | Bell–Evans | DHS | exact | simulated ± SE | z = (sim − exact)/SE | intact at cut | s |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [model, rates, walkers] of [
    ['linear-cubic', [10, 30, 100, 300], 4000],
    ['cusp', [30, 100], 2000],
  ]) {
    for (const r of rates) {
      const t0 = performance.now();
      const rep = await pull(
        { model, deltaG: 8, xb: 1, k0: 1, loadingRates: [r], simulate: { walkers, seed: 1 } },
        { runner: pool.runner },
      );
      const row = rep.rows[0];
      const s = row.simulated;
      const z = (s.meanForce - row.meanForce.exact) / s.meanForceStdErr;
      console.log(
        `| ${model} | ${walkers} | ${r} | ${fmt(row.meanForce.bellEvans)} | ${fmt(row.meanForce.dhs)} | ${fmt(row.meanForce.exact, 5)} | ${fmt(s.meanForce, 5)} ± ${fmt(s.meanForceStdErr, 2)} | ${z.toFixed(2)} | ${fmt(row.survivalAtCut, 2)} | ${((performance.now() - t0) / 1000).toFixed(1)} |`,
      );
    }
  }
  await pool.close();
}

if (only !== 'simulation') {
  console.log(
    '\n### DHS fit: coverage of the reported standard errors (100 synthetic data sets)\n',
  );
  console.log(
    '4 loading rates (1, 10, 100, 1000) × 100 forces, ΔG‡ = 15, x‡ = 0.5, k0 = 0.05, D = 1.\n',
  );
  console.log(
    '| ν | parameter | within 1σ | within 2σ | in profile 95% CI | median fitted | median σ | fits flagged (not converged, or ΔG‡ poorly determined) | ms per fit |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const bond = { deltaG: 15, xb: 0.5, k0: 0.05, D: 1 };
  for (const nu of [0.5, 2 / 3]) {
    const hits = { deltaG: [0, 0, 0], xb: [0, 0, 0], k0: [0, 0, 0] };
    const values = { deltaG: [], xb: [], k0: [] };
    const sigmas = { deltaG: [], xb: [], k0: [] };
    const sets = 100;
    let poorly = 0;
    const t0 = performance.now();
    for (let seed = 1; seed <= sets; seed++) {
      const rng = Xoshiro128.fromSeed(seed);
      const observations = [1, 10, 100, 1000].flatMap((r) =>
        Array.from(
          drawDhsRuptureForces(bond, nu, r, 100, () => openUniform(rng.s)),
          (force) => ({
            loadingRate: r,
            force,
          }),
        ),
      );
      const fit = fitDhs({ observations, nu });
      if (fit.retcode !== 'success' || fit.warnings.some((w) => w.includes('poorly determined')))
        poorly++;
      for (const k of ['deltaG', 'xb', 'k0']) {
        const dev = Math.abs(fit[k].value - bond[k]) / fit[k].stdErr;
        if (dev < 1) hits[k][0]++;
        if (dev < 2) hits[k][1]++;
        const [lo, hi] = fit[k].profileCI95;
        if (lo < bond[k] && bond[k] < hi) hits[k][2]++;
        values[k].push(fit[k].value);
        sigmas[k].push(fit[k].stdErr);
      }
    }
    const ms = (performance.now() - t0) / sets;
    for (const k of ['deltaG', 'xb', 'k0']) {
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const m = median(values[k]);
      const ms_ = median(sigmas[k]);
      console.log(
        `| ${fmt(nu, 3)} | ${k} | ${((100 * hits[k][0]) / sets).toFixed(0)}% | ${((100 * hits[k][1]) / sets).toFixed(0)}% | ${((100 * hits[k][2]) / sets).toFixed(0)}% | ${fmt(m)} | ${fmt(ms_, 3)} | ${poorly} | ${ms.toFixed(1)} |`,
      );
    }
  }
}
