import { KramersError } from '../core/index.js';
import type { ResolvedConfig } from './config.js';
import type { Engine, FunctionSource } from './types.js';
import { wasmSimdAvailable } from './wasmLanes.js';

/**
 * Measured cost of one walker-step per engine and scheme on this project's machines (overdamped
 * double well, one core; bench/simulation.mjs, figures in bench/README.md). For estimates of a
 * command's run time (issue 14): multiply by walkers × expected steps; potentials with
 * transcendental functions cost more (each call is a host Math call per lane on 'wasm').
 */
export const NS_PER_WALKER_STEP: Readonly<Record<Engine, Readonly<Record<string, number>>>> = {
  js: { 'euler-maruyama': 7.6, heun: 14.0, baoab: 9.0 },
  wasm: { 'euler-maruyama': 2.7, heun: 3.6, baoab: 3.3 },
};

/** The engine a run gets when none is asked for: the faster one this runtime can run. */
export function defaultEngine(): Engine {
  return wasmSimdAvailable() ? 'wasm' : 'js';
}

/**
 * The engine for a resolved configuration: the one asked for, else the default. 'wasm' needs the
 * force's program (generateSource gives it) and a runtime with WebAssembly SIMD; asked for
 * explicitly without them it is a usage error, by default the JavaScript engine runs instead.
 */
export function simulationEngine(config: ResolvedConfig, force: FunctionSource): Engine {
  if (config.engine === 'js') return 'js';
  const possible = wasmSimdAvailable() && force.program !== undefined;
  if (config.engine === undefined) return possible ? 'wasm' : 'js';
  if (!wasmSimdAvailable()) {
    throw new KramersError('usage', 'engine wasm: this runtime has no WebAssembly SIMD', {
      issues: [{ path: 'engine', message: 'WebAssembly SIMD is not available' }],
      hint: "use --engine js (or engine: 'js')",
    });
  }
  if (force.program === undefined) {
    throw new KramersError('invalid_parameter', 'engine wasm needs the force as a program', {
      issues: [{ path: 'force.program', message: 'missing: build the force with generateSource' }],
    });
  }
  return 'wasm';
}
