import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JsonObject } from '../protocol/messages';

function findSchemasDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No schemas/ folder found above ${start}`);
  }
}

let schemasDir: string | undefined;
const cache = new Map<string, JsonObject>();

/** The JSON schema of a stream, from schemas/<stream>.json at the package root. */
export function loadStreamSchema(stream: string): JsonObject {
  let schema = cache.get(stream);
  if (!schema) {
    schemasDir ??= findSchemasDir(__dirname);
    schema = JSON.parse(readFileSync(join(schemasDir, `${stream}.json`), 'utf8')) as JsonObject;
    cache.set(stream, schema);
  }
  return schema;
}
