/**
 * The exact grid route of the 2-D tab: 1/MFPT from each transition's start minimum into the core
 * of its target minimum, by the library's backward-equation solve on a ladder of grids (the
 * catalogue's `exact` route, as `kramers rate` runs it). A worker of its own, restarted when the
 * problem changes: a solve takes about a second and would hold up the map.
 */
import { ND_ROUTES, prepareND, transitionOfND } from 'kramers';
import { problemND } from './surfaceProblem.js';
import type { ExactCell, ExactReply, ExactRequest } from './surfaceProtocol.js';
import { errorReply } from './workerProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: ExactRequest }) => void) | null;
  postMessage(message: ExactReply): void;
};

/**
 * 1e-3 on a finest grid of 126 nodes a side, without the CLI's refinement to 251: about a second
 * a passage on a laptop, where the CLI's 1e-4 takes ten. A passage that misses it says so
 * (`not_converged`) with its own error estimate, which the cell shows.
 */
const LAB_TOLERANCE = 1e-3;
const LAB_GRID = 126;

scope.onmessage = (event) => {
  const { id, problem, passages } = event.data;
  const started = performance.now();
  try {
    const p = prepareND(problemND(problem));
    passages.forEach((passage, index) => {
      const t = transitionOfND(p, { from: passage.from, to: passage.to });
      const r = ND_ROUTES.exact.run(t, { tolerance: LAB_TOLERANCE, grid: LAB_GRID });
      const cell: ExactCell = {
        method: 'exact',
        rate: r.rate,
        logRate: r.logRate,
        retcode: r.retcode,
        error: r.error,
        mfpt: 'mfpt' in r ? r.mfpt : null,
        mfptError: 'mfptError' in r ? r.mfptError : null,
      };
      scope.postMessage({ id, kind: 'exact-cell', index, cell });
    });
    scope.postMessage({ id, kind: 'exact-done', computeMs: performance.now() - started });
  } catch (error) {
    scope.postMessage(errorReply(id, error));
  }
};
