import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DOCUMENTATION_URL } from '../source-backlog/config/spec';
import { isBacklogCloudHost } from '../source-backlog/config/space-url';
import { acceptanceTestConfig } from './support/acceptance';
import { connectorMetadata } from './support/metadata';
import { describeWithShared, repoRoot, sharedDir } from './support/shared';

type Json = Record<string, unknown>;

const repoFile = (name: string) => fs.readFileSync(path.join(repoRoot(), name), 'utf8');
const metadata = connectorMetadata();
const packageJson = JSON.parse(repoFile('package.json')) as { version: string; license: string };

/** `LABEL` values of the Dockerfile's last stage (the image users run). */
function dockerfileLabels(): Record<string, string> {
  const dockerfile = repoFile('Dockerfile').replace(/\\\n/g, ' ');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const labels: Record<string, string> = {};
  for (const line of finalStage.split('\n').filter((l) => l.startsWith('LABEL '))) {
    for (const [, key, value] of line.matchAll(/([\w.-]+)="([^"]*)"/g)) labels[key] = value;
  }
  return labels;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * The bundled schema as Ajv can compile it (see shared/reference/README.md): its `$ref`s resolve
 * from the root, so the nested `$id`s of the files it was bundled from must go, and a property
 * typed with a definition's name (`type: ConnectorMetric`) means a `$ref` to that definition.
 */
function compilableMetadataSchema(root: Json): Json {
  const at = (pointer: string): unknown =>
    pointer
      .split('/')
      .slice(1)
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], root);
  const visit = (node: unknown, pointer: string, scopes: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => visit(item, `${pointer}/${i}`, scopes));
    if (typeof node !== 'object' || node === null) return node;
    const schema = node as Json;
    const inScope = schema.definitions ? [`${pointer}/definitions`, ...scopes] : scopes;
    if (typeof schema.type === 'string' && !JSON_TYPES.has(schema.type)) {
      const name = schema.type;
      const owner = inScope.find((definitions) => name in ((at(definitions) as Json) ?? {}));
      if (!owner) throw new Error(`${pointer}: type ${name} names no definition in scope`);
      const { type: _type, ...rest } = schema;
      return { ...rest, $ref: `${owner}/${name}` };
    }
    return Object.fromEntries(
      Object.entries(schema)
        .filter(([key]) => key !== '$id' || pointer === '#')
        .map(([key, value]) => [key, visit(value, `${pointer}/${key}`, inScope)]),
    );
  };
  return visit(root, '#', []) as Json;
}

describeWithShared('metadata.yaml against the official schema', () => {
  it('is valid ConnectorMetadataDefinitionV0', () => {
    const file = path.join(
      sharedDir()!,
      'reference',
      'airbyte-metadata',
      'ConnectorMetadataDefinitionV0.json',
    );
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(compilableMetadataSchema(schema));
    expect(validate(metadata) ? [] : validate.errors).toEqual([]);
    // The schema is strict about unknown keys: a typo must fail, or the check proves nothing.
    expect(validate({ ...metadata, data: { ...metadata.data, dockerImageTags: '0' } })).toBe(false);
  });
});

describe('metadata.yaml agrees with the rest of the repository', () => {
  it('the image tag is the package version and the Dockerfile labels name the same image', () => {
    expect(metadata.data.dockerImageTag).toBe(packageJson.version);
    expect(dockerfileLabels()).toMatchObject({
      'io.airbyte.name': metadata.data.dockerRepository,
      'io.airbyte.version': packageJson.version,
    });
    expect(acceptanceTestConfig().connector_image).toBe(
      `${metadata.data.dockerRepository}:${metadata.data.dockerImageTag}`,
    );
  });

  it('license and documentation address are those of the package and the spec', () => {
    expect(metadata.data.license).toBe(packageJson.license);
    expect(metadata.data.documentationUrl).toBe(DOCUMENTATION_URL);
  });

  it('allowedHosts are Backlog cloud domains the connector recognises', () => {
    expect(metadata.data.allowedHosts.hosts.length).toBeGreaterThan(0);
    for (const pattern of metadata.data.allowedHosts.hosts) {
      expect(pattern).toMatch(/^\*\./);
      expect({ pattern, cloud: isBacklogCloudHost(pattern.replace('*', 'space')) }).toEqual({
        pattern,
        cloud: true,
      });
    }
  });

  it('the changelog starts with the current version', () => {
    const changelog = repoFile('CHANGELOG.md').split('# Changelog\n')[1] ?? '';
    expect(changelog.trim().split('\n')[0]).toMatch(new RegExp(`^- ${packageJson.version}:`));
  });
});
