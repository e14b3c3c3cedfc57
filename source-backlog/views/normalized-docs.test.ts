import { readFileSync } from 'node:fs';
import {
  generatedNormalizedMd,
  generatedSnowflakeViewsMd,
  NORMALIZED_MD,
  SNOWFLAKE_VIEWS_MD,
} from '../../scripts/docs/views-docs';

describe('the generated views sections', () => {
  it('docs/normalized.md holds the views section npm run docs:views writes', () => {
    expect(readFileSync(NORMALIZED_MD, 'utf8')).toBe(generatedNormalizedMd());
  });

  it('docs/snowflake-views.md holds the custom-field views section npm run docs:views writes', () => {
    expect(readFileSync(SNOWFLAKE_VIEWS_MD, 'utf8')).toBe(generatedSnowflakeViewsMd());
  });
});
