import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { JsonObject } from '../protocol/messages';
import { loadStreamSchema } from '../stream/schemas';
import { configuredStream } from '../sync/configured-stream.fixture';
import { createTableSql } from '../sync/table-ddl';
import { layoutOf } from '../sync/table-layout';

/**
 * An in-memory DuckDB for the tests of the describe block this is called in: opened and set up
 * before them, closed after them. The connection is read through the returned function, as it
 * exists only once they start.
 */
export function inMemoryDuckdb(
  setUp: (connection: DuckDBConnection) => Promise<void>,
): () => DuckDBConnection {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await setUp(connection);
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });
  return () => connection;
}

/** The tables of `streams`, as sync creates them from the streams' schemas. */
export async function createSyncTables(
  connection: DuckDBConnection,
  streams: Iterable<string>,
): Promise<void> {
  for (const stream of new Set(streams)) {
    const properties = loadStreamSchema(stream).properties as JsonObject;
    const layout = layoutOf(configuredStream(stream, properties, 'overwrite'));
    await connection.run(createTableSql(layout.table, layout.columns));
  }
}
