/**
 * What the Lab's compute worker computes: every number the page shows comes from the library (the
 * package entry). The sidebar's problem is prepared once per request (one parse, one landscape
 * search) and every view reads that one prepared problem, so that e.g. the exact rate of the
 * chosen passage is solved once for the analysis and the rates table together.
 */
import {
  type AnalysisReport,
  analyze,
  crossing,
  fluxDensity,
  fluxOverPopulationRate,
  isKramersError,
  methodInfo,
  type PreparedProblem,
  type PreparedTransition,
  prepare,
  type RateReport,
  ROUTES,
  type RouteResult,
  rate,
  spectrum,
  transitionOf,
  varyTransition,
} from 'kramers';
import { linspace, plotWindow } from './plotWindow.js';
import type {
  ArrheniusResult,
  FluxView,
  LabProblem,
  LandscapeResult,
  MainResult,
  NoPassageResult,
  Panel,
  RateRow,
  SpectrumView,
} from './protocol.js';

/** The sidebar's problem, prepared once, with its analysis and the chosen passage's rates. */
export interface Study {
  readonly prepared: PreparedProblem;
  readonly analysis: AnalysisReport;
  readonly passage: PreparedTransition;
  readonly report: RateReport;
}

/** The mass `prepare()` assumes when none is given, as `kramers analyze`/`rate` without --mass. */
const DEFAULT_MASS = 1;

/**
 * The sidebar's problem as the library takes it. The mass is given only when the user chose one
 * (m ≠ 1), as the CLI is given --mass: a given mass makes the analysis apply its collision-rate
 * rule (γ/m ≫ ω_s), which at the default m = 1 listed a warning `kramers analyze` does not print.
 */
function escapeProblem(p: LabProblem) {
  return {
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    gamma: p.gamma,
    ...(p.mass !== DEFAULT_MASS ? { mass: p.mass } : {}),
    ...(p.domain ? { domain: p.domain } : {}),
  };
}

/**
 * The passage from the sidebar's well to its target. analyze() solves each landscape transition
 * as { from, to }; naming the default target too makes this the same passage to the library's
 * memo, so the exact rate is not solved a second time.
 */
function passageOf(prepared: PreparedProblem, p: LabProblem): PreparedTransition {
  const to = p.to ?? prepared.landscape.transitions.find((t) => t.from === p.from)?.to;
  return transitionOf(prepared, { from: p.from, ...(to !== undefined ? { to } : {}) });
}

export async function study(p: LabProblem): Promise<Study> {
  const prepared = prepare(escapeProblem(p));
  const analysis = analyze(prepared);
  const passage = passageOf(prepared, p);
  return { prepared, analysis, passage, report: await rate(passage) };
}

/**
 * The sidebar's passage, or the library's reason why its well has none (no barrier on either
 * side, or only a plateau): the landscape is still there to show, as `kramers analyze` shows it.
 */
function passageOrReason(prepared: PreparedProblem, p: LabProblem): PreparedTransition | string {
  try {
    return passageOf(prepared, p);
  } catch (error) {
    if (isKramersError(error) && error.code === 'no_barrier') return error.message;
    throw error;
  }
}

function labelOf(key: string): string {
  return methodInfo(key)?.label ?? key;
}

/**
 * The accuracy column as `kramers rate` prints it (src/cli/rate.ts): a route's relative error
 * where it has one, 'asymptotic' for a closed form that gave a rate, nothing where no rate came
 * out. A failed exact or spectral route (not_converged, rate null, no error) read 'asymptotic'.
 */
function accuracyOf(m: RouteResult): string {
  const rel = m.relativeError ?? (m.error !== null && m.rate ? m.error / m.rate : null);
  if (rel !== null && rel !== undefined) return `± ${rel.toExponential(1)} rel.`;
  return m.rate === null ? '' : 'asymptotic';
}

/** The analysis's entry for the passage's landscape transition (TST and the Arrhenius factor). */
function transitionReportOf(s: Study) {
  const { report, analysis } = s;
  const b = report.barrier;
  if (!b) return undefined;
  return analysis.transitions.find((tr) => tr.from === report.from.well && tr.barrier === b.index);
}

/** The rows the analysis already holds: the bare Arrhenius factor and TST. */
function closedFormRows(s: Study, exactLog: number | null): RateRow[] {
  const t = transitionReportOf(s);
  if (!t) return [];
  const logTst = t.logRates.tst;
  return [
    {
      method: 'arrhenius',
      label: labelOf('arrhenius'),
      rate: t.arrheniusFactor,
      logRate: t.logArrheniusFactor,
      relativeToExact: null,
      accuracy: 'a factor, not a rate',
      retcode: 'success',
      definition: methodInfo('arrhenius')?.definition ?? '',
      warnings: [],
    },
    {
      method: 'tst',
      label: labelOf('tst'),
      rate: t.rates.tst,
      logRate: logTst,
      relativeToExact: logTst !== null && exactLog !== null ? Math.expm1(logTst - exactLog) : null,
      accuracy: 'asymptotic',
      retcode: t.methods.tst.retcode,
      definition: t.methods.tst.definition,
      warnings: t.methods.tst.warnings,
    },
  ];
}

function rateRows(s: Study): RateRow[] {
  const methods = s.report.methods as Readonly<Record<string, RouteResult | undefined>>;
  const rows = closedFormRows(s, methods['exact']?.logRate ?? null);
  for (const [method, m] of Object.entries(methods)) {
    if (!m) continue;
    rows.push({
      method,
      label: labelOf(method),
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

/** U on the plot window, the stationary points included as grid points. */
function curveOf(
  s: Pick<Study, 'prepared' | 'analysis'>,
  win: { min: number; max: number },
): LandscapeResult['curve'] {
  const grid = linspace(win.min, win.max, 500);
  for (const p of s.analysis.stationaryPoints) if (p.x > win.min && p.x < win.max) grid.push(p.x);
  grid.sort((a, b) => a - b);
  return { x: grid, U: grid.map((x) => s.prepared.potential.U(x)) };
}

/**
 * The flux picture's points: 200 behind the source (from `far`, the Boltzmann side) and 400 from
 * the source to the sink, in increasing x. The last is the sink itself (not a rounding of it), where
 * P is 0; a point an ulp short of it would get a tiny P and stretch the ln P axis.
 */
function fluxGrid(far: number, well: number, sink: number): number[] {
  const ahead = linspace(well, sink, 400);
  ahead[ahead.length - 1] = sink;
  const x = [...linspace(far, well, 200).slice(0, -1), ...ahead];
  return sink < well ? x.reverse() : x;
}

function fluxView(s: Study, win: { min: number; max: number }): FluxView {
  const { report } = s;
  if (!report.barrier || report.from.well === null) {
    throw new Error('the flux picture needs a start well and a barrier to cross');
  }
  const { potential, D, gamma } = s.prepared;
  const well = report.from.x;
  const barrier = report.barrier.x;
  const sink = report.to.x;
  const far = report.farSide;
  const reflecting = far.kind === 'reflecting' && far.x !== null ? far.x : undefined;
  const result = fluxOverPopulationRate({
    potential,
    D,
    gamma,
    well,
    barrier,
    sink,
    ...(reflecting !== undefined ? { reflecting } : {}),
  });
  const dir = Math.sign(sink - well);
  const from = reflecting ?? (dir > 0 ? Math.min(win.min, well - 1) : Math.max(win.max, well + 1));
  const x = fluxGrid(from, well, sink);
  const density = fluxDensity({ potential, D, well, sink, x });
  return {
    x,
    P: [...density.density],
    well,
    barrier,
    sink,
    flux: result.flux,
    logFlux: result.logFlux,
    population: result.population,
    rate: result.rate,
    logRate: result.logRate,
    relativeError: result.relativeError,
    exactRate: report.methods.exact?.rate ?? null,
    exactLogRate: report.methods.exact?.logRate ?? null,
    warnings: [...new Set([...result.warnings, ...density.warnings])],
  };
}

/** Every `step`-th value: fewer points to draw (display only). */
function thin(values: ArrayLike<number>, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += step) out.push(values[i]!);
  return out;
}

/**
 * The exact one-way rate back from the target well (null when the target is no well, or where
 * the route fails or its rate leaves double precision, as rate() reports it). analyze() solved
 * this passage already: the library's memo hands back that solve.
 */
function exactBackward(s: Study): number | null {
  const { from, to } = s.report;
  if (typeof to.well !== 'number' || from.well === null) return null;
  try {
    const back = ROUTES.exact.run(transitionOf(s.prepared, { from: to.well, to: from.well }));
    return back.logRate !== null && Number.isFinite(back.logRate) ? back.rate : null;
  } catch {
    return null;
  }
}

/**
 * What the spectrum says about the passage's rate (spectrum() in src/studies/spectrum.ts): with
 * one well and one absorbing end λ1 is the escape rate k itself; with two wells and no sink,
 * λ1 = k_ab + k_ba; and wherever the library built its rate matrix from the lowest modes, its
 * element for the passage is the one-way k. Elsewhere (a sink and several wells, two sinks) no
 * single rate of the passage equals λ1.
 */
function spectralRates(
  s: Study,
  summary: ReturnType<typeof spectrum>,
): Pick<SpectrumView, 'relation' | 'modeRate' | 'modeRateError'> {
  const { left, right } = summary.boundaries;
  const sinks = [left, right].filter((b) => b.kind === 'absorbing').length;
  const wells = s.prepared.landscape.wells.length;
  const { from, to } = s.report;
  const relation =
    sinks === 1 && wells === 1 && typeof to.well === 'string'
      ? 'escape'
      : sinks === 0 && wells === 2 && typeof to.well === 'number'
        ? 'pair'
        : 'other';
  const matrix = summary.rateMatrix;
  const i = from.well;
  const j = to.well;
  const element = matrix && i !== null && typeof j === 'number' ? matrix.matrix[i]?.[j] : null;
  return {
    relation,
    modeRate: element ?? null,
    modeRateError:
      element !== null && element !== undefined && typeof j === 'number' && i !== null
        ? (matrix?.errors?.[i]?.[j] ?? null)
        : null,
  };
}

function spectrumView(s: Study): SpectrumView {
  const summary = spectrum(s.prepared, { n: 5, eigenfunctions: true });
  const modes = summary.modes!;
  const { left, right } = summary.boundaries;
  const step = Math.max(1, Math.floor(modes.x.length / 600));
  const zeroMode = left.kind !== 'absorbing' && right.kind !== 'absorbing';
  return {
    eigenvalues: [...summary.eigenvalues],
    errors: [...summary.errors],
    // The Lab's spectrum is the overdamped one, which always has a gap.
    gap: summary.gap!,
    x: thin(modes.x, step),
    eigenfunctions: modes.eigenfunctions.slice(0, 4).map((f) => thin(f, step)),
    density: thin(modes.equilibriumDensity, step),
    lambda1: (zeroMode ? summary.eigenvalues[1] : summary.eigenvalues[0]) ?? null,
    exactForward: s.report.methods.exact?.rate ?? null,
    exactBackward: exactBackward(s),
    ...spectralRates(s, summary),
    boundaries: `left ${left.kind} at ${left.x.toPrecision(4)}, right ${right.kind} at ${right.x.toPrecision(4)}`,
    warnings: [...summary.warnings],
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A view that may fail on its own (no barrier, no spectrum) without taking the others down. */
function attempt<T>(view: () => T): T | { error: string } {
  try {
    return view();
  } catch (error) {
    return { error: errorText(error) };
  }
}

const extremum = (e: { index: number; x: number; U: number; d2U: number; omega: number }) => ({
  index: e.index,
  x: e.x,
  U: e.U,
  d2U: e.d2U,
  omega: e.omega,
});

/** What `kramers analyze` describes: wells, barriers, transitions and U on the plot window. */
function landscapeOf(
  s: Pick<Study, 'prepared' | 'analysis'>,
  win: { min: number; max: number },
  started: number,
): LandscapeResult {
  const { analysis } = s;
  return {
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
    curve: curveOf(s, win),
    warnings: [...analysis.warnings],
    computeMs: performance.now() - started,
  };
}

/**
 * The landscape, the rates table, and the open tab's own view (flux or spectrum); a well with no
 * barrier to cross gets the landscape and the library's reason instead of a passage.
 */
export async function mainResult(
  problem: LabProblem,
  panel: Panel,
): Promise<MainResult | NoPassageResult> {
  const started = performance.now();
  const prepared = prepare(escapeProblem(problem));
  const analysis = analyze(prepared);
  const passage = passageOrReason(prepared, problem);
  if (typeof passage === 'string') {
    return {
      ...landscapeOf({ prepared, analysis }, plotWindow(analysis), started),
      noPassage: passage,
    };
  }
  const s: Study = { prepared, analysis, passage, report: await rate(passage) };
  const { report } = s;
  const win = plotWindow(analysis, [report.to.x, report.from.x]);
  const exactMfpt = report.methods.exact?.mfpt;
  const landscape = landscapeOf(s, win, started);
  return {
    ...landscape,
    from: report.from,
    to: report.to,
    barrier: report.barrier,
    rates: rateRows(s),
    exactMfpt: typeof exactMfpt === 'number' ? exactMfpt : null,
    passageWarnings: [...report.warnings],
    ...(panel === 'flux' ? { flux: attempt(() => fluxView(s, win)) } : {}),
    ...(panel === 'spectrum' ? { spectrum: attempt(() => spectrumView(s)) } : {}),
    computeMs: performance.now() - started,
  };
}

/** The methods of the Arrhenius plot, in drawing order. */
export const ARRHENIUS_METHODS = ['tst', 'kramers', 'corrected', 'exact', 'spectral'] as const;

/** The rate routes' ln k at one D of the sweep (null where a route fails or does not apply). */
async function logRatesAt(passage: PreparedTransition, D: number) {
  try {
    const methods = (await rate(varyTransition(passage, { D }))).methods as Readonly<
      Record<string, RouteResult | undefined>
    >;
    return (key: string) => {
      const m = methods[key];
      return m && m.retcode === 'success' ? m.logRate : null;
    };
  } catch {
    return () => null;
  }
}

/**
 * ln k against 1/D for ΔU/D from 2 to 30 (the Arrhenius plot): the problem prepared once, each
 * noise level a variant of the same passage (nothing parsed or searched again).
 */
export async function arrheniusSweep(problem: LabProblem): Promise<ArrheniusResult> {
  const prepared = prepare(escapeProblem(problem));
  const passage = passageOf(prepared, problem);
  const c = crossing(passage);
  if (!c) return { inverseD: [], series: [] };
  const dU = c.transition.deltaU;
  // TST is exactly (ω_a/2π) e^{−ΔU/D}: shift its logarithm from the current D.
  const logTst = ROUTES.tst.run(passage).logRate;
  const inverseD = linspace(2 / dU, 30 / dU, 15);
  const series = ARRHENIUS_METHODS.map((method) => ({
    method,
    logRates: [] as (number | null)[],
  }));
  for (const invD of inverseD) {
    const logRate = await logRatesAt(passage, 1 / invD);
    for (const s of series) {
      if (s.method !== 'tst') s.logRates.push(logRate(s.method));
      else s.logRates.push(logTst !== null ? logTst + dU / problem.D - dU * invD : null);
    }
  }
  return { inverseD, series };
}
