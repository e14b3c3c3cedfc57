import { CUSTOM_FIELD_VALUES } from './custom-field-values';
import { wideViewsOf } from './custom-field-wide';
import { duckdbCustomFieldValuesSql, duckdbWideViewSql } from './duckdb-custom-fields';
import { EMPTY_VALUES, EVERY_TYPE_DEFINITIONS, EVERY_TYPE_VALUES } from './custom-fields.fixture';
import { inMemoryDuckdb } from './duckdb.fixture';

describe('the DuckDB custom-field views, over an issues table as sync writes it', () => {
  const connection = inMemoryDuckdb(async (opened) => {
    await opened.run(
      'CREATE TABLE "issues" ("id" BIGINT, "projectId" BIGINT, "issueKey" VARCHAR, "customFields" JSON)',
    );
    await opened.run(
      `INSERT INTO "issues" VALUES (1, 10, 'P-1', $1), (2, 10, 'P-2', $2), (3, 10, 'P-3', NULL), (4, 20, 'Q-1', '[]')`,
      [JSON.stringify(EVERY_TYPE_VALUES), JSON.stringify(EMPTY_VALUES)],
    );
    await opened.run(duckdbCustomFieldValuesSql(CUSTOM_FIELD_VALUES));
    const [wide] = wideViewsOf([{ id: 10, projectKey: 'P' }], EVERY_TYPE_DEFINITIONS);
    await opened.run(duckdbWideViewSql(wide));
  });
  const rows = async (sql: string) => (await connection().runAndReadAll(sql)).getRowObjectsJS();

  it('one row per issue and field, each type in its typed column', async () => {
    const reader = await connection().runAndReadAll(
      'SELECT * FROM issue_custom_field_values WHERE "issueId" = 1 ORDER BY "customFieldId"',
    );
    expect(reader.columnTypes().map((type) => type.toString())).toEqual([
      'BIGINT',
      'BIGINT',
      'BIGINT',
      'VARCHAR',
      'BIGINT',
      'VARCHAR',
      'DOUBLE',
      'DATE',
      'BIGINT[]',
      'VARCHAR[]',
      'VARCHAR',
    ]);
    const got = reader.getRowObjectsJS().map((row) => ({
      ...row,
      date: row.date === null ? null : (row.date as Date).toISOString().slice(0, 10),
    }));
    const base = { issueId: 1n, projectId: 10n, text: null, number: null, date: null };
    const none = { itemIds: null, itemNames: null, otherValue: null };
    expect(got).toEqual([
      { ...base, ...none, customFieldId: 101n, name: '顧客', fieldTypeId: 1n, text: 'ACME' },
      {
        ...base,
        ...none,
        customFieldId: 102n,
        name: 'Notes',
        fieldTypeId: 2n,
        text: 'line one\nline two',
      },
      { ...base, ...none, customFieldId: 103n, name: 'Story points', fieldTypeId: 3n, number: 5.5 },
      { ...base, ...none, customFieldId: 104n, name: 'Due', fieldTypeId: 4n, date: '2025-03-04' },
      {
        ...base,
        customFieldId: 105n,
        name: 'Team',
        fieldTypeId: 5n,
        itemIds: [2n],
        itemNames: ['Core'],
        otherValue: null,
      },
      {
        ...base,
        customFieldId: 106n,
        name: 'OS',
        fieldTypeId: 6n,
        itemIds: [1n, 3n],
        itemNames: ['Linux', 'macOS'],
        otherValue: null,
      },
      {
        ...base,
        customFieldId: 107n,
        name: 'Checks',
        fieldTypeId: 7n,
        itemIds: [9n],
        itemNames: ['Reviewed'],
        otherValue: 'also tested',
      },
      {
        ...base,
        customFieldId: 108n,
        name: 'Size',
        fieldTypeId: 8n,
        itemIds: [4n],
        itemNames: ['L'],
        otherValue: null,
      },
    ]);
  });

  it('nothing entered: NULL values, and an empty array for list fields', async () => {
    const got = await rows(
      'SELECT "customFieldId", "text", "number", "date", "itemIds", "itemNames" FROM issue_custom_field_values WHERE "issueId" = 2 ORDER BY 1',
    );
    const empty = { text: null, number: null, date: null, itemIds: null, itemNames: null };
    expect(got).toEqual([
      { ...empty, customFieldId: 101n },
      { ...empty, customFieldId: 103n },
      { ...empty, customFieldId: 104n },
      { ...empty, customFieldId: 105n, itemIds: [], itemNames: [] },
      { ...empty, customFieldId: 106n, itemIds: [], itemNames: [] },
      { ...empty, customFieldId: 108n, itemIds: [], itemNames: [] },
    ]);
    expect(await rows('SELECT * FROM issue_custom_field_values WHERE "issueId" IN (3, 4)')).toEqual(
      [],
    );
  });

  it('the wide view: one row per issue of the project, one typed column per field', async () => {
    const reader = await connection().runAndReadAll(
      'SELECT * FROM issue_custom_fields_p ORDER BY "issueId"',
    );
    expect(reader.columnNames()).toEqual([
      'issueId',
      'projectId',
      'issueKey',
      '顧客',
      'Notes',
      'Story points',
      'Due',
      'Team',
      'OS',
      'Checks',
      'Size',
    ]);
    expect(reader.columnTypes().map((type) => type.toString())).toEqual([
      'BIGINT',
      'BIGINT',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'DOUBLE',
      'DATE',
      'VARCHAR',
      'VARCHAR[]',
      'VARCHAR[]',
      'VARCHAR',
    ]);
    const [first, second, third] = reader.getRowObjectsJS();
    expect({ ...first, Due: (first.Due as Date).toISOString().slice(0, 10) }).toEqual({
      issueId: 1n,
      projectId: 10n,
      issueKey: 'P-1',
      顧客: 'ACME',
      Notes: 'line one\nline two',
      'Story points': 5.5,
      Due: '2025-03-04',
      Team: 'Core',
      OS: ['Linux', 'macOS'],
      Checks: ['Reviewed'],
      Size: 'L',
    });
    expect(second).toMatchObject({ issueId: 2n, 顧客: null, Team: null, OS: [], Checks: null });
    expect(third).toMatchObject({ issueId: 3n, 顧客: null, OS: null });
  });
});
