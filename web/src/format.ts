/** Six significant digits; a rate that underflows a double is printed from its logarithm. */
export function fmt(value: number | null | undefined, log?: number | null): string {
  if (value === null || value === undefined) return '—';
  if (value === 0 && log !== null && log !== undefined && Number.isFinite(log)) {
    const l10 = log / Math.LN10;
    const e = Math.floor(l10);
    return `${(10 ** (l10 - e)).toPrecision(6)}e${e}`;
  }
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return value.toExponential(5);
  return String(Number(value.toPrecision(6)));
}

export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const p = value * 100;
  const s = Math.abs(p) < 0.01 ? p.toExponential(1) : p.toPrecision(3);
  return `${p > 0 ? '+' : ''}${s}%`;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
}
