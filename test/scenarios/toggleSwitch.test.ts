/**
 * The two-gene toggle switch (Gardner, Cantor & Collins 2000), a preset driven by a drift: its
 * states against their closed forms, its simulated switching time against the exact 2-D MFPT of
 * test/fixtures/toggle_mfpt.py (finite differences on the backward equation, scipy), and its
 * printed command line against its own numbers.
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import {
  analyzeDrift,
  DRIFT_ROUTES,
  passageOfDrift,
  prepareDrift,
  runPreset,
  simulateDrift,
  toggleStates,
} from '../../src/index.js';
import { argvOf, runCli } from '../cli/run.js';
import { readFixture } from '../support/fixtures.js';
import { findResult, presetRefusal, resultOf } from './result.js';

const exact = readFixture<{ mfpt: number; mfptError: number; region: string }>('toggle_mfpt.json');
const report = runPreset('toggle-switch');
const drift = report.problem.drift!;

describe('toggle switch (Gardner, Cantor & Collins 2000)', () => {
  it('states (a ∓ √(a² − 4))/2 and the saddle u³ + u = a, as the drift’s fixed points', () => {
    const s = toggleStates(3);
    // Closed forms: the golden ratio's square and its inverse; the saddle from Cardano.
    expect(Math.abs(s.high - (3 + Math.sqrt(5)) / 2)).toBeLessThan(1e-14);
    expect(Math.abs(s.saddle ** 3 + s.saddle - 3)).toBeLessThan(1e-13);
    const a = analyzeDrift({
      drift: drift.drift,
      coordinates: drift.coordinates,
      parameters: report.problem.parameters,
      D: report.problem.D,
      domain: drift.domain,
    });
    const stable = a.fixedPoints.filter((p) => p.kind === 'stable node').map((p) => p.x);
    const saddle = a.fixedPoints.find((p) => p.kind === 'saddle')!.x;
    // Newton on the field converges to ~1e-12 of the root (docs/drift.md, fixed points).
    expect(Math.abs(stable[0]![0]! - s.low) + Math.abs(stable[0]![1]! - s.high)).toBeLessThan(1e-9);
    expect(Math.abs(saddle[0]! - s.saddle) + Math.abs(saddle[1]! - s.saddle)).toBeLessThan(1e-9);
    expect(a.gradient).toBe(false);
    // The mirror u ↔ v maps one escape onto the other: the same ΔΦ from both states.
    const [e0, e1] = a.escapes;
    expect(Math.abs(e0!.quasiPotential - e1!.quasiPotential)).toBeLessThan(1e-9);
    expect(Math.abs(resultOf(report, 'quasiPotential') - e0!.quasiPotential)).toBeLessThan(1e-12);
  });

  it('its walkers switch in the exact mean time of the backward equation (3 SE)', async () => {
    expect(drift.toRegion).toBe(exact.region);
    // 256 walkers of the preset's passage on two threads; the tolerance is 3 SE + 0.5% for the
    // step (dt = 0.005: bench/driftTimeStep.mjs resolves no bias at 0.02 on a field as stiff)
    // + the fixture's own error.
    const pool = createSimulationPool(2);
    try {
      const r = await simulateDrift(
        {
          drift: drift.drift,
          coordinates: drift.coordinates,
          parameters: report.problem.parameters,
          D: report.problem.D,
          domain: drift.domain,
          from: drift.from,
          toRegion: drift.toRegion!,
          walkers: 256,
          seed: 2,
          dt: drift.dt,
          tMax: drift.tMax,
        },
        { runner: pool.runner },
      );
      const slack = 3 * r.mfptStdErr! + 0.005 * exact.mfpt + exact.mfptError;
      expect(
        Math.abs(r.mfpt! - exact.mfpt),
        `${r.mfpt} ± ${r.mfptStdErr} vs ${exact.mfpt}`,
      ).toBeLessThan(slack);
    } finally {
      await pool.close();
    }
  });

  it('its command line runs the same walkers: the switching time bit for bit', () => {
    const run = runCli([...argvOf(report.command).slice(1), '--json', '--workers', '2']);
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout) as { mfpt: number };
    const hours = report.parameters['life']!.si / 3600;
    expect(cli.mfpt * hours).toBe(resultOf(report, 'switchingTime'));
    expect(findResult(report, 'switchingTime').unit).toBe('h');
  });

  it('its exact column is the library’s 2-D solve of the same passage, against the scipy fixture', () => {
    // Two discretisations (exponentially fitted edge rates here, central differences there),
    // each with its Richardson error: they must agree within the sum of the two.
    const hours = report.parameters['life']!.si / 3600;
    const exactHours = resultOf(report, 'switchingTimeExact');
    const rel = Number(
      /± ([\d.e+-]+) relative/.exec(findResult(report, 'switchingTimeExact').method!)![1],
    );
    expect(Math.abs(exactHours / hours - exact.mfpt)).toBeLessThanOrEqual(
      rel * exact.mfpt * 1.01 + exact.mfptError,
    );
    expect(report.notes.join(' ')).toMatch(/simulated − exact = -?[\d.]+ standard errors/);
  });

  it('its rate with the prefactor is the Bouchet–Reygner route’s, and says how far exact is', () => {
    const a = report.problem.parameters;
    const t = passageOfDrift(
      prepareDrift({
        drift: drift.drift,
        coordinates: drift.coordinates,
        parameters: a,
        D: report.problem.D,
        domain: drift.domain,
      }),
      { from: drift.from, toRegion: drift.toRegion! },
    );
    const route = DRIFT_ROUTES.bouchetReygner.run(t.escape!);
    expect(route.retcode).toBe('success');
    const hours = report.parameters['life']!.si / 3600;
    // The same route on the same passage: equal to rounding (per lifetime → per hour).
    const perHour = resultOf(report, 'switchingRateTheory');
    expect(Math.abs((perHour * hours) / route.rate! - 1)).toBeLessThan(1e-12);
    // The printed distance is k_BR × the exact column's MFPT − 1, to its three digits.
    const exactHours = resultOf(report, 'switchingTimeExact');
    const printed = Number(
      /MFPT\(exact\) − 1 = (-?[\d.]+)%/.exec(findResult(report, 'switchingRateTheory').method!)![1],
    );
    expect(Math.abs(printed - 100 * (perHour * exactHours - 1))).toBeLessThan(0.01);
  });

  it('at D = 1e-4 (ΔΦ/D = 884): logs past double range, — for the exact solve, no NaN, no --tmax Infinity', () => {
    const tiny = runPreset('toggle-switch', { D: '1e-4' });
    const text = JSON.stringify(tiny) + tiny.results.map((r) => `${r.text} ${r.method}`).join('\n');
    expect(text).not.toMatch(/NaN|Infinity/);
    // e^{−ΔΦ/D} per hour, printed from its log: ΔΦ/D·log10(e) ≈ 383.8 decades below 1/h.
    const scale = findResult(tiny, 'arrheniusScale');
    expect(scale.value).toBeNull();
    const dPhi = resultOf(tiny, 'quasiPotential');
    expect(Math.abs(scale.log10Value! - -dPhi / 1e-4 / Math.LN10)).toBeLessThan(1e-9);
    expect(findResult(tiny, 'switchingTimeExact').text).toBe('—');
    expect(tiny.retcode).toBe('not_converged');
    expect(tiny.command).not.toMatch(/--tmax/);
  });

  it('a ≤ 2 is not a switch: invalid_parameter, and exit 2 from the CLI', () => {
    expect(presetRefusal('toggle-switch', { a: '1.9' }).code).toBe('invalid_parameter');
    const run = runCli(['preset', 'toggle-switch', '--set', 'a=1.9']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bistable only for a > 2/);
  });
});
