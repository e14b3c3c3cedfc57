/**
 * The public contract, pinned once: stream names become warehouse tables, primary keys dedupe
 * keys, cursors the incremental filter. Every other test, discover and the docs' tables derive
 * from the declarations in source-backlog/streams; this is the one place that says what they
 * must be, so changing a name or key is a deliberate edit here (and a breaking change).
 */
import { readFileSync } from 'node:fs';
import { generatedFiles } from '../scripts/docs/streams-table';
import { contractOf } from '../source-backlog/stream/contract';
import { STREAMS } from '../source-backlog/streams';

type Row = [
  name: string,
  primaryKey: string[][],
  cursor: string | undefined,
  parentKeys: string[],
  module: string | undefined,
  scope: 'space' | 'project',
];

const CONTRACT: Row[] = [
  ['space', [['spaceKey']], undefined, [], undefined, 'space'],
  ['priorities', [['id']], undefined, [], undefined, 'space'],
  ['resolutions', [['id']], undefined, [], undefined, 'space'],
  ['projects', [['id']], undefined, [], undefined, 'project'],
  ['users', [['id']], undefined, [], undefined, 'space'],
  ['issue_types', [['id']], undefined, ['projectId'], undefined, 'project'],
  // The built-in statuses 1-4 repeat in every project: a status is only unique in its project.
  ['statuses', [['projectId'], ['id']], undefined, ['projectId'], undefined, 'project'],
  ['categories', [['id']], undefined, ['projectId'], undefined, 'project'],
  ['milestones', [['id']], undefined, ['projectId'], undefined, 'project'],
  ['custom_fields', [['id']], undefined, ['projectId'], undefined, 'project'],
  ['issues', [['id']], 'updated', [], undefined, 'project'],
  ['issue_comments', [['id']], 'updated', ['issueId'], undefined, 'project'],
  ['activities', [['id']], 'id', [], undefined, 'project'],
  ['wikis', [['id']], 'updated', [], 'useWiki', 'project'],
  ['documents', [['id']], 'updated', [], 'useDocument', 'project'],
  ['git_repositories', [['id']], undefined, ['projectId'], 'useGit', 'project'],
  ['pull_requests', [['id']], 'updated', ['projectId', 'repositoryId'], 'useGit', 'project'],
  [
    'pull_request_comments',
    [['id']],
    'updated',
    ['repositoryId', 'pullRequestNumber'],
    'useGit',
    'project',
  ],
  ['teams', [['id']], undefined, [], undefined, 'space'],
  ['shared_files', [['id']], undefined, ['projectId'], 'useFileSharing', 'project'],
  ['project_users', [['projectId'], ['id']], undefined, ['projectId'], undefined, 'project'],
  [
    'project_administrators',
    [['projectId'], ['id']],
    undefined,
    ['projectId'],
    undefined,
    'project',
  ],
  ['project_teams', [['projectId'], ['id']], undefined, ['projectId'], undefined, 'project'],
  ['webhooks', [['id']], undefined, ['projectId'], undefined, 'project'],
  ['wiki_tags', [['projectId'], ['id']], undefined, ['projectId'], 'useWiki', 'project'],
  ['wiki_history', [['pageId'], ['version']], 'created', [], 'useWiki', 'project'],
  [
    'issue_participants',
    [['issueId'], ['id']],
    'issueUpdated',
    ['issueId', 'issueUpdated'],
    undefined,
    'project',
  ],
  ['watchings', [['id']], 'updated', ['userId'], undefined, 'space'],
  ['stars', [['id']], 'id', ['receiverId'], undefined, 'space'],
  ['licence', [['spaceKey']], undefined, ['spaceKey'], undefined, 'space'],
  ['disk_usage', [['spaceKey']], undefined, ['spaceKey'], undefined, 'space'],
  ['space_notification', [['spaceKey']], undefined, ['spaceKey'], undefined, 'space'],
];

describe('the stream contract', () => {
  it('the declarations are exactly the contract, in catalog order', () => {
    expect(STREAMS.map(contractOf)).toEqual(
      CONTRACT.map(([name, primaryKey, cursor, parentKeys, module, scope]) => ({
        name,
        syncModes: cursor ? ['full_refresh', 'incremental'] : ['full_refresh'],
        primaryKey,
        cursorField: cursor ? [cursor] : undefined,
        parentKeys,
        module,
        scope,
      })),
    );
  });

  it('the streams tables of README.md and docs/streams.md are what npm run docs:streams writes', () => {
    for (const [path, content] of generatedFiles()) {
      expect({ path, content: readFileSync(path, 'utf8') }).toEqual({ path, content });
    }
  });
});
