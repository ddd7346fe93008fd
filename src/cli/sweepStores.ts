import type { SweepRecord } from '../index.js';
import { isSqlitePath, openSqliteStore, readSqliteStore } from './sweepSqlite.js';
import { openStore, readStore, type SweepStore } from './sweepStore.js';

/**
 * The store a path names: SQLite for .sqlite, .sqlite3 and .db, JSON Lines otherwise. SQLite
 * (sql.js, WebAssembly) is loaded only when asked for: it costs start-up time JSON Lines skips.
 */
export async function openSweepStore(
  path: string,
  onRepair?: (message: string) => void,
): Promise<SweepStore> {
  return isSqlitePath(path) ? openSqliteStore(path) : openStore(path, onRepair);
}

/** Every record of a store file of either kind, in the order stored. */
export async function readSweepStore(path: string): Promise<SweepRecord[]> {
  return isSqlitePath(path) ? readSqliteStore(path) : readStore(path);
}
