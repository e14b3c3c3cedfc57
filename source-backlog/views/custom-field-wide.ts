import { CUSTOM_FIELD_VALUES, FIELD_TYPE, type CustomFieldColumnType } from './custom-field-values';

/** A custom field definition, as the custom_fields stream holds it (the fields the views use). */
export interface CustomFieldDefinition {
  id: number;
  projectId: number;
  typeId: number | null;
  name: string | null;
  displayOrder?: number | null;
}

export interface ProjectRef {
  id: number;
  projectKey: string;
}

/** How a field's value appears in the wide view. */
export type WideKind = 'text' | 'number' | 'date' | 'single' | 'multiple';

export interface WideColumn {
  name: string;
  fieldId: number;
  kind: WideKind;
}

export interface WideView {
  name: string;
  projectId: number;
  /** The values view it reads. */
  values: string;
  columns: WideColumn[];
}

export const WIDE_VIEW_PREFIX = 'issue_custom_fields_';

/** The issue columns every wide view starts with: no field column may take their names. */
export const ISSUE_COLUMNS = [
  { name: 'issueId', field: 'id', type: 'BIGINT' },
  { name: 'projectId', field: 'projectId', type: 'BIGINT' },
  { name: 'issueKey', field: 'issueKey', type: 'VARCHAR' },
] as const;

export function wideViewName(projectKey: string): string {
  return `${WIDE_VIEW_PREFIX}${projectKey.toLowerCase()}`;
}

function kindOf(typeId: number | null): WideKind | undefined {
  const is = (types: readonly number[]) => typeId !== null && types.includes(typeId);
  if (is(FIELD_TYPE.text)) return 'text';
  if (is(FIELD_TYPE.number)) return 'number';
  if (is(FIELD_TYPE.date)) return 'date';
  if (is(FIELD_TYPE.singleItem)) return 'single';
  if (is(FIELD_TYPE.items)) return 'multiple';
  return undefined;
}

/**
 * The columns of one project's fields. Names are compared without case (DuckDB ignores it, and
 * the Snowflake dialect upper-cases them): the field with the lowest id keeps its name, a later
 * field of the same name, or one named like an issue column, gets `_<field id>` appended, so
 * adding a field never renames an existing column. Columns follow Backlog's display order.
 */
function columnsOf(fields: CustomFieldDefinition[]): WideColumn[] {
  const taken = new Set<string>(ISSUE_COLUMNS.map((column) => column.name.toLowerCase()));
  const named = new Map<number, WideColumn>();
  for (const field of [...fields].sort((a, b) => a.id - b.id)) {
    const kind = kindOf(field.typeId);
    if (!kind) continue;
    const base = field.name?.trim() || `customField_${field.id}`;
    const name = taken.has(base.toLowerCase()) ? `${base}_${field.id}` : base;
    taken.add(name.toLowerCase());
    named.set(field.id, { name, fieldId: field.id, kind });
  }
  const order = (field: CustomFieldDefinition) => field.displayOrder ?? Number.MAX_SAFE_INTEGER;
  return [...fields]
    .sort((a, b) => order(a) - order(b) || a.id - b.id)
    .flatMap((field) => named.get(field.id) ?? []);
}

/**
 * One wide view per project that has custom fields of a known type, named after its key
 * (`issue_custom_fields_<key lower-cased>`), in project-key order.
 */
export function wideViewsOf(projects: ProjectRef[], fields: CustomFieldDefinition[]): WideView[] {
  return [...projects]
    .sort((a, b) => a.projectKey.localeCompare(b.projectKey))
    .map((project) => ({
      name: wideViewName(project.projectKey),
      projectId: project.id,
      values: CUSTOM_FIELD_VALUES.name,
      columns: columnsOf(fields.filter((field) => field.projectId === project.id)),
    }))
    .filter((view) => view.columns.length > 0);
}

/** The column type of each kind (DuckDB terms): list choices by name. */
export const WIDE_TYPE: Record<WideKind, CustomFieldColumnType> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  date: 'DATE',
  single: 'VARCHAR',
  multiple: 'VARCHAR[]',
};
