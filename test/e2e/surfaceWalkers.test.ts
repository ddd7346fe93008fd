import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { methodInfo, ND_ROUTES, prepareND, simulateND, transitionOfND } from '../../dist/index.js';
import { problemND } from '../../web/src/surfaceProblem.js';
import type { WalkerHooks, WalkerStats } from '../../web/src/surfaceProtocol.js';
import { encodeSurface, SURFACE_PRESETS, type SurfaceProblem } from '../../web/src/surfaceState.js';
import { ARTIFACTS, labSession } from './browser.js';

/**
 * "Run walkers" in the Lab's 2-D tab, in Chromium: the exact grid route's column against the
 * library in Node, walkers that appear and move on the map, the MFPT with its CI equal to
 * `simulateND` in Node for the same seed (and within 3 SE of the exact MFPT), and Stop.
 */
type Hooked = {
  __lab: {
    surface: {
      exact: ({ rate: number; mfpt: number } | null | undefined)[];
      exactDone: boolean;
      walkers: WalkerHooks;
      view: { transitions: { from: number; to: number | 'edge' }[] };
    };
  };
};

const lab = labSession();
const pageErrors: string[] = [];
const doubleWell = SURFACE_PRESETS.find((p) => p.id === 'double-well')!.problem;

async function open(surface: SurfaceProblem): Promise<Page> {
  const q = new URLSearchParams({ panel: 'surface' });
  encodeSurface(q, surface);
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${q}`);
  await page.waitForFunction(
    () => Number(document.body.dataset['surfaceRenders'] ?? 0) >= 1,
    null,
    {
      timeout: 90_000,
    },
  );
  return page;
}

const walkerHooks = (page: Page) =>
  page.evaluate(() => (window as unknown as Hooked).__lab.surface.walkers);

describe('Run walkers on the 2-D map', () => {
  // ΔU/D = 4 on (x² − 1)² + y²: an MFPT of ~70, 150 walkers in a few seconds.
  const surface: SurfaceProblem = { ...doubleWell, D: 0.25, walkers: 150, seed: 3 };

  it('the exact column, walkers that move, the MFPT and CI of simulateND in Node', async () => {
    const page = await open(surface);
    // The URL's walkers and seed are in the controls.
    expect(await page.inputValue('#surface-walkers-n')).toBe('150');
    expect(await page.inputValue('#surface-seed')).toBe('3');

    // The exact route's column, headed from the catalogue, equal to the library's route in Node
    // on the same passage with the Lab's settings (tolerance 1e-3, finest grid 126).
    await page.waitForFunction(() => (window as unknown as Hooked).__lab.surface.exactDone, null, {
      timeout: 150_000,
    });
    const head = await page.textContent('#surface-transitions th[data-method="exact"]');
    expect(head).toBe(`${methodInfo('exact')!.short} k`);
    const { exact, transitions } = await page.evaluate(() => {
      const s = (window as unknown as Hooked).__lab.surface;
      return { exact: s.exact, transitions: s.view.transitions };
    });
    const p = prepareND(problemND(surface));
    expect(transitions).toHaveLength(2);
    transitions.forEach((t, i) => {
      const node = ND_ROUTES.exact.run(transitionOfND(p, { from: t.from, to: t.to as number }), {
        tolerance: 1e-3,
        grid: 126,
      });
      // The same code on the same numbers: equal to rounding.
      expect(Math.abs(exact[i]!.rate / node.rate! - 1)).toBeLessThan(1e-12);
    });
    const shown = await page.$$eval('#surface-transitions tbody tr', (trs) =>
      trs.map((tr) => Number(tr.querySelector('[data-retcode]')?.getAttribute('data-value'))),
    );
    expect(shown).toEqual(exact.map((c) => c!.rate));

    // Walkers appear at the start minimum and move.
    await page.click('#surface-run');
    await page.waitForFunction(
      () => (window as unknown as Hooked).__lab.surface.walkers.frames > 2,
    );
    const early = await walkerHooks(page);
    expect(early.heads).toHaveLength(5);
    await page.waitForTimeout(1500);
    const later = await walkerHooks(page);
    expect(later.frames).toBeGreaterThan(early.frames);
    const moved = later.heads.filter(
      (h, i) => Math.hypot(h[0] - early.heads[i]![0], h[1] - early.heads[i]![1]) > 1e-6,
    );
    expect(moved.length).toBeGreaterThan(0);
    for (const [x, y] of later.heads) {
      expect(Math.abs(x)).toBeLessThanOrEqual(2);
      expect(Math.abs(y)).toBeLessThanOrEqual(1.5);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'surface-walkers.png') });

    // The statistics: shown with a CI, and the same numbers as simulateND in Node.
    await page.waitForFunction(
      () => (window as unknown as Hooked).__lab.surface.walkers.state === 'done',
      null,
      {
        timeout: 120_000,
      },
    );
    const { stats, passage } = await walkerHooks(page);
    const s = stats as WalkerStats;
    expect(s.retcode).toBe('success');
    expect(s.walkers).toBe(150);
    expect(s.mfptCI95[0]).toBeLessThan(s.mfpt!);
    expect(s.mfptCI95[1]).toBeGreaterThan(s.mfpt!);
    const node = await simulateND({ ...problemND(surface), ...passage!, walkers: 150, seed: 3 });
    // One seed, one stream per walker, the same kernel: the same numbers in Chromium and Node.
    expect(Math.abs(s.mfpt! / node.mfpt! - 1)).toBeLessThan(1e-12);
    expect(Math.abs(s.mfptCI95[0] / node.mfptCI95[0] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(s.mfptCI95[1] / node.mfptCI95[1] - 1)).toBeLessThan(1e-12);
    // And within 3 standard errors of the exact MFPT of the same passage (the walkers' time-step
    // bias at dt = 1e-3 is far below the ~8% standard error of 150 walkers).
    const row = transitions.findIndex((t) => t.from === passage!.from && t.to === passage!.to);
    const exactMfpt = exact[row]!.mfpt;
    expect(Math.abs(s.mfpt! - exactMfpt) / s.mfptStdErr!).toBeLessThan(3);
    const result = (await page.textContent('#surface-walkers-result'))!;
    expect(result).toMatch(/MFPT = .* ± .*95% CI \[/);
    expect(Number(await page.getAttribute('#surface-walkers-result', 'data-mfpt'))).toBe(s.mfpt);
    // The route table gains the simulated column on the walkers' row.
    const simulated = await page.getAttribute(
      `#surface-transitions tr[data-from="${passage!.from}"][data-to="${passage!.to}"] [data-simulated]`,
      'data-simulated',
    );
    expect(Number(simulated)).toBe(s.rate);
    expect(await page.textContent('#surface-transitions th[data-method="simulation"]')).toBe(
      `${methodInfo('simulation')!.short} k`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'surface-walkers-done.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 240_000);

  it('Stop halts the animation and the run; the walkers finished give an interrupted MFPT', async () => {
    // ΔU/D = 10: each walker takes ~10⁷ steps, far longer than the test waits.
    const page = await open({ ...doubleWell, D: 0.1, walkers: 400, seed: 2 });
    expect(page.url()).toContain('s2.walkers=400');
    // About 3e10 walker-steps (1-D equivalents): the first press only says what the run would cost (the library's
    // estimate, as the CLI's budget), nothing moves; the second runs it.
    await page.click('#surface-run');
    await page.waitForFunction(
      () => (window as unknown as Hooked).__lab.surface.walkers.state === 'confirm',
      null,
      { timeout: 90_000 },
    );
    const asked = (await page.textContent('#surface-walkers-status'))!;
    expect(asked).toMatch(/about [\d.e]+ walker-steps, ≈ .* past the budget of 60 s/);
    expect(asked).toMatch(/Press Run walkers again/);
    expect((await walkerHooks(page)).frames).toBe(0);
    await page.click('#surface-run');
    await page.waitForFunction(
      () => (window as unknown as Hooked).__lab.surface.walkers.frames > 2,
      null,
      {
        timeout: 150_000,
      },
    );
    expect((await walkerHooks(page)).state).toBe('running');
    await page.click('#surface-stop');
    await page.waitForFunction(
      () => (window as unknown as Hooked).__lab.surface.walkers.state === 'stopped',
      null,
      { timeout: 10_000 },
    );
    const stopped = await walkerHooks(page);
    expect(stopped.animating).toBe(false);
    await page.waitForTimeout(500);
    // Nothing moves after Stop.
    expect((await walkerHooks(page)).frames).toBe(stopped.frames);
    expect(await page.isEnabled('#surface-run')).toBe(true);
    expect(await page.isDisabled('#surface-stop')).toBe(true);
    // Walkers finished before the Stop (if any) give statistics marked interrupted.
    if (stopped.stats) {
      expect(stopped.stats.retcode).toBe('interrupted');
      expect(stopped.stats.walkers).toBeLessThan(400);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
