/**
 * The 2-D tab: a potential U(x, y) in a box, edited in the sidebar (which shows these controls
 * while the tab is open); the worker's analysis drawn as a shaded map with the minima, saddles
 * and minimum-energy path, the energy profile along the path, and the rates over every saddle
 * and the rate network of every route side by side (labels and colours from the catalogue).
 */
import { isKramersError, parseExpression } from 'kramers';
import { fmt, h } from './format.js';
import { LatestWorker } from './latestWorker.js';
import { method } from './methods.js';
import { type PlaneHooks, type PlaneHost, PlanePanel, type PlaneTab } from './planePanel.js';
import type { PlaneBox } from './planeState.js';
import { Plot } from './plot.js';
import SurfaceWorker from './surface.worker.ts?worker';
import ExactWorker from './surfaceExact.worker.ts?worker';
import { SurfaceMap } from './surfaceMap.js';
import type {
  ExactCell,
  ExactReply,
  ExactRequest,
  Passage,
  SurfaceView,
  WalkerHooks,
  WalkerStats,
} from './surfaceProtocol.js';
import {
  canonicalSurface,
  DEFAULT_SURFACE,
  DEFAULT_SURFACE_SEED,
  DEFAULT_SURFACE_WALKERS,
  SURFACE_PRESETS,
  type SurfaceProblem,
} from './surfaceState.js';
import { SurfaceWalkers } from './surfaceWalkers.js';
import { type LogSlider, logSlider, showError, tableWithCsv, valueCell } from './widgets.js';

/** Test hooks: the last view shown, how many were rendered, the exact cells and the walkers. */
export interface SurfaceHooks extends PlaneHooks<SurfaceView> {
  /** The exact route per transition of the view (undefined: not yet; null: no minimum to reach). */
  exact: (ExactCell | null | undefined)[];
  exactDone: boolean;
  walkers: WalkerHooks;
}

const COORDINATES = ['x', 'y'];

const SURFACE_TAB: PlaneTab<SurfaceProblem> = {
  id: 'surface',
  labels: {
    preset: 'Preset surface',
    expression: 'U(x, y) =',
    box: 'Box x_min:x_max, y_min:y_max (walls reflect)',
  },
  boxExample: '-2:2, -1.5:1.5',
  presets: SURFACE_PRESETS,
  defaultProblem: DEFAULT_SURFACE,
  canonical: canonicalSurface,
  presetOf: (q) => SURFACE_PRESETS.find((p) => canonicalSurface(p.problem) === canonicalSurface(q)),
  expressionOf: (q) => q.potential,
  parse: (source, parameters) =>
    parseExpression(source, { variables: COORDINATES, parameters }).usedParameters,
  unknownName: (error, source) => {
    if (!isKramersError(error) || error.code !== 'unknown_name') return null;
    const span = error.issues[0]?.span;
    const name = span ? source.slice(span.start, span.end) : '';
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : null;
  },
  worker: () => new SurfaceWorker(),
  policy: 'queue',
};

export class SurfacePanel extends PlanePanel<SurfaceProblem, SurfaceView> {
  readonly hooks: SurfaceHooks;
  /** The exact grid route over the view's transitions: restarted when the problem changes. */
  private readonly exactWorker = new LatestWorker<ExactRequest, ExactReply>({
    create: () => new ExactWorker(),
    policy: 'restart',
    isProgress: (reply) => reply.kind === 'exact-cell',
    onResult: (reply) => this.onExact(reply),
    onError: (error) => this.onExactError(error.message),
  });
  private exactError = '';
  /** The walkers' statistics and the passage they ran on (null: none for this problem). */
  private simulated: { passage: Passage; stats: WalkerStats } | null = null;
  private readonly walkers: SurfaceWalkers;
  /** On a phone: shows or hides the controls (as the sidebar's own toggle does). */
  private readonly toggle = h('button', {
    type: 'button',
    id: 'surface-toggle',
    class: 'problem-toggle',
    'aria-controls': 'surface-controls',
    'aria-expanded': 'false',
  });
  private readonly own = {
    mass: h('input', {
      id: 'surface-mass',
      type: 'text',
      autocomplete: 'off',
      placeholder: 'blank: overdamped only',
    }),
    from: h('select', { id: 'surface-from' }),
    to: h('select', { id: 'surface-to' }),
    points: h('div', {}),
    transitions: h('div', {}),
    network: h('div', {}),
    pathNote: h('p', { class: 'muted', id: 'surface-path-note' }),
  };
  private readonly sliders: Record<'D' | 'gamma', LogSlider>;
  private readonly map = new SurfaceMap();
  private readonly profile = new Plot(
    'surface-profile',
    'Energy profile U(s) along the minimum-energy path',
  );

  constructor(section: HTMLElement, host: PlaneHost<SurfaceProblem>) {
    super(section, host, SURFACE_TAB);
    this.walkers = new SurfaceWalkers(
      this.map,
      {
        passage: () => this.walkerPassage(),
        onStats: (passage, stats) => {
          this.simulated = stats ? { passage, stats } : null;
          if (this.hooks.view) this.renderTransitions(this.hooks.view);
        },
      },
      (walkers, seed) => host.set({ ...this.problem(), walkers, seed }),
    );
    this.hooks = {
      view: null,
      renders: 0,
      exact: [],
      exactDone: false,
      walkers: this.walkers.hooks,
    };
    this.foldControls();
    this.sliders = this.appendSliders();
    this.appendPathControls();
    this.appendStatus();
    this.appendSections(section);
    this.listenOwn();
  }

  /** Folded on a phone under a one-line summary, so that the map is on the first screen. */
  private foldControls(): void {
    this.controls.classList.add('folded');
    this.toggle.addEventListener('click', () => {
      const open = this.controls.classList.toggle('folded') === false;
      this.toggle.setAttribute('aria-expanded', String(open));
      this.summarize();
    });
    this.controls.prepend(this.toggle);
  }

  private appendSliders(): Record<'D' | 'gamma', LogSlider> {
    const onInvalid = (message: string) => showError(this.el.error, message);
    return {
      D: logSlider(
        this.controls,
        { id: 'surface-D', label: 'noise intensity D = k_B T', min: -3, max: 2 },
        (D) => this.patch({ D }),
        onInvalid,
      ),
      gamma: logSlider(
        this.controls,
        { id: 'surface-gamma', label: 'friction γ', min: -2, max: 2 },
        (gamma) => this.patch({ gamma }),
        onInvalid,
      ),
    };
  }

  private appendPathControls(): void {
    this.controls.append(
      h('label', {
        for: 'surface-mass',
        text: 'mass m (adds the underdamped Kramers–Langer rate)',
      }),
      this.own.mass,
      h('label', { for: 'surface-from', text: 'Path from minimum' }),
      this.own.from,
      h('label', { for: 'surface-to', text: 'to minimum' }),
      this.own.to,
    );
  }

  private appendSections(section: HTMLElement): void {
    section.append(
      h('p', {
        class: 'muted',
        text: 'A potential in two coordinates: its minima and index-1 saddles (Newton from a seeded grid), the minimum-energy path between two minima (the steepest-descent curves from each saddle), and the harmonic rates over every saddle (TST, Langer 1969; Kramers–Langer with a mass) with the network of rates between the minima. Overdamped γ dx = −∇U dt + √(2γD) dW.',
      }),
      this.map.element,
      h('p', {
        class: 'muted',
        text: 'Run walkers: a few Langevin walkers (overdamped Heun, the library’s simulateND in a worker) move from the path’s start minimum into the core of its end minimum; then the whole run gives the MFPT with its 95% CI, beside the exact and Langer rates below.',
      }),
      this.walkers.element,
      this.walkers.resultElement,
      this.own.points,
      this.own.pathNote,
      this.profile.element,
      this.own.transitions,
      this.own.network,
      this.el.warnings,
    );
  }

  protected override beforeRequest(): void {
    this.exactWorker.cancel();
    this.walkers.reset();
    this.simulated = null;
  }

  /** The walkers' passage: the path's ends (the passage the tab shows), on the problem shown. */
  private walkerPassage(): { problem: SurfaceProblem; passage: Passage } | null {
    const path = this.hooks.view?.path;
    if (!path) return null;
    return { problem: this.problem(), passage: { from: path.from, to: path.to } };
  }

  /** The exact route on every transition into a minimum (not over the box's edge). */
  private requestExact(v: SurfaceView): void {
    this.hooks.exact = v.transitions.map((t) => (typeof t.to === 'number' ? undefined : null));
    this.hooks.exactDone = false;
    this.exactError = '';
    const passages = v.transitions.flatMap((t) =>
      typeof t.to === 'number' ? [{ from: t.from, to: t.to }] : [],
    );
    const problem = this.problem();
    this.exactWorker.request((id) => ({ id, problem, passages }));
  }

  private onExact(reply: Exclude<ExactReply, { kind: 'error' }>): void {
    const v = this.hooks.view;
    if (!v) return;
    if (reply.kind === 'exact-cell') {
      // The k-th passage is the k-th transition into a minimum.
      const rows = v.transitions.flatMap((t, i) => (typeof t.to === 'number' ? [i] : []));
      this.hooks.exact[rows[reply.index]!] = reply.cell;
    } else this.hooks.exactDone = true;
    this.renderTransitions(v);
  }

  private onExactError(message: string): void {
    this.exactError = message;
    this.hooks.exactDone = true;
    if (this.hooks.view) this.renderTransitions(this.hooks.view);
  }

  protected override setProblem(problem: SurfaceProblem): void {
    super.setProblem(problem);
    this.summarize();
  }

  /** The folding button's text: the problem in one line. */
  private summarize(): void {
    const q = this.problem();
    const open = this.toggle.getAttribute('aria-expanded') === 'true';
    const expr = q.potential.length > 60 ? `${q.potential.slice(0, 58)}…` : q.potential;
    this.toggle.textContent = `${open ? '▾ Hide the problem' : '▸ 2-D problem'}: U(x, y) = ${expr}, D = ${fmt(q.D)}, γ = ${fmt(q.gamma)}`;
  }

  /** A hand edit makes the problem custom (only a preset's choice or a sync shows a preset). */
  protected override presetAfterEdit(): undefined {
    return undefined;
  }

  /** The walkers' count and seed stay: they belong to no preset. */
  protected override fromPreset(preset: SurfaceProblem): SurfaceProblem {
    const { walkers, seed } = this.problem();
    return {
      ...preset,
      ...(walkers !== undefined ? { walkers } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
  }

  protected override withBox(box: PlaneBox): SurfaceProblem {
    return this.withoutPath({ box });
  }

  protected withExpression(
    potential: string,
    parameters: Readonly<Record<string, number>>,
  ): SurfaceProblem {
    return this.withoutPath({ potential, parameters });
  }

  private listenOwn(): void {
    const el = this.own;
    el.mass.addEventListener('change', () => {
      const text = el.mass.value.trim();
      const mass = Number(text);
      if (text === '') {
        const { mass: _drop, ...rest } = this.problem();
        this.setProblem(rest);
      } else if (Number.isFinite(mass) && mass > 0) this.patch({ mass });
      else showError(this.el.error, `mass m must be a positive number or blank; got ${text}`);
    });
    el.from.addEventListener('change', () => {
      const { to: _drop, ...rest } = this.problem();
      this.setProblem({ ...rest, from: Number(el.from.value) });
    });
    el.to.addEventListener('change', () => this.patch({ to: Number(el.to.value) }));
  }

  /** A new landscape has its own minima: the path goes back to its default ends. */
  private withoutPath(patch: Partial<SurfaceProblem>): SurfaceProblem {
    const { from: _f, to: _t, ...rest } = this.problem();
    return { ...rest, ...patch };
  }

  protected syncControls(problem: SurfaceProblem): void {
    this.own.mass.value = problem.mass === undefined ? '' : String(problem.mass);
    this.sliders.D.set(problem.D);
    this.sliders.gamma.set(problem.gamma);
    this.walkers.sync(
      problem.walkers ?? DEFAULT_SURFACE_WALKERS,
      problem.seed ?? DEFAULT_SURFACE_SEED,
    );
    this.summarize();
  }

  protected render(view: SurfaceView): void {
    this.renderPathChoice(view);
    this.map.show(view);
    this.renderPoints(view);
    this.renderProfile(view);
    this.requestExact(view);
    this.renderTransitions(view);
    this.renderNetwork(view);
  }

  private renderPathChoice(v: SurfaceView): void {
    const option = (m: SurfaceView['minima'][number]) =>
      h('option', { value: String(m.index), text: `minimum ${m.index} (U = ${fmt(m.U)})` });
    this.own.from.replaceChildren(...v.minima.map(option));
    this.own.to.replaceChildren(...v.minima.map(option));
    if (v.path) {
      this.own.from.value = String(v.path.from);
      this.own.to.value = String(v.path.to);
    }
  }

  private renderPoints(v: SurfaceView): void {
    const point = (kind: string, p: SurfaceView['minima'][number], extra: string) => {
      const row = [
        `${kind} ${p.index}`,
        valueCell(p.x[0]),
        valueCell(p.x[1]),
        valueCell(p.U),
        p.hessianEigenvalues.map((e) => fmt(e)).join(', '),
        extra,
      ];
      return row;
    };
    const rows = [
      ...v.minima.map((m) => point('minimum', m, '')),
      ...v.saddles.map((s) =>
        point(
          'saddle',
          s,
          s.connects
            .map((c) => (c === null ? 'stalled' : typeof c === 'number' ? `m${c}` : c))
            .join(' ↔ '),
        ),
      ),
      ...v.others.map((o) => [
        o.kind,
        valueCell(o.x[0]!),
        valueCell(o.x[1]!),
        valueCell(o.U),
        '',
        '',
      ]),
    ];
    const table = tableWithCsv(
      'stationary-points',
      ['point', 'x', 'y', 'U', 'Hessian eigenvalues', 'connects'],
      rows,
      'surface-points',
    );
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      const kind =
        i < v.minima.length
          ? 'minimum'
          : i < v.minima.length + v.saddles.length
            ? 'saddle'
            : 'other';
      (tr as HTMLElement).dataset['kind'] = kind;
    });
    this.own.points.replaceChildren(table);
  }

  private renderProfile(v: SurfaceView): void {
    const path = v.path;
    if (!path) {
      this.own.pathNote.textContent = v.pathError ?? '';
      this.profile.update({ xLabel: 's', yLabel: 'U', series: [], data: [[]] });
      return;
    }
    const top = Math.max(...path.points.map((q) => q.U));
    this.own.pathNote.dataset['top'] = String(top);
    this.own.pathNote.textContent = `Path from minimum ${path.from} to ${path.to} through minima ${path.minima.join(' → ')}, over saddle${path.saddles.length === 1 ? '' : 's'} ${path.saddles.join(', ')}: barrier ΔU = ${fmt(path.barrier)} above the start; highest U on the path ${fmt(top)}.`;
    const marks = path.saddles.map((k) => {
      const s = v.saddles[k]!;
      const at = path.points.reduce((best, q) =>
        Math.hypot(q.x - s.x[0], q.y - s.x[1]) < Math.hypot(best.x - s.x[0], best.y - s.x[1])
          ? q
          : best,
      );
      return { x1: at.s, y1: null, x2: at.s, y2: null, color: '#1d2330', label: `s${k}` };
    });
    this.profile.update({
      xLabel: 'arc length s',
      yLabel: 'U',
      series: [{ label: 'U along the path', color: '#e03131', width: 2.5 }],
      data: [path.points.map((q) => q.s), path.points.map((q) => q.U)],
      marks,
    });
  }

  /**
   * One column per route the library ran, then the exact grid route (filled in as its worker
   * answers) and, after a run, the walkers' 1/MFPT with its 95% CI on the row of their passage;
   * labelled and coloured from the catalogue.
   */
  private renderTransitions(v: SurfaceView): void {
    const keys = [...new Set(v.transitions.flatMap((t) => t.routes.map((r) => r.method)))];
    const extra = this.simulated ? (['exact', 'simulation'] as const) : (['exact'] as const);
    const all = [...keys, ...extra];
    const head = ['from', 'to', 'saddle', 'ΔU', 'ΔU/D', ...all.map((k) => `${method(k).short} k`)];
    const rows = v.transitions.map((t, i) => [
      `m${t.from}`,
      typeof t.to === 'number' ? `m${t.to}` : t.to,
      `s${t.saddle}`,
      valueCell(t.deltaU),
      valueCell(t.barrierToNoise),
      ...keys.map((k) => {
        const r = t.routes.find((c) => c.method === k);
        return r ? valueCell(r.rate, r.logRate) : '—';
      }),
      this.exactCell(i),
      ...(this.simulated ? [this.simulatedCell(t)] : []),
    ]);
    const table = tableWithCsv('transitions', head, rows, 'surface-transitions');
    this.colourHeads(table, 5, all);
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      const t = v.transitions[i]!;
      (tr as HTMLElement).dataset['from'] = String(t.from);
      (tr as HTMLElement).dataset['to'] = String(t.to);
    });
    const note = this.exactError
      ? h('p', { class: 'error', text: `exact route: ${this.exactError}` })
      : h('p', {
          class: 'muted',
          text: 'exact: 1/MFPT into the core of the target minimum from the backward equation on grids of the box (relative tolerance 1e-3 here; kramers rate gives 1e-4). simulated: 1/MFPT of the walkers’ run with its 95% CI.',
        });
    this.own.transitions.replaceChildren(
      h('h3', { text: 'One-way rates k over each saddle (1/time), every route side by side' }),
      table,
      note,
    );
  }

  /** The exact route's rate (its error estimate on hover), '…' while it is computed. */
  private exactCell(i: number): Node | string {
    const cell = this.hooks.exact[i];
    if (cell === null) return '—';
    if (cell === undefined) return this.hooks.exactDone ? '—' : '…';
    const span = valueCell(cell.rate, cell.logRate);
    span.dataset['retcode'] = cell.retcode;
    span.title = `1/MFPT, MFPT = ${fmt(cell.mfpt)} ± ${fmt(cell.mfptError)} (${cell.retcode})`;
    return span;
  }

  /** The walkers' rate and CI on the row of their passage, '—' on the others. */
  private simulatedCell(t: SurfaceView['transitions'][number]): Node | string {
    const sim = this.simulated;
    if (!sim || sim.passage.from !== t.from || sim.passage.to !== t.to) return '—';
    const s = sim.stats;
    const span = h(
      'span',
      {},
      valueCell(s.rate),
      ` [${fmt(s.rateCI95[0])}, ${fmt(s.rateCI95[1])}]`,
    );
    span.dataset['simulated'] = String(s.rate);
    span.title = `1/MFPT of ${s.walkers} walkers; 95% CI in brackets (${s.retcode})`;
    return span;
  }

  private colourHeads(table: HTMLElement, first: number, keys: readonly string[]): void {
    const heads = table.querySelectorAll<HTMLElement>('thead th');
    keys.forEach((k, i) => {
      const th = heads[first + i];
      if (!th) return;
      const info = method(k as Parameters<typeof method>[0]);
      th.style.color = info.colour;
      th.title = `${info.label}: ${info.definition}`;
      th.dataset['method'] = k;
    });
  }

  private renderNetwork(v: SurfaceView): void {
    const n = v.minima.length;
    const head = [
      'route',
      ...v.minima.map((m) => `π(m${m.index})`),
      'slowest relaxation rate',
      'its time',
    ];
    const rows = v.networks.map((net) => {
      const slowest = net.relaxationRates[0] ?? null;
      const label = h('span', { text: method(net.method).label });
      label.style.color = method(net.method).colour;
      return [
        label,
        ...net.populations.slice(0, n).map((p) => valueCell(p)),
        valueCell(slowest),
        valueCell(slowest === null ? null : 1 / slowest),
      ];
    });
    const table = tableWithCsv('rate-network', head, rows, 'surface-network');
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      (tr as HTMLElement).dataset['method'] = v.networks[i]!.method;
    });
    this.own.network.replaceChildren(
      h('h3', {
        text: 'Rate network between the minima: equilibrium populations and slowest relaxation',
      }),
      n < 2
        ? h('p', { class: 'muted', text: 'One minimum: nothing relaxes between minima.' })
        : table,
    );
  }
}
