import type { DuckDBAppender } from '@duckdb/node-api';
import type { JsonObject } from '../protocol/messages';
import { mergeStagedRecordsSql, type DeletionMode } from './merge-sql';
import { RowWriter } from './row-writer';
import { saveState } from './state-table';
import { SyncError } from './sync-error';
import { ensureTable, recreateStagingTable } from './table-ddl';
import { quoted, type TableLayout } from './table-layout';
import type { Warehouse } from './warehouse';

/**
 * Loads one stream's records with Airbyte's checkpoint semantics. Records are appended (DuckDB's
 * appender, in batches) to a staging table; a dedup stream's batch is merged into its table
 * together with the STATE that covers it, in one transaction; an overwrite stream's staging table
 * replaces its table, with its state, when the stream completes. Whatever is staged when a sync
 * stops is dropped: the saved state still points before it.
 */
export class StreamLoader {
  private appender: DuckDBAppender | undefined;
  private readonly rows: RowWriter;
  private readonly mergeSql: string;
  private staged = 0;
  private sinceState = 0;
  private overwriteState: JsonObject = {};
  /** Records received in this sync. */
  records = 0;

  constructor(
    private readonly warehouse: Warehouse,
    readonly layout: TableLayout,
    deletions: DeletionMode,
  ) {
    this.rows = new RowWriter(layout);
    this.mergeSql = layout.mode === 'append_dedup' ? mergeStagedRecordsSql(layout, deletions) : '';
  }

  async prepare(): Promise<void> {
    if (this.layout.mode === 'append_dedup') await ensureTable(this.warehouse, this.layout);
    await recreateStagingTable(this.warehouse, this.layout);
  }

  async append(data: JsonObject, emittedAtMs: number): Promise<void> {
    this.appender ??= await this.warehouse.appender(this.layout.stagingTable);
    this.rows.write(this.appender, data, emittedAtMs);
    this.staged += 1;
    this.sinceState += 1;
    this.records += 1;
  }

  /** A STATE of this stream: everything before it is committed, with it. */
  async checkpoint(state: JsonObject, reportedRecords: number | undefined): Promise<void> {
    if (reportedRecords !== undefined && reportedRecords !== this.sinceState) {
      throw new SyncError(
        `Stream "${this.layout.stream}": the connector counted ${reportedRecords} records before a checkpoint, the loader received ${this.sinceState}`,
        'This is a bug: report it with this message.',
      );
    }
    this.sinceState = 0;
    this.closeAppender();
    if (this.layout.mode === 'overwrite') {
      // A full refresh is committed whole when its stream completes.
      this.overwriteState = state;
      return;
    }
    await this.warehouse.transaction(async () => {
      if (this.staged > 0) {
        await this.warehouse.run(this.mergeSql);
        await this.warehouse.run(`DELETE FROM ${quoted(this.layout.stagingTable)}`);
      }
      await saveState(this.warehouse, this.layout.stream, state);
    });
    this.staged = 0;
  }

  /** The stream is COMPLETE: an overwrite stream's new table replaces the old one. */
  async complete(): Promise<void> {
    if (this.layout.mode !== 'overwrite') return;
    this.closeAppender();
    const { table, stagingTable, stream } = this.layout;
    await this.warehouse.transaction(async () => {
      await this.warehouse.run(`DROP TABLE IF EXISTS ${quoted(table)}`);
      await this.warehouse.run(`ALTER TABLE ${quoted(stagingTable)} RENAME TO ${quoted(table)}`);
      await saveState(this.warehouse, stream, this.overwriteState);
    });
  }

  /** Drops the staging table; staged records not yet committed are dropped with it. */
  async dispose(): Promise<void> {
    try {
      this.closeAppender();
    } catch {
      // Its rows were going to be dropped anyway.
    }
    await this.warehouse.run(`DROP TABLE IF EXISTS ${quoted(this.layout.stagingTable)}`);
  }

  private closeAppender(): void {
    // Closing flushes: the batch is in the staging table before anything reads it.
    this.appender?.closeSync();
    this.appender = undefined;
  }
}
