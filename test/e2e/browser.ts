import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type LabServer, serveLab } from '../../dist/node/index.js';

/** Debian's chromium (installed by .ci/run); playwright-core downloads no browser. */
export const CHROMIUM = process.env['KRAMERS_CHROMIUM'] ?? '/usr/bin/chromium';

/** Screenshots and measurements of the browser tests (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set KRAMERS_CHROMIUM`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  // Flags from docs/stack.md: no sandbox (root in CI), no GPU, and no background traffic so
  // that the test can assert the page alone makes no external requests.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The Lab served on a free port and one Chromium, shared by the tests of one file. */
export interface LabSession {
  browser: Browser;
  server: LabServer;
}

/**
 * Starts the Lab and Chromium before a file's tests and closes both after them; the fields are
 * filled in `beforeAll`, so read them inside tests only.
 */
export function labSession(): LabSession {
  const lab = {} as LabSession;
  beforeAll(async () => {
    lab.server = await serveLab({ port: 0 });
    lab.browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}

/**
 * How many results a panel has rendered: the page counts them in document.body.dataset[counter]
 * ('renders' for the main compute worker, 'driftRenders', 'surfaceRenders' for theirs).
 */
export async function renderCount(page: Page, counter = 'renders'): Promise<number> {
  return page.evaluate((c) => Number(document.body.dataset[c] ?? 0), counter);
}

/** Waits until the page has rendered at least `n` results of `counter` (see renderCount). */
export async function renderedAtLeast(
  page: Page,
  n: number,
  { counter = 'renders', timeout = 20_000 }: { counter?: string; timeout?: number } = {},
): Promise<void> {
  await page.waitForFunction(
    ([c, k]) => Number(document.body.dataset[c] ?? 0) >= k,
    [counter, n] as const,
    {
      timeout,
    },
  );
}

/** One entry of an exported SVG's legend: its label and its swatch (a line, or a point marker). */
export interface SvgLegendEntry {
  label: string;
  swatch: 'line' | 'marker' | 'none';
  /** The marker's fill (white inside an open ring), or the line's stroke. */
  fill?: string;
  /** A marker drawn as an open ring (an outline around a white inside). */
  open?: boolean;
}

/** The legend entries of a plot's SVG export (web/src/plot.ts), read from the markup alone. */
export function svgLegend(svg: string): SvgLegendEntry[] {
  const attr = (tag: string, name: string) => tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1];
  return [...svg.matchAll(/<g class="legend-entry">([\s\S]*?)<\/g>/g)].map((m) => {
    const body = m[1]!;
    const label = (body.match(/<text[^>]*>([^<]*)<\/text>/)?.[1] ?? '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const circle = body.match(/<circle [^>]*>/)?.[0];
    if (circle) {
      const fill = attr(circle, 'fill')!;
      return { label, swatch: 'marker', fill, open: fill === 'white' && !!attr(circle, 'stroke') };
    }
    const line = body.match(/<line [^>]*>/)?.[0];
    if (line) return { label, swatch: 'line', fill: attr(line, 'stroke')! };
    return { label, swatch: 'none' };
  });
}
