import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { methodInfo, walkerPathsND } from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';
import { runCli } from './run.js';

interface Point {
  kind: 'minimum' | 'saddle';
  U: number;
}
const mb = readFixture<{ expression: string; points: Point[] }>('mueller_brown.json');
const BOX = ['--domain', '-1.5:1.2,-0.2:2'];
const dir = mkdtempSync(join(tmpdir(), 'kramers-surface-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The energies of the markers of one kind, as the SVG labels them ("minimum 0: U = …"). */
function marked(svg: string, kind: string): number[] {
  const re = new RegExp(`aria-label="${kind} \\d+: U = ([-\\d.e+]+)"`, 'g');
  return [...svg.matchAll(re)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe('--plot for potentials in two coordinates', () => {
  it('analyze --plot file.svg: the map with 3 minima, 2 saddles at the fixture’s energies and a path per saddle', () => {
    const file = join(dir, 'mb.svg');
    const run = runCli(['analyze', mb.expression, ...BOX, '--D', '8', '--plot', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^U\(x, y\) = /);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const kind of ['minimum', 'saddle'] as const) {
      const want = mb.points
        .filter((p) => p.kind === kind)
        .map((p) => p.U)
        .sort((a, b) => a - b);
      const got = marked(svg, kind);
      expect(got).toHaveLength(want.length);
      // The fixture's mpmath Newton; the markers carry the library's U in full.
      got.forEach((u, i) => {
        expect(Math.abs(u - want[i]!), `${kind} ${i}`).toBeLessThan(1e-6);
      });
    }
    // One minimum-energy path per saddle between two minima (C–B and A–C), drawn in red.
    expect(svg.match(/aria-label="minimum-energy path"/g)).toHaveLength(2);
    expect(svg).toContain('stroke="#e03131"');
    // Filled contour bands and the colour scale beneath the map.
    expect(svg.match(/aria-label="colour scale"/g)).toHaveLength(24);
  });

  it('path --plot file.png: a PNG of the map and the energy profile', () => {
    const file = join(dir, 'path.png');
    const run = runCli(['path', mb.expression, ...BOX, '--from', '0', '--to', '1', '--plot', file]);
    expect(run.status, run.stderr).toBe(0);
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: 1350 px wide (the CLI's PNG width), taller than wide (map, scale and profile).
    expect(png.readUInt32BE(16)).toBe(1350);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1350);
  });

  it('refuses a plot it cannot draw before any work: one coordinate, a wrong file type', () => {
    const oneD = runCli(['analyze', 'x^4/4 - x^2/2', '--plot', join(dir, 'one.svg')]);
    expect(oneD.status).toBe(2);
    expect(oneD.stderr).toMatch(/two coordinates/);
    const pdf = runCli(['path', 'x^4/4 - x^2/2 + y^2', '--domain', '-2:2,-1:1', '--plot', 'a.pdf']);
    expect(pdf.status).toBe(2);
    expect(pdf.stderr).toMatch(/\.svg or \.png/);
  });

  it('simulate --plot file.svg: the map with 5 of the run’s walkers, each ending at its recorded passage', async () => {
    const file = join(dir, 'walkers.svg');
    // ΔU/D = 4: the 60 walkers cross in ~3·10⁴ steps each, well under a second.
    const args = ['(x^2-1)^2 + y^2', '--domain', '-2:2,-1.5:1.5', '--D', '0.25'];
    const passage = ['--to-region', 'x >= 1', '--walkers', '60', '--seed', '5', '--dt', '2e-3'];
    const run = runCli([
      'simulate',
      ...args,
      ...passage,
      '--workers',
      '1',
      '--json',
      '--plot',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).walkers).toBe(60);
    const svg = readFileSync(file, 'utf8');
    expect(marked(svg, 'minimum')).toEqual([0, 0]);
    expect(marked(svg, 'saddle')).toEqual([1]);
    expect(svg.match(/aria-label="minimum-energy path"/g)).toHaveLength(1);
    expect(svg.match(/aria-label="sampled walker path"/g)).toHaveLength(5);
    expect(svg).toContain(`stroke="${methodInfo('simulation')!.colour}"`);
    // Each end dot: the walker's first-passage time and last point, the same as the library's
    // walkerPathsND gives for the same problem and seed (an independent call, in this process).
    const ends = [
      ...svg.matchAll(/aria-label="walker (\d+): (\w+) at t = ([\d.e+-]+), \(([^,]+), ([^)]+)\)"/g),
    ].map((m) => ({ walker: Number(m[1]), end: m[2], t: Number(m[3]), x: Number(m[4]) }));
    expect(ends.map((e) => e.walker)).toEqual([0, 1, 2, 3, 4]);
    const library = await walkerPathsND({
      potential: '(x^2-1)^2 + y^2',
      coordinates: ['x', 'y'],
      domain: [
        { min: -2, max: 2 },
        { min: -1.5, max: 1.5 },
      ],
      D: 0.25,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      seed: 5,
      dt: 2e-3,
      paths: 5,
    });
    ends.forEach((e, i) => {
      expect(e.end).toBe('absorbed');
      expect(e.t).toBe(library.paths[i]!.tEnd);
      // In {x ≥ 1}, or within 5 noise steps √(2D dt) of it when the bridge caught the crossing.
      expect(e.x).toBeGreaterThan(1 - 5 * Math.sqrt(2 * 0.25 * 2e-3));
    });
  });

  it('simulate --plot is refused before any walker runs: one coordinate, AMS, a wrong file type', () => {
    // 10⁶ walkers would take minutes: the refusals come first.
    const many = ['--walkers', '1000000'];
    const oneD = runCli(['simulate', 'x^4/4 - x^2/2', ...many, '--plot', join(dir, 'one.svg')]);
    expect(oneD.status).toBe(2);
    expect(oneD.stderr).toMatch(/two coordinates; this one has 1/);
    const surface = ['(x^2-1)^2 + y^2', '--domain', '-2:2,-1.5:1.5', '--to-region', 'x >= 1'];
    const pdf = runCli(['simulate', ...surface, ...many, '--plot', join(dir, 'walkers.pdf')]);
    expect(pdf.status).toBe(2);
    expect(pdf.stderr).toMatch(/\.svg or \.png/);
    const ams = runCli(['simulate', ...surface, '--ams', '--plot', join(dir, 'ams.svg')]);
    expect(ams.status).toBe(2);
    expect(ams.stderr).toMatch(/--method direct/);
  });
});
