/**
 * How the URL carries what the Lab's two tabs of the plane share (keys under the tab's prefix,
 * `s2.` or `d2.`): the box, and the expression's parameters as `prefix.p.NAME`.
 */

/** A box in the plane: [x_min, x_max] and [y_min, y_max]. */
export type PlaneBox = readonly [readonly [number, number], readonly [number, number]];

/** A number as the URL writes it: 8 significant digits, no trailing zeros. */
export function urlNumber(x: number): string {
  return String(Number(x.toPrecision(8)));
}

/** A box 'a:b,c:d' with a < b and c < d, or undefined. */
export function parsePlaneBox(text: string): PlaneBox | undefined {
  const parts = text.split(',').map((part) => part.split(':').map((v) => Number(v.trim())));
  if (parts.length !== 2) return undefined;
  for (const p of parts) {
    if (p.length !== 2 || !p.every(Number.isFinite) || !(p[0]! < p[1]!)) return undefined;
  }
  return [
    [parts[0]![0]!, parts[0]![1]!],
    [parts[1]![0]!, parts[1]![1]!],
  ];
}

/** The parameters, then the box (in that order, as links have always had them). */
export function encodeParametersAndBox(
  q: URLSearchParams,
  prefix: string,
  parameters: Readonly<Record<string, number>>,
  box: PlaneBox,
): void {
  for (const [name, value] of Object.entries(parameters)) {
    q.set(`${prefix}.p.${name}`, urlNumber(value));
  }
  q.set(`${prefix}.box`, box.map(([a, b]) => `${urlNumber(a)}:${urlNumber(b)}`).join(','));
}

/** The parameters a query gives under `prefix.p.`: names that are identifiers, finite values. */
export function decodeParameters(q: URLSearchParams, prefix: string): Record<string, number> {
  const key0 = `${prefix}.p.`;
  const parameters: Record<string, number> = {};
  for (const [key, value] of q) {
    const name = key.slice(key0.length);
    if (key.startsWith(key0) && /^[A-Za-z_][A-Za-z0-9_]{0,30}$/.test(name)) {
      if (value.trim() !== '' && Number.isFinite(Number(value))) parameters[name] = Number(value);
    }
  }
  return parameters;
}

/** The parameters in name order: the same problem gives the same key whatever the key order. */
export function sortedParameters(parameters: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b));
}
