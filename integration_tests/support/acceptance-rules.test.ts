import {
  ACCEPTANCE_RULES,
  acceptanceConfigViolations,
  pathsNamedBy,
  type AcceptanceConfigInput,
  type DiscoveredStream,
} from './acceptance-rules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DISCOVERED: DiscoveredStream[] = [
  {
    name: 'space',
    supported_sync_modes: ['full_refresh'],
    json_schema: { type: 'object', properties: { spaceKey: { type: 'string' } } },
  },
  {
    name: 'issues',
    supported_sync_modes: ['full_refresh', 'incremental'],
    default_cursor_field: ['updated'],
    json_schema: {
      type: 'object',
      properties: { id: { type: 'integer' }, updated: { type: 'string', format: 'date-time' } },
    },
  },
  {
    name: 'activities',
    supported_sync_modes: ['full_refresh', 'incremental'],
    default_cursor_field: ['id'],
    json_schema: { type: 'object', properties: { id: { type: 'integer' } } },
  },
];

const record = (stream: string, data: Json) =>
  JSON.stringify({ stream, data, emitted_at: 1751328000000 });
const state = (name: string, streamState: Json) => ({
  type: 'STREAM',
  stream: { stream_descriptor: { name }, stream_state: streamState },
});

/** A config and fixtures the real CAT accepts at high strictness. */
function validInput(): {
  config: Json;
  discovered: DiscoveredStream[];
  files: Map<string, string>;
} {
  const config = {
    connector_image: 'source-backlog/source-backlog:0.1.0',
    test_strictness_level: 'high',
    acceptance_tests: {
      spec: { tests: [{ config_path: 'config.json' }] },
      connection: { tests: [{ config_path: 'config.json', status: 'succeed' }] },
      discovery: { tests: [{ config_path: 'config.json' }] },
      basic_read: {
        tests: [
          {
            config_path: 'config.json',
            empty_streams: [],
            expect_records: { path: 'expected.jsonl', exact_order: false },
          },
        ],
      },
      full_refresh: { tests: [{ config_path: 'config.json' }] },
      incremental: {
        tests: [
          {
            config_path: 'config.json',
            future_state: { future_state_path: 'future.json', missing_streams: [] },
          },
        ],
      },
    },
  };
  const files = new Map([
    ['config.json', '{}'],
    [
      'expected.jsonl',
      [
        record('space', { spaceKey: 'S' }),
        record('issues', { id: 1, updated: '2025-01-01T00:00:00Z' }),
        record('activities', { id: 7 }),
      ].join('\n') + '\n',
    ],
    [
      'future.json',
      JSON.stringify([
        state('issues', { updated: '2122-01-01T00:00:00Z' }),
        state('activities', { id: 9999999999 }),
      ]),
    ],
  ]);
  return { config, discovered: structuredClone(DISCOVERED), files };
}

const basicRead = (input: { config: Json }) => input.config.acceptance_tests.basic_read.tests[0];
const incremental = (input: { config: Json }) => input.config.acceptance_tests.incremental.tests[0];

/** Each rule, broken on purpose: what is changed, and how. */
const BROKEN: Array<
  [rule: string, breakage: string, (input: ReturnType<typeof validInput>) => void]
> = [
  [
    'known-keys',
    'threshold_days on an incremental test',
    (i) => {
      incremental(i).threshold_days = 30;
    },
  ],
  [
    'known-keys',
    'a misspelt key in expect_records',
    (i) => {
      basicRead(i).expect_records.exactOrder = true;
    },
  ],
  [
    'required-fields',
    'no connector_image',
    (i) => {
      delete i.config.connector_image;
    },
  ],
  [
    'required-fields',
    'an empty stream without a name',
    (i) => {
      basicRead(i).empty_streams = [{ bypass_reason: 'no data' }];
    },
  ],
  [
    'field-values',
    'test_strictness_level: strict',
    (i) => {
      i.config.test_strictness_level = 'strict';
    },
  ],
  [
    'field-values',
    'connection status: ok',
    (i) => {
      i.config.acceptance_tests.connection.tests[0].status = 'ok';
    },
  ],
  [
    'field-values',
    'timeout_seconds: -1',
    (i) => {
      basicRead(i).timeout_seconds = -1;
    },
  ],
  [
    'field-values',
    'disable_for_version: latest',
    (i) => {
      i.config.acceptance_tests.spec.tests[0].backward_compatibility_tests_config = {
        disable_for_version: 'latest',
      };
    },
  ],
  [
    'tests-or-bypass-reason',
    'tests and a bypass_reason',
    (i) => {
      i.config.acceptance_tests.full_refresh.bypass_reason = 'not needed';
    },
  ],
  [
    'tests-or-bypass-reason',
    'a section with neither',
    (i) => {
      i.config.acceptance_tests.full_refresh = {};
    },
  ],
  [
    'expect-records-path-or-reason',
    'a path and a bypass_reason',
    (i) => {
      basicRead(i).expect_records.bypass_reason = 'no data';
    },
  ],
  [
    'expect-records-path-or-reason',
    'neither a path nor a bypass_reason',
    (i) => {
      basicRead(i).expect_records = { exact_order: false };
    },
  ],
  [
    'oauth-default-bypass-reason',
    'auth_default_method.oauth: false without a reason',
    (i) => {
      i.config.acceptance_tests.spec.tests[0].auth_default_method = { oauth: false };
    },
  ],
  [
    'high-mandatory-tests',
    'no full_refresh section',
    (i) => {
      delete i.config.acceptance_tests.full_refresh;
    },
  ],
  [
    'high-no-basic-read-catalog',
    'a configured_catalog_path on the basic read',
    (i) => {
      basicRead(i).configured_catalog_path = 'catalog.json';
      i.files.set('catalog.json', JSON.stringify({ streams: [{ stream: { name: 'space' } }] }));
    },
  ],
  [
    'high-validate-schema',
    'validate_schema: false',
    (i) => {
      basicRead(i).validate_schema = false;
    },
  ],
  [
    'high-bypass-reasons',
    'an empty stream without a bypass_reason',
    (i) => {
      basicRead(i).empty_streams = [{ name: 'space' }];
    },
  ],
  [
    'high-bypass-reasons',
    'a missing future-state stream without a bypass_reason',
    (i) => {
      incremental(i).future_state.missing_streams = [{ name: 'activities' }];
    },
  ],
  [
    'high-bypass-reasons',
    'an ignored field without a bypass_reason',
    (i) => {
      i.config.acceptance_tests.full_refresh.tests[0].ignored_fields = { space: [{ name: 'x' }] };
    },
  ],
  [
    'high-expected-records',
    'no expect_records',
    (i) => {
      delete basicRead(i).expect_records;
    },
  ],
  [
    'high-expected-records',
    'a stream with no expected record',
    (i) => {
      i.files.set('expected.jsonl', record('space', { spaceKey: 'S' }) + '\n');
    },
  ],
  [
    'expected-records-lines',
    'a blank line inside the file',
    (i) => {
      i.files.set('expected.jsonl', i.files.get('expected.jsonl')!.replace('\n', '\n\n'));
    },
  ],
  [
    'expected-records-lines',
    'a line without emitted_at',
    (i) => {
      i.files.set(
        'expected.jsonl',
        i.files.get('expected.jsonl')! + JSON.stringify({ stream: 'space', data: {} }) + '\n',
      );
    },
  ],
  [
    'high-future-state',
    'no future_state',
    (i) => {
      delete incremental(i).future_state;
    },
  ],
  [
    'high-future-state',
    'an incremental stream missing from the future state',
    (i) => {
      i.files.set(
        'future.json',
        JSON.stringify([state('issues', { updated: '2122-01-01T00:00:00Z' })]),
      );
    },
  ],
  [
    'future-state-cursor-values',
    'an integer cursor given as a string',
    (i) => {
      i.files.set(
        'future.json',
        JSON.stringify([
          state('issues', { updated: '2122-01-01T00:00:00Z' }),
          state('activities', { id: '9999999999' }),
        ]),
      );
    },
  ],
  [
    'future-state-cursor-values',
    'a state without its cursor',
    (i) => {
      i.files.set(
        'future.json',
        JSON.stringify([state('issues', { since: '2122-01-01' }), state('activities', { id: 9 })]),
      );
    },
  ],
  [
    'future-state-cursor-values',
    'a cursor that breaks cursor_format',
    (i) => {
      incremental(i).future_state.cursor_format = { format: '^\\d{4}-\\d{2}-\\d{2}$' };
    },
  ],
  [
    'incremental-cursor',
    'an incremental stream with no cursor',
    (i) => {
      delete i.discovered[2].default_cursor_field;
    },
  ],
  [
    'catalogs-name-discovered-streams',
    'an incremental catalog naming an unknown stream',
    (i) => {
      incremental(i).configured_catalog_path = 'catalog.json';
      i.files.set('catalog.json', JSON.stringify({ streams: [{ stream: { name: 'tickets' } }] }));
    },
  ],
  [
    'config-files-exist',
    'a config_path with no file',
    (i) => {
      basicRead(i).config_path = 'secrets/config.json';
    },
  ],
];

function violationsOf(input: AcceptanceConfigInput) {
  return acceptanceConfigViolations(input);
}

describe('acceptanceConfigViolations: the rules the real CAT enforces on its config', () => {
  it('accepts a config that satisfies every rule at high strictness', () => {
    expect(violationsOf(validInput())).toEqual([]);
  });

  it.each(BROKEN)('%s: %s', (rule, _breakage, breakIt) => {
    const input = validInput();
    breakIt(input);
    const violations = violationsOf(input);
    expect(violations.map((violation) => violation.rule)).toContain(rule);
    expect(violations.filter((violation) => violation.rule !== rule)).toEqual([]);
  });

  it('has a broken config for every rule', () => {
    const broken = new Set(BROKEN.map(([rule]) => rule));
    expect(ACCEPTANCE_RULES.map((rule) => rule.id).filter((id) => !broken.has(id))).toEqual([]);
  });

  it('names the CAT code each rule mirrors', () => {
    for (const rule of ACCEPTANCE_RULES) expect(rule.mirrors).toMatch(/\.py /);
  });

  it('at low strictness lets through what only high forbids', () => {
    const input = validInput();
    input.config.test_strictness_level = 'low';
    basicRead(input).configured_catalog_path = 'catalog.json';
    input.files.set('catalog.json', JSON.stringify({ streams: [{ stream: { name: 'space' } }] }));
    basicRead(input).empty_streams = [{ name: 'space' }];
    delete incremental(input).future_state;
    delete input.config.acceptance_tests.full_refresh;
    expect(violationsOf(input)).toEqual([]);
  });

  it('lists every file the config names', () => {
    expect(pathsNamedBy(validInput().config).sort()).toEqual([
      'config.json',
      'expected.jsonl',
      'future.json',
    ]);
  });
});
