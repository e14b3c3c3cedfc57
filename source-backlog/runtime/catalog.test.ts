import { STREAMS } from '../streams';
import { selectStreams } from './catalog';

function entry(name: string, syncMode: string, cursorField?: string[]) {
  return {
    stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
    sync_mode: syncMode,
    destination_sync_mode: 'append',
    ...(cursorField ? { cursor_field: cursorField } : {}),
  };
}

describe('selectStreams', () => {
  it('sets aside a stream this version does not have', () => {
    const selection = selectStreams(
      { streams: [entry('space', 'full_refresh'), entry('issue_watchers_old', 'full_refresh')] },
      STREAMS,
    );
    expect(selection.selected.map((stream) => stream.definition.name)).toEqual(['space']);
    expect(selection.retired).toEqual(['issue_watchers_old']);
  });

  it('refuses an unknown sync_mode even on a stream it does not have (CAT’s trace-on-failure catalog)', () => {
    const broken = { streams: [entry('__AIRBYTE__stream_that_does_not_exist', 'INVALID')] };
    expect(() => selectStreams(broken, STREAMS)).toThrow(
      expect.objectContaining({
        failureType: 'config_error',
        message: expect.stringMatching(/unknown sync_mode "INVALID"/),
      }),
    );
  });

  it('refuses incremental on a stream without a cursor, and another cursor than its own', () => {
    expect(() => selectStreams({ streams: [entry('space', 'incremental')] }, STREAMS)).toThrow(
      /supports only full_refresh/,
    );
    expect(() =>
      selectStreams({ streams: [entry('issues', 'incremental', ['created'])] }, STREAMS),
    ).toThrow(/only be read incrementally on cursor "updated"/);
  });
});
