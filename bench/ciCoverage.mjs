// Coverage of simulate's 95% MFPT interval on the seed double well, U = x⁴/4 − x²/2, D = 0.25,
// from −1 to +1 (exact MFPT 14.277737, test/fixtures/reference_cases.json), over fixed seeds.
// Usage: node bench/ciCoverage.mjs [seeds=400]. Reports, per case, the share of runs whose
// interval holds the exact MFPT, the share flagged (retcode other than success/censored) and the
// coverage of the runs not flagged (the 1000-walker cases use a quarter of the seeds). Not part of
// bench/run.mjs (~3 min). Figures in bench/README.md. KRAMERS_DIST=path measures another build
// (the figures before the change came from the parent commit's build).
const { simulate } = await import(process.env.KRAMERS_DIST ?? '../dist/index.js');

const EXACT = 14.277736636508052;
const seeds = Number(process.argv[2] ?? 400);
const cases = [
  { walkers: 2 },
  { walkers: 3 },
  { walkers: 10 },
  { walkers: 100, tMax: 3 },
  { walkers: 100, tMax: 5 },
  { walkers: 100, tMax: 10 },
  { walkers: 100, tMax: 28 },
  { walkers: 1000, tMax: 3 },
  { walkers: 1000, tMax: 10 },
];
for (const c of cases) {
  let covered = 0;
  let flagged = 0;
  let trustedCovered = 0;
  const t0 = Date.now();
  const n = c.walkers >= 1000 ? Math.ceil(seeds / 4) : seeds;
  for (let seed = 1; seed <= n; seed++) {
    const r = await simulate({ D: 0.25, seed, ...c });
    const hit = r.mfptCI95[0] <= EXACT && EXACT <= r.mfptCI95[1];
    covered += hit ? 1 : 0;
    if (r.retcode === 'success' || r.retcode === 'censored') trustedCovered += hit ? 1 : 0;
    else flagged++;
  }
  const trusted = n - flagged;
  console.log(
    JSON.stringify({
      ...c,
      seeds: n,
      coverage: covered / n,
      flagged: flagged / n,
      coverageUnflagged: trusted > 0 ? trustedCovered / trusted : null,
      seconds: (Date.now() - t0) / 1000,
    }),
  );
}
