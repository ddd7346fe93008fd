import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import {
  methodInfo,
  runPreset,
  type TurnoverProblem,
  tableCellText,
  turnover,
  turnoverExactPoint,
} from '../../dist/index.js';
import { ARTIFACTS, labSession } from './browser.js';

/**
 * The Turnover tab and the physical-preset gallery in Chromium: the numbers on the page are the
 * library's (turnover() and runPreset() called here in Node with the same inputs), a preset opens
 * its reduced problem, and a shared URL restores both panels.
 */

/** What the page exposes for tests (web/src/main.ts, turnoverPanel.ts, galleryPanel.ts). */
interface PanelsHooks {
  turnover: {
    exact: unknown;
    simulated: unknown;
    current: { gamma: number } | null;
    phase: { x: number[]; absorbed: number }[];
  };
  gallery: { report: { parameters: Record<string, { value: number }> } | null };
}
declare global {
  interface Window {
    __panels: PanelsHooks;
  }
}

const lab = labSession();
const pageErrors: string[] = [];
const external: string[] = [];

async function open(query: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await lab.browser.newPage({ viewport });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(lab.server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      external.push(url);
    }
  });
  await page.goto(`${lab.server.url}?${query}`);
  return page;
}

/** Waits until a counter on <body> (turnoverRenders, presetRenders) reaches n. */
async function counter(page: Page, name: string, n: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    ([k, m]) => Number(document.body.dataset[k] ?? 0) >= m,
    [name, n] as const,
    {
      timeout,
    },
  );
}

/**
 * The turnover tables as shown (the theories', then the exact and simulated columns' beside
 * them): one object per γ, column key → full-precision value.
 */
async function turnoverTable(page: Page): Promise<Record<string, number>[]> {
  return page.evaluate(() => {
    const rows: Record<string, number>[] = [];
    for (const id of ['turnover-table', 'turnover-slow-table']) {
      document.querySelectorAll(`#${id} tbody tr`).forEach((tr, i) => {
        rows[i] ??= {};
        for (const cell of tr.querySelectorAll<HTMLElement>('[data-column]')) {
          rows[i]![cell.dataset['column']!] = Number(cell.dataset['value']);
        }
      });
    }
    return rows;
  });
}

/**
 * The page's numbers against Node's. The same code runs on both sides, but Chromium's V8 and
 * Node 20's V8 differ in the last bit of some Math functions (seen: 0.012317077262138291 vs
 * …828), so closed forms are held to 1e-13 relative; the exact column goes through an LU and
 * inverse iteration (condition number ≲ 1e4 at these frictions), so 1e-9.
 */
function close(
  shown: number | undefined,
  expected: number | null | undefined,
  rel: number,
  what: string,
) {
  expect(typeof shown, what).toBe('number');
  expect(typeof expected, what).toBe('number');
  expect(Math.abs(shown! / expected! - 1), `${what}: ${shown} vs ${expected}`).toBeLessThan(rel);
}

/** Same problem as the URL below: the seed double well at ΔU/D = 2.5 (fast exact solves). */
const PROBLEM: TurnoverProblem = {
  potential: 'x^4/4 - x^2/2',
  parameters: {},
  D: 0.1,
  mass: 1,
  from: 0,
};
const RANGE = { gammaMin: 0.1, gammaMax: 20, points: 7 };
const QUERY = `panel=turnover&U=${encodeURIComponent('x^4/4 - x^2/2')}&D=0.1&gamma=1&m=1&tg=0.1:20:7`;

describe('the Turnover tab and the physical presets in Chromium', () => {
  it("shows every theory column, the exact curve and its maximum equal to the library's turnover()", async () => {
    const page = await open(QUERY);
    await counter(page, 'turnoverRenders', 1);
    const library = await turnover({ ...PROBLEM, ...RANGE });
    const shown = await turnoverTable(page);
    expect(shown).toHaveLength(RANGE.points);
    library.rows.forEach((row, i) => {
      close(shown[i]!['gamma'], row.gamma, 1e-13, 'γ grid (x ** y)');
      for (const key of [
        'tst',
        'spatialDiffusion',
        'energyDiffusion',
        'kramers',
        'melnikovMeshkov',
      ] as const) {
        // Same code, same inputs, numbers passed by structured clone: equal to the last bit.
        close(shown[i]![key], row.rates[key], 1e-13, `${key} at γ = ${row.gamma}`);
      }
    });
    expect(await page.locator('#turnover-maximum').textContent()).toContain(
      `γ* = ${Number(library.theoryMaximum!.gamma.toPrecision(6))}`,
    );
    // The exact curve on request, on a worker of its own, with progress.
    const renders = await page.evaluate(() => Number(document.body.dataset['turnoverRenders']));
    await page.click('#turnover-exact');
    await page.waitForFunction(() => window.__panels.turnover.exact !== null, null, {
      timeout: 150_000,
    });
    await counter(page, 'turnoverRenders', renders + 1);
    const exact = await turnover({ ...PROBLEM, ...RANGE, exact: true });
    const withExact = await turnoverTable(page);
    exact.rows.forEach((row, i) => {
      close(
        withExact[i]!['kleinKramers'],
        row.rates.kleinKramers,
        1e-9,
        `exact at γ = ${row.gamma}`,
      );
      // The error estimate is a sum of differences of eigenvalues (basis refinements, the
      // iteration's last change), so it carries their *absolute* rounding, not a relative one:
      // two rates that agree to 1e-9·k give errors that agree to about 1e-9·k, however small the
      // error itself (seen: 1.59944945392e-7 vs …4586685e-7 at γ = 0.1, 3e-9 of the error but
      // 2.5e-13 of the rate 1.9e-3).
      const what = `exact error at γ = ${row.gamma}`;
      expect(typeof withExact[i]!['errors.kleinKramers'], what).toBe('number');
      expect(
        Math.abs(withExact[i]!['errors.kleinKramers']! - row.errors.kleinKramers!),
        what,
      ).toBeLessThan(1e-9 * row.rates.kleinKramers!);
    });
    const maximum = await page.evaluate(
      () =>
        (window.__panels.turnover.exact as { maximum: { gamma: number; rate: number } }).maximum,
    );
    close(maximum.gamma, exact.maximum!.gamma, 1e-9, 'exact γ*');
    close(maximum.rate, exact.maximum!.rate, 1e-9, 'exact k*');
    expect(await page.locator('#turnover-maximum').textContent()).toContain(
      `exact maximum (parabola through the grid maximum): γ* = ${Number(maximum.gamma.toPrecision(6))}`,
    );
    expect(page.url()).toContain('texact=1');
    // The SVG export is redrawn from the data, the maxima and the regimes included.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(
        'button[aria-label="export Kramers turnover: log10 k against log10 γ, every theory, exact and simulated as SVG"]',
      ),
    ]);
    const svg = readFileSync(await download.path(), 'utf8');
    const maxima = ['kleinKramers', 'melnikovMeshkov'].map((k) => `${methodInfo(k)!.short} max`);
    for (const label of [...maxima, 'current γ = 1', 'spatial diffusion']) {
      expect(svg).toContain(label);
    }
    // The sidebar's γ moves the marker; the current row is the library's at that γ.
    await page.fill('#gamma', '3');
    await page.locator('#gamma').dispatchEvent('change');
    await page.waitForFunction(() => window.__panels.turnover.current?.gamma === 3, null, {
      timeout: 20_000,
    });
    const at3 = (await turnover({ ...PROBLEM, gammaMin: 3, gammaMax: 3, points: 1 })).rows[0]!;
    expect(await page.locator('#turnover-current').textContent()).toContain(
      `${methodInfo('melnikovMeshkov')!.label} k = ${Number(at3.rates.melnikovMeshkov!.toPrecision(6))}`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'turnover.png'), fullPage: true });
    await page.close();
  });

  it('Stop keeps the exact points finished, drawn and tabled as a partial curve', async () => {
    // γ = 0.003 … 3 on 7 points at ΔU/D = 2.5: the weakest friction is solved first and takes
    // ~18 s in Node (0.0095: 5 s, the rest under 1 s each), so it is still solving when the
    // second point is in and Stop is pressed from inside the page. The old page terminated the
    // worker and threw every finished point away ("exact curve cancelled", no table).
    const page = await open(QUERY.replace('tg=0.1:20:7', 'tg=0.003:3:7'));
    await counter(page, 'turnoverRenders', 1);
    const stopped = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const status = document.getElementById('turnover-status')!;
          const observer = new MutationObserver(() => {
            if (/: [2-9] of 7 friction values/.test(status.textContent ?? '')) {
              observer.disconnect();
              document.getElementById('turnover-exact')!.click();
              resolve();
            }
          });
          observer.observe(status, { childList: true, characterData: true, subtree: true });
        }),
    );
    await page.click('#turnover-exact');
    await stopped;
    await expect
      .poll(() => page.textContent('#turnover-status'), { timeout: 60_000 })
      .toMatch(/^exact curve stopped after [\d.]+ s: \d of 7 friction values kept/);
    const report = await page.evaluate(
      () =>
        window.__panels.turnover.exact as {
          rows: { gamma: number; rates: { kleinKramers: number | null } }[];
        } | null,
    );
    expect(report).not.toBeNull();
    const kept = report!.rows.filter((r) => typeof r.rates.kleinKramers === 'number');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(7);
    // The point solving at the click ends with it (its worker is terminated): had Stop waited
    // for the solves in flight, γ = 0.003 would be in the reply.
    expect(report!.rows[0]!.gamma).toBe(0.003);
    expect(report!.rows[0]!.rates.kleinKramers).toBeNull();
    // Each kept point is the library's at its γ (the same code in Node: 1e-9, as above).
    const shown = await turnoverTable(page);
    for (const row of kept) {
      const i = report!.rows.indexOf(row);
      const node = turnoverExactPoint({ ...PROBLEM }, row.gamma);
      close(shown[i]!['kleinKramers'], node.rate, 1e-9, `kept exact point at γ = ${row.gamma}`);
    }
    // Marked partial: the table's caption, the legend entry, the maximum's words.
    expect(await page.locator('#turnover-slow-table caption').textContent()).toContain(
      `stopped: ${kept.length} of 7 friction values kept (a partial curve)`,
    );
    expect(await page.locator('#panel-turnover figure.plot').first().textContent()).toContain(
      '(partial: stopped)',
    );
    expect(await page.locator('#turnover-maximum').textContent()).toContain('of the partial curve');
    // The button offers a new curve, and a shared link does not start the whole solve again.
    expect(await page.textContent('#turnover-exact')).toBe(
      'Compute the exact curve (Klein–Kramers λ1)',
    );
    expect(page.url()).not.toContain('texact=1');
    await page.close();
  });

  it('simulates points with CIs in a worker equal to turnover({ simulate }) in Node (same seed)', async () => {
    const page = await open(`${QUERY.replace('tg=0.1:20:7', 'tg=1:4:2')}&twalkers=200`);
    await counter(page, 'turnoverRenders', 1);
    await page.click('#turnover-simulate');
    await page.waitForFunction(() => window.__panels.turnover.simulated !== null, null, {
      timeout: 150_000,
    });
    await counter(page, 'turnoverRenders', 2);
    const library = await turnover({
      ...PROBLEM,
      gammaMin: 1,
      gammaMax: 4,
      points: 2,
      simulate: { walkers: 200 },
    });
    const shown = await turnoverTable(page);
    library.rows.forEach((row, i) => {
      // The walkers' kernel is bit-identical in both (lab.test.ts); p_b is a quadrature.
      close(shown[i]!['relaxation'], row.rates.relaxation, 1e-9, `simulated at γ = ${row.gamma}`);
      close(shown[i]!['ci95.relaxation.low'], row.ci95.relaxation![0], 1e-9, 'CI low');
      close(shown[i]!['ci95.relaxation.high'], row.ci95.relaxation![1], 1e-9, 'CI high');
    });
    // The phase-space view runs the library's underdamped walkers at weak and strong friction.
    await page.click('#phase-run');
    await page.waitForFunction(
      () => /far side/.test(document.getElementById('phase-status')?.textContent ?? ''),
      null,
      {
        timeout: 150_000,
      },
    );
    const walkers = await page.evaluate(() =>
      window.__panels.turnover.phase.map((s) => s.x.length + s.absorbed),
    );
    expect(walkers).toEqual([300, 300]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[aria-label="export phase-space snapshots as SVG"]'),
    ]);
    const svg = readFileSync(await download.path(), 'utf8');
    const inWindow = await page.evaluate(() =>
      window.__panels.turnover.phase.reduce((n, s) => n + s.x.length, 0),
    );
    // One circle per walker still in the window, and the separatrix of each panel.
    expect(svg.match(/<circle /g)).toHaveLength(inWindow);
    expect(svg).toContain('weak friction');
    expect(svg).toContain('strong friction');
    // And the canvases drew them.
    const drawn = await page.evaluate(() =>
      ['weak', 'strong'].map((w) =>
        Number(document.getElementById(`phase-${w}`)?.dataset['walkers']),
      ),
    );
    expect(drawn[0]! + drawn[1]!).toBe(inWindow);
    await page.close();
  });

  it('Stop in the phase-space view keeps only the walkers that reached t, and says it stopped', async () => {
    // Stopped while the weak friction's walkers run (pressed from inside the page as soon as the
    // status says they started), the old view went on to a "snapshot" of every friction at its
    // full t, 300 walkers each, and a status that did not say it had stopped.
    const page = await open(QUERY);
    await counter(page, 'turnoverRenders', 1);
    await page.evaluate(() => {
      const status = document.getElementById('phase-status')!;
      const observer = new MutationObserver(() => {
        if (/^simulating .* γ = /.test(status.textContent ?? '')) {
          observer.disconnect();
          document.getElementById('phase-run')!.click();
        }
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
      document.getElementById('phase-run')!.click();
    });
    await page.waitForFunction(
      () => /^stopped/.test(document.getElementById('phase-status')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    const kept = await page.evaluate(() =>
      window.__panels.turnover.phase.map((s) => s.x.length + s.absorbed),
    );
    // Stopped during the first friction: at most its snapshot is kept, of the walkers that ran.
    expect(kept.length).toBeLessThanOrEqual(1);
    for (const n of kept) expect(n).toBeLessThan(300);
    const drawn = await page.evaluate(() =>
      ['weak', 'strong'].map((w) =>
        Number(document.getElementById(`phase-${w}`)?.dataset['walkers'] ?? 0),
      ),
    );
    expect(drawn[1]).toBe(0);
    await page.close();
  });

  it('a drift preset (the toggle switch): runPreset’s answers, its field, and no U(x) to open in the Lab', async () => {
    const page = await open('panel=gallery');
    await page.click('#preset-card-toggle-switch');
    await counter(page, 'presetRenders', 1);
    // The walkers run in the page's worker with the preset's seed: the same text as in Node.
    const library = runPreset('toggle-switch');
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#preset-results-table tbody tr')].map((tr) => [
          tr.dataset['result'],
          tr.querySelector<HTMLElement>('[data-value]')!.textContent,
        ]),
      ),
    );
    for (const r of library.results) expect(shown[r.name], r.name).toBe(r.text);
    expect(await page.locator('#preset-reduced').textContent()).toContain('b(u, v) = (');
    expect(await page.locator('#preset-open-reduced').isHidden()).toBe(true);
    await page.close();
  });

  it('opens a preset card, a physical slider gives runPreset’s answer in units, and the reduced problem opens in the Lab', async () => {
    const page = await open('panel=gallery');
    await page.click('#preset-card-memory-bit');
    await counter(page, 'presetRenders', 1);
    await page.fill('#preset-T', '350');
    await page.locator('#preset-T').dispatchEvent('change');
    await page.waitForFunction(
      () => window.__panels.gallery.report?.parameters['T']?.value === 350,
      null,
      {
        timeout: 20_000,
      },
    );
    const library = runPreset('memory-bit', { T: 350 });
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#preset-results-table tbody tr')].map((tr) => [
          tr.dataset['result'],
          tr.querySelector<HTMLElement>('[data-value]')!.textContent,
        ]),
      ),
    );
    for (const r of library.results) expect(shown[r.name], r.name).toBe(r.text);
    // A different temperature gives a different flip rate, in 1/s.
    expect(runPreset('memory-bit').results.find((r) => r.name === 'rate')!.text).not.toBe(
      shown['rate'],
    );
    expect(library.results.find((r) => r.name === 'rate')!.unit).toBe('1/s');
    expect(page.url()).toContain('gp=memory-bit');
    expect(page.url()).toContain('g.T=350');
    const shared = new URL(page.url()).search.slice(1);
    await page.click('#preset-open-reduced');
    await page.waitForFunction(
      () => document.getElementById('tab-landscape')?.getAttribute('aria-selected') === 'true',
    );
    expect(await page.inputValue('#expr')).toBe(library.problem.potential);
    expect(Number(await page.inputValue('#param-b'))).toBe(library.problem.parameters['b']);
    await page.close();

    // The shared URLs restore both panels: the preset with its slider, the turnover range with
    // its exact curve (recomputed on load).
    const copy = await open(shared);
    await counter(copy, 'presetRenders', 1);
    expect(await copy.getAttribute('#tab-gallery', 'aria-selected')).toBe('true');
    expect(await copy.inputValue('#preset-T')).toBe('350');
    expect(
      await copy
        .locator('#preset-results-table tbody tr[data-result="rate"] [data-value]')
        .textContent(),
    ).toBe(library.results.find((r) => r.name === 'rate')!.text);
    await copy.screenshot({ path: join(ARTIFACTS, 'physical-preset.png'), fullPage: true });
    await copy.close();
    const turnoverCopy = await open(`${QUERY}&texact=1`);
    await turnoverCopy.waitForFunction(() => window.__panels.turnover.exact !== null, null, {
      timeout: 150_000,
    });
    expect(await turnoverCopy.inputValue('#turnover-points')).toBe('7');
    expect(await turnoverCopy.getAttribute('#turnover-exact', 'aria-pressed')).toBe('true');
    await turnoverCopy.close();
  });

  it('shows a preset’s tables with runPreset’s cells and exports its answers and tables as CSV', async () => {
    const page = await open('panel=gallery&gp=josephson');
    await counter(page, 'presetRenders', 1);
    const library = runPreset('josephson');
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('#preset-results table:not(#preset-results-table)')].map(
        (t) => ({
          columns: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
          cells: [...t.querySelectorAll('tbody tr')].map((tr) =>
            [...tr.children].map((td) => td.textContent),
          ),
        }),
      ),
    );
    // The page's digits: six significant, a value past double range from its log.
    const digits = (v: number, d: number) => String(Number(v.toPrecision(d)));
    expect(shown).toHaveLength(library.tables.length);
    library.tables.forEach((t, k) => {
      expect(shown[k]!.columns).toHaveLength(t.columns.length);
      expect(shown[k]!.cells).toEqual(
        t.rows.map((row, i) => row.map((_, j) => tableCellText(t, i, j, digits))),
      );
    });
    const csvs: [string, string][] = [];
    const buttons = page.locator('#preset-results button.csv');
    for (let i = 0; i < (await buttons.count()); i++) {
      const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
      csvs.push([download.suggestedFilename(), readFileSync(await download.path(), 'utf8')]);
    }
    expect(csvs.map(([name]) => name)).toEqual([
      'josephson.csv',
      ...library.tables.map(() => 'josephson-table.csv'),
    ]);
    // The answers at full precision with their units; the tables' cells as the library has them.
    const answers = csvs[0]![1].trim().split('\n');
    expect(answers[0]).toBe('quantity,value,unit,method');
    expect(answers).toHaveLength(library.results.length + 1);
    // Chromium's V8 and Node's may differ in the last ulp (as the turnover columns above).
    const near = (shown: string, value: number | null) =>
      value === null ? shown === '' : Math.abs(Number(shown) - value) <= 1e-12 * Math.abs(value);
    library.results.forEach((r, i) => {
      // The method, last, may be quoted (it has commas): the value and unit come before it.
      const cells = answers[i + 1]!.replace(/,"[^"]*"$/, ',').split(',');
      expect(near(cells.at(-3)!, r.value ?? null), r.name).toBe(true);
      expect(cells.at(-2), r.name).toBe(r.unit);
    });
    library.tables.forEach((t, k) => {
      const [head, ...rows] = csvs[k + 1]![1].trim().split('\n');
      expect(head).toBe(t.columns.join(','));
      expect(
        rows.map((line, i) => line.split(',').every((c, j) => near(c, t.rows[i]![j] ?? null))),
      ).toEqual(t.rows.map(() => true));
    });
    await page.close();
  });

  it('fits a phone screen and labels every control on both panels', async () => {
    const page = await open(`${QUERY}&gp=josephson`, { width: 390, height: 844 });
    await counter(page, 'turnoverRenders', 1);
    for (const panel of ['turnover', 'gallery']) {
      await page.click(`#tab-${panel}`);
      if (panel === 'gallery') await counter(page, 'presetRenders', 1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, panel).toBeLessThanOrEqual(0);
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, progress, canvas')]
        .filter(
          (el) =>
            !el.getAttribute('aria-label') &&
            !(el.id && document.querySelector(`label[for="${el.id}"]`)) &&
            !el.closest('.uplot'),
        )
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    // An inertial preset places its friction on the turnover curve: the junction's γ is marked.
    const gamma = runPreset('josephson').problem.gamma;
    await page.click('#preset-open-turnover');
    await page.waitForFunction(
      (g) => Math.abs((window.__panels.turnover.current?.gamma ?? 0) / g - 1) < 1e-5,
      gamma,
      { timeout: 20_000 },
    );
    expect(await page.getAttribute('#tab-turnover', 'aria-selected')).toBe('true');
    expect(await page.inputValue('#expr')).toBe('-cos(x) - i*x');
    await page.close();
  });

  it('made no request outside the page and threw no error', () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
