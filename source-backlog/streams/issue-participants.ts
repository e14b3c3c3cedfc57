import { mapConcurrentOrdered } from '../fanout/ordered';
import { updatedCursorFor } from '../incremental/state-shapes';
import { unlessGone } from '../listing/collect';
import { eachIssueChangedSince } from '../listing/issues';
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
    const issues = eachIssueChangedSince(context, cursor);
    const perIssue = mapConcurrentOrdered(issues, context.config.concurrency, async (issue) => {
      const path = `/issues/${issue.id}/participants`;
      return (await unlessGone(() => context.client.get<Participant[]>(path))) ?? [];
    });
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
