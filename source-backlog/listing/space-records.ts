import type { JsonObject } from '../protocol/messages';
import { record, type StreamDefinition } from '../stream/definition';
import { aboutList, unavailableIfAdminOnly, type ListStream } from './list-streams';
import { oncePerRun } from './once-per-run';

/** The space's key, read once per run: the key of every one-record stream about the space. */
const spaceKeyOf = oncePerRun(async ({ client }) => {
  const space = await client.get<{ spaceKey: string }>('/space');
  return space.spaceKey;
});

/** A full-refresh stream of one object about the space (licence, disk usage), keyed by the space. */
export function spaceRecordStream(
  name: string,
  path: string,
  options: Omit<ListStream, 'name' | 'primaryKey'> = {},
): StreamDefinition {
  const stream = { name, path, ...options };
  return {
    name: stream.name,
    about: aboutList(stream, `GET ${stream.path}`, '1 (+1 for the space key, shared)'),
    primaryKey: [['spaceKey']],
    parentKeys: ['spaceKey'],
    async *read(context) {
      const { client } = context;
      let row: JsonObject;
      try {
        row = await client.get<JsonObject>(stream.path);
      } catch (error) {
        throw unavailableIfAdminOnly(stream, stream.path, error);
      }
      yield record({ ...row, spaceKey: await spaceKeyOf(context) });
    },
  };
}
