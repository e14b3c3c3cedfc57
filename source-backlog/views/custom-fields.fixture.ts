import type { CustomFieldDefinition } from './custom-field-wide';

/** An issue's customFields with a value of each of Backlog's eight field types (made-up values). */
export const EVERY_TYPE_VALUES = [
  { id: 101, fieldTypeId: 1, name: '顧客', value: 'ACME' },
  { id: 102, fieldTypeId: 2, name: 'Notes', value: 'line one\nline two' },
  { id: 103, fieldTypeId: 3, name: 'Story points', value: 5.5 },
  { id: 104, fieldTypeId: 4, name: 'Due', value: '2025-03-04T00:00:00Z' },
  { id: 105, fieldTypeId: 5, name: 'Team', value: { id: 2, name: 'Core', displayOrder: 1 } },
  {
    id: 106,
    fieldTypeId: 6,
    name: 'OS',
    value: [
      { id: 1, name: 'Linux', displayOrder: 0 },
      { id: 3, name: 'macOS', displayOrder: 2 },
    ],
  },
  {
    id: 107,
    fieldTypeId: 7,
    name: 'Checks',
    value: [{ id: 9, name: 'Reviewed', displayOrder: 0 }],
    otherValue: 'also tested',
  },
  {
    id: 108,
    fieldTypeId: 8,
    name: 'Size',
    value: { id: 4, name: 'L', displayOrder: 3 },
    otherValue: null,
  },
];

/** The same fields with nothing chosen or entered. */
export const EMPTY_VALUES = [
  { id: 101, fieldTypeId: 1, name: '顧客', value: null },
  { id: 103, fieldTypeId: 3, name: 'Story points', value: null },
  { id: 104, fieldTypeId: 4, name: 'Due', value: null },
  { id: 105, fieldTypeId: 5, name: 'Team', value: null },
  { id: 106, fieldTypeId: 6, name: 'OS', value: [] },
  { id: 108, fieldTypeId: 8, name: 'Size', value: null, otherValue: null },
];

/** The definitions of EVERY_TYPE_VALUES' fields, in project 10. */
export const EVERY_TYPE_DEFINITIONS: CustomFieldDefinition[] = EVERY_TYPE_VALUES.map(
  (field, index) => ({
    id: field.id,
    projectId: 10,
    typeId: field.fieldTypeId,
    name: field.name,
    displayOrder: index,
  }),
);
