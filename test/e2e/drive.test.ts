import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
// The library as built (dist/): the same code the Lab bundles.
import {
  criticalAmplitude,
  methodInfo,
  quasiStaticRates,
  type ResonanceMaximum,
  stochasticResonance,
} from '../../dist/index.js';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import { sampleTrajectories, type TrajectoryRequest } from '../../src/simulation/index.js';
import { DEFAULT_STATE, encodeState, type LabState } from '../../web/src/state.js';
import { runCli } from '../cli/run.js';
import { ARTIFACTS, labSession, svgLegend } from './browser.js';

/**
 * The Lab's Drive panel in Chromium: a shared URL restores the drive, the displayed theory
 * numbers are the library's, a short stochastic-resonance run adds simulated points (with CIs)
 * one noise level at a time with the same numbers as in Node, and a bad amplitude is refused
 * with a message.
 */
interface Hooks {
  simulation: { runTrajectories(requests: unknown): Promise<number[][]> };
}

const lab = labSession();
const pageErrors: string[] = [];
/** The page's own timings (recorded, never asserted: 2 shared cores). */
const measurements: Record<string, unknown> = {};

const state: LabState = {
  ...DEFAULT_STATE,
  panel: 'drive',
  problem: { ...DEFAULT_STATE.problem, D: 0.12 },
  drive: { amplitude: 0.04, omega: 0.05, coupling: 'x', trajectories: 4, periods: 16, seed: 3 },
};
const problem = { potential: 'x^4/4 - x^2/2', parameters: {}, gamma: 1, mass: 1 };
const drive = { amplitude: 0.04, omega: 0.05, coupling: 'x' };

async function open(query: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await lab.browser.newPage({ viewport });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${lab.server.url}?${query}`);
  return page;
}

/** The full-precision value (data-value) in the η column of a theory row at the current D. */
async function etaAtD(page: Page, theory: string): Promise<number> {
  const cell = page.locator(`#drive-at-D tr[data-theory="${theory}"] [data-value]`).first();
  await cell.waitFor({ timeout: 90_000 });
  return Number(await cell.getAttribute('data-value'));
}

afterAll(() => {
  writeFileSync(
    join(ARTIFACTS, 'drive-measurements.json'),
    `${JSON.stringify(measurements, null, 2)}\n`,
  );
});

describe('the Lab Drive panel in Chromium', () => {
  it("opens from a shared URL with the same drive; η, A_c and ⟨Γ⟩ are the library's", async () => {
    const page = await open(encodeState(state));
    expect(await page.getAttribute('#tab-drive', 'aria-selected')).toBe('true');
    const eta = await etaAtD(page, 'linearResponse');
    // The library at the same parameters: the first row of any scan starting at D is at D
    // exactly (each row depends only on its own D). Same code in both engines: 1e-12 relative.
    const lib = await stochasticResonance({
      ...problem,
      ...drive,
      Dmin: 0.12,
      Dmax: 0.5,
      points: 5,
    });
    expect(lib.rows[0]!.D).toBe(0.12);
    expect(Math.abs(eta / lib.rows[0]!.linearResponse.amplification - 1)).toBeLessThan(1e-12);
    // The note's error is the library's bound on η: the modes left out (2|χ|·b + b², not b =
    // truncationError, which bounds χ; the old label called b η's error) plus η's change from the
    // grid one level coarser, which with 50 modes is the larger part (the truncation terms are
    // rounding-level, b ≈ 4e-12). The grid term is a difference of two η's computed the same way
    // in Node and Chromium; the engines may round η apart by ~1e-13 relative, so 1e-9 of the
    // bound (≈ 1e-4·η) is ample.
    const bound = page.locator('#drive-eta-bound');
    const lr0 = lib.rows[0]!.linearResponse;
    expect(lr0.gridError).toBeGreaterThan(1e3 * lr0.amplificationTruncationError);
    expect(lr0.amplificationError).toBe(lr0.amplificationTruncationError + lr0.gridError!);
    const shownBound = Number(await bound.getAttribute('data-value'));
    expect(Math.abs(shownBound / lr0.amplificationError - 1)).toBeLessThan(1e-9);
    const note = (await bound.locator('xpath=..').textContent()) ?? '';
    expect(note).toContain('change η by at most');
    expect(note).not.toContain('truncation error');
    const two = await etaAtD(page, 'twoState');
    expect(Math.abs(two / lib.rows[0]!.twoState!.amplification - 1)).toBeLessThan(1e-12);
    expect(Number(await page.getAttribute('#drive-Ac', 'data-value'))).toBe(
      criticalAmplitude('x^4/4 - x^2/2', 'x'),
    );
    const exactAverage = page.locator('#drive-quasi-table tbody tr').nth(2).locator('[data-value]');
    await exactAverage.waitFor();
    const q = quasiStaticRates({
      potential: '(x^4/4 - x^2/2) - (0.04)*(x)*cos((0.05)*t)',
      D: 0.12,
      gamma: 1,
      mass: 1,
      from: 0,
      period: (2 * Math.PI) / 0.05,
      samples: 32,
      methods: ['kramers', 'corrected', 'exact'],
    });
    const shown = Number(await exactAverage.getAttribute('data-value'));
    expect(Math.abs(shown / q.periodAverage.exact! - 1)).toBeLessThan(1e-12);
    // Walkers on the rocking landscape: the library's sampled paths at this D.
    await expect
      .poll(() => page.getAttribute('#panel-drive', 'data-walkers'), { timeout: 90_000 })
      .toBe('16');
    // The shared link restores the same view in a fresh page.
    const copy = await open(page.url().split('?')[1]!);
    expect(await copy.inputValue('#drive-A')).toBe('0.04');
    expect(await copy.inputValue('#drive-omega')).toBe('0.05');
    expect(await copy.inputValue('#drive-phi')).toBe('x');
    expect(await copy.inputValue('#drive-traj')).toBe('4');
    expect(await copy.inputValue('#D')).toBe('0.12');
    expect(await etaAtD(copy, 'linearResponse')).toBe(eta);
    await copy.close();
    await page.close();
  });

  it("shows each theory's maximum D* ± and η* ± as `kramers resonance --json` reports it", async () => {
    const page = await open(encodeState(state));
    const cli = runCli([
      'resonance',
      problem.potential,
      '--gamma',
      String(problem.gamma),
      '--amplitude',
      String(drive.amplitude),
      '--omega',
      String(drive.omega),
      '--coupling',
      drive.coupling,
      // The Lab's η(D) scan: 12 levels over the library's default range (drive.worker.ts).
      '--points',
      '12',
      '--json',
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout) as { maximum: Record<string, ResonanceMaximum> };
    for (const curve of ['linearResponse', 'twoState'] as const) {
      const max = report.maximum[curve]!;
      expect(max.retcode).toBe('success');
      const item = page.locator(`#drive-maxima [data-curve="${curve}"]`);
      await item.waitFor({ timeout: 90_000 });
      const value = async (field: string) =>
        Number(await item.locator(`[data-field="${field}"]`).getAttribute('data-value'));
      // The same library code in Node and Chromium, the same 12 levels and the same search (its
      // steps are decided by η values the engines compute alike, as η at D above to 1e-12): 1e-12
      // relative, as there (measured: the same bits).
      for (const [field, expected] of [
        ['D', max.D],
        ['DError', max.DError!],
        ['amplification', max.amplification],
        ['amplificationError', max.amplificationError!],
      ] as const) {
        expect(Math.abs((await value(field)) / expected - 1), `${curve} ${field}`).toBeLessThan(
          1e-12,
        );
      }
      // What a reader sees: D* = value ± error and η* = value ± error, as for the simulated one.
      expect(await item.textContent()).toMatch(/D\* = \S+ ± \S+, η\* = \S+ ± \S+/);
    }
    await page.close();
  });

  it('says why a theory has no maximum where its η rises to an end of the range (Ω = 1)', async () => {
    const fast = { ...state, drive: { ...state.drive, omega: 1 } };
    const page = await open(encodeState(fast));
    const lib = await stochasticResonance({ ...problem, ...drive, omega: 1, points: 12 });
    // At Ω = 1 linear response's η still rises at D = 2ΔU: no maximum, and the library says so.
    expect(lib.maximum.linearResponse).toBeUndefined();
    const note = lib.maximumNote.linearResponse!;
    const item = page.locator('#drive-maxima [data-curve="linearResponse"]');
    await item.waitFor({ timeout: 90_000 });
    expect(await item.textContent()).toContain(`— (${note})`);
    expect(await item.locator('[data-field]').count()).toBe(0);
    // Two-state theory has its maximum inside the range: shown with its ± (the same bits as in
    // Node, as in the test above).
    const two = page.locator('#drive-maxima [data-curve="twoState"] [data-field="D"]');
    expect(Number(await two.getAttribute('data-value'))).toBe(lib.maximum.twoState!.D);
    await page.close();
  });

  it('warns only about the noise levels it shows (default drive, D = 0.05)', async () => {
    const page = await open('panel=drive');
    await page.waitForFunction(
      () => {
        const d = document.getElementById('panel-drive')!.dataset;
        return Number(d['theory'] ?? 0) >= 1 && Number(d['local'] ?? 0) >= 1;
      },
      null,
      { timeout: 90_000 },
    );
    const shown = (await page.locator('#drive-warnings li').allTextContents()).map((w) =>
      w.replace(/^⚠ /, ''),
    );
    // What the page shows: the library's answer at D = 0.05 alone, its 12-level η(D) scan and
    // the quasi-static rates at D (the Lab's default drive: A = 0.05, Ω = 0.1, φ = x). Each of its
    // warnings must be one of theirs, word for word. The old page asked a hidden scan D … 2D
    // and showed its warnings: η "rises towards D = 0.1 … the maximum lies outside the range"
    // while the scan of the η(D) plot has D* = 0.155 inside, and a two-state note for 2 of 3
    // noise levels the page never shows.
    const seed = { ...problem, amplitude: 0.05, omega: 0.1, coupling: 'x' };
    const atD = await stochasticResonance({ ...seed, D: 0.05 });
    const scan = await stochasticResonance({ ...seed, points: 12 });
    const quasi = quasiStaticRates({
      potential: '(x^4/4 - x^2/2) - (0.05)*(x)*cos((0.1)*t)',
      D: 0.05,
      gamma: 1,
      mass: 1,
      from: 0,
      period: (2 * Math.PI) / 0.1,
      samples: 32,
      methods: ['kramers', 'corrected', 'exact'],
    });
    expect(scan.maximum.linearResponse!.D).toBeGreaterThan(0.15);
    const library = new Set([...atD.warnings, ...scan.warnings, ...quasi.warnings]);
    expect(shown.length).toBeGreaterThan(0);
    for (const w of shown) expect(library.has(w), w).toBe(true);
    expect(shown.join('\n')).not.toMatch(/maximum lies outside the range/);
    await page.close();
  });

  it('an SNR without an upper bound reads [0, ∞) with the library’s warning (8 trajectories × 16 periods)', async () => {
    // The audit's run at the default drive: at D = 0.0402 and 0.0517 the noise PSD is not
    // resolved and the SNR's CI is [0, ∞) (test/studies/resonance.test.ts checks which levels from
    // the noise and its error). The table printed "[0, Infinity]" and nothing said why.
    const page = await open('panel=drive&srTraj=8&srPeriods=16');
    await page.waitForFunction(
      () => Number(document.getElementById('panel-drive')!.dataset['theory'] ?? 0) >= 1,
      null,
      { timeout: 90_000 },
    );
    await page.click('#drive-run');
    await expect
      .poll(() => page.textContent('#drive-status'), { timeout: 150_000 })
      .toMatch(/^finished: 12 of 12 noise levels/);
    const node = await stochasticResonance({
      ...problem,
      amplitude: 0.05,
      omega: 0.1,
      coupling: 'x',
      points: 12,
      simulate: { periods: 16, trajectories: 8, seed: 1 },
    });
    const unbounded = node.rows.filter((r) => !Number.isFinite(r.simulated!.snrCI95[1]));
    expect(unbounded.map((r) => Number(r.D.toPrecision(3)))).toEqual([0.0402, 0.0517]);
    const cells = await page.$$eval('#drive-sim-table tbody tr', (trs) =>
      trs.map((tr) => tr.children[5]!.textContent!),
    );
    expect(cells).toHaveLength(12);
    node.rows.forEach((r, i) => {
      if (Number.isFinite(r.simulated!.snrCI95[1])) expect(cells[i]).toMatch(/^\[.*\]$/);
      else expect(cells[i]).toBe('[0, ∞)');
    });
    expect(cells.join(' ')).not.toContain('Infinity');
    const warnings = await page.locator('#drive-warnings li').allTextContents();
    const said = node.warnings.find((w) => w.includes("SNR's 95% CI is unbounded"))!;
    expect(said).toContain('D = 0.0402, 0.0517');
    expect(warnings).toContain(`⚠ ${said}`);
    // The SNR plot draws those two points open, with their bars running up off the frame under an
    // arrow, as `kramers resonance --plot` does (src/cli/resonancePlot.ts). Before: filled dots
    // like the precise points beside them. (The SVG export redraws the canvas's series and marks.)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[aria-label="export Signal-to-noise ratio SNR(D) as SVG"]'),
    ]);
    const svg = readFileSync(await download.path(), 'utf8');
    const dots = [...svg.matchAll(/<circle cx="([^"]+)" cy="[^"]+" r="4" fill="([^"]+)"/g)]
      .map((m) => ({ x: Number(m[1]), open: m[2] === 'white' }))
      .sort((a, b) => a.x - b.x);
    expect(dots.map((d) => d.open)).toEqual(
      node.rows.map((r) => !Number.isFinite(r.simulated!.snrCI95[1])),
    );
    expect(svg.match(/<polygon class="arrow"/g)).toHaveLength(2);
    // The legend's swatches are those markers: an open ring (white inside the series' colour) for
    // the unbounded points, a filled dot for the precise ones. Before: one and the same square.
    const swatches = await page.evaluate(() => {
      const button = 'button[aria-label="export Signal-to-noise ratio SNR(D) as SVG"]';
      const figure = document.querySelector(button)!.closest('figure')!;
      return [...figure.querySelectorAll<HTMLElement>('.u-legend .u-series')].map((row) => {
        const swatch = row.querySelector<HTMLElement>('.u-marker');
        const style = swatch ? getComputedStyle(swatch) : null;
        return {
          label: row.textContent ?? '',
          marker: swatch?.dataset['marker'],
          background: style?.backgroundColor,
          border: style?.borderTopColor,
          radius: style?.borderRadius,
        };
      });
    });
    const ring = swatches.find((s) => s.label.includes('95% CI unbounded above'))!;
    const dot = swatches.find((s) => s.label.endsWith('(95% CI)'))!;
    expect(ring).toMatchObject({ marker: 'open', background: 'rgb(255, 255, 255)', radius: '50%' });
    expect(dot).toMatchObject({ marker: 'filled', background: dot.border, radius: '50%' });
    expect(ring.border).toBe(dot.border);
    // The exported SVG's legend has them too, with the same markers. Before: only the theory
    // curves were listed; both point series were left out.
    const exported = svgLegend(svg);
    const simulated = methodInfo('simulation')!;
    expect(exported).toHaveLength(swatches.length);
    for (const [i, e] of exported.entries()) expect(swatches[i]!.label).toContain(e.label);
    expect(exported.find((e) => e.label === `${simulated.label} (95% CI)`)).toEqual({
      label: `${simulated.label} (95% CI)`,
      swatch: 'marker',
      fill: simulated.colour,
      open: false,
    });
    expect(
      exported.find((e) => e.label === `${simulated.label}, 95% CI unbounded above`),
    ).toMatchObject({ swatch: 'marker', fill: 'white', open: true });
    expect(svg).toMatch(
      new RegExp(`<circle class="legend-marker"[^>]* fill="white" stroke="${simulated.colour}"`),
    );
    await page.close();
  });

  it('grows the SR curve point by point: simulated η with CIs, the same numbers as in Node', async () => {
    const page = await open(encodeState(state));
    // Wait for the theory curve, then count the simulated rows at every change of the table.
    await page.waitForFunction(
      () => Number(document.getElementById('panel-drive')!.dataset['theory'] ?? 0) >= 1,
      null,
      { timeout: 90_000 },
    );
    await page.evaluate(() => {
      const w = window as unknown as { __rows: number[] };
      w.__rows = [];
      new MutationObserver(() => {
        const n = document.querySelectorAll('#drive-sim-table tbody tr').length;
        if (n !== w.__rows[w.__rows.length - 1]) w.__rows.push(n);
      }).observe(document.getElementById('panel-drive')!, { childList: true, subtree: true });
    });
    const started = Date.now();
    await page.click('#drive-run');
    await expect
      .poll(() => page.textContent('#drive-status'), { timeout: 150_000 })
      .toMatch(/^finished: 12 of 12 noise levels/);
    measurements['srRunMs (12 levels × 4 trajectories × 20 periods, Ω = 0.05)'] =
      Date.now() - started;
    measurements['driveLocalMs'] = await page.getAttribute('#panel-drive', 'data-local-ms');
    measurements['driveTheoryMs'] = await page.getAttribute('#panel-drive', 'data-theory-ms');
    const counts = await page.evaluate(() => (window as unknown as { __rows: number[] }).__rows);
    // One noise level at a time (each arrives in its own message): 1, 2, …, 12.
    expect(counts.filter((n) => n > 0)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const rows = await page.$$eval('#drive-sim-table tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.children];
        const value = (i: number) =>
          Number(cells[i]!.querySelector<HTMLElement>('[data-value]')!.dataset['value']);
        return { D: value(0), eta: value(1), ci: cells[2]!.textContent!, snr: value(4) };
      }),
    );
    const node = await stochasticResonance({
      ...problem,
      ...drive,
      points: 12,
      simulate: { periods: 16, trajectories: 4, seed: 3 },
    });
    // The simulated maximum, as Node finds it, with its interpolation ± (no maximum at an end, no
    // ± with fewer than two levels on either side of the largest η).
    const status = await page.textContent('#drive-status');
    const max = node.maximum.simulated;
    expect(status).toMatch(
      !max
        ? /noise levels$/
        : max.retcode === 'success'
          ? /simulated η is largest at D ≈ \S+ ± \S+$/
          : /simulated η is largest at D ≈ \S+ \(not bounded: too few levels about it\)$/,
    );
    rows.forEach((row, i) => {
      const s = node.rows[i]!.simulated!;
      expect(row.D).toBe(node.rows[i]!.D);
      // Same streams, kernel and FFT in both engines.
      expect(Math.abs(row.eta / s.amplification - 1)).toBeLessThan(1e-12);
      expect(Math.abs(row.snr / s.snr - 1)).toBeLessThan(1e-12);
      const [lo, hi] = row.ci.slice(1, -1).split(', ').map(Number);
      expect(lo!).toBeLessThanOrEqual(row.eta);
      expect(hi!).toBeGreaterThan(row.eta);
    });
    // The PSD of the level nearest the current D, with the signal marked at Ω.
    const psd = await page
      .locator('figure.plot', { hasText: 'Power spectral density' })
      .locator('canvas')
      .count();
    expect(psd).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'drive.png'), fullPage: true });
    // Stop: pressed from inside the page as soon as the first level of a new run is shown, it
    // keeps the finished levels and says so. With 4 trajectories a level the other 44 jobs took
    // ~1 s, and on a loaded machine all 12 levels sometimes finished before the click landed
    // ("finished: 12 of 12"); 64 a level leave ~15 times that.
    await page.fill('#drive-traj', '64');
    await page.locator('#drive-traj').dispatchEvent('change');
    await page.fill('#drive-seed', '4');
    await page.locator('#drive-seed').dispatchEvent('change');
    const stopped = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (document.querySelectorAll('#drive-sim-table tbody tr').length >= 1) {
              observer.disconnect();
              (document.getElementById('drive-run') as HTMLButtonElement).click();
              resolve();
            }
          });
          observer.observe(document.getElementById('panel-drive')!, {
            childList: true,
            subtree: true,
          });
        }),
    );
    await page.click('#drive-run');
    await stopped;
    await expect
      .poll(() => page.textContent('#drive-status'), { timeout: 90_000 })
      .toMatch(/^stopped: \d+ of 12 noise levels/);
    const kept = await page.locator('#drive-sim-table tbody tr').count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(12);
    expect(await page.textContent('#drive-run')).toBe('Run simulation');
    await page.close();
  });

  it('runs trajectory jobs on Web Workers with the same samples as sampleTrajectories in Node', async () => {
    const page = await open('panel=simulation');
    const run = async (expression: string) => {
      const ast = simplify(parseExpression(expression, { variables: ['x', 't'] }).ast);
      const config = {
        dynamics: 'overdamped' as const,
        potential: generateSource(ast, ['x', 't']),
        force: generateSource(simplify(differentiate(ast, 'x')), ['x', 't']),
        D: 0.2,
        gamma: 1,
        dt: 1e-2,
        start: { x: -1 },
        seed: 11,
      };
      const jobs: TrajectoryRequest[] = [0, 3].map((firstTrajectory) => ({
        config,
        firstTrajectory,
        trajectories: 3,
        samples: 64,
        every: 4,
      }));
      const inBrowser = await page.evaluate(
        (r) => (window as unknown as { __lab: Hooks }).__lab.simulation.runTrajectories(r as never),
        jobs,
      );
      const inNode = sampleTrajectories({ ...jobs[0]!, trajectories: 6 });
      return { inBrowser: inBrowser.flat(), inNode: [...inNode.x] };
    };
    // The kernels and streams are the same code, but ECMAScript lets Math.exp/log/cos differ in
    // the last bit between engines (the ziggurat's wedge uses exp, a rocked well cos): Node 20's
    // V8 and this Chromium's give 1-ulp differences in x, which stay at round-off level over
    // these records. Equal to 1e-12 (values of order 1), not bit for bit.
    for (const expression of ['x^4/4 - x^2/2', 'x^4/4 - x^2/2 - 0.1*x*cos(0.5*t)']) {
      const { inBrowser, inNode } = await run(expression);
      expect(inBrowser).toHaveLength(inNode.length);
      const worst = Math.max(...inBrowser.map((v, i) => Math.abs(v - inNode[i]!)));
      expect(worst, expression).toBeLessThan(1e-12);
    }
    await page.close();
  });

  it('refuses an amplitude ≤ 0 with a message and keeps the last valid drive; fits a phone', async () => {
    const page = await open(encodeState(state), { width: 390, height: 844 });
    await etaAtD(page, 'linearResponse');
    for (const bad of ['0', '-0.1']) {
      await page.fill('#drive-A', bad);
      await page.locator('#drive-A').dispatchEvent('change');
      await expect
        .poll(() => page.textContent('#drive-error'))
        .toContain(`drive amplitude A must be a positive number (> 0); got ${bad}`);
      expect(page.url()).toContain('A=0.04');
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // A valid amplitude clears the message.
    await page.fill('#drive-A', '0.05');
    await page.locator('#drive-A').dispatchEvent('change');
    await expect.poll(() => page.textContent('#drive-error')).toBe('');
    expect(page.url()).toContain('A=0.05');
    await page.close();
  });

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
