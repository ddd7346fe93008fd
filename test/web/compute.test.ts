import { describe, expect, it } from 'vitest';
import { potentialFromExpression, rate, smoluchowskiSpectrum, spectrum } from '../../src/index.js';
import { arrheniusSweep, mainResult, study } from '../../web/src/compute.js';
import { PRESETS } from '../../web/src/presets.js';
import {
  type FluxView,
  hasPassage,
  type LabProblem,
  type MainResult,
  type SpectrumView,
} from '../../web/src/protocol.js';
import { runCli } from '../cli/run.js';

// The Lab's compute worker in Node: one prepared problem behind every view, the same numbers as
// the library's studies called on the plain problem (what the page computed before).
const TILTED: LabProblem = {
  potential: 'x^4/4 - x^2/2 + c*x',
  parameters: { c: 0.1 },
  D: 0.06,
  gamma: 1.5,
  mass: 1,
  from: 0,
};
const plain = {
  potential: TILTED.potential,
  parameters: TILTED.parameters,
  D: TILTED.D,
  gamma: TILTED.gamma,
  mass: TILTED.mass,
};

/** The compute worker's result for a problem with a passage (the tilted well's). */
async function withPassage(p: LabProblem, panel: Parameters<typeof mainResult>[1]) {
  const r = await mainResult(p, panel);
  if (!hasPassage(r)) throw new Error(`no passage: ${r.noPassage}`);
  return r as MainResult;
}

describe('the Lab compute worker', () => {
  it("solves the exact rate once for the analysis and the rates table (the library's memo)", async () => {
    const s = await study(TILTED);
    const t = s.analysis.transitions.find((tr) => tr.from === 0)!;
    // The very same result object: analyze() solved it, rate() was handed it back.
    expect(s.report.methods.exact).toBe(t.methods.exact);
    expect(s.passage.problem).toBe(s.prepared);
  });

  it('shows the rates rate() gives for the plain problem, labelled by the catalogue', async () => {
    const shown = await withPassage(TILTED, 'rates');
    const library = await rate({ ...plain, from: 0 });
    for (const key of ['kramers', 'corrected', 'exact', 'spectral'] as const) {
      const row = shown.rates.find((r) => r.method === key)!;
      expect(row.rate, key).toBe(library.methods[key]!.rate);
    }
    expect(shown.rates.map((r) => r.method)).toEqual([
      'arrhenius',
      'tst',
      'kramers',
      'corrected',
      'exact',
      'spectral',
    ]);
    expect(shown.rates.find((r) => r.method === 'kramers')!.label).toBe('Kramers (overdamped)');
  });

  it.each([1e-4, 1e-300])(
    "the accuracy column at D = %s is the CLI's: nothing for a route that failed",
    async (D) => {
      const shown = await withPassage(
        { ...TILTED, potential: 'x^4/4 - x^2/2', parameters: {}, D },
        'rates',
      );
      // `kramers rate` as a user runs it, its accuracy column cut at the header's positions.
      const run = runCli(['rate', '--D', String(D)]);
      // Exit 3 (numerical) where the exact route fails: the table is printed all the same.
      expect(run.status, run.stderr).toBe(D === 1e-300 ? 3 : 0);
      const lines = run.stdout.split('\n');
      const head = lines.findIndex((l) => /^\s+method\s+rate k/.test(l));
      const from = lines[head]!.indexOf('accuracy');
      const to = lines[head]!.indexOf('vs exact');
      let failed = 0;
      for (const line of lines.slice(head + 1, head + 5)) {
        const key = line.trim().split(/\s+/)[0]!;
        const cli = line.slice(from, to).trim();
        const row = shown.rates.find((r) => r.method === key)!;
        if (row.retcode !== 'success') failed++;
        // The CLI writes the relative error to 2 digits, the Lab to 2 in exponent form: compare
        // the kind of entry, and the number where there is one.
        if (cli.startsWith('±')) {
          const rel = (text: string) => Number(/± (\S+) rel\./.exec(text)![1]);
          expect(Math.abs(rel(row.accuracy) / rel(cli) - 1), key).toBeLessThan(0.05);
        } else expect(row.accuracy, key).toBe(cli);
      }
      // D = 1e-4: the spectral route fails (before: 'asymptotic'); D = 1e-300: exact and spectral.
      expect(failed).toBe(D === 1e-4 ? 1 : 2);
    },
  );

  it('draws the eigenfunctions of the solve behind the eigenvalues, and the exact rates both ways', async () => {
    const view = (await withPassage(TILTED, 'spectrum')).spectrum as SpectrumView;
    const library = spectrum({ ...plain, n: 5 });
    expect(view.eigenvalues).toEqual([...library.eigenvalues]);
    // What the page drew before: a second solve with the same boundaries, thinned to ≤ 600 points.
    const { left, right } = library.boundaries;
    const again = smoluchowskiSpectrum({
      potential: potentialFromExpression(TILTED.potential, { parameters: TILTED.parameters }),
      D: TILTED.D,
      gamma: TILTED.gamma,
      n: 5,
      searchDomain: { min: left.x, max: right.x },
      boundaries: { left: 'reflecting', right: 'reflecting' },
    });
    const step = Math.max(1, Math.floor(again.x.length / 600));
    const thin = (f: Float64Array) => [...f].filter((_, i) => i % step === 0);
    expect(view.x).toEqual(thin(again.x));
    expect(view.eigenfunctions).toEqual(again.eigenfunctions.slice(0, 4).map(thin));
    const back = await rate({ ...plain, from: 1, to: 0, methods: ['exact'] });
    expect(view.exactBackward).toBe(back.methods.exact!.rate);
  });

  it("draws the library's flux-carrying density: 1 at the source, 0 at the sink, Boltzmann behind", async () => {
    const view = (await withPassage(TILTED, 'flux')).flux as FluxView;
    const U = potentialFromExpression(TILTED.potential, { parameters: TILTED.parameters }).U;
    const at = (x: number) => view.P[view.x.indexOf(x)]!;
    expect(at(view.well)).toBe(1);
    expect(at(view.sink)).toBe(0);
    const behind = view.x.filter((x) => (x - view.well) * (view.sink - view.well) < 0);
    expect(behind).toHaveLength(199);
    for (const x of behind) expect(at(x)).toBe(Math.exp(-(U(x) - U(view.well)) / TILTED.D));
    // P falls monotonically from the source to the sink (the committor times the Boltzmann
    // factor, which past the barrier top only decreases).
    const ahead = view.x.filter((x) => x > view.barrier);
    for (let i = 1; i < ahead.length; i++) expect(at(ahead[i]!)).toBeLessThan(at(ahead[i - 1]!));
  });

  it('a single well (x^2): the landscape `kramers analyze` describes, and why there is no rate', async () => {
    // Before: mainResult threw "well 0 has no barrier to cross" and the Landscape tab showed
    // that error over the previous problem's plot.
    const single = { ...TILTED, potential: 'x^2', parameters: {} };
    const r = await mainResult(single, 'landscape');
    if (hasPassage(r)) throw new Error('x^2 has a passage?');
    expect(r.wells.map((w) => [w.index, w.x, w.U, w.d2U])).toEqual([[0, 0, 0, 2]]);
    expect(r.barriers).toEqual([]);
    expect(r.transitions).toEqual([]);
    // The curve covers the well with U = x² on it (evaluated, not interpolated: exact).
    expect(Math.min(...r.curve.x)).toBeLessThan(0);
    expect(Math.max(...r.curve.x)).toBeGreaterThan(0);
    for (const [i, x] of r.curve.x.entries()) expect(r.curve.U[i]).toBe(x * x);
    // The reason is the one `kramers rate x^2` gives (exit 2), and the warning `kramers analyze`'s.
    const cli = runCli(['rate', 'x^2']);
    expect(cli.status).toBe(2);
    expect(r.noPassage).toBe(
      'well 0 has no barrier to cross: the potential confines it on both sides',
    );
    expect(cli.stderr).toContain(r.noPassage);
    const analyzed = runCli(['analyze', 'x^2']);
    for (const w of r.warnings) expect(analyzed.stdout).toContain(w);
    expect(r.warnings).toHaveLength(1);
  });

  it.each([
    ...PRESETS.map((p) => [p.id, p.problem] as const),
    ['tilted from well 1', { ...PRESETS[3]!.problem, from: 1 }] as const,
  ])("%s: the passage's warnings are `kramers rate`'s for the same inputs", async (_, p) => {
    // Before, the Rates tab listed the analysis's warnings of every transition: on the tilted
    // well from well 0 the reverse passage's "ΔU/D = 3.94 < 5", and everywhere the analysis's
    // collision-rate rule (the Lab passes m), neither of which `kramers rate --mass 1` prints.
    const shown = await withPassage(p, 'rates');
    const run = runCli([
      'rate',
      p.potential,
      '--json',
      ...['--D', String(p.D), '--gamma', String(p.gamma), '--mass', String(p.mass)],
      ...['--from', String(p.from)],
      ...Object.entries(p.parameters).flatMap(([k, v]) => ['--param', `${k}=${v}`]),
      ...(p.domain ? ['--domain', `${p.domain.min}:${p.domain.max}`] : []),
      ...(p.to !== undefined ? ['--to', String(p.to)] : []),
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(shown.passageWarnings).toEqual(JSON.parse(run.stdout).warnings);
  });

  it.each([
    ['the default m = 1', 1, []],
    ['a chosen m = 0.5', 0.5, ['--mass', '0.5']],
  ] as const)("Landscape: %s gives `kramers analyze`'s warnings", async (_, mass, flag) => {
    // Before: the Lab always passed m, so the seed well at m = 1 listed "collision rate γ/m = 1 is
    // not ≫ ω_s = 1 (barrier 0)", which `kramers analyze` without --mass does not print; a mass
    // the user chose is passed as --mass would be, and the rule applies.
    const p = { ...PRESETS[0]!.problem, mass };
    const r = await mainResult(p, 'landscape');
    const run = runCli([
      'analyze',
      p.potential,
      '--json',
      ...['--D', String(p.D), '--gamma', String(p.gamma), ...flag],
    ]);
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout).warnings as string[];
    expect(r.warnings).toEqual(cli);
    expect(cli.some((w) => w.startsWith('collision rate'))).toBe(mass !== 1);
  });

  it('sweeps D on the one prepared problem with the numbers of rate() at each D', async () => {
    const sweep = await arrheniusSweep(TILTED);
    expect(sweep.inverseD).toHaveLength(15);
    for (const i of [0, 7, 14]) {
      const report = await rate({ ...plain, D: 1 / sweep.inverseD[i]!, from: 0 });
      for (const s of sweep.series.filter((s) => s.method !== 'tst')) {
        const key = s.method as 'kramers' | 'corrected' | 'exact' | 'spectral';
        expect(s.logRates[i], `${key} at 1/D = ${sweep.inverseD[i]}`).toBe(
          report.methods[key]!.logRate,
        );
      }
    }
  });
});
