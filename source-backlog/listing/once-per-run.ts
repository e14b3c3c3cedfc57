import type { BacklogClient } from '../backlog/client';
import type { ReadContext } from '../stream/definition';

/**
 * `lookup`, asked of Backlog once per run of the connector (one client per run) and shared by
 * every stream that needs it.
 */
export function oncePerRun<T>(
  lookup: (context: ReadContext) => Promise<T>,
): (context: ReadContext) => Promise<T> {
  const results = new WeakMap<BacklogClient, Promise<T>>();
  return (context) => {
    let result = results.get(context.client);
    if (!result) {
      result = lookup(context);
      results.set(context.client, result);
    }
    return result;
  };
}
