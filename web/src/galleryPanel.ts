/**
 * Physical presets (issue 8, point 4): a card per preset of the library's `presetCatalog()`; the
 * open card has a slider per physical parameter (in its unit and range), the answers of
 * `runPreset()` in physical units (computed on a worker), the reduced problem behind them, and a
 * button that opens the Lab on that reduced problem.
 */
import {
  formatFromLog,
  type PresetInfo,
  type PresetReport,
  presetCatalog,
  tableCellText,
} from 'kramers';
import { h } from './format.js';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import PanelsWorker from './panels.worker.ts?worker';
import type { PanelsReply, PanelsRequest } from './panelsProtocol.js';
import { downloadText, toCsv } from './plot.js';
import { PRESETS } from './presets.js';
import type { LabProblem } from './protocol.js';
import { plainText, tidyCommand, unitText } from './richText.js';
import { encodeState, type LabState, type PhysicalPresetState } from './state.js';
import { richNodes } from './widgets.js';

interface Host {
  getState(): LabState;
  setPhysical(physical: PhysicalPresetState | undefined): void;
  /** Opens the Lab on a problem, on the landscape or the turnover tab. */
  openProblem(problem: LabProblem, panel: 'landscape' | 'turnover'): void;
}

/** The named scenarios of the Lab's presets, each a link that opens it (a shareable state). */
export function scenarioList(state: LabState): HTMLElement[] {
  const list = h('ul', {});
  for (const p of PRESETS) {
    const link = h('a', {
      href: `?${encodeState({ ...state, panel: 'landscape', problem: p.problem })}`,
      text: p.name,
    });
    list.append(h('li', {}, link, h('span', { class: 'muted' }, ' — ', ...richNodes(p.note))));
  }
  return [
    h('h3', { text: 'Scenario gallery' }),
    h('p', {
      class: 'muted',
      text: 'Named landscapes to start from: each link opens it in the Lab (and is a link you can share).',
    }),
    list,
  ];
}

export interface GalleryHooks {
  report: PresetReport | null;
  renders: number;
}

export class PhysicalGallery {
  readonly hooks: GalleryHooks = { report: null, renders: 0 };
  readonly catalog: PresetInfo[] = presetCatalog();
  /** Its worker is created when a card first opens. */
  private readonly worker = new LatestWorker<PanelsRequest, PanelsReply>({
    create: () => new PanelsWorker(),
    policy: 'queue',
    onResult: (reply) => this.onReply(reply),
    onError: (error) => this.onError(error),
  });
  private readonly cards = h('div', { class: 'cards', id: 'preset-cards' });
  private readonly detail = h('div', { id: 'preset-detail' });
  private readonly sliders = h('div', { id: 'preset-sliders' });
  private readonly results = h('div', { id: 'preset-results' });
  private readonly error = h('pre', { class: 'error', role: 'alert', id: 'preset-error' });
  private turnoverButton: HTMLButtonElement | null = null;
  private openButton: HTMLButtonElement | null = null;
  /** Current slider values (display units), from the last report. */
  private values: Record<string, number> = {};

  constructor(
    section: HTMLElement,
    private readonly host: Host,
  ) {
    for (const info of this.catalog) {
      const open = h('button', {
        type: 'button',
        class: 'card',
        id: `preset-card-${info.name}`,
        'aria-label': `open the ${info.title} preset`,
      });
      open.append(
        h('strong', { text: info.title }),
        h('span', { class: 'muted', text: ` ${info.field}` }),
        h('p', {}, ...richNodes(info.summary)),
      );
      open.addEventListener('click', () => {
        this.host.setPhysical({ name: info.name, settings: {} });
        this.refresh();
      });
      this.cards.append(open);
    }
    section.append(
      h('h3', { text: 'Physical presets' }),
      h('p', {
        class: 'muted',
        text: 'The same escape theory in each field’s units: pick a card, move its physical sliders, and read the answers in physical units (the library’s runPreset). Each preset also gives the reduced, unitless problem behind the answers; open it in the Lab to see its landscape, rates and spectrum.',
      }),
      this.cards,
      this.detail,
    );
    this.refresh();
  }

  private info(): PresetInfo | undefined {
    const name = this.host.getState().physical?.name;
    return this.catalog.find((p) => p.name === name);
  }

  /** Re-reads the state (URL) and asks the worker for the open preset's report. */
  refresh(): void {
    const info = this.info();
    for (const card of this.cards.children) {
      card.setAttribute('aria-pressed', String(card.id === `preset-card-${info?.name}`));
    }
    if (!info) {
      this.detail.replaceChildren();
      this.hooks.report = null;
      return;
    }
    if (this.detail.dataset['preset'] !== info.name) this.buildDetail(info);
    const settings = this.host.getState().physical?.settings ?? {};
    this.worker.request((id) => ({ id, kind: 'preset', name: info.name, settings }));
  }

  /** One physical parameter's slider and number box, in display units. */
  private addSlider(info: PresetInfo, p: PresetInfo['parameters'][number]): void {
    const log = p.scale === 'log' && p.range[0] > 0;
    const [lo, hi] = log ? [Math.log10(p.range[0]), Math.log10(p.range[1])] : p.range;
    // The symbol and its unit as a physicist writes them, "I_c (µA)" (I with subscript c);
    // what the parameter is, in words, beside it. Screen readers get the same in plain text.
    const unit = unitText(p.unit);
    const label = `${p.symbol}${unit ? ` (${unit})` : ''}`;
    const spoken = `${plainText(p.description)}: ${plainText(label)}`;
    const range = h('input', {
      id: `preset-${p.name}-slider`,
      type: 'range',
      min: String(lo),
      max: String(hi),
      step: String((hi - lo) / 200),
      'aria-label': `${spoken}${log ? ' (log scale)' : ''}`,
    });
    const box = h('input', {
      id: `preset-${p.name}`,
      type: 'number',
      step: 'any',
      class: 'value',
      'aria-label': spoken,
    });
    const set = (v: number) => {
      const settings = { ...(this.host.getState().physical?.settings ?? {}), [p.name]: v };
      this.host.setPhysical({ name: info.name, settings });
      this.refresh();
    };
    range.addEventListener('input', () => {
      const raw = log ? 10 ** Number(range.value) : Number(range.value);
      const v = Number(raw.toPrecision(4));
      box.value = String(v);
      range.setAttribute('aria-valuetext', plainText(`${p.symbol} = ${v} ${unit}`));
      set(v);
    });
    box.addEventListener('change', () => {
      const v = Number(box.value);
      if (box.value.trim() === '' || !Number.isFinite(v)) {
        this.error.textContent = plainText(
          `${p.symbol} must be a number in ${unit || 'no unit'}; got ${box.value}`,
        );
        return;
      }
      set(v);
    });
    this.sliders.append(
      h(
        'label',
        { for: `preset-${p.name}`, title: plainText(p.description) },
        ...richNodes(label),
        h('span', { class: 'muted' }, ' ', ...richNodes(p.description)),
      ),
      h('div', { class: 'row' }, range, box),
    );
  }

  private buildDetail(info: PresetInfo): void {
    this.detail.dataset['preset'] = info.name;
    this.values = {};
    const refs = h('ul', { class: 'muted' });
    for (const r of info.references) refs.append(h('li', {}, ...richNodes(r)));
    this.sliders.replaceChildren();
    for (const p of info.parameters) this.addSlider(info, p);
    const openButton = h('button', {
      type: 'button',
      id: 'preset-open-reduced',
      text: 'Open the reduced problem in the Lab',
    });
    // Inertial presets (a mass in the reduced problem): their friction can be placed on the
    // turnover curve, e.g. a junction's damping near the turnover maximum.
    const turnoverButton = h('button', {
      type: 'button',
      id: 'preset-open-turnover',
      text: 'Place its friction on the turnover curve',
    });
    const openAs = (panel: 'landscape' | 'turnover') => {
      const q = this.hooks.report?.problem;
      if (!q) return;
      this.host.openProblem(
        {
          potential: q.potential,
          parameters: q.parameters,
          D: q.D,
          gamma: q.gamma,
          mass: q.mass ?? 1,
          from: q.from ?? 0,
          ...(q.domain ? { domain: q.domain } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
        },
        panel,
      );
    };
    openButton.addEventListener('click', () => openAs('landscape'));
    turnoverButton.addEventListener('click', () => openAs('turnover'));
    this.turnoverButton = turnoverButton;
    this.openButton = openButton;
    this.detail.replaceChildren(
      h('h3', { text: info.title }),
      h('p', {}, ...richNodes(info.context)),
      refs,
      h(
        'div',
        { class: 'grid2' },
        h(
          'div',
          {},
          this.sliders,
          h('div', { class: 'row wrap' }, openButton, turnoverButton),
          this.error,
        ),
        h('div', {}, this.results),
      ),
    );
  }

  private onError(error: WorkerError): void {
    this.error.textContent = error.message;
    this.results.classList.add('stale');
  }

  private onReply(reply: Exclude<PanelsReply, { kind: 'error' }>): void {
    if (reply.kind !== 'preset') return;
    this.error.textContent = '';
    this.results.classList.remove('stale');
    this.hooks.report = reply.report;
    if (this.turnoverButton) this.turnoverButton.hidden = reply.report.problem.mass === undefined;
    // A drift preset has no U(x) for the Lab's 1-D tabs: its command line runs its walkers.
    if (this.openButton) this.openButton.hidden = reply.report.problem.drift !== undefined;
    this.render(reply.report);
  }

  /** The answers in physical units, the preset's tables, and the reduced problem behind them. */
  private render(report: PresetReport): void {
    const info = this.info();
    if (!info) return;
    this.showUsedValues(info, report);
    this.results.replaceChildren(
      resultsTable(report),
      ...report.tables.map((t) => presetTable(report.preset, t)),
      ...reducedProblem(report),
    );
    this.hooks.renders++;
    document.body.dataset['presetRenders'] = String(this.hooks.renders);
  }

  /** Sliders show the values used (defaults included), in their display units. */
  private showUsedValues(info: PresetInfo, report: PresetReport): void {
    for (const p of info.parameters) {
      const used = report.parameters[p.name];
      if (!used) continue;
      this.values[p.name] = used.value;
      const box = document.getElementById(`preset-${p.name}`) as HTMLInputElement | null;
      const range = document.getElementById(`preset-${p.name}-slider`) as HTMLInputElement | null;
      if (box && document.activeElement !== box)
        box.value = String(Number(used.value.toPrecision(6)));
      if (range && document.activeElement !== range) {
        const log = p.scale === 'log' && p.range[0] > 0;
        range.value = String(log ? Math.log10(used.value) : used.value);
        range.setAttribute('aria-valuetext', plainText(used.text));
      }
    }
  }
}

/** runPreset()'s answers, one row each, with a button that exports them as CSV. */
function resultsTable(report: PresetReport): HTMLElement {
  const table = h('table', { id: 'preset-results-table' });
  table.append(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['quantity', 'value', 'method'].map((c) => h('th', { scope: 'col', text: c })),
      ),
    ),
  );
  const body = h('tbody', {});
  for (const r of report.results) {
    // The library's text (its digits as they are), with its units and marks rendered.
    const value = h('span', {}, ...richNodes(r.text));
    value.dataset['value'] = String(r.value);
    value.dataset['unit'] = r.unit;
    const tr = h(
      'tr',
      {},
      h('td', {}, ...richNodes(r.label)),
      h('td', {}, value),
      h('td', { class: 'muted' }, ...richNodes(r.method ?? '')),
    );
    tr.dataset['result'] = r.name;
    body.append(tr);
  }
  table.append(body);
  return h('div', { class: 'table-wrap' }, table, resultsCsvButton(report));
}

/** The answers as CSV at full precision, with their units and methods. */
function resultsCsvButton(report: PresetReport): HTMLElement {
  const csv = h('button', {
    type: 'button',
    class: 'csv',
    text: 'CSV',
    'aria-label': 'export preset results as CSV',
  });
  csv.addEventListener('click', () =>
    downloadText(
      `${report.preset}.csv`,
      toCsv([
        ['quantity', 'value', 'unit', 'method'],
        // Past double range the value is its printed extended form (`4.13e-1087`).
        ...report.results.map((r) => [
          r.label,
          r.value ??
            (r.log10Value !== undefined ? formatFromLog(r.log10Value * Math.LN10, 10) : ''),
          r.unit,
          r.method ?? '',
        ]),
      ]),
      'text/csv',
    ),
  );
  return csv;
}

type PresetTable = PresetReport['tables'][number];

/** One of the preset's tables (e.g. rate against temperature), with its CSV export. */
function presetTable(preset: string, t: PresetTable): HTMLElement {
  const tt = h('table', {});
  tt.append(h('caption', {}, ...richNodes(t.title)));
  tt.append(
    h(
      'thead',
      {},
      h('tr', {}, ...t.columns.map((c) => h('th', { scope: 'col' }, ...richNodes(c)))),
    ),
  );
  const tb = h('tbody', {});
  // The library's cells, a value past double range from its log (`4.1e-1087`), none as —.
  const digits = (v: number, d: number) => String(Number(v.toPrecision(d)));
  for (const [i, row] of t.rows.entries())
    tb.append(h('tr', {}, ...row.map((_, j) => h('td', { text: tableCellText(t, i, j, digits) }))));
  tt.append(tb);
  const tcsv = h('button', {
    type: 'button',
    class: 'csv',
    text: 'CSV',
    'aria-label': `export ${t.title} as CSV`,
  });
  tcsv.addEventListener('click', () =>
    downloadText(
      `${preset}-table.csv`,
      toCsv([
        t.columns,
        ...t.rows.map((row, i) =>
          row.map((v, j) => v ?? tableCellText(t, i, j, (x, d) => x.toPrecision(d), 10)),
        ),
      ]),
      'text/csv',
    ),
  );
  return h('div', { class: 'table-wrap' }, tt, tcsv);
}

/** The preset's reduced problem (what the Lab opens), its CLI command, notes and warnings. */
function reducedProblem(report: PresetReport): HTMLElement[] {
  const q = report.problem;
  const n = (v: number) => Number(v.toPrecision(6));
  const values = Object.entries(q.parameters)
    .map(([k, v]) => `${k} = ${n(v)}`)
    .join(', ');
  const mass = q.mass !== undefined ? `, m = ${n(q.mass)}` : '';
  const notes = h('ul', { class: 'muted' });
  for (const note of report.notes) notes.append(h('li', {}, ...richNodes(note)));
  const warnings = h('ul', { class: 'warnings' });
  for (const w of report.warnings) warnings.append(h('li', {}, '⚠ ', ...richNodes(w)));
  if (q.drift !== undefined) {
    const field = `b(${q.drift.coordinates.join(', ')}) = (${q.drift.drift})`;
    return [
      h(
        'p',
        { id: 'preset-reduced' },
        'Reduced problem: ',
        h('code', { text: field }),
        ...richNodes(
          `${values ? ` with ${values}` : ''}; dX = b dt + √(2D) dW, D = ${n(q.D)}; ${q.coordinate}; ${q.units.description}.`,
        ),
      ),
      h('pre', { class: 'muted command', text: tidyCommand(report.command) }),
      notes,
      warnings,
    ];
  }
  return [
    h(
      'p',
      { id: 'preset-reduced' },
      'Reduced problem: U(x) = ',
      // The expression as the Lab's U(x) box takes it.
      h('code', { text: q.potential }),
      ...richNodes(
        `${values ? ` with ${values}` : ''}; D = ${n(q.D)}, γ = ${n(q.gamma)}${mass}; x is ${q.coordinate}; ${q.units.description}.`,
      ),
    ),
    h('pre', { class: 'muted command', text: tidyCommand(report.command) }),
    notes,
    warnings,
  ];
}
