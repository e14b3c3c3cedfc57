import type { JsonObject } from '../protocol/messages';
import { configuredStream } from './configured-stream.fixture';
import { ensureTable } from './table-ddl';
import { layoutOf } from './table-layout';
import { Warehouse } from './warehouse';

function layoutWith(properties: JsonObject) {
  return layoutOf(configuredStream('wikis', properties));
}

describe('ensureTable', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(':memory:');
  });
  afterEach(() => warehouse.close());

  const columns = async () =>
    (
      await warehouse.rows(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'wikis' ORDER BY column_name",
      )
    ).map(
      (row) => `${row.column_name} ${row.data_type}${row.is_nullable === 'NO' ? ' NOT NULL' : ''}`,
    );

  it('creates the table with NOT NULL key and cursor, and the Airbyte columns', async () => {
    await ensureTable(
      warehouse,
      layoutWith({
        id: { type: 'integer' },
        updated: { type: 'string', format: 'date-time' },
        name: { type: 'string' },
      }),
    );
    expect(await columns()).toEqual([
      '_airbyte_extracted_at TIMESTAMP WITH TIME ZONE NOT NULL',
      '_airbyte_meta JSON NOT NULL',
      '_airbyte_raw_id VARCHAR NOT NULL',
      'id BIGINT NOT NULL',
      'name VARCHAR',
      'updated TIMESTAMP WITH TIME ZONE NOT NULL',
    ]);
  });

  it('follows a schema change: adds new fields, drops vanished ones, converts a changed type', async () => {
    const base = { id: { type: 'integer' }, updated: { type: 'string', format: 'date-time' } };
    await ensureTable(
      warehouse,
      layoutWith({ ...base, name: { type: 'string' }, size: { type: 'string' } }),
    );
    await warehouse.run(
      "INSERT INTO wikis VALUES (1, '2024-01-01T00:00:00Z', 'Home', '42', 'raw', now(), '{}')",
    );
    await ensureTable(
      warehouse,
      layoutWith({ ...base, size: { type: 'integer' }, tags: { type: 'array' } }),
    );
    expect(await columns()).toEqual([
      '_airbyte_extracted_at TIMESTAMP WITH TIME ZONE NOT NULL',
      '_airbyte_meta JSON NOT NULL',
      '_airbyte_raw_id VARCHAR NOT NULL',
      'id BIGINT NOT NULL',
      'size BIGINT',
      'tags JSON',
      'updated TIMESTAMP WITH TIME ZONE NOT NULL',
    ]);
    expect(await warehouse.rows('SELECT id, size FROM wikis')).toEqual([{ id: 1n, size: 42n }]);
  });

  it('explains a type change the stored values cannot follow', async () => {
    const base = { id: { type: 'integer' }, updated: { type: 'string', format: 'date-time' } };
    await ensureTable(warehouse, layoutWith({ ...base, size: { type: 'string' } }));
    await warehouse.run(
      "INSERT INTO wikis VALUES (1, '2024-01-01T00:00:00Z', 'large', 'raw', now(), '{}')",
    );
    await expect(
      ensureTable(warehouse, layoutWith({ ...base, size: { type: 'integer' } })),
    ).rejects.toThrow(/"size" of table "wikis" is VARCHAR and cannot become BIGINT/);
  });
});
