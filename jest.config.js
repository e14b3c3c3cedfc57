/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/source-backlog', '<rootDir>/integration_tests'],
  testMatch: ['**/*.test.ts'],
  // Stryker's sandboxes (`npm run mutation`) hold a copy of the whole tree.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  testTimeout: 60000,
  maxWorkers: 2,
};
