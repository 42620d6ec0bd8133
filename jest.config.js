const typescript = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 180000,
  // Kept with the dependencies: the test run points TMPDIR at a folder it removes afterwards.
  cacheDirectory: 'node_modules/.cache/jest',
  // The second one records which file and test are running, for the overall timeout of scripts/test.mjs.
  reporters: ['default', '<rootDir>/scripts/test-progress-reporter.mjs'],
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/__tests__/e2e/', '<rootDir>/__tests__/loopback/'],
    },
    {
      // The bundled action against the fakes over 127.0.0.1 only: runs on Windows and macOS as well.
      ...typescript,
      displayName: 'loopback',
      testMatch: ['<rootDir>/__tests__/loopback/**/*.test.ts'],
    },
    {
      ...typescript,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
    },
  ],
};
