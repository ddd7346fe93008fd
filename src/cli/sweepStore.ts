import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { KramersError, type SweepRecord } from '../index.js';

/**
 * The file a sweep writes its records to, appended as points finish. It keeps no index of what it
 * holds: the sweep's ledger (sweepLedger.ts) sees each record as the store opens, and keeps each
 * key once.
 */
export interface SweepStore {
  readonly path: string;
  /** Appends a record (the ledger has checked that its key is not stored). */
  append(record: SweepRecord): void;
  /** Rewrites the store without the records `dropped` picks (`--force`). */
  drop(dropped: (record: SweepRecord) => boolean): void;
  close(): void;
}

/** What a store does with each record it holds as it opens: the ledger learns what is done. */
export type RecordVisitor = (record: SweepRecord) => void;

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

/** How a scan of a store file ended: bytes of whole lines, a torn last line, a final newline. */
interface Scan {
  readonly whole: number;
  readonly torn: boolean;
  readonly endsWithNewline: boolean;
}

/** One line of a store file: a record, undefined for a blank line, null for text that is no JSON. */
function parseLine(line: string): SweepRecord | null | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

function notARecord(path: string, lineNumber: number): KramersError {
  return new KramersError('usage', `${path}:${lineNumber} is not a sweep record`, {
    hint: 'a store holds the JSON lines `kramers sweep` writes; give --out a new file',
  });
}

/**
 * Reads a store file line by line, in chunks of 1 MiB (a store of a million points is more than
 * the longest string V8 holds, ~512 MiB, and is never read whole), and visits each record in file
 * order. A last line cut short by a kill or a full disk is torn: it is not visited, and `whole`
 * says where it begins; any other line that is no record is an error.
 */
function scanLines(path: string, visit: RecordVisitor): Scan {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let carry = Buffer.alloc(0);
  let whole = 0;
  let lineNumber = 0;
  let endsWithNewline = true;
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk;
      const end = carry.length + n;
      let start = 0;
      for (
        let eol = data.indexOf(10, start);
        eol >= 0 && eol < end;
        eol = data.indexOf(10, start)
      ) {
        lineNumber++;
        const record = parseLine(data.toString('utf8', start, eol));
        if (record !== undefined && !isRecord(record)) throw notARecord(path, lineNumber);
        if (record) visit(record);
        whole += eol + 1 - start;
        start = eol + 1;
      }
      // Copied: `chunk` is read into again.
      carry = Buffer.from(data.subarray(start, end));
    }
  } finally {
    closeSync(fd);
  }
  if (carry.length === 0) return { whole, torn: false, endsWithNewline };
  endsWithNewline = false;
  const record = parseLine(carry.toString('utf8'));
  // Only the last line can be cut short by a kill: dropped, not an error.
  if (record === null) return { whole, torn: true, endsWithNewline };
  if (record !== undefined && !isRecord(record)) throw notARecord(path, lineNumber + 1);
  if (record) visit(record);
  return { whole: whole + carry.length, torn: false, endsWithNewline };
}

/** Every record of a store file, in file order (a missing file is an error). */
export function readStore(path: string): SweepRecord[] {
  if (!existsSync(path)) throw new KramersError('usage', `${path}: no such file`);
  const records: SweepRecord[] = [];
  scanLines(path, (r) => records.push(r));
  return records;
}

/**
 * Opens (or creates) a JSON Lines store for appending, visiting each record it holds. A last line
 * cut short by a killed run is cut off (that point is computed again); a line that is no record is
 * an error, so that no other file is ever appended to by mistake.
 */
export function openStore(
  path: string,
  onRepair?: (message: string) => void,
  visit: RecordVisitor = () => {},
): SweepStore {
  const scan = existsSync(path) ? scanLines(path, visit) : null;
  let open = openSync(path, 'a+');
  if (scan?.torn) {
    ftruncateSync(open, scan.whole);
    onRepair?.(`${path}: its last line was cut short (an interrupted write) and is dropped`);
  } else if (scan && !scan.endsWithNewline) {
    writeSync(open, '\n');
  }
  return {
    path,
    append(record) {
      // One write of one whole line: a kill leaves at most the last line torn.
      writeSync(open, `${JSON.stringify(record)}\n`);
    },
    drop(dropped) {
      const temporary = `${path}.tmp`;
      const out = openSync(temporary, 'w');
      try {
        scanLines(path, (r) => {
          if (!dropped(r)) writeSync(out, `${JSON.stringify(r)}\n`);
        });
      } finally {
        closeSync(out);
      }
      closeSync(open);
      renameSync(temporary, path);
      open = openSync(path, 'a');
    },
    close: () => closeSync(open),
  };
}
