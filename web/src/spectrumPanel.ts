/**
 * The Spectrum tab: the lowest eigenvalues of the Smoluchowski operator (library `spectrum()`),
 * λ1 against the exact rates it should equal, and the eigenfunctions over the equilibrium density.
 */
import { fmt, h, pct } from './format.js';
import { Plot } from './plot.js';
import type { MainResult, SpectrumView } from './protocol.js';
import { tableWithCsv, valueCell, warningList } from './widgets.js';

const EIGENFUNCTION_COLORS = ['#1d2330', '#d9480f', '#1c7ed6', '#2f9e44'];

export class SpectrumPanel {
  private readonly plot = new Plot(
    'eigenfunctions',
    'Lowest backward eigenfunctions φ_k and the equilibrium density',
  );
  private readonly table = h('div', {});
  private readonly compare = h('div', {});
  private readonly warnings = h('div', {});

  constructor(section: HTMLElement) {
    section.append(
      h('p', {
        class: 'muted',
        text: 'Smoluchowski operator L P = (1/γ) ∂x[U′P + D ∂x P] (Risken 1989). λ1 is the population relaxation rate: λ1 = k_ab + k_ba between two wells, 2k for a symmetric double well; λ2/λ1 ≫ 1 is what makes "a rate" meaningful.',
      }),
      this.compare,
      this.table,
      this.plot.element,
      this.warnings,
    );
  }

  render(r: MainResult): void {
    const s = r.spectrum;
    if (!s) return;
    if ('error' in s) {
      this.table.replaceChildren(h('p', { class: 'warnings', text: s.error }));
      return;
    }
    this.table.replaceChildren(...eigenvalueTable(s));
    this.compare.replaceChildren(
      tableWithCsv(
        'spectrum-vs-exact',
        ['quantity', 'value', 'note'],
        comparisonRows(s),
        'spectrum-compare',
      ),
    );
    this.renderPlot(s);
    this.warnings.replaceChildren(warningList(s.warnings));
  }

  private renderPlot(v: SpectrumView): void {
    const maxRho = Math.max(...v.density);
    this.plot.update({
      xLabel: 'x',
      yLabel: 'φ_k(x), ρ/ρ_max',
      series: [
        { label: 'ρ_eq / max', color: '#adb5bd', width: 3 },
        ...v.eigenfunctions.map((_, k) => ({
          label: `φ_${k}`,
          color: EIGENFUNCTION_COLORS[k] ?? '#000',
          width: 1.8,
        })),
      ],
      data: [v.x, v.density.map((d) => d / maxRho), ...v.eigenfunctions],
    });
  }
}

function eigenvalueTable(v: SpectrumView): HTMLElement[] {
  return [
    tableWithCsv(
      'eigenvalues',
      ['k', 'λ_k (1/time)', 'error', '1/λ_k'],
      v.eigenvalues.map((l, k) => [
        String(k),
        valueCell(l),
        valueCell(v.errors[k] ?? null),
        l > 0 ? valueCell(1 / l) : '—',
      ]),
      'eigen-table',
    ),
    h('p', { class: 'muted', text: `gap λ2/λ1 = ${fmt(v.gap)}; ${v.boundaries}` }),
  ];
}

/**
 * λ1 against the exact rates it equals, and only those: λ1 = k for escape from one well into a
 * sink, λ1 = k_ab + k_ba between two wells, and the one-way k from the library's rate matrix of
 * the lowest modes wherever it has one. λ1/2 = k was compared for every problem: −50 % for
 * x³/3 − x (there λ1 = k) and +2250 % for a tilted well.
 */
function comparisonRows(v: SpectrumView): (string | Node)[][] {
  const rows: (string | Node)[][] = [];
  if (v.lambda1 === null) return rows;
  const exact = v.exactForward;
  const versus = (value: number, what: string) =>
    exact !== null && exact > 0 ? `${what} vs exact k: ${pct(value / exact - 1)}` : '';
  if (v.relation === 'escape') {
    rows.push(['λ1', valueCell(v.lambda1), 'escape into a sink: λ1 = k']);
  } else rows.push(['λ1', valueCell(v.lambda1), '']);
  if (v.modeRate !== null) {
    const error = v.modeRateError !== null ? ` ± ${fmt(v.modeRateError)}` : '';
    rows.push([
      'k from the lowest modes',
      valueCell(v.modeRate),
      `the spectrum's rate matrix${error}`,
    ]);
  }
  if (exact !== null && (v.relation === 'escape' || v.modeRate !== null)) {
    const note = v.relation === 'escape' ? versus(v.lambda1, 'λ1') : versus(v.modeRate!, 'modes');
    rows.push(['exact k (1/MFPT)', valueCell(exact), note]);
  }
  if (v.relation === 'pair' && exact !== null && v.exactBackward !== null) {
    const sum = exact + v.exactBackward;
    rows.push(['k_ab + k_ba (exact)', valueCell(sum), `λ1 vs sum: ${pct(v.lambda1 / sum - 1)}`]);
  }
  if (rows.length === 1) {
    rows.push([
      '',
      '',
      'no single rate of this passage equals λ1 here (several wells or sinks): see the eigenvalues',
    ]);
  }
  return rows;
}
