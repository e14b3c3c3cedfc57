import { FakeBacklog } from '../fake-backlog';
import type { FakeBacklogOptions } from '../fake-backlog/types';

/** Runs `body` against a fake Backlog server started with `options`, stopped whatever happens. */
export async function withFakeBacklog<T>(
  options: FakeBacklogOptions,
  body: (server: FakeBacklog) => Promise<T>,
): Promise<T> {
  const server = await FakeBacklog.start(options);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}
