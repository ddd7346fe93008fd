/**
 * The Turnover tab (issue 6, point 4): k(γ) over decades of friction with every theory of the
 * library's `turnover()`, the exact Klein–Kramers curve and simulated points on request (each on
 * a worker of its own, with progress, cancellable), the maximum (γ*, k*), the sidebar's γ marked
 * with its regime, and phase-space snapshots of underdamped walkers at low and high friction.
 */
import type { TurnoverMethod, TurnoverReport, TurnoverRow } from 'kramers';
import { fmt, h } from './format.js';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import { method } from './methods.js';
import PanelsWorker from './panels.worker.ts?worker';
import type { PanelsReply, PanelsRequest, TurnoverRange } from './panelsProtocol.js';
import { type PhaseSnapshot, PhaseSpaceView } from './phaseSpace.js';
import { downloadText, type Mark, Plot, type SeriesSpec, toCsv } from './plot.js';
import type { MainResult } from './protocol.js';
import {
  DEFAULT_TURNOVER,
  type LabState,
  readTurnoverWalkers,
  type TurnoverSettings,
} from './state.js';

interface Host {
  getState(): LabState;
  getResult(): MainResult | null;
  setTurnover(settings: TurnoverSettings): void;
  /** Turnover settings the page's link carried that were refused (state.ts linkProblems). */
  readonly linkProblems?: readonly string[];
}

/** The theory columns, in the order of the legend (labels and colours: the catalogue's). */
const THEORIES = [
  'tst',
  'spatialDiffusion',
  'energyDiffusion',
  'kramers',
  'melnikovMeshkov',
] as const satisfies readonly TurnoverMethod[];

/** The turnover theory, drawn bold; the exact curve; the simulated points. */
const THEORY = 'melnikovMeshkov';
const EXACT = 'kleinKramers';
const SIMULATED = 'relaxation';

const REGIME_NAMES: Record<string, string> = {
  'energy-diffusion': 'energy diffusion',
  turnover: 'turnover',
  'spatial-diffusion': 'spatial diffusion',
  overdamped: 'overdamped',
};

type SlowColumn = 'exact' | 'simulate';

export interface TurnoverHooks {
  /** The theory report shown (library `turnover()` for the tab's parameters). */
  theory: TurnoverReport | null;
  exact: TurnoverReport | null;
  simulated: TurnoverReport | null;
  current: TurnoverRow | null;
  /** Increments whenever the tab repaints (tests wait on it). */
  renders: number;
  /** The phase-space snapshots shown (empty until asked for). */
  readonly phase: readonly PhaseSnapshot[];
}

export class TurnoverPanel {
  readonly hooks: TurnoverHooks = this.makeHooks();
  /** The theories (fast): one worker, created when the tab first opens. */
  private readonly quick = new LatestWorker<PanelsRequest, PanelsReply>({
    create: () => new PanelsWorker(),
    policy: 'queue',
    onResult: (reply) => this.onQuick(reply),
    onError: (error) => this.onQuickError(error),
  });
  /** The slow columns: each on a worker of its own, terminated when superseded or cancelled. */
  private readonly slow: Record<SlowColumn, LatestWorker<PanelsRequest, PanelsReply>> = {
    exact: this.slowWorker('exact'),
    simulate: this.slowWorker('simulate'),
  };
  /** What each slow column was last started for (its curves' key) and when. */
  private readonly slowRun: Partial<Record<SlowColumn, { key: string; started: number }>> = {};
  private readonly plot = new Plot(
    'turnover',
    'Kramers turnover: log10 k against log10 γ, every theory, exact and simulated',
  );
  private readonly phase: PhaseSpaceView;
  /** Web Workers for the simulated points' walkers. */
  private readonly workers = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  private readonly el = {
    gammaMin: h('input', { id: 'turnover-gamma-min', type: 'number', step: 'any', min: '0' }),
    gammaMax: h('input', { id: 'turnover-gamma-max', type: 'number', step: 'any', min: '0' }),
    points: h('input', { id: 'turnover-points', type: 'number', step: '1', min: '2', max: '200' }),
    exact: h('button', { type: 'button', id: 'turnover-exact' }),
    simulate: h('button', { type: 'button', id: 'turnover-simulate' }),
    walkers: h('input', { id: 'turnover-walkers', type: 'number', step: '100', min: '100' }),
    progress: h('progress', { id: 'turnover-progress', max: '1', value: '0' }),
    status: h('span', { id: 'turnover-status', class: 'status', 'aria-live': 'polite' }),
    summary: h('div', { id: 'turnover-summary' }),
    table: h('div', {}),
    warnings: h('div', {}),
    error: h('pre', { class: 'error', role: 'alert', id: 'turnover-error' }),
    /** Why values of the link were refused: kept until the walkers are set here. */
    linkError: h('pre', { class: 'error', role: 'alert', id: 'turnover-link-error' }),
  };

  constructor(
    section: HTMLElement,
    private readonly host: Host,
  ) {
    this.phase = new PhaseSpaceView(host);
    const e = this.el;
    e.progress.hidden = true;
    e.progress.setAttribute('aria-label', 'progress of the slow column');
    const onRange = () => {
      const next = {
        ...this.settings(),
        gammaMin: Number(e.gammaMin.value),
        gammaMax: Number(e.gammaMax.value),
        points: Math.round(Number(e.points.value)),
      };
      if (!(next.gammaMin > 0 && next.gammaMax >= next.gammaMin && next.points >= 2)) {
        e.error.textContent = `the friction range needs 0 < γ min ≤ γ max and at least 2 points; got ${e.gammaMin.value}, ${e.gammaMax.value}, ${e.points.value}`;
        return;
      }
      if (next.points > 200) {
        e.error.textContent = `at most 200 friction values; got ${next.points}`;
        return;
      }
      e.error.textContent = '';
      this.host.setTurnover(next);
      this.refresh();
    };
    for (const input of [e.gammaMin, e.gammaMax, e.points])
      input.addEventListener('change', onRange);
    e.linkError.textContent = (host.linkProblems ?? []).join('\n');
    e.walkers.addEventListener('change', () => {
      // The words a link's refused value gets too (state.ts linkProblems).
      const { value, problems } = readTurnoverWalkers(e.walkers.value, this.settings(), 'field');
      e.error.textContent = problems.join('\n');
      if (problems.length > 0) return;
      e.linkError.textContent = '';
      this.host.setTurnover({ ...this.settings(), walkers: value });
    });
    e.exact.addEventListener('click', () => {
      if (this.slow.exact.running) {
        // Stop keeps the finished points; the URL stops asking for the curve (a shared link
        // would start the whole solve again).
        this.host.setTurnover({ ...this.settings(), exact: false });
        this.stop('exact');
        this.render();
        return;
      }
      const on = !this.settings().exact;
      this.host.setTurnover({ ...this.settings(), exact: on });
      if (on) this.startSlow('exact');
      else this.cancel('exact');
      this.render();
    });
    e.simulate.addEventListener('click', () => {
      if (this.slow.simulate.running) this.stop('simulate');
      else this.startSlow('simulate');
      this.render();
    });
    section.append(
      h(
        'p',
        { class: 'muted' },
        'Underdamped escape m ẍ = −U′ − γẋ + √(2γD) ξ across friction: energy diffusion at weak friction (k ∝ γ), spatial diffusion at strong friction (k ∝ 1/γ), and the maximum between them. D, m and the current γ come from the sidebar; the friction range is the tab’s own. Every number is the library’s turnover(); for two confined wells the exact and simulated columns are k = λ1·p_b (λ1 = 2k in a symmetric double well).',
      ),
      h(
        'div',
        { class: 'row wrap' },
        h('label', { for: 'turnover-gamma-min', text: 'γ min' }),
        e.gammaMin,
        h('label', { for: 'turnover-gamma-max', text: 'γ max' }),
        e.gammaMax,
        h('label', { for: 'turnover-points', text: 'points' }),
        e.points,
      ),
      h(
        'div',
        { class: 'row wrap' },
        e.exact,
        e.simulate,
        h('label', { for: 'turnover-walkers', text: 'walkers per γ' }),
        e.walkers,
      ),
      h('div', { class: 'row wrap' }, e.progress, e.status),
      e.error,
      e.linkError,
      e.summary,
      this.plot.element,
      e.table,
      e.warnings,
      this.phase.element,
    );
    this.syncControls();
  }

  settings(): TurnoverSettings {
    return this.host.getState().turnover ?? DEFAULT_TURNOVER;
  }

  private range(): TurnoverRange {
    const { gammaMin, gammaMax, points } = this.settings();
    return { gammaMin, gammaMax, points };
  }

  /** What the curves depend on (not the current γ, which only moves the marker). */
  private key(): string {
    const p = this.host.getState().problem;
    return JSON.stringify([
      p.potential,
      p.parameters,
      p.D,
      p.mass,
      p.domain,
      p.from,
      p.to,
      this.range(),
    ]);
  }

  private syncControls(): void {
    const t = this.settings();
    this.el.gammaMin.value = String(t.gammaMin);
    this.el.gammaMax.value = String(t.gammaMax);
    this.el.points.value = String(t.points);
    this.el.walkers.value = String(t.walkers);
  }

  /** The problem or the tab's range changed (or the tab was opened): recompute what is stale. */
  refresh(): void {
    this.syncControls();
    const problem = this.host.getState().problem;
    const range = this.range();
    this.quick.request((id) => ({ id, kind: 'turnover', problem, range, column: 'theory' }));
    const key = this.key();
    for (const column of ['exact', 'simulate'] as const) {
      if (this.slow[column].running && this.slowRun[column]?.key !== key) this.cancel(column);
      const shown = column === 'exact' ? this.hooks.exact : this.hooks.simulated;
      if (shown && this.shownKey[column] !== key) {
        if (column === 'exact') this.hooks.exact = null;
        else this.hooks.simulated = null;
      }
    }
    // With the exact curve on, a slider drag would start (and stop) a solve per step: wait until
    // the controls rest for 300 ms, as the Rates tab does for its sweep.
    if (this.settings().exact && !this.hooks.exact && !this.slow.exact.running) {
      this.startSlow('exact', 300);
    }
  }

  private readonly shownKey: Partial<Record<SlowColumn, string>> = {};

  private onQuickError(error: WorkerError): void {
    this.el.error.textContent = error.message;
    this.hooks.theory = null;
    this.render();
  }

  private onQuick(reply: Exclude<PanelsReply, { kind: 'error' }>): void {
    if (reply.kind !== 'turnover') return;
    this.el.error.textContent = '';
    this.hooks.theory = reply.report;
    this.hooks.current = reply.current;
    this.render();
  }

  private slowWorker(column: SlowColumn): LatestWorker<PanelsRequest, PanelsReply> {
    return new LatestWorker<PanelsRequest, PanelsReply>({
      create: () => new PanelsWorker(),
      policy: 'restart',
      isProgress: (reply) => reply.kind === 'progress',
      onResult: (reply) => this.onSlow(column, reply),
      onError: (error) => this.onSlowError(column, error),
    });
  }

  /** Starts a slow column (after `restMs` of rest of the controls), stopping one running. */
  private startSlow(column: SlowColumn, restMs = 0): void {
    this.cancel(column);
    this.slow[column].request((id) => this.beginSlow(column, id), restMs);
  }

  /** The slow column starts now: note its key and clock, say so, and make its request. */
  private beginSlow(column: SlowColumn, id: number): PanelsRequest {
    this.slowRun[column] = { key: this.key(), started: performance.now() };
    this.el.progress.hidden = false;
    this.el.progress.value = 0;
    this.el.status.textContent =
      column === 'exact'
        ? 'exact Klein–Kramers λ1: starting (seconds per friction value below γ ≈ 0.1)…'
        : 'simulating (BAOAB population relaxation)…';
    return {
      id,
      kind: 'turnover',
      problem: this.host.getState().problem,
      range: this.range(),
      column,
      walkers: this.settings().walkers,
      workers: this.workers,
    };
  }

  private onSlow(column: SlowColumn, reply: Exclude<PanelsReply, { kind: 'error' }>): void {
    if (reply.kind === 'progress') {
      const seconds = (performance.now() - (this.slowRun[column]?.started ?? 0)) / 1000;
      this.el.progress.hidden = false;
      this.el.progress.value = reply.done / reply.total;
      this.el.status.textContent = `${reply.stage === 'exact' ? 'exact Klein–Kramers λ1' : 'simulating'}: ${reply.done} of ${reply.total} friction values (${seconds.toFixed(1)} s)`;
      return;
    }
    this.el.progress.hidden = !this.slowRunning();
    if (reply.kind === 'turnover') {
      if (column === 'exact') this.hooks.exact = reply.report;
      else this.hooks.simulated = reply.report;
      if (this.slowRun[column]) this.shownKey[column] = this.slowRun[column].key;
      const what = column === 'exact' ? 'exact curve' : 'simulated points';
      const partial = partialNote(reply.report, column);
      this.el.status.textContent = partial
        ? `${what} stopped after ${(reply.computeMs / 1000).toFixed(1)} s: ${partial}`
        : `${what} computed in ${(reply.computeMs / 1000).toFixed(1)} s (worker)`;
    }
    this.render();
  }

  private onSlowError(column: SlowColumn, error: WorkerError): void {
    this.el.progress.hidden = !this.slowRunning();
    this.el.status.textContent = `${column === 'exact' ? 'exact curve' : 'simulation'} failed: ${error.message}`;
    this.render();
  }

  private slowRunning(): boolean {
    return this.slow.exact.running || this.slow.simulate.running;
  }

  /**
   * Stop (the button while a column runs): the worker answers with the points finished so far,
   * which stay drawn and tabled as a partial curve (as the Drive and Pulling tabs keep theirs).
   */
  private stop(column: SlowColumn): void {
    if (!this.slow[column].interrupt((id): PanelsRequest => ({ id, kind: 'abort' }))) return;
    this.el.status.textContent = `${column === 'exact' ? 'exact curve' : 'simulation'}: stopping; the finished points are kept…`;
  }

  private cancel(column: SlowColumn): void {
    if (!this.slow[column].cancel()) return;
    this.el.progress.hidden = !this.slowRunning();
    this.el.status.textContent = `${column === 'exact' ? 'exact curve' : 'simulation'} cancelled`;
  }

  /** The sidebar's γ moved: the marker and the current row (the curves stay). */
  render(): void {
    this.renderButtons();
    const report = this.hooks.theory;
    if (!report) {
      this.hooks.renders++;
      return;
    }
    const exact = this.hooks.exact;
    const sim = this.hooks.simulated;
    const curves: Curves = {
      theory: report,
      exactAt: new Map(exact?.rows.map((r) => [r.gamma, r]) ?? []),
      simulated: (sim?.rows ?? []).filter((r) => typeof r.rates[SIMULATED] === 'number'),
    };
    this.phase.gammaStar = (exact?.maximum ?? report.maximum)?.gamma ?? null;
    const partial = {
      exact: partialNote(exact, 'exact'),
      simulate: partialNote(sim, 'simulate'),
    };
    this.plot.update({
      xLabel: 'log10 γ',
      yLabel: 'log10 k',
      ...curveData(curves, exact !== null, partial),
      marks: this.marks(curves, exact),
    });
    this.el.summary.replaceChildren(...this.summary(report, exact));
    this.el.table.replaceChildren(tables(curves, exact !== null, partial));
    const warnings = new Set([
      ...report.warnings,
      ...(exact?.warnings ?? []),
      ...(sim?.warnings ?? []),
    ]);
    const ul = h('ul', { class: 'warnings' });
    for (const w of warnings) ul.append(h('li', { text: `⚠ ${w}` }));
    this.el.warnings.replaceChildren(ul);
    this.hooks.renders++;
    document.body.dataset['turnoverRenders'] = String(this.hooks.renders);
  }

  private renderButtons(): void {
    const e = this.el;
    const t = this.settings();
    e.exact.textContent = this.slow.exact.running
      ? 'Stop the exact curve'
      : t.exact
        ? 'Exact curve: on (turn off)'
        : 'Compute the exact curve (Klein–Kramers λ1)';
    e.exact.setAttribute('aria-pressed', String(t.exact));
    e.simulate.textContent = this.slow.simulate.running
      ? 'Stop the simulation'
      : 'Simulate points with 95% CIs (BAOAB)';
  }

  /** The maxima, the regime boundaries, the sidebar's γ and the simulated points' CIs. */
  private marks(curves: Curves, exact: TurnoverReport | null): Mark[] {
    const report = curves.theory;
    const gamma = this.host.getState().problem.gamma;
    const marks: Mark[] = [
      ...maximumCross(report.theoryMaximum, THEORY),
      ...(exact ? maximumCross(exact.maximum, EXACT) : []),
    ];
    // Regime boundaries: where the leading theory within 10% of the turnover rate changes.
    let last = '';
    for (const row of report.rows) {
      if (row.regime === last) continue;
      const x = Math.log10(row.gamma);
      const label = REGIME_NAMES[row.regime] ?? row.regime;
      marks.push({
        x1: x,
        y1: null,
        x2: x,
        y2: null,
        color: '#adb5bd',
        label,
        // A boundary names the regime that starts there: its label stays on its right.
        side: 'right',
      });
      last = row.regime;
    }
    const x = Math.log10(gamma);
    const label = `current γ = ${fmt(gamma)}`;
    marks.push({ x1: x, y1: null, x2: x, y2: null, color: '#5f3dc4', label, dy: 1 });
    const color = method(SIMULATED).colour;
    for (const row of curves.simulated) {
      const ci = row.ci95[SIMULATED];
      if (!ci) continue;
      const at = Math.log10(row.gamma);
      marks.push({ x1: at, y1: lg(Math.max(ci[0], 1e-300)), x2: at, y2: lg(ci[1]), color });
    }
    return marks;
  }

  /** ΔU, the action and the geometry; the maxima; the regime and rates at the sidebar's γ. */
  private summary(report: TurnoverReport, exact: TurnoverReport | null): HTMLElement[] {
    // No maximum inside the range: "—" and the library's reason (k still rises at an end).
    // The exact maximum is interpolated between friction values: its ± says how far (the theory's
    // own maximum is a search of the closed form and has none).
    const pm = (e: number | null | undefined) => (e ? ` ± ${Number(e.toPrecision(2))}` : '');
    // A maximum nothing bounds (too few friction values about it): ≈, no ±, and said so.
    type Shown = {
      gamma: number;
      rate: number;
      gammaError?: number | null;
      rateError?: number | null;
    };
    const maxText = (
      m: (Shown & { retcode?: string }) | null | undefined,
      what: string,
      note: string | null,
    ) => {
      if (!m) return `${what}: —${note ? ` (${note})` : ''}`;
      const is = m.retcode === 'not_converged' ? '≈' : '=';
      const loose = m.retcode === 'not_converged' ? ' (not converged: use more points)' : '';
      return `${what}: γ* ${is} ${fmt(m.gamma)}${pm(m.gammaError)}, k* ${is} ${fmt(m.rate)}${pm(m.rateError)}${loose}`;
    };
    const exactMax = `${method(EXACT).short} maximum${partialNote(exact, 'exact') ? ' of the partial curve' : ''}`;
    const parts = [
      h('p', {
        text: `ΔU = ${fmt(report.barrier.deltaU)}, ΔU/D = ${fmt(report.barrierToNoise)}, action I_s = ∮p dx = ${fmt(report.action)}, geometry: ${report.geometry}. ${report.definition}.`,
      }),
      h('p', {
        id: 'turnover-maximum',
        text: `${maxText(report.theoryMaximum, `${method(THEORY).label} maximum`, report.maximumNote)}; ${exact ? maxText(exact.maximum, `${exactMax} (parabola through the grid maximum)`, exact.maximumNote) : `${exactMax}: compute the exact curve`}.`,
      }),
    ];
    const current = this.hooks.current;
    if (current) {
      const rate = (key: TurnoverMethod) => `${method(key).label} ${fmt(current.rates[key])}`;
      parts.push(
        h('p', {
          id: 'turnover-current',
          text: `At the current γ = ${fmt(current.gamma)} (η_c = γ/m = ${fmt(current.collisionRate)}, Δ = η_c I_s/D = ${fmt(current.energyLoss)}): regime ${REGIME_NAMES[current.regime] ?? current.regime}; ${method(THEORY).label} k = ${fmt(current.rates[THEORY])}, ${rate('spatialDiffusion')}, ${rate('energyDiffusion')}.`,
        }),
      );
    }
    return parts;
  }

  private makeHooks(): TurnoverHooks {
    const panel = this;
    return {
      theory: null,
      exact: null,
      simulated: null,
      current: null,
      renders: 0,
      get phase() {
        return panel.phase?.snapshots ?? [];
      },
    };
  }
}

/** What the plot and the table show: the theories, the exact curve by γ, the simulated rows. */
interface Curves {
  readonly theory: TurnoverReport;
  readonly exactAt: ReadonlyMap<number, TurnoverRow>;
  readonly simulated: readonly TurnoverRow[];
}

function lg(v: number | null | undefined): number | null {
  return typeof v === 'number' && v > 0 ? Math.log10(v) : null;
}

/**
 * What a stopped slow column kept (its report's retcode 'interrupted'), e.g. "4 of 10 friction
 * values kept (a partial curve)"; null for a complete column or none.
 */
function partialNote(report: TurnoverReport | null, column: SlowColumn): string | null {
  if (!report) return null;
  const key = column === 'exact' ? EXACT : SIMULATED;
  // The exact column is asked at every γ: a cell without a retcode was never solved. (The
  // report's retcode alone does not tell: a not-converged cell outranks 'interrupted'.)
  const stopped =
    column === 'exact'
      ? report.rows.some((r) => r.retcodes[EXACT] === undefined)
      : report.retcode === 'interrupted' ||
        report.rows.some((r) => r.retcodes[SIMULATED] === 'interrupted');
  if (!stopped) return null;
  const kept = report.rows.filter((r) => typeof r.rates[key] === 'number').length;
  return column === 'exact'
    ? `${kept} of ${report.rows.length} friction values kept (a partial curve)`
    : `${kept} simulated point${kept === 1 ? '' : 's'} kept (a partial set)`;
}

/** Which slow columns were stopped, and what they kept (partialNote). */
type Stopped = Readonly<Record<SlowColumn, string | null>>;

/** The series of the plot (named and coloured by the catalogue) and log10 k on one γ axis. */
function curveData(curves: Curves, withExact: boolean, partial: Stopped) {
  // One x axis for every series: the grid and off-grid simulated γ.
  const xs = [
    ...new Set([
      ...curves.theory.rows.map((r) => r.gamma),
      ...curves.simulated.map((r) => r.gamma),
    ]),
  ].sort((a, b) => a - b);
  const theoryAt = new Map(curves.theory.rows.map((r) => [r.gamma, r]));
  const simAt = new Map(curves.simulated.map((r) => [r.gamma, r]));
  const series: SeriesSpec[] = [];
  const data: (number | null)[][] = [xs.map((g) => Math.log10(g))];
  for (const key of THEORIES) {
    const { label, colour } = method(key);
    const bold = key === THEORY;
    series.push({
      label,
      color: colour,
      width: bold ? 2.5 : 1.5,
      ...(bold ? {} : { dash: [6, 3] }),
    });
    data.push(xs.map((g) => lg(theoryAt.get(g)?.rates[key])));
  }
  if (withExact) {
    const { label, colour } = method(EXACT);
    // A stopped curve is drawn through the points it kept and says so in its legend entry.
    const stopped = partial.exact ? ' (partial: stopped)' : '';
    series.push({ label: `${label}${stopped}`, color: colour, width: 2.5 });
    data.push(xs.map((g) => lg(curves.exactAt.get(g)?.rates[EXACT])));
  }
  if (curves.simulated.length > 0) {
    const { label, colour } = method(SIMULATED);
    const stopped = partial.simulate ? ' (partial: stopped)' : '';
    series.push({ label: `${label}, 95% CI${stopped}`, color: colour, pointsOnly: true });
    data.push(xs.map((g) => lg(simAt.get(g)?.rates[SIMULATED])));
  }
  return { series, data };
}

/** A maximum (γ*, k*) off the grid as a cross in its method's colour (no curve gets a gap). */
function maximumCross(
  m: { gamma: number; rate: number } | null | undefined,
  key: TurnoverMethod,
): Mark[] {
  if (!m) return [];
  const { short, colour: color } = method(key);
  const x = Math.log10(m.gamma);
  const y = Math.log10(m.rate);
  return [
    { x1: x - 0.06, y1: y - 0.06, x2: x + 0.06, y2: y + 0.06, color, label: `${short} max` },
    { x1: x - 0.06, y1: y + 0.06, x2: x + 0.06, y2: y - 0.06, color },
  ];
}

/**
 * A table column: its key (data-column, for tests), heading, the catalogue key of the method it
 * shows (its heading is that method's short name), and its value in a row.
 */
type Column = readonly [
  key: string,
  head: string,
  method: TurnoverMethod | null,
  value: (g: number, r?: TurnoverRow, x?: TurnoverRow, s?: TurnoverRow) => number | string | null,
];

/** The theories at each γ (always shown). */
function theoryColumns(): Column[] {
  return [
    ['gamma', 'γ', null, (g) => g],
    ['collisionRate', 'η_c', null, (_, r) => r?.collisionRate ?? null],
    ['energyLoss', 'Δ', null, (_, r) => r?.energyLoss ?? null],
    ['regime', 'regime', null, (_, r) => (r ? (REGIME_NAMES[r.regime] ?? r.regime) : '')],
    ...THEORIES.map((k): Column => [k, method(k).short, k, (_, r) => r?.rates[k] ?? null]),
  ];
}

/**
 * The slow columns beside the turnover theory they test, in a table of their own so that the
 * whole of each table fits the page (one table of 15 columns ran off-screen at 1280 px).
 */
function slowColumns(exact: boolean, simulated: boolean): Column[] {
  const head = (key: TurnoverMethod) => method(key).short;
  return [
    ['gamma', 'γ', null, (g) => g],
    [THEORY, head(THEORY), THEORY, (_, r) => r?.rates[THEORY] ?? null],
    ...(exact
      ? ([
          [EXACT, head(EXACT), EXACT, (_, _r, x) => x?.rates[EXACT] ?? null],
          [`errors.${EXACT}`, `${head(EXACT)} error`, null, (_, _r, x) => x?.errors[EXACT] ?? null],
        ] satisfies Column[])
      : []),
    ...(simulated
      ? ([
          [SIMULATED, head(SIMULATED), SIMULATED, (_, _r, _x, s) => s?.rates[SIMULATED] ?? null],
          [
            `ci95.${SIMULATED}.low`,
            '95% CI low',
            null,
            (_, _r, _x, s) => s?.ci95[SIMULATED]?.[0] ?? null,
          ],
          [
            `ci95.${SIMULATED}.high`,
            '95% CI high',
            null,
            (_, _r, _x, s) => s?.ci95[SIMULATED]?.[1] ?? null,
          ],
        ] satisfies Column[])
      : []),
  ];
}

/** One table: a row per γ, numbers carrying full precision (data-value) and their column key. */
function tableOf(id: string, caption: string, cols: readonly Column[], rows: Cell[][]) {
  const element = h('table', { id }, h('caption', { text: caption }));
  const heads = cols.map(([, name, key]) => {
    const th = h('th', { scope: 'col', text: name });
    if (key) {
      th.dataset['method'] = key;
      th.title = method(key).label;
    }
    return th;
  });
  element.append(h('thead', {}, h('tr', {}, ...heads)));
  const body = h('tbody', {});
  for (const row of rows) {
    const tr = h('tr', {});
    row.forEach((cell, i) => {
      const td = h('td', {});
      if (typeof cell === 'number') {
        const span = h('span', { text: fmt(cell) });
        span.dataset['value'] = String(cell);
        span.dataset['column'] = cols[i]![0];
        td.append(span);
      } else td.textContent = cell ?? '—';
      tr.append(td);
    });
    body.append(tr);
  }
  element.append(body);
  return h('div', { class: 'table-wrap' }, element);
}

type Cell = number | string | null;

/** The theories' table, then (once computed) the exact and simulated columns' table, one CSV. */
function tables(curves: Curves, exact: boolean, partial: Stopped): HTMLElement {
  const simulated = curves.simulated.length > 0;
  const simAt = new Map(curves.simulated.map((r) => [r.gamma, r]));
  const byGamma = new Map(curves.theory.rows.map((r) => [r.gamma, r]));
  const gammas = [...new Set([...byGamma.keys(), ...simAt.keys()])].sort((a, b) => a - b);
  const rowsOf = (cols: readonly Column[]) =>
    gammas.map((g) =>
      cols.map(([, , , value]) => value(g, byGamma.get(g), curves.exactAt.get(g), simAt.get(g))),
    );
  const theory = theoryColumns();
  const parts = [
    tableOf(
      'turnover-table',
      'Every theory at each friction γ (rates k in 1/time)',
      theory,
      rowsOf(theory),
    ),
  ];
  // The CSV holds every column computed, the slow ones included.
  const slow = slowColumns(exact, simulated);
  const all = [...theory, ...slow.slice(2)];
  if (exact || simulated) {
    const what = [exact ? method(EXACT).label : '', simulated ? method(SIMULATED).label : '']
      .filter(Boolean)
      .join(' and ');
    const stopped = [partial.exact, partial.simulate].filter(Boolean).join('; ');
    parts.push(
      tableOf(
        'turnover-slow-table',
        `${what} beside the ${method(THEORY).label}${stopped ? ` (stopped: ${stopped})` : ''}`,
        slow,
        rowsOf(slow),
      ),
    );
  }
  const button = h('button', {
    type: 'button',
    class: 'csv',
    text: 'CSV',
    'aria-label': 'export turnover table as CSV',
  });
  button.addEventListener('click', () =>
    downloadText('turnover.csv', toCsv([all.map(([, name]) => name), ...rowsOf(all)]), 'text/csv'),
  );
  return h('div', {}, ...parts, button);
}
