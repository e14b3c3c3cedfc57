import {
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { SyncError } from './sync-error';

export type Row = Record<string, unknown>;

/** Why DuckDB would not open the file, in words that say what to do. */
function openError(path: string, error: unknown): SyncError {
  const message = error instanceof Error ? error.message : String(error);
  const holder = /Conflicting lock is held in (.+?)(?:\. See|$)/.exec(message);
  if (holder) {
    return new SyncError(
      `The DuckDB file ${path} is in use by another program (${holder[1]})`,
      'Close the other DuckDB session or sync, or pass another file with --db.',
    );
  }
  return new SyncError(
    `Cannot open the DuckDB file ${path}: ${message.split('\n')[0]}`,
    'Check --db: its folder must exist and be writable, and the file must be a DuckDB database.',
  );
}

/** One DuckDB database file and the single connection a sync writes through. */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Warehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      throw openError(path, error);
    }
    return new Warehouse(path, instance, await instance.connect());
  }

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain JS values (BIGINT → bigint, TIMESTAMPTZ → Date, JSON → text). */
  async rows(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }

  async tableExists(table: string): Promise<boolean> {
    const rows = await this.rows(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $1",
      [table],
    );
    return rows.length > 0;
  }

  /** Runs `work` in one transaction: all of it is committed, or none. */
  async transaction(work: () => Promise<void>): Promise<void> {
    await this.run('BEGIN TRANSACTION');
    try {
      await work();
    } catch (error) {
      await this.run('ROLLBACK');
      throw error;
    }
    await this.run('COMMIT');
  }

  appender(table: string): Promise<DuckDBAppender> {
    return this.connection.createAppender(table);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
