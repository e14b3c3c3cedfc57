import {
  oauthDefaultMethodProblem,
  oauthPathsMissingFromSpec,
  schemaLeafPaths,
} from './oauth-spec-checks';

/** A spec with an API key first and OAuth second, as CAT reads them. */
function spec() {
  return {
    connectionSpecification: {
      type: 'object',
      properties: {
        space_url: { type: 'string' },
        credentials: {
          type: 'object',
          oneOf: [
            {
              type: 'object',
              properties: {
                auth_type: { type: 'string', const: 'api_key' },
                api_key: { type: 'string' },
              },
            },
            {
              type: 'object',
              properties: {
                auth_type: { type: 'string', const: 'oauth2' },
                client_id: { type: 'string' },
                refresh_token: { type: 'string' },
              },
            },
          ],
        },
      },
    },
    advanced_auth: {
      auth_flow_type: 'oauth2.0',
      predicate_key: ['credentials', 'auth_type'],
      predicate_value: 'oauth2',
      oauth_config_specification: {
        oauth_user_input_from_connector_config_specification: {
          type: 'object',
          properties: { space_url: { type: 'string', path_in_connector_config: ['space_url'] } },
        },
        complete_oauth_output_specification: {
          type: 'object',
          properties: {
            refresh_token: {
              type: 'string',
              path_in_connector_config: ['credentials', 'refresh_token'],
            },
          },
        },
      },
    },
  };
}

describe('schemaLeafPaths', () => {
  it('lists leaves, oneOf branches merged and array items as []', () => {
    expect(
      schemaLeafPaths({
        type: 'object',
        properties: {
          a: { type: 'array', items: { type: 'string' } },
          ...spec().connectionSpecification.properties,
        },
      }).sort(),
    ).toEqual([
      '/a/[]',
      '/credentials/api_key',
      '/credentials/auth_type',
      '/credentials/auth_type',
      '/credentials/client_id',
      '/credentials/refresh_token',
      '/space_url',
    ]);
  });
});

describe('oauthPathsMissingFromSpec (test_oauth_flow_parameters)', () => {
  it('finds every path the OAuth specifications name in the connection specification', () => {
    expect(oauthPathsMissingFromSpec(spec())).toEqual([]);
  });

  it('reports an output path the connection specification lacks', () => {
    const broken = spec();
    broken.advanced_auth.oauth_config_specification.complete_oauth_output_specification.properties.refresh_token.path_in_connector_config =
      ['credentials', 'token'];
    expect(oauthPathsMissingFromSpec(broken)).toEqual(['/credentials/token']);
  });

  it('reports a predicate_key the connection specification lacks', () => {
    const broken = spec();
    broken.advanced_auth.predicate_key = ['credentials', 'method'];
    expect(oauthPathsMissingFromSpec(broken)).toEqual(['/credentials/method']);
  });
});

describe('oauthDefaultMethodProblem (test_oauth_is_default_method)', () => {
  it('wants OAuth first when the spec test does not bypass it', () => {
    expect(oauthDefaultMethodProblem(spec(), {})).toMatch(/first credentials option is "api_key"/);
  });

  it('accepts an API key first with auth_default_method.oauth: false', () => {
    const specTest = { auth_default_method: { oauth: false, bypass_reason: 'API key is simpler' } };
    expect(oauthDefaultMethodProblem(spec(), specTest)).toBeUndefined();
  });

  it('accepts OAuth first', () => {
    const oauthFirst = spec();
    oauthFirst.connectionSpecification.properties.credentials.oneOf.reverse();
    expect(oauthDefaultMethodProblem(oauthFirst, {})).toBeUndefined();
  });
});
