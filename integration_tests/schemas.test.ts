import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { strictSchema } from './support/protocol';
import { describeWithShared, repoRoot, sharedDir } from './support/shared';

type Schema = Record<string, unknown>;

const STREAMS = ['space', 'projects', 'users', 'issues', 'issue_comments'] as const;
type Stream = (typeof STREAMS)[number];

const PRIMARY_KEYS: Record<Stream, string> = {
  space: 'spaceKey',
  projects: 'id',
  users: 'id',
  issues: 'id',
  issue_comments: 'id',
};
const CURSORS: Partial<Record<Stream, string>> = { issues: 'updated', issue_comments: 'updated' };

/** `*Id` fields that are string keys, not numeric ids. */
const STRING_KEYS = new Set([
  'spaceKey',
  'userId',
  'projectKey',
  'issueKey',
  'nulabId',
  'uniqueId',
]);
/** String fields whose names look like timestamps but are not. */
const NOT_TIMESTAMPS = new Set(['reportSendTime']); // "09:00:00", a time of day
/** The only fields allowed to be JSON `number` (decimals); everything else numeric is integer. */
const DECIMALS = new Set(['estimatedHours', 'actualHours', 'value']); // value: numeric custom field

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

describe('stream schemas', () => {
  describe.each(STREAMS)('%s', (stream) => {
    const schema = loadSchema(stream);
    const fields = declaredFields(schema);

    it('is a self-contained draft-07 object schema that lets new API fields through', () => {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(true);
      expect(JSON.stringify(schema)).not.toContain('"$ref"');
      expect(() => newAjv().compile(schema)).not.toThrow();
    });

    it('declares its primary key and cursor as non-nullable required fields', () => {
      const props = schema.properties as Record<string, Schema>;
      const keys = [PRIMARY_KEYS[stream], CURSORS[stream]].filter((k) => k !== undefined);
      for (const key of keys) {
        expect(props[key]).toBeDefined();
        expect(typesOf(props[key])).not.toContain('null');
        expect(schema.required).toContain(key);
      }
      const cursor = CURSORS[stream];
      if (cursor) expect(props[cursor]).toEqual({ type: 'string', format: 'date-time' });
    });

    it('types every id as integer', () => {
      const ids = fields.filter(
        ([, name]) => name === 'id' || (name.endsWith('Id') && !STRING_KEYS.has(name)),
      );
      for (const [where, , sub] of ids) {
        expect({ where, types: typesOf(sub).filter((t) => t !== 'null') }).toEqual({
          where,
          types: ['integer'],
        });
      }
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

    it('declares nested objects with their properties', () => {
      for (const [where, , sub] of fields) {
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
});

describeWithShared('stream schemas accept the backlog4j fixtures with no undeclared field', () => {
  const fixtureDir = (): string =>
    path.join(sharedDir() as string, 'reference', 'backlog-fixtures', 'backlog4j');
  const fixture = (file: string): unknown =>
    JSON.parse(fs.readFileSync(path.join(fixtureDir(), file), 'utf8'));
  const asList = (v: unknown): Schema[] => (Array.isArray(v) ? v : [v]) as Schema[];
  /** The connector adds the parent issue id when the API leaves it out (old payloads). */
  const withIssueId = (comment: Schema): Schema => ({ issueId: 1079313630, ...comment });

  const cases: [Stream, string, () => Schema[]][] = [
    ['issues', 'issue.json', () => asList(fixture('issue.json'))],
    ['issues', 'issues.json', () => asList(fixture('issues.json'))],
    ['issues', 'custom_field_issue.json', () => asList(fixture('custom_field_issue.json'))],
    ['issues', 'watch.json (.issue)', () => [(fixture('watch.json') as Schema).issue as Schema]],
    [
      'issue_comments',
      'issue_comment.json',
      () => asList(fixture('issue_comment.json')).map(withIssueId),
    ],
    [
      'issue_comments',
      'issue_comments.json',
      () => asList(fixture('issue_comments.json')).map(withIssueId),
    ],
    ['projects', 'project.json', () => asList(fixture('project.json'))],
    ['projects', 'projects.json', () => asList(fixture('projects.json'))],
    ['users', 'user.json', () => asList(fixture('user.json'))],
    ['users', 'users.json', () => asList(fixture('users.json'))],
    ['space', 'space.json', () => asList(fixture('space.json'))],
  ];

  it.each(cases)('%s ← %s', (stream, _file, load) => {
    const validate = newAjv().compile(strictSchema(loadSchema(stream)));
    const records = load();
    expect(records.length).toBeGreaterThan(0);
    records.forEach((record, i) => {
      const ok = validate(record);
      const problems = (validate.errors ?? []).map(
        (e) => `#${i}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
      expect({ ok, problems }).toEqual({ ok: true, problems: [] });
    });
  });

  it('the custom-field fixture covers all eight field types', () => {
    const issue = fixture('custom_field_issue.json') as { customFields: { fieldTypeId: number }[] };
    expect(issue.customFields.map((f) => f.fieldTypeId).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
