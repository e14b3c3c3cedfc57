import { record, type StreamDefinition } from './stream';

export const space: StreamDefinition = {
  name: 'space',
  primaryKey: [['spaceKey']],
  async *read({ client }) {
    yield record(await client.get('/space'));
  },
};
