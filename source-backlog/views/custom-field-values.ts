/**
 * The custom-field values view: one row per issue and custom field (an element of
 * `issues.customFields`), the value in the column of its type. This is the one description both
 * dialects render it from; the Backlog field types and the shapes of their values:
 * 1 Text, 2 TextArea → string; 3 Numeric → number; 4 Date → ISO date-time string; 5 SingleList,
 * 8 Radio → one item {id, name, displayOrder} or null; 6 MultipleList, 7 CheckBox → an array of
 * items. CheckBox and Radio may carry `otherValue`, the text of their "other" choice.
 */
export const FIELD_TYPE = {
  text: [1, 2],
  number: [3],
  date: [4],
  /** One item or null: rendered as a one-element (or empty) array. */
  singleItem: [5, 8],
  /** An array of items. */
  items: [6, 7],
} as const;

/** Where a column's value comes from. */
export type ValueSource =
  /** A field of the issue record. */
  | { from: 'issue'; field: string }
  /** A field of the customFields element. */
  | { from: 'field'; field: string }
  /** The element's `value`, for fields of these types only (NULL for the others). */
  | { from: 'value'; fieldTypes: readonly number[] }
  /** The chosen items' `key` (list, check box and radio fields; NULL for the others). */
  | { from: 'items'; key: 'id' | 'name' };

export type CustomFieldColumnType =
  'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'DATE' | 'BIGINT[]' | 'VARCHAR[]';

export interface CustomFieldColumn {
  name: string;
  type: CustomFieldColumnType;
  source: ValueSource;
}

export interface CustomFieldValuesView {
  name: string;
  stream: 'issues';
  arrayField: 'customFields';
  columns: CustomFieldColumn[];
}

export const CUSTOM_FIELD_VALUES: CustomFieldValuesView = {
  name: 'issue_custom_field_values',
  stream: 'issues',
  arrayField: 'customFields',
  columns: [
    { name: 'issueId', type: 'BIGINT', source: { from: 'issue', field: 'id' } },
    { name: 'projectId', type: 'BIGINT', source: { from: 'issue', field: 'projectId' } },
    { name: 'customFieldId', type: 'BIGINT', source: { from: 'field', field: 'id' } },
    { name: 'name', type: 'VARCHAR', source: { from: 'field', field: 'name' } },
    { name: 'fieldTypeId', type: 'BIGINT', source: { from: 'field', field: 'fieldTypeId' } },
    { name: 'text', type: 'VARCHAR', source: { from: 'value', fieldTypes: FIELD_TYPE.text } },
    { name: 'number', type: 'DOUBLE', source: { from: 'value', fieldTypes: FIELD_TYPE.number } },
    { name: 'date', type: 'DATE', source: { from: 'value', fieldTypes: FIELD_TYPE.date } },
    { name: 'itemIds', type: 'BIGINT[]', source: { from: 'items', key: 'id' } },
    { name: 'itemNames', type: 'VARCHAR[]', source: { from: 'items', key: 'name' } },
    { name: 'otherValue', type: 'VARCHAR', source: { from: 'field', field: 'otherValue' } },
  ],
};

/** The value column (of CUSTOM_FIELD_VALUES) that holds a field of each wide-view kind. */
export const VALUE_COLUMN = {
  text: 'text',
  number: 'number',
  date: 'date',
  single: 'itemNames',
  multiple: 'itemNames',
} as const;
