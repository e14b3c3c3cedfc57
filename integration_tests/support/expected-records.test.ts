import { recordDifferences } from './expected-records';

const space = { stream: 'space', data: { spaceKey: 'S', name: 'Space' } };
const issue = { stream: 'issues', data: { id: 1, updated: '2025-01-01T00:00:00Z' } };

describe('recordDifferences', () => {
  it('finds nothing when the read emits each expected record once, in any key or record order', () => {
    const reordered = { stream: 'space', data: { name: 'Space', spaceKey: 'S' } };
    expect(recordDifferences([issue, reordered], [space, issue])).toEqual({
      missing: [],
      extra: [],
      duplicated: [],
    });
  });

  it('reports a missing, an extra and a duplicated record', () => {
    const other = { stream: 'issues', data: { id: 2, updated: '2025-01-02T00:00:00Z' } };
    const differences = recordDifferences([issue, issue, other], [space, issue]);
    expect(differences.missing).toEqual([expect.stringContaining('"spaceKey":"S"')]);
    expect(differences.extra).toEqual([expect.stringContaining('"id":2')]);
    expect(differences.duplicated).toEqual([expect.stringContaining('"id":1')]);
  });

  it('counts a record that differs in one field as missing and extra', () => {
    const changed = { stream: 'issues', data: { ...issue.data, updated: '2025-01-03T00:00:00Z' } };
    const differences = recordDifferences([space, changed], [space, issue]);
    expect([differences.missing.length, differences.extra.length]).toEqual([1, 1]);
  });
});
