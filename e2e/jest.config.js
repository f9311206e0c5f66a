/**
 * End-to-end tests: the packed @ms/rust installed into throwaway Nx workspaces, driven through
 * the `nx` CLI and compared with cargo. Run with `npm run test:e2e` (builds the plugin first).
 */
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/fixtures/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Packs the plugin and installs nx + the tarball once for the whole run.
  globalSetup: '<rootDir>/utils/global-setup.ts',
  globalTeardown: '<rootDir>/utils/global-teardown.ts',
  // Every test drives real nx and cargo processes; one at a time keeps the 2-core machine sane.
  maxWorkers: 1,
  testTimeout: 10 * 60 * 1000,
  slowTestThreshold: 60,
};
