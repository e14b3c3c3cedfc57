import { VALUE_COLUMN, type CustomFieldColumnType } from './custom-field-values';
import { ISSUE_COLUMNS, type WideKind, type WideView } from './custom-field-wide';
import { qualifiedName, type Qualifier } from './qualifier';

/** What the two warehouses' statements differ in, beyond each column's value. */
export interface SqlDialect {
  /** A table or column name as the warehouse's tables spell it, quoted. */
  identifier: (name: string) => string;
  /** The FROM clause: `table` as p, and one row per element of its `arrayField` as e.value. */
  unnest: (table: string, arrayField: string) => string[];
}

/** How the wide view's columns read their values in one dialect. */
export interface WideValues {
  /** An issue column's value, from `ref` (the column of `issues` it is read from). */
  issue: (ref: string, type: CustomFieldColumnType) => string;
  /** A field column's value, from `ref` (the values view's column of the field's kind). */
  field: (ref: string, kind: WideKind) => string;
}

function createViewSql(
  { identifier }: SqlDialect,
  name: string,
  select: string[],
  from: string[],
  at?: Qualifier,
): string {
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(name, identifier, at)} AS`,
    'SELECT',
    select.join(',\n'),
    ...from,
  ].join('\n');
}

/** A view of one row per element of a parent table's array column, each column by `valueOf`. */
export function unnestViewSql<Column extends { name: string }>(
  dialect: SqlDialect,
  view: { name: string; stream: string; arrayField: string },
  columns: readonly Column[],
  valueOf: (column: Column) => string,
  at?: Qualifier,
): string {
  const { identifier } = dialect;
  return createViewSql(
    dialect,
    view.name,
    columns.map((column) => `  ${valueOf(column)} AS ${identifier(column.name)}`),
    dialect.unnest(qualifiedName(view.stream, identifier, at), view.arrayField),
    at,
  );
}

/** One project's wide view: its issues, one column per custom field, joined from the values. */
export function wideSql(
  dialect: SqlDialect,
  view: WideView,
  values: WideValues,
  at?: Qualifier,
): string {
  const { identifier } = dialect;
  const aliases = view.columns.map((_, index) => `f${index + 1}`);
  const select = [
    ...ISSUE_COLUMNS.map(
      ({ name, field, type }) =>
        `  ${values.issue(`i.${identifier(field)}`, type)} AS ${identifier(name)}`,
    ),
    ...view.columns.map(
      (column, index) =>
        `  ${values.field(`${aliases[index]}.${identifier(VALUE_COLUMN[column.kind])}`, column.kind)} AS ${identifier(column.name)}`,
    ),
  ];
  const joins = view.columns.map(
    (column, index) =>
      `LEFT JOIN ${qualifiedName(view.values, identifier, at)} AS ${aliases[index]} ON ${aliases[index]}.${identifier('issueId')} = i.${identifier('id')} AND ${aliases[index]}.${identifier('customFieldId')} = ${column.fieldId}`,
  );
  return createViewSql(
    dialect,
    view.name,
    select,
    [
      `FROM ${qualifiedName('issues', identifier, at)} AS i`,
      ...joins,
      `WHERE i.${identifier('projectId')} = ${view.projectId}`,
    ],
    at,
  );
}
