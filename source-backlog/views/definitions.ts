/**
 * The flatten views: one row per element of an array field of a stream's records, with the
 * parent's key beside the element's fields. This list is the one description both SQL dialects
 * (and docs/normalized.md) are rendered from; the element's columns come from the stream's schema.
 */
export interface ParentColumn {
  /** The column's name in the view. */
  name: string;
  /** The parent record's field it holds. */
  field: string;
}

export interface ViewDefinition {
  name: string;
  stream: string;
  /** The top-level array field whose elements become rows. */
  arrayField: string;
  /** The parent's key first, then the parent fields that place it (projectId, ...). */
  parentColumns: ParentColumn[];
}

const key = (name: string): ParentColumn => ({ name, field: 'id' });
const same = (field: string): ParentColumn => ({ name: field, field });

function view(
  name: string,
  stream: string,
  arrayField: string,
  ...parentColumns: ParentColumn[]
): ViewDefinition {
  return { name, stream, arrayField, parentColumns };
}

const commentOfIssue = [key('commentId'), same('issueId'), same('projectId')];

export const VIEWS: ViewDefinition[] = [
  view('issue_categories', 'issues', 'category', key('issueId'), same('projectId')),
  view('issue_milestones', 'issues', 'milestone', key('issueId'), same('projectId')),
  view('issue_versions', 'issues', 'versions', key('issueId'), same('projectId')),
  view('issue_attachments', 'issues', 'attachments', key('issueId'), same('projectId')),
  view('issue_shared_files', 'issues', 'sharedFiles', key('issueId'), same('projectId')),
  view('issue_comment_change_logs', 'issue_comments', 'changeLog', ...commentOfIssue),
  view('issue_comment_notifications', 'issue_comments', 'notifications', ...commentOfIssue),
  view('issue_comment_stars', 'issue_comments', 'stars', ...commentOfIssue),
  view(
    'pull_request_comment_change_logs',
    'pull_request_comments',
    'changeLog',
    key('commentId'),
    same('repositoryId'),
    same('pullRequestNumber'),
  ),
  view('team_members', 'teams', 'members', key('teamId')),
  view('project_team_members', 'project_teams', 'members', key('teamId'), same('projectId')),
  view('custom_field_items', 'custom_fields', 'items', key('customFieldId'), same('projectId')),
  view('wiki_attachments', 'wikis', 'attachments', key('wikiId'), same('projectId')),
  view('wiki_shared_files', 'wikis', 'sharedFiles', key('wikiId'), same('projectId')),
  view('wiki_stars', 'wikis', 'stars', key('wikiId'), same('projectId')),
  view(
    'pull_request_attachments',
    'pull_requests',
    'attachments',
    key('pullRequestId'),
    same('projectId'),
  ),
];
