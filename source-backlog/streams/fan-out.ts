import { mapConcurrentOrdered } from './concurrent';
import type { Project, ProjectFeature } from './project-scope';
import type { ReadContext } from './stream';

/**
 * Runs `read` for every project in scope that has `feature` on, `concurrency` projects at a
 * time, and yields the results in project order.
 */
export async function* perProject<R>(
  { projects, config }: ReadContext,
  feature: ProjectFeature | undefined,
  read: (project: Project) => Promise<R>,
): AsyncGenerator<{ project: Project; result: R }> {
  const inScope = await projects.with(feature);
  for await (const { item, result } of mapConcurrentOrdered(
    fromList(inScope),
    config.concurrency,
    read,
  )) {
    yield { project: item, result };
  }
}

/** The items of a list, as an async iterable (for pipelines over already-fetched rows). */
export async function* fromList<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
