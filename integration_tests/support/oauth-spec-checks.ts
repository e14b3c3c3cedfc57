/**
 * CAT's checks of a spec's `advanced_auth` (tests/test_core.py TestSpec), as pure functions of the
 * SPEC the connector prints and the spec test of acceptance-test-config.yml.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The paths of a JSON schema's leaves, oneOf/anyOf branches merged, `/[]` for array items
 * (utils/json_schema_helper.py get_expected_schema_structure).
 */
export function schemaLeafPaths(schema: Json, at = ''): string[] {
  const branches = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (Array.isArray(branches)) {
    return branches.flatMap((branch) => schemaLeafPaths({ type: 'object', ...branch }, at));
  }
  const declared = schema.type ?? ['object', 'null'];
  const types = Array.isArray(declared) ? declared : [declared];
  if (types.includes('object')) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    if (Object.keys(properties).length === 0) return at ? [at] : [];
    return Object.entries(properties).flatMap(([name, child]) =>
      schemaLeafPaths(isObject(child) ? child : {}, `${at}/${name}`),
    );
  }
  if (types.includes('array')) {
    return schemaLeafPaths(isObject(schema.items) ? schema.items : {}, `${at}/[]`);
  }
  return [at];
}

/**
 * Config paths `advanced_auth` names that the connection specification lacks: its predicate_key
 * and every path_in_connector_config of the OAuth specifications (test_oauth_flow_parameters).
 */
export function oauthPathsMissingFromSpec(spec: Json): string[] {
  const advancedAuth = isObject(spec.advanced_auth) ? spec.advanced_auth : undefined;
  if (!advancedAuth) return [];
  const wanted = new Set<string>();
  if (Array.isArray(advancedAuth.predicate_key)) {
    wanted.add(`/${advancedAuth.predicate_key.join('/')}`);
  }
  const oauth = isObject(advancedAuth.oauth_config_specification)
    ? advancedAuth.oauth_config_specification
    : {};
  for (const key of [
    'oauth_user_input_from_connector_config_specification',
    'complete_oauth_output_specification',
    'complete_oauth_server_output_specification',
  ]) {
    const specification = oauth[key];
    const properties = isObject(specification) && isObject(specification.properties);
    if (!properties) continue;
    for (const property of Object.values((specification as Json).properties as Json)) {
      const path = isObject(property) ? property.path_in_connector_config : undefined;
      if (Array.isArray(path)) wanted.add(`/${path.join('/')}`);
    }
  }
  const declared = new Set(
    schemaLeafPaths(isObject(spec.connectionSpecification) ? spec.connectionSpecification : {}),
  );
  return [...wanted].filter((path) => !declared.has(path));
}

/**
 * Why OAuth is not the default authentication when CAT wants it to be: with a predicate_key, the
 * first credentials option must be the OAuth one, unless the spec test says `auth_default_method:
 * {oauth: false, bypass_reason}` (test_oauth_is_default_method, skip_oauth_default_method_test_fixture).
 */
export function oauthDefaultMethodProblem(
  spec: Json,
  specTest: { auth_default_method?: { oauth?: boolean; bypass_reason?: string } },
): string | undefined {
  const advancedAuth = isObject(spec.advanced_auth) ? spec.advanced_auth : undefined;
  const predicateKey = advancedAuth?.predicate_key;
  if (!Array.isArray(predicateKey) || predicateKey.length === 0) return undefined;
  if (specTest.auth_default_method?.oauth === false) return undefined;
  const connection = isObject(spec.connectionSpecification) ? spec.connectionSpecification : {};
  const properties = isObject(connection.properties) ? connection.properties : {};
  const holder = properties[String(predicateKey[0])];
  const first = isObject(holder) && Array.isArray(holder.oneOf) ? holder.oneOf[0] : undefined;
  if (!isObject(first)) return undefined;
  let node: unknown = first;
  for (const key of predicateKey.slice(1)) {
    node = isObject(node) && isObject(node.properties) ? node.properties[String(key)] : undefined;
  }
  const constant = isObject(node) ? node.const : undefined;
  return constant === advancedAuth?.predicate_value
    ? undefined
    : `the first ${String(predicateKey[0])} option is ${JSON.stringify(constant)}, not the OAuth one (${JSON.stringify(advancedAuth?.predicate_value)}); put OAuth first or set auth_default_method: {oauth: false, bypass_reason} on the spec test`;
}
