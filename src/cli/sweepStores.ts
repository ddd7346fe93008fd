import type { SweepRecord } from '../index.js';
import { isSqlitePath, openSqliteStore, readSqliteStore } from './sweepSqlite.js';
import { openStore, type RecordVisitor, readStore, type SweepStore } from './sweepStore.js';

/**
 * The store a path names: SQLite for .sqlite, .sqlite3 and .db, JSON Lines otherwise. SQLite
 * (sql.js, WebAssembly) is loaded only when asked for: it costs start-up time JSON Lines skips.
 * `visit` sees each record the store holds as it opens.
 */
export async function openSweepStore(
  path: string,
  onRepair?: (message: string) => void,
  visit?: RecordVisitor,
): Promise<SweepStore> {
  return isSqlitePath(path) ? openSqliteStore(path, visit) : openStore(path, onRepair, visit);
}

/** Every record of a store file of either kind, in the order stored. */
export async function readSweepStore(path: string): Promise<SweepRecord[]> {
  return isSqlitePath(path) ? readSqliteStore(path) : readStore(path);
}
