import { VIEWS } from './definitions';
import { viewLayoutOf } from './view-columns';
import { NOTE_ATTACHMENTS, notesSchema, VIEWS_WITH_SCHEMA } from './views.fixture';

const described = (view: Parameters<typeof viewLayoutOf>[0]) =>
  viewLayoutOf(view).columns.map(({ name, type }) => `${name} ${type}`);

describe('the columns of a view', () => {
  it('are the parent columns, then the element fields in schema order, typed as the sync types them', () => {
    expect(viewLayoutOf(NOTE_ATTACHMENTS, notesSchema)).toEqual({
      view: NOTE_ATTACHMENTS,
      columns: [
        { name: 'noteId', type: 'BIGINT', from: 'parent', field: 'id' },
        { name: 'projectId', type: 'BIGINT', from: 'parent', field: 'projectId' },
        { name: 'id', type: 'BIGINT', from: 'element', field: 'id' },
        { name: 'name', type: 'VARCHAR', from: 'element', field: 'name' },
        { name: 'size', type: 'DOUBLE', from: 'element', field: 'size' },
        { name: 'hidden', type: 'BOOLEAN', from: 'element', field: 'hidden' },
        { name: 'created', type: 'TIMESTAMPTZ', from: 'element', field: 'created' },
        { name: 'createdUser', type: 'JSON', from: 'element', field: 'createdUser' },
      ],
      // Same name as the parent column case aside: both warehouses would see two projectId.
      omitted: ['ProjectID'],
    });
  });

  it.each([
    [
      'issue_categories',
      ['issueId BIGINT', 'projectId BIGINT', 'id BIGINT', 'name VARCHAR', 'displayOrder BIGINT'],
    ],
    [
      'team_members',
      [
        'teamId BIGINT',
        'id BIGINT',
        'userId VARCHAR',
        'name VARCHAR',
        'roleType BIGINT',
        'lang VARCHAR',
        'nulabAccount JSON',
        'mailAddress VARCHAR',
        'lastLoginTime TIMESTAMPTZ',
        'keyword VARCHAR',
      ],
    ],
  ])('come from the stream schema: %s', (name, columns) => {
    expect(described(VIEWS.find((view) => view.name === name)!)).toEqual(columns);
  });

  it('leave out an element field a parent column has the name of: issue_categories.projectId', () => {
    const categories = VIEWS.find((view) => view.name === 'issue_categories')!;
    expect(viewLayoutOf(categories).omitted).toEqual(['projectId']);
  });

  it.each(VIEWS_WITH_SCHEMA.map((view) => [view.name, view] as const))(
    '%s: the parent key first, no two names alike, and element fields',
    (_name, view) => {
      const { columns } = viewLayoutOf(view);
      expect(columns[0]).toMatchObject({ name: view.parentColumns[0].name, from: 'parent' });
      const names = columns.map((column) => column.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      expect(columns.filter((column) => column.from === 'element').length).toBeGreaterThan(0);
    },
  );

  it('sixteen views, each named once', () => {
    const names = VIEWS.map((view) => view.name);
    expect(names).toHaveLength(16);
    expect(new Set(names).size).toBe(16);
  });

  it('fail loudly on a field the stream does not have', () => {
    expect(() => viewLayoutOf({ ...NOTE_ATTACHMENTS, arrayField: 'files' }, notesSchema)).toThrow(
      'Stream "notes" has no field "files"',
    );
    expect(() =>
      viewLayoutOf(
        { ...NOTE_ATTACHMENTS, parentColumns: [{ name: 'x', field: 'nope' }] },
        notesSchema,
      ),
    ).toThrow('Stream "notes" has no field "nope"');
  });
});
