import { accessSync, constants, existsSync, unlinkSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { KramersError, type MethodKey, methodInfo } from '../index.js';

/** Observable Plot's module, as loaded on demand. */
export type PlotModule = typeof import('@observablehq/plot');
/** The document Plot draws into (linkedom's, standing in for a browser's). */
export type PlotDocument = NonNullable<NonNullable<Parameters<PlotModule['plot']>[0]>['document']>;

/** The figure style every CLI plot shares. */
export const PLOT_STYLE = {
  fontFamily: 'DejaVu Sans, sans-serif',
  fontSize: '12px',
  background: 'white',
} as const;

/** Tick labels only at powers of ten on a log axis (1e-5, 0.01, 1, 100, 1e4). */
export function powerOfTenTick(d: number): string {
  const e = Math.round(Math.log10(d));
  if (Math.abs(d / 10 ** e - 1) >= 1e-6) return '';
  return e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`;
}

/** Tick labels at 1, 2 and 5 times powers of ten on a log axis (for ranges of a decade or two). */
export function oneTwoFiveTick(d: number): string {
  const e = Math.floor(Math.log10(d) + 1e-9);
  const mantissa = d / 10 ** e;
  if (![1, 2, 5].some((m) => Math.abs(mantissa / m - 1) < 1e-6)) return '';
  return Number(d.toPrecision(1)).toString();
}

/** A legend entry: a curve's name in its colour. */
export interface LegendEntry {
  readonly name: string;
  readonly color: string;
}

/** A method's legend entry: its label and colour from the method catalogue (kept nowhere else). */
export function methodEntry(key: MethodKey): LegendEntry {
  const info = methodInfo(key)!;
  return { name: info.label, color: info.colour };
}

/**
 * The legend entry of a study's simulated points: the `simulation` route's colour and its label
 * without the rate it names in brackets ("1/MFPT"), since a study's points are another quantity
 * (⟨F⟩, η; the axis says which), with the interval drawn.
 */
export function simulatedEntry(): LegendEntry {
  const { name, color } = methodEntry('simulation');
  return { name: `${name.replace(/\s*\([^)]*\)$/, '')} (95% CI)`, color };
}

/**
 * The legend every CLI plot draws in its right margin: one bold line per entry in the curve's
 * colour, the first `top` px below the frame's top, `step` px apart.
 */
export function legendMarks(Plot: PlotModule, entries: readonly LegendEntry[], top = 6, step = 18) {
  return entries.map((entry, i) =>
    Plot.text([entry], {
      frameAnchor: 'top-right',
      text: 'name',
      fill: 'color',
      textAnchor: 'start',
      fontWeight: 'bold',
      dx: 12,
      dy: top + step * i,
    }),
  );
}

/** Checks a --plot file name before any work is done: .svg or .png. */
export function checkPlotFile(file: string): '.svg' | '.png' {
  const format = extname(file).toLowerCase();
  if (format !== '.svg' && format !== '.png') {
    throw new KramersError('usage', `--plot: '${file}' must end in .svg or .png`, {
      issues: [{ path: 'plot', message: 'unknown file type' }],
    });
  }
  requireWritable('plot', file);
  return format;
}

/** A file system error as bad input: the path given cannot be written. */
function unwritable(option: string, file: string, error: unknown): KramersError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new KramersError('usage', `--${option}: cannot write '${file}' (${code})`, {
    issues: [{ path: option, message: 'not writable' }],
    hint: 'give a file in an existing directory you may write to',
  });
}

/**
 * Checks before any work that the plot file can be written: an existing file must be writable; a
 * new one's directory must take a probe file, created and removed again (the only test that /proc
 * and a missing directory fail).
 */
export function requireWritable(option: string, file: string): void {
  try {
    if (existsSync(file)) {
      accessSync(file, constants.W_OK);
      return;
    }
    // A probe beside it, not the file itself: a watcher of the file sees it only when written.
    const probe = `${file}.${process.pid}.probe`;
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw unwritable(option, file, error);
  }
}

/** Writes the finished figure; an I/O error (disk full, a directory removed meanwhile) is reported. */
function writeFigure(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    throw unwritable('plot', file, error);
  }
}

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';

/** Stacks several Plot figures (each an <svg> with width and height) into one SVG, top to bottom. */
function stack(figures: readonly string[]): string {
  if (figures.length === 1) {
    const only = figures[0]!;
    return only.includes('xmlns=') ? only : only.replace('<svg', `<svg ${SVG_NS}`);
  }
  let y = 0;
  let width = 0;
  const parts = figures.map((svg) => {
    const w = Number(/\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 640);
    const h = Number(/\bheight="([\d.]+)"/.exec(svg)?.[1] ?? 400);
    const placed = svg.replace('<svg', `<svg x="0" y="${y}"`);
    y += h;
    width = Math.max(width, w);
    return placed;
  });
  return `<svg ${SVG_NS} width="${width}" height="${y}" viewBox="0 0 ${width} ${y}"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
}

/**
 * Draws one figure, or several stacked top to bottom, with Observable Plot into a linkedom
 * document (no browser) and writes it as SVG, or as PNG through resvg. The three libraries load
 * only when a plot is asked for, so the other commands start fast.
 */
export async function writePlotFile(
  file: string,
  draw: (Plot: PlotModule, document: PlotDocument) => unknown,
): Promise<void> {
  const format = checkPlotFile(file);
  const [Plot, { parseHTML }] = await Promise.all([
    import('@observablehq/plot'),
    import('linkedom'),
  ]);
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const drawn = draw(Plot, document as unknown as PlotDocument);
  const figures = (Array.isArray(drawn) ? drawn : [drawn]) as { outerHTML: string }[];
  const text = stack(figures.map((f) => f.outerHTML));
  if (format === '.svg') {
    writeFigure(file, text);
    return;
  }
  const { Resvg } = await import('@resvg/resvg-js');
  const png = new Resvg(text, {
    fitTo: { mode: 'width', value: 1350 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  writeFigure(file, png);
}
