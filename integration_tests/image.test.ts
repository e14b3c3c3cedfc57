/**
 * The Docker image runs the connector through its own ENTRYPOINT, as Airbyte does: spec, check
 * and a read of every stream against the fake Backlog server (the container shares the host's
 * network, so the server on 127.0.0.1 is reachable).
 */
import { FakeBacklog } from './fake-backlog';
import {
  ACCEPTANCE_SPACE,
  acceptanceTestConfig,
  catalogFromDiscovery,
  configPointedAt,
  readExpectedRecords,
  readRepoJson,
  records,
  type ConfiguredCatalog,
} from './support/acceptance';
import {
  discoverCatalog,
  errorTrace,
  protocolProblems,
  runConnector,
  type RunResult,
} from './support/connector';
import { recordDifferences } from './support/expected-records';
import { describeWithImage, ImageContainer } from './support/image';
import { connectorMetadata } from './support/metadata';

const [basicRead] = acceptanceTestConfig().acceptance_tests.basic_read.tests;

function typesOf(result: RunResult): string[] {
  return result.messages.map((message) => message.type);
}

describeWithImage('the Docker image', (image) => {
  let container: ImageContainer;
  let fake: FakeBacklog;
  // The basic read's catalog, as CAT builds it at high strictness.
  let catalog: ConfiguredCatalog;
  let streamNames: string[];
  beforeAll(async () => {
    container = ImageContainer.create(image);
    fake = await FakeBacklog.start(ACCEPTANCE_SPACE);
    catalog = catalogFromDiscovery(await discoverCatalog(fake.url));
    streamNames = catalog.streams.map((configured) => configured.stream.name);
  }, 120_000);
  afterAll(async () => {
    container?.remove();
    await fake?.stop();
  });

  it('names itself as metadata.yaml does, runs as airbyte, and says its entrypoint in AIRBYTE_ENTRYPOINT', () => {
    const { data } = connectorMetadata();
    const { entrypoint, env, user, labels } = container.config;
    expect(labels).toMatchObject({
      'io.airbyte.name': data.dockerRepository,
      'io.airbyte.version': data.dockerImageTag,
    });
    expect(user).toBe('airbyte');
    expect(entrypoint.length).toBeGreaterThan(0);
    expect(entrypoint[0]).toMatch(/^\//);
    expect(env.AIRBYTE_ENTRYPOINT).toBe(entrypoint.join(' '));
  });

  it('gives airbyte a writable /airbyte and leaves the code read-only', () => {
    const out = container.shell(
      'stat -c %U /airbyte && touch /airbyte/probe && echo writable; ' +
        'touch /airbyte/integration_code/probe 2>/dev/null || echo code-read-only',
    );
    expect(out.trim().split('\n')).toEqual(['airbyte', 'writable', 'code-read-only']);
  });

  it('holds the production dependencies of package-lock.json and nothing else', () => {
    const lock = readRepoJson<{ packages: Record<string, { dev?: boolean; optional?: boolean }> }>(
      'package-lock.json',
    );
    // Optional ones (DuckDB, for the local `sync` only) stay out of the image.
    const production = Object.entries(lock.packages)
      .filter(
        ([location, entry]) =>
          location.startsWith('node_modules/') && !entry.dev && !entry.optional,
      )
      .map(([location]) => location)
      .sort();
    const installed = container
      .shell(
        'cd /airbyte/integration_code && find node_modules -name package.json' +
          " | grep -E '(^|/)node_modules/(@[^/]+/)?[^/@][^/]*/package.json$'" +
          " | sed 's|/package.json$||' | sort",
      )
      .trim()
      .split('\n');
    expect(production.length).toBeGreaterThan(0);
    expect(installed).toEqual(production);
  });

  it('spec: one SPEC, the same as the built CLI prints', async () => {
    const result = await container.run(['spec']);
    expect(result.exitCode).toBe(0);
    expect(typesOf(result)).toEqual(['SPEC']);
    expect(await protocolProblems(fake.url, result)).toEqual([]);
    expect(result.messages[0].spec).toEqual((await runConnector('spec')).messages[0].spec);
  });

  it('check: SUCCEEDED against the fake server', async () => {
    const result = await container.run(['check'], {
      config: configPointedAt(basicRead.config_path, fake.url),
    });
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(fake.url, result)).toEqual([]);
    const statuses = result.messages.filter((message) => message.type === 'CONNECTION_STATUS');
    expect(statuses.map((message) => message.connectionStatus?.status)).toEqual(['SUCCEEDED']);
  });

  it('discover: the catalog of the built CLI, schemas included', async () => {
    const result = await container.run(['discover'], {
      config: configPointedAt(basicRead.config_path, fake.url),
    });
    expect(result.exitCode).toBe(0);
    const streams = result.messages.find((message) => message.type === 'CATALOG')?.catalog?.streams;
    expect(streams).toEqual(await discoverCatalog(fake.url));
  });

  it('read: every configured stream emits its expected records, with valid protocol messages', async () => {
    const result = await container.run(['read'], {
      config: configPointedAt(basicRead.config_path, fake.url),
      catalog,
    });
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(fake.url, result, streamNames)).toEqual([]);
    expect(
      recordDifferences(records(result), readExpectedRecords(basicRead.expect_records!.path)),
    ).toEqual({ missing: [], extra: [], duplicated: [] });
    const emitting = new Set(result.messages.map((message) => message.record?.stream));
    expect(streamNames.filter((name) => !emitting.has(name))).toEqual([]);
  });

  it('a read with a key Backlog rejects exits non-zero with a config_error TRACE', async () => {
    const config = {
      ...configPointedAt(basicRead.config_path, fake.url),
      credentials: { auth_type: 'api_key', api_key: 'not-the-key' },
    };
    const result = await container.run(['read'], { config, catalog });
    expect(result.exitCode).not.toBe(0);
    expect(errorTrace(result)?.failure_type).toBe('config_error');
    expect(await protocolProblems(fake.url, result, streamNames)).toEqual([]);
  });
});
