import { type DriftLabProblem, decodeDrift, encodeDrift } from './driftState.js';
import { PRESETS } from './presets.js';
import type { LabProblem, Panel } from './protocol.js';
import { decodePull, encodePull, type PullSettings } from './pullState.js';
import { decodeSurface, encodeSurface, type SurfaceProblem } from './surfaceState.js';

export interface SimSettings {
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly walkers: number;
  readonly seed: number;
}

/** The periodic drive of the Drive panel: U(x, t) = U₀(x) − A φ(x) cos Ωt, and its SR runs. */
export interface DriveSettings {
  readonly amplitude: number;
  readonly omega: number;
  /** φ(x) as an expression (default x: a rocking force A cos Ωt). */
  readonly coupling: string;
  /** Simulated SR runs: trajectories per noise level, recorded periods (power of two), seed. */
  readonly trajectories: number;
  readonly periods: number;
  readonly seed: number;
}

/** The whole view: what the URL carries, so that a shared link opens the same view. */
export interface LabState {
  readonly panel: Panel;
  readonly problem: LabProblem;
  readonly sim: SimSettings;
  readonly drive: DriveSettings;
  /** Turnover tab: the friction sweep and whether the exact curve is on (absent: defaults). */
  readonly turnover?: TurnoverSettings;
  /** Physical-presets gallery: the open preset and the sliders moved from their defaults. */
  readonly physical?: PhysicalPresetState;
  /** The Pulling panel's settings; absent: its defaults (DEFAULT_PULL). */
  readonly pull?: PullSettings;
  /** The 2-D tab's problem; absent: its default (Müller–Brown). */
  readonly surface?: SurfaceProblem;
  /** The Drift tab's problem; absent: its default (Maier–Stein at β = 10). */
  readonly drift?: DriftLabProblem;
}

export const PANELS: readonly Panel[] = [
  'landscape',
  'rates',
  'flux',
  'spectrum',
  'simulation',
  'drive',
  'turnover',
  'pulling',
  'surface',
  'drift',
  'gallery',
];

/** Record lengths the SR simulation accepts (powers of two ≥ 16), kept small for a page. */
export const DRIVE_PERIODS = [16, 32, 64, 128] as const;

export const DEFAULT_STATE: LabState = {
  panel: 'landscape',
  problem: PRESETS[0]!.problem,
  sim: { dynamics: 'overdamped', walkers: 512, seed: 1 },
  // A weak (A ≪ A_c = 0.385 for the seed well), slow drive: the regime where the theories hold.
  drive: { amplitude: 0.05, omega: 0.1, coupling: 'x', trajectories: 16, periods: 32, seed: 1 },
};

/** Short, readable numbers in the URL (6 significant digits). */
function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export function encodeState(state: LabState): string {
  const q = new URLSearchParams();
  const p = state.problem;
  q.set('panel', state.panel);
  q.set('U', p.potential);
  for (const [name, value] of Object.entries(p.parameters)) q.set(`p.${name}`, num(value));
  q.set('D', num(p.D));
  q.set('gamma', num(p.gamma));
  q.set('m', num(p.mass));
  if (p.domain) q.set('domain', `${num(p.domain.min)}:${num(p.domain.max)}`);
  q.set('from', String(p.from));
  if (p.to !== undefined) q.set('to', String(p.to));
  q.set('dyn', state.sim.dynamics);
  q.set('walkers', String(state.sim.walkers));
  q.set('seed', String(state.sim.seed));
  const d = state.drive;
  q.set('A', num(d.amplitude));
  q.set('W', num(d.omega));
  q.set('phi', d.coupling);
  q.set('srTraj', String(d.trajectories));
  q.set('srPeriods', String(d.periods));
  q.set('srSeed', String(d.seed));
  encodePanelsState(state, q);
  if (state.pull) encodePull(q, state.pull);
  if (state.surface) encodeSurface(q, state.surface);
  if (state.drift) encodeDrift(q, state.drift);
  return q.toString();
}

/**
 * The Simulation tab's walkers, seed and dynamics as text (a field's, or the link's; null: the
 * link has none) checked against the ranges the tab runs: what runs, and why a value was refused.
 * A refused value leaves `fallback`'s (the value in use, or the default on load), and the same
 * message whether it was typed or came in a link (it was clamped there without a word: 1000000
 * walkers ran as 20000, a seed of −3 as 1).
 */
export function readSimSettings(
  text: {
    readonly dynamics: string | null;
    readonly walkers: string | null;
    readonly seed: string | null;
  },
  fallback: SimSettings,
  source: 'field' | 'link',
): { sim: SimSettings; problems: string[] } {
  const got = (v: string) =>
    v.trim() === ''
      ? ` (the ${source} holds no number)`
      : `; got ${v}${source === 'link' ? ' in the link' : ''}`;
  const problems: string[] = [];
  const w = Math.round(Number(text.walkers));
  const walkersOk = text.walkers !== null && text.walkers.trim() !== '' && w >= 16 && w <= 20000;
  if (text.walkers !== null && !walkersOk) {
    problems.push(`walkers must be a whole number from 16 to 20000${got(text.walkers)}`);
  }
  const s = Number(text.seed);
  const seedOk =
    text.seed !== null &&
    text.seed.trim() !== '' &&
    Number.isInteger(s) &&
    s >= 0 &&
    s <= 0xffffffff;
  if (text.seed !== null && !seedOk) {
    problems.push(`seed must be a whole number from 0 to 4294967295${got(text.seed)}`);
  }
  const dynamicsOk = text.dynamics === 'overdamped' || text.dynamics === 'underdamped';
  if (text.dynamics !== null && !dynamicsOk) {
    problems.push(
      `dynamics must be overdamped or underdamped; got ${text.dynamics} in the ${source}`,
    );
  }
  const sim: SimSettings = {
    dynamics: dynamicsOk ? (text.dynamics as SimSettings['dynamics']) : fallback.dynamics,
    walkers: walkersOk ? w : fallback.walkers,
    seed: seedOk ? s : fallback.seed,
  };
  return { sim, problems };
}

/** The Simulation settings of a link (a query string) that were refused, and why. */
export function simLinkProblems(search: string): string[] {
  return simFromLink(new URLSearchParams(search)).problems;
}

function simFromLink(q: URLSearchParams) {
  const text = { dynamics: q.get('dyn'), walkers: q.get('walkers'), seed: q.get('seed') };
  return readSimSettings(text, DEFAULT_STATE.sim, 'link');
}

function positive(text: string | null, fallback: number): number {
  const v = text === null ? Number.NaN : Number(text);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Reads a state from a query string; anything missing or malformed takes its default. */
export function decodeState(search: string): LabState {
  const q = new URLSearchParams(search);
  const d = DEFAULT_STATE;
  const panel = (PANELS as readonly string[]).includes(q.get('panel') ?? '')
    ? (q.get('panel') as Panel)
    : d.panel;
  const parameters: Record<string, number> = {};
  for (const [key, value] of q) {
    if (key.startsWith('p.') && Number.isFinite(Number(value))) {
      parameters[key.slice(2)] = Number(value);
    }
  }
  const potential = q.get('U') ?? d.problem.potential;
  let domain: LabProblem['domain'];
  const dom = q.get('domain')?.split(':').map(Number);
  if (dom && dom.length === 2 && dom.every(Number.isFinite) && dom[0]! < dom[1]!) {
    domain = { min: dom[0]!, max: dom[1]! };
  }
  const toText = q.get('to');
  let to: LabProblem['to'];
  if (toText === '-inf' || toText === '+inf') to = toText;
  else if (toText !== null && /^\d+$/.test(toText)) to = Number(toText);
  const from = Number(q.get('from') ?? 0);
  const problem: LabProblem = {
    potential,
    parameters: q.has('U') ? parameters : d.problem.parameters,
    D: positive(q.get('D'), d.problem.D),
    gamma: positive(q.get('gamma'), d.problem.gamma),
    mass: positive(q.get('m'), d.problem.mass),
    from: Number.isInteger(from) && from >= 0 ? from : 0,
    ...(domain ? { domain } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  const dd = d.drive;
  const srTraj = Math.round(positive(q.get('srTraj'), dd.trajectories));
  const srPeriods = Number(q.get('srPeriods'));
  const srSeed = Number(q.get('srSeed') ?? dd.seed);
  const phi = q.get('phi');
  const pull = decodePull(q);
  const surface = decodeSurface(q);
  const drift = decodeDrift(q);
  return {
    panel,
    problem,
    ...decodePanelsState(q),
    sim: simFromLink(q).sim,
    drive: {
      amplitude: positive(q.get('A'), dd.amplitude),
      omega: positive(q.get('W'), dd.omega),
      // Checked by the parser before use (never evaluated as text); length-capped here.
      coupling: phi && phi.length <= 200 ? phi : dd.coupling,
      trajectories: Math.min(Math.max(srTraj, 2), 256),
      periods: (DRIVE_PERIODS as readonly number[]).includes(srPeriods) ? srPeriods : dd.periods,
      seed: Number.isInteger(srSeed) && srSeed >= 0 && srSeed <= 0xffffffff ? srSeed : dd.seed,
    },
    ...(pull ? { pull } : {}),
    ...(surface ? { surface } : {}),
    ...(drift ? { drift } : {}),
  };
}

// ---------------------------------------------------------------- Turnover and physical presets

export interface TurnoverSettings {
  readonly gammaMin: number;
  readonly gammaMax: number;
  readonly points: number;
  /** Compute the exact Klein–Kramers curve (seconds) whenever the problem changes. */
  readonly exact: boolean;
  /** Walkers per simulated friction value (the simulation runs on request only). */
  readonly walkers: number;
}

export const DEFAULT_TURNOVER: TurnoverSettings = {
  gammaMin: 0.01,
  gammaMax: 100,
  // 17 points over four decades: the page draws the exact curve in ~5 s at ΔU/D = 5 from opening
  // (one worker; 25 points ~10 s; `node bench/labTurnover.mjs`, bench/README.md).
  points: 17,
  exact: false,
  walkers: 2000,
};

export interface PhysicalPresetState {
  /** A name from presetCatalog() (checked by the gallery, which falls back to none). */
  readonly name: string;
  /** Slider values in each parameter's display unit, only those moved from the default. */
  readonly settings: Readonly<Record<string, number>>;
}

function encodePanelsState(state: LabState, q: URLSearchParams): void {
  const t = state.turnover;
  if (t) {
    q.set('tg', `${num(t.gammaMin)}:${num(t.gammaMax)}:${t.points}`);
    if (t.exact) q.set('texact', '1');
    q.set('twalkers', String(t.walkers));
  }
  const g = state.physical;
  if (g) {
    q.set('gp', g.name);
    for (const [name, value] of Object.entries(g.settings)) q.set(`g.${name}`, num(value));
  }
}

function decodePanelsState(q: URLSearchParams): Pick<LabState, 'turnover' | 'physical'> {
  const out: { turnover?: TurnoverSettings; physical?: PhysicalPresetState } = {};
  if (q.has('tg') || q.has('texact') || q.has('twalkers')) {
    const d = DEFAULT_TURNOVER;
    const [a, b, n] = (q.get('tg') ?? '').split(':').map(Number);
    const range =
      a !== undefined && b !== undefined && a > 0 && b >= a && Number.isFinite(b)
        ? { gammaMin: a, gammaMax: b }
        : { gammaMin: d.gammaMin, gammaMax: d.gammaMax };
    const points = n !== undefined && Number.isInteger(n) && n >= 2 && n <= 200 ? n : d.points;
    const walkers = Math.round(positive(q.get('twalkers'), d.walkers));
    out.turnover = {
      ...range,
      points,
      exact: q.get('texact') === '1',
      walkers: Math.min(Math.max(walkers, 100), 50000),
    };
  }
  const name = q.get('gp');
  if (name !== null && /^[a-z][a-z0-9-]{0,40}$/.test(name)) {
    const settings: Record<string, number> = {};
    for (const [key, value] of q) {
      const param = key.slice(2);
      if (
        key.startsWith('g.') &&
        /^[A-Za-z][A-Za-z0-9_]{0,20}$/.test(param) &&
        value.trim() !== '' &&
        Number.isFinite(Number(value))
      ) {
        settings[param] = Number(value);
      }
    }
    out.physical = { name, settings };
  }
  return out;
}
