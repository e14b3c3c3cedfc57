/**
 * Jest for `npm run mutation` (Stryker): the unit tests under source-backlog/ only. The
 * integration tests run the built CLI in dist/, which Stryker does not mutate, so they cannot kill
 * a mutant and would only slow every run down.
 *
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/source-backlog'],
  testMatch: ['**/*.test.ts'],
  // Type errors are the typescript checker's job (it drops type-invalid mutants before any test
  // runs), so ts-jest only transpiles each file here.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
  testTimeout: 60000,
};
