import 'katex/dist/katex.min.css';
import './style.css';
import katex from 'katex';
import { isKramersError, parseExpression } from 'kramers';
import ComputeWorker from './compute.worker.ts?worker';
import { DrivePanel } from './drive.js';
import { fmt, h, pct } from './format.js';
import { type GalleryHooks, PhysicalGallery } from './galleryPanel.js';
import { LatestWorker } from './latestWorker.js';
import { downloadText, Plot, toCsv } from './plot.js';
import { PRESETS } from './presets.js';
import type {
  ArrheniusResult,
  ComputeReply,
  ComputeRequest,
  FluxView,
  LabProblem,
  MainResult,
  Panel,
  SpectrumView,
} from './protocol.js';
import { PullPanel } from './pullPanel.js';
import { SimulationPanel } from './simulation.js';
import { decodeState, encodeState, type LabState, PANELS } from './state.js';
import { type TurnoverHooks, TurnoverPanel } from './turnoverPanel.js';

/** Hooks for the browser tests and for measuring the page (bench/README.md). */
interface LabHooks {
  /** Milliseconds from a control's input event to the repainted result. */
  repaintTimes: number[];
  lastResult: MainResult | null;
  /** Increments on every rendered result (tests wait on it). */
  renders: number;
  simulation: SimulationPanel;
  drive: DrivePanel;
  pulling: PullPanel;
}
declare global {
  interface Window {
    __lab: LabHooks;
    /** The Turnover tab and the physical-presets gallery (tests read the library's reports). */
    __panels: { turnover: TurnoverHooks; gallery: GalleryHooks };
  }
}

let state: LabState = decodeState(location.search);
let latest: MainResult | null = null;
let inputStartedAt: number | null = null;

// ---------------------------------------------------------------- compute workers
// Analysis and rates of the sidebar's problem (tens of ms): one worker, the newest request next.
const compute = new LatestWorker<ComputeRequest, ComputeReply>({
  create: () => new ComputeWorker(),
  policy: 'queue',
  onResult: (reply) => {
    if (reply.kind !== 'main') return;
    problemError.textContent = '';
    mainEl.classList.remove('stale');
    latest = reply.result;
    render();
  },
  onError: (error) => {
    status.textContent = '';
    problemError.textContent = error.message;
    // The panels still show the last problem that worked: grey them out.
    mainEl.classList.add('stale');
  },
});

function requestMain() {
  status.textContent = 'computing…';
  compute.request((id) => ({ id, kind: 'main', problem: state.problem, panel: state.panel }));
}

// The Arrhenius sweep (15 exact solves) runs on its own worker, restarted when superseded, and
// starts only once the controls rest for 250 ms, so that it never competes with a slider's repaint.
const sweep = new LatestWorker<ComputeRequest, ComputeReply>({
  create: () => new ComputeWorker(),
  policy: 'restart',
  onResult: (reply) => {
    if (reply.kind === 'arrhenius') renderArrhenius(reply.result);
  },
});

function requestSweep() {
  sweep.request(
    (id) => ({ id, kind: 'arrhenius', problem: state.problem, panel: state.panel }),
    250,
  );
}

// ---------------------------------------------------------------- state
function setState(next: Partial<LabState>, options: { recompute?: boolean } = {}) {
  state = { ...state, ...next };
  history.replaceState(null, '', `?${encodeState(state)}`);
  if (options.recompute !== false) requestMain();
}

function setProblem(patch: Partial<LabProblem>) {
  const problem = { ...state.problem, ...patch } as LabProblem;
  setState({ problem });
}

// ---------------------------------------------------------------- layout
const app = document.getElementById('app')!;
const status = h('span', { class: 'status', 'aria-live': 'polite' });
app.append(
  h(
    'header',
    {},
    h('h1', { text: 'kramers Lab: a marble shaken in an egg box' }),
    h('p', {
      text: 'Thermally activated escape over a barrier. Overdamped γ dx = −U′(x) dt + √(2γD) dW; every number below is computed by the kramers library in Web Workers.',
    }),
  ),
);
const aside = h('aside', { 'aria-label': 'problem' });
const mainEl = h('main', {});
app.append(h('div', { class: 'layout' }, aside, mainEl));

// Preset selector
const presetSelect = h('select', { id: 'preset' });
presetSelect.append(h('option', { value: '', text: 'custom' }));
for (const p of PRESETS) presetSelect.append(h('option', { value: p.id, text: p.name }));
presetSelect.addEventListener('change', () => {
  const preset = PRESETS.find((p) => p.id === presetSelect.value);
  if (!preset) return;
  state = { ...state, problem: preset.problem };
  syncControls();
  setState({});
});

const exprInput = h('input', {
  id: 'expr',
  type: 'text',
  spellcheck: 'false',
  autocomplete: 'off',
  'aria-describedby': 'expr-error',
});
const exprError = h('pre', { id: 'expr-error', class: 'error', role: 'alert' });
const problemError = h('pre', { id: 'problem-error', class: 'error', role: 'alert' });
const paramBox = h('div', { id: 'params' });
const domainInput = h('input', {
  id: 'domain',
  type: 'text',
  placeholder: 'automatic (e.g. -4:8)',
  autocomplete: 'off',
});
const fromSelect = h('select', { id: 'from' });
const toSelect = h('select', { id: 'to' });

interface LogSlider {
  readonly range: HTMLInputElement;
  readonly box: HTMLInputElement;
  set(value: number): void;
}

function logSlider(
  id: string,
  label: string,
  min: number,
  max: number,
  onChange: (v: number) => void,
): LogSlider {
  const range = h('input', {
    id: `${id}-slider`,
    type: 'range',
    min: String(min),
    max: String(max),
    step: '0.01',
    'aria-label': `${label} (log scale)`,
  });
  const box = h('input', {
    id,
    type: 'number',
    step: 'any',
    min: '0',
    class: 'value',
    'aria-label': label,
  });
  range.addEventListener('input', () => {
    const v = Number((10 ** Number(range.value)).toPrecision(4));
    box.value = String(v);
    // Screen readers read the value, not its logarithm.
    range.setAttribute('aria-valuetext', `${label} = ${v}`);
    inputStartedAt = performance.now();
    onChange(v);
  });
  box.addEventListener('change', () => {
    const v = Number(box.value);
    if (!(v > 0) || !Number.isFinite(v)) {
      problemError.textContent = `${label} must be a positive number; got ${box.value}`;
      return;
    }
    range.value = String(Math.log10(v));
    inputStartedAt = performance.now();
    onChange(v);
  });
  aside.append(h('label', { for: id, text: label }), h('div', { class: 'row' }, range, box));
  return {
    range,
    box,
    set(value: number) {
      range.value = String(Math.log10(value));
      range.setAttribute('aria-valuetext', `${label} = ${value}`);
      box.value = String(value);
    },
  };
}

aside.append(
  h('label', { for: 'preset', text: 'Preset landscape' }),
  presetSelect,
  h('label', { for: 'expr', text: 'U(x) =' }),
  exprInput,
  exprError,
  paramBox,
  h('label', { for: 'domain', text: 'Domain min:max (blank: automatic)' }),
  domainInput,
);
const sliderD = logSlider('D', 'noise intensity D = k_B T', -3, 1, (D) => setProblem({ D }));
const sliderGamma = logSlider('gamma', 'friction γ', -2, 2, (gamma) => setProblem({ gamma }));
const sliderMass = logSlider('mass', 'mass m (TST, ω, inertial walkers)', -2, 2, (mass) =>
  setProblem({ mass }),
);
aside.append(
  h('label', { for: 'from', text: 'Escape from well' }),
  fromSelect,
  h('label', { for: 'to', text: 'to' }),
  toSelect,
  problemError,
  h('p', {}, status),
);

/** Parses as the user types; unknown names become parameters (default 1). */
function onExpression() {
  const source = exprInput.value;
  const parameters: Record<string, number> = {};
  for (let attempt = 0; attempt < 12; attempt++) {
    try {
      const parsed = parseExpression(source, { parameters });
      exprError.textContent = '';
      const used: Record<string, number> = {};
      for (const name of parsed.usedParameters) {
        used[name] = state.problem.parameters[name] ?? parameters[name] ?? 1;
      }
      presetSelect.value = '';
      state = {
        ...state,
        problem: { ...state.problem, potential: source, parameters: used, from: 0 },
      };
      const { to: _drop, ...rest } = state.problem;
      state = { ...state, problem: rest };
      renderParams();
      setState({});
      return;
    } catch (error) {
      if (isKramersError(error) && error.code === 'unknown_name') {
        const span = error.issues[0]?.span;
        const name = span ? source.slice(span.start, span.end) : '';
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !(name in parameters) && name !== 'x') {
          parameters[name] = 1;
          continue;
        }
      }
      exprError.textContent = error instanceof Error ? error.message : String(error);
      return;
    }
  }
}
exprInput.addEventListener('input', onExpression);

domainInput.addEventListener('change', () => {
  const text = domainInput.value.trim();
  if (text === '') {
    const { domain: _d, ...rest } = state.problem;
    state = { ...state, problem: rest };
    setState({});
    return;
  }
  const parts = text.split(':').map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!)) {
    problemError.textContent = `domain must read min:max with min < max, e.g. -4:8; got ${text}`;
    return;
  }
  setProblem({ domain: { min: parts[0]!, max: parts[1]! } });
});

fromSelect.addEventListener('change', () => {
  const { to: _drop, ...rest } = state.problem;
  state = { ...state, problem: { ...rest, from: Number(fromSelect.value) } };
  setState({});
});
toSelect.addEventListener('change', () => {
  const v = toSelect.value;
  setProblem({ to: v === '-inf' || v === '+inf' ? v : Number(v) });
});

function renderParams() {
  paramBox.replaceChildren();
  for (const [name, value] of Object.entries(state.problem.parameters)) {
    const input = h('input', {
      id: `param-${name}`,
      type: 'number',
      step: 'any',
      value: String(value),
    });
    input.addEventListener('input', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) return;
      inputStartedAt = performance.now();
      setProblem({ parameters: { ...state.problem.parameters, [name]: v } });
    });
    paramBox.append(h('label', { for: `param-${name}`, text: `parameter ${name}` }), input);
  }
}

function syncControls() {
  exprInput.value = state.problem.potential;
  exprError.textContent = '';
  // Same problem, whatever the key order (a decoded URL builds its object in another order).
  const canonical = (q: LabProblem) =>
    JSON.stringify([q.potential, q.parameters, q.D, q.gamma, q.mass, q.domain, q.from, q.to]);
  const preset = PRESETS.find((p) => canonical(p.problem) === canonical(state.problem));
  presetSelect.value = preset?.id ?? '';
  domainInput.value = state.problem.domain
    ? `${state.problem.domain.min}:${state.problem.domain.max}`
    : '';
  sliderD.set(state.problem.D);
  sliderGamma.set(state.problem.gamma);
  sliderMass.set(state.problem.mass);
  renderParams();
}

// ---------------------------------------------------------------- tabs and panels
const tabList = h('div', { role: 'tablist', 'aria-label': 'panels' });
const sections = new Map<Panel, HTMLElement>();
const TAB_TITLES: Record<Panel, string> = {
  landscape: 'Landscape',
  rates: 'Rates',
  flux: 'Flux',
  spectrum: 'Spectrum',
  simulation: 'Simulation',
  drive: 'Drive',
  turnover: 'Turnover',
  pulling: 'Pulling',
  gallery: 'Gallery',
};
for (const panel of PANELS) {
  const tab = h('button', {
    role: 'tab',
    id: `tab-${panel}`,
    'aria-controls': `panel-${panel}`,
    type: 'button',
    text: TAB_TITLES[panel],
  });
  tab.addEventListener('click', () => selectPanel(panel));
  tab.addEventListener('keydown', (event) => {
    const i = PANELS.indexOf(panel);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      const next = PANELS[(i + step + PANELS.length) % PANELS.length]!;
      selectPanel(next);
      document.getElementById(`tab-${next}`)?.focus();
    }
  });
  tabList.append(tab);
  const section = h('section', {
    id: `panel-${panel}`,
    role: 'tabpanel',
    'aria-labelledby': `tab-${panel}`,
  });
  sections.set(panel, section);
}
mainEl.append(tabList, ...sections.values());

function selectPanel(panel: Panel) {
  for (const [p, section] of sections) {
    section.hidden = p !== panel;
    const tab = document.getElementById(`tab-${p}`)!;
    tab.setAttribute('aria-selected', String(p === panel));
    tab.tabIndex = p === panel ? 0 : -1;
  }
  setState({ panel });
}

function tableWithCsv(name: string, head: string[], rows: (string | Node)[][], id: string) {
  const table = h('table', { id });
  table.append(h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col', text: c })))));
  const body = h('tbody', {});
  for (const row of rows) body.append(h('tr', {}, ...row.map((c) => h('td', {}, c))));
  table.append(body);
  const button = h('button', {
    type: 'button',
    class: 'csv',
    text: 'CSV',
    'aria-label': `export ${name} table as CSV`,
  });
  button.addEventListener('click', () => {
    const data = [...table.querySelectorAll('tr')].map((tr) =>
      // Full precision where the cell carries it (data-value), the text otherwise.
      [...tr.children].map(
        (c) =>
          c.querySelector<HTMLElement>('[data-value]')?.dataset['value'] ?? c.textContent ?? '',
      ),
    );
    downloadText(`${name}.csv`, toCsv(data), 'text/csv');
  });
  return h('div', { class: 'table-wrap' }, table, button);
}

function warningList(warnings: readonly string[]) {
  const ul = h('ul', { class: 'warnings' });
  for (const w of new Set(warnings)) ul.append(h('li', { text: `⚠ ${w}` }));
  return ul;
}

function tex(expression: string, display = false) {
  const span = h('div', { class: 'formula' });
  katex.render(expression, span, { throwOnError: false, displayMode: display });
  return span;
}

function valueCell(value: number | null, log?: number | null) {
  const td = h('span', { text: fmt(value, log) });
  if (value !== null) td.dataset['value'] = String(value);
  return td;
}

// Landscape panel ---------------------------------------------------
const landscapePlot = new Plot(
  'landscape',
  'U(x) with wells, barriers, ΔU and curvature parabolas',
);
const landscapeParts = {
  formula: h('div', {}),
  tables: h('div', {}),
  warnings: h('div', {}),
};
sections
  .get('landscape')!
  .append(
    landscapeParts.formula,
    landscapePlot.element,
    landscapeParts.tables,
    landscapeParts.warnings,
  );

function renderLandscape(r: MainResult) {
  landscapeParts.formula.replaceChildren(tex(`U(x) = ${r.tex ?? r.expression}`, true));
  const xs = r.curve.x;
  const Us = r.curve.U;
  const finite = Us.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const span = hi - lo || 1;
  lo -= 0.08 * span;
  hi += 0.08 * span;
  const maxDeltaU = Math.max(0.1 * span, ...r.transitions.map((t) => t.deltaU));
  const parabola = (e: { x: number; U: number; d2U: number }) => {
    const w = Math.sqrt((2 * maxDeltaU) / Math.max(Math.abs(e.d2U), 1e-12)) * 0.8;
    return xs.map((x) => {
      if (Math.abs(x - e.x) > w) return null;
      const v = e.U + 0.5 * e.d2U * (x - e.x) ** 2;
      return v < lo || v > hi ? null : v;
    });
  };
  const at = (points: { x: number; U: number }[]) =>
    xs.map((x) => points.find((p) => p.x === x)?.U ?? null);
  landscapePlot.update({
    xLabel: 'x',
    yLabel: 'U(x)',
    yRange: [lo, hi],
    series: [
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
    ],
    data: [
      xs,
      Us,
      ...r.wells.map(parabola),
      ...r.barriers.map(parabola),
      at(r.wells),
      at(r.barriers),
    ],
    // ΔU seen from each well: a dashed level at the barrier top and a rise from the well bottom.
    marks: r.transitions.flatMap((t, k) => {
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
    }),
  });
  const ext = (e: { index: number; x: number; U: number; d2U: number; omega: number }) => [
    String(e.index),
    valueCell(e.x),
    valueCell(e.U),
    valueCell(e.d2U),
    valueCell(e.omega),
  ];
  landscapeParts.tables.replaceChildren(
    h(
      'div',
      { class: 'grid2' },
      h(
        'div',
        {},
        h('h3', { text: 'Wells (x_a, ω_a = √(U″/m))' }),
        tableWithCsv('wells', ['#', 'x_a', 'U', 'U″', 'ω_a'], r.wells.map(ext), 'wells-table'),
      ),
      h(
        'div',
        {},
        h('h3', { text: 'Barriers (x_s, ω_s = √(|U″|/m))' }),
        tableWithCsv(
          'barriers',
          ['#', 'x_s', 'U', 'U″', 'ω_s'],
          r.barriers.map(ext),
          'barriers-table',
        ),
      ),
    ),
    h('h3', { text: 'Barrier heights seen from each well' }),
    tableWithCsv(
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
  );
  landscapeParts.warnings.replaceChildren(warningList(r.warnings));
}

// Rates panel -------------------------------------------------------
interface Reference {
  readonly D: number;
  readonly logRates: Record<string, number | null>;
}
let reference: Reference | null = null;
let takeReference = false;
const ratesParts = { head: h('div', {}), table: h('div', {}), warnings: h('div', {}) };
const seedButton = h('button', {
  type: 'button',
  id: 'seed-example',
  text: '1. Seed example: double well at ΔU = 20 D (reference)',
});
const doubleButton = h('button', { type: 'button', id: 'double-D', text: '2. Double the noise D' });
const refButton = h('button', {
  type: 'button',
  id: 'set-reference',
  text: 'Keep these rates as the reference',
});
seedButton.addEventListener('click', () => {
  state = { ...state, problem: { ...PRESETS[0]!.problem, D: 0.25 / 20 } };
  takeReference = true;
  syncControls();
  setState({});
});
doubleButton.addEventListener('click', () => {
  const D = Number((state.problem.D * 2).toPrecision(6));
  sliderD.set(D);
  inputStartedAt = performance.now();
  setProblem({ D });
});
refButton.addEventListener('click', () => {
  takeReference = true;
  if (latest) renderRates(latest);
});
const arrheniusPlot = new Plot('arrhenius', 'Arrhenius plot: ln k against 1/D, every method');
const ratioPlot = new Plot('rate-over-exact', 'Each method over the exact rate, against 1/D');
sections.get('rates')!.append(
  h('div', { class: 'row' }, seedButton, doubleButton, refButton),
  ratesParts.head,
  ratesParts.table,
  h('p', {
    class: 'muted',
    text: 'Rates are one-way escape rates k (1/time) for the overdamped dynamics γ dx = −U′ dt + √(2γD) dW; the mass m enters TST (ω_a = √(U″/m)) and the underdamped walkers of the Simulation panel. Hover a row for its definition.',
  }),
  ratesParts.warnings,
  arrheniusPlot.element,
  ratioPlot.element,
);

function renderRates(r: MainResult) {
  if (takeReference) {
    takeReference = false;
    reference = {
      D: state.problem.D,
      logRates: Object.fromEntries(r.rates.map((row) => [row.method, row.logRate])),
    };
  }
  const b = r.barrier;
  const ref = reference;
  const head: (Node | string)[] = [
    h('p', {
      text: `From well ${r.from.well ?? '—'} (x = ${fmt(r.from.x)}) to ${r.to.well ?? 'x'} (x = ${fmt(r.to.x)})${b ? ` over the barrier at x = ${fmt(b.x)}: ΔU = ${fmt(b.deltaU)}, ΔU/D = ${fmt(b.deltaU / state.problem.D)}` : ''}. D = ${fmt(state.problem.D)}, γ = ${fmt(state.problem.gamma)}, m = ${fmt(state.problem.mass)}.`,
    }),
  ];
  if (ref && b) {
    const predicted = b.deltaU / ref.D - b.deltaU / state.problem.D;
    head.push(
      h('p', {
        id: 'ratio-note',
        text: `Reference D0 = ${fmt(ref.D)}; now D1 = ${fmt(state.problem.D)}. Arrhenius: k(D1)/k(D0) = exp(ΔU/D0 − ΔU/D1) = exp(${fmt(predicted)}) = ${fmt(Math.exp(predicted))}; the column k/k(D0) shows what each method gives.`,
      }),
    );
  }
  ratesParts.head.replaceChildren(...head);
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
      cells.push(
        l0 !== null && l0 !== undefined && row.logRate !== null
          ? valueCell(Math.exp(row.logRate - l0))
          : '—',
      );
    }
    return cells;
  });
  ratesParts.table.replaceChildren(tableWithCsv('rates', cols, rows, 'rates-table'));
  const trs = ratesParts.table.querySelectorAll('tbody tr');
  r.rates.forEach((row, i) => {
    const tr = trs[i] as HTMLElement;
    tr.dataset['method'] = row.method;
    tr.title = row.definition;
    (tr.children[1] as HTMLElement).classList.add('rate');
  });
  ratesParts.warnings.replaceChildren(
    warningList([...r.warnings, ...r.rates.flatMap((row) => row.warnings)]),
  );
}

const METHOD_COLORS: Record<string, string> = {
  tst: '#868e96',
  kramers: '#d9480f',
  corrected: '#f08c00',
  exact: '#1d2330',
  spectral: '#1c7ed6',
};

function renderArrhenius(a: ArrheniusResult) {
  if (a.inverseD.length === 0) return;
  arrheniusPlot.update({
    xLabel: '1/D',
    yLabel: 'ln k',
    series: a.series.map((s) => ({
      label: s.method,
      color: METHOD_COLORS[s.method] ?? '#000',
      width: s.method === 'exact' ? 2.5 : 1.5,
      ...(s.method === 'exact' ? {} : { dash: [6, 3] }),
    })),
    data: [a.inverseD, ...a.series.map((s) => s.logRates)],
    marks: [
      {
        x1: 1 / state.problem.D,
        y1: null,
        x2: 1 / state.problem.D,
        y2: null,
        color: '#5f3dc4',
        label: 'current D',
      },
    ],
  });
  // On a log scale the methods differ by ≤ 0.1 in ln k: k/k_exact shows how the asymptotics
  // converge as ΔU/D grows (error ∝ D/ΔU for Kramers, (D/ΔU)² corrected).
  const exact = a.series.find((s) => s.method === 'exact');
  if (!exact) return;
  const others = a.series.filter((s) => s.method !== 'exact');
  ratioPlot.update({
    xLabel: '1/D',
    yLabel: 'k / k_exact',
    series: others.map((s) => ({
      label: s.method,
      color: METHOD_COLORS[s.method] ?? '#000',
      width: 1.8,
    })),
    data: [
      a.inverseD,
      ...others.map((s) =>
        s.logRates.map((l, i) => {
          const e = exact.logRates[i];
          return l === null || e === null || e === undefined ? null : Math.exp(l - e);
        }),
      ),
    ],
  });
}

// Flux panel --------------------------------------------------------
const fluxPlot = new Plot(
  'flux',
  'Steady state with a source in the well and a sink past the barrier (ln P)',
);
const fluxParts = { text: h('div', {}), table: h('div', {}), warnings: h('div', {}) };
sections.get('flux')!.append(
  tex(
    String.raw`k = \frac{J}{N_A},\qquad \frac{1}{k} = \frac{\gamma}{D}\int_{\text{well}} e^{-U(z)/D}\,dz \int_{x_a}^{x_c} e^{U(y)/D}\,dy`,
    true,
  ),
  h('p', {
    class: 'muted',
    text: 'Farkas (1927), Kramers (1940): a steady probability current J is fed into the well at x_a and removed at the sink x_c beyond the barrier; N_A is the population of the well (density 1 at x_a). Behind the source the density is Boltzmann; past the barrier it falls to zero at the sink.',
  }),
  fluxPlot.element,
  fluxParts.table,
  fluxParts.warnings,
);

function renderFlux(r: MainResult) {
  const f = r.flux;
  if (!f) return;
  if ('error' in f) {
    fluxParts.table.replaceChildren(h('p', { class: 'warnings', text: f.error }));
    return;
  }
  const v: FluxView = f;
  const lnP = v.P.map((p) => (p > 0 ? Math.log(p) : null));
  const Ua = r.curve.U[r.curve.x.findIndex((x) => x >= v.well)] ?? 0;
  void Ua;
  fluxPlot.update({
    xLabel: 'x',
    yLabel: 'ln P(x)',
    series: [{ label: 'ln P(x), P(x_a) = 1', color: '#1c7ed6', width: 2.5 }],
    data: [v.x, lnP],
    marks: (
      [
        [v.well, 'source x_a', '#2f9e44'],
        [v.barrier, 'barrier x_s', '#d9480f'],
        [v.sink, 'sink x_c', '#5f3dc4'],
      ] as const
    ).map(([x, label, color]) => ({ x1: x, y1: null, x2: x, y2: null, color, label })),
  });
  fluxParts.table.replaceChildren(
    tableWithCsv(
      'flux',
      ['quantity', 'value'],
      [
        ['flux J (length/time, density 1 at x_a)', valueCell(v.flux)],
        ['population N_A (length)', valueCell(v.population)],
        ['k = J/N_A (1/time)', valueCell(v.rate, v.logRate)],
        ['estimated relative error of k', valueCell(v.relativeError)],
        ['exact 1/MFPT (same sink)', valueCell(v.exactRate)],
        [
          'k − exact (relative)',
          pct(v.exactRate ? Math.expm1(v.logRate - Math.log(v.exactRate)) : null),
        ],
      ],
      'flux-table',
    ),
  );
  fluxParts.warnings.replaceChildren(warningList(v.warnings));
}

// Spectrum panel ----------------------------------------------------
const spectrumPlot = new Plot(
  'eigenfunctions',
  'Lowest backward eigenfunctions φ_k and the equilibrium density',
);
const spectrumParts = { table: h('div', {}), compare: h('div', {}), warnings: h('div', {}) };
sections.get('spectrum')!.append(
  h('p', {
    class: 'muted',
    text: 'Smoluchowski operator L P = (1/γ) ∂x[U′P + D ∂x P] (Risken 1989). λ1 is the population relaxation rate: λ1 = k_ab + k_ba between two wells, 2k for a symmetric double well; λ2/λ1 ≫ 1 is what makes "a rate" meaningful.',
  }),
  spectrumParts.compare,
  spectrumParts.table,
  spectrumPlot.element,
  spectrumParts.warnings,
);

function renderSpectrum(r: MainResult) {
  const s = r.spectrum;
  if (!s) return;
  if ('error' in s) {
    spectrumParts.table.replaceChildren(h('p', { class: 'warnings', text: s.error }));
    return;
  }
  const v: SpectrumView = s;
  spectrumParts.table.replaceChildren(
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
  );
  const rows: (string | Node)[][] = [];
  if (v.lambda1 !== null) {
    rows.push(['λ1', valueCell(v.lambda1), '']);
    if (v.exactForward !== null) {
      rows.push(['λ1/2', valueCell(v.lambda1 / 2), 'symmetric double well: = k']);
      rows.push([
        'exact k (1/MFPT)',
        valueCell(v.exactForward),
        pct(v.lambda1 / 2 / v.exactForward - 1),
      ]);
    }
    if (v.exactForward !== null && v.exactBackward !== null) {
      const sum = v.exactForward + v.exactBackward;
      rows.push(['k_ab + k_ba (exact)', valueCell(sum), `λ1 vs sum: ${pct(v.lambda1 / sum - 1)}`]);
    }
  }
  spectrumParts.compare.replaceChildren(
    tableWithCsv('spectrum-vs-exact', ['quantity', 'value', 'note'], rows, 'spectrum-compare'),
  );
  const maxRho = Math.max(...v.density);
  spectrumPlot.update({
    xLabel: 'x',
    yLabel: 'φ_k(x), ρ/ρ_max',
    series: [
      { label: 'ρ_eq / max', color: '#adb5bd', width: 3 },
      ...v.eigenfunctions.map((_, k) => ({
        label: `φ_${k}`,
        color: ['#1d2330', '#d9480f', '#1c7ed6', '#2f9e44'][k] ?? '#000',
        width: 1.8,
      })),
    ],
    data: [v.x, v.density.map((d) => d / maxRho), ...v.eigenfunctions],
  });
  spectrumParts.warnings.replaceChildren(warningList(v.warnings));
}

// Simulation panel --------------------------------------------------
const simulation = new SimulationPanel(sections.get('simulation')!, {
  getState: () => state,
  getResult: () => latest,
  setSim: (sim) => setState({ sim }, { recompute: false }),
});

// Drive panel -------------------------------------------------------
const drive = new DrivePanel(sections.get('drive')!, {
  getState: () => state,
  setDrive: (d) => setState({ drive: d }, { recompute: false }),
  table: tableWithCsv,
  warnings: warningList,
  tex,
});

// Turnover panel ----------------------------------------------------
const turnoverPanel = new TurnoverPanel(sections.get('turnover')!, {
  getState: () => state,
  getResult: () => latest,
  setTurnover: (turnover) => setState({ turnover }, { recompute: false }),
});

// Pulling panel -----------------------------------------------------
const pulling = new PullPanel(sections.get('pulling')!, {
  getProblem: () => state.problem,
  getPull: () => state.pull,
  setPull: (pull) => setState({ pull }, { recompute: false }),
});

// Gallery -----------------------------------------------------------
{
  const list = h('ul', {});
  for (const p of PRESETS) {
    const link = h('a', {
      href: `?${encodeState({ ...state, panel: 'landscape', problem: p.problem })}`,
      text: p.name,
    });
    list.append(h('li', {}, link, h('span', { class: 'muted', text: ` — ${p.note}` })));
  }
  sections.get('gallery')!.append(
    h('h3', { text: 'Scenario gallery' }),
    h('p', {
      class: 'muted',
      text: 'The named scenarios the browser tests open (test/e2e/lab.test.ts loads each of these and checks its landscape). Each link is a shareable state.',
    }),
    list,
  );
}
const physicalGallery = new PhysicalGallery(sections.get('gallery')!, {
  getState: () => state,
  setPhysical: (physical) => {
    const { physical: _drop, ...rest } = state;
    state = physical ? { ...rest, physical } : rest;
    setState({}, { recompute: false });
  },
  openProblem: (problem, panel) => {
    state = { ...state, problem };
    syncControls();
    selectPanel(panel);
  },
});

// ---------------------------------------------------------------- render
function renderFromSelects(r: MainResult) {
  fromSelect.replaceChildren(
    ...r.wells.map((w) =>
      h('option', { value: String(w.index), text: `well ${w.index} (x = ${fmt(w.x)})` }),
    ),
  );
  fromSelect.value = String(state.problem.from);
  const targets = r.transitions.filter((t) => t.from === state.problem.from);
  toSelect.replaceChildren(
    ...targets.map((t) =>
      h('option', {
        value: String(t.to),
        text: typeof t.to === 'number' ? `well ${t.to}` : `escape to ${t.to}`,
      }),
    ),
  );
  toSelect.value = String(r.to.well ?? '');
}

function render() {
  const r = latest;
  if (!r) return;
  renderFromSelects(r);
  switch (state.panel) {
    case 'landscape':
      renderLandscape(r);
      break;
    case 'rates':
      renderRates(r);
      requestSweep();
      break;
    case 'flux':
      renderFlux(r);
      break;
    case 'spectrum':
      renderSpectrum(r);
      break;
    case 'simulation':
      simulation.onResult(r);
      break;
    case 'drive':
      drive.update();
      break;
    case 'turnover':
      turnoverPanel.refresh();
      break;
    case 'pulling':
      pulling.show();
      break;
    default:
      break;
  }
  status.textContent = `computed in ${r.computeMs.toFixed(0)} ms (worker)`;
  const started = inputStartedAt;
  inputStartedAt = null;
  requestAnimationFrame(() => {
    if (started !== null) window.__lab.repaintTimes.push(performance.now() - started);
    window.__lab.renders++;
    document.body.dataset['renders'] = String(window.__lab.renders);
  });
  window.__lab.lastResult = r;
}

window.__lab = { repaintTimes: [], lastResult: null, renders: 0, simulation, drive, pulling };
window.__panels = { turnover: turnoverPanel.hooks, gallery: physicalGallery.hooks };
syncControls();
selectPanel(state.panel);
