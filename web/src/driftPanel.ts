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
import type { DriftReply, DriftRequest, DriftView } from './driftProtocol.js';
import {
  canonicalDrift,
  DEFAULT_DRIFT,
  DRIFT_PRESETS,
  type DriftLabProblem,
  presetOf,
} from './driftState.js';
import { fmt, h } from './format.js';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import { parseSurfaceBox } from './surfaceState.js';
import {
  type LogSlider,
  logSlider,
  showError,
  tableWithCsv,
  valueCell,
  warningList,
} from './widgets.js';

interface Host {
  getDrift(): DriftLabProblem | undefined;
  setDrift(problem: DriftLabProblem): void;
}

/** Test hooks: the last view shown and how many were rendered. */
export interface DriftHooks {
  view: DriftView | null;
  renders: number;
}

export class DriftPanel {
  readonly hooks: DriftHooks = { view: null, renders: 0 };
  /** The tab's controls, placed in the sidebar by the shell. */
  readonly controls = h('div', { class: 'drift-controls', id: 'drift-controls' });
  // A gMAM solve takes a fraction of a second to seconds: a slider's newer value restarts it.
  private readonly worker = new LatestWorker<DriftRequest, DriftReply>({
    create: () => new DriftWorker(),
    policy: 'restart',
    onResult: (reply) => this.onReply(reply.result),
    onError: (error) => this.onError(error),
  });
  private key = '';
  private readonly el = {
    preset: h('select', { id: 'drift-preset' }),
    expr: h('input', {
      id: 'drift-expr',
      type: 'text',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'drift-expr-error',
    }),
    exprError: h('div', { id: 'drift-expr-error', class: 'error', role: 'alert' }),
    params: h('div', { id: 'drift-params' }),
    box: h('input', { id: 'drift-box', type: 'text', autocomplete: 'off' }),
    error: h('div', { id: 'drift-error', class: 'error', role: 'alert' }),
    status: h('span', { class: 'status', id: 'drift-status', 'aria-live': 'polite' }),
    summary: h('p', { id: 'drift-summary' }),
    branches: h('div', {}),
    points: h('div', {}),
    warnings: h('div', {}),
  };
  private readonly noise: LogSlider;
  private readonly map = new DriftMap();

  constructor(
    private readonly section: HTMLElement,
    private readonly host: Host,
  ) {
    const el = this.el;
    el.preset.append(h('option', { value: '', text: 'custom' }));
    for (const p of DRIFT_PRESETS) el.preset.append(h('option', { value: p.id, text: p.name }));
    this.controls.append(
      h('label', { for: 'drift-preset', text: 'Preset drift' }),
      el.preset,
      h('label', { for: 'drift-expr', text: 'b(x, y) = (b_x, b_y), one expression each' }),
      el.expr,
      el.exprError,
      el.params,
      h('label', { for: 'drift-box', text: 'Box x_min:x_max, y_min:y_max' }),
      el.box,
    );
    this.noise = logSlider(
      this.controls,
      { id: 'drift-D', label: 'noise intensity D', min: -3, max: 0 },
      (D) => this.patch({ D }),
      (message) => showError(el.error, message),
    );
    this.controls.append(el.error, h('p', {}, el.status));
    section.append(
      h('p', {
        class: 'muted',
        text: 'A drift that need not be a gradient: dX = b dt + √(2D) dW. Its barrier is the Freidlin–Wentzell quasi-potential ΔΦ, the least action ¼∫|φ̇ − b|² dt of a path from the stable point to the saddle, found by the geometric minimum action method (Heymann & Vanden-Eijnden 2008); rates go like exp(−ΔΦ/D), and ΔΦ = ΔU when b = −∇U.',
      }),
      el.summary,
      this.map.element,
      el.branches,
      el.points,
      el.warnings,
    );
    this.listen();
  }

  problem(): DriftLabProblem {
    return this.host.getDrift() ?? DEFAULT_DRIFT;
  }

  /** The tab opened (or the URL gave a problem): show the controls and compute when it changed. */
  show(): void {
    this.sync(this.problem(), this.el.exprError.childElementCount === 0);
    this.request();
  }

  private request(): void {
    const problem = this.problem();
    const key = canonicalDrift(problem);
    if (key === this.key) return;
    this.key = key;
    this.el.status.textContent = 'computing…';
    this.worker.request((id) => ({ id, problem }));
  }

  private setProblem(problem: DriftLabProblem): void {
    showError(this.el.error, '');
    this.host.setDrift(problem);
    this.request();
  }

  private patch(patch: Partial<DriftLabProblem>): void {
    const next = { ...this.problem(), ...patch };
    this.el.preset.value = presetOf(next)?.id ?? '';
    this.setProblem(next);
  }

  private listen(): void {
    const el = this.el;
    el.preset.addEventListener('change', () => {
      const preset = DRIFT_PRESETS.find((p) => p.id === el.preset.value);
      if (!preset) return;
      this.sync(preset.problem);
      this.setProblem(preset.problem);
    });
    el.expr.addEventListener('input', () => this.onExpression());
    el.box.addEventListener('change', () => {
      const box = parseSurfaceBox(el.box.value);
      if (!box) {
        showError(
          el.error,
          `the box must read x_min:x_max, y_min:y_max with min < max, e.g. -1.6:1.6, -1:1; got ${el.box.value}`,
        );
        return;
      }
      this.patch({ box });
    });
  }

  /**
   * Parses as the user types (the library's own parser, per component: a caret error names the
   * component); names other than x and y become parameters (default 1).
   */
  private onExpression(): void {
    const source = this.el.expr.value;
    const parameters: Record<string, number> = {};
    for (let attempt = 0; attempt < 12; attempt++) {
      try {
        driftFromExpressions(source, { parameters });
        showError(this.el.exprError, '');
        const old = this.problem().parameters;
        const used: Record<string, number> = {};
        for (const name of Object.keys(parameters)) used[name] = old[name] ?? 1;
        this.renderParams(used);
        this.section.classList.remove('stale');
        this.patch({ drift: source, parameters: used });
        return;
      } catch (error) {
        const name = unknownName(error);
        if (name !== null && !(name in parameters)) {
          parameters[name] = 1;
          continue;
        }
        // What is typed has no problem to compute: drop answers due and grey the panel.
        showError(this.el.exprError, error instanceof Error ? error.message : String(error));
        this.worker.cancel();
        this.key = '';
        this.el.status.textContent = '';
        this.section.classList.add('stale');
        return;
      }
    }
  }

  /** A number box per parameter, and a slider beside it where the preset gives a range. */
  private renderParams(parameters: Readonly<Record<string, number>>): void {
    const ranges = presetOf({ ...this.problem(), parameters })?.ranges ?? {};
    this.el.params.replaceChildren();
    for (const [name, value] of Object.entries(parameters)) {
      const id = `drift-param-${name}`;
      const input = h('input', { id, type: 'number', step: 'any', value: String(value) });
      const range = ranges[name];
      const slider = range
        ? h('input', {
            id: `${id}-slider`,
            type: 'range',
            min: String(range[0]),
            max: String(range[1]),
            step: '0.1',
            value: String(value),
            'aria-label': `parameter ${name} (slider)`,
          })
        : null;
      const set = (v: number) =>
        this.patch({ parameters: { ...this.problem().parameters, [name]: v } });
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (input.value.trim() === '' || !Number.isFinite(v)) return;
        if (slider) slider.value = String(v);
        set(v);
      });
      slider?.addEventListener('input', () => {
        input.value = slider.value;
        set(Number(slider.value));
      });
      this.el.params.append(h('label', { for: id, text: `parameter ${name}` }), input);
      if (slider) this.el.params.append(slider);
    }
  }

  /** Shows `problem` in the controls (the expression box too, unless `expression` is false). */
  private sync(problem: DriftLabProblem, expression = true): void {
    const el = this.el;
    if (expression) {
      el.expr.value = problem.drift;
      showError(el.exprError, '');
      this.section.classList.remove('stale');
    }
    el.preset.value = presetOf(problem)?.id ?? '';
    el.box.value = problem.box.map(([a, b]) => `${a}:${b}`).join(', ');
    this.noise.set(problem.D);
    this.renderParams(problem.parameters);
  }

  private onError(error: WorkerError): void {
    this.el.status.textContent = '';
    if (this.el.exprError.childElementCount === 0) showError(this.el.error, error.message);
    this.section.classList.add('stale');
    this.key = '';
    this.markRendered();
  }

  private onReply(view: DriftView): void {
    showError(this.el.error, '');
    this.section.classList.remove('stale');
    this.hooks.view = view;
    this.el.status.textContent = `computed in ${view.computeMs.toFixed(0)} ms (worker)`;
    this.renderSummary(view);
    this.map.show(view);
    this.renderBranches(view);
    this.renderPoints(view);
    this.el.warnings.replaceChildren(warningList(view.warnings));
    this.markRendered();
  }

  private markRendered(): void {
    requestAnimationFrame(() => {
      this.hooks.renders++;
      document.body.dataset['driftRenders'] = String(this.hooks.renders);
    });
  }

  private renderSummary(v: DriftView): void {
    const a = v.action;
    const s = this.el.summary;
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
      this.el.branches.replaceChildren();
      return;
    }
    const rows = a.branches.map((b, k) => [
      k === 0 ? 'optimal' : 'other',
      valueCell(b.quasiPotential),
      valueCell(b.error),
      valueCell(b.offset),
      String(b.multiplicity),
    ]);
    this.el.branches.replaceChildren(
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
    this.el.points.replaceChildren(
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
