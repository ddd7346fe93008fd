import { type MethodKey, potentialFromExpression } from 'kramers';
import { fmt, h } from './format.js';
import './pullPanel.css';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import { method } from './methods.js';
import { downloadText, type Mark, Plot, type SeriesSpec, toCsv } from './plot.js';
import type { LabProblem } from './protocol.js';
import PullWorker from './pull.worker.ts?worker';
import type {
  PullMethod,
  PullReply,
  PullRequest,
  PullRowView,
  PullRunReply,
  PullView,
} from './pullProtocol.js';
import { type PullSimulation, simulatedMeanText } from './pullRun.js';
import { DEFAULT_PULL, PULL_MODELS, type PullModel, type PullSettings } from './pullState.js';

interface Host {
  getProblem(): LabProblem;
  getPull(): PullSettings | undefined;
  setPull(settings: PullSettings): void;
}

/** The last run's simulated column (`pull()`'s), and the theory it was run beside. */
export type ShownSimulation = PullSimulation & { readonly key: string };

const MODEL_TITLES: Record<PullModel, string> = {
  'linear-cubic': 'linear-cubic (ν = 2/3)',
  cusp: 'cusp (ν = 1/2)',
  bell: 'Bell (no potential)',
  expression: 'sidebar U(x)',
};

/** Each column's entry in the method catalogue: the second DHS curve is DHS at the other ν. */
const CATALOGUE: Record<PullMethod, MethodKey> = {
  bellEvans: 'bellEvans',
  dhs: 'dhs',
  dhsOther: 'dhs',
  exact: 'exact',
};

/** The simulated column (what pull() calls `simulated`) is the catalogue's simulation route. */
const simulated = () => method('simulation');

function methodLabel(m: PullMethod, v: PullView): string {
  const { label } = method(CATALOGUE[m]);
  switch (m) {
    case 'bellEvans':
      return label;
    case 'dhs':
      return `${label} ν = ${v.nu === 0.5 ? '1/2' : v.nu === 1 ? '1' : '2/3'}`;
    case 'dhsOther':
      return `${label} ν = ${v.nuOther === 0.5 ? '1/2' : '2/3'}`;
    case 'exact':
      return `${label} (quasi-static k(F))`;
  }
}

/** A theory curve: the catalogue's colour, the exact one bold, the other DHS ν dotted. */
function curveStyle(m: PullMethod): Omit<SeriesSpec, 'label'> {
  const color = method(CATALOGUE[m]).colour;
  if (m === 'exact') return { color, width: 2.5 };
  return { color, width: 1.6, dash: m === 'dhsOther' ? [2, 3] : [6, 3] };
}

const METHODS: readonly PullMethod[] = ['bellEvans', 'dhs', 'dhsOther', 'exact'];

/** A column that is only a lower bound at this rate (bonds intact where its rate stops: NaN ±). */
function isLowerBound(row: PullRowView, m: PullMethod): boolean {
  const error = row.meanForceError[m];
  return row.meanForce[m] !== null && error !== null && Number.isNaN(error);
}

/** The open markers of a column's lower bounds, in its colour (as `kramers pull --plot`). */
function lowerBoundSeries(m: PullMethod, v: PullView): SeriesSpec {
  const color = method(CATALOGUE[m]).colour;
  return { label: `${methodLabel(m, v)}: lower bound, ⟨F⟩ ≥`, color, pointsOnly: true, open: true };
}

/**
 * A number for the CSV, or null (an empty cell) where there is none: a method without a value,
 * or a ± that does not exist.
 */
function csvNumber(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : x;
}

/**
 * The rupture-force table as CSV rows. A cut-off column's ⟨F⟩ is a lower bound with no ± (NaN
 * from the library, null in its JSON): the CSV says so in its own column and leaves the ± empty,
 * as `kramers pull` prints ≥⟨F⟩ with no ±, and the SD's ± (`sdForceError`) likewise; no cell is
 * ever the word NaN.
 */
function csvRows(v: PullView, sim: PullSimulation | null): unknown[][] {
  const rows: unknown[][] = [
    [
      'method',
      'loadingRate',
      'meanForce',
      'meanForceIsLowerBound',
      'sdForce',
      'error',
      'sdForceError',
    ],
  ];
  for (const row of v.ladder) {
    for (const m of METHODS) {
      const mean = csvNumber(row.meanForce[m]);
      const error = csvNumber(row.meanForceError[m]);
      rows.push([
        methodLabel(m, v),
        row.loadingRate,
        mean,
        mean === null ? null : error === null,
        csvNumber(row.sdForce[m]),
        error,
        csvNumber(row.sdForceError[m]),
      ]);
    }
  }
  if (sim) {
    // Walkers intact at the ramp's end: pull()'s lower bound, with no SD and no ±, as the CLI.
    rows.push([
      simulated().label,
      sim.loadingRate,
      csvNumber(sim.meanForce),
      sim.meanForceIsLowerBound,
      csvNumber(sim.sdForce),
      csvNumber(sim.meanForceStdErr),
      // The walkers' SD is an estimate: no error bound.
      null,
    ]);
  }
  return rows;
}

/**
 * The SD's cell as `kramers pull` prints it: `≥` where it is a lower bound (NaN error: bonds intact
 * where the column stops are counted there), else the value and its error bound, the ± left out
 * below the value's sixth digit. The value keeps its full-precision `data-value`, the ± its own
 * `data-error`.
 */
function sdCell(
  sd: number | null,
  error: number | null,
  cell: (value: number | null) => HTMLSpanElement,
): HTMLTableCellElement {
  const value = cell(sd);
  if (sd === null || error === null) return h('td', {}, value);
  if (Number.isNaN(error)) {
    value.textContent = `≥${fmt(sd)}`;
    return h('td', {}, value);
  }
  if (!(error > 1e-6 * Math.abs(sd))) return h('td', {}, value);
  const pm = h('span', { class: 'sd-error', text: ` ± ${Number(error.toPrecision(2))}` });
  pm.dataset['error'] = String(error);
  return h('td', {}, value, pm);
}

/** A 95% interval as the CLI prints it: an open upper end (a lower bound's) is ∞. */
function ciText([lo, hi]: readonly [number, number]): string {
  return `[${fmt(lo)}, ${hi === Number.POSITIVE_INFINITY ? '∞' : fmt(hi)}]`;
}

/**
 * The walkers' row: pull()'s simulated ⟨F⟩ ± SE and 95% CI, or with walkers still intact at the
 * ramp's end `≥` its lower bound with no SD and no SE (as `kramers pull --simulate`), and the
 * column's retcode.
 */
function simulatedRow(
  sim: PullSimulation,
  cell: (value: number | null) => HTMLSpanElement,
): HTMLTableRowElement {
  const mean = cell(sim.meanForce);
  mean.textContent = simulatedMeanText(sim, fmt);
  const error = sim.meanForceIsLowerBound
    ? h('td', { class: 'ci' }, `none: ⟨F⟩ is a lower bound; 95% CI ${ciText(sim.meanForceCI95)}`)
    : h(
        'td',
        { class: 'ci' },
        `95% CI ${ciText(sim.meanForceCI95)}, SE `,
        cell(sim.meanForceStdErr),
      );
  const tr = h(
    'tr',
    {},
    h('td', { text: `${simulated().label}, ${sim.walkers} walkers` }),
    h('td', {}, mean),
    h('td', {}, cell(sim.sdForce)),
    error,
    h('td', { class: 'retcode', text: sim.retcode }),
  );
  tr.dataset['method'] = 'simulated';
  tr.dataset['lowerBound'] = String(sim.meanForceIsLowerBound);
  tr.dataset['retcode'] = sim.retcode;
  tr.dataset['ciLow'] = String(sim.meanForceCI95[0]);
  tr.dataset['ciHigh'] = String(sim.meanForceCI95[1]);
  return tr;
}

/** Linear interpolation of a library curve onto the plot's grid (display only; 0 outside it). */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (xs.length === 0 || x < xs[0]! || x > xs[xs.length - 1]!) return 0;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = xs[hi]! - xs[lo]!;
  const t = span > 0 ? (x - xs[lo]!) / span : 0;
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}

/**
 * Pulling panel (force spectroscopy): a bond U(x) − F x under F = r t. Theory from `pull()` of
 * the library in a worker (Bell–Evans, Dudko–Hummer–Szabo, the exact quasi-static rate of the
 * potential itself); on Run, Langevin walkers from `simulate()` on the Web Worker runner, their
 * rupture-force histogram against the theory's p(F).
 */
export class PullPanel {
  /** The theory's worker, created when the tab first opens. */
  private readonly worker = new LatestWorker<PullRequest, PullReply>({
    create: () => new PullWorker(),
    policy: 'queue',
    onResult: (reply) => this.onReply(reply),
    onError: (error) => this.onError(error),
  });
  /**
   * The walkers' worker: `pull()` with `simulate` at the chosen rate (its chunks on nested Web
   * Workers); Stop asks it to abort, and it answers with what finished.
   */
  private readonly runs = new LatestWorker<PullRequest, PullRunReply>({
    create: () => new PullWorker(),
    policy: 'queue',
    isProgress: (reply) => reply.kind === 'progress',
    onResult: (reply) => this.onRun(reply),
    onError: (error) => this.onRunError(error),
  });
  private key = '';
  private readonly runnerWorkers = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  /** The theory and walker settings of the run in flight, and when it started. */
  private running: { key: string; started: number } | null = null;
  /** Time step of the last run (pull() picks it from the potential) and a run confirmed long. */
  private lastDt: number | null = null;
  private confirmed = '';
  /** Walker-steps per second of the last run (the page's own measurement). */
  private stepsPerSecond: number | null = null;
  view: PullView | null = null;
  simulation: ShownSimulation | null = null;
  renders = 0;
  readonly el;
  private readonly landscapePlot = new Plot(
    'pull-landscape',
    'The tilting landscape U(x) − F x from F = 0 to the critical force',
  );
  private readonly densityPlot = new Plot(
    'pull-density',
    'Rupture-force density p(F) at the chosen loading rate',
  );
  /** The force drawn as a thick line on the landscape (fraction of F_c), and its animation. */
  private forceFraction = 0.5;
  private playing = false;
  private tiltedU: { key: string; U: (x: number) => number } | null = null;
  private readonly force = h('input', {
    id: 'pull-force',
    type: 'range',
    min: '0',
    max: '1',
    step: '0.01',
    value: '0.5',
    'aria-label': 'force F drawn on the landscape, as a fraction of the critical force',
  });
  private readonly forceText = h('span', { class: 'muted', id: 'pull-force-text' });
  private readonly play = h('button', { type: 'button', id: 'pull-play', text: 'Animate F' });
  private readonly meanPlot = new Plot('pull-mean', 'Mean rupture force ⟨F⟩ against ln r');

  constructor(
    section: HTMLElement,
    private readonly host: Host,
  ) {
    const model = h('select', { id: 'pull-model' });
    for (const m of PULL_MODELS) model.append(h('option', { value: m, text: MODEL_TITLES[m] }));
    const number = (id: string, label: string) => {
      const input = h('input', { id, type: 'number', step: 'any', min: '0', class: 'value' });
      return { input, label: h('label', { for: id, text: label }) };
    };
    const dG = number('pull-dG', 'ΔG‡ (barrier at F = 0)');
    const xb = number('pull-xb', 'x‡ (well to barrier)');
    const k0 = number('pull-k0', 'k0 (rate at F = 0)');
    const D = number('pull-D', 'k_B T');
    const rateSlider = h('input', {
      id: 'pull-rate-slider',
      type: 'range',
      min: '-2',
      max: '5',
      step: '0.05',
      'aria-label': 'loading rate r = dF/dt (log scale)',
    });
    const rate = number('pull-rate', 'loading rate r = dF/dt (force/time)');
    const walkers = number('pull-walkers', 'walkers');
    const seed = number('pull-seed', 'seed');
    const run = h('button', { type: 'button', id: 'pull-run', text: 'Run walkers' });
    this.el = {
      model,
      dG: dG.input,
      xb: xb.input,
      k0: k0.input,
      D: D.input,
      rateSlider,
      rate: rate.input,
      walkers: walkers.input,
      seed: seed.input,
      run,
      status: h('p', { class: 'status', id: 'pull-status', 'aria-live': 'polite' }),
      error: h('pre', { class: 'error', id: 'pull-error', role: 'alert' }),
      table: h('div', {}),
      note: h('p', { class: 'muted' }),
      warnings: h('div', {}),
    };
    const field = (f: { input: HTMLElement; label: HTMLElement }) => h('div', {}, f.label, f.input);
    section.append(
      h('p', {
        class: 'muted',
        text: 'Dynamic force spectroscopy: the bond U(x) is pulled by a force that grows linearly, F = r t, and ruptures when it crosses to the broken state beyond the barrier. Theory: Bell (1978)–Evans & Ritchie (1997), Dudko, Hummer & Szabo (2006), and the exact quasi-static rate k(F) of U(x) − F x integrated over the survival probability; the walkers follow γ dx = −(U′ − r t) dt + √(2γ k_BT) dW.',
      }),
      h(
        'div',
        { class: 'pull-controls' },
        h('div', {}, h('label', { for: 'pull-model', text: 'bond model' }), model),
        ...[dG, xb, k0, D].map(field),
        h('div', { class: 'wide' }, rate.label, h('div', { class: 'row' }, rateSlider, rate.input)),
        field(walkers),
        field(seed),
        h('div', {}, run),
      ),
      this.el.status,
      this.el.error,
      this.el.table,
      this.el.note,
      this.densityPlot.element,
      this.landscapePlot.element,
      h('div', { class: 'row' }, this.force, this.forceText, this.play),
      this.meanPlot.element,
      this.el.warnings,
    );
    model.addEventListener('change', () =>
      this.update({ model: model.value as PullModel }, 'model'),
    );
    const positiveInput = (
      input: HTMLInputElement,
      label: string,
      patch: (v: number) => Partial<PullSettings>,
    ) =>
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (!(v > 0) || !Number.isFinite(v)) {
          this.el.error.textContent = `${label} must be a positive number; got ${input.value}`;
          return;
        }
        this.update(patch(v));
      });
    positiveInput(dG.input, 'ΔG‡', (deltaG) => ({ deltaG }));
    positiveInput(xb.input, 'x‡', (v) => ({ xb: v }));
    positiveInput(k0.input, 'k0', (v) => ({ k0: v }));
    positiveInput(D.input, 'k_B T', (v) => ({ D: v }));
    positiveInput(rate.input, 'the loading rate', (loadingRate) => ({ loadingRate }));
    rateSlider.addEventListener('input', () => {
      const loadingRate = Number((10 ** Number(rateSlider.value)).toPrecision(4));
      this.update({ loadingRate });
    });
    walkers.input.addEventListener('change', () => {
      const v = Math.round(Number(walkers.input.value));
      if (!(v >= 16 && v <= 20000)) {
        this.el.error.textContent = `walkers must be a whole number from 16 to 20000; got ${walkers.input.value}`;
        return;
      }
      this.update({ walkers: v }, 'sim');
    });
    seed.input.addEventListener('change', () => {
      const v = Number(seed.input.value);
      if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
        this.el.error.textContent = `seed must be a whole number from 0 to 4294967295; got ${seed.input.value}`;
        return;
      }
      this.update({ seed: v }, 'sim');
    });
    this.force.addEventListener('input', () => {
      this.forceFraction = Number(this.force.value);
      if (this.view) this.renderLandscape(this.view);
    });
    this.play.addEventListener('click', () => {
      this.playing = !this.playing;
      this.play.textContent = this.playing ? 'Stop animation' : 'Animate F';
      if (this.playing) this.animate();
    });
    run.addEventListener('click', () => {
      if (this.running) this.runs.interrupt((id) => ({ id, kind: 'abort' }));
      else this.run();
    });
  }

  settings(): PullSettings {
    return this.host.getPull() ?? DEFAULT_PULL;
  }

  private update(patch: Partial<PullSettings>, what: 'model' | 'theory' | 'sim' = 'theory') {
    this.el.error.textContent = '';
    this.host.setPull({ ...this.settings(), ...patch });
    this.syncControls();
    if (what !== 'sim') this.show();
  }

  private syncControls() {
    const s = this.settings();
    this.el.model.value = s.model;
    this.el.dG.value = String(s.deltaG);
    this.el.xb.value = String(s.xb);
    this.el.k0.value = String(s.k0);
    this.el.D.value = String(s.D);
    if (s.model === 'expression' && this.view) {
      // Show what the expression's own landscape and exact rate give (read-only).
      const b = this.view.bond;
      this.el.dG.value = fmt(b.deltaG);
      this.el.xb.value = fmt(b.xb);
      this.el.k0.value = fmt(b.k0);
      this.el.D.value = fmt(b.D);
    }
    const bondFields = [this.el.dG, this.el.xb, this.el.k0, this.el.D];
    // The expression brings its own ΔG‡, x‡, k0 (from its landscape) and D (the sidebar's).
    for (const input of bondFields) input.disabled = s.model === 'expression';
    this.el.rate.value = String(s.loadingRate);
    this.el.rateSlider.value = String(Math.log10(s.loadingRate));
    this.el.rateSlider.setAttribute('aria-valuetext', `loading rate r = ${s.loadingRate}`);
    this.el.walkers.value = String(s.walkers);
    this.el.seed.value = String(s.seed);
  }

  /** What the theory depends on: the settings, and the sidebar's problem for an expression. */
  private theoryKey(): string {
    const s = this.settings();
    const { walkers: _w, seed: _s, ...theory } = s;
    return JSON.stringify([theory, s.model === 'expression' ? this.host.getProblem() : null]);
  }

  /** Called when the panel is shown or the problem changed: recomputes when its inputs moved. */
  show(): void {
    this.syncControls();
    const key = this.theoryKey();
    if (key === this.key) return;
    this.key = key;
    this.el.status.textContent = 'computing…';
    const settings = this.settings();
    const problem = this.host.getProblem();
    this.worker.request((id) => ({ id, kind: 'theory', settings, problem }));
  }

  private onError(error: WorkerError) {
    this.el.status.textContent = '';
    this.el.error.textContent = error.message;
    this.view = null;
    this.markRendered();
  }

  private onReply(reply: Exclude<PullReply, { kind: 'error' }>) {
    this.el.error.textContent = '';
    this.view = reply.result;
    if (this.simulation && this.simulation.key !== this.key) this.simulation = null;
    this.el.status.textContent = `computed in ${reply.result.computeMs.toFixed(0)} ms (worker)`;
    this.syncControls();
    this.render();
  }

  private markRendered() {
    requestAnimationFrame(() => {
      this.renders++;
      document.body.dataset['pullRenders'] = String(this.renders);
    });
  }

  private render() {
    const v = this.view;
    if (!v) return;
    const sim = this.simulation;
    this.renderTable(v, sim);
    this.renderDensity(v, sim);
    this.renderLandscape(v);
    this.renderMean(v, sim);
    const warnings = [...v.warnings, ...v.chosen.warnings, ...(sim?.warnings ?? [])];
    const ul = h('ul', { class: 'warnings' });
    for (const w of new Set(warnings)) ul.append(h('li', { text: `⚠ ${w}` }));
    this.el.warnings.replaceChildren(ul);
    this.markRendered();
  }

  private renderTable(v: PullView, sim: PullSimulation | null) {
    const cell = (value: number | null) => {
      const span = h('span', { text: fmt(value) });
      if (value !== null) span.dataset['value'] = String(value);
      return span;
    };
    const table = h('table', { id: 'pull-table' });
    table.append(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['method', '⟨F⟩', 'SD of F', '± (error of ⟨F⟩)', 'retcode'].map((c) =>
            h('th', { scope: 'col', text: c }),
          ),
        ),
      ),
    );
    const body = h('tbody', {});
    const c = v.chosen;
    for (const m of METHODS) {
      const tr = h(
        'tr',
        {},
        h('td', { text: methodLabel(m, v) }),
        h('td', {}, cell(c.meanForce[m])),
        sdCell(c.sdForce[m], c.sdForceError[m], cell),
        // NaN: bonds still intact where the column stops; ⟨F⟩ is then a lower bound.
        h(
          'td',
          {},
          isLowerBound(c, m)
            ? h('span', { text: 'none: ⟨F⟩ is a lower bound' })
            : cell(c.meanForceError[m]),
        ),
        h('td', { class: 'retcode', text: c.retcode[m] ?? '—' }),
      );
      tr.dataset['method'] = m;
      body.append(tr);
    }
    if (sim) body.append(simulatedRow(sim, cell));
    table.append(body);
    const csv = h('button', {
      type: 'button',
      class: 'csv',
      text: 'CSV',
      'aria-label': 'export the rupture-force table as CSV',
    });
    csv.addEventListener('click', () => {
      downloadText('pull.csv', toCsv(csvRows(v, sim)), 'text/csv');
    });
    this.el.table.replaceChildren(
      h('p', {
        text: `r = ${fmt(v.loadingRate)}: ΔG‡ = ${fmt(v.bond.deltaG)}, x‡ = ${fmt(v.bond.xb)}, k0 = ${fmt(v.bond.k0)}, k_BT = ${fmt(v.bond.D)}${v.gamma !== null ? `, γ = ${fmt(v.gamma)}` : ''}; critical force F_c = ${fmt(v.criticalForce)} (DHS: ${fmt(v.dhsCriticalForce)}).`,
      }),
      h('div', { class: 'table-wrap' }, table, csv),
    );
    this.el.note.textContent =
      v.chosen.adiabaticity === null
        ? ''
        : `Adiabaticity r·|d ln k/dF|·τ_well at ⟨F⟩ = ${fmt(v.chosen.adiabaticity)}: ${v.chosen.adiabaticity < 0.1 ? 'well below 1, the quasi-static rate holds' : 'not ≪ 1, the ramp outruns the well: trust the walkers, not the exact column'}. The exact column stops where the tilted barrier is 1 k_BT (F = ${fmt(v.cutForce)}); P(intact there) = ${fmt(v.chosen.survivalAtCut)}, their share of ⟨F⟩ bounded in its ± (the exact rate only rises past the cut).`;
  }

  private renderDensity(v: PullView, sim: PullSimulation | null) {
    const curves = v.densities;
    let fMax = 0;
    for (const m of METHODS) {
      const mean = v.chosen.meanForce[m];
      const sd = v.chosen.sdForce[m];
      if (mean !== null && sd !== null) fMax = Math.max(fMax, mean + 5 * sd);
    }
    if (sim) fMax = Math.max(fMax, sim.edges[sim.edges.length - 1] ?? 0);
    const grid: number[] = [];
    for (let i = 0; i <= 400; i++) grid.push((fMax * i) / 400);
    // The histogram as an outline: each bin's top, down to 0 at its edges.
    const hist = new Map<number, number>();
    if (sim && sim.counts.length > 0) {
      const width = sim.edges[1]! - sim.edges[0]!;
      const delta = 1e-9 * width;
      sim.counts.forEach((count, i) => {
        const a = sim.edges[i]!;
        const b = sim.edges[i + 1]!;
        const density = count / (sim.walkers * (b - a));
        if (!hist.has(a)) hist.set(a, 0);
        hist.set(a + delta, density);
        hist.set(b - delta, density);
        hist.set(b, 0);
      });
    }
    const xs = [...new Set([...grid, ...hist.keys()])].sort((a, b) => a - b);
    const data: (number | null)[][] = [xs];
    const series = [];
    for (const c of curves) {
      series.push({ label: methodLabel(c.method, v), ...curveStyle(c.method) });
      data.push(xs.map((x) => interpolate(c.force, c.density, x)));
    }
    if (sim && sim.counts.length > 0) {
      const { label, colour } = simulated();
      series.push({ label: `${label}: histogram`, color: colour, width: 1.5 });
      const first = sim.edges[0]!;
      const last = sim.edges[sim.edges.length - 1]!;
      const width = (last - first) / sim.counts.length;
      data.push(
        xs.map((x) => {
          const at = hist.get(x);
          if (at !== undefined) return at;
          if (x < first || x > last) return null;
          const i = Math.min(Math.floor((x - first) / width), sim.counts.length - 1);
          return sim.counts[i]! / (sim.walkers * width);
        }),
      );
    }
    const marks = sim
      ? [
          {
            x1: sim.meanForce,
            y1: null,
            x2: sim.meanForce,
            y2: null,
            color: simulated().colour,
            // The library's interval (Student t on the log scale), not ±1.96 SE; a lower
            // bound's is open above.
            label: `simulated ⟨F⟩ ${sim.meanForceIsLowerBound ? '≥' : '='} ${fmt(sim.meanForce)}, 95% CI ${ciText(sim.meanForceCI95)}`,
          },
        ]
      : [];
    this.densityPlot.update({ xLabel: 'F', yLabel: 'p(F)', series, data, marks });
  }

  private renderLandscape(v: PullView) {
    const t = v.tilted;
    if (!t) {
      this.landscapePlot.update({
        xLabel: 'x',
        yLabel: 'U(x) − F x',
        series: [],
        data: [[]],
      });
      return;
    }
    const finite = t.U.flat().filter(Number.isFinite);
    const lo = Math.min(...finite);
    const top = Math.max(...t.U[0]!.filter(Number.isFinite));
    // The thick line: U(x) − F x at the slider's force, evaluated here (300 points, cheap) so
    // that the slider and the animation need no round trip to the worker.
    const key = JSON.stringify([v.expression, v.parameters]);
    if (this.tiltedU?.key !== key && v.expression !== null) {
      this.tiltedU = {
        key,
        U: potentialFromExpression(v.expression, { parameters: v.parameters }).U,
      };
    }
    const U = this.tiltedU!.U;
    const a = v.wellX ?? 0;
    const U0 = U(a);
    const F = this.forceFraction * (v.criticalForce ?? 0);
    const current = t.x.map((x) => U(x) - U0 - F * (x - a));
    this.force.setAttribute('aria-valuetext', `F = ${fmt(F)}`);
    this.forceText.textContent = `F = ${fmt(F)} (${Math.round(100 * this.forceFraction)}% of F_c)`;
    this.landscapePlot.update({
      xLabel: 'x',
      yLabel: 'U(x) − F x (well at 0)',
      series: [
        ...t.forces.map((f, i) => ({
          label: `F = ${fmt(f)}${i === t.forces.length - 1 ? ' (F_c)' : ''}`,
          color: ['#1d2330', '#495057', '#868e96', '#d9480f', '#c92a2a'][i] ?? '#000',
          width: 1.2,
          dash: [4, 3],
        })),
        { label: 'at the slider’s F', color: '#1c7ed6', width: 3 },
      ],
      data: [t.x, ...t.U, current],
      yRange: [Math.max(lo, -2 * Math.abs(top)), 1.3 * Math.abs(top)],
      marks: [
        ...(v.barrierX !== null
          ? [{ x1: v.barrierX, y1: null, x2: v.barrierX, y2: null, color: '#d9480f', label: 'x‡' }]
          : []),
        ...(v.brokenX !== null
          ? [
              {
                x1: v.brokenX,
                y1: null,
                x2: v.brokenX,
                y2: null,
                color: '#5f3dc4',
                label: 'broken',
              },
            ]
          : []),
      ],
    });
  }

  /** Sweeps the slider's force from 0 to F_c and round again (about 3 s a sweep). */
  private animate() {
    const step = () => {
      // Stops by itself when the tab is left (the hidden section has no layout box).
      if (!this.playing || !this.view?.tilted || this.force.offsetParent === null) {
        this.playing = false;
        this.play.textContent = 'Animate F';
        return;
      }
      this.forceFraction = this.forceFraction >= 1 ? 0 : Math.min(1, this.forceFraction + 0.006);
      this.force.value = String(this.forceFraction);
      this.renderLandscape(this.view);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
  private renderMean(v: PullView, sim: PullSimulation | null) {
    const lnR = v.ladder.map((row) => Math.log(row.loadingRate));
    const series: SeriesSpec[] = METHODS.map((m) => ({
      label: methodLabel(m, v),
      ...curveStyle(m),
    }));
    // A lower bound is no value of ⟨F⟩: its curve breaks there, and the bound is an open marker.
    const data: (number | null)[][] = [
      lnR,
      ...METHODS.map((m) =>
        v.ladder.map((row) => (isLowerBound(row, m) ? null : row.meanForce[m])),
      ),
    ];
    for (const m of METHODS.filter((k) => v.ladder.some((row) => isLowerBound(row, k)))) {
      series.push(lowerBoundSeries(m, v));
      data.push(v.ladder.map((row) => (isLowerBound(row, m) ? row.meanForce[m] : null)));
    }
    const marks: Mark[] = [
      {
        x1: Math.log(v.loadingRate),
        y1: null,
        x2: Math.log(v.loadingRate),
        y2: null,
        color: '#5f3dc4',
        label: 'chosen r',
      },
    ];
    if (sim) {
      series.push({
        label: `${simulated().label}${sim.meanForceIsLowerBound ? ' (a lower bound)' : ''}, 95% CI`,
        color: simulated().colour,
        width: 2,
        pointsOnly: true,
      });
      const at = Math.log(sim.loadingRate);
      data.push(lnR.map((x) => (Math.abs(x - at) < 1e-12 ? sim.meanForce : null)));
      const [low, high] = sim.meanForceCI95;
      marks.push({
        x1: at,
        y1: low,
        x2: at,
        // A lower bound's interval is open above: the bar runs to the top of the frame.
        y2: Number.isFinite(high) ? high : null,
        color: simulated().colour,
        label: '',
      });
    }
    this.meanPlot.update({ xLabel: 'ln r', yLabel: '⟨F⟩', series, data, marks });
  }

  /**
   * Langevin walkers pulled at the chosen rate: `pull()` with `simulate` at that rate in the
   * worker (as `kramers pull --simulate`), so the page shows the library's simulated column.
   */
  run(): void {
    const v = this.view;
    if (!v || this.running) return;
    if (v.expression === null) {
      this.el.status.textContent = "Bell's model has no potential: nothing to simulate.";
      return;
    }
    const s = this.settings();
    const key = this.key;
    const r = v.loadingRate;
    // A walker needs about ⟨F⟩/r of time: slow ramps on slow bonds (small k0) make long runs. Say
    // so before starting. The step is the last run's, else a rough guess 0.02 γ x‡²/ΔG‡
    // (the simulation took 1.0e-6 for the default linear-cubic bond, where this gives 6e-6).
    const meanF = v.chosen.meanForce.exact ?? v.chosen.meanForce.dhs ?? 0;
    const dt = this.lastDt ?? (0.02 * (v.gamma ?? 1) * v.bond.xb ** 2) / v.bond.deltaG;
    const steps = (s.walkers * meanF) / r / dt;
    const seconds = steps / (this.stepsPerSecond ?? 5e7);
    const runKey = `${key}|${s.walkers}|${s.seed}`;
    if (seconds > 60 && this.confirmed !== runKey) {
      this.confirmed = runKey;
      this.el.status.textContent = `This run needs about ${fmt(steps)} walker-steps (⟨F⟩/r ≈ ${fmt(meanF / r)} per walker at dt ≈ ${fmt(dt)}), roughly ${fmt(seconds / 60)} minutes here. Press Run again to start it anyway (Stop ends it), or raise r, or use fewer walkers.`;
      return;
    }
    this.running = { key, started: performance.now() };
    this.el.run.textContent = 'Stop';
    this.el.status.textContent = 'running walkers…';
    const problem = this.host.getProblem();
    const workers = this.runnerWorkers;
    this.runs.request((id) => ({ id, kind: 'run', settings: s, problem, workers }));
  }

  private endRun(): { key: string; seconds: number } | null {
    const run = this.running;
    this.running = null;
    this.el.run.textContent = 'Run walkers';
    return run ? { key: run.key, seconds: (performance.now() - run.started) / 1000 } : null;
  }

  private onRunError(error: WorkerError) {
    this.endRun();
    this.el.status.textContent = '';
    this.el.error.textContent = error.message;
  }

  private onRun(reply: Exclude<PullRunReply, { kind: 'error' }>) {
    if (reply.kind === 'progress') {
      this.el.status.textContent = `${reply.done} of ${reply.total} walkers ruptured or finished`;
      return;
    }
    const ended = this.endRun();
    const sim = reply.result;
    if (!ended || !sim) {
      // Stopped before any walker finished: the library's report says interrupted.
      this.el.status.textContent = `stopped (retcode: ${reply.retcode})`;
      return;
    }
    this.simulation = { ...sim, key: ended.key };
    this.lastDt = sim.dt;
    // Walker-steps per second: mean (censored) walker time / dt per walker.
    const walkerTime = sim.meanForce / sim.loadingRate;
    if (ended.seconds > 0.5)
      this.stepsPerSecond = (sim.walkers * walkerTime) / sim.dt / ended.seconds;
    this.el.status.textContent = `${sim.walkers} walkers in ${ended.seconds.toFixed(1)} s (Web Workers); retcode: ${sim.reportRetcode}`;
    if (ended.key === this.key) this.render();
  }
}
