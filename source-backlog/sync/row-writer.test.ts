import { configuredStream } from './configured-stream.fixture';
import { RowWriter } from './row-writer';
import { createTableSql } from './table-ddl';
import { layoutOf } from './table-layout';
import { Warehouse } from './warehouse';

const layout = layoutOf(
  configuredStream('issues', {
    id: { type: 'integer' },
    updated: { type: 'string', format: 'date-time' },
    estimatedHours: { type: ['null', 'number'] },
    status: { type: ['null', 'object'] },
  }),
);

describe('RowWriter', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(':memory:');
    // Timestamps must land as UTC instants whatever the session's zone.
    await warehouse.run("SET TimeZone = 'Asia/Tokyo'");
    await warehouse.run(createTableSql('issues', layout.columns));
  });
  afterEach(() => warehouse.close());

  async function write(...records: Array<Record<string, unknown>>): Promise<void> {
    const appender = await warehouse.appender('issues');
    try {
      const writer = new RowWriter(layout);
      for (const record of records)
        writer.write(appender, record, Date.parse('2024-06-01T00:00:00Z'));
    } finally {
      appender.closeSync();
    }
  }

  it('loads typed values and the Airbyte columns; fields the schema does not declare stay out', async () => {
    await write({
      id: 7,
      updated: '2024-05-01T12:00:00Z',
      estimatedHours: 1.5,
      status: { id: 2, name: 'In Progress' },
      undeclared: 'dropped',
    });
    const [row] = await warehouse.rows(
      "SELECT id, epoch_ms(updated) AS updated, estimatedHours, status->>'name' AS status, _airbyte_raw_id, epoch_ms(_airbyte_extracted_at) AS extracted, _airbyte_meta::VARCHAR AS meta FROM issues",
    );
    expect(row).toEqual({
      id: 7n,
      updated: BigInt(Date.parse('2024-05-01T12:00:00Z')),
      estimatedHours: 1.5,
      status: 'In Progress',
      _airbyte_raw_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      extracted: BigInt(Date.parse('2024-06-01T00:00:00Z')),
      meta: '{"changes":[]}',
    });
    const columns = await warehouse.rows(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'issues'",
    );
    expect(columns.map((column) => column.column_name)).not.toContain('undeclared');
  });

  it('loads a value that does not fit its column as NULL and says so in _airbyte_meta', async () => {
    await write({ id: 8, updated: '2024-05-01T12:00:00Z', estimatedHours: 'two hours' });
    const [row] = await warehouse.rows(
      'SELECT estimatedHours, _airbyte_meta::VARCHAR AS meta FROM issues',
    );
    expect(row.estimatedHours).toBeNull();
    expect(JSON.parse(String(row.meta))).toEqual({
      changes: [
        { field: 'estimatedHours', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' },
      ],
    });
  });

  it('refuses a record without the key or cursor its table deduplicates on', async () => {
    await expect(write({ id: 9 })).rejects.toThrow(/no usable "updated"/);
    await expect(write({ id: 'x', updated: '2024-05-01T12:00:00Z' })).rejects.toThrow(
      /no usable "id"/,
    );
  });
});
