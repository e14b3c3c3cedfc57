import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { pullRequestRecord } from '../source-backlog/listing/pull-request-scan';
import { contractOf } from '../source-backlog/stream/contract';
import { STREAMS } from '../source-backlog/streams';
import { strictSchema } from './support/protocol';
import { describeWithShared, repoRoot, sharedDir } from './support/shared';

type Schema = Record<string, unknown>;

/** The stream names, from the declarations (pinned in stream-contract.test.ts). */
const STREAM_NAMES = STREAMS.map((stream) => stream.name);
type Stream = string;
const contracts = new Map(STREAMS.map((stream) => [stream.name, contractOf(stream)]));

/** Primary key fields, each a top-level field. */
const primaryKeyOf = (stream: Stream): string[] => contracts.get(stream)!.primaryKey.flat();

const DATE_TIME: Schema = { type: 'string', format: 'date-time' };
/** Cursor field and its exact schema: `updated`, except the activity feed's ascending integer id. */
function cursorOf(stream: Stream): [string, Schema] | undefined {
  const [field] = contracts.get(stream)!.cursorField ?? [];
  if (field === undefined) return undefined;
  return [field, field === 'id' ? { type: 'integer' } : DATE_TIME];
}

/** `*Id` fields that are string keys, not numeric ids. */
const STRING_KEYS = new Set([
  'spaceKey',
  'userId',
  'projectKey',
  'issueKey',
  'nulabId',
  'uniqueId',
]);
/**
 * Ids that are not integers, by path, with the exact types they have instead. Documents are the
 * one Backlog entity with string ids (32 hex characters, e.g. "019d465a795177e3a63069a79bbfe0e8",
 * see docs/streams.md); an activity's content.id is the changed entity's id, so it is a string
 * for document activities (types 36-48) and an integer for all others.
 */
const NON_INTEGER_IDS: Partial<Record<Stream, Record<string, string[]>>> = {
  documents: { id: ['string'], 'childDocumentIds[]': ['string'] },
  activities: { 'content.id': ['integer', 'string'], 'content.documents[].id': ['string'] },
};
/**
 * The only fields with more than one type besides null (Snowflake stores a union as VARIANT, so
 * each one is a payload that really varies): custom-field values and the Numeric/Date bounds of a
 * custom field, an activity's content.id (see above) and comment (an object for issues and pull
 * requests, a string for project member changes), a document's json (a JSON string or the object).
 */
const UNIONS: Partial<Record<Stream, string[]>> = {
  issues: ['customFields[].value'],
  custom_fields: ['min', 'max'],
  activities: ['content.id', 'content.comment'],
  documents: ['json'],
  pull_requests: ['issue.customFields[].value'],
  watchings: ['issue.customFields[].value'],
};
/** String fields whose names look like timestamps but are not. */
const NOT_TIMESTAMPS = new Set(['reportSendTime']); // "09:00:00", a time of day
/**
 * The only fields allowed to be JSON `number` (decimals); everything else numeric is integer.
 * value: a numeric custom field's value; min, max, initialValue: a Numeric custom field's bounds
 * and default, which may have decimal places.
 */
const DECIMALS = new Set(['estimatedHours', 'actualHours', 'value', 'min', 'max', 'initialValue']);

function loadSchema(stream: Stream): Schema {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', `${stream}.json`), 'utf8'));
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Every declared property at any depth, as [dotted path, name, schema]. */
function declaredFields(schema: Schema, at = ''): [string, string, Schema][] {
  const out: [string, string, Schema][] = [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, sub] of Object.entries(props)) {
    const where = at ? `${at}.${name}` : name;
    out.push([where, name, sub], ...declaredFields(sub, where));
  }
  if (schema.items && typeof schema.items === 'object') {
    out.push(...declaredFields(schema.items as Schema, `${at}[]`));
  }
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const user = {
  id: 3,
  userId: 'dev',
  name: 'Dev',
  roleType: 2,
  lang: 'en',
  mailAddress: 'd@x.test',
};
const usage = { issue: 2048, wiki: 1024, file: 4096, subversion: 0, git: 8192, gitLFS: 0 };
/**
 * No backlog4j fixture has these: records in the shape of Nulab's API reference and backlog-js's
 * types (Wiki.Tag, Wiki.History, License.License, DiskUsage.SpaceDiskUsage, Space.Notification),
 * with values of our own and the keys the connector adds.
 */
const DOCUMENTED_SHAPES: Record<string, Schema> = {
  wiki_tags: { id: 12, name: 'minutes', projectId: 7 },
  wiki_history: {
    pageId: 112,
    version: 3,
    name: 'Home',
    content: 'Welcome',
    createdUser: user,
    created: '2025-05-01T08:00:00Z',
  },
  licence: {
    active: true,
    attachmentLimit: 1073741824,
    attachmentLimitPerFile: 10485760,
    attachmentNumLimit: 100,
    attribute: true,
    attributeLimit: 100,
    burndown: true,
    commentLimit: 100000,
    componentLimit: 100,
    fileSharing: true,
    gantt: true,
    git: true,
    issueLimit: 100000,
    licenceTypeId: 9,
    limitDate: '2026-12-31T00:00:00Z',
    nulabAccount: true,
    parentChildIssue: true,
    postIssueByMail: true,
    projectLimit: 100,
    pullRequestAttachmentLimitPerFile: 10485760,
    pullRequestAttachmentNumLimit: 100,
    remoteAddress: true,
    remoteAddressLimit: 10,
    startedOn: '2020-04-01T00:00:00Z',
    storageLimit: 107374182400,
    subversion: true,
    subversionExternal: false,
    userLimit: 100,
    versionLimit: 100,
    wikiAttachment: true,
    wikiAttachmentLimitPerFile: 10485760,
    wikiAttachmentNumLimit: 100,
    spaceKey: 'acme',
  },
  disk_usage: {
    capacity: 107374182400,
    ...usage,
    details: [{ projectId: 7, ...usage }],
    spaceKey: 'acme',
  },
  space_notification: {
    content: 'Maintenance on Sunday',
    updated: '2025-05-01T08:00:00Z',
    spaceKey: 'acme',
  },
};

describe('stream schemas', () => {
  it('has one schema file per stream, and none for anything else', () => {
    const files = fs
      .readdirSync(path.join(repoRoot(), 'schemas'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length));
    expect(files.sort()).toEqual([...STREAM_NAMES].sort());
  });

  describe.each(STREAM_NAMES)('%s', (stream) => {
    const schema = loadSchema(stream);
    const fields = declaredFields(schema);
    const props = schema.properties as Record<string, Schema>;
    const cursor = cursorOf(stream);
    const parentKeys = contracts.get(stream)!.parentKeys;

    it('is a self-contained draft-07 object schema that lets new API fields through', () => {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.title).toBe(stream);
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(true);
      expect(JSON.stringify(schema)).not.toContain('"$ref"');
      expect(() => newAjv().compile(schema)).not.toThrow();
    });

    it('declares its primary key, cursor and parent keys as non-nullable required fields', () => {
      const keys = [...primaryKeyOf(stream), ...(cursor ? [cursor[0]] : []), ...parentKeys];
      for (const key of keys) {
        expect({ key, declared: props[key] !== undefined }).toEqual({ key, declared: true });
        expect({ key, types: typesOf(props[key]) }).not.toEqual({
          key,
          types: expect.arrayContaining(['null']),
        });
        expect(schema.required).toContain(key);
      }
      if (cursor) expect(props[cursor[0]]).toEqual(cursor[1]);
      for (const key of parentKeys) {
        // Parents are integer ids, except the space (its key) and a parent's date used as cursor.
        const expected =
          key === 'spaceKey'
            ? { type: 'string' }
            : key === cursor?.[0]
              ? cursor[1]
              : { type: 'integer' };
        expect({ key, ...props[key] }).toEqual({ key, ...expected });
      }
    });

    it('requires nothing but its primary key, cursor and parent keys', () => {
      const keys = new Set([
        ...primaryKeyOf(stream),
        ...(cursor ? [cursor[0]] : []),
        ...parentKeys,
      ]);
      expect([...(schema.required as string[])].sort()).toEqual([...keys].sort());
    });

    it('types every id as integer, except the listed string ids', () => {
      const exceptions = NON_INTEGER_IDS[stream] ?? {};
      const ids: [string, Schema][] = [];
      for (const [where, name, sub] of fields) {
        if (
          name === 'id' ||
          name.endsWith('_id') || // activity content: key_id, tx_id
          (name.endsWith('Id') && !STRING_KEYS.has(name))
        )
          ids.push([where, sub]);
        if (name.endsWith('Ids')) ids.push([`${where}[]`, (sub.items ?? {}) as Schema]);
      }
      for (const [where, sub] of ids) {
        expect({ where, types: typesOf(sub).filter((t) => t !== 'null') }).toEqual({
          where,
          types: exceptions[where] ?? ['integer'],
        });
      }
      const stale = Object.keys(exceptions).filter((where) => !ids.some(([w]) => w === where));
      expect({ staleExceptions: stale }).toEqual({ staleExceptions: [] });
    });

    it('has one type besides null in every field, except the listed unions', () => {
      const unions = fields
        .filter(([, , sub]) => typesOf(sub).filter((t) => t !== 'null').length > 1)
        .map(([where]) => where);
      expect(unions.sort()).toEqual([...(UNIONS[stream] ?? [])].sort());
    });

    it('uses number only for decimals', () => {
      const numbers = fields.filter(([, , sub]) => typesOf(sub).includes('number'));
      for (const [where, name] of numbers)
        expect({ where, decimal: DECIMALS.has(name) }).toEqual({ where, decimal: true });
    });

    it('gives every timestamp format date-time', () => {
      const timestamps = fields.filter(
        ([, name, sub]) =>
          typesOf(sub).includes('string') &&
          !NOT_TIMESTAMPS.has(name) &&
          (name === 'created' || name === 'updated' || /(Time|At|Date)$/.test(name)),
      );
      for (const [where, , sub] of timestamps) {
        expect({ where, format: sub.format }).toEqual({ where, format: 'date-time' });
      }
    });

    // CAT checks every non-null value under format: date-time as a date-time string (utils/asserts.py
    // CustomFormatChecker.check): a number there fails its basic read.
    it('puts a format only on a field that is a string (or null)', () => {
      const formatted = fields.filter(([, , sub]) => typeof sub.format === 'string');
      for (const [where, , sub] of formatted) {
        expect({ where, types: typesOf(sub).filter((t) => t !== 'null') }).toEqual({
          where,
          types: ['string'],
        });
      }
    });

    it('types every field and declares nested objects with their properties', () => {
      for (const [where, , sub] of fields) {
        expect({ where, typed: typesOf(sub).length > 0 }).toEqual({ where, typed: true });
        if (typesOf(sub).includes('object'))
          expect({ where, has: !!sub.properties }).toEqual({ where, has: true });
        if (typesOf(sub).includes('array'))
          expect({ where, has: !!sub.items }).toEqual({ where, has: true });
      }
    });
  });

  it('lets an unknown top-level field through the non-strict schema', () => {
    const validate = newAjv().compile(loadSchema('issues'));
    expect(validate({ id: 1, updated: '2024-01-01T00:00:00Z', brandNewField: 1 })).toBe(true);
  });

  // No backlog4j fixture has documents; this one has the shape of backlog-js's
  // test/fixtures/document.ts (GET /documents/:id) with values of our own.
  const document = {
    id: '0193a0b1c2d3e4f5a6b7c8d9e0f1a2b3',
    projectId: 7,
    title: 'Release checklist',
    plain: 'Check the changelog',
    json: '{"type":"doc","content":[]}',
    statusId: 1,
    emoji: null,
    attachments: [
      {
        id: 501,
        name: 'plan.pdf',
        size: 1024,
        createdUser: user,
        created: '2025-05-01T09:00:00Z',
      },
    ],
    tags: [{ id: 2, name: 'release' }],
    childDocumentIds: ['0193a0b1c2d3e4f5a6b7c8d9e0f1a2b4'],
    createdUser: user,
    created: '2025-05-01T08:00:00Z',
    updatedUser: user,
    updated: '2025-05-02T08:00:00Z',
  };

  it.each(Object.entries(DOCUMENTED_SHAPES))(
    '%s: the strict schema accepts the documented shape',
    (stream, example) => {
      const validate = newAjv().compile(strictSchema(loadSchema(stream)));
      expect({ ok: validate(example), errors: validate.errors ?? [] }).toEqual({
        ok: true,
        errors: [],
      });
    },
  );

  it('documents: the strict schema accepts a document with string ids', () => {
    const validate = newAjv().compile(strictSchema(loadSchema('documents')));
    expect({ ok: validate(document), errors: validate.errors ?? [] }).toEqual({
      ok: true,
      errors: [],
    });
  });

  it('documents: the content (json) may come as a JSON string or as the object itself', () => {
    const validate = newAjv().compile(strictSchema(loadSchema('documents')));
    const asObject = { type: 'doc', content: [{ type: 'paragraph', content: [] }] };
    for (const json of [JSON.stringify(asObject), asObject, null]) {
      expect({ json, ok: validate({ ...document, json }), errors: validate.errors ?? [] }).toEqual({
        json,
        ok: true,
        errors: [],
      });
    }
    expect(validate({ ...document, json: 1 })).toBe(false);
  });

  it('custom_fields: the bounds are numbers (Numeric) or date-time strings (Date), never checked as a format', () => {
    const validate = newAjv().compile(loadSchema('custom_fields'));
    const field = { id: 1, projectId: 2, typeId: 3, name: 'Points' };
    expect(validate({ ...field, min: 0.5, max: 100 })).toBe(true);
    expect(validate({ ...field, typeId: 4, min: '2025-01-01T00:00:00Z', max: null })).toBe(true);
  });

  it('documents: a numeric id or child id is rejected', () => {
    const validate = newAjv().compile(loadSchema('documents'));
    expect(validate({ ...document, id: 1 })).toBe(false);
    expect(validate({ ...document, childDocumentIds: [1] })).toBe(false);
  });
});

describeWithShared('stream schemas accept the backlog4j fixtures with no undeclared field', () => {
  const fixtureDir = (): string =>
    path.join(sharedDir() as string, 'reference', 'backlog-fixtures', 'backlog4j');
  const fixture = (file: string): unknown =>
    JSON.parse(fs.readFileSync(path.join(fixtureDir(), file), 'utf8'));
  const asList = (v: unknown): Schema[] => (Array.isArray(v) ? v : [v]) as Schema[];
  /**
   * Adds parent keys the way the connector does for a child record: a value the API sent wins
   * (`row.projectId ?? project.id`), a missing one (old payloads) is filled in.
   */
  const withParents =
    (parents: Schema) =>
    (row: Schema): Schema => ({
      ...row,
      ...Object.fromEntries(Object.entries(parents).map(([key, v]) => [key, row[key] ?? v])),
    });
  const withIssueId = withParents({ issueId: 1079313630 });
  const withProjectId = withParents({ projectId: 1073836557 });
  /** The records of a fixture file (one object or a list), with parent keys added. */
  const records =
    (file: string, addParents: (row: Schema) => Schema = (row) => row) =>
    (): Schema[] =>
      asList(fixture(file)).map(addParents);
  /** The objects nested at `key` in each element of a fixture list. */
  const nested = (file: string, key: string, addParents: (row: Schema) => Schema) => (): Schema[] =>
    asList(fixture(file))
      .map((item) => item[key] as Schema | undefined)
      .filter((item): item is Schema => item != null)
      .map(addParents);

  const ACTIVITY_FILES = [
    'activity_file_added.json',
    'activity_issue_commented.json',
    'activity_issue_created.json',
    'activity_issue_updated.json',
    'activity_project_user_added.json',
    'activity_project_user_removed.json',
    'activity_pull_request_added.json',
    'activity_pull_request_commented.json',
    'activity_pull_request_updated.json',
    'activity_wiki_created.json',
    'activity_wiki_updated.json',
  ];
  /** Parent keys and ISO closeAt/mergeAt, by the connector's own function. */
  const withPullRequestParents = (row: Schema): Schema =>
    pullRequestRecord(row as never, { projectId: 1073774823, repositoryId: 123123 }) as Schema;
  const withCommentParents = withParents({ repositoryId: 123123, pullRequestNumber: 1 });

  const cases: [Stream, string, () => Schema[]][] = [
    ['issues', 'issue.json', records('issue.json')],
    ['issues', 'issues.json', records('issues.json')],
    ['issues', 'custom_field_issue.json', records('custom_field_issue.json')],
    ['issues', 'watch.json (.issue)', () => [(fixture('watch.json') as Schema).issue as Schema]],
    ['issue_comments', 'issue_comment.json', records('issue_comment.json', withIssueId)],
    ['issue_comments', 'issue_comments.json', records('issue_comments.json', withIssueId)],
    ['projects', 'project.json', records('project.json')],
    ['projects', 'projects.json', records('projects.json')],
    ['users', 'user.json', records('user.json')],
    ['users', 'users.json', records('users.json')],
    ['space', 'space.json', records('space.json')],
    ['priorities', 'priorities.json', records('priorities.json')],
    ['resolutions', 'resolutions.json', records('resolutions.json')],
    ['issue_types', 'issue_types.json', records('issue_types.json', withProjectId)],
    ['issue_types', 'issue_type.json', records('issue_type.json', withProjectId)],
    ['statuses', 'statuses.json', records('statuses.json', withProjectId)],
    ['statuses', 'custom_statuses.json', records('custom_statuses.json', withProjectId)],
    ['categories', 'categories.json', records('categories.json', withProjectId)],
    ['categories', 'category.json', records('category.json', withProjectId)],
    ['milestones', 'versions.json', records('versions.json', withProjectId)],
    ['milestones', 'version.json', records('version.json', withProjectId)],
    ['custom_fields', 'custom_fields.json', records('custom_fields.json', withProjectId)],
    ['custom_fields', 'custom_field.json', records('custom_field.json', withProjectId)],
    ['activities', 'activities.json', records('activities.json')],
    ...ACTIVITY_FILES.map((file): [Stream, string, () => Schema[]] => [
      'activities',
      file,
      records(file),
    ]),
    // The list items lack content, attachments, sharedFiles and stars: a subset of the page.
    ['wikis', 'wikis.json', records('wikis.json')],
    ['wikis', 'wiki.json', records('wiki.json')],
    ['git_repositories', 'git_repositories.json', records('git_repositories.json', withProjectId)],
    ['git_repositories', 'repos.json', records('repos.json', withProjectId)],
    ['pull_requests', 'pull_requests.json', records('pull_requests.json', withPullRequestParents)],
    [
      'pull_requests',
      'pull_requests2.json',
      records('pull_requests2.json', withPullRequestParents),
    ],
    [
      'pull_requests',
      'notifications.json (.pullRequest)',
      nested('notifications.json', 'pullRequest', withPullRequestParents),
    ],
    [
      'pull_request_comments',
      'pull_request_comments.json',
      records('pull_request_comments.json', withCommentParents),
    ],
    [
      'pull_request_comments',
      'notifications.json (.pullRequestComment)',
      nested('notifications.json', 'pullRequestComment', withCommentParents),
    ],
    ['shared_files', 'shared_files.json', records('shared_files.json', withProjectId)],
    ['shared_files', 'shared_file.json', records('shared_file.json', withProjectId)],
    // GET /groups (deprecated) has exactly the shape of GET /teams: {id, name, members[User],
    // displayOrder, createdUser, created, updatedUser, updated}.
    ['teams', 'groups.json', records('groups.json')],
    ['project_users', 'users.json', records('users.json', withProjectId)],
    ['project_administrators', 'users.json', records('users.json', withProjectId)],
    ['project_teams', 'groups.json', records('groups.json', withProjectId)],
    ['webhooks', 'webhook.json', records('webhook.json', withProjectId)],
    ['webhooks', 'webhooks.json', records('webhooks.json', withProjectId)],
    [
      'issue_participants',
      'users.json',
      records('users.json', withParents({ issueId: 1, issueUpdated: '2014-07-17T00:54:02Z' })),
    ],
    // watch.json spells resourceAlreadyRead as alreadyRead: both are declared.
    ['watchings', 'watch.json', records('watch.json', withParents({ userId: 1 }))],
    ['stars', 'star.json', records('star.json', withParents({ receiverId: 1 }))],
  ];

  it.each(cases)('%s ← %s', (stream, _file, load) => {
    const validate = newAjv().compile(strictSchema(loadSchema(stream)));
    const rows = load();
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((record, i) => {
      const ok = validate(record);
      const problems = (validate.errors ?? []).map(
        (e) => `#${i}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
      expect({ ok, problems }).toEqual({ ok: true, problems: [] });
    });
  });

  it('covers every stream but those with a documented shape above (no backlog4j fixture)', () => {
    const covered = new Set(cases.map(([stream]) => stream));
    expect(STREAM_NAMES.filter((stream) => !covered.has(stream))).toEqual([
      'documents',
      ...Object.keys(DOCUMENTED_SHAPES),
    ]);
  });

  it('the custom-field fixture covers all eight field types', () => {
    const issue = fixture('custom_field_issue.json') as { customFields: { fieldTypeId: number }[] };
    expect(issue.customFields.map((f) => f.fieldTypeId).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the custom-field definitions cover the numeric, date and list settings', () => {
    const fields = asList(fixture('custom_fields.json'));
    expect(fields.map((f) => f.typeId)).toEqual(expect.arrayContaining([3, 4, 6]));
    const numeric = fields.find((f) => f.typeId === 3) as Schema;
    const date = fields.find((f) => f.typeId === 4) as Schema;
    expect([typeof numeric.min, typeof date.min]).toEqual(['number', 'string']);
  });

  it('the activity fixtures cover the issue, wiki, file, member and pull-request types', () => {
    const types = new Set(
      ['activities.json', ...ACTIVITY_FILES].flatMap((file) =>
        asList(fixture(file)).map((activity) => activity.type as number),
      ),
    );
    expect([...types].sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6, 8, 15, 16, 17, 18, 19, 20]);
  });

  it('the pull-request fixtures carry closeAt/mergeAt as epoch milliseconds (the connector converts them)', () => {
    const values = [
      ...asList(fixture('pull_requests2.json')),
      ...asList(fixture('notifications.json')).map((n) => n.pullRequest as Schema | undefined),
    ].flatMap((pr) => (pr ? [pr.closeAt, pr.mergeAt] : []));
    expect(new Set(values.map((v) => (v === null ? 'null' : typeof v)))).toEqual(
      new Set(['null', 'number']),
    );
  });
});
