import { randomUUID } from 'node:crypto';
import { dateValue, timestampValue, timeValue, type DuckDBAppender } from '@duckdb/node-api';
import type { JsonObject } from '../protocol/messages';
import { toCell, UNFIT, type Cell } from './cell-values';
import type { ColumnType } from '../views/column-types';
import type { TableLayout } from './table-layout';
import { SyncError } from './sync-error';

/** An entry of `_airbyte_meta.changes`, in the words Airbyte's destinations use. */
export interface MetaChange {
  field: string;
  change: 'NULLED';
  reason: 'DESTINATION_SERIALIZATION_ERROR';
}

function appendCell(appender: DuckDBAppender, type: ColumnType, cell: Cell): void {
  switch (type) {
    case 'BIGINT':
      // An integral double converts exactly, and spares a BigInt per value.
      return appender.appendDouble(cell as number);
    case 'DOUBLE':
      return appender.appendDouble(cell as number);
    case 'BOOLEAN':
      return appender.appendBoolean(cell as boolean);
    case 'VARCHAR':
    case 'JSON':
      return appender.appendVarchar(cell as string);
    case 'TIMESTAMPTZ':
    case 'TIMESTAMP':
      // The appender stores the microseconds as given in either column type (no time-zone
      // conversion), and this call skips the generic value path appendTimestampTZ takes.
      return appender.appendTimestamp(timestampValue(cell as bigint));
    case 'DATE':
      return appender.appendDate(dateValue(cell as number));
    case 'TIME':
      return appender.appendTime(timeValue(cell as bigint));
  }
}

/**
 * Appends records to a table of `layout` as Airbyte's typed destinations load them: a value that
 * does not fit its column becomes NULL and is noted in `_airbyte_meta.changes` (the row is kept);
 * fields the schema does not declare are not loaded; a record without its key is refused.
 */
export class RowWriter {
  constructor(private readonly layout: TableLayout) {}

  write(appender: DuckDBAppender, data: JsonObject, emittedAtMs: number): void {
    const changes: MetaChange[] = [];
    const cells = this.layout.dataColumns.map((column) => {
      const value = data[column.name];
      const cell = value === null || value === undefined ? null : toCell(column.type, value);
      if (cell === UNFIT) {
        changes.push({
          field: column.name,
          change: 'NULLED',
          reason: 'DESTINATION_SERIALIZATION_ERROR',
        });
      }
      if (column.notNull && (cell === null || cell === UNFIT)) {
        throw new SyncError(
          `A record of stream "${this.layout.stream}" has no usable "${column.name}" (${JSON.stringify(value ?? null)}), which its table needs to deduplicate`,
          'This is a connector bug: report it with this message.',
        );
      }
      return cell;
    });
    this.layout.dataColumns.forEach((column, index) => {
      const cell = cells[index];
      if (cell === null || cell === UNFIT) appender.appendNull();
      else appendCell(appender, column.type, cell);
    });
    appender.appendVarchar(randomUUID());
    appender.appendTimestamp(timestampValue(BigInt(emittedAtMs) * 1000n));
    appender.appendVarchar(JSON.stringify({ changes }));
    appender.endRow();
  }
}
