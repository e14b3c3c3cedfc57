import type { BacklogClient } from '../backlog/client';
import type { JsonObject } from '../protocol/messages';
import { record, type StreamAbout, type StreamDefinition } from '../stream/definition';
import { unavailableIfAdminOnly } from './list-streams';

const spaceKeys = new WeakMap<BacklogClient, Promise<string>>();

/** The space's key, read once per run: the key of every one-record stream about the space. */
export function spaceKeyOf(client: BacklogClient): Promise<string> {
  let key = spaceKeys.get(client);
  if (!key) {
    key = client.get<{ spaceKey: string }>('/space').then((space) => space.spaceKey);
    spaceKeys.set(client, key);
  }
  return key;
}

interface SpaceRecordStream {
  name: string;
  about: StreamAbout;
  path: string;
  /** Only administrators may read it: a 403 skips the stream with a warning. */
  adminOnly?: boolean;
}

/** A full-refresh stream of one object about the space (licence, disk usage), keyed by the space. */
export function spaceRecordStream(stream: SpaceRecordStream): StreamDefinition {
  return {
    name: stream.name,
    about: stream.about,
    primaryKey: [['spaceKey']],
    parentKeys: ['spaceKey'],
    async *read({ client }) {
      let row: JsonObject;
      try {
        row = await client.get<JsonObject>(stream.path);
      } catch (error) {
        throw unavailableIfAdminOnly(stream, stream.path, error);
      }
      yield record({ ...row, spaceKey: await spaceKeyOf(client) });
    },
  };
}
