/**
 * The noisy Morris–Lecar neuron (Morris & Lecar 1981; type I parameters of Rinzel & Ermentrout
 * 1989), a preset driven by a drift: its rest state and exact mean firing time against
 * test/fixtures/morris_lecar_mfpt.py (Newton on the nullclines; central differences on the
 * backward equation, scipy), its walkers against the same fixture, and its bad input.
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import {
  analyzeDrift,
  passageOfDrift,
  prepareDrift,
  runPreset,
  simulateDrift,
} from '../../src/index.js';
import { exactDriftRoute } from '../../src/routes/index.js';
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
      const slack = 3 * r.mfptStdErr! + 0.02 * atNoisier.mfpt + atNoisier.mfptError;
      expect(Math.abs(r.mfpt! - atNoisier.mfpt), `${r.mfpt!} ± ${r.mfptStdErr!}`).toBeLessThan(
        slack,
      );
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

describe('the exact route at I = 38, D = 0.001: its error bounds the scipy solve, from rest and off rest', () => {
  // A reported miss (23681 ± 4.4 against 23650.9 ± 0.6) compared the MFPT from (−3.8, 0.3), a
  // --from-x start 3.5 mV below rest, with the fixture's MFPT from rest: the walk from there first
  // relaxes to rest, which takes 31 ms more. The scipy script solves both starts on the same four
  // grids (morris_lecar_mfpt.py --off-rest; central differences, h = 0.05 … 0.00625, Richardson).
  const offRest = readFixture<{ cases: (Case & { box: [number, number, number, number] })[] }>(
    'morris_lecar_mfpt_offrest.json',
  ).cases;
  it('from rest and from (−3.8, 0.3): actual error ≤ claimed on the default ladder, and the starts differ by far more', () => {
    const [fromRest, fromBelow] = [offRest[0]!, offRest[1]!];
    const [x0, x1, y0, y1] = fromRest.box;
    const p = prepareDrift({
      drift: drift.drift,
      coordinates: drift.coordinates,
      parameters: { I: 38 },
      D: 0.001,
      domain: [
        { min: x0, max: x1 },
        { min: y0, max: y1 },
      ],
    });
    const solved = [fromRest, fromBelow].map((c, k) => {
      const t = passageOfDrift(p, {
        toRegion: fixture.region,
        ...(k === 1 ? { fromX: [...c.start] } : {}),
      });
      expect(Math.hypot(t.start[0]! - c.start[0], t.start[1]! - c.start[1])).toBeLessThan(1e-9);
      // The default ladder (finest 126 nodes), no refinement: the coarsest the route reports, so
      // its error is the larger one and the comparison tests the estimate (measured ± 8.2 ms,
      // 3.5e-4 relative, against an actual 1.5 ms from either start; the refined ladder to 251
      // nodes gives ± 2.1 against 0.24). The fixture's own error (0.6 ms) is added.
      const e = exactDriftRoute.run(t, { grid: 126 });
      if (!('mfpt' in e)) throw new Error(e.warnings.join('; '));
      expect(Math.abs(e.mfpt - c.mfpt), `${e.mfpt} ± ${e.mfptError}`).toBeLessThanOrEqual(
        e.mfptError + c.mfptError,
      );
      return e.mfpt;
    });
    // The relaxation from (−3.8, 0.3) to rest: 31.1 ms in the fixture (26 times both its errors),
    // 30.8 ms here; the two differences agree to 0.3 ms (the grid errors largely cancel in it).
    expect(fromBelow.mfpt - fromRest.mfpt).toBeGreaterThan(
      20 * (fromBelow.mfptError + fromRest.mfptError),
    );
    expect(Math.abs(solved[1]! - solved[0]! - (fromBelow.mfpt - fromRest.mfpt))).toBeLessThan(5);
  }, 60_000);
});
