/**
 * The Airbyte platform's declarative OAuth flow, as airbytehq/airbyte-platform runs a connector's
 * `advanced_auth` (read in `DeclarativeOAuthFlow`, `DeclarativeOAuthSpecHandler`, `BaseOAuth2Flow`,
 * `BaseOAuthFlow`, `OAuthHandler` and the webapp's `useOauthFlowAdapter`): template values, the
 * consent URL, the code exchange, what is extracted and where the UI puts it in the config.
 * Stricter than Jinjava in one way: an unknown variable or filter throws instead of rendering
 * empty, so a typo in the spec fails the test rather than the user's first click.
 */
import Ajv from 'ajv';

type Json = Record<string, unknown>;

export interface OAuthConfigSpecification {
  oauth_user_input_from_connector_config_specification: { properties: Record<string, Property> };
  oauth_connector_input_specification: Json & {
    consent_url: string;
    access_token_url: string;
    access_token_headers?: Record<string, string>;
    access_token_params?: Record<string, string>;
    extract_output?: string[];
  };
  complete_oauth_output_specification: { properties: Record<string, Property> };
  complete_oauth_server_input_specification: { properties: Record<string, Property> };
  complete_oauth_server_output_specification: { properties: Record<string, Property> };
}

interface Property {
  type: string;
  path_in_connector_config?: string[];
  path_in_oauth_response?: string[];
}

export interface AdvancedAuth {
  auth_flow_type: string;
  predicate_key: string[];
  predicate_value: string;
  oauth_config_specification: OAuthConfigSpecification;
}

/** `DeclarativeOAuthSpecHandler.MANDATORY_DEFAULT_KEYS`: key names a spec may override. */
const DEFAULT_KEY_NAMES: Record<string, string> = {
  auth_code_key: 'code',
  client_id_key: 'client_id',
  client_secret_key: 'client_secret',
  redirect_uri_key: 'redirect_uri',
  scope_key: 'scope',
  state_key: 'state',
};

/** Java's `URLEncoder.encode(s, UTF_8)`: like encodeURIComponent, plus `!'()~`, space as `+`. */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Filters the platform's Jinjava knows that a Backlog spec could need. */
const FILTERS: Record<string, (value: string) => string> = {
  urlencode: javaUrlEncode, // Jinjava's built-in UrlEncodeFilter
  b64encode: (value) => Buffer.from(value, 'utf8').toString('base64'), // the platform's own
};

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const EXPRESSION = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*)?$/;

/** Each `{{ … }}` of a template as its variable and optional filter (throws on anything else). */
export function placeholders(template: string): Array<{ variable: string; filter?: string }> {
  if (/\{%|\{#/.test(template)) throw new Error(`template has a Jinja statement: ${template}`);
  return [...template.matchAll(PLACEHOLDER)].map((match) => {
    const parsed = EXPRESSION.exec(match[1]);
    if (!parsed) throw new Error(`unsupported expression {{${match[1]}}} in ${template}`);
    return { variable: parsed[1], filter: parsed[2] };
  });
}

export function render(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_whole, expression: string) => {
    const { variable, filter } = placeholders(`{{${expression}}}`)[0];
    const value = values[variable];
    if (value === undefined) throw new Error(`the platform provides no {{ ${variable} }}`);
    if (filter === undefined) return value;
    const apply = FILTERS[filter];
    if (!apply) throw new Error(`the platform's Jinjava has no filter ${filter}`);
    return apply(value);
  });
}

export interface FlowValues {
  clientId: string;
  clientSecret?: string;
  authCode?: string;
  redirectUri: string;
  state?: string;
}

/**
 * `createDefaultTemplateMap` + `getTemplateParametersAndValues`: the key names, every field of
 * the user's OAuth inputs merged with `oauth_connector_input_specification`, then the flow's own
 * values under `<name>_value` (and `<key>=<value>` under `<name>_param`).
 */
export function templateValues(
  spec: OAuthConfigSpecification,
  userInputs: Record<string, string>,
  flow: FlowValues,
): Record<string, string> {
  const userConfig: Json = { ...userInputs, ...spec.oauth_connector_input_specification };
  const values: Record<string, string> = {};
  for (const [key, fallback] of Object.entries(DEFAULT_KEY_NAMES)) {
    values[key] = typeof userConfig[key] === 'string' ? (userConfig[key] as string) : fallback;
  }
  for (const [key, value] of Object.entries(userConfig)) {
    // Jackson's asText(): objects and arrays read as "".
    values[key] = typeof value === 'object' ? '' : String(value);
  }
  const given: Array<[string, string | undefined]> = [
    ['client_id', flow.clientId],
    ['client_secret', flow.clientSecret],
    ['auth_code', flow.authCode],
    ['redirect_uri', flow.redirectUri],
    ['state', flow.state],
  ];
  for (const [name, value] of given) {
    if (value !== undefined) values[values[`${name}_key`]] = value;
  }
  for (const name of [
    'client_id',
    'client_secret',
    'auth_code',
    'state',
    'redirect_uri',
    'scope',
  ]) {
    const keyName = values[`${name}_key`];
    const value = values[keyName];
    if (value === undefined) continue;
    values[`${name}_value`] = value;
    const encode = name === 'redirect_uri' || name === 'scope';
    values[`${name}_param`] = `${keyName}=${encode ? javaUrlEncode(value) : value}`;
  }
  return values;
}

/** The variables a spec's templates may use: the platform's names plus the declared user inputs. */
export function providedVariables(spec: OAuthConfigSpecification): Set<string> {
  const platform = Object.keys(
    templateValues(
      spec,
      {},
      { clientId: 'x', clientSecret: 'x', authCode: 'x', redirectUri: 'x', state: 'x' },
    ),
  );
  return new Set([
    ...platform,
    ...Object.keys(spec.oauth_user_input_from_connector_config_specification.properties),
    ...Object.keys(spec.complete_oauth_server_input_specification.properties),
  ]);
}

/** Every template of `oauth_connector_input_specification`, named by where it sits. */
export function templatesOf(spec: OAuthConfigSpecification): Record<string, string> {
  const input = spec.oauth_connector_input_specification;
  const templates: Record<string, string> = {
    consent_url: input.consent_url,
    access_token_url: input.access_token_url,
  };
  for (const field of ['access_token_headers', 'access_token_params'] as const) {
    for (const [key, value] of Object.entries(input[field] ?? {})) {
      templates[`${field} key ${key}`] = key;
      templates[`${field}.${key}`] = value;
    }
  }
  return templates;
}

export interface TokenRequest {
  url: string;
  headers: Record<string, string>;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  body: string;
}

/** `DeclarativeOAuthFlow.getRequestContentType`: params without a known Content-Type go as JSON. */
function tokenContentType(spec: OAuthConfigSpecification): TokenRequest['contentType'] {
  const input = spec.oauth_connector_input_specification;
  if (input.access_token_params === undefined) return 'application/x-www-form-urlencoded';
  const declared = input.access_token_headers?.['Content-Type'];
  return declared === 'application/x-www-form-urlencoded' ? declared : 'application/json';
}

/** `completeOAuthFlow`: the code exchange request (body from access_token_params only). */
export function tokenRequest(
  spec: OAuthConfigSpecification,
  userInputs: Record<string, string>,
  flow: Required<FlowValues>,
): TokenRequest {
  const input = spec.oauth_connector_input_specification;
  const values = templateValues(spec, userInputs, flow);
  const renderAll = (map: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(map).map(([k, v]) => [render(k, values), render(v, values)]));
  const params = renderAll(input.access_token_params);
  const rendered = renderAll(input.access_token_headers);
  const contentType = tokenContentType(spec);
  const headers = Object.keys(rendered).length
    ? rendered
    : { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  const body =
    contentType === 'application/json'
      ? JSON.stringify(params)
      : Object.entries(params)
          .map(([key, value]) => `${key}=${javaUrlEncode(value)}`)
          .join('&');
  return { url: render(input.access_token_url, values), headers, contentType, body };
}

/** `Instant.toString()`: ISO-8601 UTC, fractional seconds only when there are some. */
function instantString(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * `processOAuthOutput` then `formatOAuthOutput`: each extract_output path's last segment, with
 * `token_expiry_date` = now + expires_in; kept when complete_oauth_output_specification names it.
 */
export function oauthOutput(
  spec: OAuthConfigSpecification,
  response: Json,
  nowMs: number,
): Record<string, string> {
  const input = spec.oauth_connector_input_specification;
  const expiryKey =
    typeof input.token_expiry_key === 'string' ? input.token_expiry_key : 'expires_in';
  const extracted: Record<string, string> = {};
  for (const path of input.extract_output ?? ['refresh_token']) {
    let value: unknown = response;
    for (const part of path.split('.')) value = (value as Json | undefined)?.[part];
    const key = path.split('.').pop()!;
    if (value === undefined || value === null)
      throw new Error(`Missing '${key}' in the OAuth output`);
    if (key === expiryKey)
      extracted.token_expiry_date = instantString(nowMs + Number(value) * 1000);
    extracted[key] = String(value);
  }
  const wanted = spec.complete_oauth_output_specification.properties;
  return Object.fromEntries(Object.entries(extracted).filter(([key]) => key in wanted));
}

function setAt(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Json;
  node[path[path.length - 1]] = value;
}

function getAt(source: Json, path: string[]): unknown {
  return path.reduce<unknown>((node, part) => (node as Json | undefined)?.[part], source);
}

/**
 * The webapp with no instance-wide OAuth app (Airbyte OSS): the user types the server inputs
 * (client id and secret) and the user inputs (space URL) into the form; they are sent by their
 * names in the spec, read at `path_in_connector_config`.
 */
export function userInputsFromForm(
  spec: OAuthConfigSpecification,
  form: Json,
): Record<string, string> {
  const fields = {
    ...spec.complete_oauth_server_output_specification.properties,
    ...spec.oauth_user_input_from_connector_config_specification.properties,
  };
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      String(getAt(form, field.path_in_connector_config!)),
    ]),
  );
}

/** `validateInputOAuthConfiguration`, with the platform forcing additionalProperties on. */
export function userInputProblems(spec: OAuthConfigSpecification, inputs: Json): string[] {
  const schema = {
    ...spec.oauth_user_input_from_connector_config_specification,
    type: 'object',
    additionalProperties: true,
  };
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return validate(inputs)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * The whole button click against a server that grants at once: consent URL, redirect back with a
 * code, code exchange, and the form filled with the output. Returns the config the source is
 * created with.
 */
export async function completeOAuthInTheForm(
  advancedAuth: AdvancedAuth,
  form: Json,
  options: { redirectUri: string; nowMs: number; state: string },
): Promise<Json> {
  const spec = advancedAuth.oauth_config_specification;
  const inputs = userInputsFromForm(spec, form);
  const problems = userInputProblems(spec, inputs);
  if (problems.length)
    throw new Error(`the platform refuses the OAuth inputs: ${problems.join('; ')}`);
  const flow = {
    clientId: inputs.client_id,
    redirectUri: options.redirectUri,
    state: options.state,
  };
  const consentUrl = render(
    spec.oauth_connector_input_specification.consent_url,
    templateValues(spec, inputs, flow),
  );
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? 'about:blank');
  if (consent.status !== 302 || back.searchParams.get('state') !== options.state) {
    throw new Error(`consent at ${consentUrl} answered ${consent.status} ${back}`);
  }
  const request = tokenRequest(spec, inputs, {
    ...flow,
    clientSecret: inputs.client_secret,
    authCode: back.searchParams.get('code') ?? '',
  });
  const answer = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  const output = oauthOutput(spec, (await answer.json()) as Json, options.nowMs);
  const config = structuredClone(form);
  for (const [key, field] of Object.entries(spec.complete_oauth_output_specification.properties)) {
    setAt(config, field.path_in_connector_config!, output[key]);
  }
  return config;
}
