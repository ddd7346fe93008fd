/** Numbers as the Lab shows them (numbers.ts), and the page's small DOM helper. */
export { digitsCarried, fmt, fromLog, fullFromLog, pct } from './numbers.js';

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
