import { CDC_DELETED_AT, EXTRACTED_AT, quoted, type TableLayout } from './table-layout';

/** What a record with `_ab_cdc_deleted_at` does to its row (Snowflake's `cdc_deletion_mode`). */
export type DeletionMode = 'hard' | 'soft';

/**
 * The staged records of a dedup stream merged into its table as Airbyte's Snowflake destination
 * does: one record per key from the batch (newest cursor, then latest extracted), which replaces
 * the row only if it is at least as new; with hard deletion a record carrying `_ab_cdc_deleted_at`
 * deletes the row (and is never inserted), with soft deletion it is kept like any other.
 */
export function mergeStagedRecordsSql(layout: TableLayout, deletions: DeletionMode): string {
  const cursor = quoted(layout.cursor as string);
  const extractedAt = quoted(EXTRACTED_AT);
  const keys = layout.primaryKey.map(quoted);
  const columns = layout.columns.map((column) => quoted(column.name));
  const deduplicated = `
    SELECT ${columns.join(', ')} FROM (
      SELECT *, row_number() OVER (
        PARTITION BY ${keys.join(', ')}
        ORDER BY ${cursor} DESC, ${extractedAt} DESC, rowid DESC
      ) AS _airbyte_row_rank
      FROM ${quoted(layout.stagingTable)}
    ) WHERE _airbyte_row_rank = 1`;
  // Batches arrive in message order, so on a full tie the later batch wins, as within one.
  const atLeastAsNew = `(target.${cursor} < staged.${cursor} OR (target.${cursor} = staged.${cursor} AND target.${extractedAt} <= staged.${extractedAt}))`;
  const hardDelete = deletions === 'hard' && layout.hasCdcDeletions;
  const deletedAt = `staged.${quoted(CDC_DELETED_AT)}`;
  return `
    MERGE INTO ${quoted(layout.table)} AS target
    USING (${deduplicated}) AS staged
    ON ${keys.map((key) => `target.${key} = staged.${key}`).join(' AND ')}
    ${hardDelete ? `WHEN MATCHED AND ${deletedAt} IS NOT NULL AND ${atLeastAsNew} THEN DELETE` : ''}
    WHEN MATCHED AND ${atLeastAsNew} THEN UPDATE SET ${columns.map((column) => `${column} = staged.${column}`).join(', ')}
    WHEN NOT MATCHED ${hardDelete ? `AND ${deletedAt} IS NULL` : ''} THEN INSERT (${columns.join(', ')}) VALUES (${columns.map((column) => `staged.${column}`).join(', ')})`;
}
