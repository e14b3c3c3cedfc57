/**
 * `advanced_auth`: the Airbyte UI's "Authenticate your account" button for the OAuth 2.0 branch,
 * run by the platform's declarative OAuth flow (Backlog's authorization-code grant, on the user's
 * own space). Templates are Jinja (Jinjava): `{{ client_id_value }}`, `{{ client_secret_value }}`,
 * `{{ auth_code_value }}`, `{{ redirect_uri_value }}` and `{{ state_value }}` come from the
 * platform; `{{ space_url }}` is the user's input declared below.
 */

// Backlog Enterprise may live under a path prefix; plain http only for loopback test servers, as
// space_url itself. No trailing slash, query or fragment: the paths are appended verbatim.
const OAUTH_SPACE_URL_PATTERN =
  '^(https://[^\\s/?#]+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?)(/[^\\s?#]*[^\\s/?#])?$';

const credentialsPath = (field: string): string[] => ['credentials', field];

export const advancedAuth = {
  auth_flow_type: 'oauth2.0',
  predicate_key: credentialsPath('auth_type'),
  predicate_value: 'oauth2',
  oauth_config_specification: {
    oauth_user_input_from_connector_config_specification: {
      type: 'object',
      additionalProperties: true,
      required: ['space_url'],
      properties: {
        space_url: {
          type: 'string',
          pattern: OAUTH_SPACE_URL_PATTERN,
          path_in_connector_config: ['space_url'],
        },
      },
    },
    oauth_connector_input_specification: {
      consent_url:
        '{{ space_url }}/OAuth2AccessRequest.action?response_type=code&client_id={{ client_id_value | urlencode }}&redirect_uri={{ redirect_uri_value | urlencode }}&state={{ state_value }}',
      access_token_url: '{{ space_url }}/api/v2/oauth2/token',
      // With access_token_params and no Content-Type header the platform posts JSON; Backlog wants a form.
      access_token_headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      // The platform form-encodes these values itself: no urlencode filter here.
      access_token_params: {
        grant_type: 'authorization_code',
        code: '{{ auth_code_value }}',
        client_id: '{{ client_id_value }}',
        client_secret: '{{ client_secret_value }}',
        redirect_uri: '{{ redirect_uri_value }}',
      },
      // expires_in is the platform's default token_expiry_key: it becomes token_expiry_date.
      extract_output: ['access_token', 'refresh_token', 'expires_in'],
    },
    complete_oauth_output_specification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        access_token: {
          type: 'string',
          path_in_connector_config: credentialsPath('access_token'),
          path_in_oauth_response: ['access_token'],
        },
        refresh_token: {
          type: 'string',
          path_in_connector_config: credentialsPath('refresh_token'),
          path_in_oauth_response: ['refresh_token'],
        },
        token_expiry_date: {
          type: 'string',
          path_in_connector_config: credentialsPath('token_expiry_date'),
          path_in_oauth_response: ['expires_in'],
        },
      },
    },
    complete_oauth_server_input_specification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        client_id: { type: 'string' },
        client_secret: { type: 'string' },
      },
    },
    complete_oauth_server_output_specification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        client_id: { type: 'string', path_in_connector_config: credentialsPath('client_id') },
        client_secret: {
          type: 'string',
          path_in_connector_config: credentialsPath('client_secret'),
        },
      },
    },
  },
};
