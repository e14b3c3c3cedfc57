import type { SyncMode } from '../protocol/messages';
import type { StreamDefinition } from './definition';

/** One stream's row of the public contract, as discover announces it and the docs table shows. */
export interface StreamContract {
  name: string;
  syncModes: SyncMode[];
  primaryKey: string[][];
  cursorField: string[] | undefined;
  parentKeys: string[];
  module: string | undefined;
  scope: 'space' | 'project';
}

export function contractOf(stream: StreamDefinition): StreamContract {
  return {
    name: stream.name,
    syncModes: stream.cursorField ? ['full_refresh', 'incremental'] : ['full_refresh'],
    primaryKey: stream.primaryKey ?? [['id']],
    cursorField: stream.cursorField,
    parentKeys: stream.parentKeys ?? [],
    module: stream.module,
    scope: stream.scope ?? (stream.module ? 'project' : 'space'),
  };
}
