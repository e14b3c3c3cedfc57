import { checkpoint, record, type StreamDefinition } from './stream';
import { issuesChangedSince } from './issue-listing';
import { updatedCursorFor } from './incremental';

export const issues: StreamDefinition = {
  name: 'issues',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    const cursor = updatedCursorFor('issues', context);
    for await (const page of issuesChangedSince(context, cursor)) {
      for (const issue of page) {
        cursor.observe(issue.updated, issue.id);
        yield record(issue);
      }
      yield checkpoint(cursor.state());
    }
    yield checkpoint(cursor.state());
  },
};
