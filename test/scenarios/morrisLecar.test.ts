/**
 * The noisy Morris–Lecar neuron (Morris & Lecar 1981; type I parameters of Rinzel & Ermentrout
 * 1989), a preset driven by a drift: its rest state and exact mean firing time against
 * test/fixtures/morris_lecar_mfpt.py (Newton on the nullclines; central differences on the
 * backward equation, scipy), its walkers against the same fixture, and its bad input.
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import { analyzeDrift, runPreset, simulateDrift } from '../../src/index.js';
import { runCli } from '../cli/run.js';
import { readFixture } from '../support/fixtures.js';
import { findResult, presetRefusal, resultOf } from './result.js';

interface Case {
  readonly I: number;
  readonly D: number;
  readonly start: readonly [number, number];
  readonly mfpt: number;
  readonly mfptError: number;
}
const fixture = readFixture<{ region: string; cases: Case[] }>('morris_lecar_mfpt.json');
const [atDefault, atNoisier] = fixture.cases as [Case, Case];
const report = runPreset('morris-lecar');
const drift = report.problem.drift!;
const MS = 1e-3;

describe('Morris–Lecar neuron below its onset (type I)', () => {
  it('rest is a stable node and the threshold a saddle, at the fixture’s nullcline intersection', () => {
    const a = analyzeDrift({
      drift: drift.drift,
      coordinates: drift.coordinates,
      parameters: report.problem.parameters,
      D: report.problem.D,
      domain: drift.domain,
    });
    const kinds = a.fixedPoints.map((p) => p.kind);
    expect(kinds).toEqual(['stable node', 'saddle']);
    const rest = a.fixedPoints[0]!.x;
    // Newton on the field against brentq on the I–V curve: both to ~1e-12 of the root.
    expect(
      Math.abs(rest[0]! - atDefault.start[0]) + Math.abs(rest[1]! - atDefault.start[1]),
    ).toBeLessThan(1e-9);
    expect(a.gradient).toBe(false);
    expect(
      Math.abs(resultOf(report, 'quasiPotential') - a.escapes[0]!.quasiPotential),
    ).toBeLessThan(1e-12);
  });

  it('its exact column is the library’s 2-D solve, against the scipy fixture within both errors', () => {
    expect(drift.toRegion).toBe(fixture.region);
    // Exponentially fitted edge rates here, central differences there, each with its Richardson
    // error: the two must agree within the sum.
    const seconds = resultOf(report, 'firingTimeExact');
    const rel = Number(
      /± ([\d.e+-]+) relative/.exec(findResult(report, 'firingTimeExact').method!)![1],
    );
    expect(findResult(report, 'firingTimeExact').unit).toBe('s');
    expect(Math.abs(seconds / MS - atDefault.mfpt)).toBeLessThanOrEqual(
      rel * atDefault.mfpt * 1.01 + atDefault.mfptError,
    );
  });

  it('its walkers fire in the exact mean time (3 SE), at D = 0.008 where they are cheap', async () => {
    const noisier = runPreset('morris-lecar', { D: String(atNoisier.D) });
    const d = noisier.problem.drift!;
    // 400 walkers of the preset's own passage and step on two threads. Tolerance: 3 SE + 2% for
    // the step (dt = 0.05 ms against 0.0125 ms with 2000 walkers each differed by 2.2% ± 3.1%:
    // no bias resolved at that level) + the fixture's error.
    const pool = createSimulationPool(2);
    try {
      const r = await simulateDrift(
        {
          drift: d.drift,
          coordinates: d.coordinates,
          parameters: noisier.problem.parameters,
          D: noisier.problem.D,
          domain: d.domain,
          from: d.from,
          toRegion: d.toRegion!,
          walkers: 400,
          seed: 2,
          dt: d.dt,
          tMax: d.tMax,
        },
        { runner: pool.runner },
      );
      expect(r.retcode).toBe('success');
      const slack = 3 * r.mfptStdErr + 0.02 * atNoisier.mfpt + atNoisier.mfptError;
      expect(Math.abs(r.mfpt - atNoisier.mfpt), `${r.mfpt} ± ${r.mfptStdErr}`).toBeLessThan(slack);
    } finally {
      await pool.close();
    }
  });

  it('at or above the onset current there is no rest state: invalid_parameter, exit 2', () => {
    expect(presetRefusal('morris-lecar', { I: '40' }).code).toBe('invalid_parameter');
    const run = runCli(['preset', 'morris-lecar', '--set', 'I=40']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/fires repetitively/);
  });
});
