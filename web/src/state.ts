import { PRESETS } from './presets.js';
import type { LabProblem, Panel } from './protocol.js';
import { decodePull, encodePull, type PullSettings } from './pullState.js';

export interface SimSettings {
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly walkers: number;
  readonly seed: number;
}

/** The whole view: what the URL carries, so that a shared link opens the same view. */
export interface LabState {
  readonly panel: Panel;
  readonly problem: LabProblem;
  readonly sim: SimSettings;
  /** The Pulling panel's settings; absent: its defaults (DEFAULT_PULL). */
  readonly pull?: PullSettings;
}

export const PANELS: readonly Panel[] = [
  'landscape',
  'rates',
  'flux',
  'spectrum',
  'simulation',
  'pulling',
  'gallery',
];

export const DEFAULT_STATE: LabState = {
  panel: 'landscape',
  problem: PRESETS[0]!.problem,
  sim: { dynamics: 'overdamped', walkers: 512, seed: 1 },
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
  if (state.pull) encodePull(q, state.pull);
  return q.toString();
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
  const walkers = Math.round(positive(q.get('walkers'), d.sim.walkers));
  const seed = Number(q.get('seed') ?? d.sim.seed);
  const pull = decodePull(q);
  return {
    panel,
    problem,
    sim: {
      dynamics: q.get('dyn') === 'underdamped' ? 'underdamped' : 'overdamped',
      walkers: Math.min(Math.max(walkers, 16), 20000),
      seed: Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : d.sim.seed,
    },
    ...(pull ? { pull } : {}),
  };
}
