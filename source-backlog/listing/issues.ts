import { driftTolerantOffsetRows } from '../backlog/pagination';
import type { ReadContext } from '../stream/definition';
import { updatedSinceWithLookback, type UpdatedCursor } from '../incremental/updated-cursor';

export interface Issue {
  id: number;
  projectId: number;
  updated: string;
  created: string;
  [field: string]: unknown;
}

/**
 * Issues in scope changed at or after the cursor, oldest change first, each id once. GET /issues
 * counts against the small "search" budget, so pages are always the maximum 100 rows.
 * A newer version of an issue already read in this walk is reported to `cursor.holdBack`.
 */
/** The same walk, issue by issue. */
export async function* eachIssueChangedSince(
  context: ReadContext,
  cursor: UpdatedCursor,
): AsyncGenerator<Issue> {
  for await (const page of issuesChangedSince(context, cursor)) yield* page;
}

export async function* issuesChangedSince(
  { client, projects }: ReadContext,
  cursor: UpdatedCursor,
): AsyncGenerator<Issue[]> {
  const since = cursor.fromUpdated;
  const params = {
    sort: 'updated',
    // Backlog's default order is desc; ascending keeps checkpoints monotonic.
    order: 'asc',
    updatedSince: since ? updatedSinceWithLookback(since) : undefined,
    'projectId[]': projects.isLimited ? await projects.ids() : undefined,
  };
  const pages = driftTolerantOffsetRows<Issue>(
    (offset, count) => client.get<Issue[]>('/issues', { ...params, offset, count }),
    (issue) => ({ id: issue.id, version: Date.parse(issue.updated) }),
    {
      onNewerDuplicate: (issue) => cursor.holdBack(issue.updated),
      // updatedSince is a day: the issues changed earlier that day are skipped, not read.
      fromVersion: since ? Date.parse(since) : undefined,
    },
  );
  for await (const page of pages) {
    const changed = page.filter((issue) => cursor.isNew(issue.updated));
    if (changed.length > 0) yield changed;
  }
}
