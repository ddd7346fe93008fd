import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  readonly width?: number;
  readonly dash?: number[];
  /** Markers only, no line. */
  readonly pointsOnly?: boolean;
  /** Drawn as bars (histograms). */
  readonly bars?: boolean;
}

/**
 * A dashed segment (y null: from the bottom to the top of the plot, a vertical marker) with an
 * optional label at its start (`dy` lines below, to keep labels apart).
 */
export interface Mark {
  readonly x1: number;
  readonly y1: number | null;
  readonly x2: number;
  readonly y2: number | null;
  readonly color: string;
  readonly label?: string;
  readonly dy?: number;
}

export interface PlotSpec {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly SeriesSpec[];
  /** data[0] = x, then one array per series (null = gap). */
  readonly data: (number | null)[][];
  readonly yRange?: [number, number];
  /** Logarithmic x axis (positive x only), e.g. a noise scan on a log grid. */
  readonly xLog?: boolean;
  /** Annotations in data coordinates, drawn on the canvas and in the SVG export alike. */
  readonly marks?: readonly Mark[];
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function downloadText(name: string, text: string, type: string): void {
  download(name, new Blob([text], { type }));
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9 * span; t += step) {
    out.push(Number(t.toPrecision(12)));
  }
  return out;
}

/**
 * A uPlot chart with exports: PNG (the canvas), SVG (the same series redrawn as vectors) and CSV
 * (the data). Updating with the same series keeps the chart and only swaps the data (fast
 * repaint); a different set of series rebuilds it.
 */
export class Plot {
  private u: uPlot | null = null;
  private spec: PlotSpec | null = null;
  private signature = '';
  readonly element: HTMLElement;

  constructor(
    private readonly name: string,
    title: string,
  ) {
    this.element = document.createElement('figure');
    this.element.className = 'plot';
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    const tools = document.createElement('span');
    tools.className = 'tools';
    for (const [label, action] of [
      ['PNG', () => this.exportPng()],
      ['SVG', () => this.exportSvg()],
      ['CSV', () => this.exportCsv()],
    ] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.setAttribute('aria-label', `export ${title} as ${label}`);
      b.addEventListener('click', action);
      tools.append(b);
    }
    caption.append(tools);
    this.element.append(caption);
    new ResizeObserver(() => {
      if (this.u) this.u.setSize(this.size());
    }).observe(this.element);
  }

  private size() {
    const width = Math.max(260, this.element.clientWidth - 8);
    return { width, height: Math.round(Math.min(340, Math.max(200, width * 0.5))) };
  }

  update(spec: PlotSpec): void {
    this.spec = spec;
    const signature = JSON.stringify([
      spec.series.map((s) => s.label),
      spec.xLabel,
      spec.yLabel,
      spec.yRange ?? null,
      spec.xLog ?? false,
    ]);
    const data = spec.data as uPlot.AlignedData;
    if (this.u && signature === this.signature) {
      this.u.setData(data, true);
      return;
    }
    this.u?.destroy();
    this.signature = signature;
    const opts: uPlot.Options = {
      ...this.size(),
      scales: {
        x: spec.xLog ? { time: false, distr: 3 } : { time: false },
        y: spec.yRange ? { range: spec.yRange } : {},
      },
      axes: [
        { label: spec.xLabel, stroke: '#334' },
        { label: spec.yLabel, stroke: '#334', size: 60 },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: spec.xLabel },
        ...spec.series.map(
          (s): uPlot.Series => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.pointsOnly
              ? { paths: () => null, points: { show: true, size: 9, fill: s.color } }
              : { points: { show: false } }),
            ...(s.bars
              ? { paths: uPlot.paths.bars!({ size: [0.95, 100] }), fill: `${s.color}55` }
              : {}),
            spanGaps: false,
          }),
        ),
      ],
      hooks: {
        draw: [
          (u) => {
            const marks = this.spec?.marks;
            if (!marks?.length) return;
            const ctx = u.ctx;
            const dpr = devicePixelRatio || 1;
            const top = u.bbox.top;
            const bottom = u.bbox.top + u.bbox.height;
            ctx.save();
            // Marks (e.g. a CI beyond the y range) stay inside the plotting area.
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            ctx.font = `${12 * dpr}px sans-serif`;
            ctx.lineWidth = dpr;
            ctx.setLineDash([3 * dpr, 3 * dpr]);
            for (const m of marks) {
              const x1 = u.valToPos(m.x1, 'x', true);
              const x2 = u.valToPos(m.x2, 'x', true);
              const y1 = m.y1 === null ? bottom : u.valToPos(m.y1, 'y', true);
              const y2 = m.y2 === null ? top : u.valToPos(m.y2, 'y', true);
              ctx.strokeStyle = m.color;
              ctx.beginPath();
              ctx.moveTo(x1, y1);
              ctx.lineTo(x2, y2);
              ctx.stroke();
              if (m.label) {
                ctx.fillStyle = m.color;
                const ly = m.y1 === null ? top + 14 * dpr : (y1 + y2) / 2;
                ctx.fillText(m.label, x1 + 4 * dpr, ly + (m.dy ?? 0) * 14 * dpr);
              }
            }
            ctx.restore();
          },
        ],
      },
    };
    this.u = new uPlot(opts, data, this.element);
  }

  exportPng(): void {
    const canvas = this.u?.ctx.canvas;
    if (!canvas) return;
    canvas.toBlob((blob) => {
      if (blob) download(`${this.name}.png`, blob);
    }, 'image/png');
  }

  /** The series redrawn as SVG polylines on the chart's current scales. */
  svg(): string {
    const spec = this.spec;
    const u = this.u;
    if (!spec || !u) return '';
    const W = 720;
    const H = 400;
    const m = { l: 70, r: 20, t: 20, b: 50 };
    const xMin = u.scales['x']!.min!;
    const xMax = u.scales['x']!.max!;
    const yMin = u.scales['y']!.min!;
    const yMax = u.scales['y']!.max!;
    // The SVG uses the chart's own x mapping (linear or logarithmic).
    const fx = spec.xLog ? Math.log : (x: number) => x;
    const px = (x: number) => m.l + ((fx(x) - fx(xMin)) / (fx(xMax) - fx(xMin))) * (W - m.l - m.r);
    const py = (y: number) => H - m.b - ((y - yMin) / (yMax - yMin)) * (H - m.t - m.b);
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
      `<rect width="${W}" height="${H}" fill="white"/>`,
      `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#889"/>`,
    ];
    const xTicks = spec.xLog
      ? ticks(Math.log10(xMin), Math.log10(xMax)).map((e) => Number((10 ** e).toPrecision(3)))
      : ticks(xMin, xMax);
    for (const t of xTicks) {
      parts.push(
        `<text x="${px(t)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`,
        `<line x1="${px(t)}" x2="${px(t)}" y1="${H - m.b}" y2="${H - m.b + 4}" stroke="#889"/>`,
      );
    }
    for (const t of ticks(yMin, yMax)) {
      parts.push(
        `<text x="${m.l - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`,
        `<line x1="${m.l - 4}" x2="${m.l}" y1="${py(t)}" y2="${py(t)}" stroke="#889"/>`,
      );
    }
    parts.push(
      `<text x="${(W + m.l) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
      `<text transform="translate(16 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
    );
    const xs = spec.data[0]!;
    spec.series.forEach((s, k) => {
      const ys = spec.data[k + 1]!;
      if (s.pointsOnly) {
        xs.forEach((x, i) => {
          const y = ys[i];
          if (x !== null && y !== null && y !== undefined) {
            parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="4" fill="${s.color}"/>`);
          }
        });
        return;
      }
      let path = '';
      let pen = false;
      xs.forEach((x, i) => {
        const y = ys[i];
        if (x === null || y === null || y === undefined || !Number.isFinite(y)) {
          pen = false;
          return;
        }
        path += `${pen ? 'L' : 'M'}${px(x).toFixed(2)} ${py(Math.min(Math.max(y, yMin), yMax)).toFixed(2)}`;
        pen = true;
      });
      parts.push(
        `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`,
      );
      parts.push(
        `<text x="${m.l + 10}" y="${m.t + 16 + 14 * k}" fill="${s.color}">${escapeXml(s.label)}</text>`,
      );
    });
    for (const mk of spec.marks ?? []) {
      const y1 = mk.y1 === null ? H - m.b : py(mk.y1);
      const y2 = mk.y2 === null ? m.t : py(mk.y2);
      parts.push(
        `<line x1="${px(mk.x1)}" y1="${y1}" x2="${px(mk.x2)}" y2="${y2}" stroke="${mk.color}" stroke-dasharray="3 3"/>`,
      );
      if (mk.label) {
        const ly = (mk.y1 === null ? m.t + 14 : (y1 + y2) / 2) + (mk.dy ?? 0) * 14;
        parts.push(
          `<text x="${px(mk.x1) + 4}" y="${ly}" fill="${mk.color}">${escapeXml(mk.label)}</text>`,
        );
      }
    }
    parts.push('</svg>');
    return parts.join('\n');
  }

  exportSvg(): void {
    downloadText(`${this.name}.svg`, this.svg(), 'image/svg+xml');
  }

  csv(): string {
    const spec = this.spec;
    if (!spec) return '';
    const rows: unknown[][] = [[spec.xLabel, ...spec.series.map((s) => s.label)]];
    spec.data[0]!.forEach((x, i) => {
      rows.push([x, ...spec.data.slice(1).map((ys) => ys[i])]);
    });
    return toCsv(rows);
  }

  exportCsv(): void {
    downloadText(`${this.name}.csv`, this.csv(), 'text/csv');
  }
}

function escapeXml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
