import { parseInputState } from './state';

describe('parseInputState', () => {
  it('reads the per-stream array the platform passes', () => {
    const states = parseInputState([
      {
        type: 'STREAM',
        stream: { stream_descriptor: { name: 'issues' }, stream_state: { updated: 'x' } },
      },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'space' } } },
    ]);
    expect(states.get('issues')).toEqual({ updated: 'x' });
    expect(states.has('space')).toBe(false);
  });

  it('treats an empty array, {} and no file as a first sync', () => {
    expect(parseInputState([]).size).toBe(0);
    expect(parseInputState({}).size).toBe(0);
    expect(parseInputState(undefined).size).toBe(0);
  });

  it('refuses global and legacy state, and a stream state that is not an object', () => {
    expect(() => parseInputState([{ type: 'GLOBAL', global: {} }])).toThrow(/STREAM/);
    expect(() => parseInputState([{ data: {} }])).toThrow(/LEGACY/);
    expect(() =>
      parseInputState([
        { type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: 'x' } },
      ]),
    ).toThrow(/"issues"/);
    expect(() => parseInputState('nonsense')).toThrow(/array/);
  });
});
