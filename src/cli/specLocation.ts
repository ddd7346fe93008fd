import { KramersError, pointAt } from '../index.js';

/** A line and column (1-based) of a spec file, and the caret under it. */
function caret(path: string, text: string, offset: number, width: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  const source = text.slice(start, end < 0 ? text.length : end);
  const col = offset - start;
  return `${path}:${line}:${col + 1}\n${pointAt(source, { start: col, end: col + Math.max(1, width) })}`;
}

/** The offset of a JSON syntax error: V8 names it for some errors ("at position 8"), not all. */
function jsonErrorOffset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * A spec file that does not parse: a usage error naming the line and column with a caret under
 * the place, where the parser tells it (YAML always; JSON when V8's message has a position).
 */
export function syntaxError(
  path: string,
  text: string,
  yaml: boolean,
  error: unknown,
): KramersError {
  const message = (error as Error).message.split('\n')[0]!;
  const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  let offset: number | undefined;
  if (yaml && linePos) {
    const lines = text.split('\n');
    offset =
      lines.slice(0, linePos.line - 1).reduce((n, l) => n + l.length + 1, 0) + linePos.col - 1;
  } else if (!yaml) offset = jsonErrorOffset(message);
  const where =
    offset !== undefined ? `\n${caret(path, text, Math.min(offset, text.length), 1)}` : '';
  return new KramersError(
    'usage',
    `sweep spec ${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${message}${where}`,
    {
      hint: yaml
        ? 'a spec holds command, options and axes (see README: Sweeps)'
        : 'JSON wants double-quoted names, a comma between items and none after the last; a .yaml spec is more forgiving',
    },
  );
}

/** An issue path (`axes.D`, `axes.D[2]`, `options.param.a`) as the key lists it may stand for. */
function keyPaths(path: string): (string | number)[][] {
  const indexed = /^(.*)\[(\d+)\]$/.exec(path);
  const base = indexed ? indexed[1]! : path;
  const tail = indexed ? [Number(indexed[2])] : [];
  const dot = base.indexOf('.');
  if (dot < 0) return [[base, ...tail]];
  const [head, rest] = [base.slice(0, dot), base.slice(dot + 1)];
  // An axis name may hold a dot ("param.a" sweeps one name of --param): try it whole first; an
  // option checked against its command may be swept rather than fixed.
  const paths = [
    [head, rest, ...tail],
    [head, ...rest.split('.'), ...tail],
  ];
  return head === 'options' ? [...paths, ['axes', rest, ...tail]] : paths;
}

/** Where in the spec's text an issue path is: its key in a mapping, or its item in a list. */
async function offsetOf(text: string, path: string): Promise<[number, number] | undefined> {
  const { isMap, isScalar, isSeq, parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  for (const keys of keyPaths(path)) {
    const last = keys.at(-1)!;
    const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(last),
      );
      if (pair && isScalar(pair.key) && pair.key.range) {
        return [pair.key.range[0], pair.key.range[1] - pair.key.range[0]];
      }
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last] as { range?: [number, number, number] } | undefined;
      if (item?.range) return [item.range[0], item.range[1] - item.range[0]];
    }
  }
  return undefined;
}

/**
 * Runs the checks of a parsed spec; a bad spec's error gains the line, column and a caret under
 * the key or value it is about (the checks know the path; the text knows where that is).
 */
export async function locatingSpecErrors<T>(
  path: string,
  text: string,
  check: () => T,
): Promise<T> {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
    const issuePath = error.issues[0]?.path;
    const at = issuePath ? await offsetOf(text, issuePath) : undefined;
    if (!at) throw error;
    throw new KramersError(error.code, `${error.message}\n${caret(path, text, at[0], at[1])}`, {
      issues: error.issues,
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    });
  }
}
