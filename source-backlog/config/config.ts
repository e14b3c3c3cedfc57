import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { backlogTimestamp } from '../backlog/timestamps';
import { configError } from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';
import { connectionSpecification } from './spec';
import { normalizeSpaceUrl } from './space-url';

export type Credentials =
  | { auth_type: 'api_key'; api_key: string }
  | {
      auth_type: 'oauth2';
      client_id: string;
      client_secret: string;
      refresh_token: string;
      /** Handed over by the OAuth flow (and by each refresh) with its expiry. */
      access_token?: string;
      token_expiry_date?: string;
    }
  | { auth_type: 'access_token'; access_token: string };

/** The config as the user wrote it, after validation and defaults. */
export interface RawConfig {
  space_url: string;
  credentials: Credentials;
  start_date?: string;
  project_keys?: string[];
  concurrency: number;
  rate_limit_share: number;
  request_timeout_seconds: number;
  full_scan_days: number;
  lookback_window_minutes: number;
}

/** What the rest of the connector works with. */
export interface BacklogConfig {
  /** The config exactly as given (no defaults filled in), for the platform to store back. */
  original: JsonObject;
  spaceUrl: string;
  apiBaseUrl: string;
  credentials: Credentials;
  startDate?: string;
  projectKeys?: string[];
  concurrency: number;
  rateLimitShare: number;
  requestTimeoutMs: number;
  fullScanIntervalMs: number;
  /** How far before its saved cursor an incremental stream reads again. */
  lookbackMs: number;
}

const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true });
addFormats(ajv);
const validateAgainstSpec = ajv.compile(connectionSpecification);

function fieldName(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  return path || '(root)';
}

/** Picks the errors of the credentials branch the user meant (by auth_type), not all three. */
function relevantErrors(errors: ErrorObject[], config: JsonObject): ErrorObject[] {
  const credentials = config.credentials as JsonObject | undefined;
  const authType =
    credentials && typeof credentials === 'object' ? credentials.auth_type : undefined;
  const branches = connectionSpecification.properties.credentials.oneOf;
  const branchIndex = branches.findIndex(
    (branch) => branch.properties.auth_type.const === authType,
  );
  return errors.filter((error) => {
    const match = /\/properties\/credentials\/oneOf\/(\d+)\//.exec(error.schemaPath);
    if (!match) return error.keyword !== 'oneOf' || branchIndex < 0;
    return Number(match[1]) === branchIndex;
  });
}

function describe(error: ErrorObject): string {
  const field = fieldName(error);
  switch (error.keyword) {
    case 'required':
      return `config field "${field}" is required`;
    case 'oneOf':
      return `config field "credentials.auth_type" must be one of "api_key", "oauth2", "access_token"`;
    default:
      return `config field "${field}" ${error.message ?? 'is invalid'}`;
  }
}

/** Validates a config against the spec (before any request) and normalises it. */
export function parseConfig(input: unknown): BacklogConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw configError('The config must be a JSON object');
  }
  const config = structuredClone(input) as JsonObject;
  if (!validateAgainstSpec(config)) {
    const errors = relevantErrors(validateAgainstSpec.errors ?? [], config);
    const messages = [...new Set(errors.map(describe))];
    throw configError(messages.length ? messages.join('; ') : 'The config does not match the spec');
  }
  const raw = config as unknown as RawConfig;
  const spaceUrl = normalizeSpaceUrl(raw.space_url);
  if (raw.start_date && Number.isNaN(Date.parse(raw.start_date))) {
    throw configError(`config field "start_date" is not a valid date-time: ${raw.start_date}`);
  }
  return {
    original: structuredClone(input) as JsonObject,
    spaceUrl,
    apiBaseUrl: `${spaceUrl}/api/v2`,
    credentials: raw.credentials,
    startDate: raw.start_date ? backlogTimestamp(raw.start_date) : undefined,
    projectKeys: raw.project_keys?.length ? raw.project_keys : undefined,
    concurrency: raw.concurrency,
    rateLimitShare: raw.rate_limit_share,
    requestTimeoutMs: raw.request_timeout_seconds * 1000,
    fullScanIntervalMs: raw.full_scan_days * 24 * 60 * 60 * 1000,
    lookbackMs: raw.lookback_window_minutes * 60 * 1000,
  };
}

export function secretsOf(credentials: Credentials): string[] {
  switch (credentials.auth_type) {
    case 'api_key':
      return [credentials.api_key];
    case 'oauth2':
      return [
        credentials.client_secret,
        credentials.refresh_token,
        ...(credentials.access_token ? [credentials.access_token] : []),
      ];
    case 'access_token':
      return [credentials.access_token];
  }
}
