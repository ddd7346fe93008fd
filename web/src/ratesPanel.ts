/**
 * The Rates tab: one escape rate per method of the library's `rate()` with its accuracy, a
 * reference to compare against after moving D (the seed's noise-doubling example in two clicks),
 * and the Arrhenius sweep (each method over the exact rate against 1/D, and ln k against 1/D).
 */
import { methodInfo } from 'kramers';
import { fmt, h, pct } from './format.js';
import { Plot, type SeriesSpec } from './plot.js';
import { PRESETS } from './presets.js';
import type { ArrheniusResult, LabProblem, MainResult } from './protocol.js';
import type { LabState } from './state.js';
import { tableWithCsv, valueCell, warningList } from './widgets.js';

interface Host {
  getState(): LabState;
  getResult(): MainResult | null;
  /** Replaces the sidebar's problem (controls follow) and recomputes. */
  loadProblem(problem: LabProblem): void;
  /** Moves the sidebar's D as its slider would. */
  setD(D: number): void;
}

/** The rates kept by "Keep these rates as the reference", at their D. */
interface Reference {
  readonly D: number;
  readonly logRates: Record<string, number | null>;
}

/** A sweep's series, named and coloured by the method catalogue. */
function seriesOf(method: string, width: number, dashed: boolean): SeriesSpec {
  const info = methodInfo(method);
  return {
    label: info?.label ?? method,
    color: info?.colour ?? '#000',
    width,
    ...(dashed ? { dash: [6, 3] } : {}),
  };
}

export class RatesPanel {
  private reference: Reference | null = null;
  /** The next rendered result becomes the reference. */
  private takeReference = false;
  private readonly head = h('div', {});
  private readonly table = h('div', {});
  private readonly warnings = h('div', {});
  /** The sweep's main view: on ln k the five methods lie on one line; their ratio does not. */
  private readonly ratioPlot = new Plot(
    'rate-over-exact',
    'Each method against the exact rate: k / k_exact over 1/D',
  );
  private readonly arrheniusPlot = new Plot(
    'arrhenius',
    'Arrhenius plot: ln k against 1/D, every method',
  );

  constructor(
    section: HTMLElement,
    private readonly host: Host,
  ) {
    section.append(
      h('div', { class: 'row' }, ...this.buttons()),
      this.head,
      this.table,
      h('p', {
        class: 'muted',
        text: 'Rates are one-way escape rates k (1/time) for the overdamped dynamics γ dx = −U′ dt + √(2γD) dW; the mass m enters TST (ω_a = √(U″/m)) and the underdamped walkers of the Simulation panel. Hover a row for its definition.',
      }),
      this.warnings,
      this.ratioPlot.element,
      h('p', {
        class: 'muted',
        text: 'How far each method is from the exact rate as the noise falls (1/D grows; ΔU/D from 2 to 30). 1 is exact: Kramers’ formula approaches it with an error of order D/ΔU, its finite-barrier correction of order (D/ΔU)².',
      }),
      h(
        'details',
        { class: 'plot-details' },
        h('summary', {
          text: 'Arrhenius plot: ln k against 1/D (on this scale the methods lie on one line, slope −ΔU)',
        }),
        this.arrheniusPlot.element,
      ),
    );
  }

  private buttons(): HTMLButtonElement[] {
    const seed = h('button', {
      type: 'button',
      id: 'seed-example',
      text: '1. Seed example: double well at ΔU = 20 D (reference)',
    });
    const double = h('button', { type: 'button', id: 'double-D', text: '2. Double the noise D' });
    const keep = h('button', {
      type: 'button',
      id: 'set-reference',
      text: 'Keep these rates as the reference',
    });
    seed.addEventListener('click', () => {
      this.takeReference = true;
      this.host.loadProblem({ ...PRESETS[0]!.problem, D: 0.25 / 20 });
    });
    double.addEventListener('click', () => {
      this.host.setD(Number((this.host.getState().problem.D * 2).toPrecision(6)));
    });
    keep.addEventListener('click', () => {
      this.takeReference = true;
      const latest = this.host.getResult();
      if (latest) this.render(latest);
    });
    return [seed, double, keep];
  }

  render(r: MainResult): void {
    const D = this.host.getState().problem.D;
    if (this.takeReference) {
      this.takeReference = false;
      this.reference = {
        D,
        logRates: Object.fromEntries(r.rates.map((row) => [row.method, row.logRate])),
      };
    }
    this.head.replaceChildren(...this.headline(r));
    this.renderTable(r);
    this.warnings.replaceChildren(
      // What `kramers rate` says for this passage: the landscape's other transitions (a reverse
      // passage's ΔU/D) and the analysis's friction rule are the Landscape tab's, as in
      // `kramers analyze`.
      warningList([...r.passageWarnings, ...r.rates.flatMap((row) => row.warnings)]),
    );
  }

  /** The transition in words, and the Arrhenius prediction against the reference. */
  private headline(r: MainResult): HTMLElement[] {
    const { D, gamma, mass } = this.host.getState().problem;
    const b = r.barrier;
    const ref = this.reference;
    const head = [
      h('p', {
        text: `From well ${r.from.well ?? '—'} (x = ${fmt(r.from.x)}) to ${r.to.well ?? 'x'} (x = ${fmt(r.to.x)})${b ? ` over the barrier at x = ${fmt(b.x)}: ΔU = ${fmt(b.deltaU)}, ΔU/D = ${fmt(b.deltaU / D)}` : ''}. D = ${fmt(D)}, γ = ${fmt(gamma)}, m = ${fmt(mass)}.`,
      }),
    ];
    if (ref && b) {
      const predicted = b.deltaU / ref.D - b.deltaU / D;
      head.push(
        h('p', {
          id: 'ratio-note',
          text: `Reference D0 = ${fmt(ref.D)}; now D1 = ${fmt(D)}. Arrhenius: k(D1)/k(D0) = exp(ΔU/D0 − ΔU/D1) = exp(${fmt(predicted)}) = ${fmt(Math.exp(predicted))}; the column k/k(D0) shows what each method gives.`,
        }),
      );
    }
    return head;
  }

  private renderTable(r: MainResult): void {
    const ref = this.reference;
    const cols = ['method', 'k (1/time)', 'vs exact', 'accuracy', 'retcode'];
    if (ref) cols.push('k/k(D0)');
    const rows = r.rates.map((row) => {
      const cells: (string | Node)[] = [
        row.label,
        valueCell(row.rate, row.logRate),
        pct(row.method === 'exact' ? null : row.relativeToExact),
        row.accuracy,
        row.retcode,
      ];
      if (ref) {
        const l0 = ref.logRates[row.method];
        // The ratio from the logs, shown from its log too where it leaves double range.
        const ratio =
          l0 !== null && l0 !== undefined && row.logRate !== null ? row.logRate - l0 : null;
        cells.push(ratio === null ? '—' : valueCell(Math.exp(ratio), ratio));
      }
      return cells;
    });
    this.table.replaceChildren(tableWithCsv('rates', cols, rows, 'rates-table'));
    const trs = this.table.querySelectorAll('tbody tr');
    r.rates.forEach((row, i) => {
      const tr = trs[i] as HTMLElement;
      tr.dataset['method'] = row.method;
      tr.title = row.definition;
      (tr.children[1] as HTMLElement).classList.add('rate');
    });
  }

  /** The sweep's answer (its own worker): each method over the exact, and ln k against 1/D. */
  renderArrhenius(a: ArrheniusResult): void {
    if (a.inverseD.length === 0) return;
    const D = this.host.getState().problem.D;
    const current = {
      x1: 1 / D,
      y1: null,
      x2: 1 / D,
      y2: null,
      color: '#5f3dc4',
      label: 'current D',
    };
    // The methods differ by ≤ 0.1 in ln k: k/k_exact shows how the asymptotics converge as ΔU/D
    // grows (error ∝ D/ΔU for Kramers, (D/ΔU)² corrected). The exact line (1) is drawn first and
    // bold, TST last and dashed: where two methods agree (TST and Kramers when γ = m ω_s) both
    // still show.
    const exact = a.series.find((s) => s.method === 'exact');
    if (exact) {
      const order = [
        exact,
        ...a.series.filter((s) => s.method !== 'exact' && s.method !== 'tst'),
        ...a.series.filter((s) => s.method === 'tst'),
      ];
      this.ratioPlot.update({
        xLabel: '1/D (inverse noise intensity)',
        yLabel: 'k / k_exact',
        series: order.map((s) =>
          s.method === 'exact'
            ? seriesOf(s.method, 3, false)
            : seriesOf(s.method, 1.8, s.method === 'tst'),
        ),
        data: [
          a.inverseD,
          ...order.map((s) =>
            s.logRates.map((l, i) => {
              const e = exact.logRates[i];
              return l === null || e === null || e === undefined ? null : Math.exp(l - e);
            }),
          ),
        ],
        marks: [current],
      });
    }
    this.arrheniusPlot.update({
      xLabel: '1/D (inverse noise intensity)',
      yLabel: 'ln k (k in 1/time)',
      // The exact rate drawn boldest, the asymptotics dashed.
      series: a.series.map((s) =>
        s.method === 'exact' ? seriesOf(s.method, 2.5, false) : seriesOf(s.method, 1.5, true),
      ),
      data: [a.inverseD, ...a.series.map((s) => s.logRates)],
      marks: [current],
    });
  }
}
