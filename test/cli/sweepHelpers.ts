import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initSqlJs from 'sql.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A CLI process a test controls (to interrupt or kill it), with its output so far. */
export interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  readonly done: Promise<number | null>;
}

/** Spawns `node dist/cli.js ARGS` in `cwd` (with `env` added); killed after `timeoutMs` at the latest. */
export function startCli(
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    done: new Promise((resolve) => child.on('close', (code) => resolve(code))),
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    running.stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    running.stderr += chunk;
  });
  return running;
}

/** Waits until `test()` holds, checking every 50 ms; fails after `timeoutMs`. */
export async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StoredRecord {
  key: string;
  inputs: Record<string, unknown>;
  args: string[];
  seed?: number;
  report: Record<string, unknown>;
  retcode: string;
  exit: number;
  seconds: number;
  host: string;
}

/** The records of a JSON Lines store (none when it does not exist). */
export function storeLines(path: string): StoredRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StoredRecord);
}

/** Lines in a store file so far (a test polls it while a sweep runs). */
export function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
}

/** Reports by key. */
export function byKey(records: readonly StoredRecord[]): Map<string, StoredRecord> {
  return new Map(records.map((r) => [r.key, r]));
}

const hasSqliteCli = spawnSync('sqlite3', ['-version']).status === 0;

/**
 * Runs SQL on a database file and returns its rows. The real `sqlite3` CLI reads it when installed
 * (`.ci/run` installs it): a reader independent of the sql.js that wrote it; otherwise sql.js.
 */
export async function sqliteQuery(path: string, sql: string): Promise<Record<string, unknown>[]> {
  if (hasSqliteCli) {
    const run = spawnSync('sqlite3', ['-json', '-readonly', path, sql], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`sqlite3: ${run.stderr}`);
    return run.stdout.trim() === '' ? [] : JSON.parse(run.stdout);
  }
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    const result = db.exec(sql)[0];
    if (!result) return [];
    return result.values.map((row) =>
      Object.fromEntries(result.columns.map((c, i) => [c, row[i]])),
    );
  } finally {
    db.close();
  }
}

/** The records of a SQLite store, their JSON columns parsed, in the order stored. */
export async function sqliteRecords(path: string): Promise<StoredRecord[]> {
  if (!existsSync(path)) return [];
  const rows = await sqliteQuery(path, 'SELECT * FROM sweep_points ORDER BY rowid');
  return rows.map((row) => {
    const { inputs, args, report, seed, ...rest } = row;
    return {
      ...rest,
      inputs: JSON.parse(String(inputs)),
      args: JSON.parse(String(args)),
      ...(seed !== null ? { seed: Number(seed) } : {}),
      report: JSON.parse(String(report)),
    } as StoredRecord;
  });
}

/** Rows in a SQLite store so far, read in-process with sql.js (a test polls it while a sweep runs). */
export async function sqliteCount(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    return Number(db.exec('SELECT COUNT(*) FROM sweep_points')[0]?.values[0]?.[0] ?? 0);
  } finally {
    db.close();
  }
}
