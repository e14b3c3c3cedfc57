/**
 * The rules Airbyte's connector acceptance tests (CAT) enforce on acceptance-test-config.yml and
 * the fixtures it names, read in airbytehq/airbyte
 * `airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/` (config.py,
 * plugin.py, base.py, conftest.py, tests/test_core.py, tests/test_incremental.py, utils/common.py).
 * A config that breaks one is refused by the real CAT, or makes one of its tests fail before the
 * connector is even judged, so it fails our suite too. Each rule names the CAT code it mirrors.
 *
 * The rules need no connector run: only the config, the files it names and the discovered streams.
 */

export interface DiscoveredStream {
  name: string;
  supported_sync_modes: string[];
  default_cursor_field?: string[];
  json_schema: Record<string, unknown>;
}

export interface AcceptanceConfigInput {
  /** acceptance-test-config.yml, parsed. */
  config: unknown;
  /** What `discover` returns for the configs' connection. */
  discovered: DiscoveredStream[];
  /** The files the config names, by the path it gives them; a missing file is absent. */
  files: ReadonlyMap<string, string>;
}

export interface Violation {
  /** The id of the rule broken (ACCEPTANCE_RULES). */
  rule: string;
  /** Where in the config, e.g. `acceptance_tests.basic_read.tests[0].empty_streams[1]`. */
  at: string;
  message: string;
}

type Json = Record<string, unknown>;

interface Rule {
  id: string;
  /** The CAT file and function the rule mirrors. */
  mirrors: string;
  check(context: Context): Violation[];
}

const SECTIONS = ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental'];
const STRICTNESS_LEVELS = ['high', 'low'];
const CONNECTION_STATUSES = ['succeed', 'failed', 'exception'];
const DEPLOYMENT_MODE = /^(cloud|oss)$/;
// config.py SEMVER_REGEX; pydantic matches it from the start of the value only (re.match).
const SEMVER =
  /^(0|(?:[1-9]\d*))(?:\.(0|(?:[1-9]\d*))(?:\.(0|(?:[1-9]\d*)))?(?:-([\w][\w.\-_]*))?)?/;
// test_incremental.py SCHEMA_TYPES_MAPPING, as JavaScript checks of a JSON value.
const CURSOR_VALUE_TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isInteger(value),
  // Python's isinstance(1, float) is false; JSON.parse cannot tell 1.0 from 1, so 1.0 fails too.
  number: (value) => typeof value === 'number' && !Number.isInteger(value),
};

/**
 * config.py: the keys each pydantic model takes (BaseConfig and ExpectedRecordsConfig have
 * `extra = "forbid"`), with the model of each nested value. `[]` marks a list of that model,
 * `{}[]` a map of lists. GenericTestConfig (a section: bypass_reason, tests) ignores other keys.
 */
const MODELS: Record<string, Record<string, string | null>> = {
  Config: {
    connector_image: null,
    acceptance_tests: 'AcceptanceTestConfigurations',
    base_path: null,
    test_strictness_level: null,
    custom_environment_variables: null,
  },
  AcceptanceTestConfigurations: {
    spec: 'Section:SpecTestConfig',
    connection: 'Section:ConnectionTestConfig',
    discovery: 'Section:DiscoveryTestConfig',
    basic_read: 'Section:BasicReadTestConfig',
    full_refresh: 'Section:FullRefreshConfig',
    incremental: 'Section:IncrementalConfig',
    connector_attributes: 'Section:ConnectorAttributesConfig',
    connector_documentation: 'Section:TestConnectorDocumentationConfig',
    client_container_config: 'ClientContainerConfig',
  },
  SpecTestConfig: {
    spec_path: null,
    config_path: null,
    timeout_seconds: null,
    deployment_mode: null,
    backward_compatibility_tests_config: 'BackwardCompatibilityTestsConfig',
    auth_default_method: 'OAuthTestConfig',
  },
  BackwardCompatibilityTestsConfig: { previous_connector_version: null, disable_for_version: null },
  OAuthTestConfig: { oauth: null, bypass_reason: null },
  ConnectionTestConfig: {
    config_path: null,
    status: null,
    timeout_seconds: null,
    deployment_mode: null,
  },
  DiscoveryTestConfig: {
    config_path: null,
    timeout_seconds: null,
    deployment_mode: null,
    backward_compatibility_tests_config: 'BackwardCompatibilityTestsConfig',
    validate_primary_keys_data_type: null,
  },
  BasicReadTestConfig: {
    config_path: null,
    deployment_mode: null,
    configured_catalog_path: null,
    empty_streams: 'EmptyStreamConfiguration[]',
    expect_records: 'ExpectedRecordsConfig',
    validate_schema: null,
    validate_stream_statuses: null,
    validate_state_messages: null,
    validate_primary_keys_data_type: null,
    fail_on_extra_columns: null,
    validate_data_points: null,
    expect_trace_message_on_failure: null,
    timeout_seconds: null,
    file_types: 'FileTypesConfig',
    client_container_config: 'ClientContainerConfig',
  },
  ExpectedRecordsConfig: { bypass_reason: null, path: null, exact_order: null },
  EmptyStreamConfiguration: { name: null, bypass_reason: null },
  IgnoredFieldsConfiguration: { name: null, bypass_reason: null },
  FileTypesConfig: {
    bypass_reason: null,
    unsupported_types: 'UnsupportedFileTypeConfig[]',
    skip_test: null,
  },
  UnsupportedFileTypeConfig: { extension: null, bypass_reason: null },
  ClientContainerConfig: {
    secrets_path: null,
    client_container_dockerfile_path: null,
    setup_command: null,
    teardown_command: null,
    between_syncs_command: null,
    final_teardown_command: null,
  },
  FullRefreshConfig: {
    config_path: null,
    configured_catalog_path: null,
    timeout_seconds: null,
    deployment_mode: null,
    ignored_fields: 'IgnoredFieldsConfiguration{}[]',
    client_container_config: 'ClientContainerConfig',
  },
  FutureStateConfig: {
    future_state_path: null,
    missing_streams: 'EmptyStreamConfiguration[]',
    bypass_reason: null,
    cursor_format: 'FutureStateCursorFormatConfiguration',
  },
  FutureStateCursorFormatConfiguration: {
    format: null,
    streams: 'FutureStateCursorFormatStreamConfiguration[]',
  },
  FutureStateCursorFormatStreamConfiguration: { name: null, format: null },
  IncrementalConfig: {
    config_path: null,
    configured_catalog_path: null,
    future_state: 'FutureStateConfig',
    timeout_seconds: null,
    deployment_mode: null,
    skip_comprehensive_incremental_tests: null,
    client_container_config: 'ClientContainerConfig',
  },
  ConnectorAttributesConfig: {
    timeout_seconds: null,
    config_path: null,
    streams_without_primary_key: 'EmptyStreamConfiguration[]',
    allowed_hosts: 'BypassReason',
    suggested_streams: 'BypassReason',
  },
  TestConnectorDocumentationConfig: { timeout_seconds: null, config_path: null },
  BypassReason: { bypass_reason: null },
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** One object of the config, with the path that leads to it. */
interface Node {
  at: string;
  model: string;
  value: Json;
}

/** Every object of the config that a pydantic model parses, depth first. */
function modelNodes(value: unknown, model: string, at: string): Node[] {
  if (model.endsWith('{}[]')) {
    if (!isObject(value)) return [];
    return Object.entries(value).flatMap(([key, list]) =>
      modelNodes(list, model.replace('{}[]', '[]'), `${at}.${key}`),
    );
  }
  if (model.endsWith('[]')) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) => modelNodes(item, model.slice(0, -2), `${at}[${index}]`));
  }
  if (!isObject(value)) return [];
  if (model.startsWith('Section:')) {
    const tests = value.tests;
    return Array.isArray(tests)
      ? tests.flatMap((test, index) =>
          modelNodes(test, model.slice('Section:'.length), `${at}.tests[${index}]`),
        )
      : [];
  }
  const fields = MODELS[model];
  return [
    { at, model, value },
    ...Object.entries(value).flatMap(([key, child]) => {
      const childModel = fields[key];
      return childModel ? modelNodes(child, childModel, at ? `${at}.${key}` : key) : [];
    }),
  ];
}

/** A test of one section, with where it sits. */
interface SectionTest {
  at: string;
  test: Json;
}

class Context {
  readonly root: Json;
  readonly high: boolean;
  readonly nodes: Node[];
  private readonly discoveredByName: Map<string, DiscoveredStream>;

  constructor(readonly input: AcceptanceConfigInput) {
    this.root = isObject(input.config) ? input.config : {};
    this.high = this.root.test_strictness_level === 'high';
    this.nodes = modelNodes(this.root, 'Config', '');
    this.discoveredByName = new Map(input.discovered.map((stream) => [stream.name, stream]));
  }

  section(name: string): Json | undefined {
    const sections = this.root.acceptance_tests;
    return isObject(sections) && isObject(sections[name]) ? sections[name] : undefined;
  }

  tests(name: string): SectionTest[] {
    const tests = this.section(name)?.tests;
    if (!Array.isArray(tests)) return [];
    return tests.flatMap((test, index) =>
      isObject(test) ? [{ at: `acceptance_tests.${name}.tests[${index}]`, test }] : [],
    );
  }

  discovered(name: string): DiscoveredStream | undefined {
    return this.discoveredByName.get(name);
  }

  /**
   * The streams a test reads, as conftest.py configured_catalog_fixture builds them: from its
   * configured_catalog_path if it names one, else every discovered stream (less the basic read's
   * empty streams, test_core.py TestBasicRead.configured_catalog_fixture).
   */
  catalogStreams(test: Json, basicRead?: { emptyStreams: string[] }): CatalogStream[] {
    const custom =
      typeof test.configured_catalog_path === 'string' && !(basicRead !== undefined && this.high);
    if (custom) {
      const catalog = parseJson(this.input.files.get(test.configured_catalog_path as string));
      const streams = isObject(catalog) && Array.isArray(catalog.streams) ? catalog.streams : [];
      return streams.flatMap((configured: unknown) => {
        const stream = isObject(configured) && isObject(configured.stream) ? configured : null;
        const discovered = stream && this.discovered(String((stream.stream as Json).name));
        if (!stream || !discovered) return [];
        const cursorField = stream.cursor_field;
        return [{ discovered, cursorField: Array.isArray(cursorField) ? cursorField : undefined }];
      });
    }
    const empty = basicRead?.emptyStreams ?? [];
    return this.input.discovered
      .filter((stream) => !empty.includes(stream.name))
      .map((discovered) => ({ discovered, cursorField: discovered.default_cursor_field }));
  }
}

interface CatalogStream {
  discovered: DiscoveredStream;
  cursorField?: unknown[];
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function violation(rule: string, at: string, message: string): Violation {
  return { rule, at, message };
}

function namesOf(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((item) => (isObject(item) && typeof item.name === 'string' ? [item.name] : []))
    : [];
}

/** Values of `key` anywhere in a state (test_incremental.py _get_cursor_values_from_states_by_cursor). */
function valuesUnderKey(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesUnderKey(item, key));
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([name, value]) => [
    ...(name === key ? [value] : []),
    ...valuesUnderKey(value, key),
  ]);
}

function futureStateEntries(context: Context, path: unknown): Json[] | undefined {
  const states = parseJson(typeof path === 'string' ? context.input.files.get(path) : undefined);
  return Array.isArray(states) ? states.filter(isObject) : undefined;
}

function stateStreamName(entry: Json): string | undefined {
  const stream = isObject(entry.stream) ? entry.stream : {};
  const descriptor = isObject(stream.stream_descriptor) ? stream.stream_descriptor : {};
  return typeof descriptor.name === 'string' ? descriptor.name : undefined;
}

function incrementalStreams(context: Context, test: Json): CatalogStream[] {
  return context
    .catalogStreams(test)
    .filter((stream) => stream.discovered.supported_sync_modes.includes('incremental'));
}

const RULES: readonly Rule[] = [
  {
    id: 'known-keys',
    mirrors: 'config.py BaseConfig (Config: extra = "forbid"), ExpectedRecordsConfig',
    check: (context) =>
      context.nodes.flatMap(({ at, model, value }) =>
        Object.keys(value)
          .filter((key) => !(key in MODELS[model]))
          .map((key) =>
            violation(
              'known-keys',
              at ? `${at}.${key}` : key,
              `${model} takes no "${key}": CAT refuses the whole file`,
            ),
          ),
      ),
  },
  {
    id: 'required-fields',
    mirrors: 'config.py Config (connector_image, acceptance_tests), EmptyStreamConfiguration.name',
    check: (context) => [
      ...(['connector_image', 'acceptance_tests'] as const)
        .filter((key) =>
          key === 'connector_image' ? !hasText(context.root[key]) : !isObject(context.root[key]),
        )
        .map((key) => violation('required-fields', key, `${key} is required`)),
      ...context.nodes
        .filter(({ model }) => 'name' in MODELS[model])
        .filter(({ value }) => !hasText(value.name))
        .map(({ at, model }) => violation('required-fields', at, `${model} needs a name`)),
    ],
  },
  {
    id: 'field-values',
    mirrors:
      'config.py Config.test_strictness_level, ConnectionTestConfig.status, deployment_mode, timeout_seconds (ge=0), SEMVER_REGEX',
    check: (context) =>
      context.nodes.flatMap(({ at, model, value }) => {
        const found: Violation[] = [];
        const bad = (key: string, why: string) =>
          found.push(violation('field-values', at ? `${at}.${key}` : key, why));
        if (model === 'Config' && 'test_strictness_level' in value) {
          if (!STRICTNESS_LEVELS.includes(value.test_strictness_level as string))
            bad('test_strictness_level', `must be one of ${STRICTNESS_LEVELS.join(', ')}`);
        }
        if (model === 'ConnectionTestConfig' && 'status' in value) {
          if (!CONNECTION_STATUSES.includes(value.status as string))
            bad('status', `must be one of ${CONNECTION_STATUSES.join(', ')}`);
        }
        if ('deployment_mode' in value && value.deployment_mode != null) {
          if (!DEPLOYMENT_MODE.test(String(value.deployment_mode)))
            bad('deployment_mode', 'must be cloud or oss');
        }
        if ('timeout_seconds' in value && value.timeout_seconds != null) {
          const seconds = value.timeout_seconds;
          if (!Number.isInteger(seconds) || (seconds as number) < 0)
            bad('timeout_seconds', 'must be a whole number of seconds, 0 or more');
        }
        if (model === 'BackwardCompatibilityTestsConfig') {
          for (const key of ['previous_connector_version', 'disable_for_version']) {
            if (value[key] != null && !SEMVER.test(String(value[key])))
              bad(key, 'must be a version (SEMVER_REGEX)');
          }
        }
        return found;
      }),
  },
  {
    id: 'tests-or-bypass-reason',
    mirrors:
      'config.py GenericTestConfig.no_bypass_reason_when_tests_is_set; plugin.py parametrize_skip_or_fail',
    check: (context) =>
      SECTIONS.flatMap((name) => {
        const section = context.section(name);
        if (!section) return [];
        const at = `acceptance_tests.${name}`;
        const tests = Array.isArray(section.tests) && section.tests.length > 0;
        if (tests && section.bypass_reason != null)
          return [
            violation('tests-or-bypass-reason', at, 'tests and a bypass_reason exclude each other'),
          ];
        // With neither, plugin.py builds its skip message from a None bypass_reason and crashes.
        if (section.tests == null && !hasText(section.bypass_reason))
          return [violation('tests-or-bypass-reason', at, 'needs tests or a bypass_reason')];
        return [];
      }),
  },
  {
    id: 'expect-records-path-or-reason',
    mirrors: 'config.py ExpectedRecordsConfig.no_bypass_reason_when_path_is_set',
    check: (context) =>
      context.nodes
        .filter(({ model }) => model === 'ExpectedRecordsConfig')
        .flatMap(({ at, value }) => {
          const path = hasText(value.path);
          const reason = hasText(value.bypass_reason);
          if (path && reason)
            return [
              violation(
                'expect-records-path-or-reason',
                at,
                "a path and a bypass_reason can't both be set",
              ),
            ];
          if (!path && !reason)
            return [
              violation(
                'expect-records-path-or-reason',
                at,
                'a path or a bypass_reason must be set',
              ),
            ];
          return [];
        }),
  },
  {
    id: 'oauth-default-bypass-reason',
    mirrors: 'config.py OAuthTestConfig.validate_oauth',
    check: (context) =>
      context.nodes
        .filter(({ model, value }) => model === 'OAuthTestConfig' && value.oauth === false)
        .filter(({ value }) => !hasText(value.bypass_reason))
        .map(({ at }) =>
          violation('oauth-default-bypass-reason', at, 'oauth: false needs a bypass_reason'),
        ),
  },
  {
    id: 'high-mandatory-tests',
    mirrors:
      'plugin.py parametrize_skip_or_fail; base.py BaseTest.MANDATORY_FOR_TEST_STRICTNESS_LEVELS',
    check: (context) =>
      context.high
        ? SECTIONS.filter((name) => !context.section(name)).map((name) =>
            violation(
              'high-mandatory-tests',
              `acceptance_tests.${name}`,
              `${name} is mandatory at high strictness (tests or a bypass_reason)`,
            ),
          )
        : [],
  },
  {
    id: 'high-no-basic-read-catalog',
    mirrors: 'tests/test_core.py TestBasicRead.configured_catalog_fixture',
    check: (context) =>
      context.high
        ? context
            .tests('basic_read')
            .filter(({ test }) => test.configured_catalog_path != null)
            .map(({ at }) =>
              violation(
                'high-no-basic-read-catalog',
                `${at}.configured_catalog_path`,
                "a custom configured catalog can't be set on the basic read at high strictness",
              ),
            )
        : [],
  },
  {
    id: 'high-validate-schema',
    mirrors: 'tests/test_core.py TestBasicRead.should_validate_schema_fixture',
    check: (context) =>
      context.high
        ? context
            .tests('basic_read')
            .filter(({ test }) => test.validate_schema === false)
            .map(({ at }) =>
              violation(
                'high-validate-schema',
                `${at}.validate_schema`,
                'must be true at high strictness',
              ),
            )
        : [],
  },
  {
    id: 'high-bypass-reasons',
    mirrors:
      'conftest.py empty_streams_fixture, ignored_fields_fixture; tests/test_incremental.py future_state_fixture (missing_streams)',
    check: (context) => {
      if (!context.high) return [];
      return context.nodes
        .filter(({ model }) =>
          ['EmptyStreamConfiguration', 'IgnoredFieldsConfiguration'].includes(model),
        )
        .filter(({ at }) => /\.(empty_streams|missing_streams|ignored_fields)\b/.test(at))
        .filter(({ value }) => !hasText(value.bypass_reason))
        .map(({ at }) =>
          violation('high-bypass-reasons', at, 'needs a bypass_reason at high strictness'),
        );
    },
  },
  {
    id: 'high-expected-records',
    mirrors:
      'conftest.py expected_records_by_stream_fixture (enforce_high_strictness_level_rules, find_not_seeded_streams)',
    check: (context) => {
      if (!context.high) return [];
      return context.tests('basic_read').flatMap(({ at, test }) => {
        const config = test.expect_records;
        if (!isObject(config))
          return [
            violation(
              'high-expected-records',
              at,
              'expect_records must be configured at high strictness',
            ),
          ];
        if (!hasText(config.path)) return [];
        const seeded = new Set(
          expectedRecordLines(context, config.path).map((line) => line.stream),
        );
        const empty = namesOf(test.empty_streams);
        return context
          .catalogStreams(test, { emptyStreams: empty })
          .map(({ discovered }) => discovered.name)
          .filter((name) => !empty.includes(name) && !seeded.has(name))
          .map((name) =>
            violation(
              'high-expected-records',
              `${at}.expect_records`,
              `${name} has no expected records and is not an empty stream`,
            ),
          );
      });
    },
  },
  {
    id: 'expected-records-lines',
    mirrors:
      'conftest.py expected_records_by_stream_fixture (AirbyteRecordMessage.parse_raw per line)',
    check: (context) =>
      context.tests('basic_read').flatMap(({ at, test }) => {
        const config = test.expect_records;
        if (!isObject(config) || !hasText(config.path)) return [];
        const text = context.input.files.get(config.path as string);
        if (text === undefined)
          return [
            violation(
              'expected-records-lines',
              `${at}.expect_records.path`,
              `${String(config.path)} does not exist`,
            ),
          ];
        // Python iterates the file's lines: only the newline that ends the file closes no line.
        const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
        return lines.flatMap((line, index) =>
          isRecordLine(parseJson(line))
            ? []
            : [
                violation(
                  'expected-records-lines',
                  `${String(config.path)}:${index + 1}`,
                  'not a record: {"stream": string, "data": object, "emitted_at": integer}',
                ),
              ],
        );
      }),
  },
  {
    id: 'high-future-state',
    mirrors: 'tests/test_incremental.py future_state_configuration_fixture, future_state_fixture',
    check: (context) => {
      if (!context.high) return [];
      return context.tests('incremental').flatMap(({ at, test }) => {
        const future = test.future_state;
        if (isObject(future) && future.bypass_reason != null) return [];
        if (!isObject(future) || !hasText(future.future_state_path))
          return [
            violation(
              'high-future-state',
              at,
              'a future_state (or its bypass_reason) is required at high strictness',
            ),
          ];
        const states = futureStateEntries(context, future.future_state_path) ?? [];
        const stated = new Set(states.map(stateStreamName));
        const missing = namesOf(future.missing_streams);
        return incrementalStreams(context, test)
          .map(({ discovered }) => discovered.name)
          .filter((name) => !stated.has(name) && !missing.includes(name))
          .map((name) =>
            violation(
              'high-future-state',
              `${at}.future_state`,
              `${name} is incremental but has no future state and is not in missing_streams`,
            ),
          );
      });
    },
  },
  {
    id: 'future-state-cursor-values',
    mirrors: 'tests/test_incremental.py TestIncremental.test_state_with_abnormally_large_values',
    check: (context) =>
      context.tests('incremental').flatMap(({ at, test }) => {
        const future = test.future_state;
        if (!isObject(future) || future.bypass_reason != null || !hasText(future.future_state_path))
          return [];
        const states = futureStateEntries(context, future.future_state_path);
        if (!states)
          return [
            violation(
              'future-state-cursor-values',
              `${at}.future_state`,
              `${String(future.future_state_path)} is not a JSON list of states`,
            ),
          ];
        const incremental = new Map(
          incrementalStreams(context, test).map((stream) => [stream.discovered.name, stream]),
        );
        return states.flatMap((entry) => {
          const name = stateStreamName(entry);
          const stream = name === undefined ? undefined : incremental.get(name);
          if (!stream) return [];
          return cursorValueViolations(
            stream,
            entry,
            future,
            `${String(future.future_state_path)} ${name}`,
          );
        });
      }),
  },
  {
    id: 'incremental-cursor',
    mirrors: 'tests/test_incremental.py configured_catalog_for_incremental_fixture',
    check: (context) =>
      context.tests('incremental').flatMap(({ at, test }) =>
        incrementalStreams(context, test)
          .filter(
            ({ cursorField, discovered }) =>
              !cursorField?.length && !discovered.default_cursor_field?.length,
          )
          .map(({ discovered }) =>
            violation(
              'incremental-cursor',
              at,
              `${discovered.name} has neither cursor_field nor default_cursor_field`,
            ),
          ),
      ),
  },
  {
    id: 'catalogs-name-discovered-streams',
    mirrors: 'utils/common.py build_configured_catalog_from_custom_catalog',
    check: (context) =>
      ['basic_read', 'full_refresh', 'incremental'].flatMap((section) =>
        context.tests(section).flatMap(({ at, test }) => {
          if (typeof test.configured_catalog_path !== 'string') return [];
          const catalog = parseJson(context.input.files.get(test.configured_catalog_path));
          if (!isObject(catalog) || !Array.isArray(catalog.streams))
            return [
              violation(
                'catalogs-name-discovered-streams',
                `${at}.configured_catalog_path`,
                'not a configured catalog',
              ),
            ];
          return catalog.streams
            .map((configured: unknown) =>
              isObject(configured) && isObject(configured.stream)
                ? String(configured.stream.name)
                : '?',
            )
            .filter((name) => !context.discovered(name))
            .map((name) =>
              violation(
                'catalogs-name-discovered-streams',
                `${at}.configured_catalog_path`,
                `${name} is not a discovered stream`,
              ),
            );
        }),
      ),
  },
  {
    id: 'config-files-exist',
    mirrors:
      'conftest.py connector_config_fixture (a missing config file runs the tests without a config)',
    check: (context) =>
      context.nodes
        .filter(({ value }) => typeof value.config_path === 'string')
        .filter(({ value }) => !context.input.files.has(value.config_path as string))
        .map(({ at, value }) =>
          violation(
            'config-files-exist',
            `${at}.config_path`,
            `${String(value.config_path)} does not exist`,
          ),
        ),
  },
];

/** Every rule, with the CAT code it mirrors (for the suite's report and its unit tests). */
export const ACCEPTANCE_RULES: ReadonlyArray<{ id: string; mirrors: string }> = RULES;

function isRecordLine(value: unknown): value is { stream: string; data: Json } {
  return (
    isObject(value) &&
    typeof value.stream === 'string' &&
    isObject(value.data) &&
    Number.isInteger(value.emitted_at)
  );
}

function expectedRecordLines(context: Context, path: unknown): Array<{ stream: string }> {
  const text = typeof path === 'string' ? context.input.files.get(path) : undefined;
  return (text ?? '').split('\n').map(parseJson).filter(isRecordLine);
}

function cursorValueViolations(
  stream: CatalogStream,
  entry: Json,
  future: Json,
  at: string,
): Violation[] {
  const [cursor] = stream.cursorField ?? stream.discovered.default_cursor_field ?? [];
  // Without a cursor the rule incremental-cursor already fails the stream.
  if (typeof cursor !== 'string') return [];
  const streamState = isObject(entry.stream) ? entry.stream.stream_state : undefined;
  const values = valuesUnderKey(streamState, cursor);
  if (values.length === 0)
    return [violation('future-state-cursor-values', at, `no value for the cursor "${cursor}"`)];
  const properties = stream.discovered.json_schema.properties;
  const declared =
    isObject(properties) && isObject(properties[cursor]) ? properties[cursor].type : undefined;
  const types = (Array.isArray(declared) ? declared : [declared]).filter((type) => type !== 'null');
  const found: Violation[] = [];
  for (const type of types) {
    const check = CURSOR_VALUE_TYPES[String(type)];
    if (!check) {
      found.push(
        violation(
          'future-state-cursor-values',
          at,
          `the cursor's type ${String(type)} is not one CAT can check`,
        ),
      );
      continue;
    }
    for (const value of values.filter(Boolean)) {
      if (!check(value))
        found.push(
          violation(
            'future-state-cursor-values',
            at,
            `${JSON.stringify(value)} is not of type ${String(type)}`,
          ),
        );
    }
  }
  const pattern = cursorFormat(future, stream.discovered.name);
  if (pattern) {
    for (const value of values.filter((value) => typeof value === 'string' && value !== '')) {
      if (!new RegExp(`^(?:${pattern})`).test(value as string))
        found.push(
          violation('future-state-cursor-values', at, `${String(value)} does not match ${pattern}`),
        );
    }
  }
  return found;
}

/** The cursor_format pattern for a stream: its own, else the default (FutureStateConfig). */
function cursorFormat(future: Json, stream: string): string | undefined {
  const format = isObject(future.cursor_format) ? future.cursor_format : {};
  const own = Array.isArray(format.streams)
    ? format.streams.find((entry: unknown) => isObject(entry) && entry.name === stream)
    : undefined;
  const pattern = isObject(own) ? own.format : format.format;
  return typeof pattern === 'string' && pattern !== '' ? pattern : undefined;
}

/** The rules `input` breaks; an empty list when the real CAT would accept it. */
export function acceptanceConfigViolations(input: AcceptanceConfigInput): Violation[] {
  const context = new Context(input);
  return RULES.flatMap((rule) => rule.check(context));
}

/** Every file path the config names (for the caller to read into `files`). */
export function pathsNamedBy(config: unknown): string[] {
  const paths = modelNodes(config, 'Config', '').flatMap(({ value }) =>
    ['config_path', 'configured_catalog_path', 'future_state_path', 'path'].flatMap((key) =>
      typeof value[key] === 'string' ? [value[key] as string] : [],
    ),
  );
  return [...new Set(paths)];
}
