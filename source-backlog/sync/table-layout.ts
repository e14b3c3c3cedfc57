import type { ConfiguredAirbyteStream, JsonObject } from '../protocol/messages';
import { columnTypeOf, type ColumnType } from '../views/column-types';

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
}

export type WriteMode = 'append_dedup' | 'overwrite';

/** How one stream lands in DuckDB: its table, columns, keys and write mode. */
export interface TableLayout {
  stream: string;
  table: string;
  /** Where records wait until a checkpoint (dedup) or the end of the stream (overwrite). */
  stagingTable: string;
  /** The record's declared properties, in schema order. */
  dataColumns: Column[];
  /** dataColumns followed by the Airbyte columns: the table's full column list. */
  columns: Column[];
  mode: WriteMode;
  primaryKey: string[];
  cursor: string | undefined;
  /** The stream reports deletions the Airbyte way (a `_ab_cdc_deleted_at` column). */
  hasCdcDeletions: boolean;
}

export const RAW_ID = '_airbyte_raw_id';
export const EXTRACTED_AT = '_airbyte_extracted_at';
export const META = '_airbyte_meta';
export const CDC_DELETED_AT = '_ab_cdc_deleted_at';
const STAGING_PREFIX = '_airbyte_tmp_';

/** The columns every table gets, as in Airbyte's destinations (and PyAirbyte's DuckDB cache). */
const AIRBYTE_COLUMNS: Column[] = [
  { name: RAW_ID, type: 'VARCHAR', notNull: true },
  { name: EXTRACTED_AT, type: 'TIMESTAMPTZ', notNull: true },
  { name: META, type: 'JSON', notNull: true },
];

export class LayoutError extends Error {}

function topLevelField(path: string[] | undefined, stream: string, what: string): string {
  if (!path || path.length !== 1) {
    throw new LayoutError(
      `Stream "${stream}": the ${what} ${JSON.stringify(path)} is not a single top-level field`,
    );
  }
  return path[0];
}

export function layoutOf(configured: ConfiguredAirbyteStream): TableLayout {
  const stream = configured.stream.name;
  const mode: WriteMode =
    configured.destination_sync_mode === 'append_dedup' ? 'append_dedup' : 'overwrite';
  const primaryKey = (
    configured.primary_key ??
    configured.stream.source_defined_primary_key ??
    []
  ).map((path) => topLevelField(path, stream, 'primary key'));
  const cursorPath = configured.cursor_field ?? configured.stream.default_cursor_field;
  const cursor =
    mode === 'append_dedup' ? topLevelField(cursorPath, stream, 'cursor field') : undefined;
  if (mode === 'append_dedup' && primaryKey.length === 0) {
    throw new LayoutError(`Stream "${stream}" has no primary key to deduplicate on`);
  }
  // Dedup tables need their key and cursor, as in Snowflake's: a record without them is refused.
  const required = new Set(mode === 'append_dedup' ? [...primaryKey, cursor as string] : []);
  const properties = (configured.stream.json_schema.properties ?? {}) as Record<string, JsonObject>;
  const dataColumns = Object.entries(properties).map(([name, property]) => ({
    name,
    type: columnTypeOf(property),
    notNull: required.has(name),
  }));
  for (const field of required) {
    if (!(field in properties)) {
      throw new LayoutError(`Stream "${stream}": key field "${field}" is not in its schema`);
    }
  }
  const columns = [...dataColumns, ...AIRBYTE_COLUMNS];
  assertDistinctNames(stream, columns);
  return {
    stream,
    table: stream,
    stagingTable: `${STAGING_PREFIX}${stream}`,
    dataColumns,
    columns,
    mode,
    primaryKey,
    cursor,
    hasCdcDeletions: CDC_DELETED_AT in properties,
  };
}

/** DuckDB, like Snowflake, does not tell identifiers apart by case. */
function assertDistinctNames(stream: string, columns: Column[]): void {
  const seen = new Map<string, string>();
  for (const { name } of columns) {
    const folded = name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new LayoutError(
        `Stream "${stream}": fields "${earlier}" and "${name}" would be the same column`,
      );
    }
    seen.set(folded, name);
  }
}

/** A quoted SQL identifier. */
export function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
