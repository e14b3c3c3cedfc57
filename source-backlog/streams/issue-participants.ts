import { isNotFound } from '../backlog/errors';
import { mapConcurrentOrdered } from '../fanout/ordered';
import { updatedCursorFor } from '../incremental/state-shapes';
import { issuesChangedSince, type Issue } from '../listing/issues';
import { checkpoint, record, type StreamDefinition } from '../stream/definition';

interface Participant {
  id: number;
  [field: string]: unknown;
}

const CURSOR = 'issueUpdated';

/**
 * Who took part in each issue (its creator and commenters). Participants have no date of their
 * own, so the cursor is the issue's `updated` when it was read: only issues changed since the last
 * sync are asked, one request each, oldest change first, with a checkpoint after each.
 */
export const issueParticipants: StreamDefinition = {
  name: 'issue_participants',
  about: {
    cost: {
      full: 'the issue pages, then 1 per issue',
      incremental: '1 search per 100 changed issues, then 1 per changed issue',
    },
    endpoint: 'GET /issues/:id/participants',
    notes: "its creator and commenters; the cursor is the issue's `updated`",
  },
  primaryKey: [['issueId'], ['id']],
  cursorField: [CURSOR],
  parentKeys: ['issueId', CURSOR],
  scope: 'project',
  async *read(context) {
    const cursor = updatedCursorFor(context, CURSOR);
    async function* changedIssues(): AsyncGenerator<Issue> {
      for await (const page of issuesChangedSince(context, cursor)) yield* page;
    }
    const perIssue = mapConcurrentOrdered(changedIssues(), context.config.concurrency, (issue) =>
      context.client.get<Participant[]>(`/issues/${issue.id}/participants`).catch((error) => {
        // Deleted between listing and reading: nothing to copy.
        if (isNotFound(error)) return [];
        throw error;
      }),
    );
    const state = () => checkpoint({ [CURSOR]: cursor.state()?.updated });
    for await (const { item: issue, result } of perIssue) {
      for (const participant of result) {
        yield record({ ...participant, issueId: issue.id, [CURSOR]: issue.updated });
      }
      cursor.observe(issue.updated);
      yield state();
    }
    yield state();
  },
};
