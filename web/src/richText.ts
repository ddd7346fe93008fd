/**
 * The library's texts for people: its presets write formulas as plain text with TeX-like marks
 * (`(1−i)^{3/2}`, `k_BT`, `e^{−ΔU/k_BT}`), units in ASCII (`uA`, `ohm`, `mPa*s`, `J/m^3`) and
 * commands with every digit of a double. The page shows subscripts and superscripts as such,
 * units with their symbols, and numbers in commands without float noise; what is stored (the URL,
 * the values sent to the library) is never touched.
 */

/** A piece of rich text: plain text, or a subscript, superscript or code span holding pieces. */
export type Rich = string | { readonly tag: 'sub' | 'sup' | 'code'; readonly parts: Rich[] };

/** ASCII units as they are printed: µ for u, Ω for ohm, a centred dot for *. */
function units(text: string): string {
  return text
    .replace(/(?<![A-Za-z0-9_])u(?=(?:A|V|eV|F|W|J|N)(?![A-Za-z]))/g, 'µ')
    .replace(/\bohms?\b/g, 'Ω')
    .replace(/(?<=[A-Za-z])\*(?=[A-Za-z])/g, '·');
}

/** The closing brace of the group opened at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Parses the marks: `_{…}` and `^{…}` (nested), `_` followed by a run of lower-case letters and
 * digits or by one other character (`k_BT`: B; `ω_p0`: p0; `T_cr`: cr), `^` followed by digits or
 * one character, and `code` in backticks.
 */
export function parseRich(text: string): Rich[] {
  const out: Rich[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(units(plain));
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ tag: 'code', parts: [text.slice(i + 1, end)] });
        i = end + 1;
        continue;
      }
    }
    if ((c === '_' || c === '^') && next !== undefined && next !== ' ') {
      const tag = c === '_' ? 'sub' : 'sup';
      let inner: string | null = null;
      let end = i + 1;
      if (next === '{') {
        const close = closing(text, i + 1);
        if (close > 0) {
          inner = text.slice(i + 2, close);
          end = close + 1;
        }
      } else {
        const run =
          tag === 'sub' ? /^[a-z0-9]+/.exec(text.slice(i + 1)) : /^[0-9]+/.exec(text.slice(i + 1));
        inner = run ? run[0] : [...text.slice(i + 1)][0]!;
        end = i + 1 + inner.length;
      }
      if (inner !== null && inner !== '') {
        flush();
        out.push({ tag, parts: parseRich(inner) });
        i = end;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** The text a reader (or a screen reader) gets: the marks gone, the units with their symbols. */
export function plainText(text: string): string {
  const flat = (parts: Rich[]): string =>
    parts.map((p) => (typeof p === 'string' ? p : flat(p.parts))).join('');
  return flat(parseRich(text));
}

/** A unit as shown beside a value or in a label: `uA` → µA, `kT` → k_BT (k<sub>B</sub>T). */
export function unitText(unit: string): string {
  return unit === 'kT' ? 'k_BT' : unit;
}

/**
 * A command with its long numbers cut to 10 significant digits (`i=0.9000000000000001` → `i=0.9`,
 * `--D 0.004195150165292355` → `--D 0.004195150165`): the same run to far better than the
 * digits the CLI prints.
 */
export function tidyCommand(command: string): string {
  return command.replace(/(?<![\w.])\d+\.\d+(?:e[+-]?\d+)?(?![\w.])/g, (n) => {
    const digits = n.replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
    return digits.length > 10 ? String(Number(Number(n).toPrecision(10))) : n;
  });
}
