import {
  type CompletedChunk,
  isKramersError,
  type JobTypes,
  type Runner,
  runJobs,
  type SimulationReport,
  simulate,
} from 'kramers';
import { createWebWorkerRunner, type WebWorkerRunner, type WorkerLike } from 'kramers/browser';
import SimulationWorker from 'kramers/browser/worker?worker';
import { fmt, h, pct } from './format.js';
import { method } from './methods.js';
import { downloadText, Plot, toCsv } from './plot.js';
import type { MainResult } from './protocol.js';
import { runningMfpt } from './runningMfpt.js';
import { type LabState, readSimSettings, type SimSettings } from './state.js';

interface Host {
  getState(): LabState;
  getResult(): MainResult | null;
  setSim(sim: SimSettings): void;
  /** Settings the page's link carried that were refused (state.ts simLinkProblems), and why. */
  readonly linkProblems?: readonly string[];
}

type ChunkRequest = JobTypes['chunk']['request'];
type TrajectoryRequest = JobTypes['trajectory']['request'];
type AmsRequest = JobTypes['ams']['request'];

/** Walkers shown moving: the first walkers of the run itself (same seed, same streams). */
const SHOWN = 48;

/** A value to plot: an unbounded one (an MFPT bound of +∞) leaves a gap. */
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function makeRunner(n: number): WebWorkerRunner {
  return createWebWorkerRunner(n, {
    createWorker: () => new SimulationWorker() as unknown as WorkerLike,
  });
}

/**
 * Simulation panel: `simulate()` of the library on a Web Worker runner; pause aborts and keeps the
 * finished chunks, start resumes from them (same numbers as an uninterrupted run).
 */
export class SimulationPanel {
  readonly workers = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  private readonly pool = makeRunner(this.workers);
  private readonly animationRunner = makeRunner(1);
  private completed: CompletedChunk[] = [];
  private key = '';
  private controller: AbortController | null = null;
  private config: ChunkRequest['config'] | null = null;
  private running = false;
  /**
   * Counts resets: a run remembers the one it started in, and once the problem has changed under
   * it (a reset), its late chunks and its end touch nothing on the page.
   */
  private generation = 0;
  private animT = 0;
  private positions: number[] = [];
  private lastFrame: { x: Float64Array; crossed: Uint8Array } | null = null;
  /** Walker-steps per second of the last run (the page's own measurement). */
  stepsPerSecond: number | null = null;
  readonly el: {
    dynamics: HTMLSelectElement;
    walkers: HTMLInputElement;
    seed: HTMLInputElement;
    error: HTMLElement;
    start: HTMLButtonElement;
    reset: HTMLButtonElement;
    status: HTMLElement;
    canvas: HTMLCanvasElement;
    table: HTMLElement;
    warnings: HTMLElement;
  };
  private readonly fptPlot = new Plot(
    'fpt-histogram',
    'First-passage times and the exponential fit',
  );
  private readonly mfptPlot = new Plot(
    'running-mfpt',
    'Running MFPT with 95% CI against the exact value',
  );
  private readonly positionPlot = new Plot(
    'positions',
    'Positions of the shown walkers against the Boltzmann density',
  );

  constructor(
    section: HTMLElement,
    private readonly host: Host,
  ) {
    const sim = host.getState().sim;
    const dynamics = h('select', { id: 'sim-dynamics' });
    dynamics.append(
      h('option', { value: 'overdamped', text: 'overdamped (Heun)' }),
      h('option', { value: 'underdamped', text: 'underdamped (BAOAB, mass m)' }),
    );
    dynamics.value = sim.dynamics;
    const walkers = h('input', {
      id: 'sim-walkers',
      type: 'number',
      min: '16',
      max: '20000',
      step: '16',
      value: String(sim.walkers),
    });
    const seed = h('input', {
      id: 'sim-seed',
      type: 'number',
      min: '0',
      step: '1',
      value: String(sim.seed),
    });
    const start = h('button', { type: 'button', id: 'sim-start', text: 'Start' });
    const reset = h('button', { type: 'button', id: 'sim-reset', text: 'Reset' });
    const status = h('p', {
      id: 'sim-status',
      class: 'status',
      'aria-live': 'polite',
      text: 'ready',
    });
    const canvas = h('canvas', {
      class: 'walkers',
      id: 'sim-canvas',
      role: 'img',
      'aria-label': 'walkers moving in the landscape',
    });
    this.el = {
      dynamics,
      walkers,
      seed,
      // A value the link carried and the tab refused: said on load as when it is typed.
      error: h('pre', {
        class: 'error',
        id: 'sim-error',
        role: 'alert',
        text: (host.linkProblems ?? []).join('\n'),
      }),
      start,
      reset,
      status,
      canvas,
      table: h('div', {}),
      warnings: h('div', {}),
    };
    const changed = () => this.settingsChanged();
    for (const c of [dynamics, walkers, seed]) c.addEventListener('change', changed);
    start.addEventListener('click', () => (this.running ? this.pause() : void this.start()));
    reset.addEventListener('click', () => this.reset());
    section.append(
      h('p', {
        class: 'muted',
        text: `Langevin walkers start at the well bottom and are absorbed at the target; ${this.workers} Web Worker(s) run the library's kernel. The ${SHOWN} walkers drawn are the run's first ${SHOWN} (same streams).`,
      }),
      h(
        'div',
        { class: 'row' },
        h('label', { for: 'sim-dynamics', text: 'dynamics' }),
        dynamics,
        h('label', { for: 'sim-walkers', text: 'walkers' }),
        walkers,
        h('label', { for: 'sim-seed', text: 'seed' }),
        seed,
      ),
      this.el.error,
      h('div', { class: 'row' }, start, reset),
      status,
      canvas,
      h('div', { class: 'grid2' }, this.fptPlot.element, this.mfptPlot.element),
      this.positionPlot.element,
      this.el.table,
      this.el.warnings,
    );
  }

  private keyOf(): string {
    const s = this.host.getState();
    return JSON.stringify([s.problem, s.sim]);
  }

  /**
   * The fields as typed, checked as the Pulling tab checks its own: a value out of range or not a
   * number is refused with a message and the field goes back to the value in use (it was silently
   * clamped, or replaced by 512 or 1, while the field still read what was typed).
   */
  private settingsChanged(): void {
    const { dynamics, walkers, seed, error } = this.el;
    // A number field holding no number (empty, or typed letters) reads as ''.
    const text = { dynamics: dynamics.value, walkers: walkers.value, seed: seed.value };
    const { sim, problems } = readSimSettings(text, this.host.getState().sim, 'field');
    error.textContent = problems.join('\n');
    walkers.value = String(sim.walkers);
    seed.value = String(sim.seed);
    this.host.setSim(sim);
    this.sync();
  }

  /**
   * A run, running or finished, belongs to the problem and settings it was started with. When
   * they change, it stops and its numbers go (as the 2-D tab's walkers do): a result beside
   * inputs it was not computed for would read as their answer (the audit saw MFPT 122 of
   * D = 0.08 shown under D = 0.2, whose exact MFPT is 19.1). Resuming needs the same inputs.
   */
  private sync(): void {
    if (this.keyOf() !== this.key) this.reset();
  }

  onResult(_r: MainResult): void {
    this.sync();
    this.draw();
  }

  /** Runs chunks on the page's Web Worker pool (used by the browser tests). */
  async runChunks(
    requests: ChunkRequest[],
  ): Promise<{ times: number[]; censored: number[]; steps: number; engine: string | undefined }[]> {
    const results = await runJobs(this.pool.runner, 'chunk', requests);
    return results.map((r) => ({
      times: [...(r?.times ?? [])],
      censored: [...(r?.censored ?? [])],
      steps: r?.steps ?? 0,
      engine: r?.engine,
    }));
  }

  /** Runs trajectory-sampling jobs on the same pool (used by the browser tests). */
  async runTrajectories(requests: TrajectoryRequest[]): Promise<number[][]> {
    const results = await runJobs(this.pool.runner, 'trajectory', requests);
    return results.map((r) => [...(r?.x ?? [])]);
  }

  /**
   * Runs 1-D AMS jobs on the same pool (used by the browser tests: the WebAssembly excursion
   * kernel in a Web Worker against Node's).
   */
  async runAms(requests: AmsRequest[]): Promise<JobTypes['ams']['result'][]> {
    const results = await runJobs(this.pool.runner, 'ams', requests);
    return results.map((r) => r!);
  }

  reset(): void {
    this.controller?.abort();
    this.controller = null;
    this.generation++;
    this.running = false;
    this.completed = [];
    this.config = null;
    this.animT = 0;
    this.positions = [];
    this.lastFrame = null;
    this.key = this.keyOf();
    this.el.status.textContent = 'ready';
    this.el.table.replaceChildren();
    this.el.warnings.replaceChildren();
    this.el.start.textContent = 'Start';
    for (const plot of [this.fptPlot, this.mfptPlot, this.positionPlot]) plot.clear();
    this.draw();
    this.renderStatistics();
  }

  pause(): void {
    this.controller?.abort();
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.keyOf() !== this.key) this.reset();
    // A refused value's message is history once a run starts with the values shown.
    this.el.error.textContent = '';
    const state = this.host.getState();
    const p = state.problem;
    // A high barrier makes a brute-force run astronomically long (MFPT ∝ e^{ΔU/D}): say so first.
    const mfpt = this.host.getResult()?.exactMfpt ?? null;
    const left = state.sim.walkers - this.walkersDone();
    const estimate = mfpt === null ? 0 : (left * mfpt) / 1e-3;
    const seconds = estimate / (this.stepsPerSecond ?? 5e7);
    if (seconds > 60 && this.confirmed !== this.key) {
      this.confirmed = this.key;
      this.el.status.textContent = `This run needs about ${fmt(estimate)} walker-steps (MFPT ≈ ${fmt(mfpt)} at dt ≈ 1e-3), roughly ${fmt(seconds / 60)} minutes here. Press Start again to run it anyway, or raise D, or use fewer walkers.`;
      return;
    }
    this.controller = new AbortController();
    const signal = this.controller.signal;
    const generation = this.generation;
    const current = () => generation === this.generation;
    this.running = true;
    this.el.start.textContent = 'Pause';
    this.el.status.textContent = 'running…';
    const started = performance.now();
    let steps = 0;
    // The run's walker configuration, seen as its first chunk goes out, drives the animation.
    const wrapped: Runner = (jobs, options) => {
      const first = jobs[0];
      if (first?.kind === 'chunk' && current()) this.config = first.request.config;
      void this.animate(signal);
      return this.pool.runner(jobs, options);
    };
    try {
      const report = await simulate(
        {
          potential: p.potential,
          parameters: p.parameters,
          D: p.D,
          gamma: p.gamma,
          mass: p.mass,
          ...(p.domain ? { domain: p.domain } : {}),
          from: p.from,
          ...(p.to !== undefined ? { to: p.to } : {}),
          dynamics: state.sim.dynamics,
          walkers: state.sim.walkers,
          seed: state.sim.seed,
        },
        {
          runner: wrapped,
          signal,
          completed: this.completed,
          onChunkDone: (chunk) => {
            if (!current()) return;
            this.completed.push(chunk);
            steps += chunk.result.steps;
            const seconds = (performance.now() - started) / 1000;
            this.stepsPerSecond = steps / seconds;
            this.el.status.textContent = `${this.walkersDone()} of ${state.sim.walkers} walkers, ${fmt(this.stepsPerSecond)} walker-steps/s`;
            this.renderStatistics();
          },
        },
      );
      if (current()) this.renderReport(report);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (current() && !(isKramersError(error) && /interrupted before/.test(message))) {
        this.el.warnings.replaceChildren(h('p', { class: 'warnings', text: message }));
      }
    }
    // Reset while it ran (the problem changed): the page already shows the new problem's state.
    if (!current()) return;
    this.running = false;
    const done = this.walkersDone();
    this.el.start.textContent = done >= state.sim.walkers ? 'Start' : done > 0 ? 'Resume' : 'Start';
    this.el.status.textContent = `${signal.aborted ? 'paused' : 'finished'}: ${done} of ${state.sim.walkers} walkers${this.stepsPerSecond ? `, ${fmt(this.stepsPerSecond)} walker-steps/s` : ''}`;
    this.renderStatistics();
  }

  private walkersDone(): number {
    return this.completed.reduce((s, c) => s + c.result.times.length, 0);
  }

  /** One frame: the shown walkers at time t (a re-run of their streams up to t). */
  private async animate(signal: AbortSignal): Promise<void> {
    if (this.animating) return;
    this.animating = true;
    const generation = this.generation;
    try {
      // While the run goes on, and after it has finished until the sweep in time is complete
      // (then the page rests: no animation burns CPU in the background).
      while (!signal.aborted && this.config) {
        const config = this.config;
        const mfpt = this.host.getResult()?.exactMfpt ?? 50;
        const tEnd = Math.min(3 * mfpt, 40000 * config.dt);
        const step = tEnd / 150;
        const wraps = this.animT + step > tEnd;
        if (wraps && !this.running) break;
        this.animT = wraps ? step : this.animT + step;
        const [result] = await runJobs(this.animationRunner.runner, 'chunk', [
          {
            config: { ...config, tMax: this.animT, recordFinalState: true },
            firstWalker: 0,
            walkers: SHOWN,
          },
        ]);
        // A reset while the frame was computed: that frame is of the old problem's walkers.
        if (!result?.finalX || generation !== this.generation) break;
        const crossed = new Uint8Array(SHOWN);
        for (let i = 0; i < SHOWN; i++) {
          crossed[i] = result.censored[i] ? 0 : 1;
          if (!crossed[i]) this.positions.push(result.finalX[i]!);
        }
        this.lastFrame = { x: result.finalX, crossed };
        this.draw();
        this.renderPositions();
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    } finally {
      this.animating = false;
      // A run started while this loop still waited on its last frame gets its own animation.
      const next = this.controller?.signal;
      if (this.running && next && next !== signal && !next.aborted) void this.animate(next);
    }
  }
  private animating = false;
  /** The problem for which a long run was announced (a second Start then runs it). */
  private confirmed = '';

  private draw(): void {
    const r = this.host.getResult();
    const canvas = this.el.canvas;
    const dpr = devicePixelRatio || 1;
    const W = canvas.clientWidth * dpr;
    const H = canvas.clientHeight * dpr;
    if (!r || W === 0) return;
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d')!;
    const xs = r.curve.x;
    const Us = r.curve.U;
    const xMin = xs[0]!;
    const xMax = xs[xs.length - 1]!;
    const uMin = Math.min(...Us);
    const uMax = Math.max(...Us);
    const px = (x: number) => ((x - xMin) / (xMax - xMin)) * (W - 20 * dpr) + 10 * dpr;
    const py = (u: number) => H - 14 * dpr - ((u - uMin) / (uMax - uMin || 1)) * (H - 40 * dpr);
    ctx.clearRect(0, 0, W, H);
    ctx.strokeStyle = '#1d2330';
    ctx.lineWidth = 2 * dpr;
    ctx.beginPath();
    xs.forEach((x, i) => {
      if (i) ctx.lineTo(px(x), py(Us[i]!));
      else ctx.moveTo(px(x), py(Us[i]!));
    });
    ctx.stroke();
    ctx.strokeStyle = '#5f3dc4';
    ctx.setLineDash([4 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(px(r.to.x), 0);
    ctx.lineTo(px(r.to.x), H);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = '#5f3dc4';
    ctx.fillText('target', px(r.to.x) + 4 * dpr, 14 * dpr);
    const frame = this.lastFrame;
    if (!frame) return;
    let crossedCount = 0;
    for (let i = 0; i < frame.x.length; i++) {
      const x = Math.min(Math.max(frame.x[i]!, xMin), xMax);
      const k = Math.round(((x - xMin) / (xMax - xMin)) * (xs.length - 1));
      const u = Us[Math.min(Math.max(k, 0), xs.length - 1)]!;
      const jitter = ((i * 7919) % 13) - 6;
      ctx.fillStyle = frame.crossed[i] ? '#d9480f' : '#1c7ed6';
      if (frame.crossed[i]) crossedCount++;
      ctx.beginPath();
      ctx.arc(px(x), py(u) - 6 * dpr + jitter * dpr, 4 * dpr, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = '#1d2330';
    ctx.fillText(
      `t = ${fmt(this.animT)}   crossed: ${crossedCount} of ${frame.x.length}`,
      10 * dpr,
      H - 2 * dpr,
    );
  }

  private renderPositions(): void {
    const r = this.host.getResult();
    if (!r || this.positions.length === 0) return;
    const xs = r.curve.x;
    // Walkers that have not crossed live in the start basin: compare with the Boltzmann density
    // there (up to the barrier top), the quasi-stationary picture behind Kramers' rate.
    const start = r.from.x;
    const edge = r.barrier?.x ?? r.to.x;
    const lo = edge > start ? xs[0]! : edge;
    const hi = edge > start ? edge : xs[xs.length - 1]!;
    const bins = 40;
    const width = (hi - lo) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const x of this.positions) {
      const b = Math.floor((x - lo) / width);
      if (b >= 0 && b < bins) counts[b]!++;
    }
    const centres = counts.map((_, i) => lo + (i + 0.5) * width);
    // Boltzmann density e^{−U/D} on the same interval, normalised there.
    const D = this.host.getState().problem.D;
    const U = (x: number) => {
      const k = xs.findIndex((xi) => xi >= x);
      return r.curve.U[Math.max(0, k)]!;
    };
    const Umin = Math.min(...centres.map(U));
    const w = centres.map((x) => Math.exp(-(U(x) - Umin) / D));
    const z = w.reduce((a, b) => a + b, 0) * width;
    const n = this.positions.length;
    this.positionPlot.update({
      xLabel: 'x',
      yLabel: 'density',
      series: [
        { label: `walker positions (${n} samples)`, color: '#1c7ed6', bars: true },
        { label: 'Boltzmann e^(−U/D), normalised', color: '#1d2330', width: 2 },
      ],
      data: [centres, counts.map((c) => c / (n * width)), w.map((v) => v / z)],
    });
  }

  private renderStatistics(): void {
    // The library's estimator on the walkers so far, once per completed chunk (runningMfpt.ts).
    const {
      points: running,
      last,
      times,
      censored,
    } = runningMfpt(this.completed, this.config?.tMax);
    // The last point, full precision, for the browser tests (the report's MFPT and CI).
    const end = running[running.length - 1];
    const ci = this.mfptPlot.element.dataset;
    if (end) {
      ci['runningWalkers'] = String(end.walkers);
      ci['runningMfpt'] = String(end.mfpt);
      ci['runningCiLow'] = String(end.ci95[0]);
      ci['runningCiHigh'] = String(end.ci95[1]);
    } else {
      for (const key of ['runningWalkers', 'runningMfpt', 'runningCiLow', 'runningCiHigh']) {
        delete ci[key];
      }
    }
    const exact = this.host.getResult()?.exactMfpt ?? null;
    if (running.length === 0) return;
    // The simulation's and the exact route's colours (the CI a lighter tint of the simulation's).
    const simulated = method('simulation').colour;
    this.mfptPlot.update({
      xLabel: 'walkers',
      yLabel: 'MFPT',
      series: [
        { label: 'running MFPT', color: simulated, width: 2 },
        { label: '95% CI', color: `${simulated}88`, width: 1, dash: [4, 3] },
        { label: '95% CI upper', color: `${simulated}88`, width: 1, dash: [4, 3] },
        { label: `${method('exact').short} (overdamped)`, color: method('exact').colour, width: 2 },
      ],
      // An unbounded end (every walker censored: MFPT > total/3, the rule of three) is not drawn.
      data: [
        running.map((r) => r.walkers),
        running.map((r) => finite(r.mfpt)),
        running.map((r) => finite(r.ci95[0])),
        running.map((r) => finite(r.ci95[1])),
        running.map(() => exact),
      ],
    });
    const done = [...times].filter((_, i) => !censored[i]);
    if (done.length < 2 || !last) return;
    const sorted = [...done].sort((a, b) => a - b);
    const top = sorted[Math.floor(0.99 * (sorted.length - 1))]!;
    const bins = 30;
    const width = top / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const t of done) {
      const b = Math.floor(t / width);
      if (b < bins) counts[b]!++;
    }
    // The library's exponential fit: the censored MLE rate, absorbed / total observed time.
    const k = last.exponentialFit.rate;
    const centres = counts.map((_, i) => (i + 0.5) * width);
    this.fptPlot.update({
      xLabel: 'first-passage time t',
      yLabel: 'density',
      series: [
        { label: 'histogram', color: method('simulation').colour, bars: true },
        { label: `exponential fit k e^(−kt), k = ${fmt(k)}`, color: '#d9480f', width: 2 },
      ],
      data: [
        centres,
        counts.map((c) => c / (times.length * width)),
        centres.map((t) => k * Math.exp(-k * t)),
      ],
    });
  }

  /**
   * The MFPT and rate rows: the estimate, or where no walker escaped the library's lower bound
   * (`mfptLowerBound`) and no rate, said as such (the retcode row says not converged).
   */
  private estimateRows(r: SimulationReport): [string, string, string][] {
    if (r.mfpt === null) {
      const bound = r.mfptLowerBound;
      return [
        [
          'MFPT',
          bound === null ? '—' : `> ${fmt(bound)}`,
          bound === null
            ? 'no estimate: no walker finished'
            : 'not converged: no walker escaped by t_max; a 95% lower bound, no estimate',
        ],
        ['rate 1/MFPT', '—', `no estimate; 95% CI [${fmt(r.rateCI95[0])}, ${fmt(r.rateCI95[1])}]`],
      ];
    }
    return [
      ['MFPT', fmt(r.mfpt), `± ${fmt(r.mfptStdErr)} (one standard error)`],
      ['95% CI of the MFPT', `[${fmt(r.mfptCI95[0])}, ${fmt(r.mfptCI95[1])}]`, r.estimator],
      ['rate 1/MFPT', fmt(r.rate), `95% CI [${fmt(r.rateCI95[0])}, ${fmt(r.rateCI95[1])}]`],
    ];
  }

  private renderReport(r: SimulationReport): void {
    const exact = r.exactMfpt;
    const rows: [string, string, string][] = [
      ...this.estimateRows(r),
      [
        'exact MFPT (overdamped)',
        fmt(exact),
        exact && r.mfpt !== null ? `simulation − exact: ${pct(r.mfpt / exact - 1)}` : '',
      ],
      [
        'walkers (censored)',
        `${r.walkers} (${r.censored})`,
        `dt = ${fmt(r.dt)}, t_max = ${fmt(r.tMax)}`,
      ],
      // No first-passage time observed: no fit (its k = 0 and p = NaN are no numbers to show).
      r.estimator === 'none'
        ? ['exponential fit', '—', 'none: no first-passage time observed']
        : [
            'exponential fit',
            `k = ${fmt(r.exponentialFit.rate)}`,
            `Kolmogorov–Smirnov p = ${fmt(r.exponentialFit.pValue)}`,
          ],
      [
        'walker-steps',
        fmt(r.steps),
        this.stepsPerSecond ? `${fmt(this.stepsPerSecond)} per second in this page` : '',
      ],
      ['retcode', r.retcode, `seed ${r.seed}, ${r.dynamics}`],
    ];
    const table = h('table', { id: 'sim-table' });
    table.append(
      h(
        'thead',
        {},
        h('tr', {}, ...['quantity', 'value', 'note'].map((c) => h('th', { text: c }))),
      ),
    );
    const body = h('tbody', {});
    for (const row of rows) body.append(h('tr', {}, ...row.map((c) => h('td', { text: c }))));
    table.append(body);
    const first = body.children[0]!.children[1] as HTMLElement;
    first.dataset['value'] = String(r.mfpt);
    if (r.mfptLowerBound !== null) first.dataset['lowerBound'] = String(r.mfptLowerBound);
    const csv = h('button', {
      type: 'button',
      class: 'csv',
      text: 'CSV',
      'aria-label': 'export simulation table as CSV',
    });
    csv.addEventListener('click', () =>
      downloadText('simulation.csv', toCsv([['quantity', 'value', 'note'], ...rows]), 'text/csv'),
    );
    this.el.table.replaceChildren(h('div', { class: 'table-wrap' }, table, csv));
    const ul = h('ul', { class: 'warnings' });
    for (const w of r.warnings) ul.append(h('li', { text: `⚠ ${w}` }));
    this.el.warnings.replaceChildren(ul);
  }
}
