/**
 * Settings of the Pulling panel and how the URL carries them (keys `pull.*`, written only once
 * the panel has settings of its own, so that links to the other panels stay as they were).
 */
export type PullModel = 'cusp' | 'linear-cubic' | 'bell' | 'expression';

export interface PullSettings {
  /** A model bond of Dudko, Hummer & Szabo (2006), Bell's, or the sidebar's expression U(x). */
  readonly model: PullModel;
  /** ΔG‡, x‡, k0 and k_BT of a model (the expression takes its own from its landscape). */
  readonly deltaG: number;
  readonly xb: number;
  readonly k0: number;
  readonly D: number;
  /** The chosen loading rate r = dF/dt. */
  readonly loadingRate: number;
  readonly walkers: number;
  readonly seed: number;
}

export const PULL_MODELS: readonly PullModel[] = ['linear-cubic', 'cusp', 'bell', 'expression'];

export const DEFAULT_PULL: PullSettings = {
  model: 'linear-cubic',
  deltaG: 8,
  xb: 1,
  k0: 1,
  D: 1,
  loadingRate: 100,
  walkers: 400,
  seed: 1,
};

function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export function encodePull(q: URLSearchParams, s: PullSettings): void {
  q.set('pull.model', s.model);
  q.set('pull.dG', num(s.deltaG));
  q.set('pull.xb', num(s.xb));
  q.set('pull.k0', num(s.k0));
  q.set('pull.D', num(s.D));
  q.set('pull.r', num(s.loadingRate));
  q.set('pull.walkers', String(s.walkers));
  q.set('pull.seed', String(s.seed));
}

function positive(text: string | null, fallback: number): number {
  const v = text === null ? Number.NaN : Number(text);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** The panel's settings from a query, or undefined when it carries none; bad values take defaults. */
export function decodePull(q: URLSearchParams): PullSettings | undefined {
  if (![...q.keys()].some((k) => k.startsWith('pull.'))) return undefined;
  const d = DEFAULT_PULL;
  const model = q.get('pull.model') ?? '';
  const walkers = Math.round(positive(q.get('pull.walkers'), d.walkers));
  const seed = Number(q.get('pull.seed') ?? d.seed);
  return {
    model: (PULL_MODELS as readonly string[]).includes(model) ? (model as PullModel) : d.model,
    deltaG: positive(q.get('pull.dG'), d.deltaG),
    xb: positive(q.get('pull.xb'), d.xb),
    k0: positive(q.get('pull.k0'), d.k0),
    D: positive(q.get('pull.D'), d.D),
    loadingRate: positive(q.get('pull.r'), d.loadingRate),
    walkers: Math.min(Math.max(walkers, 16), 20000),
    seed: Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : d.seed,
  };
}
