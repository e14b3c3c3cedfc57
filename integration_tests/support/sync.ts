/**
 * Runs `source-backlog sync` (the built CLI) and reads back the DuckDB file it wrote, with values
 * in comparable form: BIGINT → number, TIMESTAMPTZ → epoch ms, JSON → parsed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CLI, configFor } from './connector';

/** A temporary folder for syncs against one server: the test config, and the DuckDB files. */
export interface SyncFolder {
  dir: string;
  configPath: string;
  /** The default DuckDB file, `space.duckdb`. */
  db: string;
  remove(): void;
}

export function syncFolder(serverUrl: string, prefix: string): SyncFolder {
  const dir = mkdtempSync(join(tmpdir(), `source-backlog-${prefix}-`));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(configFor(serverUrl)));
  return {
    dir,
    configPath,
    db: join(dir, 'space.duckdb'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface SyncRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SyncRunOptions {
  env?: NodeJS.ProcessEnv;
  /** Called once the process runs, e.g. to kill it at a chosen moment. */
  onStart?: (child: ChildProcess) => void;
}

/** Fast retries so fault tests take seconds, as in support/connector.ts. */
const SYNC_ENV = { ...process.env, SOURCE_BACKLOG_RETRY_BASE_MS: '20', LOG_LEVEL: 'INFO' };

export async function runSync(args: string[], options: SyncRunOptions = {}): Promise<SyncRun> {
  const child = spawn(process.execPath, [CLI, 'sync', ...args], {
    env: { ...SYNC_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  options.onStart?.(child);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  return { exitCode, signal, stdout, stderr };
}

export type TableRow = Record<string, unknown>;

function comparable(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (type === 'JSON') return JSON.parse(String(value));
  return value;
}

/** Runs queries on the DuckDB file, read-only, and closes it again (a sync needs the lock). */
export async function withWarehouse<T>(
  dbPath: string,
  work: (query: (sql: string) => Promise<TableRow[]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return await work(async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      const types = reader.columnTypes().map((type) => type.alias ?? type.toString());
      const names = reader.columnNames();
      return reader
        .getRowsJS()
        .map((row) => Object.fromEntries(row.map((v, i) => [names[i], comparable(v, types[i])])));
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface Table {
  /** Column name → DuckDB type (JSON for JSON columns). */
  types: Map<string, string>;
  rows: TableRow[];
}

/** Every table (views left out) with its column types and rows, by table name. */
export function readTables(dbPath: string): Promise<Map<string, Table>> {
  return withWarehouse(dbPath, async (query) => {
    const columns = await query(
      "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name) WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position",
    );
    const result = new Map<string, Table>();
    for (const column of columns) {
      const name = String(column.table_name);
      if (!result.has(name)) result.set(name, { types: new Map(), rows: [] });
      result.get(name)!.types.set(String(column.column_name), String(column.data_type));
    }
    for (const [name, table] of result) table.rows = await query(`SELECT * FROM "${name}"`);
    return result;
  });
}
