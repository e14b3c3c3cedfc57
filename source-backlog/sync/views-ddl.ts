import { viewStatements } from '../views';
import { wideViewsHeld, wideViewsInFile } from './custom-field-tables';
import { SyncError } from './sync-error';
import { quoted } from './table-layout';
import type { Warehouse } from './warehouse';

/**
 * Creates the views (source-backlog/views) over the tables the file holds, in one transaction:
 * the flatten views, the custom-field values view, and one wide view per project with custom
 * fields, from the custom_fields table as this sync left it. A view whose table is gone, and
 * the wide view of a project no longer there or without fields, is dropped: it would only fail
 * when queried, or show fields that are gone. DuckDB keeps a view as its query, so a table
 * replaced or altered by a later sync keeps its views.
 */
export async function refreshViews(warehouse: Warehouse): Promise<void> {
  await warehouse.transaction(async () => {
    const wide = await wideViewsInFile(warehouse);
    const wanted = new Set(wide.map((view) => view.name));
    for (const name of await wideViewsHeld(warehouse)) {
      if (!wanted.has(name)) await warehouse.run(`DROP VIEW IF EXISTS ${quoted(name)}`);
    }
    for (const view of viewStatements('duckdb', wide)) {
      if (!(await warehouse.tableExists(view.stream))) {
        await warehouse.run(`DROP VIEW IF EXISTS ${quoted(view.name)}`);
        continue;
      }
      try {
        await warehouse.run(view.sql);
      } catch (error) {
        throw new SyncError(
          `Cannot create the view "${view.name}" over table "${view.stream}": ${(error as Error).message.split('\n')[0]}`,
          'The tables are loaded and committed; this is a bug: report it with this message.',
        );
      }
    }
  });
}
