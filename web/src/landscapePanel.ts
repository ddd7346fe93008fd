/**
 * The Landscape tab: U(x) with its wells and barriers, the curvature parabolas at each, the
 * barrier height seen from each well, and their tables (all from the library's `analyze()`).
 * A landscape with no barrier (a single well) is shown too, as `kramers analyze` shows it.
 */
import { fmt, h } from './format.js';
import { type Mark, Plot, type SeriesSpec } from './plot.js';
import type { ExtremumView, LandscapeResult, NoPassageResult } from './protocol.js';
import { tableWithCsv, tex, valueCell, warningList } from './widgets.js';

export class LandscapePanel {
  private readonly plot = new Plot(
    'landscape',
    'U(x) with wells, barriers, ΔU and curvature parabolas',
  );
  private readonly formula = h('div', {});
  private readonly tables = h('div', {});
  private readonly warnings = h('div', {});

  constructor(section: HTMLElement) {
    section.append(this.formula, this.plot.element, this.tables, this.warnings);
  }

  render(r: LandscapeResult | NoPassageResult): void {
    this.formula.replaceChildren(tex(`U(x) = ${r.tex ?? r.expression}`, true));
    this.renderPlot(r);
    this.tables.replaceChildren(...extremaTables(r, 'noPassage' in r ? r.noPassage : null));
    this.warnings.replaceChildren(warningList(r.warnings));
  }

  private renderPlot(r: LandscapeResult): void {
    const xs = r.curve.x;
    const finite = r.curve.U.filter(Number.isFinite);
    let lo = Math.min(...finite);
    let hi = Math.max(...finite);
    const span = hi - lo || 1;
    lo -= 0.08 * span;
    hi += 0.08 * span;
    const maxDeltaU = Math.max(0.1 * span, ...r.transitions.map((t) => t.deltaU));
    const parabola = (e: ExtremumView) => {
      const w = Math.sqrt((2 * maxDeltaU) / Math.max(Math.abs(e.d2U), 1e-12)) * 0.8;
      return xs.map((x) => {
        if (Math.abs(x - e.x) > w) return null;
        const v = e.U + 0.5 * e.d2U * (x - e.x) ** 2;
        return v < lo || v > hi ? null : v;
      });
    };
    const at = (points: { x: number; U: number }[]) =>
      xs.map((x) => points.find((p) => p.x === x)?.U ?? null);
    this.plot.update({
      xLabel: 'x',
      yLabel: 'U(x)',
      yRange: [lo, hi],
      series: landscapeSeries(r),
      data: [
        xs,
        r.curve.U,
        ...r.wells.map(parabola),
        ...r.barriers.map(parabola),
        at(r.wells),
        at(r.barriers),
      ],
      marks: barrierMarks(r),
    });
  }
}

function landscapeSeries(r: LandscapeResult): SeriesSpec[] {
  return [
    { label: 'U(x)', color: '#1d2330', width: 2.5 },
    ...r.wells.map((w) => ({
      label: `well ${w.index} parabola`,
      color: '#2f9e44',
      width: 1.2,
      dash: [5, 4],
    })),
    ...r.barriers.map((b) => ({
      label: `barrier ${b.index} parabola`,
      color: '#d9480f',
      width: 1.2,
      dash: [5, 4],
    })),
    { label: 'wells x_a', color: '#2f9e44', pointsOnly: true },
    { label: 'barriers x_s', color: '#d9480f', pointsOnly: true },
  ];
}

/** ΔU seen from each well: a dashed level at the barrier top and a rise from the well bottom. */
function barrierMarks(r: LandscapeResult): Mark[] {
  return r.transitions.flatMap((t, k) => {
    const w = r.wells[t.from];
    const b = r.barriers[t.barrier];
    if (!w || !b) return [];
    return [
      { x1: w.x, y1: b.U, x2: b.x, y2: b.U, color: '#5f3dc4' },
      {
        x1: w.x,
        y1: w.U,
        x2: w.x,
        y2: b.U,
        color: '#5f3dc4',
        label: `ΔU${t.from}→${t.to} = ${fmt(t.deltaU)}`,
        dy: k % 2,
      },
    ];
  });
}

/** A table, or "none" where it has no rows (as `kramers analyze` prints it). */
function tableOrNone(
  name: string,
  head: string[],
  rows: (string | Node)[][],
  id: string,
): HTMLElement {
  return rows.length > 0 ? tableWithCsv(name, head, rows, id) : h('p', { id, text: 'none' });
}

/** The wells, the barriers and the transitions; `noPassage`: why the start well has none. */
function extremaTables(r: LandscapeResult, noPassage: string | null): HTMLElement[] {
  const ext = (e: ExtremumView) => [
    String(e.index),
    valueCell(e.x),
    valueCell(e.U),
    valueCell(e.d2U),
    valueCell(e.omega),
  ];
  return [
    h(
      'div',
      { class: 'grid2' },
      h(
        'div',
        {},
        h('h3', { text: 'Wells (x_a, ω_a = √(U″/m))' }),
        tableOrNone('wells', ['#', 'x_a', 'U', 'U″', 'ω_a'], r.wells.map(ext), 'wells-table'),
      ),
      h(
        'div',
        {},
        h('h3', { text: 'Barriers (x_s, ω_s = √(|U″|/m))' }),
        tableOrNone(
          'barriers',
          ['#', 'x_s', 'U', 'U″', 'ω_s'],
          r.barriers.map(ext),
          'barriers-table',
        ),
      ),
    ),
    h('h3', { text: 'Barrier heights seen from each well' }),
    tableOrNone(
      'transitions',
      ['from', 'to', 'barrier', 'ΔU', 'ΔU/D'],
      r.transitions.map((t) => [
        String(t.from),
        String(t.to),
        String(t.barrier),
        valueCell(t.deltaU),
        valueCell(t.barrierToNoise),
      ]),
      'transitions-table',
    ),
    // The rates, flux, spectrum and simulation of a passage need a barrier: say why there is none.
    ...(noPassage
      ? [h('p', { id: 'no-passage', text: `No escape rate to compute: ${noPassage}.` })]
      : []),
  ];
}
