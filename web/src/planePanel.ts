/**
 * What the Lab's two tabs of the plane share (the 2-D tab's potential U(x, y), the Drift tab's
 * field b(x, y)): a problem of an expression with parameters in a box, edited in the sidebar
 * (a preset, the expression parsed as it is typed, a number box per parameter, the box), sent to
 * the tab's worker when it changed, and the worker's view shown, the panel greyed while what it
 * shows is not the problem in the controls. A tab adds its own controls and draws its own view.
 */
import { h } from './format.js';
import { LatestWorker, type SupersedePolicy, type WorkerPort } from './latestWorker.js';
import { type PlaneBox, parsePlaneBox } from './planeState.js';
import { showError, warningList } from './widgets.js';
import type { ProblemRequest, ResultReply, WorkerError } from './workerProtocol.js';

/** What both tabs' problems have: the expression's parameters and the box. */
export interface PlaneProblem {
  readonly parameters: Readonly<Record<string, number>>;
  readonly box: PlaneBox;
}

/** What both tabs' workers answer with, besides their own results. */
export interface PlaneView {
  readonly warnings: readonly string[];
  readonly computeMs: number;
}

export interface PlanePreset<P> {
  readonly id: string;
  readonly name: string;
  readonly problem: P;
  /** Parameters with a slider over [min, max] (the others get a number box only). */
  readonly ranges?: Readonly<Record<string, readonly [number, number]>>;
}

/** Test hooks: the last view shown and how many were rendered. */
export interface PlaneHooks<View> {
  view: View | null;
  renders: number;
}

/** Where the tab's problem lives (the page's state, carried by the URL). */
export interface PlaneHost<P> {
  get(): P | undefined;
  set(problem: P): void;
}

/** What tells one tab of the plane from the other, besides its own controls and view. */
export interface PlaneTab<P> {
  /** The prefix of the controls' ids (`${id}-expr`, …) and of the render count on <body>. */
  readonly id: string;
  readonly labels: { readonly preset: string; readonly expression: string; readonly box: string };
  /** A box that reads right, for the message about one that does not. */
  readonly boxExample: string;
  readonly presets: readonly PlanePreset<P>[];
  readonly defaultProblem: P;
  /** Same problem, same key: a problem already shown is not computed again. */
  readonly canonical: (problem: P) => string;
  /** The preset `problem` is (how closely it must match is the tab's choice). */
  readonly presetOf: (problem: P) => PlanePreset<P> | undefined;
  readonly expressionOf: (problem: P) => string;
  /**
   * Parses `source` with the library's own parser (it throws a KramersError with a caret), given
   * values for the names found so far; returns the parameters the expression uses.
   */
  readonly parse: (source: string, parameters: Record<string, number>) => readonly string[];
  /** The name a parse error calls unknown (to be made a parameter), or null. */
  readonly unknownName: (error: unknown, source: string) => string | null;
  readonly worker: () => WorkerPort;
  readonly policy: SupersedePolicy;
}

/** Unknown names made parameters before the expression is taken as wrong. */
const MAX_PARAMETERS = 12;

export abstract class PlanePanel<P extends PlaneProblem, View extends PlaneView> {
  abstract readonly hooks: PlaneHooks<View>;
  /** The tab's controls, placed in the sidebar by the shell. */
  readonly controls: HTMLDivElement;
  protected readonly worker: LatestWorker<ProblemRequest<P>, ResultReply<string, View>>;
  protected readonly el;
  /** The canonical key of the problem last sent to the worker ('' when none stands). */
  private key = '';

  constructor(
    protected readonly section: HTMLElement,
    private readonly host: PlaneHost<P>,
    protected readonly tab: PlaneTab<P>,
  ) {
    const id = tab.id;
    this.worker = new LatestWorker({
      create: tab.worker,
      policy: tab.policy,
      onResult: (reply) => this.onReply(reply.result),
      onError: (error) => this.onError(error),
    });
    this.el = {
      preset: h('select', { id: `${id}-preset` }),
      expr: h('input', {
        id: `${id}-expr`,
        type: 'text',
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': `${id}-expr-error`,
      }),
      exprError: h('div', { id: `${id}-expr-error`, class: 'error', role: 'alert' }),
      params: h('div', { id: `${id}-params` }),
      box: h('input', { id: `${id}-box`, type: 'text', autocomplete: 'off' }),
      error: h('div', { id: `${id}-error`, class: 'error', role: 'alert' }),
      status: h('span', { class: 'status', id: `${id}-status`, 'aria-live': 'polite' }),
      warnings: h('div', {}),
    };
    this.controls = h('div', { class: `${id}-controls`, id: `${id}-controls` });
    this.appendProblemControls();
    this.listen();
  }

  problem(): P {
    return this.host.get() ?? this.tab.defaultProblem;
  }

  /** The tab opened (or the URL gave a problem): show the controls and compute when it changed. */
  show(): void {
    // An expression still being typed (with its parse error showing) stays in its box.
    this.sync(this.problem(), this.el.exprError.childElementCount === 0);
    this.request();
  }

  /** Draws the worker's view (the warnings and the render count are done here). */
  protected abstract render(view: View): void;

  /** Shows the tab's own part of `problem` in its own controls. */
  protected abstract syncControls(problem: P): void;

  /** The problem when the expression box holds `source` with these parameters (whole: a tab may drop what depended on the old one). */
  protected abstract withExpression(
    source: string,
    parameters: Readonly<Record<string, number>>,
  ): P;

  /** The problem for a new box (whole: a tab may drop what depends on the old one). */
  protected withBox(box: PlaneBox): P {
    return { ...this.problem(), box };
  }

  /** The problem a preset's choice makes (a tab may keep what belongs to no preset). */
  protected fromPreset(problem: P): P {
    return problem;
  }

  /** The preset the select shows after an edit of the controls. */
  protected presetAfterEdit(problem: P): PlanePreset<P> | undefined {
    return this.tab.presetOf(problem);
  }

  /** Work that a new problem makes stale besides the tab's own view. Default: none. */
  protected beforeRequest(): void {}

  /** The error line and the status, below the tab's own controls. */
  protected appendStatus(): void {
    this.controls.append(this.el.error, h('p', {}, this.el.status));
  }

  protected request(): void {
    const problem = this.problem();
    const key = this.tab.canonical(problem);
    if (key === this.key) return;
    this.key = key;
    this.el.status.textContent = 'computing…';
    this.beforeRequest();
    this.worker.request((id) => ({ id, problem }));
  }

  protected setProblem(problem: P): void {
    showError(this.el.error, '');
    this.host.set(problem);
    this.request();
  }

  protected patch(patch: Partial<P>): void {
    this.edit({ ...this.problem(), ...patch });
  }

  /** A hand edit made `next`: the preset menu says which preset (if any) it still is. */
  protected edit(next: P): void {
    this.el.preset.value = this.presetAfterEdit(next)?.id ?? '';
    this.setProblem(next);
  }

  /** Shows `problem` in the controls (the expression box too, unless `expression` is false). */
  protected sync(problem: P, expression = true): void {
    const el = this.el;
    if (expression) {
      el.expr.value = this.tab.expressionOf(problem);
      showError(el.exprError, '');
      this.section.classList.remove('stale');
    }
    el.preset.value = this.tab.presetOf(problem)?.id ?? '';
    el.box.value = problem.box.map(([a, b]) => `${a}:${b}`).join(', ');
    this.renderParams(problem.parameters);
    this.syncControls(problem);
  }

  private appendProblemControls(): void {
    const { el, tab } = this;
    el.preset.append(h('option', { value: '', text: 'custom' }));
    for (const p of tab.presets) el.preset.append(h('option', { value: p.id, text: p.name }));
    this.controls.append(
      h('label', { for: el.preset.id, text: tab.labels.preset }),
      el.preset,
      h('label', { for: el.expr.id, text: tab.labels.expression }),
      el.expr,
      el.exprError,
      el.params,
      h('label', { for: el.box.id, text: tab.labels.box }),
      el.box,
    );
  }

  private listen(): void {
    const el = this.el;
    el.preset.addEventListener('change', () => {
      const preset = this.tab.presets.find((p) => p.id === el.preset.value);
      if (!preset) return;
      const problem = this.fromPreset(preset.problem);
      this.sync(problem);
      this.setProblem(problem);
    });
    el.expr.addEventListener('input', () => this.onExpression());
    el.box.addEventListener('change', () => {
      const box = parsePlaneBox(el.box.value);
      if (!box) {
        showError(
          el.error,
          `the box must read x_min:x_max, y_min:y_max with min < max, e.g. ${this.tab.boxExample}; got ${el.box.value}`,
        );
        return;
      }
      this.edit(this.withBox(box));
    });
  }

  /** Parses as the user types; names other than x and y become parameters (default 1). */
  private onExpression(): void {
    const source = this.el.expr.value;
    const parameters: Record<string, number> = {};
    for (let attempt = 0; attempt < MAX_PARAMETERS; attempt++) {
      try {
        const names = this.tab.parse(source, parameters);
        showError(this.el.exprError, '');
        const old = this.problem().parameters;
        const used: Record<string, number> = {};
        for (const name of names) used[name] = old[name] ?? parameters[name] ?? 1;
        this.renderParams(used);
        this.section.classList.remove('stale');
        this.edit(this.withExpression(source, used));
        return;
      } catch (error) {
        const name = this.tab.unknownName(error, source);
        if (name !== null && !(name in parameters)) {
          parameters[name] = 1;
          continue;
        }
        this.onBadExpression(error);
        return;
      }
    }
  }

  /**
   * What is typed has no problem to compute: drop answers due and grey the panel. The parse
   * error is then the one error shown.
   */
  private onBadExpression(error: unknown): void {
    showError(this.el.exprError, error instanceof Error ? error.message : String(error));
    showError(this.el.error, '');
    this.worker.cancel();
    this.key = '';
    this.el.status.textContent = '';
    this.section.classList.add('stale');
  }

  /** A number box per parameter, and a slider beside it where the preset gives a range. */
  private renderParams(parameters: Readonly<Record<string, number>>): void {
    const ranges = this.tab.presetOf({ ...this.problem(), parameters })?.ranges ?? {};
    this.el.params.replaceChildren();
    for (const [name, value] of Object.entries(parameters)) {
      const id = `${this.tab.id}-param-${name}`;
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
        this.patch({ parameters: { ...this.problem().parameters, [name]: v } } as Partial<P>);
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

  private onError(error: WorkerError): void {
    this.el.status.textContent = '';
    // While the expression box holds a parse error, that is the one error shown.
    if (this.el.exprError.childElementCount === 0) showError(this.el.error, error.message);
    this.section.classList.add('stale');
    this.key = '';
    this.markRendered();
  }

  private onReply(view: View): void {
    showError(this.el.error, '');
    this.section.classList.remove('stale');
    this.hooks.view = view;
    this.el.status.textContent = `computed in ${view.computeMs.toFixed(0)} ms (worker)`;
    this.render(view);
    this.el.warnings.replaceChildren(warningList(view.warnings));
    this.markRendered();
  }

  private markRendered(): void {
    requestAnimationFrame(() => {
      this.hooks.renders++;
      document.body.dataset[`${this.tab.id}Renders`] = String(this.hooks.renders);
    });
  }
}
