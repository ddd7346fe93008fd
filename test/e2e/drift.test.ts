import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { quasiPotentialPath } from '../../dist/index.js';
import type { DriftView } from '../../web/src/driftProtocol.js';
import { DRIFT_PRESETS } from '../../web/src/driftState.js';
import { DEFAULT_STATE, decodeState, encodeState } from '../../web/src/state.js';
import { readFixture } from '../support/fixtures.js';
import { labSession, renderCount, renderedAtLeast } from './browser.js';

/**
 * The Lab's Drift tab in Chromium: Maier–Stein's quasi-potential barrier against the independent
 * scipy minimisation (test/fixtures/maier_stein_action.py) and against the library in Node, the
 * bifurcation of the optimal path as the β slider crosses 4, a caret error for a drift with the
 * wrong number of components, and the tab's problem carried by the URL.
 */

type Hooked = { __lab: { drift: { view: DriftView | null } } };

const lab = labSession();
const pageErrors: string[] = [];
const fixture = readFixture<{ cases: { beta: number; quasiPotential: number }[] }>(
  'maier_stein_action.json',
);

const renders = (page: Page) => renderCount(page, 'driftRenders');
const rendered = (page: Page, n: number) =>
  renderedAtLeast(page, n, { counter: 'driftRenders', timeout: 150_000 });

async function open(q: string): Promise<Page> {
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${q}`);
  await rendered(page, 1);
  return page;
}

const view = (page: Page) =>
  page.evaluate(() => (window as unknown as Hooked).__lab.drift.view!) as Promise<DriftView>;

describe('the Drift tab', () => {
  it('Maier–Stein at β = 10: the bent pair below the axis curve, ΔΦ as scipy and Node find it', async () => {
    const page = await open('panel=drift');
    const v = await view(page);
    const want = fixture.cases.find((c) => c.beta === 10)!.quasiPotential;
    // The scipy graph minimisation is converged to 1e-10; gMAM's own error is ~1e-6 (its
    // estimate, also checked in test/multid/drift.test.ts): 1e-5 is the tolerance.
    expect(Math.abs(v.action!.quasiPotential - want)).toBeLessThan(1e-5);
    expect(v.action!.error).toBeLessThan(1e-5);
    // The same library code in Node: only last-bit Math differences between the engines.
    const node = quasiPotentialPath({
      drift: DRIFT_PRESETS[0]!.problem.drift,
      parameters: { beta: 10 },
      domain: DRIFT_PRESETS[0]!.problem.box.map(([min, max]) => ({ min, max })),
      D: DRIFT_PRESETS[0]!.problem.D,
    });
    expect(Math.abs(v.action!.quasiPotential - node.quasiPotential)).toBeLessThan(1e-9);
    expect(v.action!.bifurcation).toBe(true);
    expect(await page.getAttribute('#drift-summary', 'data-bifurcation')).toBe('true');
    // Two curves: the optimal pair off the axis (2 copies) and the on-axis curve, ΔΦ = 1/4.
    expect(await page.locator('#drift-branches tbody tr').count()).toBe(2);
    expect(v.action!.branches[1]!.quasiPotential).toBeCloseTo(0.25, 6);
    expect(v.action!.branches[0]!.multiplicity).toBe(2);
    const kinds = v.fixedPoints.map((p) => p.kind).sort();
    expect(kinds).toEqual(['saddle', 'stable node', 'stable node']);
    expect(await page.locator('#drift-map').getAttribute('aria-label')).toContain('flow field');
    await page.close();
  });

  it('the β slider: below 4 the path is the axis with ΔΦ = 1/4, and the URL keeps β', async () => {
    const page = await open('panel=drift');
    const before = await renders(page);
    await page.locator('#drift-param-beta-slider').fill('3');
    await rendered(page, before + 1);
    const v = await view(page);
    // On the axis b is −d/dx(x⁴/4 − x²/2), a gradient line: ΔΦ = ΔU = 1/4 exactly.
    expect(Math.abs(v.action!.quasiPotential - 0.25)).toBeLessThan(1e-6);
    expect(v.action!.bifurcation).toBe(false);
    expect(await page.inputValue('#drift-param-beta')).toBe('3');
    expect(page.url()).toContain('d2.p.beta=3');
    const decoded = decodeState(new URL(page.url()).search);
    expect(decoded.panel).toBe('drift');
    expect(decoded.drift?.parameters).toEqual({ beta: 3 });
    await page.close();
  });

  it('a drift with one component for two coordinates: a caret error, then a custom field computes', async () => {
    const page = await open('panel=drift');
    // A bad box shows its error; a parse error then replaces it: one error on screen.
    await page.fill('#drift-box', '1:0, 0:1');
    await page.dispatchEvent('#drift-box', 'change');
    expect(await page.textContent('#drift-error')).toContain('the box must read');
    await page.fill('#drift-expr', 'x - x^3');
    await page.locator('#drift-expr-error p').waitFor();
    expect(await page.textContent('#drift-expr-error')).toMatch(/component|coordinate/);
    expect(await page.textContent('#drift-error')).toBe('');
    const before = await renders(page);
    // The rotation preset's field typed by hand, with its parameter m found as a name.
    await page.fill('#drift-expr', '-(x^3 - x) - m*y, m*(x^3 - x) - y');
    await rendered(page, before + 1);
    const v = await view(page);
    expect(await page.textContent('#drift-expr-error')).toBe('');
    // b = −(I + M)∇U keeps e^{−U/D}: the quasi-potential is ΔU = 1/4 for any m.
    expect(Math.abs(v.action!.quasiPotential - 0.25)).toBeLessThan(1e-5);
    expect(v.gradient).toBe(false);
    expect(await page.inputValue('#drift-param-m')).toBe('1');
    await page.close();
  });

  it('a shared link opens the same drift problem; other links carry no d2.* keys', () => {
    const drift = { ...DRIFT_PRESETS[1]!.problem, parameters: { m: 2.5 }, D: 0.03 };
    const decoded = decodeState(encodeState({ ...DEFAULT_STATE, panel: 'drift', drift }));
    expect(decoded.drift).toEqual(drift);
    expect(encodeState(DEFAULT_STATE)).not.toContain('d2.');
  });

  it('fits a phone: no sideways scrolling, every control labelled', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${lab.server.url}?panel=drift`);
    await rendered(page, 1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#drift-controls input, #drift-controls select')]
        .filter(
          (c) => !c.getAttribute('aria-label') && !document.querySelector(`label[for="${c.id}"]`),
        )
        .map((c) => c.id),
    );
    expect(unlabelled).toEqual([]);
    await page.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
