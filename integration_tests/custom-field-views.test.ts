/**
 * The custom-field views `sync` creates, checked against what the fake Backlog server holds (its
 * issues' customFields and its projects' custom field definitions), never against the
 * connector's output; and the `views` command that prints them for Snowflake and DuckDB.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Parser } from 'node-sql-parser';
import type { FakeBacklog } from './fake-backlog';
import { CLI, configFor } from './support/connector';
import { startFakeSpace } from './support/fake-space';
import { serverData, type Row } from './support/server-data';
import { runSync, syncFolder, withWarehouse, type SyncRun, type TableRow } from './support/sync';

const STREAMS = 'issues,projects,custom_fields';

/** Values in comparable form: list elements (BIGINT → bigint) as numbers. */
const plain = (rows: TableRow[]): TableRow[] =>
  JSON.parse(
    JSON.stringify(rows, (_key, value: unknown) =>
      typeof value === 'bigint' ? Number(value) : value,
    ),
  ) as TableRow[];

const sorted = (rows: TableRow[]): string[] => rows.map((row) => JSON.stringify(row)).sort();

interface Item {
  id: number;
  name: string;
}

/** The chosen items of a list, check box or radio value: none, one (5, 8) or several (6, 7). */
function itemsOf(fieldTypeId: number, value: unknown): Item[] | null {
  if ([6, 7].includes(fieldTypeId)) return (value as Item[] | null) ?? [];
  if ([5, 8].includes(fieldTypeId)) return value ? [value as Item] : [];
  return null;
}

/** The row issue_custom_field_values should hold for one customFields element of an issue. */
function expectedValueRow(issue: Row, field: Row): TableRow {
  const type = field.fieldTypeId as number;
  const value = field.value;
  const items = itemsOf(type, value);
  return {
    issueId: issue.id,
    projectId: issue.projectId,
    customFieldId: field.id,
    name: field.name,
    fieldTypeId: type,
    text: [1, 2].includes(type) ? (value ?? null) : null,
    number: type === 3 ? (value ?? null) : null,
    date: type === 4 && value ? Date.parse(String(value).slice(0, 10)) : null,
    itemIds: items && items.map((item) => item.id),
    itemNames: items && items.map((item) => item.name),
    otherValue: field.otherValue ?? null,
  };
}

/** Runs the built CLI's `views` (asynchronously: the fake server answers from this process). */
async function runViews(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'views', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { exitCode, stdout, stderr };
}

/** The statements of `views` output: each ends with `;` at the end of a line. */
const statementsOf = (stdout: string): string[] =>
  stdout
    .split(/;\n/)
    .map((statement) => statement.trim())
    .filter(Boolean);

const viewNameOf = (statement: string): string =>
  /^CREATE OR REPLACE VIEW (?:"[^"]+"\.)*"([^"]+)" AS/.exec(statement)![1];

describe('custom-field views in the DuckDB file sync writes', () => {
  let server: FakeBacklog;
  let dir: string;
  let db: string;
  let configPath: string;
  let remove: () => void;
  let first: SyncRun;

  const query = async (sql: string) => plain(await withWarehouse(db, (run) => run(sql)));
  const wideViews = async () =>
    (
      await query(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND starts_with(table_name, 'issue_custom_fields_') ORDER BY 1",
      )
    ).map((row) => row.table_name);

  beforeAll(async () => {
    server = await startFakeSpace({ projects: 2, issues: 16 });
    // The seed's fields are Text, Numeric and SingleList: add the other five types to the first
    // project, with values of their documented shapes.
    const store = server.store;
    const [project] = store.projects;
    const textArea = store.addCustomField(project.id, { typeId: 2, name: '説明' });
    const date = store.addCustomField(project.id, { typeId: 4, name: 'Due' });
    const multiple = store.addCustomField(project.id, {
      typeId: 6,
      name: 'OS',
      items: ['Linux', 'macOS', 'Windows'],
    });
    const checkBox = store.addCustomField(project.id, {
      typeId: 7,
      name: 'Checks',
      items: ['Reviewed', 'Tested'],
    });
    const radio = store.addCustomField(project.id, {
      typeId: 8,
      name: 'Size',
      items: ['S', 'M', 'L'],
    });
    const issues = store.issues.filter((issue) => issue.projectId === project.id);
    store.setCustomFieldValue(issues[0].id, textArea.id, 'line one\nline two');
    store.setCustomFieldValue(issues[0].id, date.id, '2025-03-04T00:00:00Z');
    store.setCustomFieldValue(issues[0].id, multiple.id, [multiple.items![0], multiple.items![2]]);
    store.setCustomFieldValue(issues[0].id, checkBox.id, [checkBox.items![1]], 'also fuzzed');
    store.setCustomFieldValue(issues[0].id, radio.id, radio.items![2], null);
    store.setCustomFieldValue(issues[1].id, date.id, null);
    store.setCustomFieldValue(issues[1].id, multiple.id, []);
    store.setCustomFieldValue(issues[1].id, radio.id, null, null);
    ({ dir, db, configPath, remove } = syncFolder(server.url, 'cf-views-test'));
    first = await runSync(['--config', configPath, '--db', db, '--streams', STREAMS]);
  });
  afterAll(async () => {
    await server.stop();
    remove();
  });

  it('the sync succeeds', () => {
    expect(first.stderr).not.toMatch(/source-backlog sync:/);
    expect(first.exitCode).toBe(0);
  });

  it('issue_custom_field_values: one row per issue and field of the server, values typed by field type', async () => {
    const issues = serverData(server).issues;
    const expected = issues.flatMap((issue) =>
      (issue.customFields as Row[]).map((field) => expectedValueRow(issue, field)),
    );
    expect(new Set(expected.map((row) => row.fieldTypeId))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8]),
    );
    const got = await query('SELECT * FROM issue_custom_field_values');
    expect(got).toHaveLength(expected.length);
    expect(sorted(got)).toEqual(sorted(expected));
  });

  it('a number field is a number, a date field a DATE, list choices arrays', async () => {
    const types = new Map(
      (
        await query(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'issue_custom_field_values'",
        )
      ).map((row) => [row.column_name, row.data_type]),
    );
    expect(Object.fromEntries(types)).toEqual({
      issueId: 'BIGINT',
      projectId: 'BIGINT',
      customFieldId: 'BIGINT',
      name: 'VARCHAR',
      fieldTypeId: 'BIGINT',
      text: 'VARCHAR',
      number: 'DOUBLE',
      date: 'DATE',
      itemIds: 'BIGINT[]',
      itemNames: 'VARCHAR[]',
      otherValue: 'VARCHAR',
    });
    const [numeric] = await query(
      'SELECT typeof("number") AS t, "number" + 1 > "number" AS adds FROM issue_custom_field_values WHERE "fieldTypeId" = 3 AND "number" IS NOT NULL LIMIT 1',
    );
    expect(numeric).toEqual({ t: 'DOUBLE', adds: true });
    const [due] = await query(
      'SELECT "date" + INTERVAL 1 DAY AS next FROM issue_custom_field_values WHERE "fieldTypeId" = 4 AND "date" IS NOT NULL',
    );
    expect(due.next).toBe(Date.parse('2025-03-05'));
  });

  it('one wide view per project, its issues as rows and a typed column per field of the server', async () => {
    const data = serverData(server);
    expect(await wideViews()).toEqual(
      data.projects
        .map((project) => `issue_custom_fields_${String(project.projectKey).toLowerCase()}`)
        .sort(),
    );
    for (const project of data.projects) {
      const view = `issue_custom_fields_${String(project.projectKey).toLowerCase()}`;
      const definitions = data.custom_fields.filter((field) => field.projectId === project.id);
      const columns = await query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${view}' ORDER BY ordinal_position`,
      );
      const typeOf: Record<number, string> = {
        1: 'VARCHAR',
        2: 'VARCHAR',
        3: 'DOUBLE',
        4: 'DATE',
        5: 'VARCHAR',
        6: 'VARCHAR[]',
        7: 'VARCHAR[]',
        8: 'VARCHAR',
      };
      expect(columns).toEqual([
        { column_name: 'issueId', data_type: 'BIGINT' },
        { column_name: 'projectId', data_type: 'BIGINT' },
        { column_name: 'issueKey', data_type: 'VARCHAR' },
        ...definitions.map((field) => ({
          column_name: field.name,
          data_type: typeOf[field.typeId as number],
        })),
      ]);
      const expected = data.issues
        .filter((issue) => issue.projectId === project.id)
        .map((issue) => {
          const row: TableRow = {
            issueId: issue.id,
            projectId: issue.projectId,
            issueKey: issue.issueKey,
          };
          for (const field of definitions) {
            const entry = (issue.customFields as Row[]).find((f) => f.id === field.id);
            const values = entry ? expectedValueRow(issue, entry) : undefined;
            const type = field.typeId as number;
            row[field.name as string] =
              values === undefined
                ? null
                : [1, 2].includes(type)
                  ? values.text
                  : type === 3
                    ? values.number
                    : type === 4
                      ? values.date
                      : [5, 8].includes(type)
                        ? ((values.itemNames as string[])[0] ?? null)
                        : values.itemNames;
          }
          return row;
        });
      expect(sorted(await query(`SELECT * FROM "${view}"`))).toEqual(sorted(expected));
    }
  });

  it('a custom field added to a project appears in its wide view after the next sync', async () => {
    const [, project] = server.store.projects;
    const field = server.store.addCustomField(project.id, {
      typeId: 3,
      name: 'ストーリーポイント',
    });
    const issue = server.store.issues.find((i) => i.projectId === project.id)!;
    server.store.setCustomFieldValue(issue.id, field.id, 8);
    const view = `issue_custom_fields_${project.projectKey.toLowerCase()}`;
    const before = await query(`SELECT * FROM "${view}" LIMIT 1`);
    expect(Object.keys(before[0])).not.toContain('ストーリーポイント');
    const second = await runSync(['--config', configPath, '--db', db, '--streams', STREAMS]);
    expect(second.exitCode).toBe(0);
    const rows = await query(`SELECT "issueId", "ストーリーポイント" AS points FROM "${view}"`);
    expect(rows.filter((row) => row.points !== null)).toEqual([{ issueId: issue.id, points: 8 }]);
  });

  it('the wide view of a project no longer synced is dropped', async () => {
    const [kept, gone] = server.store.projects;
    const limited = join(dir, 'limited.json');
    writeFileSync(
      limited,
      JSON.stringify(configFor(server.url, { project_keys: [kept.projectKey] })),
    );
    const run = await runSync(['--config', limited, '--db', db, '--streams', STREAMS]);
    expect(run.exitCode).toBe(0);
    const views = await wideViews();
    expect(views).toContain(`issue_custom_fields_${kept.projectKey.toLowerCase()}`);
    expect(views).not.toContain(`issue_custom_fields_${gone.projectKey.toLowerCase()}`);
  });

  describe('source-backlog views', () => {
    const parser = new Parser();

    it('--dialect snowflake --config: every statement parses as Snowflake SQL, one wide view per project', async () => {
      const run = await runViews([
        '--dialect',
        'snowflake',
        '--config',
        configPath,
        '--schema',
        'backlog',
      ]);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      const statements = statementsOf(run.stdout);
      for (const statement of statements)
        expect(() => parser.astify(statement, { database: 'Snowflake' })).not.toThrow();
      expect(
        statements.map(viewNameOf).filter((name) => name.startsWith('ISSUE_CUSTOM_FIELDS_')),
      ).toEqual(server.store.projects.map((p) => `ISSUE_CUSTOM_FIELDS_${p.projectKey}`).sort());
    });

    it('--dialect duckdb --config: the statements sync runs, which answer over the synced tables', async () => {
      const full = await runSync(['--config', configPath, '--db', db, '--streams', STREAMS]);
      expect(full.exitCode).toBe(0);
      const run = await runViews(['--dialect', 'duckdb', '--config', configPath]);
      expect(run.exitCode).toBe(0);
      const statements = statementsOf(run.stdout);
      const held = await query(
        'SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1',
      );
      // The file holds only the views of the synced streams' tables: those, and every wide view.
      const names = held.map((row) => String(row.view_name));
      expect(statements.map(viewNameOf)).toEqual(expect.arrayContaining(names));
      expect(names.filter((name) => name.startsWith('issue_custom_fields_'))).toEqual(
        statements.map(viewNameOf).filter((name) => name.startsWith('issue_custom_fields_')),
      );
      // Run on a copy of the file, they replace sync's views with ones that answer the same.
      const copy = join(dir, 'copy.duckdb');
      copyFileSync(db, copy);
      const instance = await DuckDBInstance.create(copy);
      const connection = await instance.connect();
      try {
        for (const statement of statements)
          if (names.includes(viewNameOf(statement))) await connection.run(statement);
        for (const { view_name: name } of held) {
          const count = async (run: (sql: string) => Promise<unknown>) =>
            JSON.stringify(
              await run(`SELECT count(*) AS n FROM "${String(name)}"`),
              (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v),
            );
          expect(
            await count(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS()),
          ).toBe(await count(query));
        }
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });

    it('without --config: the fixed views, and a note on stderr that the wide views need it', async () => {
      const run = await runViews(['--dialect', 'snowflake']);
      expect(run.exitCode).toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/need --config/);
      const names = statementsOf(run.stdout).map(viewNameOf);
      expect(names).toContain('ISSUE_CUSTOM_FIELD_VALUES');
      expect(names.filter((name) => name.startsWith('ISSUE_CUSTOM_FIELDS_'))).toEqual([]);
    });

    it.each([
      [['--dialect', 'oracle'], /--dialect must be snowflake or duckdb/],
      [[], /--dialect is required/],
      [
        ['--dialect', 'snowflake', '--config', '/nonexistent/config.json'],
        /Cannot read the config file/,
      ],
    ])('%j: one line and a hint on stderr, exit 1, no stack trace', async (args, message) => {
      const run = await runViews(args);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^source-backlog views: /);
      expect(lines[0]).toMatch(message);
      expect(lines[1]).toMatch(/^hint: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
