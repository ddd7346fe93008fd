import { describe, expect, it } from 'vitest';
import {
  inProcessRunner,
  isKramersError,
  type JobTypes,
  type Runner,
  simulateND,
  walkerPathsND,
} from '../../src/index.js';

// The seed's double well in x times a harmonic y mode, D = 0.25 (ΔU/D = 1): walkers cross in
// ~10⁴ steps, so a test of a few dozen walkers takes well under a second.
const problem = {
  potential: 'x^4/4 - x^2/2 + 3*y^2/2',
  coordinates: ['x', 'y'],
  domain: [
    { min: -2.5, max: 2.5 },
    { min: -2, max: 2 },
  ],
  D: 0.25,
  fromX: [-1, 0],
  toRegion: 'x >= 1',
  seed: 11,
  dt: 2e-3,
};

/** A runner that keeps the chunks simulateND's own run returns (walker order). */
function capturing(): { runner: Runner; times: () => number[]; censored: () => number[] } {
  let results: JobTypes['chunkND']['result'][] = [];
  const runner: Runner = async (jobs, options) => {
    const out = await inProcessRunner(jobs, options);
    results = out as JobTypes['chunkND']['result'][];
    return out;
  };
  return {
    runner,
    times: () => results.flatMap((r) => Array.from(r.times)),
    censored: () => results.flatMap((r) => Array.from(r.censored)),
  };
}

describe('walkerPathsND: the paths of the walkers simulateND runs', () => {
  it('each path ends at its walker’s first-passage time from simulateND with the same seed', async () => {
    const walkers = 24;
    const run = capturing();
    const report = await simulateND({ ...problem, walkers }, { runner: run.runner });
    const paths = await walkerPathsND({ ...problem, walkers, paths: walkers, maxPoints: 64 });
    expect(paths.retcode).toBe('success');
    expect(paths.paths).toHaveLength(walkers);
    const times = run.times();
    expect(run.censored().every((c) => c === 0)).toBe(true);
    paths.paths.forEach((p, i) => {
      expect(p.walker).toBe(i);
      expect(p.end).toBe('absorbed');
      // The same stream, the same kernel, the same step count: equal to the last bit.
      expect(p.tEnd).toBe(times[i]);
      expect(p.t.at(-1)).toBe(times[i]);
      expect(p.x[0]).toEqual([-1, 0]);
      expect(p.t.length).toBeLessThanOrEqual(64);
      // Times increase on the step grid, positions stay in the box.
      for (let k = 1; k < p.t.length; k++) expect(p.t[k]!).toBeGreaterThan(p.t[k - 1]!);
      for (const x of p.x) {
        expect(Math.abs(x[0]!)).toBeLessThanOrEqual(2.5);
        expect(Math.abs(x[1]!)).toBeLessThanOrEqual(2);
      }
      // The end point lies in {x ≥ 1}, tested here directly; or, when the Brownian-bridge
      // correction absorbed the walker between two steps, within a few step lengths
      // √(2D dt) = 0.032 of it (5 of them: a Gaussian step that long has probability 6e-7).
      const last = p.x.at(-1)!;
      expect(p.endInTarget).toBe(last[0]! >= 1);
      if (!p.endInTarget) expect(1 - last[0]!).toBeLessThan(5 * Math.sqrt(2 * 0.25 * 2e-3));
      // Before the end, no recorded point lies in the target: absorption is the first passage.
      for (const x of p.x.slice(0, -1)) expect(x[0]!).toBeLessThan(1);
    });
    // Both ends occur (about half each here: near the surface the bridge catches many crossings
    // between samples), so neither branch above is vacuous.
    const inside = paths.paths.filter((p) => p.endInTarget).length;
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(walkers);
    // And the MFPT simulateND reports is the mean of those ends (no walker censored).
    const mean = paths.paths.reduce((s, p) => s + p.tEnd, 0) / walkers;
    expect(Math.abs(report.mfpt! - mean) / mean).toBeLessThan(1e-12);
  });

  it('underdamped BAOAB walkers (no bridge): the end point lies in the target', async () => {
    const under = { ...problem, dynamics: 'underdamped' as const, mass: 1, dt: 5e-3 };
    const run = capturing();
    await simulateND({ ...under, walkers: 8 }, { runner: run.runner });
    const paths = await walkerPathsND({ ...under, paths: 8, every: 7 });
    const times = run.times();
    paths.paths.forEach((p, i) => {
      expect(p.tEnd).toBe(times[i]);
      expect(p.endInTarget).toBe(true);
      expect(p.x.at(-1)![0]!).toBeGreaterThanOrEqual(1);
      // Recorded every 7 steps: the times before the end are multiples of 7·dt.
      for (const t of p.t.slice(1, -1))
        expect(Math.abs(t / (7 * 5e-3) - Math.round(t / 0.035))).toBeLessThan(1e-9);
    });
  });

  it('thins a long path to maxPoints and keeps its end; a censored path ends at tMax', async () => {
    const full = await walkerPathsND({ ...problem, paths: 2 });
    const thin = await walkerPathsND({ ...problem, paths: 2, maxPoints: 16 });
    thin.paths.forEach((p, i) => {
      expect(p.t.length).toBeLessThanOrEqual(16);
      expect(p.tEnd).toBe(full.paths[i]!.tEnd);
      expect(p.x.at(-1)).toEqual(full.paths[i]!.x.at(-1));
    });
    const censored = await walkerPathsND({ ...problem, paths: 3, tMax: 0.05 });
    expect(censored.retcode).toBe('censored');
    for (const p of censored.paths) {
      expect(p.end).toBe('censored');
      expect(p.tEnd).toBe(0.05);
    }
    expect(censored.warnings.some((w) => w.includes('censored'))).toBe(true);
  });

  it('refuses bad counts with a KramersError naming the setting', async () => {
    for (const [key, value] of [
      ['paths', 0],
      ['paths', 101],
      ['every', 0.5],
      ['maxPoints', 4],
    ] as const) {
      const error = await walkerPathsND({ ...problem, [key]: value }).catch((e: unknown) => e);
      expect(isKramersError(error), `${key} = ${value}`).toBe(true);
      expect((error as { issues: { path: string }[] }).issues[0]!.path).toBe(key);
    }
  });
});
