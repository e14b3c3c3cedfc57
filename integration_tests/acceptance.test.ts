/**
 * Airbyte's connector acceptance tests (CAT), as jest: every test and path comes from
 * acceptance-test-config.yml, and runs against the built CLI and the seeded acceptance space of
 * the fake Backlog server (configs get its address as space_url).
 *
 * First the config itself meets the rules the real CAT enforces on it (support/acceptance-rules.ts
 * lists each with the CAT code it mirrors), then each test runs as CAT runs it at high strictness:
 * catalogs built from the discovery, expected records for every stream.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FakeBacklog } from './fake-backlog';
import {
  ACCEPTANCE_SPACE,
  acceptanceTestConfig,
  catalogFromDiscovery,
  catalogOf,
  configPointedAt,
  onlyInMode,
  rawAcceptanceTestConfig,
  readExpectedRecords,
  readRepoJson,
  recordLines,
  records,
  repoFiles,
  type ConfiguredCatalog,
} from './support/acceptance';
import { acceptanceConfigViolations, pathsNamedBy } from './support/acceptance-rules';
import {
  errorTrace,
  finalState,
  protocolProblems,
  runConnector,
  type CatalogEntry,
  type RunResult,
} from './support/connector';
import { expectedRecordsOf, recordDifferences } from './support/expected-records';
import { oauthDefaultMethodProblem, oauthPathsMissingFromSpec } from './support/oauth-spec-checks';
import { DEFAULT_LOOKBACK_MS } from './support/lookback';

const { acceptance_tests: tests } = acceptanceTestConfig();

type Json = Record<string, unknown>;

/**
 * Field names that hold a secret: CAT's list (tests/test_core.py secret_property_names_fixture,
 * matched whole and lower-cased) and our api_key.
 */
const SECRET_NAMES = new Set([
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
  'api_key',
]);

/** A field that can hold a secret: a string or number that is not a constant (CAT's _property_can_store_secret). */
function canHoldSecret(property: Json): boolean {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  return (
    types.some((type) => ['string', 'integer', 'number'].includes(type as string)) &&
    !property.const
  );
}

function newAjv(): Ajv {
  // strict:false: Airbyte's own keywords (airbyte_secret, order) sit beside JSON Schema's.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Every property of a JSON schema, at any depth, with its path. */
function* propertiesOf(schema: unknown, at = ''): Generator<[string, Json]> {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Json;
  for (const [name, child] of Object.entries((node.properties as Json | undefined) ?? {})) {
    yield [`${at}${name}`, child as Json];
    yield* propertiesOf(child, `${at}${name}.`);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    for (const branch of (node[key] as unknown[] | undefined) ?? [])
      yield* propertiesOf(branch, at);
  }
  if (node.items) yield* propertiesOf(node.items, `${at}[].`);
}

/** Cursor values compare as numbers (ids) or instants (ISO timestamps). */
function cursorValue(value: unknown): number {
  return typeof value === 'number' ? value : Date.parse(String(value));
}

function cursorOf(data: Json, field: string[]): unknown {
  return field.reduce<unknown>((value, key) => (value as Json | undefined)?.[key], data);
}

/** Stream name → the cursor value its saved state holds (states name the cursor field alike). */
function stateCursorValues(state: unknown[], catalog: ConfiguredCatalog): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const entry of state as Array<{
    stream: { stream_descriptor: { name: string }; stream_state?: Json };
  }>) {
    const field = catalog.streams.find(
      (s) => s.stream.name === entry.stream.stream_descriptor.name,
    )?.cursor_field;
    const value = field && entry.stream.stream_state && cursorOf(entry.stream.stream_state, field);
    if (value !== undefined && value !== null)
      values.set(entry.stream.stream_descriptor.name, value);
  }
  return values;
}

/** Stream name → its state's cursor as a number (an id) or an instant, to compare. */
function stateCursors(state: unknown[], catalog: ConfiguredCatalog): Map<string, number> {
  const values = stateCursorValues(state, catalog);
  return new Map([...values].map(([stream, value]) => [stream, cursorValue(value)]));
}

/** Stream name → its state's cursor as text (what CAT compares formats of). */
function stateCursorTexts(state: unknown[], catalog: ConfiguredCatalog): Map<string, string> {
  const values = stateCursorValues(state, catalog);
  return new Map([...values].map(([stream, value]) => [stream, String(value)]));
}

/**
 * Two cursor values of the same format: as long, and letter for letter, digit for digit, the
 * same punctuation (test_incremental.py _check_cursor_by_char_types).
 */
function sameCharacterKinds(actual: string, expected: string): boolean {
  const kind = (char: string) =>
    /\p{L}/u.test(char) ? 'letter' : /\d/.test(char) ? 'digit' : char;
  return (
    actual.length === expected.length &&
    [...actual].every((char, index) => kind(char) === kind(expected[index]))
  );
}

/**
 * Records whose cursor lies before the state they were read from, less the lookback window for
 * date cursors (CAT's sequential-read check).
 */
function recordsBeforeState(
  result: RunResult,
  state: unknown[],
  catalog: ConfiguredCatalog,
): string[] {
  const cursors = stateCursors(state, catalog);
  return records(result).flatMap(({ stream, data }) => {
    const field = catalog.streams.find((s) => s.stream.name === stream)?.cursor_field;
    const from = cursors.get(stream);
    if (!field || from === undefined) return [];
    const value = cursorOf(data, field);
    // The lookback window before a date cursor is read again (older CATs allowed it through
    // `threshold_days`).
    const earliest = typeof value === 'number' ? from : from - DEFAULT_LOOKBACK_MS;
    return cursorValue(value) < earliest
      ? [`${stream} ${String(data.id)} at ${String(value)}`]
      : [];
  });
}

function streamNames(catalog: ConfiguredCatalog): string[] {
  return catalog.streams.map((configured) => configured.stream.name);
}

describe('acceptance tests (acceptance-test-config.yml)', () => {
  let fake: FakeBacklog;
  let discovery: RunResult;
  let discovered: CatalogEntry[];
  beforeAll(async () => {
    fake = await FakeBacklog.start(ACCEPTANCE_SPACE);
    const [test] = tests.discovery.tests;
    discovery = await runConnector('discover', {
      config: configPointedAt(test.config_path, fake.url),
    });
    expect(discovery.exitCode).toBe(0);
    discovered = discovery.messages.find((message) => message.type === 'CATALOG')!.catalog!
      .streams as unknown as CatalogEntry[];
  });
  afterAll(() => fake.stop());

  /*
   * The rules (support/acceptance-rules.ts), each as the real CAT enforces it:
   * known-keys                       config.py BaseConfig (extra = "forbid"), ExpectedRecordsConfig
   * required-fields                  config.py Config, EmptyStreamConfiguration (name)
   * field-values                     config.py test_strictness_level, ConnectionTestConfig.status,
   *                                  deployment_mode, timeout_seconds, SEMVER_REGEX
   * tests-or-bypass-reason           config.py GenericTestConfig.no_bypass_reason_when_tests_is_set,
   *                                  plugin.py parametrize_skip_or_fail
   * expect-records-path-or-reason    config.py ExpectedRecordsConfig.no_bypass_reason_when_path_is_set
   * oauth-default-bypass-reason      config.py OAuthTestConfig.validate_oauth
   * high-mandatory-tests             plugin.py parametrize_skip_or_fail, base.py MANDATORY_FOR_TEST_STRICTNESS_LEVELS
   * high-no-basic-read-catalog       tests/test_core.py TestBasicRead.configured_catalog_fixture
   * high-validate-schema             tests/test_core.py TestBasicRead.should_validate_schema_fixture
   * high-bypass-reasons              conftest.py empty_streams_fixture, ignored_fields_fixture;
   *                                  tests/test_incremental.py future_state_fixture
   * high-expected-records            conftest.py expected_records_by_stream_fixture, find_not_seeded_streams
   * expected-records-lines           conftest.py expected_records_by_stream_fixture (parse_raw per line)
   * high-future-state                tests/test_incremental.py future_state_configuration_fixture, future_state_fixture
   * future-state-cursor-values       tests/test_incremental.py test_state_with_abnormally_large_values
   * incremental-cursor               tests/test_incremental.py configured_catalog_for_incremental_fixture
   * catalogs-name-discovered-streams utils/common.py build_configured_catalog_from_custom_catalog
   * config-files-exist               conftest.py connector_config_fixture
   */
  it('the config and its files break none of the rules the real CAT enforces', () => {
    const config = rawAcceptanceTestConfig();
    const violations = acceptanceConfigViolations({
      config,
      discovered,
      files: repoFiles(pathsNamedBy(config)),
    });
    expect(violations).toEqual([]);
  });

  describe('spec', () => {
    let spec: Json;
    let connectionSpecification: Json;
    beforeAll(async () => {
      const result = await runConnector('spec');
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result)).toEqual([]);
      spec = result.messages.find((message) => message.type === 'SPEC')!.spec!;
      connectionSpecification = spec.connectionSpecification as Json;
    });

    // tests/test_core.py TestSpec.test_oauth_flow_parameters
    it('every config path advanced_auth names is in the connection specification', () => {
      expect(oauthPathsMissingFromSpec(spec)).toEqual([]);
    });

    // tests/test_core.py TestSpec.test_oauth_is_default_method
    it.each(tests.spec.tests)(
      'OAuth is the default method, or $config_path says why not',
      (test) => {
        expect(oauthDefaultMethodProblem(spec, test)).toBeUndefined();
      },
    );

    it('the connection specification is a JSON schema that compiles', () => {
      expect(connectionSpecification).toMatchObject({ type: 'object' });
      expect(() => newAjv().compile(connectionSpecification)).not.toThrow();
    });

    // tests/test_core.py TestSpec.test_secret_is_properly_marked
    it('every field named as a secret is marked airbyte_secret, and nothing else is', () => {
      const named = [...propertiesOf(connectionSpecification)].filter(
        ([path, property]) =>
          property.type !== undefined && SECRET_NAMES.has(path.split('.').pop()!.toLowerCase()),
      );
      expect(named.length).toBeGreaterThan(0);
      for (const [path, property] of named) {
        expect({ path, airbyte_secret: property.airbyte_secret === true }).toEqual({
          path,
          airbyte_secret: canHoldSecret(property),
        });
      }
    });

    it.each(tests.spec.tests.map((test) => test.config_path))('%s passes the spec', (file) => {
      const validate = newAjv().compile(connectionSpecification);
      expect({ file, errors: validate(readRepoJson(file)) ? null : validate.errors }).toEqual({
        file,
        errors: null,
      });
    });

    it.each(
      tests.connection.tests.filter((test) => test.status === 'failed').map((t) => t.config_path),
    )('%s breaks the spec', (file) => {
      const validate = newAjv().compile(connectionSpecification);
      expect(validate(readRepoJson(file))).toBe(false);
    });
  });

  describe('connection', () => {
    it.each(tests.connection.tests.map((test) => [test.config_path, test.status] as const))(
      'check with %s: %s',
      async (file, status) => {
        const result = await runConnector('check', { config: configPointedAt(file, fake.url) });
        expect(await protocolProblems(fake.url, result)).toEqual([]);
        const statuses = result.messages.filter((message) => message.type === 'CONNECTION_STATUS');
        const traces = result.messages.filter((message) => message.type === 'TRACE');
        if (status === 'succeed') {
          expect(result.exitCode).toBe(0);
          expect(statuses.map((message) => message.connectionStatus?.status)).toEqual([
            'SUCCEEDED',
          ]);
          return;
        }
        // CAT accepts a single config_error TRACE or a single FAILED status.
        if (traces.length > 0) {
          expect(traces.map((message) => message.trace?.error?.failure_type)).toEqual([
            'config_error',
          ]);
        } else {
          expect(statuses.map((message) => message.connectionStatus?.status)).toEqual(['FAILED']);
        }
      },
    );

    it.each(
      tests.connection.tests.filter((test) => test.status === 'failed').map((t) => t.config_path),
    )('discover and read with %s fail with a config_error TRACE', async (file) => {
      const config = configPointedAt(file, fake.url);
      const catalog = catalogFromDiscovery(discovered);
      for (const result of [
        await runConnector('discover', { config }),
        await runConnector('read', { config, catalog }),
      ]) {
        expect(result.exitCode).not.toBe(0);
        expect(errorTrace(result)?.failure_type).toBe('config_error');
        expect(records(result)).toEqual([]);
        expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      }
    });
  });

  describe('discovery', () => {
    let streams: CatalogEntry[];
    beforeAll(async () => {
      streams = discovered;
      expect(await protocolProblems(fake.url, discovery)).toEqual([]);
    });

    it('every stream schema compiles and is an object', () => {
      for (const stream of streams) {
        expect({ stream: stream.name, type: stream.json_schema.type }).toEqual({
          stream: stream.name,
          type: 'object',
        });
        expect(() => newAjv().compile(stream.json_schema)).not.toThrow();
      }
    });

    it('primary keys and cursors exist in the schemas', () => {
      for (const stream of streams) {
        const declared = new Set([...propertiesOf(stream.json_schema)].map(([path]) => path));
        const paths = [...(stream.source_defined_primary_key ?? []), stream.default_cursor_field]
          .filter((path): path is string[] => path !== undefined)
          .map((path) => path.join('.'));
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          expect({ stream: stream.name, path, declared: declared.has(path) }).toEqual({
            stream: stream.name,
            path,
            declared: true,
          });
        }
        if (stream.supported_sync_modes.includes('incremental')) {
          expect({ stream: stream.name, cursor: stream.default_cursor_field?.length }).toEqual({
            stream: stream.name,
            cursor: 1,
          });
        }
      }
    });

    it('no two fields differ only in case (the Snowflake destination upper-cases names)', () => {
      for (const stream of streams) {
        const upperCased = [...propertiesOf(stream.json_schema)].map(([path]) =>
          path.toUpperCase(),
        );
        expect({
          stream: stream.name,
          clashes: upperCased.length - new Set(upperCased).size,
        }).toEqual({ stream: stream.name, clashes: 0 });
      }
    });
  });

  describe.each(tests.basic_read.tests)('basic read of the discovered catalog', (test) => {
    const emptyStreams = (test.empty_streams ?? []).map((stream) => stream.name);
    let catalog: ConfiguredCatalog;
    let result: RunResult;
    beforeAll(async () => {
      catalog = catalogFromDiscovery(discovered, emptyStreams);
      result = await runConnector('read', {
        config: configPointedAt(test.config_path, fake.url),
        catalog,
      });
    });

    it('succeeds; records match their schemas with no undeclared field', async () => {
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
    });

    // test_core.py TestBasicRead._validate_state_messages
    it('emits a STREAM state with sourceStats, at least one per stream', () => {
      const states = result.messages.filter((message) => message.type === 'STATE');
      expect(states.length).toBeGreaterThanOrEqual(catalog.streams.length);
      for (const { state } of states) {
        expect({ type: state?.type, stats: typeof state?.sourceStats }).toEqual({
          type: 'STREAM',
          stats: 'object',
        });
      }
    });

    it('every configured stream emits records', () => {
      const emitting = new Set(records(result).map((record) => record.stream));
      expect(streamNames(catalog).filter((name) => !emitting.has(name))).toEqual([]);
    });

    it('expected_records.jsonl holds exactly what the fake space holds', () => {
      const file = readExpectedRecords(test.expect_records!.path);
      const differences = recordDifferences(file, expectedRecordsOf(fake));
      expect(file.length).toBeGreaterThan(0);
      expect(differences).toEqual({ missing: [], extra: [], duplicated: [] });
    });

    it('reads every expected record once, and nothing else', () => {
      const expected = readExpectedRecords(test.expect_records!.path);
      expect(recordDifferences(records(result), expected)).toEqual({
        missing: [],
        extra: [],
        duplicated: [],
      });
    });

    // test_core.py TestBasicRead.test_airbyte_trace_message_on_failure: CAT's own broken catalog.
    it('a catalog with an unknown sync mode on an unknown stream fails with an ERROR trace', async () => {
      const broken = {
        streams: [
          {
            stream: {
              name: '__AIRBYTE__stream_that_does_not_exist',
              json_schema: { type: 'object', properties: { f1: { type: 'string' } } },
              supported_sync_modes: ['full_refresh'],
            },
            sync_mode: 'INVALID',
            destination_sync_mode: 'INVALID',
          },
        ],
      };
      const failed = await runConnector('read', {
        config: configPointedAt(test.config_path, fake.url),
        catalog: broken,
      });
      expect(failed.exitCode).not.toBe(0);
      expect(errorTrace(failed)?.failure_type).toBe('config_error');
    });
  });

  it.each(tests.full_refresh.tests)(
    'full refresh: two reads give the same records, the second emitted later',
    async (test) => {
      const catalog = onlyInMode(catalogOf(test, discovered), 'full_refresh');
      const config = configPointedAt(test.config_path, fake.url);
      const first = await runConnector('read', { config, catalog });
      const second = await runConnector('read', { config, catalog });
      for (const result of [first, second]) {
        expect(result.exitCode).toBe(0);
        expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      }
      expect(recordLines(first).length).toBeGreaterThan(0);
      expect(recordLines(second)).toEqual(recordLines(first));
      // test_full_refresh.py assert_emitted_at_increase_on_subsequent_runs
      const emittedAt = (result: RunResult) =>
        result.messages.flatMap((message) => (message.record ? [message.record.emitted_at] : []));
      expect(Math.max(...emittedAt(first))).toBeLessThan(Math.min(...emittedAt(second)));
    },
  );

  describe.each(tests.incremental.tests)('incremental reads', (test) => {
    // As CAT does: only the streams that can be read incrementally.
    let catalog: ConfiguredCatalog;
    beforeAll(() => {
      catalog = onlyInMode(catalogOf(test, discovered), 'incremental');
      for (const configured of catalog.streams) {
        configured.cursor_field ??= configured.stream.default_cursor_field;
      }
    });
    const config = () => configPointedAt(test.config_path, fake.url);

    it("a second read from the first read's state reads nothing older than that state, and differs", async () => {
      const first = await runConnector('read', { config: config(), catalog });
      expect(first.exitCode).toBe(0);
      const state = finalState(first);
      expect(stateCursors(state, catalog).size).toBe(catalog.streams.length);
      const second = await runConnector('read', { config: config(), catalog, state });
      expect(second.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, second, streamNames(catalog))).toEqual([]);
      expect(recordsBeforeState(second, state, catalog)).toEqual([]);
      // test_incremental.py test_two_sequential_reads: the records of the two reads differ.
      expect(records(second).length).toBeLessThan(records(first).length);
      expect(recordLines(second)).not.toEqual(recordLines(first));
    });

    // test_incremental.py test_read_sequential_slices, one stream at a time.
    it('a read from any state of a first read emits at least the records counted after it', async () => {
      for (const configured of catalog.streams) {
        const single = { streams: [configured] };
        const first = await runConnector('read', { config: config(), catalog: single });
        const states = first.messages.filter((message) => message.type === 'STATE');
        const counts = states.map((message) => message.state?.sourceStats?.recordCount ?? 0);
        expect({ stream: configured.stream.name, records: records(first).length }).toEqual({
          stream: configured.stream.name,
          records: counts.reduce((sum, count) => sum + count, 0),
        });
        for (const [index, message] of states.entries()) {
          const after = counts.slice(index + 1).reduce((sum, count) => sum + count, 0);
          const { sourceStats: _stats, ...state } = message.state!;
          const next = await runConnector('read', {
            config: config(),
            catalog: single,
            state: [state],
          });
          expect({
            stream: configured.stream.name,
            atLeast: records(next).length >= after,
          }).toEqual({ stream: configured.stream.name, atLeast: true });
        }
      }
    });

    it('a read from sample_state.json reads exactly the changes after its cursors', async () => {
      const state = readRepoJson<unknown[]>('integration_tests/sample_state.json');
      const cursors = stateCursors(state, catalog);
      expect([...cursors.keys()].sort()).toEqual(streamNames(catalog).sort());
      const result = await runConnector('read', { config: config(), catalog, state });
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      // After the cursor; for date cursors also what lies in the lookback window before it.
      const changed = ({ stream, data }: { stream: string; data: Json }) => {
        const field = catalog.streams.find((s) => s.stream.name === stream)!.cursor_field!;
        const value = cursorOf(data, field);
        const from = cursors.get(stream)!;
        return typeof value === 'number'
          ? value > from
          : cursorValue(value) >= from - DEFAULT_LOOKBACK_MS;
      };
      // What the server holds, not what a full read printed.
      const all = expectedRecordsOf(fake).filter(({ stream }) => cursors.has(stream));
      const expected = all.filter(changed);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      expect(recordDifferences(records(result), expected)).toEqual({
        missing: [],
        extra: [],
        duplicated: [],
      });
    });

    // test_incremental.py test_state_with_abnormally_large_values
    it('the future state yields no records and no failure, and a STATE for every stream in its cursor format', async () => {
      const state = readRepoJson<unknown[]>(test.future_state!.future_state_path);
      const future = stateCursorTexts(state, catalog);
      expect(future.size).toBe(catalog.streams.length);
      const result = await runConnector('read', { config: config(), catalog, state });
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      expect(records(result)).toEqual([]);
      const emitted = stateCursorTexts(finalState(result), catalog);
      expect([...emitted.keys()].sort()).toEqual(streamNames(catalog).sort());
      for (const [stream, value] of emitted) {
        expect({ stream, format: sameCharacterKinds(value, future.get(stream)!) }).toEqual({
          stream,
          format: true,
        });
      }
    });
  });
});
