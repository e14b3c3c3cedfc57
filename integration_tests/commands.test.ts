import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contractOf } from '../source-backlog/stream/contract';
import { STREAMS } from '../source-backlog/streams';
import { FakeBacklog } from './fake-backlog';
import {
  CLI,
  configFor,
  configuredCatalog,
  errorTrace,
  protocolProblems,
  runConnector,
  runProcess,
} from './support/connector';
import { misplacedStackTraces } from './support/stack-traces';

const BAD_KEY = 'wrong-key-7f3a9c';

describe('spec, check and discover', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await FakeBacklog.start({ issues: 5 });
  });
  afterAll(() => server.stop());

  it('spec prints one valid SPEC whose secrets are marked', async () => {
    const result = await runConnector('spec');
    expect(result.exitCode).toBe(0);
    expect(result.messages.map((message) => message.type)).toEqual(['SPEC']);
    expect(await protocolProblems(server.url, result)).toEqual([]);
    const text = JSON.stringify(result.messages[0].spec);
    for (const secret of ['api_key', 'client_secret', 'refresh_token', 'access_token']) {
      expect(text).toMatch(new RegExp(`"${secret}":\\{[^}]*"airbyte_secret":true`));
    }
  });

  it('check succeeds with a good key', async () => {
    const result = await runConnector('check', { config: configFor(server.url) });
    expect(result.exitCode).toBe(0);
    const status = result.messages.find((message) => message.type === 'CONNECTION_STATUS');
    expect(status?.connectionStatus?.status).toBe('SUCCEEDED');
    expect(await protocolProblems(server.url, result)).toEqual([]);
  });

  it('check fails with a bad key, says Backlog rejected it, and never prints the key', async () => {
    const config = configFor(server.url, {
      credentials: { auth_type: 'api_key', api_key: BAD_KEY },
    });
    const result = await runConnector('check', { config });
    const status = result.messages.find((message) => message.type === 'CONNECTION_STATUS');
    expect(status?.connectionStatus?.status).toBe('FAILED');
    expect(status?.connectionStatus?.message).toMatch(/rejected the API key/);
    expect(status?.connectionStatus?.message).toMatch(/users\/myself/);
    expect(result.stdout + result.stderr).not.toContain(BAD_KEY);
  });

  it('read with a bad key exits non-zero with a config_error TRACE and no key in the output', async () => {
    const config = configFor(server.url, {
      credentials: { auth_type: 'api_key', api_key: BAD_KEY },
    });
    const catalog = await configuredCatalog(server.url, ['issues']);
    const result = await runConnector('read', { config, catalog });
    expect(result.exitCode).not.toBe(0);
    expect(errorTrace(result)?.failure_type).toBe('config_error');
    expect(result.messages.filter((message) => message.type === 'RECORD')).toHaveLength(0);
    expect(result.stdout + result.stderr).not.toContain(BAD_KEY);
    expect(await protocolProblems(server.url, result, ['issues'])).toEqual([]);
  });

  it('check names an unknown project key', async () => {
    const result = await runConnector('check', {
      config: configFor(server.url, { project_keys: ['PRJ1', 'NOPE'] }),
    });
    const status = result.messages.find((message) => message.type === 'CONNECTION_STATUS');
    expect(status?.connectionStatus?.status).toBe('FAILED');
    expect(status?.connectionStatus?.message).toMatch(/"NOPE"/);
  });

  it('discover lists every declared stream with its contract keys, cursors and sync modes', async () => {
    const result = await runConnector('discover', { config: configFor(server.url) });
    expect(result.exitCode).toBe(0);
    const catalog = result.messages.find((message) => message.type === 'CATALOG')!.catalog!;
    // The declarations, pinned in stream-contract.test.ts: stream, primary key, cursor.
    const contract = STREAMS.map(contractOf).map(
      ({ name, primaryKey, cursorField }) => [name, primaryKey, cursorField?.[0]] as const,
    );
    expect(catalog.streams.map((stream) => stream.name)).toEqual(contract.map(([name]) => name));
    for (const [name, primaryKey, cursor] of contract) {
      const stream = catalog.streams.find((s) => s.name === name)!;
      expect({ name, key: stream.source_defined_primary_key }).toEqual({ name, key: primaryKey });
      expect({ name, modes: stream.supported_sync_modes }).toEqual({
        name,
        modes: cursor ? ['full_refresh', 'incremental'] : ['full_refresh'],
      });
      expect({ name, cursor: stream.default_cursor_field }).toEqual({
        name,
        cursor: cursor ? [cursor] : undefined,
      });
      const properties = (stream.json_schema as { properties: Record<string, unknown> }).properties;
      for (const field of [...primaryKey.flat(), ...(cursor ? [cursor] : [])]) {
        expect({ name, field, declared: field in properties }).toEqual({
          name,
          field,
          declared: true,
        });
      }
    }
    expect(catalog.streams.find((s) => s.name === 'issues')).toMatchObject({
      source_defined_cursor: true,
      is_resumable: true,
    });
    expect(await protocolProblems(server.url, result)).toEqual([]);
  });

  it('a config that breaks the spec is a config_error naming the field', async () => {
    const result = await runConnector('discover', {
      config: { space_url: server.url, credentials: { auth_type: 'oauth2', client_id: 'x' } },
    });
    expect(result.exitCode).not.toBe(0);
    const error = errorTrace(result);
    expect(error?.failure_type).toBe('config_error');
    expect(error?.message).toMatch(/credentials\.client_secret/);
    expect(misplacedStackTraces(result)).toEqual([]);
  });

  it('a state it cannot understand is a config_error naming the stream', async () => {
    const catalog = await configuredCatalog(server.url, ['issues']);
    const state = [
      {
        type: 'STREAM',
        stream: { stream_descriptor: { name: 'issues' }, stream_state: { updated: 42 } },
      },
    ];
    const result = await runConnector('read', { config: configFor(server.url), catalog, state });
    expect(result.exitCode).not.toBe(0);
    expect(errorTrace(result)?.failure_type).toBe('config_error');
    expect(errorTrace(result)?.message).toMatch(/"issues"/);
    expect(misplacedStackTraces(result)).toEqual([]);
  });

  it('unreadable input files and unknown commands get one clear error, no stack', async () => {
    const result = await runConnector('check', {});
    expect(result.exitCode).not.toBe(0);
    expect(errorTrace(result)?.message).toMatch(/--config is required/);
    expect(misplacedStackTraces(result)).toEqual([]);
  });
});

describe('a person at the terminal', () => {
  /** Plain text for a person: not protocol messages. */
  const help = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

  it.each([[[]], [['--help']], [['-h']], [['help']]])(
    'source-backlog %j prints the usage, every command and where the docs are, and exits 0',
    (args) => {
      const result = help(...args);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      for (const command of ['spec', 'check', 'discover', 'read', 'sync', 'views']) {
        expect(result.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
      }
      expect(result.stdout).toMatch(/docs\//);
    },
  );

  it('sync --help prints its options and exits 0', () => {
    const result = help('sync', '--help');
    expect(result.status).toBe(0);
    for (const option of ['--config', '--db', '--streams', '--soft-delete']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('views --help prints its options and exits 0', () => {
    const result = help('views', '--help');
    expect(result.status).toBe(0);
    for (const option of ['--dialect', '--config', '--database', '--schema']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('an unknown command or option stays a config_error TRACE for Airbyte', async () => {
    for (const args of [['frobnicate'], ['spec', '--frobnicate'], ['--help', 'spec']]) {
      const result = await runProcess(process.execPath, [CLI, ...args], process.env);
      expect({ args, exitCode: result.exitCode }).toEqual({ args, exitCode: 1 });
      expect({ args, failure: errorTrace(result)?.failure_type }).toEqual({
        args,
        failure: 'config_error',
      });
    }
  });
});

describe('a host that is not a Backlog space', () => {
  let web: Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    web = createServer((_req, res) => {
      requests += 1;
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => web.close(resolve)));

  it('says the host does not look like a Backlog space', async () => {
    const result = await runConnector('check', { config: configFor(url) });
    const status = result.messages.find((message) => message.type === 'CONNECTION_STATUS');
    expect(status?.connectionStatus?.status).toBe('FAILED');
    expect(status?.connectionStatus?.message).toMatch(/does not look like a Backlog space/);
  });

  it('stops a read at once: one config_error saying so, after one request', async () => {
    const configured = (name: string) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    });
    const catalog = { streams: ['space', 'projects', 'issues'].map(configured) };
    requests = 0;
    const result = await runConnector('read', { config: configFor(url), catalog });
    expect(result.exitCode).toBe(1);
    const statuses = result.messages
      .filter((m) => m.trace?.type === 'STREAM_STATUS')
      .map(
        (m) =>
          `${m.trace!.stream_status!.stream_descriptor.name}:${m.trace!.stream_status!.status}`,
      );
    expect(statuses).toEqual(['space:STARTED', 'space:INCOMPLETE']);
    const errors = result.messages.filter((m) => m.trace?.type === 'ERROR');
    expect(errors.map((m) => m.trace!.error)).toEqual([
      expect.objectContaining({
        failure_type: 'config_error',
        message: expect.stringMatching(/does not look like a Backlog space/),
      }),
    ]);
    expect(requests).toBe(1);
  });
});
