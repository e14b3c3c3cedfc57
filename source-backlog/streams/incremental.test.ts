import { cursorStartFor, updatedCursorFor } from './incremental';
import type { ReadContext } from './stream';
import { unorderedPassFor } from './unordered-pass';

const context = (syncMode: 'incremental' | 'full_refresh', state: object | undefined) =>
  ({
    syncMode,
    state,
    config: { lookbackMs: 300_000, startDate: '2024-01-01T00:00:00Z' },
  }) as unknown as ReadContext;

describe('cursorStartFor', () => {
  it('an incremental read starts from the saved `updated`, with the lookback window and start_date', () => {
    expect(
      cursorStartFor('issues', context('incremental', { updated: '2025-02-01T00:00:00Z' })),
    ).toEqual({
      saved: { updated: '2025-02-01T00:00:00Z' },
      lookbackMs: 300_000,
      startDate: '2024-01-01T00:00:00Z',
    });
  });

  it('reads the cursor from the field the stream names', () => {
    const state = { updated: '2025-02-01T00:00:00Z', issues_updated: '2025-03-01T00:00:00Z' };
    expect(
      cursorStartFor('issue_comments', context('incremental', state), 'issues_updated').saved,
    ).toEqual({
      updated: '2025-03-01T00:00:00Z',
    });
  });

  it('a full refresh ignores any state but keeps start_date', () => {
    const start = cursorStartFor('issues', context('full_refresh', { updated: 'not even a date' }));
    expect(start).toEqual({
      saved: undefined,
      lookbackMs: 300_000,
      startDate: '2024-01-01T00:00:00Z',
    });
  });

  it('the cursor and the unordered pass read `updated` by default', () => {
    const saved = context('incremental', { updated: '2025-02-01T00:00:00Z' });
    expect(updatedCursorFor('issues', saved).state()).toEqual({ updated: '2025-02-01T00:00:00Z' });
    expect(updatedCursorFor('issues', saved).fromUpdated).toBe('2025-01-31T23:55:00Z');
    const pass = unorderedPassFor('pull_requests', saved, Date.parse('2025-06-01T00:00:00Z'));
    expect(pass.state()).toEqual({ updated: '2025-02-01T00:00:00Z' });
  });
});
