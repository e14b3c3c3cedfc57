import type { ConnectorSpecification } from '../protocol/messages';
import { advancedAuth } from './oauth-flow-spec';

export const DOCUMENTATION_URL = 'https://github.com/source-backlog/source-backlog#readme';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_RATE_LIMIT_SHARE = 0.5;
export const DEFAULT_FULL_SCAN_DAYS = 7;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
export const DEFAULT_LOOKBACK_WINDOW_MINUTES = 5;

/** One way to authenticate: `auth_type` tells it apart, then its own fields. */
function authMethod<Fields extends Record<string, object>>(
  title: string,
  authType: string,
  required: string[],
  fields: Fields,
) {
  return {
    type: 'object',
    title,
    required: ['auth_type', ...required],
    properties: { auth_type: { type: 'string', const: authType, order: 0 }, ...fields },
  } as const;
}

/** A required secret string. */
function secret(title: string, order: number, description?: string) {
  return {
    type: 'string',
    title,
    ...(description === undefined ? {} : { description }),
    airbyte_secret: true,
    minLength: 1,
    order,
  } as const;
}

export const connectionSpecification = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Backlog Source Spec',
  type: 'object',
  required: ['space_url', 'credentials'],
  additionalProperties: true,
  properties: {
    space_url: {
      type: 'string',
      title: 'Space URL',
      description:
        'The address of your Backlog space, e.g. https://your-space.backlog.com (also .backlog.jp, .backlogtool.com, or a Backlog Enterprise host). A pasted page address or /api/v2 suffix is fine.',
      examples: ['https://your-space.backlog.com', 'https://your-space.backlog.jp'],
      minLength: 1,
      order: 0,
    },
    credentials: {
      type: 'object',
      title: 'Authentication',
      order: 1,
      oneOf: [
        authMethod('API key', 'api_key', ['api_key'], {
          api_key: secret('API key', 1, 'Issued in Backlog under Personal Settings > API.'),
        }),
        authMethod('OAuth 2.0', 'oauth2', ['client_id', 'client_secret', 'refresh_token'], {
          client_id: { type: 'string', title: 'Client ID', minLength: 1, order: 1 },
          client_secret: secret('Client secret', 2),
          refresh_token: secret('Refresh token', 3),
          access_token: {
            type: 'string',
            title: 'Access token',
            description:
              'Filled in by the OAuth flow and kept up to date by the connector; used until it expires, so a check does not spend the refresh token.',
            airbyte_secret: true,
            order: 4,
          },
          token_expiry_date: {
            type: 'string',
            title: 'Access token expiry',
            description: 'When the access token expires (UTC date-time), from the OAuth flow.',
            format: 'date-time',
            order: 5,
          },
        }),
        authMethod('Access token', 'access_token', ['access_token'], {
          access_token: secret(
            'Access token',
            1,
            'An OAuth 2.0 bearer token obtained elsewhere (it is not refreshed).',
          ),
        }),
      ],
    },
    start_date: {
      type: 'string',
      title: 'Start date',
      description:
        'Only data updated at or after this UTC date-time is read. Leave empty to read everything.',
      format: 'date-time',
      pattern:
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$',
      examples: ['2024-01-01T00:00:00Z'],
      order: 2,
    },
    project_keys: {
      type: 'array',
      title: 'Project keys',
      description:
        'Limit project-scoped streams (projects, issues, comments, ...) to these project keys. Default: every project the user has joined.',
      items: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9_]+$' },
      uniqueItems: true,
      examples: [['PROJ', 'DEV']],
      order: 3,
    },
    concurrency: {
      type: 'integer',
      title: 'Concurrency',
      description: 'Requests in flight at once for fan-out work such as comments.',
      minimum: 1,
      maximum: 16,
      default: DEFAULT_CONCURRENCY,
      order: 4,
    },
    rate_limit_share: {
      type: 'number',
      title: 'Share of the rate limit',
      description:
        "The fraction (0.05-1) of each of the user's per-minute Backlog API budgets the connector may spend, leaving the rest to people and tools using Backlog at the same time.",
      exclusiveMinimum: 0,
      minimum: 0.05,
      maximum: 1,
      default: DEFAULT_RATE_LIMIT_SHARE,
      order: 5,
    },
    request_timeout_seconds: {
      type: 'integer',
      title: 'Request timeout (seconds)',
      minimum: 5,
      maximum: 600,
      default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
      order: 6,
    },
    full_scan_days: {
      type: 'integer',
      title: 'Full scan every (days)',
      description:
        'Pull requests and their comments are found through the activity feed between full scans. Every this many days (0: every sync) an incremental sync lists them in full instead, which also picks up changes Backlog logs no activity for, such as edited pull-request comments.',
      minimum: 0,
      maximum: 365,
      default: DEFAULT_FULL_SCAN_DAYS,
      order: 7,
    },
    lookback_window_minutes: {
      type: 'integer',
      title: 'Lookback window (minutes)',
      description:
        "Each incremental sync reads again what changed this many minutes before the last sync's cursor. Backlog's timestamps have one-second resolution, and a change can land in a second a sync has already read (a bulk update still running, a write that becomes visible late): re-reading the window catches it. The destination's deduplication absorbs the repeats.",
      minimum: 0,
      maximum: 1440,
      default: DEFAULT_LOOKBACK_WINDOW_MINUTES,
      order: 8,
    },
  },
} as const;

export const spec: ConnectorSpecification = {
  documentationUrl: DOCUMENTATION_URL,
  connectionSpecification: connectionSpecification as unknown as Record<string, unknown>,
  supportsIncremental: true,
  protocol_version: '0.2.0',
  advanced_auth: advancedAuth,
};
