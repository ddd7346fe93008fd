import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { methodInfo } from '../../dist/index.js';
import { DEFAULT_STATE, decodeState, encodeState } from '../../web/src/state.js';
import type { SurfaceView } from '../../web/src/surfaceProtocol.js';
import { SURFACE_PRESETS } from '../../web/src/surfaceState.js';
import { readFixture } from '../support/fixtures.js';
import { ARTIFACTS, labSession, renderCount, renderedAtLeast } from './browser.js';

/**
 * The Lab's 2-D tab in Chromium: Müller–Brown's stationary points against the fixture's
 * independent mpmath Newton, the path's top at its saddle, the presets, a caret error for a bad
 * expression, and the tab's problem carried by the URL.
 */

/** The tab's test hooks (web/src/main.ts puts them on window.__lab.surface). */
type Hooked = { __lab: { surface: { view: SurfaceView | null } } };

const lab = labSession();
const pageErrors: string[] = [];

interface FixturePoint {
  kind: 'minimum' | 'saddle';
  x: [number, number];
  U: number;
}
const mb = readFixture<{ points: FixturePoint[] }>('mueller_brown.json');

const renders = (page: Page) => renderCount(page, 'surfaceRenders');
const rendered = (page: Page, n: number) =>
  renderedAtLeast(page, n, { counter: 'surfaceRenders', timeout: 90_000 });

async function open(q: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await lab.browser.newPage({ viewport });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${q}`);
  await rendered(page, 1);
  return page;
}

/** The stationary points the table shows, by kind, with full-precision U. */
async function shownPoints(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('#surface-points tbody tr')].map((tr) => {
      const values = [...tr.querySelectorAll<HTMLElement>('[data-value]')].map((c) =>
        Number(c.dataset['value']),
      );
      return { kind: tr.dataset['kind'], x: values[0]!, y: values[1]!, U: values[2]! };
    }),
  );
}

describe('the 2-D tab', () => {
  it('shows Müller–Brown: 3 minima and 2 saddles at the fixture’s energies, the path over its saddle', async () => {
    const page = await open('panel=surface');
    const shown = await shownPoints(page);
    for (const kind of ['minimum', 'saddle'] as const) {
      const got = shown.filter((p) => p.kind === kind).sort((a, b) => a.U - b.U);
      const want = mb.points.filter((p) => p.kind === kind).sort((a, b) => a.U - b.U);
      expect(got).toHaveLength(kind === 'minimum' ? 3 : 2);
      // The fixture is an mpmath Newton at 50 digits; the library's Newton converges to ~1e-12,
      // so 1e-6 (the tolerance) leaves room only for a wrong point.
      got.forEach((p, i) => {
        expect(Math.abs(p.U - want[i]!.U), `${kind} ${i} U`).toBeLessThan(1e-6);
        expect(Math.abs(p.x - want[i]!.x[0]), `${kind} ${i} x`).toBeLessThan(1e-6);
      });
    }
    // The path from the deepest minimum to its neighbour: its highest point is the saddle it
    // crosses (the path joins the two steepest-descent curves at the saddle itself).
    const path = await page.evaluate(() => (window as unknown as Hooked).__lab.surface.view!.path!);
    const top = Math.max(...path.points.map((q) => q.U));
    const saddles = await page.evaluate(
      () => (window as unknown as Hooked).__lab.surface.view!.saddles,
    );
    const crossed = Math.max(...path.saddles.map((k) => saddles[k]!.U));
    expect(Math.abs(top - crossed)).toBeLessThan(1e-9);
    const fixtureSaddle = mb.points
      .filter((p) => p.kind === 'saddle')
      .reduce((a, b) => (Math.abs(a.U - crossed) < Math.abs(b.U - crossed) ? a : b));
    expect(Math.abs(top - fixtureSaddle.U)).toBeLessThan(1e-6);
    expect(Number(await page.getAttribute('#surface-path-note', 'data-top'))).toBe(top);
    // Every route of the report is a column, headed and coloured from the catalogue.
    const heads = await page.$$eval('#surface-transitions th[data-method]', (ths) =>
      ths.map((th) => ({
        key: th.dataset['method']!,
        text: th.textContent!,
        colour: th.style.color,
      })),
    );
    // The exact grid route joins them (its own worker; surfaceWalkers.test.ts checks its values).
    expect(heads.map((h) => h.key)).toEqual(['tst', 'langer', 'exact']);
    for (const h of heads) expect(h.text).toBe(`${methodInfo(h.key)!.short} k`);
    const network = await page.$$eval('#surface-network tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset['method']),
    );
    expect(network).toEqual(['tst', 'langer']);
    // The map is drawn and a hover over minimum 0 reads its energy.
    const m0 = shown.filter((p) => p.kind === 'minimum').sort((a, b) => a.U - b.U)[0]!;
    const box = (await page.locator('#surface-map').boundingBox())!;
    const at = await page.evaluate(
      ([x, y]) => {
        const c = document.getElementById('surface-map') as HTMLCanvasElement;
        // The frame of surfaceMap.ts: margins 46 left, 10 right, 10 top, 30 bottom.
        const w = c.clientWidth - 56;
        const hgt = c.clientHeight - 40;
        return [46 + ((x! + 1.5) / 2.7) * w, 10 + (1 - (y! + 0.2) / 2.2) * hgt];
      },
      [m0.x, m0.y],
    );
    await page.mouse.move(box.x + at[0]!, box.y + at[1]!);
    await expect.poll(() => page.textContent('#surface-tip')).toMatch(/^minimum 0: .*U = -146\.7/);
    await page.screenshot({ path: join(ARTIFACTS, 'surface-mueller-brown.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('loads the presets: the symmetric well’s saddle at U = 1, the coupled well’s bent path', async () => {
    const page = await open('panel=surface');
    let before = await renders(page);
    await page.selectOption('#surface-preset', 'double-well');
    await rendered(page, before + 1);
    let shown = await shownPoints(page);
    // (x² − 1)² + y²: minima (±1, 0) at U = 0, the saddle at the origin at U = 1, exactly.
    expect(shown.filter((p) => p.kind === 'minimum').map((p) => p.U)).toEqual([
      expect.closeTo(0, 12),
      expect.closeTo(0, 12),
    ]);
    expect(shown.filter((p) => p.kind === 'saddle').map((p) => p.U)).toEqual([
      expect.closeTo(1, 12),
    ]);
    before = await renders(page);
    await page.selectOption('#surface-preset', 'curved');
    await rendered(page, before + 1);
    shown = await shownPoints(page);
    // Minima at (±1, c = 1), saddle at the origin: the path dips a whole unit below the straight
    // chord y = 1 between the minima (it follows the valley y ≈ x²).
    expect(shown.filter((p) => p.kind === 'saddle').map((p) => [p.x, p.y])).toEqual([
      [expect.closeTo(0, 9), expect.closeTo(0, 9)],
    ]);
    const path = await page.evaluate(
      () => (window as unknown as Hooked).__lab.surface.view!.path!.points,
    );
    expect(Math.max(...path.map((q) => 1 - q.y))).toBeCloseTo(1, 9);
    expect(page.url()).toContain('s2.p.k=2');
    await page.close();
  }, 180_000);

  it('a new expression or box drops the chosen path ends: the old minima’s indices mean nothing there', async () => {
    const page = await open('panel=surface');
    let before = await renders(page);
    await page.selectOption('#surface-preset', 'double-well');
    await rendered(page, before + 1);
    before = await renders(page);
    await page.selectOption('#surface-from', '1');
    await rendered(page, before + 1);
    expect(page.url()).toContain('s2.from=1');
    before = await renders(page);
    await page.fill('#surface-expr', '(x^2 - 1)^2 + 2*y^2');
    await rendered(page, before + 1);
    expect(page.url()).not.toContain('s2.from');
    before = await renders(page);
    await page.selectOption('#surface-from', '1');
    await rendered(page, before + 1);
    await page.fill('#surface-box', '-2.2:2.2, -1.5:1.5');
    await page.press('#surface-box', 'Enter');
    await rendered(page, before + 2);
    expect(page.url()).not.toContain('s2.from');
    await page.close();
  }, 180_000);

  it('a bad expression shows a caret error and greys the tab; fixing it recomputes', async () => {
    const page = await open('panel=surface');
    await page.fill('#surface-expr', '(x^2 - 1)^2 + * y');
    await page.waitForSelector('#surface-expr-error pre.source');
    const error = (await page.textContent('#surface-expr-error'))!;
    expect(error).toMatch(/\^/);
    expect(await page.getAttribute('#panel-surface', 'class')).toMatch(/stale/);
    const before = await renders(page);
    await page.fill('#surface-expr', '(x^2 - 1)^2 + 3*y^2');
    await rendered(page, before + 1);
    expect(await page.textContent('#surface-expr-error')).toBe('');
    expect(await page.getAttribute('#panel-surface', 'class')).not.toMatch(/stale/);
    // A box without a minimum inside: the library's message in the sidebar's error box.
    const again = await renders(page);
    await page.fill('#surface-box', '3:4, -1:1');
    await page.press('#surface-box', 'Enter');
    await rendered(page, again + 1);
    expect(await page.textContent('#surface-error')).toMatch(/minimum/);
    await page.close();
  }, 180_000);

  it('the URL carries the tab’s problem and restores it; a mass adds the Kramers–Langer route; a phone fits', async () => {
    const curved = SURFACE_PRESETS.find((p) => p.id === 'curved')!.problem;
    const surface = { ...curved, parameters: { k: 3, c: 0.8 }, D: 0.2, mass: 1.5 };
    const page = await open(encodeState({ ...DEFAULT_STATE, panel: 'surface', surface }), {
      width: 390,
      height: 844,
    });
    expect(await page.inputValue('#surface-expr')).toBe(curved.potential);
    expect(await page.inputValue('#surface-param-k')).toBe('3');
    expect(await page.inputValue('#surface-mass')).toBe('1.5');
    expect(await page.inputValue('#surface-D')).toBe('0.2');
    const decoded = decodeState(new URL(page.url()).search);
    expect(decoded.surface).toEqual(surface);
    const heads = await page.$$eval('#surface-transitions th[data-method]', (ths) =>
      ths.map((th) => th.dataset['method']),
    );
    expect(heads).toEqual(['tst', 'langer', 'kramersLanger', 'exact']);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'surface-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 180_000);
});
