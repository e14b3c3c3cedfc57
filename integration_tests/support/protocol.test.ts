import {
  checkProtocolInvariants,
  parseStdoutLines,
  ProtocolInvariantOptions,
  strictSchema,
  validateAirbyteMessage,
} from './protocol';
import { describeWithShared } from './shared';

const NOW = 1_700_000_000_000;

const schema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    updated: { type: 'string', format: 'date-time' },
    user: { type: ['null', 'object'], properties: { id: { type: 'integer' } } },
  },
};

const opts: ProtocolInvariantOptions = {
  configuredStreams: ['issues'],
  streamSchemas: { issues: schema },
  primaryKeys: { issues: [['id']] },
  cursorFields: { issues: ['updated'] },
};

function status(stream: string, s: string) {
  return {
    type: 'TRACE',
    trace: {
      type: 'STREAM_STATUS',
      emitted_at: NOW,
      stream_status: { stream_descriptor: { name: stream }, status: s },
    },
  };
}

function record(data: object, stream = 'issues') {
  return { type: 'RECORD', record: { stream, data, emitted_at: NOW } };
}

function state(streamState: object, recordCount?: number, stream = 'issues') {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: stream }, stream_state: streamState },
      ...(recordCount === undefined ? {} : { sourceStats: { recordCount } }),
    },
  };
}

const issue1 = { id: 1, updated: '2024-01-01T00:00:00Z', user: { id: 5 } };
const issue2 = { id: 2, updated: '2024-01-02T00:00:00Z', user: null };

function validSync(): object[] {
  return [
    { type: 'LOG', log: { level: 'INFO', message: 'reading' } },
    status('issues', 'STARTED'),
    record(issue1),
    record(issue2),
    state({ updated: '2024-01-02T00:00:00Z' }, 2.0),
    status('issues', 'COMPLETE'),
  ];
}

describe('strictSchema', () => {
  it('forbids undeclared properties at every depth and leaves the input alone', () => {
    const strict = strictSchema(schema) as typeof schema & { additionalProperties: boolean };
    expect(strict.additionalProperties).toBe(false);
    expect(strict.properties.user).toMatchObject({ additionalProperties: false });
    expect(schema.additionalProperties).toBe(true);
    expect(schema.properties.user).not.toHaveProperty('additionalProperties');
  });

  it('reaches into items and unions', () => {
    const strict = strictSchema({
      type: 'array',
      items: { anyOf: [{ type: 'object', properties: { a: {} } }, { type: 'string' }] },
    });
    expect(strict).toEqual({
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', properties: { a: {} }, additionalProperties: false },
          { type: 'string' },
        ],
      },
    });
  });
});

describe('parseStdoutLines', () => {
  it('parses one message per non-empty line', () => {
    expect(parseStdoutLines('{"type":"LOG"}\n\n{"type":"SPEC"}\n')).toEqual([
      { type: 'LOG' },
      { type: 'SPEC' },
    ]);
  });

  it('names the line that is not JSON', () => {
    expect(() => parseStdoutLines('{"type":"LOG"}\nhello world\n')).toThrow(
      /line 2 is not JSON: hello world/,
    );
  });
});

describeWithShared('Airbyte protocol kit', () => {
  it('accepts valid hand-written messages', () => {
    for (const msg of validSync()) expect(validateAirbyteMessage(msg)).toEqual([]);
    expect(checkProtocolInvariants(validSync(), opts)).toEqual([]);
  });

  it('accepts spec, catalog and connection status output', () => {
    const messages = [
      {
        type: 'SPEC',
        spec: {
          connectionSpecification: { type: 'object', properties: { api_key: { type: 'string' } } },
        },
      },
      {
        type: 'CATALOG',
        catalog: {
          streams: [
            {
              name: 'issues',
              json_schema: schema,
              supported_sync_modes: ['full_refresh', 'incremental'],
              source_defined_primary_key: [['id']],
              default_cursor_field: ['updated'],
            },
          ],
        },
      },
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ];
    expect(checkProtocolInvariants(messages)).toEqual([]);
  });

  it('rejects a message that breaks the protocol schema', () => {
    expect(validateAirbyteMessage({ type: 'RECORD', record: { stream: 'issues' } })).not.toEqual(
      [],
    );
    expect(validateAirbyteMessage({ type: 'NOPE' })).not.toEqual([]);
  });

  it('catches a type without its payload, or with another payload', () => {
    const errors = checkProtocolInvariants([{ type: 'LOG', record: { stream: 'x' } }]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/LOG message has no "log" object/),
        expect.stringMatching(/LOG message carries a "record" payload/),
      ]),
    );
  });

  it('catches a record with an undeclared field, also nested', () => {
    const messages = validSync();
    messages[2] = record({ ...issue1, surprise: 1, user: { id: 5, extra: true } });
    const errors = checkProtocolInvariants(messages, opts);
    expect(errors).toEqual([
      expect.stringMatching(/undeclared property "surprise"/),
      expect.stringMatching(/\/user .*undeclared property "extra"/),
    ]);
  });

  it('catches a record of the wrong type', () => {
    const messages = validSync();
    messages[2] = record({ ...issue1, id: '1' });
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/record\.data\/id must be integer/),
    ]);
  });

  it('catches a record without primary key or with a null cursor', () => {
    const messages = validSync();
    messages[2] = record({ updated: null });
    const errors = checkProtocolInvariants(messages, opts);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no primary key id/),
        expect.stringMatching(/no cursor updated/),
      ]),
    );
  });

  it('catches a record of a stream that is not configured or has no schema', () => {
    const messages = [
      status('users', 'STARTED'),
      record({ id: 1 }, 'users'),
      state({}, 1, 'users'),
      status('users', 'COMPLETE'),
    ];
    const errors = checkProtocolInvariants(messages, opts);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/RECORD for stream "users" which is not configured/),
        expect.stringMatching(/no schema for stream "users"/),
        expect.stringMatching(/STATE for stream "users" which is not configured/),
        expect.stringMatching(/STREAM_STATUS for stream "users" which is not configured/),
      ]),
    );
  });

  it('catches a state with the wrong recordCount', () => {
    const messages = validSync();
    messages[4] = state({ updated: '2024-01-02T00:00:00Z' }, 3);
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/recordCount 3 but 2 records were emitted/),
    ]);
  });

  it('counts records per stream since the previous state', () => {
    const messages = [
      status('issues', 'STARTED'),
      record(issue1),
      state({ updated: issue1.updated }, 1),
      record(issue2),
      state({ updated: issue2.updated }, 1),
      status('issues', 'COMPLETE'),
    ];
    expect(checkProtocolInvariants(messages, opts)).toEqual([]);
  });

  it('catches two consecutive identical states of a stream, whatever the key order', () => {
    const messages = [
      status('issues', 'STARTED'),
      state({ a: 1, b: 2 }),
      state({ b: 2, a: 1 }),
      status('issues', 'COMPLETE'),
    ];
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/repeats the previous state/),
    ]);
  });

  it('catches a LEGACY state and a GLOBAL state', () => {
    const legacy = { type: 'STATE', state: { data: { cursor: 1 } } };
    const global = {
      type: 'STATE',
      state: { type: 'GLOBAL', global: { stream_states: [] } },
    };
    const errors = checkProtocolInvariants([legacy, global], opts);
    expect(errors).toEqual([
      expect.stringMatching(/STATE type is absent \(LEGACY\), not STREAM/),
      expect.stringMatching(/STATE type is GLOBAL, not STREAM/),
    ]);
  });

  it('catches a state whose stream_state is not a plain object', () => {
    const messages = validSync();
    const bad = state({});
    (bad.state.stream as { stream_state: unknown }).stream_state = [1];
    messages[4] = bad;
    expect(checkProtocolInvariants(messages, opts)).toEqual(
      expect.arrayContaining([expect.stringMatching(/no plain-object stream_state/)]),
    );
  });

  it('catches a started stream without an end status, and a completed one without state', () => {
    const unfinished = [status('issues', 'STARTED'), record(issue1)];
    expect(checkProtocolInvariants(unfinished, opts)).toEqual([
      'stream "issues" was STARTED but never COMPLETE/INCOMPLETE',
    ]);
    const stateless = [...unfinished, status('issues', 'COMPLETE')];
    expect(checkProtocolInvariants(stateless, opts)).toEqual([
      'stream "issues" COMPLETED without a STATE',
    ]);
  });

  it('accepts a failed stream that never reached a checkpoint', () => {
    const failed = [status('issues', 'STARTED'), status('issues', 'INCOMPLETE')];
    expect(checkProtocolInvariants(failed, opts)).toEqual([]);
  });

  it('accepts INCOMPLETE alone for a configured stream skipped unread, but nothing after it', () => {
    const skipped = [status('issues', 'INCOMPLETE')];
    expect(checkProtocolInvariants(skipped, opts)).toEqual([]);
    expect(checkProtocolInvariants([...skipped, status('issues', 'STARTED')], opts)).toEqual([
      expect.stringMatching(/STARTED status of "issues" after its INCOMPLETE status/),
    ]);
  });

  it('catches a record before STARTED', () => {
    const messages = validSync();
    [messages[1], messages[2]] = [messages[2], messages[1]];
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/message 2: RECORD of "issues" before its STARTED status/),
    ]);
  });

  it('catches a record or a status after COMPLETE', () => {
    const messages = [...validSync(), record(issue1), status('issues', 'RUNNING')];
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/RECORD of "issues" after its COMPLETE status/),
      expect.stringMatching(/RUNNING status of "issues" after its COMPLETE status/),
    ]);
  });

  it('catches a status of a stream before STARTED, and a second STARTED', () => {
    const messages = [
      status('issues', 'RUNNING'),
      status('issues', 'STARTED'),
      status('issues', 'STARTED'),
      state({}),
      status('issues', 'INCOMPLETE'),
    ];
    expect(checkProtocolInvariants(messages, opts)).toEqual([
      expect.stringMatching(/RUNNING status of "issues" before its STARTED status/),
      expect.stringMatching(/second STARTED status of "issues"/),
    ]);
  });

  it('catches a TRACE ERROR without failure_type', () => {
    const error = {
      type: 'TRACE',
      trace: { type: 'ERROR', emitted_at: NOW, error: { message: 'boom' } },
    };
    expect(checkProtocolInvariants([error])).toEqual([
      expect.stringMatching(/TRACE ERROR without failure_type/),
    ]);
    const withType = {
      ...error,
      trace: { ...error.trace, error: { message: 'boom', failure_type: 'config_error' } },
    };
    expect(checkProtocolInvariants([withType])).toEqual([]);
  });

  it('catches a catalog whose key is not in the schema, and duplicated singletons', () => {
    const catalog = {
      type: 'CATALOG',
      catalog: {
        streams: [
          {
            name: 'issues',
            json_schema: schema,
            supported_sync_modes: ['full_refresh'],
            source_defined_primary_key: [['key']],
          },
        ],
      },
    };
    expect(checkProtocolInvariants([catalog, catalog])).toEqual([
      expect.stringMatching(/key key not in schema/),
      expect.stringMatching(/key key not in schema/),
      '2 CATALOG messages; expected exactly one',
    ]);
  });

  it('catches a connection specification that does not compile', () => {
    const spec = { type: 'SPEC', spec: { connectionSpecification: { type: 'no-such-type' } } };
    expect(checkProtocolInvariants([spec])).toEqual([
      expect.stringMatching(/connectionSpecification does not compile/),
    ]);
  });
});
