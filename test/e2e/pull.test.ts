import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import { methodInfo, pull } from '../../dist/index.js';
import { DEFAULT_STATE, encodeState } from '../../web/src/state.js';
import { runCli } from '../cli/run.js';
import { ARTIFACTS, labSession } from './browser.js';

/**
 * The Lab's Pulling panel in Chromium: its ⟨F⟩ columns are the library's pull() for the same
 * bond, a short run of walkers draws a rupture-force histogram with a mean and CI, and a shared
 * URL restores the panel's settings.
 */

const lab = labSession();
const pageErrors: string[] = [];

const BOND = { model: 'linear-cubic', deltaG: 8, xb: 1, k0: 1, D: 1 } as const;
const RATE = 30;

function query(extra: Partial<NonNullable<typeof DEFAULT_STATE.pull>> = {}): string {
  return encodeState({
    ...DEFAULT_STATE,
    panel: 'pulling',
    pull: { ...BOND, loadingRate: RATE, walkers: 200, seed: 7, ...extra },
  });
}

async function open(q: string): Promise<Page> {
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${q}`);
  await pullRendered(page, 1);
  return page;
}

/** Equal to 1e-12 relative (see the first test). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.abs(b);
}

async function pullRenders(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset['pullRenders'] ?? 0));
}

async function pullRendered(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => Number(document.body.dataset['pullRenders'] ?? 0) >= k, n, {
    timeout: 20_000,
  });
}

/** method → the full-precision ⟨F⟩ the table shows. */
async function shownMeans(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const tr of document.querySelectorAll<HTMLElement>('#pull-table tbody tr')) {
      const cell = tr.children[1]?.querySelector<HTMLElement>('[data-value]');
      if (tr.dataset['method'] && cell) out[tr.dataset['method']] = Number(cell.dataset['value']);
    }
    return out;
  });
}

describe('the Pulling panel', () => {
  it("shows the library's ⟨F⟩ (Bell–Evans, DHS, exact) for the same bond and rate", async () => {
    const page = await open(query());
    const shown = await shownMeans(page);
    const report = await pull({ ...BOND, loadingRates: [RATE] });
    const row = report.rows[0]!;
    // Same library and inputs; only the JavaScript engine differs (Chromium's V8 against Node's),
    // whose Math.exp/log/pow may differ in the last ulp: 1e-12 relative is far below the
    // quadrature's own error estimate (~1e-12 absolute here) and would catch any other input.
    for (const m of ['bellEvans', 'dhs', 'exact'] as const) {
      expect(close(shown[m]!, row.meanForce[m]!), m).toBe(true);
    }
    // Moving the rate recomputes: at r = 1000 the page shows pull() at r = 1000.
    const before = await pullRenders(page);
    await page.fill('#pull-rate', '1000');
    await page.press('#pull-rate', 'Enter');
    await pullRendered(page, before + 1);
    const fast = await pull({ ...BOND, loadingRates: [1000] });
    const moved = await shownMeans(page);
    expect(close(moved['exact']!, fast.rows[0]!.meanForce.exact!)).toBe(true);
    expect(close(moved['dhs']!, fast.rows[0]!.meanForce.dhs)).toBe(true);
    expect(page.url()).toContain('pull.r=1000');
    // The landscape's force slider at its end is the critical force 3ΔG‡/(2x‡) = 12 of the
    // linear-cubic bond (DHS 2006), where the tilted barrier vanishes.
    await page.evaluate(() => {
      const slider = document.querySelector<HTMLInputElement>('#pull-force')!;
      slider.value = '1';
      slider.dispatchEvent(new Event('input'));
    });
    expect(await page.textContent('#pull-force-text')).toBe('F = 12 (100% of F_c)');
    // The animation sweeps the force, and stops when the tab is left.
    await page.click('#pull-play');
    await page.waitForFunction(
      () => !document.querySelector('#pull-force-text')!.textContent!.includes('100%'),
    );
    await page.click('#tab-landscape');
    await page.waitForFunction(
      () => document.querySelector('#pull-play')!.textContent === 'Animate F',
    );
    await page.click('#tab-pulling');
    expect(await page.locator('#pull-model').getAttribute('id')).toBe('pull-model');
    await page.close();
  });

  it('runs walkers and draws their rupture-force histogram with a mean and 95% CI', async () => {
    const page = await open(query());
    const before = await pullRenders(page);
    await page.click('#pull-run');
    await pullRendered(page, before + 1);
    await page.locator('#pull-table tr[data-method="simulated"]').waitFor({ timeout: 90_000 });
    const sim = await page.evaluate(() => {
      const lab = (window as unknown as { __lab: { pulling: { simulation: unknown } } }).__lab;
      return lab.pulling.simulation as {
        walkers: number;
        counts: number[];
        meanForce: number;
        meanForceStdErr: number;
        meanForceCI95: [number, number];
      };
    });
    expect(sim.walkers).toBe(200);
    expect(sim.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(sim.meanForceCI95[0]).toBeLessThan(sim.meanForce);
    expect(sim.meanForceCI95[1]).toBeGreaterThan(sim.meanForce);
    // The same walkers in Node (pull()'s own simulation, same seed) give the same numbers: the
    // page's runner is bit-identical to Node's (lab.test.ts), so the mean agrees to rounding.
    const node = await pull({ ...BOND, loadingRates: [RATE], simulate: { walkers: 200, seed: 7 } });
    const s = node.rows[0]!.simulated!;
    expect(sim.meanForce).toBeCloseTo(s.meanForce, 10);
    expect(sim.meanForceStdErr).toBeCloseTo(s.meanForceStdErr!, 10);
    // And the exact quasi-static ⟨F⟩ lies within 3 SE of it (the library's own acceptance test).
    const exact = node.rows[0]!.meanForce.exact!;
    expect(Math.abs(sim.meanForce - exact)).toBeLessThan(3 * sim.meanForceStdErr);
    const shownCi = await page.getAttribute(
      '#pull-table tr[data-method="simulated"]',
      'data-ci-low',
    );
    expect(Number(shownCi)).toBe(sim.meanForceCI95[0]);
    await page.screenshot({ path: join(ARTIFACTS, 'pulling.png'), fullPage: true });
    // A slow bond pulled slowly (k0 = 1e-6, r = 0.01: ⟨F⟩/r ~ 1e3 per walker) is not started
    // unasked: the panel says how long it would take.
    for (const [id, value] of [
      ['#pull-k0', '1e-6'],
      ['#pull-rate', '0.01'],
    ] as const) {
      const before = await pullRenders(page);
      await page.fill(id, value);
      await page.press(id, 'Enter');
      await pullRendered(page, before + 1);
    }
    await page.click('#pull-run');
    expect(await page.textContent('#pull-status')).toContain('Press Run again');
    expect(await page.textContent('#pull-run')).toBe('Run walkers');
    await page.close();
  });

  it('shows what `kramers pull --simulate` shows when walkers are still intact at the ramp end', async () => {
    // The seed double well (the sidebar's default) pulled at r = 0.1: 83 of 200 walkers have not
    // reached the broken state by 2 F_c, so pull() gives ≥ the mean of min(F, F_end), no SE,
    // a [lower, ∞] interval, a warning and not_converged (exit code 3) — the page must too.
    const cli = runCli([
      'pull',
      'x^4/4 - x^2/2',
      '--rates',
      '0.1',
      '--simulate',
      '--walkers',
      '200',
      '--seed',
      '1',
      '--json',
    ]);
    expect(cli.status).toBe(3);
    const report = JSON.parse(cli.stdout) as {
      retcode: string;
      rows: {
        simulated: {
          meanForce: number;
          meanForceIsLowerBound: boolean;
          meanForceCI95: [number, number | null];
          censored: number;
          warnings: string[];
        };
      }[];
    };
    const s = report.rows[0]!.simulated;
    expect(s.meanForceIsLowerBound).toBe(true);
    const page = await open(query({ model: 'expression', loadingRate: 0.1, seed: 1 }));
    const before = await pullRenders(page);
    await page.click('#pull-run');
    await pullRendered(page, before + 1);
    const row = page.locator('#pull-table tr[data-method="simulated"]');
    await row.waitFor({ timeout: 90_000 });
    const shown = await row.evaluate((tr) => ({
      text: tr.children[1]!.textContent,
      value: Number(tr.children[1]!.querySelector<HTMLElement>('[data-value]')!.dataset['value']),
      sd: tr.children[2]!.textContent,
      lowerBound: (tr as HTMLElement).dataset['lowerBound'],
      retcode: (tr as HTMLElement).dataset['retcode'],
      ciHigh: (tr as HTMLElement).dataset['ciHigh'],
      error: tr.children[3]!.textContent,
    }));
    // Same library, same seed, same walkers: the bound agrees to 1e-12 relative (V8 against
    // Node's V8 in the last ulp of exp/log; see the first test).
    expect(close(shown.value, s.meanForce)).toBe(true);
    expect(shown.text!.startsWith('≥')).toBe(true);
    expect(shown.lowerBound).toBe('true');
    expect(shown.sd).toBe('—');
    expect(shown.ciHigh).toBe('Infinity');
    expect(shown.error).toContain('∞]');
    expect(shown.retcode).toBe('not_converged');
    expect(await page.textContent('#pull-status')).toContain(`retcode: ${report.retcode}`);
    // The library's warning (share intact and the fix), word for word.
    const warning = s.warnings.find((w) => w.includes('had not ruptured'))!;
    expect(warning).toContain(`${s.censored} of 200 walkers`);
    expect(await page.locator('#panel-pulling ul.warnings').textContent()).toContain(warning);
    await page.close();
  });

  it('exports a cut-off ⟨F⟩ to CSV as a lower bound with an empty ±, never NaN', async () => {
    // r = 1000 on this bond: 5% of bonds are still intact at DHS's F_c (test/studies/pull.test.ts),
    // so pull() gives its mean as a lower bound with a NaN error, while Bell–Evans, whose rate
    // never stops, keeps its ±, and so does the exact column, whose rate only rises past its cut
    // (36% intact there: bounded, ± 0.34).
    const page = await open(query({ loadingRate: 1000 }));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#pull-table + button.csv'),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    const [head, ...lines] = text.trim().split('\n');
    expect(head).toBe(
      'method,loadingRate,meanForce,meanForceIsLowerBound,sdForce,error,sdForceError',
    );
    const rows = lines.map((line) => line.split(','));
    // The library on the same bond at the CSV's own rates is the reference for which means are
    // bounds: a bound has no ± (the library's NaN), a resolved mean a positive one.
    const rates = [...new Set(rows.map((r) => Number(r[1])))];
    const report = await pull({ ...BOND, loadingRates: rates });
    const keyOf = (label: string) =>
      label === methodInfo('bellEvans')!.label
        ? 'bellEvans'
        : label === `${methodInfo('dhs')!.label} ν = 2/3`
          ? 'dhs'
          : label.startsWith(methodInfo('exact')!.label)
            ? 'exact'
            : null;
    const seen = { bound: 0, resolved: 0 };
    for (const [label, rate, mean, bound, , error, sdError] of rows) {
      expect(bound === 'true' || bound === 'false', `${label} at r = ${rate}`).toBe(true);
      // Every row, the other DHS ν included: a bound and a ± never come together, for the SD too
      // (the walkers' SD is an estimate with no bound).
      expect(error === '', `${label} at r = ${rate}`).toBe(bound === 'true');
      if (!label!.startsWith(methodInfo('simulation')!.label)) {
        expect(sdError === '', `SD ${label} at r = ${rate}`).toBe(bound === 'true');
      }
      const key = keyOf(label!);
      if (key === null) continue;
      const row = report.rows.find((r) => r.loadingRate === Number(rate))!;
      expect(bound === 'true', `${key} at r = ${rate}`).toBe(Number.isNaN(row.meanForceError[key]));
      // 1e-12 relative: the same library in V8 and in Node (see the first test).
      expect(close(Number(mean), row.meanForce[key]!), `${key} at r = ${rate}`).toBe(true);
      if (bound === 'false') expect(Number(error)).toBeGreaterThan(0);
      seen[bound === 'true' ? 'bound' : 'resolved']++;
    }
    // Both kinds are in this export (the chosen r = 1000 and the ladder down to r = 10).
    expect(seen.bound).toBeGreaterThan(0);
    expect(seen.resolved).toBeGreaterThan(0);
    // The table's SD column: the exact SD ± the library's bound (± 0.51 at r = 1000), DHS's SD a
    // lower bound (≥, no ±), as `kramers pull` prints them. Before, every SD was a bare number.
    const sds = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#pull-table tbody tr[data-method]')].map(
          (tr) => [
            tr.dataset['method'],
            {
              text: tr.children[2]!.textContent,
              error: tr.children[2]!.querySelector<HTMLElement>('[data-error]')?.dataset['error'],
            },
          ],
        ),
      ),
    );
    const fast = report.rows.find((r) => r.loadingRate === 1000)!;
    // The ± is half the width of bounds ~1 wide: V8 against Node moves it far below 1e-9.
    expect(Math.abs(Number(sds['exact']!.error) / fast.sdForceError.exact! - 1)).toBeLessThan(1e-9);
    expect(sds['exact']!.text).toMatch(/^2\.11062 ± 0\.51$/);
    expect(sds['dhs']!.text).toMatch(/^≥2\.12233$/);
    expect(sds['dhs']!.error).toBeUndefined();
    await page.close();
  });

  it('draws a lower bound of ⟨F⟩ apart from its curve, as an open marker', async () => {
    // r = 1000: DHS's mean (both ν) is only a lower bound (NaN ±, the CSV test above); its curve
    // drew it as a value. Now the curve breaks there and a legend row names the bound, with an open marker.
    const legendOf = (page: Page) =>
      page.evaluate(() =>
        [
          ...document
            .querySelector(
              'button[aria-label="export Mean rupture force ⟨F⟩ against ln r as SVG"]',
            )!
            .closest('figure')!
            .querySelectorAll<HTMLElement>('.u-legend .u-series'),
        ].map((row) => ({
          label: row.querySelector('.u-label')?.textContent ?? '',
          marker: row.querySelector<HTMLElement>('.u-marker')?.dataset['marker'],
        })),
      );
    const fast = await open(query({ loadingRate: 1000 }));
    const bounds = (await legendOf(fast)).filter((e) => e.label.includes('lower bound'));
    expect(bounds).toEqual([
      { label: `${methodInfo('dhs')!.label} ν = 2/3: lower bound, ⟨F⟩ ≥`, marker: 'open' },
      { label: `${methodInfo('dhs')!.label} ν = 1/2: lower bound, ⟨F⟩ ≥`, marker: 'open' },
    ]);
    await fast.close();
    // At r = 1 the ladder (r·10^±2) ends at r = 100, where every column is a value: no such row.
    const slow = await open(query({ loadingRate: 1 }));
    expect((await legendOf(slow)).some((e) => e.label.includes('lower bound'))).toBe(false);
    await slow.close();
    expect(pageErrors).toEqual([]);
  });

  it('restores model, bond and loading rate from a shared URL', async () => {
    const q = query({ model: 'cusp', deltaG: 10, loadingRate: 3, seed: 5 });
    const page = await open(q);
    expect(await page.inputValue('#pull-model')).toBe('cusp');
    expect(await page.inputValue('#pull-dG')).toBe('10');
    expect(await page.inputValue('#pull-rate')).toBe('3');
    expect(await page.inputValue('#pull-seed')).toBe('5');
    expect(await page.getAttribute('#tab-pulling', 'aria-selected')).toBe('true');
    const report = await pull({ model: 'cusp', deltaG: 10, xb: 1, k0: 1, D: 1, loadingRates: [3] });
    expect(close((await shownMeans(page))['exact']!, report.rows[0]!.meanForce.exact!)).toBe(true);
    // Every control has a label (by <label for> or aria-label).
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('#panel-pulling input, #panel-pulling select')]
        .filter(
          (el) =>
            !el.getAttribute('aria-label') && !document.querySelector(`label[for="${el.id}"]`),
        )
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
    // Bell's model has no potential: no exact column, no landscape, and no error.
    let before = await pullRenders(page);
    await page.selectOption('#pull-model', 'bell');
    await pullRendered(page, before + 1);
    const bell = await shownMeans(page);
    expect(bell['exact']).toBeUndefined();
    expect(bell['bellEvans']).toBeGreaterThan(0);
    expect(await page.textContent('#pull-error')).toBe('');
    // The sidebar's expression (the seed double well at D = 0.05): pull() of that expression.
    before = await pullRenders(page);
    await page.selectOption('#pull-model', 'expression');
    await pullRendered(page, before + 1);
    const p = DEFAULT_STATE.problem;
    const own = await pull({
      potential: p.potential,
      parameters: p.parameters,
      D: p.D,
      gamma: p.gamma,
      from: p.from,
      loadingRates: [3],
    });
    expect(close((await shownMeans(page))['exact']!, own.rows[0]!.meanForce.exact!)).toBe(true);
    expect(page.url()).toContain('pull.model=expression');
    // Fits a phone screen (no horizontal overflow at 390 px).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'pulling-phone.png'), fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
