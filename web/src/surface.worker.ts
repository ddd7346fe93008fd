/**
 * The 2-D tab's worker: the library's analysis of U(x, y) in its box (stationary points, saddles
 * and the minima they connect, every route's rate over every saddle, the rate network of each
 * route), the minimum-energy path and U on a grid for the map, off the page's thread.
 */
import {
  type AnalysisReportND,
  analyzeND,
  type MethodKey,
  minimumEnergyPathND,
  ND_ROUTES,
  type PreparedProblemND,
  potentialGrid,
  prepareND,
} from 'kramers';
import { problemND } from './surfaceProblem.js';
import type {
  NetworkView,
  PathView,
  SurfaceReply,
  SurfaceRequest,
  SurfaceView,
  TransitionView,
} from './surfaceProtocol.js';
import type { SurfaceProblem } from './surfaceState.js';
import { partOrRefusal, serveRequests } from './workerProtocol.js';

/** Grid nodes per axis of the map: smooth bands at a phone's or a laptop's width, ~20 ms. */
const GRID = 121;

function prepared(q: SurfaceProblem): PreparedProblemND {
  return prepareND(problemND(q));
}

/** Each transition with every route the report carries, in the report's order. */
function transitionsOf(report: AnalysisReportND): TransitionView[] {
  return report.transitions.map((t) => ({
    from: t.from,
    to: t.to,
    saddle: t.saddle,
    deltaU: t.deltaU,
    barrierToNoise: t.barrierToNoise,
    routes: Object.entries(t.methods).map(([method, r]) => ({
      method: method as MethodKey,
      rate: r.rate,
      logRate: r.logRate,
      retcode: r.retcode,
    })),
  }));
}

/** The network of every route that ran on the transitions and can build one. */
function networksOf(p: PreparedProblemND, transitions: readonly TransitionView[]): NetworkView[] {
  const keys = [...new Set(transitions.flatMap((t) => t.routes.map((r) => r.method)))];
  const routes = ND_ROUTES as Record<string, { network?: typeof ND_ROUTES.langer.network }>;
  return keys.flatMap((method) => {
    const network = routes[method]?.network?.(p);
    if (!network) return [];
    return [{ method, populations: network.populations, relaxationRates: network.relaxationRates }];
  });
}

function pathOf(p: PreparedProblemND, q: SurfaceProblem): PathView {
  const report = minimumEnergyPathND(p, {
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  });
  return {
    from: report.from,
    to: report.to,
    minima: report.minima,
    saddles: report.saddles,
    barrier: report.barrier,
    points: report.path.map((pt) => ({ x: pt.x[0]!, y: pt.x[1]!, U: pt.U, s: pt.s })),
  };
}

function compute(q: SurfaceProblem): SurfaceView {
  const started = performance.now();
  const p = prepared(q);
  const report = analyzeND(p);
  const transitions = transitionsOf(report);
  const { value: path, refusal: pathError } =
    report.minima.length < 2
      ? { value: null, refusal: 'one minimum in the box: no path between minima' }
      : partOrRefusal(() => pathOf(p, q));
  const grid = potentialGrid(p.potential, p.box, GRID);
  const xy = (x: readonly number[]) => [x[0]!, x[1]!] as const;
  return {
    retcode: report.retcode,
    grid: { x: grid.x, y: grid.y, values: grid.values, min: grid.min, max: grid.max },
    minima: report.minima.map((m) => ({
      index: m.index,
      x: xy(m.x),
      U: m.U,
      hessianEigenvalues: m.hessianEigenvalues,
    })),
    saddles: report.saddles.map((s) => ({
      index: s.id,
      x: xy(s.x),
      U: s.U,
      hessianEigenvalues: s.hessianEigenvalues,
      unstableEigenvalue: s.unstableEigenvalue,
      connects: [...s.connects],
    })),
    others: report.stationaryPoints
      .filter((s) => s.kind !== 'minimum' && s.kind !== 'saddle')
      .map((s) => ({ x: s.x, U: s.U, kind: s.kind })),
    transitions,
    networks: networksOf(p, transitions),
    path,
    pathError,
    warnings: report.warnings,
    computeMs: performance.now() - started,
  };
}

serveRequests<SurfaceRequest, SurfaceReply>(({ id, problem }) => ({
  id,
  kind: 'surface',
  result: compute(problem),
}));
