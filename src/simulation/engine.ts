import { KramersError } from '../core/index.js';
import type { Engine, FunctionSource } from './types.js';
import type { SimulationConfigND } from './typesND.js';
import { wasmSimdAvailable } from './wasmLanes.js';

/** The engine a run gets when none is asked for: the faster one this runtime can run. */
export function defaultEngine(): Engine {
  return wasmSimdAvailable() ? 'wasm' : 'js';
}

/** Whether a force carries a program of its own variables (x, or x and t) for the wasm engine. */
function hasProgram(force: FunctionSource): boolean {
  return force.program !== undefined && force.program.variables === force.params.length;
}

function requireSimd(): void {
  if (!wasmSimdAvailable()) {
    throw new KramersError('usage', 'engine wasm: this runtime has no WebAssembly SIMD', {
      issues: [{ path: 'engine', message: 'WebAssembly SIMD is not available' }],
      hint: "use --engine js (or engine: 'js')",
    });
  }
}

/**
 * Whether an N-D configuration has WebAssembly kernels: every first-passage chunk (overdamped
 * Euler–Maruyama or Heun, underdamped BAOAB; scalar friction or a friction matrix) whose gradient
 * and target come with programs of its n coordinates (generateVectorSource gives them). AMS and
 * sampled paths in several coordinates have JavaScript kernels only.
 */
export function portedToWasmND(config: SimulationConfigND): boolean {
  const n = config.dimension;
  return config.gradient.program?.variables === n && config.target.source.program?.variables === n;
}

/**
 * The engine of an N-D run: 'js' when asked for or not ported (`portedToWasmND`: the run then
 * reports engine 'js'), else 'wasm' where the runtime has WebAssembly SIMD — asked for explicitly
 * without it, a usage error as in one coordinate.
 */
export function simulationEngineND(config: SimulationConfigND): Engine {
  if (config.engine === 'js') return 'js';
  if (config.engine === 'wasm') requireSimd();
  return wasmSimdAvailable() && portedToWasmND(config) ? 'wasm' : 'js';
}

/**
 * The engine for a configuration (resolved, or AMS's): the one asked for, else the default. 'wasm'
 * needs the force's program (generateSource gives it) and a runtime with WebAssembly SIMD; asked
 * for explicitly without them it is a usage error, by default the JavaScript engine runs instead.
 */
export function simulationEngine(
  config: { readonly engine?: Engine | undefined },
  force: FunctionSource,
): Engine {
  if (config.engine === 'js') return 'js';
  const possible = wasmSimdAvailable() && hasProgram(force);
  if (config.engine === undefined) return possible ? 'wasm' : 'js';
  requireSimd();
  if (!hasProgram(force)) {
    throw new KramersError('invalid_parameter', 'engine wasm needs the force as a program', {
      issues: [
        {
          path: 'force.program',
          message: "missing, or not of the force's variables: build the force with generateSource",
        },
      ],
      hint: "use --engine js (or engine: 'js')",
    });
  }
  return 'wasm';
}

/**
 * The checked engine name of a command line or a settings object: 'js', 'wasm', or undefined for
 * the default (`defaultEngine`).
 */
export function parseEngine(value: unknown): Engine | undefined {
  if (value === undefined || value === 'js' || value === 'wasm') return value;
  throw new KramersError('invalid_parameter', `engine: expected js or wasm, got ${String(value)}`, {
    issues: [{ path: 'engine', message: "expected 'js' or 'wasm'" }],
    hint: 'js: generated JavaScript, one walker at a time; wasm: WebAssembly SIMD lanes',
  });
}
