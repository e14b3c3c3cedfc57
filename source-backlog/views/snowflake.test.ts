import { snowflakeIdentifier, snowflakeViewSql } from './snowflake';
import { viewLayoutOf } from './view-columns';
import { NOTE_ATTACHMENTS, notesSchema } from './views.fixture';

describe('the Snowflake view', () => {
  it('names tables and columns as the destination does: upper case, quoted', () => {
    expect(snowflakeIdentifier('issue_comments')).toBe('"ISSUE_COMMENTS"');
    expect(snowflakeIdentifier('issueKey')).toBe('"ISSUEKEY"');
    expect(snowflakeIdentifier('a"b')).toBe('"A""B"');
  });

  it('flattens the ARRAY column, casting each element field; nested objects stay VARIANT', () => {
    expect(snowflakeViewSql(viewLayoutOf(NOTE_ATTACHMENTS, notesSchema))).toBe(
      [
        'CREATE OR REPLACE VIEW "NOTE_ATTACHMENTS" AS',
        'SELECT',
        '  p."ID"::NUMBER AS "NOTEID",',
        '  p."PROJECTID"::NUMBER AS "PROJECTID",',
        '  e.value:"id"::NUMBER AS "ID",',
        '  e.value:"name"::VARCHAR AS "NAME",',
        '  e.value:"size"::FLOAT AS "SIZE",',
        '  e.value:"hidden"::BOOLEAN AS "HIDDEN",',
        '  e.value:"created"::TIMESTAMP_TZ AS "CREATED",',
        '  TO_VARIANT(STRIP_NULL_VALUE(e.value:"createdUser")) AS "CREATEDUSER"',
        'FROM "NOTES" AS p,',
        '  LATERAL FLATTEN(input => p."ATTACHMENTS") AS e',
      ].join('\n'),
    );
  });
});
