import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../web/src/presets.js';
import {
  DEFAULT_STATE,
  DEFAULT_TURNOVER,
  decodeState,
  encodeState,
  type LabState,
  linkProblems,
  readDriveRun,
  readSimSettings,
  readTurnoverWalkers,
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
    // Refused (linkProblems says why), not clamped to 256: the defaults run.
    expect(drive.drive).toEqual(DEFAULT_STATE.drive);
  });

  it("says why a link's D, γ, m, SR runs and turnover walkers were refused, as their fields do", () => {
    // Before: srTraj=1000 ran as 256, twalkers=1e6 as 50000, srSeed=-1, srPeriods=20 and D, γ,
    // m ≤ 0 took their defaults, all without a word.
    const q =
      '?D=-1&gamma=0&m=abc&A=-0.1&W=0&srTraj=1000&srPeriods=20&srSeed=-1&tg=0.01:100:17&twalkers=1000000';
    const refused = linkProblems(q);
    expect(refused.problem).toEqual([
      'noise intensity D = k_B T must be a positive number; got -1 in the link',
      'friction γ must be a positive number; got 0 in the link',
      'mass m (TST, ω, inertial walkers) must be a positive number; got abc in the link',
    ]);
    expect(refused.drive).toEqual([
      'drive amplitude A must be a positive number (> 0); got -0.1 in the link',
      'drive angular frequency Ω must be a positive number (> 0); got 0 in the link',
      'trajectories per D must be a whole number from 2 to 256; got 1000 in the link',
      'recorded periods must be 16, 32, 64 or 128; got 20 in the link',
      'seed must be a whole number from 0 to 4294967295; got -1 in the link',
    ]);
    expect(refused.turnover).toEqual([
      'walkers per friction value must be a whole number from 100 to 50000; got 1000000 in the link',
    ]);
    expect(refused.sim).toEqual([]);
    // What runs: the defaults, nothing clamped.
    const s = decodeState(q);
    expect([s.problem.D, s.problem.gamma, s.problem.mass]).toEqual([0.05, 1, 1]);
    expect(s.drive).toEqual(DEFAULT_STATE.drive);
    expect(s.turnover!.walkers).toBe(DEFAULT_TURNOVER.walkers);
    // The same values typed get the same words, without "in the link".
    const typed = readDriveRun(
      { trajectories: '1000', periods: '32', seed: '-1' },
      DEFAULT_STATE.drive,
      'field',
    );
    expect(typed.problems).toEqual([
      'trajectories per D must be a whole number from 2 to 256; got 1000',
      'seed must be a whole number from 0 to 4294967295; got -1',
    ]);
    expect(typed.run).toEqual({ trajectories: 16, periods: 32, seed: 1 });
    expect(readTurnoverWalkers('1000000', DEFAULT_TURNOVER, 'field').problems).toEqual([
      'walkers per friction value must be a whole number from 100 to 50000; got 1000000',
    ]);
    // Values in range, at the edges, and absent ones: no message, and they run.
    const fine = '?D=0.1&gamma=2&m=0.5&srTraj=256&srPeriods=128&srSeed=4294967295&twalkers=100';
    expect(Object.values(linkProblems(fine)).flat()).toEqual([]);
    expect(decodeState(fine).drive.trajectories).toBe(256);
    expect(decodeState(`${fine}&tg=1:2:3`).turnover!.walkers).toBe(100);
    expect(Object.values(linkProblems('')).flat()).toEqual([]);
    expect(linkProblems('?srTraj=1&twalkers=99').drive).toHaveLength(1);
    expect(linkProblems('?srTraj=1&twalkers=99').turnover).toHaveLength(1);
    expect(linkProblems('?D=').problem).toEqual([
      'noise intensity D = k_B T must be a positive number (the link holds no number)',
    ]);
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
