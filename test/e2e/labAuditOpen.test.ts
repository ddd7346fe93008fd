import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import { analyze, isKramersError, rate } from '../../dist/index.js';
import { PRESETS } from '../../web/src/presets.js';
import { DEFAULT_STATE, encodeState } from '../../web/src/state.js';
import { labSession, renderCount, renderedAtLeast } from './browser.js';

/**
 * Lab defects an audit found and left open: a single well the Landscape tab could not show
 * (`kramers analyze x^2` describes it), and walkers or a seed in a link changed without a word.
 * (The open SNR points of the resonance plot are checked in drive.test.ts, on its run.)
 */

const lab = labSession();
const pageErrors: string[] = [];

async function open(query: string): Promise<Page> {
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${query}`);
  return page;
}

/** The library's reason why `problem` has no rate (what `kramers rate` prints, exit 2). */
async function noRateReason(potential: string): Promise<string> {
  try {
    await rate({ potential, D: 0.05 });
  } catch (error) {
    if (isKramersError(error)) return error.message;
    throw error;
  }
  throw new Error(`${potential} has a rate`);
}

/** A plot's CSV export as the page writes it, parsed to numbers (empty cells: null). */
async function plotCsv(page: Page, title: string): Promise<(number | null)[][]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`button[aria-label="export ${title} as CSV"]`),
  ]);
  const lines = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\n');
  return lines.slice(1).map((l) => l.split(',').map((c) => (c === '' ? null : Number(c))));
}

describe("the Lab's audit defects left open", () => {
  it('Landscape: a single well (x^2) is drawn and listed, with why there is no rate', async () => {
    const page = await open('panel=landscape&U=x%5E2');
    // Before: no result ever came (the compute worker threw "well 0 has no barrier to cross")
    // and the tab showed that error over the seed well's plot.
    await renderedAtLeast(page, 1);
    const library = analyze({ potential: 'x^2', D: 0.05 });
    expect(library.wells.map((w) => w.x)).toEqual([0]);
    const wells = await page.$$eval('#wells-table tbody tr', (trs) =>
      trs.map((tr) =>
        Number(tr.children[1]!.querySelector('[data-value]')!.getAttribute('data-value')),
      ),
    );
    expect(wells).toEqual([0]);
    // Nothing to list, as `kramers analyze x^2` prints it ("none"), and the reason `kramers rate`
    // gives, with the analysis's own warning.
    expect(await page.textContent('#barriers-table')).toBe('none');
    expect(await page.textContent('#transitions-table')).toBe('none');
    const reason = await noRateReason('x^2');
    expect(await page.textContent('#no-passage')).toBe(`No escape rate to compute: ${reason}.`);
    const warnings = await page.locator('#panel-landscape li').allTextContents();
    expect(warnings).toEqual(library.warnings.map((w) => `⚠ ${w}`));
    expect(await page.textContent('#problem-error')).toBe('');
    expect(await page.getAttribute('main', 'class')).toBeNull();
    // The plot is U = x² itself (evaluated at each x: exact) around the well, with its marker.
    const rows = await plotCsv(page, 'U(x) with wells, barriers, ΔU and curvature parabolas');
    expect(rows.length).toBeGreaterThan(400);
    for (const [x, U] of rows) expect(U).toBe(x! * x!);
    expect(rows.filter((r) => r[3] !== null)).toEqual([[0, 0, 0, 0, null]]);
    // The Rates tab needs a barrier: it says so (the library's reason) over greyed panels.
    const n = await renderCount(page);
    await page.click('#tab-rates');
    await expect.poll(() => page.textContent('#problem-error')).toBe(reason);
    expect(await page.getAttribute('main', 'class')).toContain('stale');
    expect(await renderCount(page)).toBe(n);
    // Back on the Landscape tab the single well is shown again, not the error.
    await page.click('#tab-landscape');
    await renderedAtLeast(page, n + 1);
    expect(await page.textContent('#problem-error')).toBe('');
    expect(await page.textContent('#no-passage')).toBe(`No escape rate to compute: ${reason}.`);
    await page.close();
  });

  it('Simulation: walkers and seed refused from a link get the message typing them gets', async () => {
    const page = await open('panel=simulation&walkers=1000000&seed=-3');
    await renderedAtLeast(page, 1);
    // Before: 1000000 walkers ran as 20000 and a seed of −3 as 1, without a word.
    const view = await page.evaluate(() => ({
      error: document.getElementById('sim-error')!.textContent,
      walkers: (document.getElementById('sim-walkers') as HTMLInputElement).value,
      seed: (document.getElementById('sim-seed') as HTMLInputElement).value,
      url: Object.fromEntries(new URLSearchParams(location.search)),
    }));
    expect(view.error!.split('\n')).toEqual([
      'walkers must be a whole number from 16 to 20000; got 1000000 in the link',
      'seed must be a whole number from 0 to 4294967295; got -3 in the link',
    ]);
    // What runs is what the fields and the link now show: the defaults.
    expect([view.walkers, view.url['walkers'], view.seed, view.url['seed']]).toEqual([
      '512',
      '512',
      '1',
      '1',
    ]);
    // The same values typed give the same words (the field's, not the link's).
    await page.fill('#sim-walkers', '1000000');
    await page.locator('#sim-walkers').blur();
    await expect
      .poll(() => page.textContent('#sim-error'))
      .toBe('walkers must be a whole number from 16 to 20000; got 1000000');
    // A link with values in range says nothing.
    const fine = await open('panel=simulation&walkers=2000&seed=7');
    await renderedAtLeast(fine, 1);
    expect(await fine.textContent('#sim-error')).toBe('');
    expect(await fine.inputValue('#sim-walkers')).toBe('2000');
    await fine.close();
    await page.close();
  });

  it('D, γ, m, the SR runs and the turnover walkers refused from a link say why, as typing them does', async () => {
    const page = await open(
      'panel=drive&D=-1&gamma=0&srTraj=1000&srSeed=-1&srPeriods=20&tg=0.01:100:17&twalkers=1000000',
    );
    await renderedAtLeast(page, 1);
    // Before: D = −1 and γ = 0 ran as the defaults, 1000 trajectories as 256, a seed of −1 and
    // 20 periods as the defaults, 1000000 walkers per γ as 50000, all without a word.
    const view = await page.evaluate(() => {
      const text = (id: string) => document.getElementById(id)!.textContent;
      const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
      return {
        problem: text('problem-link-error'),
        drive: text('drive-link-error'),
        turnover: text('turnover-link-error'),
        fields: [value('D'), value('gamma'), value('drive-traj'), value('drive-seed')],
        periods: value('drive-periods'),
        walkers: value('turnover-walkers'),
      };
    });
    expect(view.problem!.split('\n')).toEqual([
      'noise intensity D = k_B T must be a positive number; got -1 in the link',
      'friction γ must be a positive number; got 0 in the link',
    ]);
    expect(view.drive!.split('\n')).toEqual([
      'trajectories per D must be a whole number from 2 to 256; got 1000 in the link',
      'recorded periods must be 16, 32, 64 or 128; got 20 in the link',
      'seed must be a whole number from 0 to 4294967295; got -1 in the link',
    ]);
    expect(view.turnover).toBe(
      'walkers per friction value must be a whole number from 100 to 50000; got 1000000 in the link',
    );
    // What runs is what the fields show: the defaults.
    const d = DEFAULT_STATE;
    expect(view.fields).toEqual([
      String(d.problem.D),
      String(d.problem.gamma),
      String(d.drive.trajectories),
      String(d.drive.seed),
    ]);
    expect(view.periods).toBe(String(d.drive.periods));
    expect(view.walkers).toBe('2000');
    // The same trajectories typed give the same words (the field's, not the link's).
    await page.fill('#drive-traj', '1000');
    await page.locator('#drive-traj').blur();
    await expect
      .poll(() => page.textContent('#drive-error'))
      .toBe('trajectories per D must be a whole number from 2 to 256; got 1000');
    expect(await page.inputValue('#drive-traj')).toBe('1000');
    // A link with values in range says nothing.
    const fine = await open('panel=drive&D=0.1&srTraj=32&srSeed=7');
    await renderedAtLeast(fine, 1);
    expect(await fine.textContent('#problem-link-error')).toBe('');
    expect(await fine.textContent('#drive-link-error')).toBe('');
    expect(await fine.inputValue('#drive-traj')).toBe('32');
    await fine.close();
    await page.close();
  });

  it.each([0, 1])(
    "Rates: the tilted well from well %i warns as `kramers rate` does, not of the landscape's other passage",
    async (from) => {
      const problem = { ...PRESETS.find((p) => p.id === 'tilted')!.problem, from };
      const page = await open(encodeState({ ...DEFAULT_STATE, panel: 'rates', problem }));
      await renderedAtLeast(page, 1);
      // Before, from well 0: "ΔU/D = 3.94 < 5" (the reverse passage's, from well 1) and the
      // analysis's "collision rate γ/m = 1 is not ≫ ω_s = 0.985", which `kramers rate` does not
      // print for the same inputs (--mass 1 included); they belong to the Landscape tab.
      const { potential, parameters, D, gamma, mass } = problem;
      const cli = await rate({ potential, parameters, D, gamma, mass, from });
      const shown = await page.locator('#panel-rates ul.warnings li').allTextContents();
      expect(shown).toEqual(cli.warnings.map((w) => `⚠ ${w}`));
      expect(shown).toHaveLength(from);
      await page.close();
    },
  );

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
