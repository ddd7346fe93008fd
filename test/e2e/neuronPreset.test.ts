import { describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import { runPreset } from '../../dist/index.js';
import { labSession } from './browser.js';

/**
 * The gallery builds its cards from presetCatalog(): the neuron preset (issue 14) appears with
 * its sliders and shows runPreset()'s answers, the simulated spike train included (same seed,
 * same generated kernel in the page's worker as in Node).
 */
const lab = labSession();

describe('the neuron preset in the Lab gallery', () => {
  it('has a card whose answers are runPreset’s', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${lab.server.url}?panel=gallery`);
    await page.click('#preset-card-neuron');
    await page.waitForFunction(
      () => Number(document.body.dataset['presetRenders'] ?? 0) >= 1,
      null,
      {
        timeout: 150_000,
      },
    );
    expect(await page.inputValue('#preset-sigma')).toBe('2');
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#preset-results-table tbody tr')].map((tr) => [
          tr.dataset['result'],
          tr.querySelector<HTMLElement>('[data-value]')!.textContent,
        ]),
      ),
    );
    const library = runPreset('neuron');
    for (const r of library.results) expect(shown[r.name], r.name).toBe(r.text);
    expect(shown['rateSimulated']).toMatch(/Hz \(95% CI/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
