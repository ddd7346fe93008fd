/** The small building blocks every tab uses: tables with CSV export, warnings, formulas, sliders. */
import katex from 'katex';
import { fmt, fullFromLog, h } from './format.js';
import { downloadText, toCsv } from './plot.js';
import { parseRich, type Rich } from './richText.js';

/** A table with a CSV button; the CSV holds full precision where a cell carries it. */
export function tableWithCsv(name: string, head: string[], rows: (string | Node)[][], id: string) {
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

/**
 * Shows `message` in an error box (empty: none). Its prose wraps to the box; an echoed source
 * line and its caret line (the lines indented by two spaces, as the parser writes them) stay
 * aligned in a block of their own that scrolls sideways when the expression is long.
 */
export function showError(box: HTMLElement, message: string): void {
  const lines = message.split('\n');
  const first = lines.findIndex((line) => line.startsWith('  '));
  const prose = (first < 0 ? lines : lines.slice(0, first)).join('\n');
  const source = first < 0 ? [] : lines.slice(first);
  box.replaceChildren();
  if (message === '') return;
  // The newline keeps the box's text (textContent) line for line the library's message.
  box.append(h('p', { text: source.length > 0 ? `${prose}\n` : prose }));
  if (source.length > 0) box.append(h('pre', { class: 'source', text: source.join('\n') }));
}

export function warningList(warnings: readonly string[]) {
  const ul = h('ul', { class: 'warnings' });
  for (const w of new Set(warnings)) ul.append(h('li', { text: `⚠ ${w}` }));
  return ul;
}

export function tex(expression: string, display = false) {
  const span = h('div', { class: 'formula' });
  katex.render(expression, span, { throwOnError: false, displayMode: display });
  return span;
}

/**
 * A number as shown (six digits), carrying its full precision in data-value for tests and CSV.
 * A value that left double range (a rate of 0, an MFPT of ∞) is shown from its natural log `log`,
 * and data-value then holds the digits that log carries (4.13109517906e-1087): String(0) put 0 in
 * the CSV beside 4.13110e-1087 on screen. data-log keeps ln x itself.
 */
export function valueCell(value: number | null, log?: number | null) {
  const td = h('span', { text: fmt(value, log) });
  if (value === null) return td;
  const known = log !== null && log !== undefined && Number.isFinite(log);
  const fromLog = known && (value === 0 || !Number.isFinite(value));
  td.dataset['value'] = fromLog ? fullFromLog(log) : String(value);
  if (known) td.dataset['log'] = String(log);
  return td;
}

export interface LogSlider {
  readonly range: HTMLInputElement;
  readonly box: HTMLInputElement;
  set(value: number): void;
}

/**
 * A positive quantity over decades: a range on log10 beside a number box, appended to `parent`.
 * `onChange` gets the value; a box that does not hold a positive number goes to `onInvalid`.
 */
export function logSlider(
  parent: HTMLElement,
  spec: { id: string; label: string; min: number; max: number },
  onChange: (v: number) => void,
  onInvalid: (message: string) => void,
): LogSlider {
  const { id, label } = spec;
  const range = h('input', {
    id: `${id}-slider`,
    type: 'range',
    min: String(spec.min),
    max: String(spec.max),
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
    onChange(v);
  });
  box.addEventListener('change', () => {
    const v = Number(box.value);
    if (!(v > 0) || !Number.isFinite(v)) {
      onInvalid(`${label} must be a positive number; got ${box.value}`);
      return;
    }
    range.value = String(Math.log10(v));
    onChange(v);
  });
  parent.append(h('label', { for: id, text: label }), h('div', { class: 'row' }, range, box));
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

/** Text with the library's marks as DOM nodes (sub, sup and code elements; richText.ts). */
export function richNodes(text: string): Node[] {
  const nodes = (parts: Rich[]): Node[] =>
    parts.map((p) => {
      if (typeof p === 'string') return document.createTextNode(p);
      const el = document.createElement(p.tag);
      el.append(...nodes(p.parts));
      return el;
    });
  return nodes(parseRich(text));
}
