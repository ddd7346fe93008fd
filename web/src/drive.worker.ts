/**
 * The Lab's drive worker: quasi-static rates and stochastic resonance from the library, off the
 * page's thread. A run's trajectories go to nested Web Workers (the library's `kramers/browser`
 * runner), so the SR curve grows point by point while this worker waits on them.
 */
import {
  analyze,
  potentialFromExpression,
  prepare,
  quasiStaticRates,
  type ResonanceProblem,
  type Runner,
  runJobs,
  stochasticResonance,
} from 'kramers';
import type {
  DriveLocal,
  DriveReply,
  DriveRequest,
  DriveTheory,
  DriveWalkers,
} from './driveProtocol.js';
import { nestedWalkerPool } from './nestedWalkers.js';
import { linspace, plotWindow } from './plotWindow.js';
import type { LabProblem } from './protocol.js';
import type { DriveSettings } from './state.js';
import { errorReply } from './workerProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: DriveRequest }) => void) | null;
  postMessage(message: DriveReply): void;
};

function resonanceProblem(p: LabProblem, d: DriveSettings): ResonanceProblem {
  return {
    potential: p.potential,
    parameters: p.parameters,
    gamma: p.gamma,
    mass: p.mass,
    ...(p.domain ? { domain: p.domain } : {}),
    amplitude: d.amplitude,
    omega: d.omega,
    coupling: d.coupling,
  };
}

async function local(p: LabProblem, d: DriveSettings): Promise<DriveLocal> {
  const started = performance.now();
  // Prepared once: the analysis and the plotted U(x) share one parse.
  const prepared = prepare({
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    gamma: p.gamma,
    ...(p.domain ? { domain: p.domain } : {}),
  });
  const analysis = analyze(prepared);
  // The plot window: stationary points with a margin, as on the Landscape panel.
  const { min, max } = plotWindow(analysis);
  const x = linspace(min, max, 300);
  const U = prepared.potential;
  const phi = potentialFromExpression(d.coupling, { parameters: p.parameters });
  const period = (2 * Math.PI) / d.omega;
  let quasi: DriveLocal['quasi'] = null;
  let quasiError: string | null = null;
  try {
    const q = quasiStaticRates({
      potential: `(${p.potential}) - (${d.amplitude})*(${d.coupling})*cos((${d.omega})*t)`,
      parameters: p.parameters,
      D: p.D,
      gamma: p.gamma,
      mass: p.mass,
      ...(p.domain ? { domain: p.domain } : {}),
      from: p.from,
      period,
      samples: 32,
      methods: ['kramers', 'corrected', 'exact'],
    });
    const methods = ['kramers', 'corrected', 'exact'] as const;
    quasi = {
      period,
      // One sample more than the library's: the period closes on itself for the plot.
      t: [...q.rows.map((r) => r.t), period],
      methods: [...methods],
      rates: methods.map((m) => {
        const v = q.rows.map((r) => r.rates[m] ?? null);
        return [...v, v[0] ?? null];
      }),
      periodAverage: Object.fromEntries(methods.map((m) => [m, q.periodAverage[m] ?? null])),
      erasedFraction: q.barrierErased.length / q.rows.length,
      adiabaticity: q.adiabaticity,
      warnings: [...q.warnings],
    };
  } catch (error) {
    quasiError = error instanceof Error ? error.message : String(error);
  }
  // The SR theories at exactly this D: the library's one-level question (`D`), so its warnings
  // are about this D alone. A hidden scan D … 2D (as before) warned about levels the page never
  // shows: a maximum "outside the range" of that scan while the η(D) curve has it inside.
  // Linear response needs the Fokker–Planck spectrum of U₀ (a confining landscape); the
  // rocking landscape and Γ(t) are shown even when it has none.
  let at: Awaited<ReturnType<typeof stochasticResonance>> | null = null;
  let atDError: string | null = null;
  try {
    at = await stochasticResonance({ ...resonanceProblem(p, d), D: p.D });
  } catch (error) {
    atDError = `stochastic resonance: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    x,
    U0: x.map((v) => U.U(v)),
    phi: x.map((v) => phi.U(v)),
    tex: analysis.potential.tex ?? null,
    criticalAmplitude: at?.criticalAmplitude ?? null,
    quasi,
    quasiError,
    atD: at?.rows[0] ?? null,
    atDError,
    warnings: [...(at?.warnings ?? [])],
    computeMs: performance.now() - started,
  };
}

async function theory(p: LabProblem, d: DriveSettings): Promise<DriveTheory> {
  const started = performance.now();
  const r = await stochasticResonance({ ...resonanceProblem(p, d), points: 12 });
  return {
    rows: [...r.rows],
    // No linear-response maximum where fewer than three of the levels are reliable.
    maximum: { ...r.maximum },
    maximumNote: { ...r.maximumNote },
    criticalAmplitude: r.criticalAmplitude,
    warnings: [...r.warnings],
    computeMs: performance.now() - started,
  };
}

const WALKERS = 16;
const WALKER_SAMPLES_PER_PERIOD = 64;
const pathWalkersOf = nestedWalkerPool();

/**
 * Paths for the walkers on the rocking landscape: the library's own SR trajectories at the
 * current D (the runner option is the public way in: it receives the trajectory requests that
 * stochasticResonance builds from the checked syntax tree, and runs only those at this D).
 */
async function walkers(p: LabProblem, d: DriveSettings): Promise<DriveWalkers> {
  const walkerPool = pathWalkersOf(1);
  const paths: number[][] = [];
  const runner: Runner = async (jobs) => {
    const mine = jobs.flatMap((j) =>
      j.kind === 'trajectory' && j.request.config.D === p.D ? [j.request] : [],
    );
    const results = await runJobs(walkerPool.runner, 'trajectory', mine);
    // A job holds several trajectories (the lanes' batch), one after another in x.
    for (const r of results) {
      for (let i = 0; r && i < r.trajectories; i++) {
        paths.push([...r.x.subarray(i * r.samples, (i + 1) * r.samples)]);
      }
    }
    // Nothing else is run: the scan reports itself interrupted, which is all we need here.
    return jobs.map(() => undefined);
  };
  await stochasticResonance(
    {
      ...resonanceProblem(p, d),
      Dmin: p.D,
      Dmax: 2 * p.D,
      points: 3,
      simulate: {
        periods: 16,
        samplesPerPeriod: WALKER_SAMPLES_PER_PERIOD,
        trajectories: WALKERS,
        transientPeriods: 0,
        seed: d.seed,
      },
    },
    { runner },
  );
  return {
    D: p.D,
    period: (2 * Math.PI) / d.omega,
    samplesPerPeriod: WALKER_SAMPLES_PER_PERIOD,
    x: paths,
  };
}

const walkersOf = nestedWalkerPool();
const runs = new Map<number, AbortController>();

async function run(id: number, p: LabProblem, d: DriveSettings, workers: number): Promise<void> {
  const pool = walkersOf(workers);
  const controller = new AbortController();
  runs.set(id, controller);
  try {
    const report = await stochasticResonance(
      {
        ...resonanceProblem(p, d),
        points: 12,
        simulate: {
          periods: d.periods,
          trajectories: d.trajectories,
          seed: d.seed,
          spectrum: true,
        },
      },
      {
        runner: pool.runner,
        signal: controller.signal,
        onProgress: (done, total) => scope.postMessage({ id, kind: 'progress', done, total }),
        onRow: (index, row) => scope.postMessage({ id, kind: 'row', index, row }),
      },
    );
    scope.postMessage({
      id,
      kind: 'done',
      result: {
        retcode: report.retcode,
        maximum: report.maximum.simulated ? { simulated: report.maximum.simulated } : {},
        ...(report.simulation
          ? {
              simulation: {
                dt: report.simulation.dt,
                samplesPerPeriod: report.simulation.samplesPerPeriod,
              },
            }
          : {}),
        warnings: [...report.warnings],
      },
    });
  } finally {
    runs.delete(id);
  }
}

function fail(id: number, error: unknown) {
  scope.postMessage(errorReply(id, error));
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'abort') {
    runs.get(request.id)?.abort();
    return;
  }
  const { id, problem, drive } = request;
  const job =
    request.kind === 'local'
      ? local(problem, drive).then((result) => scope.postMessage({ id, kind: 'local', result }))
      : request.kind === 'theory'
        ? theory(problem, drive).then((result) => scope.postMessage({ id, kind: 'theory', result }))
        : request.kind === 'walkers'
          ? walkers(problem, drive).then((result) =>
              scope.postMessage({ id, kind: 'walkers', result }),
            )
          : run(id, problem, drive, request.workers ?? 2);
  job.catch((error) => fail(id, error));
};
