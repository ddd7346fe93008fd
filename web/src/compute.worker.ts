/**
 * The Lab's compute worker: every number the page shows comes from the library (the package
 * entry), computed here so that the page never waits on a quadrature or an eigen-solver.
 */
import {
  analyze,
  fluxOverPopulationRate,
  type MethodResult,
  potentialFromExpression,
  type RateReport,
  rate,
  smoluchowskiSpectrum,
  spectrum,
} from 'kramers';
import type {
  ArrheniusResult,
  ComputeReply,
  ComputeRequest,
  FluxView,
  LabProblem,
  MainResult,
  RateRow,
  SpectrumView,
} from './protocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: ComputeRequest }) => void) | null;
  postMessage(message: ComputeReply): void;
};

function escapeProblem(p: LabProblem) {
  return {
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    gamma: p.gamma,
    mass: p.mass,
    ...(p.domain ? { domain: p.domain } : {}),
  };
}

function rateProblem(p: LabProblem) {
  return { ...escapeProblem(p), from: p.from, ...(p.to !== undefined ? { to: p.to } : {}) };
}

function linspace(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(a + ((b - a) * i) / (n - 1));
  return out;
}

const METHOD_LABELS: Record<string, string> = {
  kramers: 'Kramers (overdamped, 1940)',
  corrected: 'Kramers + finite-barrier correction',
  exact: 'exact 1/MFPT',
  spectral: 'spectral (Fokker–Planck λ)',
};

function accuracyOf(m: MethodResult): string {
  if (m.error === null) return 'asymptotic';
  const rel = m.relativeError ?? (m.rate ? m.error / m.rate : null);
  return rel === null || rel === undefined ? '—' : `± ${rel.toExponential(1)} rel.`;
}

function rateRows(report: RateReport, analysis: ReturnType<typeof analyze>): RateRow[] {
  const rows: RateRow[] = [];
  const exactLog = report.methods.exact?.logRate ?? null;
  const t = report.barrier
    ? analysis.transitions.find(
        (tr) => tr.from === report.from.well && tr.barrier === report.barrier!.index,
      )
    : undefined;
  if (t) {
    rows.push({
      method: 'arrhenius',
      label: 'Arrhenius factor e^(−ΔU/D)',
      rate: t.arrheniusFactor,
      logRate: t.logArrheniusFactor,
      relativeToExact: null,
      accuracy: 'a factor, not a rate',
      retcode: 'success',
      definition: 'the Boltzmann factor of the barrier alone (no prefactor): k ∝ e^(−ΔU/D)',
      warnings: [],
    });
    const logTst = t.logRates.tst;
    rows.push({
      method: 'tst',
      label: 'transition-state theory',
      rate: t.rates.tst,
      logRate: logTst,
      relativeToExact: logTst !== null && exactLog !== null ? Math.expm1(logTst - exactLog) : null,
      accuracy: 'asymptotic',
      retcode: 'success',
      definition: 'TST (ω_a/2π) e^(−ΔU/D): no recrossing, an upper bound at any friction',
      warnings: t.estimates.tst.warnings ?? [],
    });
  }
  for (const [method, m] of Object.entries(report.methods)) {
    if (!m) continue;
    rows.push({
      method,
      label: METHOD_LABELS[method] ?? method,
      rate: m.rate,
      logRate: m.logRate,
      relativeToExact: method === 'exact' ? 0 : (m.relativeToExact ?? null),
      accuracy: accuracyOf(m),
      retcode: m.retcode,
      definition: m.definition,
      warnings: m.warnings,
    });
  }
  return rows;
}

function plotWindow(
  analysis: ReturnType<typeof analyze>,
  extra: number[],
): { min: number; max: number } {
  const xs = [...analysis.stationaryPoints.map((s) => s.x), ...extra].filter(Number.isFinite);
  if (xs.length === 0) return analysis.domain;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = 0.35 * Math.max(hi - lo, 1);
  let min = lo - pad;
  let max = hi + pad;
  if (analysis.domainSource === 'given') {
    min = Math.max(min, analysis.domain.min);
    max = Math.min(max, analysis.domain.max);
  }
  return { min, max };
}

/**
 * The stationary density P(x) of the flux picture, with P(x_a) = 1: a source at the well x_a and a
 * sink at x_c (Kramers 1940). Between source and sink
 * P(x) = e^{−(U−U_a)/D} ∫_x^{x_c} e^{(U−U_s)/D} / ∫_{x_a}^{x_c} e^{(U−U_s)/D} (trapezoids on 400
 * points), and behind the source (from `far`, no flux there) the Boltzmann density. For the
 * picture only: J, N and k shown are the library's. Numerics done in the page, not the library:
 * kept in this one function so that a library routine can replace it.
 */
function sourceSinkDensity(
  potential: { U(x: number): number },
  D: number,
  at: { far: number; well: number; barrier: number; sink: number },
): { x: number[]; P: number[] } {
  const { far, well, barrier, sink } = at;
  const behind = linspace(far, well, 200);
  const ahead = linspace(well, sink, 400);
  const Ua = potential.U(well);
  const Us = potential.U(barrier);
  const tail = new Array<number>(ahead.length).fill(0);
  for (let i = ahead.length - 2; i >= 0; i--) {
    const a = Math.exp((potential.U(ahead[i]!) - Us) / D);
    const b = Math.exp((potential.U(ahead[i + 1]!) - Us) / D);
    tail[i] = tail[i + 1]! + 0.5 * (a + b) * Math.abs(ahead[i + 1]! - ahead[i]!);
  }
  const x: number[] = [];
  const P: number[] = [];
  for (const xi of behind.slice(0, -1)) {
    x.push(xi);
    P.push(Math.exp(-(potential.U(xi) - Ua) / D));
  }
  ahead.forEach((xi, i) => {
    x.push(xi);
    P.push(Math.exp(-(potential.U(xi) - Ua) / D) * (tail[i]! / tail[0]!));
  });
  if (Math.sign(sink - well) < 0) {
    x.reverse();
    P.reverse();
  }
  return { x, P };
}

function fluxView(p: LabProblem, report: RateReport, win: { min: number; max: number }): FluxView {
  if (!report.barrier || report.from.well === null) {
    throw new Error('the flux picture needs a start well and a barrier to cross');
  }
  const potential = potentialFromExpression(p.potential, { parameters: p.parameters });
  const well = report.from.x;
  const barrier = report.barrier.x;
  const sink = report.to.x;
  const reflecting =
    report.farSide.kind === 'reflecting' && report.farSide.x !== null
      ? report.farSide.x
      : undefined;
  const result = fluxOverPopulationRate({
    potential,
    D: p.D,
    gamma: p.gamma,
    well,
    barrier,
    sink,
    ...(reflecting !== undefined ? { reflecting } : {}),
  });
  const dir = Math.sign(sink - well);
  const far = reflecting ?? (dir > 0 ? Math.min(win.min, well - 1) : Math.max(win.max, well + 1));
  const { x, P } = sourceSinkDensity(potential, p.D, { far, well, barrier, sink });
  return {
    x,
    P,
    well,
    barrier,
    sink,
    flux: result.flux,
    population: result.population,
    rate: result.rate,
    logRate: result.logRate,
    relativeError: result.relativeError,
    exactRate: report.methods.exact?.rate ?? null,
    warnings: result.warnings,
  };
}

function thin(values: Float64Array, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += step) out.push(values[i]!);
  return out;
}

function spectrumView(p: LabProblem, report: RateReport): SpectrumView {
  const summary = spectrum({ ...escapeProblem(p), n: 5 });
  const { left, right } = summary.boundaries;
  const natural = left.kind === 'natural' || right.kind === 'natural';
  const range = { min: left.x, max: right.x };
  const full = smoluchowskiSpectrum({
    potential: potentialFromExpression(p.potential, { parameters: p.parameters }),
    D: p.D,
    gamma: p.gamma,
    n: 5,
    ...(natural ? { searchDomain: range } : { domain: range }),
    boundaries: {
      left: left.kind === 'absorbing' ? 'absorbing' : 'reflecting',
      right: right.kind === 'absorbing' ? 'absorbing' : 'reflecting',
    },
  });
  const step = Math.max(1, Math.floor(full.x.length / 600));
  let exactBackward: number | null = null;
  if (typeof report.to.well === 'number' && report.from.well !== null) {
    try {
      const back = rate({
        ...escapeProblem(p),
        from: report.to.well,
        to: report.from.well,
        methods: ['exact'],
      });
      exactBackward = back.methods.exact?.rate ?? null;
    } catch {
      exactBackward = null;
    }
  }
  const zeroMode = left.kind !== 'absorbing' && right.kind !== 'absorbing';
  return {
    eigenvalues: [...summary.eigenvalues],
    errors: [...summary.errors],
    gap: summary.gap,
    x: thin(full.x, step),
    eigenfunctions: full.eigenfunctions.slice(0, 4).map((f) => thin(f, step)),
    density: thin(full.equilibriumDensity, step),
    lambda1: (zeroMode ? summary.eigenvalues[1] : summary.eigenvalues[0]) ?? null,
    exactForward: report.methods.exact?.rate ?? null,
    exactBackward,
    boundaries: `left ${left.kind} at ${left.x.toPrecision(4)}, right ${right.kind} at ${right.x.toPrecision(4)}`,
    warnings: [...summary.warnings],
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function main(request: ComputeRequest): MainResult {
  const started = performance.now();
  const p = request.problem;
  const analysis = analyze(escapeProblem(p));
  const report = rate(rateProblem(p));
  const win = plotWindow(analysis, [report.to.x, report.from.x]);
  const potential = potentialFromExpression(p.potential, { parameters: p.parameters });
  const grid = linspace(win.min, win.max, 500);
  for (const s of analysis.stationaryPoints) if (s.x > win.min && s.x < win.max) grid.push(s.x);
  grid.sort((a, b) => a - b);
  const U = grid.map((x) => potential.U(x));
  const extremum = (e: { index: number; x: number; U: number; d2U: number; omega: number }) => ({
    index: e.index,
    x: e.x,
    U: e.U,
    d2U: e.d2U,
    omega: e.omega,
  });
  const exactMfpt = report.methods.exact?.['mfpt'];
  const result: MainResult = {
    expression: analysis.potential.expression,
    tex: analysis.potential.tex ?? null,
    domain: analysis.domain,
    wells: analysis.wells.map(extremum),
    barriers: analysis.barriers.map(extremum),
    transitions: analysis.transitions.map((t) => ({
      from: t.from,
      to: t.to,
      barrier: t.barrier,
      deltaU: t.deltaU,
      barrierToNoise: t.barrierToNoise,
    })),
    curve: { x: grid, U },
    from: report.from,
    to: report.to,
    barrier: report.barrier,
    rates: rateRows(report, analysis),
    exactMfpt: typeof exactMfpt === 'number' ? exactMfpt : null,
    warnings: [...new Set([...analysis.warnings, ...report.warnings])],
    computeMs: 0,
  };
  const extras: { flux?: MainResult['flux']; spectrum?: MainResult['spectrum'] } = {};
  if (request.panel === 'flux') {
    try {
      extras.flux = fluxView(p, report, win);
    } catch (error) {
      extras.flux = { error: errorText(error) };
    }
  }
  if (request.panel === 'spectrum') {
    try {
      extras.spectrum = spectrumView(p, report);
    } catch (error) {
      extras.spectrum = { error: errorText(error) };
    }
  }
  return { ...result, ...extras, computeMs: performance.now() - started };
}

/** ln k against 1/D for ΔU/D from 2 to 30 (the Arrhenius plot). */
function arrhenius(request: ComputeRequest): ArrheniusResult {
  const p = request.problem;
  const base = rate(rateProblem(p));
  const analysis = analyze(escapeProblem(p));
  if (!base.barrier) return { inverseD: [], series: [] };
  const dU = base.barrier.deltaU;
  const t = analysis.transitions.find(
    (tr) => tr.from === base.from.well && tr.barrier === base.barrier!.index,
  );
  const inverseD = linspace(2 / dU, 30 / dU, 15);
  const methods = ['tst', 'kramers', 'corrected', 'exact', 'spectral'];
  const series = methods.map((method) => ({ method, logRates: [] as (number | null)[] }));
  for (const invD of inverseD) {
    let report: RateReport | null = null;
    try {
      report = rate({ ...rateProblem(p), D: 1 / invD });
    } catch {
      report = null;
    }
    for (const s of series) {
      if (s.method === 'tst') {
        // TST is exactly (ω_a/2π) e^{−ΔU/D}: shift its logarithm from the current D.
        const l = t?.logRates.tst;
        s.logRates.push(typeof l === 'number' ? l + dU / p.D - dU * invD : null);
      } else {
        const m = report?.methods[s.method as keyof RateReport['methods']];
        s.logRates.push(m && m.retcode === 'success' ? m.logRate : null);
      }
    }
  }
  return { inverseD, series };
}

scope.onmessage = (event) => {
  const request = event.data;
  try {
    if (request.kind === 'main') {
      scope.postMessage({ id: request.id, kind: 'main', result: main(request) });
    } else {
      scope.postMessage({ id: request.id, kind: 'arrhenius', result: arrhenius(request) });
    }
  } catch (error) {
    const e = error as { message?: string; code?: string };
    scope.postMessage({
      id: request.id,
      kind: 'error',
      error: { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}) },
    });
  }
};
