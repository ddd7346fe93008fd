import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../web/src/presets.js';
import { DEFAULT_STATE, decodeState, encodeState, type LabState } from '../../web/src/state.js';

describe('the Lab state in the URL', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('round-trips preset %s', (_, preset) => {
    const state: LabState = {
      panel: 'spectrum',
      problem: preset.problem,
      sim: { dynamics: 'underdamped', walkers: 2048, seed: 4294967295 },
      drive: DEFAULT_STATE.drive,
    };
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('round-trips the drive settings', () => {
    const drive = {
      amplitude: 0.125,
      omega: 0.0314159,
      coupling: 'x^3 - x',
      trajectories: 8,
      periods: 64,
      seed: 12,
    };
    const state: LabState = { ...DEFAULT_STATE, panel: 'drive', drive };
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('keeps six significant digits of numbers', () => {
    const state = { ...DEFAULT_STATE, problem: { ...DEFAULT_STATE.problem, D: 0.0123456789 } };
    expect(decodeState(encodeState(state)).problem.D).toBe(0.0123457);
  });

  it('falls back to defaults on malformed or hostile values, never NaN', () => {
    const s = decodeState(
      '?panel=__proto__&D=-1&gamma=abc&m=0&domain=5:1&from=-2&to=nope&walkers=1e9&seed=1.5&dyn=x&p.a=NaN',
    );
    expect(s.panel).toBe('landscape');
    expect(s.problem.D).toBe(DEFAULT_STATE.problem.D);
    expect(s.problem.gamma).toBe(1);
    expect(s.problem.mass).toBe(1);
    expect(s.problem.domain).toBeUndefined();
    expect(s.problem.from).toBe(0);
    expect(s.problem.to).toBeUndefined();
    expect(s.sim).toEqual({ dynamics: 'overdamped', walkers: 20000, seed: 1 });
    expect(s.problem.parameters).toEqual({});
    const drive = decodeState('?A=-0.1&W=0&srTraj=1e9&srPeriods=20&srSeed=-1');
    expect(drive.drive).toEqual({ ...DEFAULT_STATE.drive, trajectories: 256 });
  });

  it('reads the seed double well from an empty query', () => {
    expect(decodeState('')).toEqual(DEFAULT_STATE);
  });
});
