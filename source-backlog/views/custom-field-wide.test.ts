import { wideViewsOf } from './custom-field-wide';

const field = (id: number, typeId: number | null, name: string | null, displayOrder = id) => ({
  id,
  projectId: 1,
  typeId,
  name,
  displayOrder,
});

describe('the wide custom-field views', () => {
  it('one per project with fields, named after its key in lower case', () => {
    const views = wideViewsOf(
      [
        { id: 2, projectKey: 'WEB_2' },
        { id: 1, projectKey: 'APP' },
        { id: 3, projectKey: 'EMPTY' },
      ],
      [field(10, 1, 'a'), { ...field(20, 3, 'b'), projectId: 2 }],
    );
    expect(views.map((view) => [view.name, view.projectId])).toEqual([
      ['issue_custom_fields_app', 1],
      ['issue_custom_fields_web_2', 2],
    ]);
  });

  it('a column per field, named as the field, typed by its kind, in display order', () => {
    const [view] = wideViewsOf(
      [{ id: 1, projectKey: 'P' }],
      [
        field(1, 1, '顧客', 5),
        field(2, 2, 'Notes', 4),
        field(3, 3, 'Points', 3),
        field(4, 4, 'Due', 2),
        field(5, 5, 'Team', 1),
        field(6, 6, 'OS', 0),
        field(7, 7, 'Checks', 6),
        field(8, 8, 'Size', 7),
        field(9, 99, 'Unknown kind', 8),
      ],
    );
    expect(view.columns.map(({ name, kind }) => `${name} ${kind}`)).toEqual([
      'OS multiple',
      'Team single',
      'Due date',
      'Points number',
      'Notes text',
      '顧客 text',
      'Checks multiple',
      'Size single',
    ]);
  });

  it('two fields of one name (case aside), or one named like an issue column: the later id gets _<id>', () => {
    const [view] = wideViewsOf(
      [{ id: 1, projectKey: 'P' }],
      [field(30, 1, 'team'), field(12, 1, 'Team'), field(40, 3, 'IssueKey'), field(50, 1, '  ')],
    );
    expect(view.columns.map((column) => column.name)).toEqual([
      'Team',
      'team_30',
      'IssueKey_40',
      'customField_50',
    ]);
  });
});
