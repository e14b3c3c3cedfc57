import { describeStream } from '../commands';
import { contractOf } from '../stream/contract';
import { STREAMS } from '../streams';
import { configuredCatalogFor } from './configured-catalog';

const discovered = STREAMS.map(describeStream);

describe('configuredCatalogFor', () => {
  it('asks for Incremental | Append + Deduped where a stream has a cursor, else Full Refresh | Overwrite', () => {
    const catalog = configuredCatalogFor(discovered);
    expect(catalog.streams.map((s) => s.stream.name)).toEqual(STREAMS.map((s) => s.name));
    for (const configured of catalog.streams) {
      const definition = STREAMS.find((s) => s.name === configured.stream.name)!;
      expect(configured.primary_key).toEqual(contractOf(definition).primaryKey);
      if (definition.cursorField) {
        expect(configured).toMatchObject({
          sync_mode: 'incremental',
          destination_sync_mode: 'append_dedup',
          cursor_field: definition.cursorField,
        });
      } else {
        expect(configured).toMatchObject({
          sync_mode: 'full_refresh',
          destination_sync_mode: 'overwrite',
        });
      }
    }
  });

  it('keeps the named streams, in catalog order', () => {
    const catalog = configuredCatalogFor(discovered, ['issue_comments', 'space']);
    expect(catalog.streams.map((s) => s.stream.name)).toEqual(['space', 'issue_comments']);
  });

  it('names the streams there are when asked for one that is not', () => {
    expect(() => configuredCatalogFor(discovered, ['issues', 'tickets'])).toThrow(
      expect.objectContaining({
        message: 'Unknown stream "tickets"',
        hint: expect.stringContaining('space,priorities,resolutions'),
      }),
    );
  });
});
