import { wideViewsOf, WIDE_VIEW_PREFIX, type WideView } from '../views';
import { quoted } from './table-layout';
import type { Warehouse } from './warehouse';

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * The wide custom-field views the file's tables call for: one per project of the `projects`
 * table with fields in the `custom_fields` table. None without `issues`, `projects` or
 * `custom_fields` (e.g. a sync of some streams only, into a new file).
 */
export async function wideViewsInFile(warehouse: Warehouse): Promise<WideView[]> {
  for (const table of ['issues', 'projects', 'custom_fields']) {
    if (!(await warehouse.tableExists(table))) return [];
  }
  const projects = await warehouse.rows(
    `SELECT "id", "projectKey" FROM ${quoted('projects')} WHERE "projectKey" IS NOT NULL`,
  );
  const fields = await warehouse.rows(
    `SELECT "id", "projectId", "typeId", "name", "displayOrder" FROM ${quoted('custom_fields')}`,
  );
  return wideViewsOf(
    projects.map((row) => ({ id: Number(row.id), projectKey: String(row.projectKey) })),
    fields.map((row) => ({
      id: Number(row.id),
      projectId: Number(row.projectId),
      typeId: num(row.typeId),
      name: row.name === null ? null : String(row.name),
      displayOrder: num(row.displayOrder),
    })),
  );
}

/** The wide views the file holds now, by name. */
export async function wideViewsHeld(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.rows(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'VIEW'",
  );
  return rows
    .map((row) => String(row.table_name))
    .filter((name) => name.startsWith(WIDE_VIEW_PREFIX));
}
