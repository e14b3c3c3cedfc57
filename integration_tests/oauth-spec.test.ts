import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';
import { runConnector } from './support/connector';
import {
  type AdvancedAuth,
  oauthOutput,
  placeholders,
  providedVariables,
  render,
  templatesOf,
  templateValues,
  tokenRequest,
  userInputProblems,
} from './support/declarative-oauth';
import { strictSchema } from './support/protocol';
import { describeWithShared, sharedDir } from './support/shared';

type Json = Record<string, unknown>;

const SPACE = 'https://example.backlog.com';
const REDIRECT_URI = 'https://airbyte.example.com/auth_flow';
const INPUTS = { space_url: SPACE, client_id: 'my-client-id', client_secret: 's3cret+/=' };

let connectorSpec: Json;
let advancedAuth: AdvancedAuth;

beforeAll(async () => {
  const result = await runConnector('spec');
  connectorSpec = result.messages.find((message) => message.type === 'SPEC')!.spec!;
  advancedAuth = connectorSpec.advanced_auth as AdvancedAuth;
});

const oauthSpec = () => advancedAuth.oauth_config_specification;

describeWithShared('advanced_auth against the Airbyte protocol schema', () => {
  function protocolValidator(definition: string, strict: boolean) {
    const file = path.join(sharedDir()!, 'reference', 'airbyte-protocol', 'airbyte_protocol.yaml');
    const protocol = yaml.load(fs.readFileSync(file, 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(strict ? strictSchema(protocol) : protocol, 'airbyte');
    return ajv.compile({ $ref: `airbyte#/definitions/${definition}` });
  }

  it('the SPEC is a valid ConnectorSpecification, advanced_auth included', () => {
    const validate = protocolValidator('ConnectorSpecification', false);
    expect(validate(connectorSpec) ? [] : validate.errors).toEqual([]);
  });

  it('advanced_auth uses only the keys the protocol declares (a misspelt key fails)', () => {
    const validate = protocolValidator('ConnectorSpecification/properties/advanced_auth', true);
    expect(validate(advancedAuth) ? [] : validate.errors).toEqual([]);
  });
});

describe('advanced_auth fits the connector spec', () => {
  /** The property schema at `fieldPath` in the config spec, looking into the OAuth 2.0 branch. */
  function specProperty(fieldPath: string[]): Json | undefined {
    let node = connectorSpec.connectionSpecification as Json;
    for (const part of fieldPath) {
      const branch = (node.oneOf as Json[] | undefined)?.find(
        (candidate) =>
          (candidate.properties as Json).auth_type !== undefined &&
          (candidate.properties as Record<string, Json>).auth_type.const ===
            advancedAuth.predicate_value,
      );
      node = ((branch ?? node).properties as Record<string, Json> | undefined)?.[part] as Json;
      if (node === undefined) return undefined;
    }
    return node;
  }

  it('the button shows on the OAuth 2.0 branch (predicate_key and predicate_value)', () => {
    expect(advancedAuth.auth_flow_type).toBe('oauth2.0');
    expect(specProperty(advancedAuth.predicate_key)?.const).toBe(advancedAuth.predicate_value);
  });

  it('every path_in_connector_config is a field of the spec, secrets marked (as CAT checks)', () => {
    const spec = oauthSpec();
    const fields = {
      ...spec.oauth_user_input_from_connector_config_specification.properties,
      ...spec.complete_oauth_output_specification.properties,
      ...spec.complete_oauth_server_output_specification.properties,
    };
    for (const [name, field] of Object.entries(fields)) {
      expect({ name, field: specProperty(field.path_in_connector_config!) }).toEqual({
        name,
        field: expect.objectContaining({ type: 'string' }),
      });
    }
    for (const secret of ['access_token', 'refresh_token', 'client_secret']) {
      expect(specProperty(['credentials', secret])?.airbyte_secret).toBe(true);
    }
  });

  it('the server inputs are the client id and secret, and each comes back into the config', () => {
    const spec = oauthSpec();
    expect(Object.keys(spec.complete_oauth_server_input_specification.properties).sort()).toEqual([
      'client_id',
      'client_secret',
    ]);
    expect(Object.keys(spec.complete_oauth_server_output_specification.properties).sort()).toEqual(
      Object.keys(spec.complete_oauth_server_input_specification.properties).sort(),
    );
  });

  it('extract_output is what the platform would derive from path_in_oauth_response', () => {
    const derived = Object.values(oauthSpec().complete_oauth_output_specification.properties).map(
      (field) => field.path_in_oauth_response!.join('.'),
    );
    expect(oauthSpec().oauth_connector_input_specification.extract_output).toEqual(derived);
  });
});

describe('the OAuth templates, filled in the way the platform fills them', () => {
  it('use only variables the platform provides or the spec declares as user input', () => {
    const provided = providedVariables(oauthSpec());
    const used = Object.entries(templatesOf(oauthSpec())).flatMap(([where, template]) =>
      placeholders(template).map(({ variable, filter }) => ({ where, variable, filter })),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter(({ variable }) => !provided.has(variable))).toEqual([]);
    expect(
      used.filter(
        ({ filter }) => filter !== undefined && !['urlencode', 'b64encode'].includes(filter),
      ),
    ).toEqual([]);
  });

  it('the consent URL is the space’s own OAuth2AccessRequest.action with code, client, redirect and state', () => {
    const values = templateValues(oauthSpec(), INPUTS, {
      clientId: INPUTS.client_id,
      redirectUri: REDIRECT_URI,
      state: 'St4te.-_',
    });
    expect(render(oauthSpec().oauth_connector_input_specification.consent_url, values)).toBe(
      'https://example.backlog.com/OAuth2AccessRequest.action?response_type=code&client_id=my-client-id&redirect_uri=https%3A%2F%2Fairbyte.example.com%2Fauth_flow&state=St4te.-_',
    );
  });

  it('the code exchange posts a form to the space’s /api/v2/oauth2/token', () => {
    const request = tokenRequest(oauthSpec(), INPUTS, {
      clientId: INPUTS.client_id,
      clientSecret: INPUTS.client_secret,
      authCode: 'c0de/+',
      redirectUri: REDIRECT_URI,
      state: 'St4te',
    });
    expect(request.url).toBe('https://example.backlog.com/api/v2/oauth2/token');
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'c0de/+',
      client_id: 'my-client-id',
      client_secret: 's3cret+/=',
      redirect_uri: REDIRECT_URI,
    });
  });

  it('the answer gives the config all three tokens, the expiry computed from expires_in', () => {
    const output = oauthOutput(
      oauthSpec(),
      { access_token: 'at', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt' },
      Date.parse('2026-01-01T00:00:00Z'),
    );
    expect(output).toEqual({
      access_token: 'at',
      refresh_token: 'rt',
      token_expiry_date: '2026-01-01T01:00:00Z',
    });
  });

  it('the space URL input takes a bare https space address (and loopback http for tests)', () => {
    const accepted = [
      SPACE,
      'https://example.backlog.jp',
      'https://backlog.example.co.jp/backlog',
      'http://127.0.0.1:8080',
    ];
    const refused = [
      'example.backlog.com',
      'https://example.backlog.com/',
      'http://example.backlog.com',
      'https://example.backlog.com/view?x=1',
    ];
    for (const space_url of accepted) {
      expect({ space_url, problems: userInputProblems(oauthSpec(), { space_url }) }).toEqual({
        space_url,
        problems: [],
      });
    }
    for (const space_url of refused) {
      expect({
        space_url,
        refused: userInputProblems(oauthSpec(), { space_url }).length > 0,
      }).toEqual({ space_url, refused: true });
    }
  });
});
