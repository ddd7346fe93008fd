import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../web/src/presets.js';
import {
  DEFAULT_STATE,
  decodeState,
  encodeState,
  type LabState,
  readSimSettings,
  simLinkProblems,
} from '../../web/src/state.js';

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
    // Refused (simLinkProblems says why), not clamped: the defaults run.
    expect(s.sim).toEqual(DEFAULT_STATE.sim);
    expect(s.problem.parameters).toEqual({});
    const drive = decodeState('?A=-0.1&W=0&srTraj=1e9&srPeriods=20&srSeed=-1');
    expect(drive.drive).toEqual({ ...DEFAULT_STATE.drive, trajectories: 256 });
  });

  it("says why a link's walkers, seed or dynamics were refused, as the Simulation fields do", () => {
    // Before: walkers=1000000 ran as 20000 and seed=-3 as 1 without a word, while the same
    // values typed into the fields got these messages.
    const typed = readSimSettings(
      { dynamics: 'overdamped', walkers: '1000000', seed: '-3' },
      DEFAULT_STATE.sim,
      'field',
    );
    expect(typed.problems).toEqual([
      'walkers must be a whole number from 16 to 20000; got 1000000',
      'seed must be a whole number from 0 to 4294967295; got -3',
    ]);
    expect(simLinkProblems('?walkers=1000000&seed=-3&dyn=x')).toEqual([
      'walkers must be a whole number from 16 to 20000; got 1000000 in the link',
      'seed must be a whole number from 0 to 4294967295; got -3 in the link',
      'dynamics must be overdamped or underdamped; got x in the link',
    ]);
    const empty = '(the link holds no number)';
    expect(simLinkProblems('?walkers=&seed=')).toEqual([
      `walkers must be a whole number from 16 to 20000 ${empty}`,
      `seed must be a whole number from 0 to 4294967295 ${empty}`,
    ]);
    // Values in range (a fraction of a walker rounded, as typed) and absent ones: no message.
    expect(simLinkProblems('?walkers=2000.4&seed=4294967295&dyn=underdamped')).toEqual([]);
    expect(decodeState('?walkers=2000.4').sim.walkers).toBe(2000);
    expect(simLinkProblems('')).toEqual([]);
    // The edges of the ranges are accepted; one past them is not.
    expect(simLinkProblems('?walkers=16&seed=0')).toEqual([]);
    expect(simLinkProblems('?walkers=15')).toHaveLength(1);
    expect(simLinkProblems('?walkers=20001&seed=4294967296')).toHaveLength(2);
  });

  it('reads the seed double well from an empty query', () => {
    expect(decodeState('')).toEqual(DEFAULT_STATE);
  });
});
