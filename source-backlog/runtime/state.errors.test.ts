import { ConnectorError } from '../protocol/failures';
import { parseInputState } from './state';

const failureOf = (input: unknown): ConnectorError => {
  try {
    parseInputState(input);
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error('expected the state to be refused');
};

describe('parseInputState refuses what it cannot resume from', () => {
  it('treats null as a first sync', () => {
    expect(parseInputState(null).size).toBe(0);
  });

  it.each([
    ['an entry that is not an object', [null], /^State entry 0 is not an object$/],
    ['a number entry', [7], /^State entry 0 is not an object$/],
    ['GLOBAL state', [{ type: 'GLOBAL', global: {} }], /^State entry 0 has type GLOBAL;/],
    ['LEGACY state', [{ type: 'LEGACY', data: {} }], /^State entry 0 has type LEGACY;/],
    ['an untyped entry', [{ data: {} }], /^State entry 0 has type LEGACY;/],
    [
      'a per-stream entry of another type',
      [{ type: 'SHARED', stream: { stream_descriptor: { name: 'issues' } } }],
      /^State entry 0 is not a STREAM state with a stream_descriptor name$/,
    ],
    [
      'a STREAM entry without a descriptor',
      [{ type: 'STREAM', stream: {} }],
      /^State entry 0 is not a STREAM state with a stream_descriptor name$/,
    ],
    [
      'a STREAM entry that is not the first',
      [
        { type: 'STREAM', stream: { stream_descriptor: { name: 'space' } } },
        { type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: [1] } },
      ],
      /^The saved state of stream "issues" is not an object/,
    ],
    [
      'a legacy map with a string state',
      { issues: 'x' },
      /^The saved state of stream "issues" is not an object/,
    ],
    [
      'a legacy map with an array state',
      { issues: [] },
      /^The saved state of stream "issues" is not an object/,
    ],
  ])('%s', (_, input, message) => {
    const error = failureOf(input);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.failureType).toBe('config_error');
    expect(error.message).toMatch(message);
  });

  it('takes a null stream_state as no state', () => {
    const states = parseInputState([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'issues' }, stream_state: null } },
    ]);
    expect(states.has('issues')).toBe(false);
  });

  it('reads a legacy {stream: state} map, skipping empty entries', () => {
    const states = parseInputState({ issues: { updated: '2025-01-01T00:00:00Z' }, wikis: null });
    expect([...states]).toEqual([['issues', { updated: '2025-01-01T00:00:00Z' }]]);
  });
});
