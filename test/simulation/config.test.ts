// resolveConfig: every setting checked with a message naming it, the defaults filled in. The
// messages are what a user of simulate() reads; each rejection is asserted by its path.
import { describe, expect, it } from 'vitest';
import { isKramersError } from '../../src/core/index.js';
import { resolveConfig } from '../../src/simulation/config.js';
import type { SimulationConfig } from '../../src/simulation/index.js';
import { sourcesOf } from './sources.js';

const base: SimulationConfig = {
  dynamics: 'overdamped',
  ...sourcesOf('x^4/4 - x^2/2'),
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  tMax: 100,
  start: { x: -1 },
  absorbing: { above: 0 },
  seed: 7,
};

/** The path of the KramersError a config is refused with. */
function refusedAt(change: Record<string, unknown>): string {
  try {
    resolveConfig({ ...base, ...change } as SimulationConfig);
  } catch (error) {
    if (isKramersError(error) && error.code === 'invalid_parameter') {
      return error.issues?.[0]?.path ?? '?';
    }
    throw error;
  }
  return 'accepted';
}

describe('resolveConfig', () => {
  it('fills in the defaults: Heun overdamped, BAOAB underdamped, m = 1, bridge monitoring', () => {
    const r = resolveConfig(base);
    expect(r).toMatchObject({ scheme: 'heun', mass: 1, monitoring: 'bridge', engine: undefined });
    expect([r.startMin, r.startMax, r.boltzmann, r.below, r.above]).toEqual([
      -1,
      -1,
      false,
      undefined,
      0,
    ]);
    expect(resolveConfig({ ...base, dynamics: 'underdamped' }).scheme).toBe('baoab');
    const boltzmann = resolveConfig({ ...base, start: { boltzmann: { min: -2, max: 0 } } });
    expect([boltzmann.startMin, boltzmann.startMax, boltzmann.boltzmann]).toEqual([-2, 0, true]);
  });

  it('refuses each bad setting by its path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ dynamics: 'inertial' }, 'dynamics'],
      [{ scheme: 'rk4' }, 'scheme'],
      [{ scheme: 'heun', dynamics: 'underdamped' }, 'scheme'],
      [{ scheme: 'baoab' }, 'scheme'],
      [{ force: { params: ['x', 't', 'y'], body: '' } }, 'force'],
      [{ D: 0 }, 'D'],
      [{ gamma: Number.NaN }, 'gamma'],
      [{ mass: -1 }, 'mass'],
      [{ dt: 200 }, 'dt'],
      [{ tMax: 1e300 }, 'tMax'],
      [{ seed: 1.5 }, 'seed'],
      [{ seed: 2 ** 32 }, 'seed'],
      [{ absorbing: {} }, 'absorbing'],
      [{ absorbing: { below: 1, above: 0 } }, 'absorbing'],
      [{ start: { x: 0 } }, 'start.x'],
      [{ start: { boltzmann: { min: 0, max: -1 } } }, 'start.boltzmann'],
      [{ start: { boltzmann: { min: -2, max: 0.5 } } }, 'start.boltzmann'],
      [{ start: { y: 1 } }, 'start'],
      [{ monitoring: 'continuous' }, 'monitoring'],
      [{ engine: 'gpu' }, 'engine'],
    ];
    for (const [change, path] of cases) expect([change, refusedAt(change)]).toEqual([change, path]);
  });
});
