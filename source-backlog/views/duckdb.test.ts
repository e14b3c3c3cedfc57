import { duckdbViewSql } from './duckdb';
import { inMemoryDuckdb } from './duckdb.fixture';
import { viewLayoutOf } from './view-columns';
import { NOTE_ATTACHMENTS, notesSchema } from './views.fixture';

const SQL = duckdbViewSql(viewLayoutOf(NOTE_ATTACHMENTS, notesSchema));

describe('the DuckDB view', () => {
  it('unnests the JSON array over the sync table, casting each field to its column type', () => {
    expect(SQL).toBe(
      [
        'CREATE OR REPLACE VIEW "note_attachments" AS',
        'SELECT',
        '  p."id" AS "noteId",',
        '  p."projectId" AS "projectId",',
        `  CAST(e.value->>'id' AS BIGINT) AS "id",`,
        `  e.value->>'name' AS "name",`,
        `  CAST(e.value->>'size' AS DOUBLE) AS "size",`,
        `  CAST(e.value->>'hidden' AS BOOLEAN) AS "hidden",`,
        `  CAST(e.value->>'created' AS TIMESTAMPTZ) AS "created",`,
        `  NULLIF(e.value->'createdUser', 'null'::JSON) AS "createdUser"`,
        'FROM "notes" AS p',
        'CROSS JOIN unnest(CAST(p."attachments" AS JSON[])) AS e(value)',
      ].join('\n'),
    );
  });

  describe('over a table as sync writes it', () => {
    const connection = inMemoryDuckdb(async (opened) => {
      await opened.run(
        'CREATE TABLE "notes" ("id" BIGINT, "projectId" BIGINT, "attachments" JSON)',
      );
      const elements = [
        {
          id: 7,
          ProjectID: 99,
          name: 'a.png',
          size: 1.5,
          hidden: true,
          created: '2025-01-02T03:04:05Z',
          createdUser: { id: 3 },
        },
        { id: 8, name: null, createdUser: null },
      ];
      await opened.run(
        `INSERT INTO "notes" VALUES (1, 10, '${JSON.stringify(elements)}'), (2, 10, NULL), (3, 10, '[]')`,
      );
      await opened.run(SQL);
    });

    it('has one row per element, with the parent key; JSON nulls and missing fields are NULL', async () => {
      const reader = await connection().runAndReadAll(
        'SELECT * FROM "note_attachments" ORDER BY "id"',
      );
      expect(reader.getRowObjectsJS()).toEqual([
        {
          noteId: 1n,
          projectId: 10n,
          id: 7n,
          name: 'a.png',
          size: 1.5,
          hidden: true,
          created: new Date('2025-01-02T03:04:05Z'),
          createdUser: '{"id":3}',
        },
        {
          noteId: 1n,
          projectId: 10n,
          id: 8n,
          name: null,
          size: null,
          hidden: null,
          created: null,
          createdUser: null,
        },
      ]);
      expect(reader.columnTypes().map((type) => type.alias ?? type.toString())).toEqual([
        'BIGINT',
        'BIGINT',
        'BIGINT',
        'VARCHAR',
        'DOUBLE',
        'BOOLEAN',
        'TIMESTAMP WITH TIME ZONE',
        'JSON',
      ]);
    });
  });
});
