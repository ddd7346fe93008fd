import { describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import { simulate } from '../../dist/index.js';
import { labSession } from './browser.js';

/**
 * The Simulation tab when no walker escapes. The potential x⁴/4 − x²/2 + t·x tilts the start
 * well ever deeper as time runs, so its 16 walkers are all still there at t_max (20× the frozen
 * landscape's MFPT). The table showed the library's MFPT ∞ and rate 0 as if they were estimates;
 * it now shows "MFPT > bound" from the library's `mfptLowerBound`, no rate, and not_converged.
 */
const lab = labSession();
const PROBLEM = { potential: 'x^4/4 - x^2/2 + t*x', D: 0.25, walkers: 16, seed: 1 } as const;

describe('the Simulation tab with every walker censored', () => {
  it('shows MFPT > the lower bound and no rate, marked not converged', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const U = encodeURIComponent(PROBLEM.potential);
    await page.goto(`${lab.server.url}?panel=simulation&U=${U}&D=0.25&walkers=16&seed=1`);
    // The landscape panels refuse a potential in t (their theories are stationary); the
    // Simulation tab runs it as given, as simulate() does.
    await page.waitForSelector('#sim-start');
    await page.click('#sim-start');
    await expect
      .poll(() => page.textContent('#sim-status'), { timeout: 60_000 })
      .toMatch(/^finished: 16 of 16 walkers/);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#sim-table tbody tr')].map((tr) =>
        [...tr.children].map((td) => td.textContent ?? ''),
      ),
    );
    const byName = new Map(rows.map((r) => [r[0], r]));
    const expected = await simulate(PROBLEM);
    expect(expected.mfpt).toBeNull();
    const bound = expected.mfptLowerBound!;
    expect(bound).toBeGreaterThan(0);
    const cell = page.locator('#sim-table tbody tr').first().locator('[data-lower-bound]');
    // The page's walkers are Node's (same seed, same kernel): the same bound to the last bit.
    expect(Number(await cell.getAttribute('data-lower-bound'))).toBe(bound);
    expect(byName.get('MFPT')![1]).toMatch(/^> \d/);
    expect(byName.get('MFPT')![2]).toMatch(/not converged.*lower bound/);
    expect(byName.get('rate 1/MFPT')![1]).toBe('—');
    expect(byName.get('retcode')![1]).toBe('not_converged');
    const text = rows.flat().join(' | ');
    expect(text).not.toMatch(/Infinity|NaN|∞ ±|k = 0\b/);
    expect(byName.get('exponential fit')![1]).toBe('—');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
