import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METHODS,
  methodCatalogue,
  methodInfo,
  prepareTransition,
  ROUTES,
  rate,
  turnover,
} from '../../src/index.js';

describe('the method catalogue', () => {
  const catalogue = methodCatalogue();

  it('names every method once, with everything a table, plot and panel needs', () => {
    const keys = catalogue.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of catalogue) {
      expect(m.label.length, m.key).toBeGreaterThan(2);
      expect(m.short.length, m.key).toBeGreaterThan(0);
      expect(m.definition.length, m.key).toBeGreaterThan(20);
      expect(m.regime.length, m.key).toBeGreaterThan(10);
      // A reference names its authors and year.
      expect(m.reference, m.key).toMatch(/\(?\d{4}\)?/);
      expect(['overdamped', 'underdamped', 'both']).toContain(m.dynamics);
      expect(['closed form', 'exact', 'simulation']).toContain(m.kind);
      expect(m.colour, m.key).toMatch(/^#[0-9a-f]{6}$/);
    }
    // One colour per method: a plot never shows two methods in one colour.
    expect(new Set(catalogue.map((m) => m.colour)).size).toBe(catalogue.length);
  });

  it('every route of the registry is in it, under its own key', () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      expect(route.info.key).toBe(key);
      expect(methodInfo(key)).toBe(route.info);
    }
  });

  it('every key a rate or turnover report files a result under is catalogued', async () => {
    const reported = new Set<string>();
    for (const dynamics of ['overdamped', 'underdamped'] as const) {
      const report = await rate({ D: 0.1, dynamics, gamma: 1 });
      for (const key of Object.keys(report.methods)) reported.add(key);
      for (const key of DEFAULT_METHODS[dynamics]) expect(report.methods).toHaveProperty(key);
    }
    const sweep = await turnover({
      D: 0.1,
      gammaMin: 1,
      gammaMax: 1,
      points: 1,
      exact: true,
      simulate: { walkers: 200, wellToWell: true, gammas: [1] },
    });
    for (const key of Object.keys(sweep.rows[0]!.rates)) reported.add(key);
    for (const key of reported) expect(methodInfo(key), key).toBeDefined();
    expect([...reported]).toEqual(
      expect.arrayContaining(['kleinKramers', 'relaxation', 'simulation', 'melnikovMeshkov']),
    );
  }, 60_000);

  it('each route reports the catalogue definition unless its passage needs a sharper one', () => {
    const t = prepareTransition({ D: 0.1 });
    for (const key of ['tst', 'kramers', 'corrected', 'spatialDiffusion'] as const) {
      expect(ROUTES[key].run(t).definition).toBe(methodInfo(key)!.definition);
    }
  });
});
