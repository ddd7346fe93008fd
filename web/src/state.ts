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

/** Where a value came from: typed into a field, or carried by the page's link. */
export type Source = 'field' | 'link';

/** How a refused value is quoted after its rule: what was given, and where. */
function gotText(v: string, source: Source): string {
  return v.trim() === ''
    ? ` (the ${source} holds no number)`
    : `; got ${v}${source === 'link' ? ' in the link' : ''}`;
}

/** A whole number (a fraction rounded, as a number field does) in [lo, hi], or null. */
function wholeIn(text: string, lo: number, hi: number): number | null {
  const v = Math.round(Number(text));
  return text.trim() !== '' && v >= lo && v <= hi ? v : null;
}

/** A seed: an integer in [0, 2³² − 1] as written (no rounding), or null. */
function seedOf(text: string): number | null {
  const s = Number(text);
  return text.trim() !== '' && Number.isInteger(s) && s >= 0 && s <= 0xffffffff ? s : null;
}

/** A value checked against its rule: `read` gives it, or null and the rule's words. */
interface Rule<T> {
  readonly read: (text: string) => T | null;
  readonly rule: string;
}

/**
 * Each field of `text` read by its rule: absent ones (null) keep `fallback`'s, refused ones too,
 * with a message in the words a typed value gets ("… in the link" for a link's).
 */
function readFields<T extends object>(
  text: { readonly [K in keyof T]: string | null },
  rules: { readonly [K in keyof T]: Rule<T[K]> },
  fallback: T,
  source: Source,
): { value: T; problems: string[] } {
  const value = { ...fallback };
  const problems: string[] = [];
  for (const key of Object.keys(rules) as (keyof T)[]) {
    const given = text[key];
    if (given === null) continue;
    const read = rules[key].read(given);
    if (read === null) problems.push(`${rules[key].rule}${gotText(given, source)}`);
    else value[key] = read;
  }
  return { value, problems };
}

const positiveNumber = (text: string): number | null => {
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) && v > 0 ? v : null;
};

/** The sidebar's noise, friction and mass fields, by their labels (sidebar.ts shows them). */
export const SCALE_LABELS = {
  D: 'noise intensity D = k_B T',
  gamma: 'friction γ',
  mass: 'mass m (TST, ω, inertial walkers)',
} as const;

type Scales = Pick<LabProblem, 'D' | 'gamma' | 'mass'>;

const SCALE_RULES: { readonly [K in keyof Scales]: Rule<number> } = {
  D: { read: positiveNumber, rule: `${SCALE_LABELS.D} must be a positive number` },
  gamma: { read: positiveNumber, rule: `${SCALE_LABELS.gamma} must be a positive number` },
  mass: { read: positiveNumber, rule: `${SCALE_LABELS.mass} must be a positive number` },
};

/** The Drive tab's run settings (and its A, Ω), each with the words its field gives. */
type DriveRun = Pick<DriveSettings, 'amplitude' | 'omega' | 'trajectories' | 'periods' | 'seed'>;

const DRIVE_RULES: { readonly [K in keyof DriveRun]: Rule<number> } = {
  amplitude: { read: positiveNumber, rule: 'drive amplitude A must be a positive number (> 0)' },
  omega: {
    read: positiveNumber,
    rule: 'drive angular frequency Ω must be a positive number (> 0)',
  },
  trajectories: {
    read: (t) => wholeIn(t, 2, 256),
    rule: 'trajectories per D must be a whole number from 2 to 256',
  },
  periods: {
    read: (t) => {
      const v = Number(t);
      return (DRIVE_PERIODS as readonly number[]).includes(v) && t.trim() !== '' ? v : null;
    },
    rule: `recorded periods must be ${DRIVE_PERIODS.slice(0, -1).join(', ')} or ${DRIVE_PERIODS.at(-1)}`,
  },
  seed: { read: seedOf, rule: 'seed must be a whole number from 0 to 4294967295' },
};

/**
 * The Drive tab's trajectories, recorded periods and seed as text (a field's or the link's):
 * what runs, and why a value was refused (it was clamped without a word: 1000 trajectories ran
 * as 256, a seed of −1 as 1).
 */
export function readDriveRun(
  text: {
    readonly trajectories: string | null;
    readonly periods: string | null;
    readonly seed: string | null;
  },
  fallback: DriveSettings,
  source: Source,
): { run: Pick<DriveSettings, 'trajectories' | 'periods' | 'seed'>; problems: string[] } {
  const { trajectories, periods, seed } = DRIVE_RULES;
  const { value, problems } = readFields(
    text,
    { trajectories, periods, seed },
    { trajectories: fallback.trajectories, periods: fallback.periods, seed: fallback.seed },
    source,
  );
  return { run: value, problems };
}

/** The Turnover tab's walkers per friction value, with the words its field gives. */
const TURNOVER_WALKERS: Rule<number> = {
  read: (t) => wholeIn(t, 100, 50000),
  rule: 'walkers per friction value must be a whole number from 100 to 50000',
};

/** The Turnover tab's walkers as text (its field's or the link's): what runs, and why not. */
export function readTurnoverWalkers(
  text: string | null,
  fallback: Pick<TurnoverSettings, 'walkers'>,
  source: Source,
): { value: number; problems: string[] } {
  const { value, problems } = readFields(
    { walkers: text },
    { walkers: TURNOVER_WALKERS },
    { walkers: fallback.walkers },
    source,
  );
  return { value: value.walkers, problems };
}

/** What a link carried that was refused (the defaults run instead), per tab that shows it. */
export interface LinkProblems {
  /** D, γ, m (the sidebar). */
  readonly problem: readonly string[];
  readonly sim: readonly string[];
  readonly drive: readonly string[];
  readonly turnover: readonly string[];
}

/** Every refused value of a link (a query string), with the words typing it gets. */
export function linkProblems(search: string): LinkProblems {
  const q = new URLSearchParams(search);
  return {
    problem: scalesFromLink(q).problems,
    sim: simFromLink(q).problems,
    drive: driveFromLink(q).problems,
    turnover: turnoverWalkersFromLink(q).problems,
  };
}

function scalesFromLink(q: URLSearchParams) {
  const p = DEFAULT_STATE.problem;
  const text = { D: q.get('D'), gamma: q.get('gamma'), mass: q.get('m') };
  return readFields<Scales>(text, SCALE_RULES, { D: p.D, gamma: p.gamma, mass: p.mass }, 'link');
}

function driveFromLink(q: URLSearchParams) {
  const d = DEFAULT_STATE.drive;
  const text = {
    amplitude: q.get('A'),
    omega: q.get('W'),
    trajectories: q.get('srTraj'),
    periods: q.get('srPeriods'),
    seed: q.get('srSeed'),
  };
  const fallback = {
    amplitude: d.amplitude,
    omega: d.omega,
    trajectories: d.trajectories,
    periods: d.periods,
    seed: d.seed,
  };
  return readFields<DriveRun>(text, DRIVE_RULES, fallback, 'link');
}

function turnoverWalkersFromLink(q: URLSearchParams) {
  return readTurnoverWalkers(q.get('twalkers'), DEFAULT_TURNOVER, 'link');
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
  source: Source,
): { sim: SimSettings; problems: string[] } {
  const got = (v: string) => gotText(v, source);
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
    // Refused values (linkProblems says why) take the defaults.
    ...scalesFromLink(q).value,
    from: Number.isInteger(from) && from >= 0 ? from : 0,
    ...(domain ? { domain } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  const dd = d.drive;
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
      ...driveFromLink(q).value,
      // Checked by the parser before use (never evaluated as text); length-capped here.
      coupling: phi && phi.length <= 200 ? phi : dd.coupling,
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
    out.turnover = {
      ...range,
      points,
      exact: q.get('texact') === '1',
      // Refused (linkProblems says why), not clamped: the default runs.
      walkers: turnoverWalkersFromLink(q).value,
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
