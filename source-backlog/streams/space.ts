import { record, type StreamDefinition } from '../stream/definition';

export const space: StreamDefinition = {
  name: 'space',
  about: { cost: { full: '1' }, endpoint: 'GET /space', notes: 'one record' },
  primaryKey: [['spaceKey']],
  async *read({ client }) {
    yield record(await client.get('/space'));
  },
};
