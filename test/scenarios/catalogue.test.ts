/**
 * What every scenario in PRESETS promises, whichever field it is from: the same files drive
 * `kramers preset`, the Lab gallery and these checks, so a new scenario is held to them at once.
 */
import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  parseUnit,
  prepareDrift,
  presetCatalog,
  rate,
  runPreset,
} from '../../src/index.js';
import { argvOf, runCli } from '../cli/run.js';
import { rateProblem } from './result.js';

describe('the catalogue', () => {
  it('settings that are not an object are a KramersError, not a TypeError', () => {
    for (const settings of [null, [1], 'T=300K']) {
      expect(() => runPreset('reaction', settings as never)).toThrow(
        expect.objectContaining({ code: 'invalid_parameter' }),
      );
    }
  });

  it('lists every preset as plain serialisable data with sources and ranges', () => {
    const catalog = presetCatalog();
    expect(catalog.map((p) => p.name)).toEqual(PRESETS.map((p) => p.name));
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    for (const p of catalog) {
      expect(p.references.length).toBeGreaterThan(0);
      expect(p.context.length).toBeGreaterThan(200);
      for (const q of p.parameters) expect(q.range[0]).toBeLessThan(q.range[1]);
    }
  });
});

describe.each(PRESETS.map((p) => [p.name, p] as const))('scenario %s', (name, preset) => {
  const report = runPreset(name);

  it('with its defaults: success, finite answers, each in a unit that parses', () => {
    expect(report.retcode).toBe('success');
    expect(report.results.length).toBeGreaterThan(0);
    for (const r of report.results) {
      expect(Number.isFinite(r.value), `${r.name} = ${r.value}`).toBe(true);
      if (r.unit !== '') expect(() => parseUnit(r.unit)).not.toThrow();
      expect(r.text).not.toMatch(/NaN|undefined/);
    }
    for (const t of report.tables) {
      for (const row of t.rows) {
        expect(row).toHaveLength(t.columns.length);
        for (const cell of row) expect(Number.isFinite(cell), `${t.title}: ${row}`).toBe(true);
      }
    }
  });

  it('every parameter’s default lies within its slider range', () => {
    for (const p of preset.parameters) {
      const { value } = report.parameters[p.name]!;
      expect(value, p.name).toBeGreaterThanOrEqual(p.range[0]);
      expect(value, p.name).toBeLessThanOrEqual(p.range[1]);
    }
  });

  it('its reduced problem prepares and runs through rate(), and its command line reproduces it', async () => {
    if (report.problem.drift !== undefined) {
      // A drift preset (no U(x)): its problem prepares as a drift problem, and its command line
      // is the walkers' (each drift preset's own test runs it and compares the numbers).
      const d = report.problem.drift;
      const prepared = prepareDrift({
        drift: d.drift,
        coordinates: d.coordinates,
        parameters: report.problem.parameters,
        D: report.problem.D,
        domain: d.domain,
      });
      expect(prepared.stable.length).toBeGreaterThan(0);
      expect(report.command).toMatch(/^kramers simulate --drift /);
      return;
    }
    // An inertial preset's line carries its dynamics and mass (without them it ran the
    // overdamped routes: ten times the Josephson preset's Γ); its route is Mel'nikov–Meshkov.
    const inertial = report.problem.units.dynamics === 'underdamped';
    expect(report.command.includes(' --dynamics underdamped --mass ')).toBe(inertial);
    const method = inertial ? 'melnikovMeshkov' : 'exact';
    const library = await rate({
      ...rateProblem(report.problem),
      ...(inertial ? { dynamics: 'underdamped', mass: report.problem.mass ?? 1 } : {}),
      methods: inertial ? [method] : ['kramers', method],
    });
    expect(library.retcode).toBe('success');
    const value = library.methods[method]!.rate!;
    expect(value).toBeGreaterThan(0);
    // The CLI parses the printed line (String() round-trips every double) and runs the same
    // route on the same numbers: the same rate to the last bit.
    const run = runCli([...argvOf(report.command).slice(1), '--method', method, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout) as { methods: Record<string, { rate: number }> };
    expect(cli.methods[method]!.rate).toBe(value);
  });
});
