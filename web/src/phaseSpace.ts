/**
 * Phase-space snapshots (x, v) of underdamped walkers at a weak and a strong friction, so that
 * the two bottlenecks of the turnover can be seen: at weak friction walkers keep their energy for
 * many periods and the orbits near the separatrix E = U(x_s) are thinly populated (energy
 * diffusion limits escape); at strong friction v is thermal everywhere and what limits escape is
 * the slow diffusion of x over the barrier top (spatial diffusion).
 *
 * The walkers are the library's: `simulate()` (BAOAB, start at the well bottom with Maxwellian v)
 * on the page's Web Workers, censored at a time t, with each chunk asked to record its walkers'
 * final (x, v). Nothing here integrates anything itself.
 */
import {
  type JobResult,
  type Runner,
  type SimulateProblem,
  type SimulationJob,
  simulate,
} from 'kramers';
import { createWebWorkerRunner, type WorkerLike } from 'kramers/browser';
import SimulationWorker from 'kramers/browser/worker?worker';
import { fmt, h } from './format.js';
import { downloadText, toCsv } from './plot.js';
import type { LabProblem, MainResult } from './protocol.js';
import type { LabState } from './state.js';

interface Host {
  getState(): LabState;
  getResult(): MainResult | null;
}

export interface PhaseSnapshot {
  readonly gamma: number;
  /** Time of the snapshot (reduced units). */
  readonly t: number;
  readonly dt: number;
  /** Walkers still running at t (not yet absorbed at the target). */
  readonly x: number[];
  readonly v: number[];
  /** Walkers absorbed at the target before t (removed from the picture). */
  readonly absorbed: number;
  readonly walkers: number;
  /** The landscape the walkers ran in (the picture stays right if the problem changes after). */
  readonly frame: Frame;
}

interface Frame {
  readonly curveX: readonly number[];
  readonly curveU: readonly number[];
  /** Barrier top U(x_s), its position, the start well's position. */
  readonly Us: number;
  readonly xb: number;
  readonly xFrom: number;
  readonly mass: number;
  /** Half-height of the v axis. */
  readonly vMax: number;
}

/** Data → picture coordinates for a W × H box, shared by the canvas and the SVG. */
function layout(f: Frame, W: number, H: number, pad: number) {
  const x0 = f.curveX[0]!;
  const x1 = f.curveX[f.curveX.length - 1]!;
  return {
    px: (x: number) => ((x - x0) / (x1 - x0)) * W,
    py: (v: number) => H / 2 - (v / f.vMax) * (H / 2 - pad),
  };
}

/** The separatrix v = ±√(2(U_s − U(x))/m) where U < U_s, as polylines of [x, v]. */
function separatrix(f: Frame): [number, number][][] {
  const lines: [number, number][][] = [];
  for (const sign of [1, -1]) {
    let line: [number, number][] = [];
    f.curveX.forEach((x, i) => {
      const U = f.curveU[i]!;
      if (!(U < f.Us)) {
        if (line.length) lines.push(line);
        line = [];
        return;
      }
      line.push([x, sign * Math.sqrt((2 * (f.Us - U)) / f.mass)]);
    });
    if (line.length) lines.push(line);
  }
  return lines;
}

function crossed(f: Frame, x: number): boolean {
  return (x - f.xb) * (f.xFrom - f.xb) <= 0;
}

/** Where a chunk's walkers were when it stopped, and which were still running. */
interface FinalState {
  readonly x: Float64Array;
  readonly v: Float64Array;
  readonly censored: Uint8Array;
}

/** A first-passage chunk asked to report its walkers' final (x, v) too. */
function recordingFinalState(job: SimulationJob): SimulationJob {
  if (job.kind !== 'chunk') return job;
  const request = { ...job.request, config: { ...job.request.config, recordFinalState: true } };
  return { kind: 'chunk', request };
}

function finalStateOf(result: JobResult | undefined): FinalState | null {
  if (!result || !('finalX' in result) || !result.finalX || !result.finalV) return null;
  return { x: result.finalX, v: result.finalV, censored: result.censored };
}

const WALKERS = 300;
/** Steps per walker: 300 walkers × 6e4 steps ≈ 1 s on a shared core. */
const MAX_STEPS = 6e4;

/** The landscape the walkers run in, and a v axis tall enough for the separatrix and kT. */
function frameOf(r: MainResult, barrier: NonNullable<MainResult['barrier']>, p: LabProblem): Frame {
  const Us = r.barriers[barrier.index]?.U ?? 0;
  return {
    curveX: r.curve.x,
    curveU: r.curve.U,
    Us,
    xb: barrier.x,
    xFrom: r.from.x,
    mass: p.mass,
    vMax: 3.5 * Math.sqrt(p.D / p.mass) + Math.sqrt((2 * (Us - Math.min(...r.curve.U))) / p.mass),
  };
}

/** The step (resolving the fastest ω and the velocity's relaxation) and the time of a snapshot. */
function snapshotTimes(r: MainResult, mass: number, gamma: number): { dt: number; t: number } {
  const omegaMax = Math.max(...[...r.wells, ...r.barriers].map((e) => Math.abs(e.omega)));
  const wellOmega = r.wells[r.from.well ?? 0]?.omega ?? 1;
  const dt = Math.min(0.03 / omegaMax, (0.1 * mass) / gamma);
  // Long enough for energy to relax at rate γ/m and positions at ω²m/γ (a few times each),
  // within the step budget.
  const relax = Math.max((4 * mass) / gamma, (4 * gamma) / (mass * wellOmega ** 2));
  // As long as the budget allows (more crossings to see), at least the relaxation.
  const t = Math.max(Math.min(relax, 20 * MAX_STEPS * dt), MAX_STEPS * dt);
  return { dt, t };
}

/** The sidebar's problem as underdamped walkers at friction γ, censored at t. */
function walkerProblem(
  state: LabState,
  r: MainResult,
  gamma: number,
  dt: number,
  t: number,
): SimulateProblem {
  const p = state.problem;
  return {
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    gamma,
    mass: p.mass,
    ...(p.domain ? { domain: p.domain } : {}),
    from: p.from,
    // The target at the edge of the plot: walkers that crossed stay in the picture.
    toX: r.to.x > r.from.x ? r.curve.x[r.curve.x.length - 1]! : r.curve.x[0]!,
    dynamics: 'underdamped',
    walkers: WALKERS,
    seed: state.sim.seed,
    dt,
    tMax: t,
  };
}

/** Runs simulate() on the pool with each chunk recording its walkers' final (x, v). */
async function finalStates(
  pool: Runner,
  problem: SimulateProblem,
  signal: AbortSignal,
): Promise<FinalState[]> {
  const finals: FinalState[] = [];
  const recording: Runner = async (jobs, options) => {
    const results = await pool(jobs.map(recordingFinalState), options);
    for (const res of results) {
      const final = finalStateOf(res);
      if (final) finals.push(final);
    }
    return results;
  };
  await simulate(problem, { runner: recording, signal });
  return finals;
}

/** The walkers still running at t (in the picture), and how many were absorbed before. */
function inWindow(finals: readonly FinalState[]): { x: number[]; v: number[]; absorbed: number } {
  const x: number[] = [];
  const v: number[] = [];
  let absorbed = 0;
  for (const f of finals) {
    f.x.forEach((xi, i) => {
      if (f.censored[i]) {
        x.push(xi);
        v.push(f.v[i]!);
      } else absorbed++;
    });
  }
  return { x, v, absorbed };
}

/**
 * The status line after a run, saying so when it was stopped: a stopped run shows only the walkers
 * that reached t (it said "0 of 300 on the far side" at the full t for a friction never run).
 */
function stoppedNote(stopped: boolean, snapshots: readonly PhaseSnapshot[]): string {
  if (!stopped) return summary(snapshots);
  if (snapshots.length === 0) return 'stopped before any walker reached its snapshot time';
  return `stopped; kept the walkers that reached t: ${summary(snapshots)}`;
}

/** The status line after a run: per snapshot, how many crossed and how many left. */
function summary(snapshots: readonly PhaseSnapshot[]): string {
  return snapshots
    .map(
      (s) =>
        `γ = ${fmt(s.gamma)}: t = ${fmt(s.t)}, ${s.x.filter((xi) => crossed(s.frame, xi)).length} of ${s.walkers} on the far side, ${s.absorbed} left the window`,
    )
    .join('; ');
}

export class PhaseSpaceView {
  readonly element: HTMLElement;
  snapshots: PhaseSnapshot[] = [];
  private readonly canvases: HTMLCanvasElement[] = [];
  private readonly status = h('span', {
    class: 'status',
    id: 'phase-status',
    'aria-live': 'polite',
  });
  private readonly button = h('button', {
    type: 'button',
    id: 'phase-run',
    text: 'Show walkers in phase space at weak and strong friction',
  });
  private runner: ReturnType<typeof createWebWorkerRunner> | null = null;
  /** Set while a run goes on: the button stops it. */
  private controller: AbortController | null = null;
  private grid: HTMLElement | null = null;

  constructor(private readonly host: Host) {
    const csv = h('button', {
      type: 'button',
      class: 'csv',
      text: 'CSV',
      'aria-label': 'export phase-space snapshots as CSV',
    });
    csv.addEventListener('click', () => {
      const rows: (number | string)[][] = [['gamma', 't', 'x', 'v']];
      for (const s of this.snapshots) {
        s.x.forEach((x, i) => {
          rows.push([s.gamma, s.t, x, s.v[i]!]);
        });
      }
      downloadText('phase-space.csv', toCsv(rows), 'text/csv');
    });
    const svg = h('button', {
      type: 'button',
      text: 'SVG',
      'aria-label': 'export phase-space snapshots as SVG',
    });
    svg.addEventListener('click', () =>
      downloadText('phase-space.svg', this.svg(), 'image/svg+xml'),
    );
    const png = h('button', {
      type: 'button',
      text: 'PNG',
      'aria-label': 'export phase-space snapshots as PNG',
    });
    png.addEventListener('click', () => {
      this.canvases.forEach((c, i) => {
        c.toBlob((blob) => {
          if (!blob) return;
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = `phase-space-${i === 0 ? 'weak' : 'strong'}.png`;
          a.click();
        });
      });
    });
    const grid = h('div', { class: 'grid2' });
    for (const which of ['weak', 'strong']) {
      const canvas = h('canvas', {
        id: `phase-${which}`,
        role: 'img',
        'aria-label': `walkers in phase space (x, v) at ${which} friction`,
      });
      canvas.style.width = '100%';
      canvas.style.height = '260px';
      this.canvases.push(canvas);
      grid.append(h('figure', { class: 'plot' }, canvas));
    }
    this.button.addEventListener('click', () => {
      if (this.controller) this.controller.abort();
      else void this.run();
    });
    this.grid = grid;
    grid.hidden = true;
    this.element = h(
      'div',
      { id: 'phase-space' },
      h('h3', { text: 'Phase space (x, v): the two bottlenecks' }),
      h('p', {
        class: 'muted',
        text: 'Underdamped walkers of the library (simulate(), BAOAB) started at the bottom of the start well with thermal velocities, shown at one time t at a weak and a strong friction (γ*/20 and 20·γ*, where γ* is the turnover maximum). The black curve is the separatrix E = U(x_s): inside it a walker cannot cross. Weak friction: walkers keep their energy for many periods, so the orbits close to the separatrix are thinly populated and energy must diffuse up to it (energy diffusion). Strong friction: velocities are thermal everywhere and the walkers creep over the barrier top (spatial diffusion). Blue: still on the start side of the barrier; orange: crossed. Walkers that left the plotted window before t are removed and counted.',
      }),
      h('div', { class: 'row wrap' }, this.button, png, svg, csv, this.status),
      grid,
    );
  }

  /** One snapshot at a weak and one at a strong friction, around the turnover maximum γ*. */
  async run(gammaStar?: number): Promise<void> {
    const state = this.host.getState();
    const r = this.host.getResult();
    if (!r?.barrier) {
      this.status.textContent = 'needs a start well and a barrier';
      return;
    }
    this.runner ??= createWebWorkerRunner(2, {
      createWorker: () => new SimulationWorker() as unknown as WorkerLike,
    });
    const star = gammaStar ?? this.gammaStar ?? 1;
    const frame = frameOf(r, r.barrier, state.problem);
    const controller = new AbortController();
    this.controller = controller;
    this.button.textContent = 'Stop the walkers';
    this.snapshots = [];
    try {
      for (const gamma of [star / 20, star * 20]) {
        const { dt, t } = snapshotTimes(r, state.problem.mass, gamma);
        this.status.textContent = `simulating ${WALKERS} walkers at γ = ${fmt(gamma)} up to t = ${fmt(t)}…`;
        const problem = walkerProblem(state, r, gamma, dt, t);
        const finals = await finalStates(this.runner.runner, problem, controller.signal);
        // Stopped: only the chunks that finished reached t; a snapshot shows those walkers
        // alone, and none is made of a friction whose walkers did not run.
        const walkers = finals.reduce((n, f) => n + f.x.length, 0);
        if (walkers > 0) this.snapshots.push({ gamma, t, dt, ...inWindow(finals), walkers, frame });
        if (controller.signal.aborted) break;
      }
      this.status.textContent = stoppedNote(controller.signal.aborted, this.snapshots);
      if (this.grid) this.grid.hidden = false;
      this.draw();
    } catch (error) {
      this.status.textContent = controller.signal.aborted
        ? 'stopped'
        : error instanceof Error
          ? error.message
          : String(error);
    } finally {
      this.controller = null;
      this.button.textContent = 'Show walkers in phase space at weak and strong friction';
    }
  }

  /** Set by the turnover tab from the maximum it shows. */
  gammaStar: number | null = null;

  draw(): void {
    this.snapshots.forEach((s, k) => {
      const canvas = this.canvases[k]!;
      const dpr = devicePixelRatio || 1;
      const W = canvas.clientWidth * dpr;
      const H = canvas.clientHeight * dpr;
      if (W === 0) return;
      canvas.width = W;
      canvas.height = H;
      const ctx = canvas.getContext('2d')!;
      const f = s.frame;
      const { px, py } = layout(f, W, H, 16 * dpr);
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, W, H);
      ctx.strokeStyle = '#dee2e6';
      ctx.beginPath();
      ctx.moveTo(0, py(0));
      ctx.lineTo(W, py(0));
      ctx.stroke();
      ctx.strokeStyle = '#1d2330';
      ctx.lineWidth = 1.5 * dpr;
      for (const line of separatrix(f)) {
        ctx.beginPath();
        line.forEach(([x, v], i) => {
          if (i === 0) ctx.moveTo(px(x), py(v));
          else ctx.lineTo(px(x), py(v));
        });
        ctx.stroke();
      }
      s.x.forEach((x, i) => {
        ctx.fillStyle = crossed(f, x) ? '#d9480fcc' : '#1c7ed6aa';
        ctx.fillRect(px(x) - 1.5 * dpr, py(s.v[i]!) - 1.5 * dpr, 3 * dpr, 3 * dpr);
      });
      ctx.fillStyle = '#1d2330';
      ctx.font = `${12 * dpr}px sans-serif`;
      ctx.fillText(title(s, k), 6 * dpr, 14 * dpr);
      canvas.dataset['walkers'] = String(s.x.length);
    });
    // A stopped run may have fewer snapshots than canvases: the rest are blanked, not left with
    // an earlier run's walkers.
    for (const canvas of this.canvases.slice(this.snapshots.length)) {
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      canvas.dataset['walkers'] = '0';
    }
  }

  /** Both snapshots side by side as vectors (the same data and layout as the canvases). */
  svg(): string {
    const W = 480;
    const H = 300;
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W + 20}" height="${H}" viewBox="0 0 ${2 * W + 20} ${H}" font-family="sans-serif" font-size="12">`,
      `<rect width="${2 * W + 20}" height="${H}" fill="white"/>`,
    ];
    this.snapshots.forEach((s, k) => {
      const f = s.frame;
      const { px, py } = layout(f, W, H, 20);
      parts.push(`<g transform="translate(${k * (W + 20)} 0)">`);
      parts.push(`<rect width="${W}" height="${H}" fill="none" stroke="#dee2e6"/>`);
      parts.push(`<line x1="0" x2="${W}" y1="${py(0)}" y2="${py(0)}" stroke="#dee2e6"/>`);
      for (const line of separatrix(f)) {
        const d = line
          .map(([x, v], i) => `${i ? 'L' : 'M'}${px(x).toFixed(2)} ${py(v).toFixed(2)}`)
          .join('');
        parts.push(`<path d="${d}" fill="none" stroke="#1d2330" stroke-width="1.5"/>`);
      }
      s.x.forEach((x, i) => {
        const color = crossed(f, x) ? '#d9480f' : '#1c7ed6';
        parts.push(
          `<circle cx="${px(x).toFixed(2)}" cy="${py(s.v[i]!).toFixed(2)}" r="1.6" fill="${color}"/>`,
        );
      });
      parts.push(`<text x="6" y="14">${title(s, k)}</text>`, '</g>');
    });
    parts.push('</svg>');
    return parts.join('\n');
  }
}

function title(s: PhaseSnapshot, k: number): string {
  return `${k === 0 ? 'weak' : 'strong'} friction γ = ${fmt(s.gamma)}, t = ${fmt(s.t)}: x →, v ↑ (±${fmt(s.frame.vMax)})`;
}
