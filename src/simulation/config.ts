import { KramersError, requireFinite, requireNonNegative, requirePositive } from '../core/index.js';
import type { Engine, FunctionSource, Scheme, SimulationConfig } from './types.js';

/** A validated configuration with defaults filled in. */
export interface ResolvedConfig {
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly scheme: Scheme;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly dt: number;
  readonly tMax: number;
  readonly below: number | undefined;
  readonly above: number | undefined;
  readonly seed: number;
  readonly monitoring: 'bridge' | 'discrete';
  /** The start interval: equal ends for a point start. */
  readonly startMin: number;
  readonly startMax: number;
  readonly boltzmann: boolean;
  /** The engine asked for; undefined: the default (`simulationEngine`). */
  readonly engine: Engine | undefined;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A function of x, or of x and t (a time-dependent potential), from generated source; the text
 * itself was produced from a checked tree.
 */
export function checkSource(
  path: string,
  source: FunctionSource,
  allowTime = true,
): FunctionSource {
  if (
    typeof source !== 'object' ||
    source === null ||
    !Array.isArray(source.params) ||
    source.params.length < 1 ||
    source.params.length > (allowTime ? 2 : 1) ||
    source.params.some((p) => typeof p !== 'string' || !IDENTIFIER.test(p)) ||
    typeof source.body !== 'string'
  ) {
    invalid(
      path,
      allowTime
        ? 'expected generated source { params: [x] or [x, t], body } of a function of x (and t)'
        : 'expected generated source { params: [one name], body } of a function of x',
    );
  }
  return source;
}

/** Whether a source is a function of time as well (params [x, t]). */
export function dependsOnTime(source: FunctionSource): boolean {
  return source.params.length === 2;
}

/** Compiles a source; a time-dependent one is evaluated at t = `t` (default 0). */
export function compileSource(path: string, source: FunctionSource, t = 0): (x: number) => number {
  checkSource(path, source);
  const f = new Function(...source.params, source.body) as (x: number, t?: number) => number;
  return source.params.length === 2 ? (x: number) => f(x, t) : (f as (x: number) => number);
}

/** Checks a simulation's settings and fills in the defaults, in named steps. */
export function resolveConfig(config: SimulationConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) invalid('config', 'expected an object');
  const { dynamics, scheme } = integratorOf(config);
  checkSource('force', config.force);
  checkSource('potential', config.potential);
  const D = requirePositive('D', config.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', config.gamma, 'friction coefficient');
  const mass = requirePositive('mass', config.mass ?? 1, 'mass');
  const { dt, tMax } = timesOf(config);
  const { below, above } = boundariesOf(config.absorbing ?? {});
  const start = startOf(config.start, below, above);
  const monitoring = config.monitoring ?? 'bridge';
  if (monitoring !== 'bridge' && monitoring !== 'discrete') {
    invalid('monitoring', `expected 'bridge' or 'discrete', got ${String(monitoring)}`);
  }
  const engine = config.engine;
  if (engine !== undefined && engine !== 'js' && engine !== 'wasm') {
    invalid('engine', `expected 'js' or 'wasm', got ${String(engine)}`);
  }
  const seed = seedOf(config.seed);
  return {
    engine,
    dynamics,
    scheme,
    D,
    gamma,
    mass,
    dt,
    tMax,
    below,
    above,
    seed,
    monitoring,
    ...start,
  };
}

/** The dynamics and its scheme (default Heun overdamped, BAOAB underdamped), checked to match. */
function integratorOf(config: SimulationConfig): Pick<ResolvedConfig, 'dynamics' | 'scheme'> {
  const dynamics = config.dynamics;
  if (dynamics !== 'overdamped' && dynamics !== 'underdamped') {
    invalid('dynamics', `expected 'overdamped' or 'underdamped', got ${String(dynamics)}`);
  }
  const scheme: Scheme = config.scheme ?? (dynamics === 'overdamped' ? 'heun' : 'baoab');
  if (scheme !== 'euler-maruyama' && scheme !== 'heun' && scheme !== 'baoab') {
    invalid('scheme', `expected 'euler-maruyama', 'heun' or 'baoab', got ${String(scheme)}`);
  }
  if (scheme === 'heun' && dynamics !== 'overdamped') {
    invalid('scheme', "'heun' integrates overdamped dynamics; use 'baoab' for underdamped");
  }
  if (scheme === 'baoab' && dynamics !== 'underdamped') {
    invalid('scheme', "'baoab' integrates underdamped dynamics; use 'heun' for overdamped");
  }
  return { dynamics, scheme };
}

/** The time step and censoring time: dt ≤ tMax, and a step count a double counts exactly. */
function timesOf(config: SimulationConfig): { dt: number; tMax: number } {
  const dt = requirePositive('dt', config.dt, 'time step');
  const tMax = requirePositive('tMax', config.tMax, 'censoring time');
  if (!(dt <= tMax)) invalid('dt', `time step ${dt} exceeds tMax = ${tMax}`);
  if (!(tMax / dt <= 2 ** 52)) invalid('tMax', 'tMax/dt exceeds 2^52 steps');
  return { dt, tMax };
}

/** The master seed: a whole number in [0, 2^32). */
function seedOf(seed: number): number {
  requireNonNegative('seed', seed, 'uint32 master seed');
  if (!Number.isInteger(seed) || seed > 0xffffffff) {
    invalid('seed', `expected a whole number in [0, 2^32), got ${seed}`);
  }
  return seed;
}

/** The absorbing boundaries: at least one, and below < above when both are given. */
function boundariesOf(absorbing: NonNullable<SimulationConfig['absorbing']>) {
  const below =
    absorbing.below === undefined ? undefined : requireFinite('absorbing.below', absorbing.below);
  const above =
    absorbing.above === undefined ? undefined : requireFinite('absorbing.above', absorbing.above);
  if (below === undefined && above === undefined) {
    invalid('absorbing', 'give an absorbing boundary below, above or both');
  }
  if (below !== undefined && above !== undefined && !(below < above)) {
    invalid('absorbing', `below (${below}) must be less than above (${above})`);
  }
  return { below, above };
}

/** Where walkers start: a point strictly between the boundaries, or a Boltzmann interval within them. */
function startOf(
  start: SimulationConfig['start'],
  below: number | undefined,
  above: number | undefined,
): { startMin: number; startMax: number; boltzmann: boolean } {
  if (typeof start === 'object' && start !== null && 'x' in start) {
    const x = requireFinite('start.x', start.x);
    if ((below !== undefined && !(x > below)) || (above !== undefined && !(x < above))) {
      invalid('start.x', `start ${x} must lie strictly between the absorbing boundaries`);
    }
    return { startMin: x, startMax: x, boltzmann: false };
  }
  if (typeof start === 'object' && start !== null && 'boltzmann' in start) {
    const startMin = requireFinite('start.boltzmann.min', start.boltzmann.min);
    const startMax = requireFinite('start.boltzmann.max', start.boltzmann.max);
    if (!(startMin < startMax)) invalid('start.boltzmann', 'expected min < max');
    if (
      (below !== undefined && !(startMin >= below)) ||
      (above !== undefined && !(startMax <= above))
    ) {
      invalid('start.boltzmann', 'the start interval must lie between the absorbing boundaries');
    }
    return { startMin, startMax, boltzmann: true };
  }
  return invalid('start', 'expected { x } or { boltzmann: { min, max } }');
}
