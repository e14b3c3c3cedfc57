import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parseConfig } from '../config/config';
import { connect } from '../connector';
import type { AirbyteMessage, JsonObject } from '../protocol/messages';
import { asConnectorError } from '../protocol/failures';
import { MessageWriter } from '../protocol/output';
import { customFields } from '../streams/metadata';
import { saveRotatedConfig } from '../sync/config-file';
import type { CustomFieldDefinition, ProjectRef } from '../views';
import { ViewsError } from './views-error';

export interface Definitions {
  projects: ProjectRef[];
  fields: CustomFieldDefinition[];
}

function readConfig(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ViewsError(
      `Cannot read the config file ${path}: ${(error as Error).message}`,
      'Pass the connector config with --config (see docs/configuration.md).',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ViewsError(
      `The config file ${path} is not valid JSON: ${(error as Error).message}`,
      `Fix ${path}: it is the connector's config (see docs/configuration.md).`,
    );
  }
}

/**
 * Where the connector's messages go: nowhere, except a rotated OAuth config, which is written
 * back to the config file as sync does (the spent refresh token may no longer work).
 */
function controlSink(configPath: string): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const message = JSON.parse(line) as AirbyteMessage;
        if (message.type === 'CONTROL')
          saveRotatedConfig(configPath, message.control.connectorConfig.config as JsonObject);
      }
      done();
    },
  });
}

function hintFor(failureType: string, configPath: string): string {
  switch (failureType) {
    case 'config_error':
      return `Fix ${configPath} (or what the message names in Backlog) and run views again.`;
    case 'transient_error':
      return 'Run views again later.';
    default:
      return 'Run views again; if it fails the same way, report it with this message.';
  }
}

/**
 * The projects in scope and their custom fields, read as the connector reads them: its config,
 * client and project scope (`project_keys` honoured) and the custom_fields stream's declaration.
 */
export async function readDefinitions(configPath: string): Promise<Definitions> {
  const out = new MessageWriter(controlSink(configPath), undefined, 'FATAL');
  try {
    const config = parseConfig(readConfig(configPath));
    const { client, projects } = connect(config, out);
    const fields: CustomFieldDefinition[] = [];
    const events = customFields.read({
      stream: customFields.name,
      client,
      config,
      syncMode: 'full_refresh',
      state: undefined,
      logger: out,
      projects,
    });
    for await (const event of events) {
      if ('record' in event) fields.push(event.record as unknown as CustomFieldDefinition);
    }
    const scoped = await projects.list();
    return {
      projects: scoped.map(({ id, projectKey }) => ({ id, projectKey })),
      fields,
    };
  } catch (error) {
    if (error instanceof ViewsError) throw error;
    const failure = asConnectorError(error);
    throw new ViewsError(
      out.redactor.redact(failure.message.split('\n')[0]),
      hintFor(failure.failureType, configPath),
    );
  } finally {
    await out.flush();
  }
}
