import type { JsonObject } from '../protocol/messages';
import { loadStreamSchema } from '../stream/schemas';
import { columnTypeOf, type ColumnType } from './column-types';
import type { ViewDefinition } from './definitions';

/** A column of a view: a parent field, or a field of the array's element. */
export interface ViewColumn {
  name: string;
  type: ColumnType;
  from: 'parent' | 'element';
  /** The field it is read from, in the parent record or in the element. */
  field: string;
}

export interface ViewLayout {
  view: ViewDefinition;
  columns: ViewColumn[];
  /**
   * Element fields left out because a parent column has their name (case aside, as both
   * warehouses compare names): the parent's value is the one kept.
   */
  omitted: string[];
}

export type SchemaSource = (stream: string) => JsonObject;

type Properties = Record<string, JsonObject>;

/** JSON keys the renderers write into SQL without quoting rules of their own. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function propertiesOf(schema: JsonObject | undefined, what: string): Properties {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object')
    throw new Error(`${what} declares no properties`);
  return properties as Properties;
}

/** The view's columns: the parent columns, then the element's fields in schema order. */
export function viewLayoutOf(
  view: ViewDefinition,
  schemaOf: SchemaSource = loadStreamSchema,
): ViewLayout {
  const parent = propertiesOf(schemaOf(view.stream), `Stream "${view.stream}"`);
  const array = parent[view.arrayField];
  if (!array) throw new Error(`Stream "${view.stream}" has no field "${view.arrayField}"`);
  const element = propertiesOf(
    array.items as JsonObject | undefined,
    `The items of ${view.stream}.${view.arrayField}`,
  );
  const columns: ViewColumn[] = view.parentColumns.map(({ name, field }) => {
    if (!parent[field]) throw new Error(`Stream "${view.stream}" has no field "${field}"`);
    return { name, type: columnTypeOf(parent[field]), from: 'parent', field };
  });
  const taken = new Set(columns.map((column) => column.name.toLowerCase()));
  const omitted: string[] = [];
  for (const [field, property] of Object.entries(element)) {
    if (!PLAIN_KEY.test(field))
      throw new Error(`View "${view.name}": field "${field}" is no plain name`);
    if (taken.has(field.toLowerCase())) {
      omitted.push(field);
      continue;
    }
    taken.add(field.toLowerCase());
    columns.push({ name: field, type: columnTypeOf(property), from: 'element', field });
  }
  return { view, columns, omitted };
}
