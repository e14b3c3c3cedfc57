import { readFileSync } from 'node:fs';
import { generatedNormalizedMd, NORMALIZED_MD } from '../../scripts/docs/views-docs';

describe('docs/normalized.md', () => {
  it('holds the views section npm run docs:views writes', () => {
    expect(readFileSync(NORMALIZED_MD, 'utf8')).toBe(generatedNormalizedMd());
  });
});
