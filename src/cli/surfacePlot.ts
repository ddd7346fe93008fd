import {
  type AnalysisReportND,
  isKramersError,
  methodInfo,
  minimumEnergyPathND,
  type PathPoint,
  type PathReport,
  type PotentialGrid,
  type PreparedProblemND,
  potentialGrid,
  type SimulationReportND,
  type WalkerPath,
  type WalkerPathsReportND,
} from '../index.js';
import { PLOT_STYLE, type PlotDocument, type PlotModule, writePlotFile } from './plotFile.js';

/** What the map of a 2-D potential shows: U on a grid, the stationary points and paths. */
export interface SurfaceFigure {
  readonly title: string;
  readonly coordinates: readonly string[];
  readonly grid: PotentialGrid;
  readonly minima: readonly { readonly x: readonly number[]; readonly U: number }[];
  readonly saddles: readonly { readonly x: readonly number[]; readonly U: number }[];
  /** Minimum-energy paths drawn on the map (one line each). */
  readonly paths: readonly (readonly PathPoint[])[];
  /** Draw the first path's energy profile U(s) below the map. */
  readonly profile: boolean;
  /** Sampled walker paths (x(t) in the plane), drawn thin with their end points. */
  readonly trajectories?: readonly WalkerPath[];
}

/** Path and marker colours: red on the viridis map, ink for the markers. */
const PATH_COLOUR = '#e03131';
const INK = '#1d2330';
const LEVELS = 24;

/**
 * The range of U the colours span: from the lowest value to a quarter above the highest saddle
 * (the part of the map a rate depends on); without saddles, the lower 60% of the values. Values
 * above it share the top colour, so one steep corner (Müller–Brown's reaches 10⁴) does not wash
 * out the wells.
 */
export function colourRange(figure: SurfaceFigure): [number, number] {
  const { min, max } = figure.grid;
  const top = Math.max(...figure.saddles.map((s) => s.U), Number.NEGATIVE_INFINITY);
  const minimum = Math.min(...figure.minima.map((m) => m.U), min);
  let hi =
    figure.saddles.length > 0
      ? top + 0.25 * (top - minimum)
      : [...figure.grid.values].filter(Number.isFinite).sort((a, b) => a - b)[
          Math.floor(0.6 * figure.grid.values.length)
        ]!;
  if (!(hi > minimum)) hi = max > minimum ? max : minimum + 1;
  return [minimum, Math.min(hi, max > minimum ? max : hi)];
}

function mapFigure(Plot: PlotModule, document: PlotDocument, figure: SurfaceFigure) {
  const { grid, coordinates } = figure;
  const nx = grid.x.length;
  const ny = grid.y.length;
  const [lo, hi] = colourRange(figure);
  // Clipped to the colour range; a value that is not finite is drawn as the top colour.
  const values = grid.values.map((u) => (Number.isFinite(u) ? Math.min(u, hi) : hi));
  const x0 = grid.x[0]!;
  const x1 = grid.x[nx - 1]!;
  const y0 = grid.y[0]!;
  const y1 = grid.y[ny - 1]!;
  // The grid's values sit on nodes; Plot's contour places them at cell centres: half a cell out.
  const hx = (x1 - x0) / (nx - 1) / 2;
  const hy = (y1 - y0) / (ny - 1) / 2;
  const thresholds = Array.from({ length: LEVELS }, (_, k) => lo + ((hi - lo) * k) / LEVELS);
  const width = 640;
  const height = Math.round(
    Math.min(900, Math.max(300, (width - 100) * ((y1 - y0) / (x1 - x0)) + 90)),
  );
  const contour = {
    width: nx,
    height: ny,
    x1: x0 - hx,
    x2: x1 + hx,
    y1: y0 - hy,
    y2: y1 + hy,
    thresholds,
    value: Plot.identity,
  };
  const lines = figure.paths.flatMap((path, k) =>
    path.map((q) => ({ x: q.x[0]!, y: q.x[1]!, path: k })),
  );
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 40,
    style: PLOT_STYLE,
    x: { domain: [x0, x1], label: `${coordinates[0]} →` },
    y: { domain: [y0, y1], label: `↑ ${coordinates[1]}` },
    color: { type: 'linear', scheme: 'viridis', domain: [lo, hi] },
    marks: [
      Plot.contour(values, { ...contour, fill: 'value', stroke: 'none', ariaDescription: 'U map' }),
      Plot.contour(values, {
        ...contour,
        stroke: 'white',
        strokeOpacity: 0.35,
        strokeWidth: 0.6,
        ariaDescription: 'contours',
      }),
      Plot.frame(),
      Plot.line(lines, {
        x: 'x',
        y: 'y',
        z: 'path',
        stroke: PATH_COLOUR,
        strokeWidth: 2.2,
        ariaLabel: () => 'minimum-energy path',
      }),
      ...trajectoryMarks(Plot, figure),
      ...stationaryMarks(Plot, figure),
      Plot.text([figure.title], {
        frameAnchor: 'top-left',
        dy: -28,
        fontWeight: 'bold',
        textAnchor: 'start',
      }),
    ],
  });
}

/**
 * The sampled walkers: thin lines in the simulation route's catalogue colour over a white halo
 * (so they read on every band of the map), each ending in a dot where its first passage was
 * recorded; the walker's index and end time in the aria-label.
 */
function trajectoryMarks(Plot: PlotModule, figure: SurfaceFigure) {
  const walkers = figure.trajectories ?? [];
  if (walkers.length === 0) return [];
  const colour = methodInfo('simulation')!.colour;
  const points = walkers.flatMap((w) => w.x.map((x) => ({ x: x[0]!, y: x[1]!, walker: w.walker })));
  const ends = walkers.map((w) => ({
    x: w.x.at(-1)![0]!,
    y: w.x.at(-1)![1]!,
    aria: `walker ${w.walker}: ${w.end} at t = ${w.tEnd}, (${w.x.at(-1)!.join(', ')})`,
  }));
  const line = { x: 'x', y: 'y', z: 'walker', curve: 'linear' } as const;
  return [
    Plot.line(points, { ...line, stroke: 'white', strokeOpacity: 0.7, strokeWidth: 2.2 }),
    Plot.line(points, {
      ...line,
      stroke: colour,
      strokeWidth: 1,
      ariaLabel: () => 'sampled walker path',
    }),
    Plot.dot(ends, {
      x: 'x',
      y: 'y',
      r: 3.5,
      fill: colour,
      stroke: 'white',
      strokeWidth: 1,
      ariaLabel: 'aria',
    }),
  ];
}

/** The minima (white dots) and saddles (×), each labelled, its U in the element's aria-label. */
function stationaryMarks(Plot: PlotModule, figure: SurfaceFigure) {
  const point = (kind: string) => (p: { x: readonly number[]; U: number }, i: number) => ({
    x: p.x[0]!,
    y: p.x[1]!,
    label: `${kind} ${i}`,
    aria: `${kind} ${i}: U = ${p.U}`,
  });
  const minima = figure.minima.map(point('minimum'));
  const saddles = figure.saddles.map(point('saddle'));
  return [
    Plot.dot(minima, {
      x: 'x',
      y: 'y',
      r: 5,
      fill: 'white',
      stroke: INK,
      strokeWidth: 1.5,
      ariaLabel: 'aria',
    }),
    Plot.dot(saddles, {
      x: 'x',
      y: 'y',
      r: 6,
      symbol: 'times',
      stroke: 'white',
      strokeWidth: 2.5,
      ariaLabel: 'aria',
    }),
    ...[...minima, ...saddles].map((p) =>
      Plot.text([p], {
        x: 'x',
        y: 'y',
        text: 'label',
        dx: 8,
        dy: -8,
        textAnchor: 'start',
        fill: 'white',
        stroke: INK,
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    ),
  ];
}

/** The colour scale as a bar under the map, with U at its ticks. */
function legendFigure(Plot: PlotModule, document: PlotDocument, lo: number, hi: number) {
  const bins = Array.from({ length: LEVELS }, (_, k) => ({
    a: lo + ((hi - lo) * k) / LEVELS,
    b: lo + ((hi - lo) * (k + 1)) / LEVELS,
  }));
  return Plot.plot({
    document,
    width: 640,
    height: 64,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 6,
    marginBottom: 34,
    style: PLOT_STYLE,
    x: {
      domain: [lo, hi],
      label: `U (colour scale; above ${Number(hi.toPrecision(4))} the top colour) →`,
    },
    y: { axis: null, domain: [0, 1] },
    color: { type: 'linear', scheme: 'viridis', domain: [lo, hi] },
    marks: [
      Plot.rect(bins, {
        x1: 'a',
        x2: 'b',
        y1: 0,
        y2: 1,
        fill: 'a',
        ariaLabel: () => 'colour scale',
      }),
    ],
  });
}

/** The energy profile U(s) along the first path, its saddles marked. */
function profileFigure(Plot: PlotModule, document: PlotDocument, figure: SurfaceFigure) {
  const path = figure.paths[0] ?? [];
  const tops = path.filter((q, k) => {
    const before = path[k - 1]?.U;
    const after = path[k + 1]?.U;
    return before !== undefined && after !== undefined && q.U >= before && q.U >= after;
  });
  return Plot.plot({
    document,
    width: 640,
    height: 260,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 40,
    style: PLOT_STYLE,
    x: { label: 'arc length s along the path →', grid: true },
    y: { label: '↑ U', grid: true, insetTop: 20 },
    marks: [
      Plot.line(path, { x: 's', y: 'U', stroke: PATH_COLOUR, strokeWidth: 2 }),
      Plot.dot(tops, { x: 's', y: 'U', r: 5, symbol: 'times', stroke: INK, strokeWidth: 2 }),
      Plot.text(tops, {
        x: 's',
        y: 'U',
        text: (q: PathPoint) => `U = ${Number(q.U.toPrecision(6))}`,
        dy: -12,
      }),
      Plot.text(['Energy profile along the minimum-energy path'], {
        frameAnchor: 'top-left',
        dy: -30,
        fontWeight: 'bold',
        textAnchor: 'start',
      }),
    ],
  });
}

/**
 * The contour map of U(x, y) (filled bands on a viridis scale with their outlines), the minima
 * (white dots), the index-1 saddles (×) and minimum-energy paths (red), the colour scale below it
 * and, for `kramers path`, the energy profile along the path. Drawn with Observable Plot like the
 * CLI's other figures (plotFile.ts).
 */
export function writeSurfacePlot(figure: SurfaceFigure, file: string): Promise<void> {
  return writePlotFile(file, (Plot, document) => {
    const [lo, hi] = colourRange(figure);
    const figures = [mapFigure(Plot, document, figure), legendFigure(Plot, document, lo, hi)];
    if (figure.profile) figures.push(profileFigure(Plot, document, figure));
    return figures;
  });
}

/** Grid nodes per axis of a CLI map: fine enough for smooth contours, ~0.1 s for Müller–Brown. */
const GRID = 161;

function titleOf(p: PreparedProblemND): string {
  const expression = p.summary.expression;
  const short = expression.length > 48 ? `${expression.slice(0, 46)}…` : expression;
  return `U(${p.coordinates.join(', ')}) = ${short}`;
}

/**
 * The map of `kramers analyze`: every minimum and saddle, and for each saddle between two minima
 * the minimum-energy path between them (the library's `minimumEnergyPathND`; a pair it cannot
 * join is left undrawn rather than failing the command).
 */
export function analysisFigure(p: PreparedProblemND, report: AnalysisReportND): SurfaceFigure {
  return {
    title: titleOf(p),
    coordinates: p.coordinates,
    grid: potentialGrid(p.potential, p.box, GRID),
    minima: report.minima,
    saddles: report.saddles,
    paths: saddlePaths(p, report.saddles),
    profile: false,
  };
}

/** For each saddle between two minima, the minimum-energy path between them (once per pair). */
function saddlePaths(
  p: PreparedProblemND,
  saddles: readonly { readonly connects: readonly unknown[] }[],
): PathPoint[][] {
  const pairs = new Set<string>();
  const paths: PathPoint[][] = [];
  for (const s of saddles) {
    const [a, b] = s.connects;
    if (typeof a !== 'number' || typeof b !== 'number' || a === b) continue;
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    try {
      paths.push([...minimumEnergyPathND(p, { from: a, to: b }).path]);
    } catch (error) {
      if (!isKramersError(error)) throw error;
    }
  }
  return paths;
}

/**
 * The map of `kramers simulate --plot`: minima, saddles, the minimum-energy paths over every
 * saddle, and a few walkers of the run (their sampled paths to first passage).
 */
export function simulationFigure(
  p: PreparedProblemND,
  report: SimulationReportND,
  walkers: WalkerPathsReportND | null,
): SurfaceFigure {
  // No walker escaped: no MFPT, only its lower bound.
  const mfpt =
    report.mfpt !== null
      ? `MFPT ${Number(report.mfpt.toPrecision(4))}`
      : `MFPT > ${Number((report.mfptLowerBound ?? 0).toPrecision(4))}`;
  const drawn = walkers?.paths ?? [];
  return {
    title: `${titleOf(p)}: ${drawn.length} of ${report.walkers} walkers, ${mfpt}`,
    coordinates: p.coordinates,
    grid: potentialGrid(p.potential, p.box, GRID),
    minima: p.landscape.minima,
    saddles: p.landscape.saddles,
    paths: saddlePaths(p, p.landscape.saddles),
    profile: false,
    trajectories: drawn,
  };
}

/** The map of `kramers path`: the path, the points it visits, and its energy profile below. */
export function pathFigure(p: PreparedProblemND, report: PathReport): SurfaceFigure {
  return {
    title: `${titleOf(p)}: path ${report.minima.join(' → ')}`,
    coordinates: p.coordinates,
    grid: potentialGrid(p.potential, p.box, GRID),
    minima: p.landscape.minima,
    saddles: p.landscape.saddles,
    paths: [report.path],
    profile: true,
  };
}
