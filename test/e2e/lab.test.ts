import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import { methodInfo, rate, simulate } from '../../dist/index.js';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import {
  type AmsConfig,
  type AmsPartial,
  amsRuns,
  type ChunkRequest,
  combineAmsRuns,
  runChunk,
} from '../../src/simulation/index.js';
import { PRESETS } from '../../web/src/presets.js';
import { DEFAULT_STATE, encodeState } from '../../web/src/state.js';
import { sourcesOf } from '../simulation/sources.js';
import { ARTIFACTS, labSession, renderCount, renderedAtLeast, svgLegend } from './browser.js';

/**
 * The Lab in a real Chromium (playwright-core driving Debian's chromium): every panel loads, a bad
 * expression shows the caret error, a moved slider shows the library's numbers, a simulation runs
 * with the same numbers as in Node, a shared URL restores the view. Screenshots and the page's
 * own timings go to test/e2e/artifacts/.
 */

/** What the page exposes for tests and measurements (web/src/main.ts). */
interface LabHooks {
  repaintTimes: number[];
  simulation: {
    runChunks(
      requests: unknown,
    ): Promise<{ times: number[]; censored: number[]; steps: number; engine?: string }[]>;
    runAms(requests: AmsConfig[]): Promise<AmsPartial[]>;
    stepsPerSecond: number | null;
    workers: number;
  };
}
declare global {
  interface Window {
    __lab: LabHooks;
  }
}

/** The named scenarios: the Lab's presets (listed on its gallery page), with their well counts. */
const WELLS: Record<string, number> = {
  seed: 2,
  quartic: 2,
  tipping: 1,
  tilted: 2,
  washboard: 4,
  gauss: 2,
};
const SCENARIOS: [string, string, number][] = PRESETS.map((p) => [
  p.id,
  encodeState({ ...DEFAULT_STATE, panel: 'landscape', problem: p.problem }),
  WELLS[p.id]!,
]);

const lab = labSession();
const external: string[] = [];
const pageErrors: string[] = [];
const measurements: Record<string, unknown> = {};

const renders = (page: Page) => renderCount(page);
const rendered = (page: Page, n: number) => renderedAtLeast(page, n);

async function open(query: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await lab.browser.newPage({ viewport });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(lab.server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      external.push(url);
    }
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${query}`);
  await rendered(page, 1);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The rates table as the page shows it: method → full-precision value (data-value). */
async function displayedRates(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const tr of document.querySelectorAll<HTMLElement>('#rates-table tbody tr')) {
      const cell = tr.querySelector<HTMLElement>('[data-value]');
      if (tr.dataset['method'] && cell) out[tr.dataset['method']] = Number(cell.dataset['value']);
    }
    return out;
  });
}

/** The colour a page computes for a catalogue colour (#rrggbb → rgb(r, g, b)). */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** A plot's legend as drawn (uPlot): each series' label → the colour of its marker. */
async function legend(page: Page, caption: string): Promise<Record<string, string>> {
  return page.locator('figure.plot', { hasText: caption }).evaluate((figure) => {
    const out: Record<string, string> = {};
    for (const row of figure.querySelectorAll('.u-legend .u-series')) {
      const label = row.querySelector('.u-label')?.textContent;
      const marker = row.querySelector<HTMLElement>('.u-marker');
      if (label && marker?.style.border) out[label] = getComputedStyle(marker).borderTopColor;
    }
    return out;
  });
}

/** Waits until a plot's legend shows every method named, and returns it. */
async function legendWith(page: Page, caption: string, keys: readonly string[]) {
  const labels = keys.map((k) => methodInfo(k)!.label);
  const shows = async () => {
    const drawn = await legend(page, caption);
    return labels.every((l) => l in drawn);
  };
  await expect.poll(shows, { timeout: 150_000 }).toBe(true);
  return legend(page, caption);
}

afterAll(() => {
  writeFileSync(join(ARTIFACTS, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`);
});

describe('the Lab in Chromium', () => {
  it('loads every panel with the seed double well, its wells, barrier and rates', async () => {
    const page = await open('panel=landscape');
    expect(await page.locator('#wells-table tbody tr').count()).toBe(2);
    expect(await page.locator('#barriers-table tbody tr').count()).toBe(1);
    expect(await page.locator('.katex').first().textContent()).toContain('x');
    await shot(page, 'landscape');
    for (const [panel, selector] of [
      ['rates', '#rates-table tbody tr[data-method="exact"]'],
      ['flux', '#flux-table'],
      ['spectrum', '#eigen-table'],
      ['simulation', '#sim-canvas'],
      ['gallery', '#panel-gallery a'],
    ] as const) {
      const before = await renders(page);
      await page.click(`#tab-${panel}`);
      if (panel !== 'gallery') await rendered(page, before + 1);
      await page.locator(selector).first().waitFor({ timeout: 20_000 });
      expect(await page.getAttribute(`#tab-${panel}`, 'aria-selected')).toBe('true');
      expect(page.url()).toContain(`panel=${panel}`);
      await shot(page, panel);
    }
    // The flux panel's k = J/N equals the exact 1/MFPT to the same sink (symmetric double well).
    await page.close();
  });

  it('shows a parse error with a caret at the character as you type, and clears it', async () => {
    const page = await open('panel=landscape');
    await page.fill('#expr', 'x^4/4 - (x');
    const error = page.locator('#expr-error');
    await expect.poll(() => error.textContent()).toContain("Unclosed '(' at column 9");
    const lines = (await error.textContent())!.split('\n');
    // The caret line points under the '(' (column 9), below the echoed source line.
    const source = lines.findIndex((l) => l.trim() === 'x^4/4 - (x');
    expect(lines[source + 1]!.indexOf('^') - lines[source]!.indexOf('x')).toBe(8);
    await shot(page, 'parse-error');
    // A well-formed potential without a barrier: the Landscape tab describes it, as `kramers
    // analyze` does, with the library's reason why there is no rate (labAuditOpen.test.ts).
    await page.fill('#expr', 'x^2');
    await expect.poll(() => page.textContent('#no-passage')).toMatch(/no barrier to cross/);
    expect(await page.textContent('#problem-error')).toBe('');
    await page.fill('#expr', 'x^4/4 - x^2/2 + c*x');
    await expect.poll(() => error.textContent()).toBe('');
    // An unknown name becomes a parameter field (default 1: at c = 1 the tilt erases a well).
    await expect.poll(() => page.locator('#param-c').inputValue()).toBe('1');
    await expect.poll(() => page.textContent('#no-passage')).toMatch(/no barrier/);
    await page.fill('#param-c', '0.1');
    await expect.poll(() => page.locator('#no-passage').count()).toBe(0);
    expect(await page.textContent('#problem-error')).toBe('');
    expect(await page.getAttribute('main', 'class')).not.toContain('stale');
    await page.close();
  });

  it("moves the D slider by keyboard and shows the library's rates for the new D", async () => {
    const page = await open('panel=rates');
    await page.locator('#rates-table').waitFor();
    const slider = page.locator('#D-slider');
    await slider.focus();
    for (let i = 0; i < 5; i++) {
      const before = await renders(page);
      await page.keyboard.press('ArrowRight');
      await rendered(page, before + 1);
    }
    const D = Number(await page.inputValue('#D'));
    expect(await slider.getAttribute('aria-valuetext')).toBe(`noise intensity D = k_B T = ${D}`);
    expect(D).toBeCloseTo(10 ** (Math.log10(0.05) + 0.05), 3);
    expect(page.url()).toContain(`D=${D}`);
    const shown = await displayedRates(page);
    const expected = await rate({ potential: 'x^4/4 - x^2/2', D, gamma: 1, mass: 1, from: 0 });
    for (const method of ['kramers', 'corrected', 'exact', 'spectral'] as const) {
      // Same library code in both engines: only a last-bit difference in Math.exp/log between
      // V8 builds could separate them; 1e-12 relative is far below any method's own accuracy.
      const k = expected.methods[method]!.rate!;
      expect(Math.abs(shown[method]! / k - 1), method).toBeLessThan(1e-12);
    }
    measurements['ratesPanelSliderToRepaintMs'] = await page.evaluate(
      () => window.__lab.repaintTimes,
    );
    await shot(page, 'rates-after-slider');
    await page.close();
  });

  it('repaints the landscape after each slider step (timings recorded, not asserted)', async () => {
    const page = await open('panel=landscape');
    await page.locator('#gamma-slider').focus();
    for (let i = 0; i < 10; i++) {
      const before = await renders(page);
      await page.keyboard.press(i < 5 ? 'ArrowLeft' : 'ArrowRight');
      await rendered(page, before + 1);
    }
    const times = await page.evaluate(() => window.__lab.repaintTimes);
    expect(times).toHaveLength(10);
    measurements['landscapePanelSliderToRepaintMs'] = times;
    await page.close();
  });

  it('reproduces the seed noise-doubling example in two clicks: k(2D0)/k(D0) = e^10', async () => {
    const page = await open('panel=rates');
    let before = await renders(page);
    await page.click('#seed-example');
    await rendered(page, before + 1);
    expect(Number(await page.inputValue('#D'))).toBe(0.0125);
    before = await renders(page);
    await page.click('#double-D');
    await rendered(page, before + 1);
    expect(await page.textContent('#ratio-note')).toContain('exp(10) = 22026.5');
    // Kramers' prefactor does not depend on D: its ratio is the Arrhenius e^10 exactly.
    const ratio = await page.evaluate(() => {
      const row = document.querySelector('#rates-table tr[data-method="kramers"]')!;
      const cells = row.querySelectorAll<HTMLElement>('[data-value]');
      return Number(cells[cells.length - 1]!.dataset['value']);
    });
    expect(ratio / Math.exp(10) - 1).toBeLessThan(1e-9);
    await shot(page, 'noise-doubling');
    await page.close();
  });

  it("names and colours every method as the library's catalogue does: rates table, Arrhenius plot, turnover legend", async () => {
    const page = await open('panel=rates');
    await page.locator('#rates-table').waitFor();
    const labels = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#rates-table tbody tr')].map((tr) => [
          tr.dataset['method'],
          tr.children[0]!.textContent,
        ]),
      ),
    );
    for (const key of ['arrhenius', 'tst', 'kramers', 'corrected', 'exact', 'spectral']) {
      expect(labels[key], key).toBe(methodInfo(key)!.label);
    }
    const sweep = ['tst', 'kramers', 'corrected', 'exact', 'spectral'];
    const arrhenius = await legendWith(page, 'Arrhenius plot', sweep);
    for (const key of sweep) {
      const info = methodInfo(key)!;
      expect(arrhenius[info.label], key).toBe(rgb(info.colour));
    }
    await page.close();
    // The turnover legend with the exact curve (two friction values at ΔU/D = 2.5: fast solves).
    const turnover = await open(
      `panel=turnover&U=${encodeURIComponent('x^4/4 - x^2/2')}&D=0.1&gamma=1&m=1&tg=1:4:2&texact=1`,
    );
    const curves = ['tst', 'spatialDiffusion', 'energyDiffusion', 'kramers', 'melnikovMeshkov'];
    const shown = await legendWith(turnover, 'Kramers turnover', [...curves, 'kleinKramers']);
    for (const key of [...curves, 'kleinKramers']) {
      const info = methodInfo(key)!;
      expect(shown[info.label], key).toBe(rgb(info.colour));
    }
    await shot(turnover, 'catalogue-turnover');
    await turnover.close();
  });

  it('runs chunks on Web Workers with the same numbers as runChunk in Node (same seed)', async () => {
    const page = await open('panel=simulation');
    const config = {
      dynamics: 'overdamped' as const,
      ...sourcesOf('x^4/4 - x^2/2'),
      D: 0.25,
      gamma: 1,
      dt: 1e-3,
      tMax: 100,
      start: { x: -1 },
      absorbing: { above: 1 },
      seed: 2024,
    };
    const requests: ChunkRequest[] = [0, 24, 48].map((firstWalker) => ({
      config,
      firstWalker,
      walkers: 24,
    }));
    const inBrowser = await page.evaluate(
      (r) => window.__lab.simulation.runChunks(r as never),
      requests,
    );
    const inNode = runChunk({ config, firstWalker: 0, walkers: 72 });
    // Integer streams and a kernel built from the same generated source: bit-identical. By default
    // both sides run the WebAssembly SIMD engine (Chromium and Node 20 have SIMD128).
    expect(inNode.engine).toBe('wasm');
    expect(inBrowser.map((c) => c.engine)).toEqual(['wasm', 'wasm', 'wasm']);
    expect(inBrowser.flatMap((c) => c.times)).toEqual([...inNode.times]);
    expect(inBrowser.flatMap((c) => c.censored)).toEqual([...inNode.censored]);
    // The JavaScript engine in Chromium, and both engines on an underdamped BAOAB run with a
    // time-dependent force: the same numbers as Node's WebAssembly engine.
    const js = requests.map((r) => ({ ...r, config: { ...r.config, engine: 'js' } }));
    const inBrowserJs = await page.evaluate((r) => window.__lab.simulation.runChunks(r), js);
    expect(inBrowserJs.map((c) => c.engine)).toEqual(['js', 'js', 'js']);
    expect(inBrowserJs.flatMap((c) => c.times)).toEqual([...inNode.times]);
    const variables = ['x', 't'];
    const u = simplify(parseExpression('x^4/4 - x^2/2 - 0.3*x*cos(2*t)', { variables }).ast);
    const driven = {
      ...config,
      dynamics: 'underdamped' as const,
      dt: 5e-3,
      potential: generateSource(u, variables),
      force: generateSource(simplify(differentiate(u, 'x')), variables),
      absorbing: { below: -2.5, above: 0.5 },
    };
    const both = (['js', 'wasm'] as const).map((engine) => ({
      config: { ...driven, engine },
      firstWalker: 0,
      walkers: 40,
    }));
    const drivenInBrowser = await page.evaluate((r) => window.__lab.simulation.runChunks(r), both);
    const drivenInNode = runChunk({
      config: { ...driven, engine: 'wasm' },
      firstWalker: 0,
      walkers: 40,
    });
    for (const c of drivenInBrowser) expect(c.times).toEqual([...drivenInNode.times]);
    await page.close();
  });

  it('runs 1-D AMS on Web Workers with the WebAssembly excursion kernel: the same estimates as Node', async () => {
    const page = await open('panel=simulation');
    // ΔU/D = 5: small runs (40 replicas, 200 loops) with many iterations and bridge draws.
    const config: AmsConfig = {
      ...sourcesOf('x^4/4 - x^2/2'),
      D: 1 / 20,
      gamma: 1,
      dt: 2e-3,
      start: -1,
      target: 0,
      replicas: 40,
      seed: 17,
      independentRuns: 2,
      loopsPerRun: 200,
    };
    // Runs 0–3 as two jobs on the page's Web Workers; in Node as one call (run r: stream r).
    const requests = [0, 2].map((firstRun) => ({ ...config, firstRun }));
    const inBrowser = await page.evaluate((r) => window.__lab.simulation.runAms(r), requests);
    const inNode = amsRuns({ ...config, independentRuns: 4 });
    // The default on both sides is the WebAssembly excursion kernel (Chromium and Node have SIMD).
    expect(inNode.engine).toBe('wasm');
    expect(inBrowser.map((p) => p.engine)).toEqual(['wasm', 'wasm']);
    expect(inBrowser.flatMap((p) => p.runs)).toEqual(inNode.runs);
    expect(inBrowser.reduce((a, p) => a + p.steps, 0)).toBe(inNode.steps);
    // The estimate the library reports from them: identical, not close.
    const estimate = (parts: AmsPartial[]) => combineAmsRuns(parts, 4);
    expect(estimate(inBrowser)).toEqual(estimate([inNode]));
    expect(Number.isFinite(estimate([inNode]).mfpt)).toBe(true);
    await page.close();
  });

  it.each(['overdamped', 'underdamped'] as const)(
    'runs a short %s simulation: start, finish, the same MFPT as simulate() in Node',
    async (dynamics) => {
      const page = await open(`panel=simulation&D=0.25&m=2&walkers=256&seed=7&dyn=${dynamics}`);
      await page.click('#sim-start');
      await expect
        .poll(() => page.textContent('#sim-status'), { timeout: 40_000 })
        .toMatch(/^finished: 256 of 256 walkers/);
      const mfpt = Number(
        await page
          .locator('#sim-table tbody tr')
          .first()
          .locator('[data-value]')
          .getAttribute('data-value'),
      );
      const expected = await simulate({
        potential: 'x^4/4 - x^2/2',
        D: 0.25,
        mass: 2,
        dynamics,
        walkers: 256,
        seed: 7,
      });
      expect(mfpt).toBe(expected.mfpt);
      // The running curve's last point is the library's estimate for the same walkers
      // (web/src/runningMfpt.ts; censored walkers are covered in test/web/runningMfpt.test.ts).
      const curve = page.locator('figure[data-running-ci-low]');
      expect(Number(await curve.getAttribute('data-running-walkers'))).toBe(256);
      expect(Number(await curve.getAttribute('data-running-mfpt'))).toBe(expected.mfpt);
      expect(Number(await curve.getAttribute('data-running-ci-low'))).toBe(expected.mfptCI95[0]);
      expect(Number(await curve.getAttribute('data-running-ci-high'))).toBe(expected.mfptCI95[1]);
      const stepsPerSecond = await page.evaluate(() => window.__lab.simulation.stepsPerSecond);
      expect(stepsPerSecond).toBeGreaterThan(0);
      measurements[`${dynamics}WalkerStepsPerSecond`] = stepsPerSecond;
      measurements['simulationWorkers'] = await page.evaluate(
        () => window.__lab.simulation.workers,
      );
      await shot(page, `simulation-${dynamics}`);
      await page.close();
    },
  );

  it('pauses after the first chunk and resumes to the numbers of an uninterrupted run', async () => {
    const page = await open('panel=simulation&D=0.2&walkers=1024&seed=5');
    // Pause from inside the page as soon as the first chunk is reported (deterministic: the
    // observer runs before the next chunk's message is handled).
    const paused = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const status = document.getElementById('sim-status')!;
          const observer = new MutationObserver(() => {
            if (/^\d+ of 1024 walkers/.test(status.textContent ?? '')) {
              observer.disconnect();
              (document.getElementById('sim-start') as HTMLButtonElement).click();
              resolve();
            }
          });
          observer.observe(status, { childList: true, characterData: true, subtree: true });
        }),
    );
    await page.click('#sim-start');
    await paused;
    await expect.poll(() => page.textContent('#sim-status')).toMatch(/^paused: \d+ of 1024/);
    const done = Number(/paused: (\d+)/.exec((await page.textContent('#sim-status'))!)![1]);
    expect(done).toBeLessThan(1024);
    expect(await page.textContent('#sim-start')).toBe('Resume');
    await page.click('#sim-start');
    await expect
      .poll(() => page.textContent('#sim-status'), { timeout: 40_000 })
      .toMatch(/^finished: 1024 of 1024/);
    const mfpt = Number(
      await page
        .locator('#sim-table tbody tr')
        .first()
        .locator('[data-value]')
        .getAttribute('data-value'),
    );
    const expected = await simulate({ potential: 'x^4/4 - x^2/2', D: 0.2, walkers: 1024, seed: 5 });
    expect(mfpt).toBe(expected.mfpt);
    await page.close();
  });

  it('announces a run that would take hours instead of starting it at once', async () => {
    const page = await open('panel=simulation&U=x%5E3%2F3+-+mu*x&p.mu=1&D=0.1&walkers=512');
    await page.click('#sim-start');
    expect(await page.textContent('#sim-status')).toMatch(/walker-steps.*Press Start again/);
    expect(await page.textContent('#sim-start')).toBe('Start');
    await page.close();
  });

  it('opens a shared URL and gets the same view', async () => {
    const page = await open('panel=landscape');
    await page.selectOption('#preset', 'tilted');
    await rendered(page, 2);
    await page.fill('#param-c', '0.15');
    await expect.poll(() => page.url()).toContain('p.c=0.15');
    const before = await renders(page);
    await page.click('#tab-spectrum');
    await rendered(page, before + 1);
    await page.locator('#eigen-table').waitFor();
    const shared = page.url();
    const eigen = await page.locator('#eigen-table tbody').textContent();
    const copy = await lab.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await copy.goto(shared);
    await rendered(copy, 1);
    await copy.locator('#eigen-table').waitFor();
    expect(await copy.inputValue('#expr')).toBe('x^4/4 - x^2/2 + c*x');
    expect(await copy.inputValue('#param-c')).toBe('0.15');
    expect(await copy.inputValue('#D')).toBe('0.04');
    expect(await copy.getAttribute('#tab-spectrum', 'aria-selected')).toBe('true');
    expect(await copy.locator('#eigen-table tbody').textContent()).toBe(eigen);
    await shot(copy, 'shared-url');
    await copy.close();
    await page.close();
  });

  it.each(SCENARIOS)('scenario %s: loads from its gallery URL', async (name, query, wells) => {
    const page = await open(query);
    expect(await page.locator('#wells-table tbody tr').count()).toBe(wells);
    // The URL of a preset selects that preset in the menu.
    expect(await page.inputValue('#preset')).not.toBe('');
    expect(await page.locator('#problem-error').textContent()).toBe('');
    await shot(page, `scenario-${name.replaceAll(' ', '-')}`);
    await page.close();
  });

  it('exports a plot as SVG, PNG and CSV and a table as CSV', async () => {
    const page = await open('panel=landscape');
    const saved = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const path = await download.path();
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    };
    const svg = await saved(
      'button[aria-label="export U(x) with wells, barriers, ΔU and curvature parabolas as SVG"]',
    );
    expect(svg.name).toBe('landscape.svg');
    // The annotations travel with the vectors: ΔU from each well.
    expect(svg.bytes.toString()).toContain('ΔU0→1 = 0.25');
    expect(svg.bytes.toString()).toMatch(
      /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<path d="M/,
    );
    // The legend lists every series with its swatch, the point series with their marker (a
    // filled dot, as on the page). Before: the wells' and barriers' points had no entry at all.
    expect(svg.bytes.toString()).toContain('>wells x_a</text>');
    const legend = svgLegend(svg.bytes.toString());
    expect(legend.map((e) => e.label)).toEqual(
      await page.$$eval(
        'button[aria-label="export U(x) with wells, barriers, ΔU and curvature parabolas as SVG"]',
        ([button]) =>
          [...button!.closest('figure')!.querySelectorAll('.u-legend .u-series .u-label')].map(
            (l) => l.textContent ?? '',
          ),
      ),
    );
    expect(legend.find((e) => e.label === 'wells x_a')).toEqual({
      label: 'wells x_a',
      swatch: 'marker',
      fill: '#2f9e44',
      open: false,
    });
    expect(legend.find((e) => e.label === 'barriers x_s')).toMatchObject({
      swatch: 'marker',
      fill: '#d9480f',
    });
    expect(legend.find((e) => e.label === 'U(x)')).toMatchObject({ swatch: 'line' });
    const png = await saved(
      'button[aria-label="export U(x) with wells, barriers, ΔU and curvature parabolas as PNG"]',
    );
    expect([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const csv = await saved(
      'button[aria-label="export U(x) with wells, barriers, ΔU and curvature parabolas as CSV"]',
    );
    expect(csv.bytes.toString().split('\n')[0]).toMatch(/^x,U\(x\),/);
    const wells = await saved('button[aria-label="export wells table as CSV"]');
    expect(wells.bytes.toString()).toMatch(/^#,x_a,U,U″,ω_a\n0,-1,-0.25,2,1.414213562/);
    await page.close();
  });

  it('fits a phone screen and labels every control', async () => {
    const page = await open('panel=rates', { width: 390, height: 844 });
    for (const panel of ['rates', 'simulation', 'landscape']) {
      const before = await renders(page);
      await page.click(`#tab-${panel}`);
      await rendered(page, before + 1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, panel).toBeLessThanOrEqual(0);
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select')]
        .filter(
          (el) =>
            !el.getAttribute('aria-label') &&
            !(el.id && document.querySelector(`label[for="${el.id}"]`)),
        )
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    // Tabs move with the arrow keys.
    await page.click('#tab-rates');
    await page.focus('#tab-rates');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-flux', 'aria-selected')).toBe('true');
    await shot(page, 'phone');
    await page.close();
  });

  it('made no request outside the page and threw no error', () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
