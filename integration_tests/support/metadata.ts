import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import { repoRoot } from './shared';

/** The fields of metadata.yaml the tests compare with the rest of the repository. */
export interface ConnectorMetadata {
  metadataSpecVersion: string;
  data: {
    name: string;
    definitionId: string;
    dockerRepository: string;
    dockerImageTag: string;
    documentationUrl: string;
    license: string;
    allowedHosts: { hosts: string[] };
    tags: string[];
  };
}

export function connectorMetadata(): ConnectorMetadata {
  return yaml.load(
    fs.readFileSync(path.join(repoRoot(), 'metadata.yaml'), 'utf8'),
  ) as ConnectorMetadata;
}

/** dockerRepository:dockerImageTag, the name scripts/container/build-image.sh gives the image. */
export function imageName(): string {
  const { data } = connectorMetadata();
  return `${data.dockerRepository}:${data.dockerImageTag}`;
}
