import { VIEWS, viewSql } from '../views';
import { SyncError } from './sync-error';
import { quoted } from './table-layout';
import type { Warehouse } from './warehouse';

/**
 * Creates the flatten views (source-backlog/views) over the tables the file holds, in one
 * transaction, and drops those whose table is gone: a view of a missing table would only fail
 * when queried. DuckDB keeps a view as its query, so a table replaced or altered by a later sync
 * keeps its views.
 */
export async function refreshViews(warehouse: Warehouse): Promise<void> {
  await warehouse.transaction(async () => {
    for (const view of VIEWS) {
      if (!(await warehouse.tableExists(view.stream))) {
        await warehouse.run(`DROP VIEW IF EXISTS ${quoted(view.name)}`);
        continue;
      }
      try {
        await warehouse.run(viewSql(view, 'duckdb'));
      } catch (error) {
        throw new SyncError(
          `Cannot create the view "${view.name}" over table "${view.stream}": ${(error as Error).message.split('\n')[0]}`,
          'The tables are loaded and committed; this is a bug: report it with this message.',
        );
      }
    }
  });
}
