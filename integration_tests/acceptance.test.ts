/**
 * Airbyte's connector acceptance tests, as jest: every test and path comes from
 * acceptance-test-config.yml, and runs against the built CLI and the seeded acceptance space of
 * the fake Backlog server (configs get its address as space_url).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FakeBacklog } from './fake-backlog';
import {
  ACCEPTANCE_SPACE,
  acceptanceTestConfig,
  configPointedAt,
  readExpectedRecords,
  readRepoJson,
  missingExpectedRecords,
  recordLines,
  records,
} from './support/acceptance';
import {
  errorTrace,
  finalState,
  protocolProblems,
  runConnector,
  type CatalogEntry,
  type RunResult,
} from './support/connector';
import { canonical } from './support/protocol';

const { acceptance_tests: tests } = acceptanceTestConfig();

interface ConfiguredStream {
  stream: CatalogEntry & { source_defined_cursor?: boolean };
  sync_mode: string;
  destination_sync_mode: string;
  cursor_field?: string[];
  primary_key?: string[][];
}
interface ConfiguredCatalog {
  streams: ConfiguredStream[];
}
type Json = Record<string, unknown>;

const SECRET_NAME = /secret|token|password|api_?key/i;

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
function stateCursors(state: unknown[], catalog: ConfiguredCatalog): Map<string, number> {
  const cursors = new Map<string, number>();
  for (const entry of state as Array<{
    stream: { stream_descriptor: { name: string }; stream_state?: Json };
  }>) {
    const configured = catalog.streams.find(
      (s) => s.stream.name === entry.stream.stream_descriptor.name,
    );
    const field = configured?.cursor_field;
    const value = field && entry.stream.stream_state && cursorOf(entry.stream.stream_state, field);
    if (field && value !== undefined) {
      cursors.set(entry.stream.stream_descriptor.name, cursorValue(value));
    }
  }
  return cursors;
}

/**
 * The connector reads again what lies in its lookback window (lookback_window_minutes, 5 by
 * default) before a date cursor; CAT allows the same through its `threshold_days`.
 */
const LOOKBACK_MS = 5 * 60_000;

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
    const earliest = typeof value === 'number' ? from : from - LOOKBACK_MS;
    return cursorValue(value) < earliest
      ? [`${stream} ${String(data.id)} at ${String(value)}`]
      : [];
  });
}

function asFullRefresh(catalog: ConfiguredCatalog): ConfiguredCatalog {
  return {
    streams: catalog.streams.map(({ cursor_field: _cursor, ...stream }) => ({
      ...stream,
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    })),
  };
}

function streamNames(catalog: ConfiguredCatalog): string[] {
  return catalog.streams.map((configured) => configured.stream.name);
}

describe('acceptance tests (acceptance-test-config.yml)', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await FakeBacklog.start(ACCEPTANCE_SPACE);
  });
  afterAll(() => fake.stop());

  describe('spec', () => {
    let connectionSpecification: Json;
    beforeAll(async () => {
      const result = await runConnector('spec');
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result)).toEqual([]);
      const spec = result.messages.find((message) => message.type === 'SPEC')?.spec;
      connectionSpecification = spec?.connectionSpecification as Json;
    });

    it('the connection specification is a JSON schema that compiles', () => {
      expect(connectionSpecification).toMatchObject({ type: 'object' });
      expect(() => newAjv().compile(connectionSpecification)).not.toThrow();
    });

    it('every field named like a secret is marked airbyte_secret', () => {
      const secrets = [...propertiesOf(connectionSpecification)].filter(([path]) =>
        SECRET_NAME.test(path.split('.').pop()!),
      );
      expect(secrets.length).toBeGreaterThan(0);
      for (const [path, property] of secrets) {
        if (property.const !== undefined) continue; // a discriminator such as auth_type: api_key
        expect({ path, airbyte_secret: property.airbyte_secret }).toEqual({
          path,
          airbyte_secret: true,
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
      const [basicRead] = tests.basic_read.tests;
      const catalog = readRepoJson<ConfiguredCatalog>(basicRead.configured_catalog_path);
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
      const [test] = tests.discovery.tests;
      const result = await runConnector('discover', {
        config: configPointedAt(test.config_path, fake.url),
      });
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result)).toEqual([]);
      streams = result.messages.find((message) => message.type === 'CATALOG')!.catalog!
        .streams as unknown as CatalogEntry[];
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

    it('the configured catalogs name every stream, incremental wherever it is supported', () => {
      for (const test of [...tests.basic_read.tests, ...tests.incremental.tests]) {
        const catalog = readRepoJson<ConfiguredCatalog>(test.configured_catalog_path);
        expect(streamNames(catalog)).toEqual(streams.map((stream) => stream.name));
        for (const { stream, sync_mode, cursor_field, primary_key } of catalog.streams) {
          const discovered = streams.find((s) => s.name === stream.name)!;
          const incremental = discovered.supported_sync_modes.includes('incremental');
          expect({ stream: stream.name, sync_mode, cursor_field, primary_key }).toEqual({
            stream: stream.name,
            sync_mode: incremental ? 'incremental' : 'full_refresh',
            cursor_field: incremental ? discovered.default_cursor_field : undefined,
            primary_key: discovered.source_defined_primary_key,
          });
        }
      }
    });
  });

  describe.each(tests.basic_read.tests)('basic read of $configured_catalog_path', (test) => {
    const catalog = readRepoJson<ConfiguredCatalog>(test.configured_catalog_path);
    let result: RunResult;
    beforeAll(async () => {
      result = await runConnector('read', {
        config: configPointedAt(test.config_path, fake.url),
        catalog,
      });
    });

    it('succeeds; records match their schemas with no undeclared field; states are per stream', async () => {
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
    });

    it('every configured stream emits records', () => {
      const empty = new Set((test.empty_streams ?? []).map((stream) => stream.name));
      const emitting = new Set(records(result).map((record) => record.stream));
      expect(
        streamNames(catalog).filter((name) => !empty.has(name) && !emitting.has(name)),
      ).toEqual([]);
    });

    it('every expected record is read', () => {
      expect(test.expect_records).toBeDefined();
      expect(readExpectedRecords(test.expect_records!.path).length).toBeGreaterThan(0);
      expect(missingExpectedRecords(result, test.expect_records!.path)).toEqual([]);
    });
  });

  it.each(tests.full_refresh.tests)(
    'full refresh: two reads of $configured_catalog_path give the same records',
    async (test) => {
      const catalog = asFullRefresh(readRepoJson<ConfiguredCatalog>(test.configured_catalog_path));
      const config = configPointedAt(test.config_path, fake.url);
      const first = await runConnector('read', { config, catalog });
      const second = await runConnector('read', { config, catalog });
      for (const result of [first, second]) {
        expect(result.exitCode).toBe(0);
        expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      }
      expect(recordLines(first).length).toBeGreaterThan(0);
      expect(recordLines(second)).toEqual(recordLines(first));
    },
  );

  describe.each(tests.incremental.tests)('incremental read of $configured_catalog_path', (test) => {
    // As CAT does: only the streams that can be read incrementally.
    const configured = readRepoJson<ConfiguredCatalog>(test.configured_catalog_path);
    const catalog = {
      streams: configured.streams.filter((stream) => stream.sync_mode === 'incremental'),
    };
    const config = () => configPointedAt(test.config_path, fake.url);

    it("a second read from the first read's state reads nothing older than that state", async () => {
      const first = await runConnector('read', { config: config(), catalog });
      expect(first.exitCode).toBe(0);
      const state = finalState(first);
      expect(stateCursors(state, catalog).size).toBe(catalog.streams.length);
      const second = await runConnector('read', { config: config(), catalog, state });
      expect(second.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, second, streamNames(catalog))).toEqual([]);
      expect(recordsBeforeState(second, state, catalog)).toEqual([]);
      expect(records(second).length).toBeLessThan(records(first).length);
    });

    it('a read from sample_state.json reads exactly the changes after its cursors', async () => {
      const state = readRepoJson<unknown[]>('integration_tests/sample_state.json');
      const cursors = stateCursors(state, catalog);
      expect([...cursors.keys()].sort()).toEqual(streamNames(catalog).sort());
      const full = await runConnector('read', { config: config(), catalog });
      const result = await runConnector('read', { config: config(), catalog, state });
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      // After the cursor; for date cursors also what lies in the lookback window before it.
      const changed = ({ stream, data }: { stream: string; data: Json }) => {
        const field = catalog.streams.find((s) => s.stream.name === stream)!.cursor_field!;
        const value = cursorOf(data, field);
        const from = cursors.get(stream)!;
        return typeof value === 'number' ? value > from : cursorValue(value) >= from - LOOKBACK_MS;
      };
      const expected = records(full).filter(changed);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(records(full).length);
      expect(recordLines(result)).toEqual(expected.map((record) => canonical(record)).sort());
    });

    it('the future state yields no records and no failure, and a STATE for every stream', async () => {
      const state = readRepoJson<unknown[]>(test.future_state!.future_state_path);
      expect(stateCursors(state, catalog).size).toBe(catalog.streams.length);
      const result = await runConnector('read', { config: config(), catalog, state });
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(fake.url, result, streamNames(catalog))).toEqual([]);
      expect(records(result)).toEqual([]);
      const stated = new Set(
        result.messages.flatMap((message) =>
          message.state?.stream ? [message.state.stream.stream_descriptor.name] : [],
        ),
      );
      expect(streamNames(catalog).filter((name) => !stated.has(name))).toEqual([]);
    });
  });
});
