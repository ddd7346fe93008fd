/**
 * The Flux tab: Farkas's and Kramers's flux-over-population picture. A steady current J fed into
 * the well and removed at a sink past the barrier; k = J/N_A from the library's
 * `fluxOverPopulationRate()`, beside the exact 1/MFPT to the same sink, and the density P(x)
 * that carries the flux (`fluxDensity()`).
 */
import { h, pct } from './format.js';
import { method } from './methods.js';
import { Plot } from './plot.js';
import type { FluxView, MainResult } from './protocol.js';
import { tableWithCsv, tex, valueCell, warningList } from './widgets.js';

export class FluxPanel {
  private readonly plot = new Plot(
    'flux',
    'Steady state with a source in the well and a sink past the barrier (ln P)',
  );
  private readonly table = h('div', {});
  private readonly warnings = h('div', {});

  constructor(section: HTMLElement) {
    section.append(
      tex(
        String.raw`k = \frac{J}{N_A},\qquad \frac{1}{k} = \frac{\gamma}{D}\int_{\text{well}} e^{-U(z)/D}\,dz \int_{x_a}^{x_c} e^{U(y)/D}\,dy`,
        true,
      ),
      h('p', {
        class: 'muted',
        text: 'Farkas (1927), Kramers (1940): a steady probability current J is fed into the well at x_a and removed at the sink x_c beyond the barrier; N_A is the population of the well (density 1 at x_a). Behind the source the density is Boltzmann; past the barrier it falls to zero at the sink.',
      }),
      this.plot.element,
      this.table,
      this.warnings,
    );
  }

  render(r: MainResult): void {
    const f = r.flux;
    if (!f) return;
    if ('error' in f) {
      this.table.replaceChildren(h('p', { class: 'warnings', text: f.error }));
      return;
    }
    this.renderPlot(f);
    this.table.replaceChildren(fluxTable(f));
    this.warnings.replaceChildren(warningList(f.warnings));
  }

  private renderPlot(v: FluxView): void {
    this.plot.update({
      xLabel: 'x',
      yLabel: 'ln P(x)',
      series: [{ label: 'ln P(x), P(x_a) = 1', color: '#1c7ed6', width: 2.5 }],
      data: [v.x, v.P.map((p) => (p > 0 ? Math.log(p) : null))],
      marks: (
        [
          [v.well, 'source x_a', '#2f9e44'],
          [v.barrier, 'barrier x_s', '#d9480f'],
          [v.sink, 'sink x_c', '#5f3dc4'],
        ] as const
      ).map(([x, label, color]) => ({ x1: x, y1: null, x2: x, y2: null, color, label })),
    });
  }
}

function fluxTable(v: FluxView): HTMLElement {
  return tableWithCsv(
    'flux',
    ['quantity', 'value'],
    [
      // J and the exact rate underflow with k at a high barrier: shown from their logs (they
      // read 0 beside k = 4.13110e-1087 at D = 1e-4, and the comparison was left blank).
      ['flux J (length/time, density 1 at x_a)', valueCell(v.flux, v.logFlux)],
      ['population N_A (length)', valueCell(v.population)],
      ['k = J/N_A (1/time)', valueCell(v.rate, v.logRate)],
      ['estimated relative error of k', valueCell(v.relativeError)],
      [`${method('exact').label} (same sink)`, valueCell(v.exactRate, v.exactLogRate)],
      [
        'k − exact (relative)',
        pct(
          v.exactLogRate !== null && Number.isFinite(v.exactLogRate)
            ? Math.expm1(v.logRate - v.exactLogRate)
            : null,
        ),
      ],
    ],
    'flux-table',
  );
}
