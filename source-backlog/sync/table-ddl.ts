import { quoted, type Column, type TableLayout } from './table-layout';
import { SyncError } from './sync-error';
import type { Warehouse } from './warehouse';

/** information_schema spells some types out. */
const REPORTED_TYPE: Record<string, string> = { TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE' };

function columnSql(column: Column): string {
  return `${quoted(column.name)} ${column.type}${column.notNull ? ' NOT NULL' : ''}`;
}

export function createTableSql(table: string, columns: Column[]): string {
  return `CREATE TABLE ${quoted(table)} (${columns.map(columnSql).join(', ')})`;
}

/** An empty staging table with the stream's columns, whatever an interrupted sync left there. */
export async function recreateStagingTable(
  warehouse: Warehouse,
  layout: TableLayout,
): Promise<void> {
  await warehouse.run(`DROP TABLE IF EXISTS ${quoted(layout.stagingTable)}`);
  await warehouse.run(createTableSql(layout.stagingTable, layout.columns));
}

/**
 * Creates the stream's table, or brings an existing one to the stream's current schema the way
 * Airbyte's Snowflake destination does: new fields are added, vanished ones dropped, and a column
 * whose type changed is converted.
 */
export async function ensureTable(warehouse: Warehouse, layout: TableLayout): Promise<void> {
  const existing = await warehouse.rows(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1",
    [layout.table],
  );
  const table = quoted(layout.table);
  if (existing.length === 0) {
    await warehouse.run(createTableSql(layout.table, layout.columns));
    return;
  }
  const typeByName = new Map(
    existing.map((row) => [String(row.column_name), String(row.data_type)]),
  );
  const wanted = new Set(layout.columns.map((column) => column.name));
  for (const name of typeByName.keys()) {
    if (!wanted.has(name)) await warehouse.run(`ALTER TABLE ${table} DROP COLUMN ${quoted(name)}`);
  }
  for (const column of layout.columns) {
    const type = typeByName.get(column.name);
    if (type === undefined) {
      await warehouse.run(`ALTER TABLE ${table} ADD COLUMN ${quoted(column.name)} ${column.type}`);
    } else if (type !== (REPORTED_TYPE[column.type] ?? column.type)) {
      try {
        await warehouse.run(
          `ALTER TABLE ${table} ALTER COLUMN ${quoted(column.name)} TYPE ${column.type}`,
        );
      } catch (error) {
        throw new SyncError(
          `Column "${column.name}" of table "${layout.table}" is ${type} and cannot become ${column.type}: ${(error as Error).message.split('\n')[0]}`,
          `Drop the table (DROP TABLE ${table}) so the next sync loads it afresh, or use another --db.`,
        );
      }
    }
  }
}
