/**
 * "Run walkers" on the 2-D map: a few walkers animated along their paths to first passage, then
 * the MFPT of the whole run with its 95% CI, all computed in a worker by the library
 * (`walkerPathsND`, `simulateND`); Stop aborts the run and keeps what finished.
 */
import { fmt, h } from './format.js';
import { method } from './methods.js';
import type { SurfaceMap } from './surfaceMap.js';
import type {
  Passage,
  WalkerHooks,
  WalkerRunState,
  WalkerStats,
  WalkersReply,
  WalkerTrack,
} from './surfaceProtocol.js';
import type { SurfaceProblem } from './surfaceState.js';
import WalkersWorker from './surfaceWalkers.worker.ts?worker';

/** Wall-clock time of one pass of the animation, the slowest walker arriving at its end. */
const ANIMATION_MS = 6000;
/** Walkers animated on the map. */
const ANIMATED = 5;
/** How long a Stop may take before the worker is terminated outright. */
const STOP_GRACE_MS = 3000;

interface Owner {
  /** The problem and passage the walkers would run now (null: no passage, e.g. one minimum). */
  passage(): { problem: SurfaceProblem; passage: Passage } | null;
  /** A run finished (or stopped with walkers finished): its statistics for the route table. */
  onStats(passage: Passage, stats: WalkerStats | null): void;
}

/** Index of the last sample at or before time τ (times increase). */
function lastAtOrBefore(t: readonly number[], tau: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid]! <= tau) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class SurfaceWalkers {
  readonly hooks: WalkerHooks = {
    frames: 0,
    heads: [],
    animating: false,
    stats: null,
    passage: null,
    state: 'idle',
  };
  readonly element;
  private readonly run = h('button', { type: 'button', id: 'surface-run', text: 'Run walkers' });
  private readonly stop = h('button', { type: 'button', id: 'surface-stop', text: 'Stop' });
  private readonly count = h('input', {
    id: 'surface-walkers-n',
    type: 'number',
    min: '1',
    step: '1',
  });
  private readonly seed = h('input', { id: 'surface-seed', type: 'number', min: '0', step: '1' });
  private readonly status = h('span', { id: 'surface-walkers-status', 'aria-live': 'polite' });
  private readonly result = h('p', { id: 'surface-walkers-result' });
  private worker: Worker | null = null;
  private frameRequest = 0;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  /** The run last refused as too long (pressing Run again on the same one runs it), the one asked. */
  private refused = '';
  private asked = '';

  constructor(
    private readonly map: SurfaceMap,
    private readonly owner: Owner,
    private readonly onSettings: (walkers: number, seed: number) => void,
  ) {
    this.stop.disabled = true;
    this.element = h(
      'div',
      { class: 'surface-walkers-controls', id: 'surface-walkers-controls' },
      h('label', { for: 'surface-walkers-n', text: 'walkers' }),
      this.count,
      h('label', { for: 'surface-seed', text: 'seed' }),
      this.seed,
      this.run,
      this.stop,
      this.status,
    );
    this.run.addEventListener('click', () => this.start());
    this.stop.addEventListener('click', () => this.halt());
    for (const input of [this.count, this.seed]) {
      input.addEventListener('change', () => {
        const n = Number(this.count.value);
        const s = Number(this.seed.value);
        if (Number.isInteger(n) && n >= 1 && n <= 100_000 && Number.isInteger(s) && s >= 0) {
          this.onSettings(n, s);
        }
      });
    }
  }

  /** The statistics' line, placed by the panel beside the route table. */
  get resultElement(): HTMLElement {
    return this.result;
  }

  /** Shows the walkers' count and seed of the problem (URL state). */
  sync(walkers: number, seed: number): void {
    this.count.value = String(walkers);
    this.seed.value = String(seed);
  }

  /** The problem or passage changed: a run on the old one stops and its walkers go. */
  reset(): void {
    this.terminate();
    cancelAnimationFrame(this.frameRequest);
    this.map.showWalkers(null);
    Object.assign(this.hooks, { heads: [], animating: false, stats: null, passage: null });
    this.setState('idle', '');
    this.result.replaceChildren();
  }

  private start(): void {
    const what = this.owner.passage();
    if (!what) {
      this.setState('error', 'no passage: the walkers need two minima in the box');
      return;
    }
    this.reset();
    const walkers = Number(this.count.value);
    const seed = Number(this.seed.value);
    if (!(Number.isInteger(walkers) && walkers >= 1 && Number.isInteger(seed) && seed >= 0)) {
      this.setState('error', 'walkers must be a whole number ≥ 1 and the seed ≥ 0');
      return;
    }
    this.hooks.passage = what.passage;
    const key = JSON.stringify({ ...what, walkers, seed });
    const confirmed = this.refused === key;
    this.asked = key;
    const worker = new WalkersWorker();
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<WalkersReply>) =>
      this.receive(what.passage, event.data);
    worker.onerror = (event) => this.fail(event.message || 'the walkers’ worker failed');
    worker.postMessage({
      kind: 'run',
      problem: what.problem,
      ...what.passage,
      walkers,
      seed,
      paths: ANIMATED,
      confirmed,
    });
    this.setState(
      'running',
      `walkers from m${what.passage.from} into the core of m${what.passage.to}: drawing ${ANIMATED} paths…`,
    );
  }

  /** Stop: the worker aborts between walkers and reports those finished; the animation halts. */
  private halt(): void {
    cancelAnimationFrame(this.frameRequest);
    this.hooks.animating = false;
    if (!this.worker) return;
    this.worker.postMessage({ kind: 'stop' });
    this.status.textContent = 'stopping…';
    this.killTimer = setTimeout(() => {
      this.terminate();
      this.setState('stopped', 'stopped');
    }, STOP_GRACE_MS);
  }

  private terminate(): void {
    clearTimeout(this.killTimer);
    this.worker?.terminate();
    this.worker = null;
    this.stop.disabled = true;
    this.run.disabled = false;
  }

  private receive(passage: Passage, reply: WalkersReply): void {
    switch (reply.kind) {
      case 'paths':
        this.animate(reply.tracks);
        this.status.textContent = `${reply.tracks.length} walkers drawn; running the statistics…`;
        return;
      case 'progress':
        this.status.textContent = `${reply.done} of ${reply.total} walkers finished`;
        return;
      case 'mfpt':
        this.terminate();
        this.hooks.stats = reply.stats;
        this.showStats(reply.stats);
        this.setState(reply.stats.retcode === 'interrupted' ? 'stopped' : 'done', '');
        this.owner.onStats(passage, reply.stats);
        return;
      case 'stopped':
        this.terminate();
        this.setState('stopped', 'stopped before any walker of the statistics finished');
        return;
      case 'costly':
        this.terminate();
        this.refused = this.asked;
        this.setState(
          'confirm',
          `${reply.message}. Press Run walkers again to run it anyway (Stop keeps what finished), or use fewer walkers or a larger D.`,
        );
        return;
      case 'error':
        this.fail(reply.error.message);
    }
  }

  private fail(message: string): void {
    this.terminate();
    cancelAnimationFrame(this.frameRequest);
    this.hooks.animating = false;
    this.setState('error', message);
  }

  private setState(state: WalkerRunState, text: string): void {
    this.hooks.state = state;
    this.element.dataset['state'] = state;
    const running = state === 'running';
    this.run.disabled = running;
    this.stop.disabled = !running;
    if (text !== '' || !running) this.status.textContent = text;
  }

  /** One pass: the common clock runs from 0 to the last walker's passage in ANIMATION_MS. */
  private animate(tracks: readonly WalkerTrack[]): void {
    const tLast = Math.max(...tracks.map((w) => w.tEnd), 1e-300);
    const colour = method('simulation').colour;
    const started = performance.now();
    this.hooks.animating = true;
    const frame = () => {
      const tau = tLast * Math.min(1, (performance.now() - started) / ANIMATION_MS);
      const walkers = tracks.map((w) => {
        const k = lastAtOrBefore(w.t, tau);
        return { xs: w.x.slice(0, k + 1), ys: w.y.slice(0, k + 1), done: tau >= w.tEnd };
      });
      this.map.showWalkers({ colour, walkers });
      this.hooks.frames++;
      this.hooks.heads = walkers.map((w) => [w.xs.at(-1)!, w.ys.at(-1)!]);
      if (tau < tLast && this.hooks.animating) this.frameRequest = requestAnimationFrame(frame);
      else this.hooks.animating = false;
    };
    this.frameRequest = requestAnimationFrame(frame);
  }

  private showStats(s: WalkerStats): void {
    const r = this.result;
    r.dataset['mfpt'] = String(s.mfpt);
    r.dataset['stderr'] = String(s.mfptStdErr);
    r.dataset['lo'] = String(s.mfptCI95[0]);
    r.dataset['hi'] = String(s.mfptCI95[1]);
    r.dataset['retcode'] = s.retcode;
    const label = h('strong', { text: `${method('simulation').label}: ` });
    label.style.color = method('simulation').colour;
    r.replaceChildren(
      label,
      `MFPT = ${fmt(s.mfpt)} ± ${fmt(s.mfptStdErr)} (95% CI [${fmt(s.mfptCI95[0])}, ${fmt(s.mfptCI95[1])}]) into ${s.target}; rate 1/MFPT = ${fmt(s.rate)} [${fmt(s.rateCI95[0])}, ${fmt(s.rateCI95[1])}]. ${s.walkers} walkers (${s.censored} censored at t = ${fmt(s.tMax)}), dt = ${fmt(s.dt)}, seed ${s.seed}; retcode ${s.retcode}.`,
    );
  }
}
