/**
 * The Drift tab's worker: the library's preparation of a drift field (fixed points with their
 * Jacobian eigenvalues), the minimum action path and quasi-potential barrier by gMAM with every
 * branch it converged to, and b on a coarse grid for the arrows, off the page's thread.
 */
import { driftGrid, type PreparedDriftProblem, prepareDrift, quasiPotentialPath } from 'kramers';
import type { ActionView, DriftReply, DriftRequest, DriftView } from './driftProtocol.js';
import type { DriftLabProblem } from './driftState.js';
import { partOrRefusal, serveRequests } from './workerProtocol.js';

/** Arrows per axis: enough to see the flow turn, few enough to read each one. */
const ARROWS = 21;

const xy = (x: readonly number[]) => [x[0]!, x[1]!] as const;

function actionOf(p: PreparedDriftProblem): ActionView {
  const report = quasiPotentialPath(p);
  return {
    retcode: report.retcode,
    from: report.from.index,
    saddle: report.saddle.index,
    quasiPotential: report.quasiPotential,
    error: report.error,
    action: report.action,
    bifurcation: report.bifurcation,
    branches: report.branches.map((b) => ({
      quasiPotential: b.quasiPotential,
      error: b.error,
      offset: b.offset,
      multiplicity: b.multiplicity,
      points: b.path.map((pt) => xy(pt.x)),
    })),
    warnings: report.warnings,
  };
}

function compute(q: DriftLabProblem): DriftView {
  const started = performance.now();
  const p = prepareDrift({
    drift: q.drift,
    coordinates: ['x', 'y'],
    parameters: q.parameters,
    domain: q.box.map(([min, max]) => ({ min, max })),
    D: q.D,
  });
  const { value: action, refusal: actionError } = partOrRefusal(() => actionOf(p));
  const flow = driftGrid(p.drift, p.box, ARROWS);
  return {
    retcode: action?.retcode ?? 'not_applicable',
    D: p.D,
    flow: { x: flow.x, y: flow.y, bx: flow.bx, by: flow.by, maxSpeed: flow.maxSpeed },
    fixedPoints: p.fixedPoints.map((f) => ({
      index: f.index,
      x: xy(f.x),
      kind: f.kind,
      eigenvalues: f.eigenvalues.map((e) => [e.re, e.im] as const),
    })),
    gradient: p.gradient,
    action,
    actionError,
    warnings: [...new Set([...p.warnings, ...(action?.warnings ?? [])])],
    computeMs: performance.now() - started,
  };
}

serveRequests<DriftRequest, DriftReply>(({ id, problem }) => ({
  id,
  kind: 'drift',
  result: compute(problem),
}));
