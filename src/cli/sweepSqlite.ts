import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { Database, SqlValue } from 'sql.js';
import { KramersError, type SweepRecord } from '../index.js';
import type { RecordVisitor, SweepStore } from './sweepStore.js';

/**
 * A sweep store in one SQLite file, for users who query results with SQL. It runs on sql.js
 * (SQLite compiled to WebAssembly): no native build, but the database lives in memory and is
 * written out whole, so each write goes to a temporary file that is then renamed over the store —
 * a killed run leaves the last complete database, never a torn one.
 */

/** `--out` names ending so are SQLite stores; anything else is JSON Lines. */
export const isSqlitePath = (path: string): boolean => /\.(sqlite3?|db)$/i.test(path);

const TABLE = 'sweep_points';
const SCHEMA = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  key TEXT PRIMARY KEY, inputs TEXT NOT NULL, args TEXT NOT NULL, seed INTEGER,
  report TEXT NOT NULL, retcode TEXT NOT NULL, exit INTEGER NOT NULL,
  seconds REAL NOT NULL, host TEXT NOT NULL)`;
const COLUMNS = 'key, inputs, args, seed, report, retcode, exit, seconds, host';

/** Every file in SQLite 3's format begins so (sqlite.org/fileformat.html, §1.3.1). */
const MAGIC = 'SQLite format 3\0';

/**
 * Stores written out at most this often while points finish, and never more often than 20 times
 * the last write took: a whole-database write costs O(store size), so this keeps the writing under
 * ~5% of a run however large the store grows. A kill loses at most the points of this last
 * interval, which a rerun computes again; Ctrl-C and the end of a run write everything.
 */
const FLUSH_MS = 1000;

function notAStore(path: string, why: string): KramersError {
  return new KramersError('usage', `${path}: ${why}`, {
    hint: `a SQLite store is a file \`kramers sweep --out FILE.sqlite\` wrote (table ${TABLE}); give --out a new file`,
  });
}

/** The file's database (an empty one for a missing or empty file); refuses anything but ours. */
async function loadDatabase(path: string, create: boolean): Promise<Database> {
  const bytes = existsSync(path) ? readFileSync(path) : null;
  if (!create && bytes === null) throw new KramersError('usage', `${path}: no such file`);
  if (bytes && bytes.length > 0 && bytes.subarray(0, 16).toString('latin1') !== MAGIC)
    throw notAStore(path, 'not a SQLite database');
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes && bytes.length > 0 ? bytes : undefined);
  const tables = db.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${TABLE}'`);
  if (tables.length === 0) {
    if (!create || (bytes && bytes.length > 0)) {
      db.close();
      throw notAStore(path, `a SQLite database without a ${TABLE} table`);
    }
    db.run(SCHEMA);
  }
  return db;
}

function recordOfRow(path: string, row: SqlValue[]): SweepRecord {
  const [key, inputs, args, seed, report, retcode, exit, seconds, host] = row;
  try {
    return {
      key: String(key),
      inputs: JSON.parse(String(inputs)),
      args: JSON.parse(String(args)),
      ...(seed !== null ? { seed: Number(seed) } : {}),
      report: JSON.parse(String(report)),
      retcode: String(retcode),
      exit: Number(exit),
      seconds: Number(seconds),
      host: String(host),
    };
  } catch {
    throw notAStore(path, `the row of key ${String(key)} holds text that is not JSON`);
  }
}

/** The records in the order they were stored. */
function recordsOf(path: string, db: Database): SweepRecord[] {
  let result: ReturnType<Database['exec']>;
  try {
    result = db.exec(`SELECT ${COLUMNS} FROM ${TABLE} ORDER BY rowid`);
  } catch (error) {
    throw notAStore(
      path,
      `its ${TABLE} table is not a sweep store's (${(error as Error).message})`,
    );
  }
  return (result[0]?.values ?? []).map((row) => recordOfRow(path, row));
}

/** Every record of a SQLite store, in the order stored (a missing file is an error). */
export async function readSqliteStore(path: string): Promise<SweepRecord[]> {
  const db = await loadDatabase(path, false);
  try {
    return recordsOf(path, db);
  } finally {
    db.close();
  }
}

/** Writes the database beside the store, flushed to disk, then renames it over the store. */
function persist(path: string, db: Database): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, db.export());
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

function rowOf(r: SweepRecord): SqlValue[] {
  return [
    r.key,
    JSON.stringify(r.inputs),
    JSON.stringify(r.args),
    r.seed ?? null,
    JSON.stringify(r.report),
    r.retcode,
    r.exit,
    r.seconds,
    r.host,
  ];
}

/** Opens (or creates, writing the empty store at once) a SQLite store, visiting each record. */
export async function openSqliteStore(
  path: string,
  visit: RecordVisitor = () => {},
): Promise<SweepStore> {
  const fresh = !existsSync(path) || statSync(path).size === 0;
  const db = await loadDatabase(path, true);
  for (const record of recordsOf(path, db)) visit(record);
  if (fresh) persist(path, db);
  let due = Date.now() + FLUSH_MS;
  let dirty = false;
  const flush = () => {
    const start = Date.now();
    persist(path, db);
    dirty = false;
    due = Date.now() + Math.max(FLUSH_MS, 20 * (Date.now() - start));
  };
  return {
    path,
    append(record) {
      // The key is the primary key: a duplicate delivery can never make a second row.
      db.run(
        `INSERT OR IGNORE INTO ${TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        rowOf(record),
      );
      dirty = true;
      if (Date.now() >= due) flush();
    },
    drop(dropped) {
      const keys = recordsOf(path, db)
        .filter(dropped)
        .map((r) => r.key);
      for (const key of keys) db.run(`DELETE FROM ${TABLE} WHERE key = ?`, [key]);
      flush();
    },
    close() {
      if (dirty) flush();
      db.close();
    },
  };
}
