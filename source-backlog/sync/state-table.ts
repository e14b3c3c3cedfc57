import type { JsonObject } from '../protocol/messages';
import type { Warehouse } from './warehouse';

/**
 * `_airbyte_state`: the last committed STATE of each stream (as in PyAirbyte's caches). It is
 * written in the same transaction as the records it covers, so data and state never disagree.
 */
const STATE_TABLE = '_airbyte_state';

export async function ensureStateTable(warehouse: Warehouse): Promise<void> {
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (stream_name VARCHAR PRIMARY KEY, state_json JSON NOT NULL, last_updated TIMESTAMPTZ NOT NULL)`,
  );
}

export async function readStates(warehouse: Warehouse): Promise<Map<string, JsonObject>> {
  const rows = await warehouse.rows(`SELECT stream_name, state_json FROM ${STATE_TABLE}`);
  return new Map(
    rows.map((row) => [String(row.stream_name), JSON.parse(String(row.state_json)) as JsonObject]),
  );
}

/** Call inside the transaction that commits the records this state covers. */
export async function saveState(
  warehouse: Warehouse,
  stream: string,
  state: JsonObject,
): Promise<void> {
  await warehouse.run(`INSERT OR REPLACE INTO ${STATE_TABLE} VALUES ($1, $2, current_timestamp)`, [
    stream,
    JSON.stringify(state),
  ]);
}

export async function forgetState(warehouse: Warehouse, stream: string): Promise<void> {
  await warehouse.run(`DELETE FROM ${STATE_TABLE} WHERE stream_name = $1`, [stream]);
}

/** The `--state` input of the connector: the per-stream STATE messages Airbyte would pass back. */
export function stateMessages(states: Map<string, JsonObject>): unknown[] {
  return [...states].map(([name, streamState]) => ({
    type: 'STREAM',
    stream: { stream_descriptor: { name }, stream_state: streamState },
  }));
}
