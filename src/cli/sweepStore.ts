import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { KramersError, type SweepRecord } from '../index.js';

/** The JSON Lines file a sweep writes: one record per point key, appended as points finish. */
export interface SweepStore {
  readonly path: string;
  has(key: string): boolean;
  readonly size: number;
  /** Appends a record unless its key is there already (a duplicate delivery); true if added. */
  add(record: SweepRecord): boolean;
  /** Rewrites the file without these keys (`--force`). */
  drop(keys: ReadonlySet<string>): void;
  close(): void;
}

function isRecord(value: unknown): value is SweepRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['key'] === 'string' &&
    typeof r['inputs'] === 'object' &&
    'report' in r &&
    Array.isArray(r['args'])
  );
}

/** The records of a store file in file order, and how many bytes of it are whole lines. */
function parseLines(
  path: string,
  text: string,
): { records: SweepRecord[]; whole: number; torn: boolean } {
  const records: SweepRecord[] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const line = text.slice(offset, end < 0 ? text.length : end);
    lineNumber++;
    let parsed: unknown;
    try {
      parsed = line.trim() === '' ? undefined : JSON.parse(line);
    } catch {
      // A line cut short by a kill or a full disk can only be the last one: drop it.
      if (end < 0) return { records, whole: Buffer.byteLength(text.slice(0, offset)), torn: true };
      parsed = null;
    }
    if (parsed !== undefined && !isRecord(parsed)) {
      throw new KramersError('usage', `${path}:${lineNumber} is not a sweep record`, {
        hint: 'a store holds the JSON lines `kramers sweep` writes; give --out a new file',
      });
    }
    if (parsed !== undefined) records.push(parsed);
    if (end < 0) return { records, whole: Buffer.byteLength(text), torn: false };
    offset = end + 1;
  }
  return { records, whole: Buffer.byteLength(text), torn: false };
}

/** Every record of a store file, in file order (a missing file is an error). */
export function readStore(path: string): SweepRecord[] {
  if (!existsSync(path)) throw new KramersError('usage', `${path}: no such file`);
  return parseLines(path, readFileSync(path, 'utf8')).records;
}

/**
 * Opens (or creates) a JSON Lines store for appending. A last line cut short by a killed run is
 * cut off (that point is computed again); a line that is no record is an error, so that no other
 * file is ever appended to by mistake.
 */
export function openStore(path: string, onRepair?: (message: string) => void): SweepStore {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const { records, whole, torn } = parseLines(path, text);
  const keys = new Set(records.map((r) => r.key));
  const fd = openSync(path, 'a+');
  if (torn) {
    ftruncateSync(fd, whole);
    onRepair?.(`${path}: its last line was cut short (an interrupted write) and is dropped`);
  } else if (text.length > 0 && !text.endsWith('\n')) {
    writeSync(fd, '\n');
  }
  let open = fd;
  return {
    path,
    has: (key) => keys.has(key),
    get size() {
      return keys.size;
    },
    add(record) {
      if (keys.has(record.key)) return false;
      // One write of one whole line: a kill leaves at most the last line torn.
      writeSync(open, `${JSON.stringify(record)}\n`);
      keys.add(record.key);
      return true;
    },
    drop(dropped) {
      const kept = readStore(path).filter((r) => !dropped.has(r.key));
      writeFileSync(`${path}.tmp`, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
      closeSync(open);
      renameSync(`${path}.tmp`, path);
      open = openSync(path, 'a');
      for (const key of dropped) keys.delete(key);
    },
    close: () => closeSync(open),
  };
}
