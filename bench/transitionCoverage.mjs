// Coverage of the counted-transition rate's 95% CI where counts per trajectory are few (2–10),
// 8 trajectories a run, seeds 1…N (fixed), on x⁴/4 − x²/2:
// - overdamped, D = 0.25: against the exact 1/T(core edge → other core edge) of exact1d (the
//   report's exactRate; its quadrature is checked against mpmath in test/fixtures);
// - underdamped at weak friction, D = 0.12, γ = 0.05 (counts over-dispersed: bursts of
//   recrossings): no exact value exists for the counted rate with inertia, so the reference is
//   the rate pooled over its runs of 250 time units or more (both directions: the well is
//   symmetric; the shortest runs, whose ratio estimates are the most biased, are left out), whose
//   own SE is ~1/√(runs) of one run's.
// Not part of bench/run.mjs: it measures a statistical property (~2–4 min). After `npm run build`:
//   node bench/transitionCoverage.mjs [seeds=200] [overdamped|underdamped|both]
import { simulateTransitions } from '../dist/index.js';

const seeds = Number(process.argv[2] ?? 200);
const which = process.argv[3] ?? 'both';

const scenarios = [
  {
    name: 'overdamped',
    problem: { potential: 'x^4/4 - x^2/2', D: 0.25 },
    // ~2, 5 and 10 transitions a trajectory each way (k ≈ 0.09, half the time in each well).
    durations: [44, 111, 222],
  },
  {
    name: 'underdamped',
    problem: { potential: 'x^4/4 - x^2/2', D: 0.12, gamma: 0.05, dynamics: 'underdamped' },
    // k ≈ 0.025 counted each way: ~1.2, 3, 8 and 16 a trajectory.
    durations: [100, 250, 620, 1250],
  },
];

function summary(name, duration, runs, reference) {
  let covered = 0;
  let below = 0;
  let countSum = 0;
  const models = {};
  const cases = runs.flatMap((r) => r.transitions.map((t) => ({ t, m: r.trajectories })));
  for (const { t, m } of cases) {
    const exact = reference ?? t.exactRate;
    countSum += t.count / m;
    models[t.errorModel] = (models[t.errorModel] ?? 0) + 1;
    if (t.rateCI95[0] <= exact && exact <= t.rateCI95[1]) covered++;
    else if (exact < t.rateCI95[0]) below++;
  }
  const p = covered / cases.length;
  const retcodes = {};
  for (const r of runs) retcodes[r.retcode] = (retcodes[r.retcode] ?? 0) + 1;
  return {
    scenario: name,
    duration,
    countsPerTrajectory: Number((countSum / cases.length).toFixed(2)),
    coverage: Number(p.toFixed(3)),
    coverageSE: Number(Math.sqrt((p * (1 - p)) / cases.length).toFixed(3)),
    cases: cases.length,
    referenceBelowCI: below,
    referenceAboveCI: cases.length - covered - below,
    errorModel: models,
    retcodes,
  };
}

for (const s of scenarios) {
  if (which !== 'both' && which !== s.name) continue;
  const started = Date.now();
  const byDuration = [];
  for (const duration of s.durations) {
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++) {
      runs.push(await simulateTransitions({ ...s.problem, duration, seed }));
    }
    byDuration.push({ duration, runs });
  }
  const all = byDuration
    .filter((d) => d.duration >= 250)
    .flatMap((d) => d.runs.flatMap((r) => r.transitions));
  const pooled =
    s.name === 'overdamped'
      ? null
      : all.reduce((a, t) => a + t.count, 0) / all.reduce((a, t) => a + t.residence, 0);
  if (pooled !== null) console.log(JSON.stringify({ scenario: s.name, pooledRate: pooled }));
  for (const { duration, runs } of byDuration) {
    console.log(JSON.stringify(summary(s.name, duration, runs, pooled)));
  }
  console.log(JSON.stringify({ scenario: s.name, seconds: (Date.now() - started) / 1000 }));
}
