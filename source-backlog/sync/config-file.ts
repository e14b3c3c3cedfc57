import { renameSync, writeFileSync } from 'node:fs';
import type { JsonObject } from '../protocol/messages';

/**
 * Writes the config the connector sent in a CONTROL message (a rotated OAuth refresh token) back
 * to the config file, as the Airbyte platform stores it: all at once, readable only by its owner.
 */
export function saveRotatedConfig(path: string, config: JsonObject): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
