import { Parser } from 'node-sql-parser';
import { viewStatements, wideViewsOf } from '.';
import { EVERY_TYPE_DEFINITIONS } from './custom-fields.fixture';
import { createSyncTables, inMemoryDuckdb } from './duckdb.fixture';

interface ParsedView {
  view: { db: string | null; schema?: string | null; view: string };
  select: { columns: Array<{ as: string | null }> };
}

const parser = new Parser();
const parse = (sql: string) =>
  parser.astify(sql, { database: 'Snowflake' }) as unknown as ParsedView;

/** Every kind of wide column, and a name clash (two "Team" fields, a field named issueKey). */
const WIDE = wideViewsOf(
  [{ id: 10, projectKey: 'PRJ_2' }],
  [
    ...EVERY_TYPE_DEFINITIONS,
    { id: 120, projectId: 10, typeId: 1, name: 'team', displayOrder: 20 },
    { id: 121, projectId: 10, typeId: 3, name: 'issueKey', displayOrder: 21 },
  ],
);

describe('the Snowflake statements', () => {
  const statements = viewStatements('snowflake', WIDE);

  it.each(statements.map((statement) => [statement.name, statement.sql] as const))(
    '%s parses as Snowflake SQL (node-sql-parser), a CREATE OR REPLACE VIEW',
    (name, sql) => {
      const ast = parse(sql) as unknown as { type: string; replace: string };
      expect(ast).toMatchObject({ type: 'create', replace: 'or replace' });
      expect((ast as unknown as ParsedView).view.view).toBe(name.toUpperCase());
    },
  );

  it('--database and --schema qualify the views and the tables they read', () => {
    for (const { sql } of viewStatements('snowflake', WIDE, {
      database: 'an',
      schema: 'backlog',
    })) {
      expect(parse(sql).view).toMatchObject({ db: 'AN', schema: 'BACKLOG' });
      expect(sql).toMatch(/\nFROM "AN"\."BACKLOG"\."[A-Z_]+" AS /);
    }
  });

  describe('name the views and their columns as the DuckDB statements do, case aside', () => {
    const connection = inMemoryDuckdb(async (opened) => {
      await createSyncTables(
        opened,
        statements.map((statement) => statement.stream),
      );
      for (const { sql } of viewStatements('duckdb', WIDE)) await opened.run(sql);
    });

    it.each(statements.map((statement) => [statement.name, statement.sql] as const))(
      '%s',
      async (name, sql) => {
        const described = await connection().runAndReadAll(`DESCRIBE "${name}"`);
        const duckdb = described.getRowObjectsJS().map((row) => String(row.column_name));
        const snowflake = parse(sql).select.columns.map((column) => column.as);
        expect(snowflake).toEqual(duckdb.map((column) => column.toUpperCase()));
      },
    );
  });
});
