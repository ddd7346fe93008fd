/**
 * The Drift tab: escape without a potential. A drift b(x, y) in a box, edited in the sidebar
 * (which shows these controls while the tab is open); the worker's fixed points, the flow field,
 * and the minimum action paths of gMAM with the quasi-potential barrier ΔΦ (rates ∝ e^{−ΔΦ/D}).
 * A parameter with a range (Maier–Stein's β) gets a slider, so the bifurcation of the optimal
 * path at β = 4 (Maier & Stein 1993) can be watched as it moves.
 */
import { driftFromExpressions, isKramersError } from 'kramers';
import DriftWorker from './drift.worker.ts?worker';
import { DriftMap } from './driftMap.js';
import type { DriftView } from './driftProtocol.js';
import {
  canonicalDrift,
  DEFAULT_DRIFT,
  DRIFT_PRESETS,
  type DriftLabProblem,
  presetOf,
} from './driftState.js';
import { fmt, h } from './format.js';
import { type PlaneHooks, type PlaneHost, PlanePanel, type PlaneTab } from './planePanel.js';
import { type LogSlider, logSlider, showError, tableWithCsv, valueCell } from './widgets.js';

/** Test hooks: the last view shown and how many were rendered. */
export type DriftHooks = PlaneHooks<DriftView>;

const DRIFT_TAB: PlaneTab<DriftLabProblem> = {
  id: 'drift',
  labels: {
    preset: 'Preset drift',
    expression: 'b(x, y) = (b_x, b_y), one expression each',
    box: 'Box x_min:x_max, y_min:y_max',
  },
  boxExample: '-1.6:1.6, -1:1',
  presets: DRIFT_PRESETS,
  defaultProblem: DEFAULT_DRIFT,
  canonical: canonicalDrift,
  presetOf,
  expressionOf: (q) => q.drift,
  // The library's own parser, per component: a caret error names the component.
  parse: (source, parameters) => {
    driftFromExpressions(source, { parameters });
    return Object.keys(parameters);
  },
  unknownName,
  worker: () => new DriftWorker(),
  // A gMAM solve takes a fraction of a second to seconds: a slider's newer value restarts it.
  policy: 'restart',
};

export class DriftPanel extends PlanePanel<DriftLabProblem, DriftView> {
  readonly hooks: DriftHooks = { view: null, renders: 0 };
  private readonly results = {
    summary: h('p', { id: 'drift-summary' }),
    branches: h('div', {}),
    points: h('div', {}),
  };
  private readonly noise: LogSlider;
  private readonly map = new DriftMap();

  constructor(section: HTMLElement, host: PlaneHost<DriftLabProblem>) {
    super(section, host, DRIFT_TAB);
    this.noise = logSlider(
      this.controls,
      { id: 'drift-D', label: 'noise intensity D', min: -3, max: 0 },
      (D) => this.patch({ D }),
      (message) => showError(this.el.error, message),
    );
    this.appendStatus();
    section.append(
      h('p', {
        class: 'muted',
        text: 'A drift that need not be a gradient: dX = b dt + √(2D) dW. Its barrier is the Freidlin–Wentzell quasi-potential ΔΦ, the least action ¼∫|φ̇ − b|² dt of a path from the stable point to the saddle, found by the geometric minimum action method (Heymann & Vanden-Eijnden 2008); rates go like exp(−ΔΦ/D), and ΔΦ = ΔU when b = −∇U.',
      }),
      this.results.summary,
      this.map.element,
      this.results.branches,
      this.results.points,
      this.el.warnings,
    );
  }

  protected withExpression(
    drift: string,
    parameters: Readonly<Record<string, number>>,
  ): DriftLabProblem {
    return { ...this.problem(), drift, parameters };
  }

  protected syncControls(problem: DriftLabProblem): void {
    this.noise.set(problem.D);
  }

  protected render(view: DriftView): void {
    this.renderSummary(view);
    this.map.show(view);
    this.renderBranches(view);
    this.renderPoints(view);
  }

  private renderSummary(v: DriftView): void {
    const a = v.action;
    const s = this.results.summary;
    if (!a) {
      s.textContent = v.actionError ?? '';
      return;
    }
    s.dataset['quasiPotential'] = String(a.quasiPotential);
    s.dataset['bifurcation'] = String(a.bifurcation);
    const kind = v.gradient ? 'a gradient field (ΔΦ = ΔU)' : 'not a gradient';
    const split = a.bifurcation
      ? 'the optimal path has left the straight line (a bifurcation): the curves below differ'
      : 'one optimal path';
    s.textContent = `From fixed point ${a.from} to saddle ${a.saddle}: ΔΦ = ${fmt(a.quasiPotential)} ± ${fmt(a.error)}, action S = 2ΔΦ = ${fmt(a.action)}, ΔΦ/D = ${fmt(a.quasiPotential / v.D)}, so rates ∝ exp(−ΔΦ/D) = ${fmt(Math.exp(-a.quasiPotential / v.D))}; ${split}; b is ${kind}.`;
  }

  private renderBranches(v: DriftView): void {
    const a = v.action;
    if (!a) {
      this.results.branches.replaceChildren();
      return;
    }
    const rows = a.branches.map((b, k) => [
      k === 0 ? 'optimal' : 'other',
      valueCell(b.quasiPotential),
      valueCell(b.error),
      valueCell(b.offset),
      String(b.multiplicity),
    ]);
    this.results.branches.replaceChildren(
      h('h3', { text: 'Converged curves of the action (gMAM)' }),
      tableWithCsv(
        'action-branches',
        ['curve', 'ΔΦ', '± error', 'largest offset from the straight line', 'copies'],
        rows,
        'drift-branches',
      ),
    );
  }

  private renderPoints(v: DriftView): void {
    const eig = (e: readonly [number, number]) =>
      e[1] === 0 ? fmt(e[0]) : `${fmt(e[0])} ${e[1] < 0 ? '−' : '+'} ${fmt(Math.abs(e[1]))}i`;
    const rows = v.fixedPoints.map((p) => [
      String(p.index),
      p.kind,
      valueCell(p.x[0]),
      valueCell(p.x[1]),
      p.eigenvalues.map(eig).join(', '),
    ]);
    this.results.points.replaceChildren(
      h('h3', { text: 'Fixed points' }),
      tableWithCsv(
        'fixed-points',
        ['point', 'kind', 'x', 'y', 'Jacobian eigenvalues'],
        rows,
        'drift-points',
      ),
    );
  }
}

/** The name a parse error calls unknown (to be made a parameter), or null. */
function unknownName(error: unknown): string | null {
  if (!isKramersError(error) || error.code !== 'unknown_name') return null;
  const match = /'([A-Za-z_][A-Za-z0-9_]*)'/.exec(error.message);
  return match ? match[1]! : null;
}
