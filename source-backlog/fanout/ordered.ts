import type { ReadContext } from '../stream/definition';
import type { Project, ProjectFeature } from '../stream/project-scope';

/**
 * Runs `work` on up to `concurrency` items at once and yields the results in the order of the
 * items, so checkpoints taken between results stay safe to resume from.
 */
export async function* mapConcurrentOrdered<T, R>(
  items: AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<{ item: T; result: R }> {
  const running: Array<Promise<{ item: T; result: R }>> = [];
  const start = (item: T): void => {
    const task = work(item).then((result) => ({ item, result }));
    // Failures surface when the task is awaited in order; this only stops an early rejection
    // from being reported as unhandled while an earlier task is still awaited.
    task.catch(() => undefined);
    running.push(task);
  };
  for await (const item of items) {
    start(item);
    if (running.length >= Math.max(1, concurrency)) yield await running.shift()!;
  }
  while (running.length > 0) yield await running.shift()!;
}

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
